"""Checking the audit chain."""

from laget.audit.chain import GENESIS, VerifyResult, entry_hash
from laget.audit.models import AuditEntry, AuditHead


def audit_chain_verify() -> VerifyResult:
    """Walk the whole chain in order; report the first entry whose hash or link is wrong."""
    previous = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != previous:
            return VerifyResult(False, checked, entry.id, "link")
        fields = {
            "at": entry.at.isoformat(),
            "actor_id": entry.actor_id,
            "actor_label": entry.actor_label,
            "organisation_label": entry.organisation_label,
            "collaboration_id": entry.collaboration_id,
            "action": entry.action,
            "model_label": entry.model_label,
            "object_pk": entry.object_pk,
            "object_repr": entry.object_repr,
            "data": entry.data,
        }
        if entry_hash(prev_hash=entry.prev_hash, fields=fields) != entry.hash:
            return VerifyResult(False, checked, entry.id, "content")
        previous = entry.hash
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.count != checked):
        return VerifyResult(False, checked, None, "truncated")
    return VerifyResult(True, checked)
