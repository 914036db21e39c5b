"""Sealing and checking the audit chain."""

from laget.audit import recorder
from laget.audit.chain import GENESIS, VerifyResult, content_hash, entry_hash, link_hash
from laget.audit.models import AuditEntry, AuditHead


def audit_chain_seal() -> int:
    """Seal every committed entry that is not sealed yet; returns how many were sealed."""
    return recorder.seal()


def audit_chain_verify() -> VerifyResult:
    """Walk the sealed chain in order; report the first entry whose hash or link is wrong.

    Entries recorded but not sealed yet are counted in ``pending`` (``laget audit verify``
    seals them first).
    """
    previous = GENESIS
    checked = 0
    sealed = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    for entry in sealed.iterator(chunk_size=2000):
        if entry.seq != checked + 1 or entry.prev_hash != previous:
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
        if entry.content_hash:
            intact = content_hash(fields) == entry.content_hash and entry.hash == link_hash(
                prev_hash=entry.prev_hash, content=entry.content_hash
            )
        else:  # written before two-step sealing: content and link in one hash
            intact = entry_hash(prev_hash=entry.prev_hash, fields=fields) == entry.hash
        if not intact:
            return VerifyResult(False, checked, entry.id, "content")
        previous = entry.hash or ""
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.count != checked):
        return VerifyResult(False, checked, None, "truncated")
    pending = AuditEntry.objects.filter(seq__isnull=True).count()
    return VerifyResult(True, checked, pending=pending)
