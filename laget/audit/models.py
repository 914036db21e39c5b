"""The tamper-evident audit log.

Every entry carries the SHA-256 hash of its own content and of the entry before it, so that
changing, removing or inserting an entry breaks the chain; ``laget audit verify`` walks it.
No library we evaluated (django-auditlog, django-simple-history) offers a hash chain, so the
log is written here, in one small app (STYLE.md §20).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    READ = "read", _("Read restricted information")
    BULK = "bulk", _("Bulk operation")


class AuditEntry(models.Model):
    """One recorded event: who did what to which object, when, on behalf of which organisation."""

    at = models.DateTimeField(_("time"), db_index=True)
    # A plain number, not a foreign key: deleting a user must not rewrite hashed entries.
    actor_id = models.BigIntegerField(_("actor id"), null=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=200)
    organisation_label = models.CharField(_("organisation"), max_length=200, blank=True)
    collaboration_id = models.BigIntegerField(_("collaboration"), null=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    model_label = models.CharField(_("object type"), max_length=100)
    object_pk = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.model_label}"


class AuditHead(models.Model):
    """A single row holding the newest hash; locking it serialises writers of the chain."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.count} entries, head {self.last_hash[:12]}"
