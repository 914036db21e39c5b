"""Writing the audit log: model signals for create/update/delete, explicit calls for reads.

The acting person is taken from a context variable that ``AuditActorMiddleware`` sets for each
request; management commands and background work are recorded as ``system``. Entries are
recorded inside the caller's transaction and sealed into the hash chain after it commits
(``seal``; see ``laget.audit.chain``).
"""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from laget.api.prepared import statement_cursor
from laget.audit.chain import GENESIS, canonical, content_hash, link_hash
from laget.audit.models import AuditAction, AuditEntry, AuditHead

logger = logging.getLogger(__name__)

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


def _surely_small(value: Any) -> bool:
    """True when ``value``'s JSON cannot exceed ``LARGE_VALUE_LIMIT`` (no need to encode it to
    find out): an entry is written with every audited change, so this runs for every field."""
    if value is None or isinstance(value, bool | float | datetime.date | datetime.time):
        return True
    if isinstance(value, int):
        return abs(value) < 10**100
    # A character takes at most six in JSON (\uXXXX), plus the two quotes.
    return isinstance(value, str) and 6 * len(value) + 2 <= LARGE_VALUE_LIMIT


def _snapshot(instance: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    # A model may name fields the log must not keep either (``audit_omit_fields``): a citizen's
    # e-mail address on a tip is blanked when the tip is closed, and the log must not outlive it.
    omitted = SECRET_FIELDS.union(getattr(type(instance), "audit_omit_fields", ()))
    for field in instance._meta.concrete_fields:
        if field.name in omitted:
            continue
        value = field.value_from_object(instance)
        if _surely_small(value):
            data[field.attname] = value
            continue
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
    """Record one entry (inside the caller's transaction, if any); it is sealed into the chain
    as soon as that transaction has committed (``seal``).

    Recording takes no lock, so concurrent writers do not wait for each other; the head's lock
    is taken only by the short sealing step after the commit.
    """
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
    entry = AuditEntry(
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
        content_hash=content_hash(fields),
    )
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # No savepoint of its own (two statements fewer per entry): should the insert fail,
        # the caller's whole transaction is marked for rollback, so an audited write can never
        # commit without its entry, even if the caller catches the error.
        with transaction.atomic(savepoint=False):
            _insert(entry, connection)
        _seal_after_commit(connection)
    else:
        _insert(entry, connection)  # committed at once
        _seal_quietly()
    return entry


def _insert(instance: models.Model, connection: Any) -> None:
    """The INSERT of a new row of ``instance``'s model, its SQL built once per connection and
    model: an audit entry is written with every audited change, and a report with every
    intake, so these inserts are on the hot paths. Each value goes through its field's
    ``pre_save`` (``auto_now_add``) and ``get_db_prep_save``, as ``Model.save`` would send it.
    """
    model = type(instance)
    statements: dict[type[models.Model], tuple[str, list[Any], bool]] = (
        connection.__dict__.setdefault("_laget_inserts", {})
    )
    statement = statements.get(model)
    if statement is None:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if not f.generated and not f.primary_key]
        quote = connection.ops.quote_name
        sql = (  # names from the model's metadata, values as parameters
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        returning = connection.features.can_return_columns_from_insert
        if returning:
            sql += f" RETURNING {quote(meta.pk.column)}"
        statement = statements[model] = (sql, fields, returning)
    sql, fields, returning = statement
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        if returning:
            instance.pk = cursor.fetchone()[0]
        else:
            instance.pk = connection.ops.last_insert_id(
                cursor, model._meta.db_table, model._meta.pk.column
            )
    instance._state.adding = False
    instance._state.db = connection.alias


def insert_new(instance: models.Model, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """``instance.save()`` for a new object, with its INSERT built once per connection.

    For models with an automatic primary key, no parent models and nothing else returned by
    the insert (``save`` is used otherwise). The same checks of related objects run, and the
    same ``pre_save``/``post_save`` signals are sent (so the change is audited as usual).
    """
    meta = instance._meta
    if (
        meta.parents
        or meta.auto_created
        or instance.pk is not None
        or meta.auto_field is None
        or meta.db_returning_fields != [meta.pk]
    ):
        instance.save(using=using)
        return
    instance._prepare_related_fields_for_save(operation_name="save")
    model = type(instance)
    pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    with transaction.mark_for_rollback_on_error(using=using):
        _insert(instance, connections[using])
    post_save.send(
        sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using
    )


# --- sealing ------------------------------------------------------------------------------------


def seal(using: str = DEFAULT_DB_ALIAS) -> int:
    """Chain every committed, unsealed entry onto the head, in id order; returns how many.

    Safe to call at any time and from any number of processes at once: the sealers queue on
    the head's row lock, and each one reads what is left to seal only after it holds the lock.
    An entry whose transaction has not committed yet is invisible here and is sealed by the
    call after that commit. On PostgreSQL the whole step is one call of the SQL function
    ``laget_audit_seal`` (one round trip, the lock held for well under a millisecond); on other
    databases it runs here, with the same hashes.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with statement_cursor(connection) as cursor:
            # Outside a transaction the seal may commit asynchronously: the entries it seals
            # are already durable, and a seal lost in a crash is simply done again by the
            # next one. Inside a caller's transaction, never change how that commits.
            cursor.execute("SELECT laget_audit_seal(%s)", [not connection.in_atomic_block])
            row = cursor.fetchone()
        return int(row[0]) if row else 0
    return _seal_in_python(using)


def _seal_in_python(using: str) -> int:
    heads = AuditHead.objects.using(using)
    with transaction.atomic(using=using):
        # Write before reading: on SQLite this takes the database's write lock, so that two
        # sealers can never read the same head; elsewhere it locks the head's row.
        if not heads.filter(pk=1).update(count=F("count")):
            heads.get_or_create(pk=1, defaults={"last_hash": GENESIS, "count": 0})
        head = heads.select_for_update().get(pk=1)
        pending = list(
            AuditEntry.objects.using(using)
            .filter(seq__isnull=True)
            .order_by("id")
            .values_list("id", "content_hash")
        )
        last, count = head.last_hash, head.count
        for pk, content in pending:
            digest = link_hash(prev_hash=last, content=content)
            count += 1
            AuditEntry.objects.using(using).filter(pk=pk).update(
                seq=count, prev_hash=last, hash=digest
            )
            last = digest
        if pending:
            heads.filter(pk=1).update(last_hash=last, count=count)
    return len(pending)


def _seal_quietly() -> None:
    """Seal what has just been committed: now, or (``AUDIT_SEAL_DELAY_MS``) through the
    process's sealer thread. A failure is logged, not raised: the entry is stored and the next
    seal (or ``laget audit verify``) chains it."""
    if settings.AUDIT_SEAL_DELAY_MS > 0:
        _BackgroundSealer.for_process().request()
        return
    try:
        seal()
    except Exception:  # a committed change must never fail because its seal did
        logger.exception("Sealing the audit chain failed; the next seal will catch up.")


#: A sealer thread with nothing to do closes its database connection after this long.
SEALER_IDLE_SECONDS = 30.0


class _BackgroundSealer:
    """One thread per process that seals, at most ``AUDIT_SEAL_DELAY_MS`` after a commit,
    everything committed until then: under load one seal serves many writes, and no request
    waits for it. Started on first use (so never before a server forks its workers).

    Why nothing is missed: a writer calls ``request()`` after its commit; the thread clears
    the request *before* it seals, so a request made before the clearing is covered by that
    seal (which starts after the commit), and one made after it wakes the thread again.
    """

    _instance: _BackgroundSealer | None = None
    _create = threading.Lock()

    def __init__(self) -> None:
        self._requested = threading.Event()
        self.idle = threading.Event()  # set while the thread has no connection open
        self._thread = threading.Thread(target=self._run, name="laget-audit-sealer", daemon=True)
        self._thread.start()

    @classmethod
    def for_process(cls) -> _BackgroundSealer:
        with cls._create:
            if cls._instance is None or not cls._instance._thread.is_alive():
                cls._instance = cls()
            return cls._instance

    def request(self) -> None:
        self._requested.set()

    def _run(self) -> None:
        while True:
            if not self._requested.wait(timeout=SEALER_IDLE_SECONDS):
                connections[DEFAULT_DB_ALIAS].close()  # nothing to do for a while
                self.idle.set()
                continue
            self.idle.clear()
            time.sleep(settings.AUDIT_SEAL_DELAY_MS / 1000)  # let more commits gather
            self._requested.clear()
            try:
                connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
                seal()
            except Exception:  # the entries stay recorded; the next seal chains them
                logger.exception("Sealing the audit chain failed; the next seal will catch up.")


def _seal_after_commit(connection: Any) -> None:
    """Seal once when the current (outermost) transaction commits, however many entries it
    records."""
    registered = getattr(connection, "run_on_commit", None) or []
    if any(callback is _seal_quietly for _savepoints, callback, *_rest in registered):
        return
    transaction.on_commit(_seal_quietly, using=connection.alias)


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
