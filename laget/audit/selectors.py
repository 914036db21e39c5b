"""Who may read which part of the audit log."""

from typing import Any

from django.db.models import QuerySet

from laget import access
from laget.audit.models import AuditEntry
from laget.organisations.choices import Role


def audit_entry_list(*, user: Any) -> QuerySet[AuditEntry]:
    """Superusers read the whole log; a collaboration's administrators read its entries."""
    scope = access.scope_for(user)
    if scope.is_superuser:
        return AuditEntry.objects.all()
    administered = [cid for cid, roles in scope.roles.items() if Role.ADMINISTRATOR in roles]
    return AuditEntry.objects.filter(collaboration_id__in=administered)
