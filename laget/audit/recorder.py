"""Writing the audit log: model signals for create/update/delete, explicit calls for reads.

The acting person is taken from a context variable that ``AuditActorMiddleware`` sets for each
request; management commands and background work are recorded as ``system``.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from laget.audit.chain import GENESIS, canonical, entry_hash
from laget.audit.models import AuditAction, AuditEntry, AuditHead

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("laget_audit_actor", default=None)

#: Fields never copied into the log (secrets), or replaced by a digest (large geometry).
SECRET_FIELDS = frozenset({"password", "key", "key_hash", "secret", "bin_key", "token"})
LARGE_VALUE_LIMIT = 2000
#: Third-party models whose changes matter for security and are therefore audited too.
EXTRA_AUDITED = frozenset({"otp_totp.TOTPDevice"})


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record everything inside the block as done by ``user``."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def set_actor(user: Any) -> contextvars.Token[Any]:
    return _actor.set(user)


def reset_actor(token: contextvars.Token[Any]) -> None:
    _actor.reset(token)


def _is_audited(model: type[models.Model]) -> bool:
    meta = model._meta
    if meta.label in EXTRA_AUDITED:
        return True
    return meta.app_config.name.startswith("laget.") and meta.app_label != "audit"


def _snapshot(instance: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = field.value_from_object(instance)
        text = json.dumps(value, default=str, ensure_ascii=False)
        if len(text) > LARGE_VALUE_LIMIT:
            value = {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "size": len(text)}
        data[field.attname] = value
    return canonical(data)


def _collaboration_id(instance: models.Model) -> int | None:
    """The collaboration an object belongs to, so that its administrators see the entry.

    Follows the object's path in ``laget.access.TENANT_PATHS`` (e.g. a group seat through its
    group); objects reached only through a many-to-many link (organisations) belong to none.
    """
    from laget.access import TENANT_PATHS

    if instance._meta.label == "organisations.Collaboration":
        return int(instance.pk)
    path = TENANT_PATHS.get(instance._meta.label, "collaboration").split("__")
    target: Any = instance
    try:
        for step in path[:-1]:
            target = getattr(target, step)
    except ObjectDoesNotExist:
        return None
    value = getattr(target, f"{path[-1]}_id", None)
    return int(value) if isinstance(value, int) else None


def _actor_labels(user: Any) -> tuple[Any, str, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "system", ""
    # Looked up once per user object (i.e. once per request), not once per audited write.
    # ``laget.access.active_memberships`` fills it in from the scope's query when it runs first.
    organisation = getattr(user, "_laget_audit_organisation", None)
    if organisation is None:
        membership = user.memberships.filter(is_active=True).select_related("organisation").first()
        organisation = membership.organisation.name if membership is not None else ""
        user._laget_audit_organisation = organisation
    return user, user.get_username(), organisation


def record(
    *,
    action: str,
    model_label: str,
    object_pk: Any = "",
    object_repr: str = "",
    collaboration_id: int | None = None,
    data: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEntry:
    """Append one entry to the chain (inside the caller's transaction, if any)."""
    user, actor_label, organisation_label = _actor_labels(
        actor if actor is not None else _actor.get()
    )
    fields = {
        "at": timezone.now().isoformat(),
        "actor_id": user.pk if user is not None else None,
        "actor_label": actor_label,
        "organisation_label": organisation_label,
        "collaboration_id": collaboration_id,
        "action": action,
        "model_label": model_label,
        "object_pk": str(object_pk),
        "object_repr": object_repr[:200],
        "data": canonical(data or {}),
    }
    # Inside a caller's transaction no savepoint of its own (two statements fewer per entry):
    # should anything here fail, the caller's whole transaction is marked for rollback, so an
    # audited write can never commit without its entry, even if the caller catches the error.
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, last_hash=GENESIS, count=0)
            head = AuditHead.objects.select_for_update().get(pk=1)
        digest = entry_hash(prev_hash=head.last_hash, fields=fields)
        entry = AuditEntry.objects.create(
            at=fields["at"],
            actor_id=fields["actor_id"],
            actor_label=actor_label,
            organisation_label=organisation_label,
            collaboration_id=collaboration_id,
            action=action,
            model_label=model_label,
            object_pk=fields["object_pk"],
            object_repr=fields["object_repr"],
            data=fields["data"],
            prev_hash=head.last_hash,
            hash=digest,
        )
        head.last_hash = digest
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return entry


def record_read(*, user: Any, instance: models.Model) -> None:
    """Log that ``user`` read a *begränsad* object."""
    record(
        action=AuditAction.READ,
        model_label=instance._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        collaboration_id=_collaboration_id(instance),
        actor=user,
    )


def _on_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        model_label=sender._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        collaboration_id=_collaboration_id(instance),
        data=_snapshot(instance),
    )


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    record(
        action=AuditAction.DELETE,
        model_label=sender._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        collaboration_id=_collaboration_id(instance),
        data=_snapshot(instance),
    )


def _on_m2m(sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any) -> None:
    """Record changes of many-to-many links (e.g. an organisation joining a collaboration)."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    record(
        action=AuditAction.UPDATE,
        model_label=instance._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        collaboration_id=_collaboration_id(instance),
        data={
            "link": field,
            "change": action.removeprefix("post_"),
            "ids": sorted(kwargs.get("pk_set") or []),
        },
    )


def connect_signals() -> None:
    for model in apps.get_models():
        if not _is_audited(model):
            continue
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_m2m, sender=through, dispatch_uid=f"audit-m2m-{through._meta.label}"
            )
        post_save.connect(_on_save, sender=model, dispatch_uid=f"audit-save-{model._meta.label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"audit-del-{model._meta.label}")
