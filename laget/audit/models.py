"""The tamper-evident audit log.

Every entry carries the SHA-256 hash of its own content and of the entry before it, so that
changing, removing or inserting an entry breaks the chain; ``laget audit verify`` walks it.
No library we evaluated (django-auditlog, django-simple-history) offers a hash chain, so the
log is written here, in one small app (STYLE.md §20).

An entry is written in two steps so that writers never wait for each other inside their own
transactions: it is *recorded* (inserted with the hash of its content) in the transaction of
the change it describes, and *sealed* (given its place in the chain and its link hash) right
after that transaction commits, by ``laget.audit.recorder.seal`` under the head's lock.
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
    #: SHA-256 of the entry's content, set when it is recorded; empty for entries written
    #: before two-step sealing (their ``hash`` covers content and link in one step).
    content_hash = models.CharField(max_length=64, blank=True)
    #: The entry's position in the chain (1, 2, …), NULL until it is sealed.
    seq = models.BigIntegerField(null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    # NULL, not "", until sealed: the unique constraint must ignore unsealed entries.
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            # The sealer's "what is left to seal?" reads only this (small) partial index.
            models.Index(
                fields=["id"], condition=models.Q(seq__isnull=True), name="audit_entry_unsealed"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.model_label}"


class AuditHead(models.Model):
    """A single row holding the newest hash and the number of sealed entries; locking it
    serialises the sealers (never the writers of the audited changes)."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.count} entries, head {self.last_hash[:12]}"
