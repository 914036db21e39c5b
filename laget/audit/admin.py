from django.contrib import admin

from laget.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log may be inspected, never edited, from the admin."""

    list_display = ["at", "actor_label", "action", "model_label", "object_pk", "object_repr"]
    list_filter = ["action", "model_label"]
    search_fields = ["actor_label", "object_repr"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
