"""The tamper-evident audit log: what is recorded, the hash chain, secrets and who reads it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.accounts.models import User
from laget.api.services import api_token_create
from laget.audit import recorder
from laget.audit.chain import GENESIS, content_hash, entry_hash, link_hash
from laget.audit.models import AuditAction, AuditEntry, AuditHead
from laget.audit.recorder import acting_as, record
from laget.audit.selectors import audit_entry_list
from laget.audit.services import audit_chain_seal, audit_chain_verify
from laget.geography.models import Area
from laget.geography.services import area_create, area_update
from laget.organisations.models import Collaboration, GroupMembership

WRITERS = 4
ENTRIES_PER_WRITER = 10


def _entries_for(instance: object) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            model_label=instance._meta.label, object_pk=str(instance.pk)
        ).order_by("id")
    )


def _middle_entry() -> AuditEntry:
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) > 10  # the demo has written a long chain
    return AuditEntry.objects.get(pk=ids[len(ids) // 2])


# --- what is recorded --------------------------------------------------------------------------


def test_it_records_create_update_and_delete_with_actor_and_organisation(
    fagersta, fagersta_coordinator
):
    with acting_as(fagersta_coordinator):
        area = area_create(collaboration=fagersta, name="Hembygdsgården", kind="other")
        area_update(area=area, name="Hembygdsgården", kind="other", description="Ny beskrivning")
        pk = area.pk
        area.delete()
    area.pk = pk
    entries = _entries_for(area)
    assert [e.action for e in entries] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]
    for entry in entries:
        assert entry.actor_id == fagersta_coordinator.pk
        assert entry.actor_label == "samordnare.fagersta"
        assert entry.organisation_label == "Fagersta kommun"
        assert entry.collaboration_id == fagersta.pk
    assert entries[1].data["description"] == "Ny beskrivning"
    assert audit_chain_verify().ok


def test_it_records_the_signed_in_person_as_actor_of_a_web_request(
    client_for, fagersta, fagersta_coordinator
):
    response = client_for(fagersta_coordinator).post(
        reverse("geography:area_create", kwargs={"collaboration_id": fagersta.pk}),
        {"name": "Skolgården", "kind": "other", "description": ""},
    )
    assert response.status_code == 302
    area = Area.objects.get(collaboration=fagersta, name="Skolgården")
    (entry,) = _entries_for(area)
    assert entry.action == AuditAction.CREATE
    assert entry.actor_id == fagersta_coordinator.pk
    assert entry.collaboration_id == fagersta.pk


def test_it_files_a_group_seat_under_the_collaboration_of_its_group(
    fagersta, fagersta_admin, fagersta_reporter
):
    """Seats keep no history of their own; the log is it, so the administrators must see it."""
    group = fagersta.groups.get(name="EST-gruppen")
    with acting_as(fagersta_admin):
        seat = GroupMembership.objects.create(group=group, user=fagersta_reporter)
        pk = seat.pk
        seat.delete()
    seat.pk = pk
    entries = _entries_for(seat)
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.DELETE]
    assert {e.collaboration_id for e in entries} == {fagersta.pk}
    assert set(audit_entry_list(user=fagersta_admin).filter(pk__in=[e.pk for e in entries])) == set(
        entries
    )


def test_it_files_an_organisation_under_no_single_collaboration(fagersta, fagersta_admin):
    """An organisation can be a party of several collaborations, so no one administrator owns it."""
    organisation = fagersta.parties.get(name="Fagersta kommun")
    with acting_as(fagersta_admin):
        organisation.save()
    assert _entries_for(organisation)[-1].collaboration_id is None


def test_it_records_work_outside_a_request_as_system(fagersta):
    area = area_create(collaboration=fagersta, name="Bruksparken", kind="other")
    (entry,) = _entries_for(area)
    assert entry.actor_id is None
    assert entry.actor_label == "system"


def test_it_never_writes_secrets_into_the_log(fagersta, fagersta_coordinator):
    with acting_as(fagersta_coordinator):
        user = User(username="ny.person", email="ny.person@example.invalid")
        user.set_password("ett-hemligt-losenord-2026")
        user.save()
        user.set_password("ett-annat-hemligt-losenord")
        user.save()
        device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
        token, secret = api_token_create(user=user, name="integration")
    logged = json.dumps(
        list(AuditEntry.objects.values_list("data", "object_repr")), ensure_ascii=False
    )
    for value in (user.password, device.key, token.key_hash, secret):
        assert value not in logged
    assert _entries_for(device)  # the device itself is audited …
    assert "key" not in _entries_for(device)[0].data  # … without its key
    assert "password" not in _entries_for(user)[-1].data
    assert "key_hash" not in _entries_for(token)[0].data


def test_it_replaces_large_values_by_their_digest_and_keeps_small_ones(fagersta):
    """A long description or a boundary is logged as its SHA-256 and size; short values,
    including text just under the limit, as they are."""
    short = "å" * 300  # 6 × 300 + 2 ≤ 2000: kept without encoding it to measure
    area = area_create(collaboration=fagersta, name="Lång", kind="other", description=short)
    assert _entries_for(area)[-1].data["description"] == short
    long = "\n" * 400  # each newline is two characters in JSON: 802, still small
    area_update(area=area, name="Lång", kind="other", description=long)
    assert _entries_for(area)[-1].data["description"] == long
    huge = "\n" * 1000  # 2 002 characters in JSON: over the limit
    area_update(area=area, name="Lång", kind="other", description=huge)
    logged = _entries_for(area)[-1].data["description"]
    text = json.dumps(huge, ensure_ascii=False)
    assert logged == {"sha256": hashlib.sha256(text.encode()).hexdigest(), "size": len(text)}


# --- the hash chain ----------------------------------------------------------------------------


def test_it_verifies_the_demo_chain(demo, capsys):
    call_command("audit", "verify")
    result = audit_chain_verify()
    assert result.ok
    assert result.checked == AuditEntry.objects.count() == AuditHead.objects.get().count
    assert f"{result.checked} entries verified" in capsys.readouterr().out


def test_it_detects_a_changed_entry(demo):
    entry = _middle_entry()
    AuditEntry.objects.filter(pk=entry.pk).update(data={"name": "Något annat"})
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_at == entry.pk
    assert result.reason == "content"
    with pytest.raises(CommandError, match=f"BROKEN at entry {entry.pk} "):
        call_command("audit", "verify")


def test_it_detects_a_changed_actor(demo):
    entry = _middle_entry()
    AuditEntry.objects.filter(pk=entry.pk).update(actor_label="någon.annan")
    result = audit_chain_verify()
    assert (result.ok, result.broken_at, result.reason) == (False, entry.pk, "content")


def test_it_detects_a_removed_entry_in_the_middle(demo):
    entry = _middle_entry()
    following = AuditEntry.objects.filter(id__gt=entry.pk).order_by("id").first()
    AuditEntry.objects.filter(pk=entry.pk).delete()
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_at == following.pk
    assert result.reason == "link"
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit", "verify")


def test_it_detects_a_removed_last_entry(demo):
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("-id").first().pk).delete()
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_at is None
    assert result.reason == "truncated"
    with pytest.raises(CommandError, match="the end of the chain"):
        call_command("audit", "verify")


def _fields(entry: AuditEntry, **changes: Any) -> dict[str, Any]:
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
    return {**fields, **changes}


def test_it_detects_a_rehashed_entry(demo):
    """Recomputing the changed entry's own hashes still breaks the link to the next one."""
    entry = _middle_entry()
    assert entry.content_hash  # the demo is recorded in two steps
    forged_content = content_hash(_fields(entry, model_label="forfalskad.Modell"))
    AuditEntry.objects.filter(pk=entry.pk).update(
        model_label="forfalskad.Modell",
        content_hash=forged_content,
        hash=link_hash(prev_hash=entry.prev_hash, content=forged_content),
    )
    result = audit_chain_verify()
    assert not result.ok
    assert result.reason == "link"
    assert result.broken_at == AuditEntry.objects.filter(seq__gt=entry.seq).order_by("seq")[0].pk


def test_it_detects_a_changed_content_hash(demo):
    entry = _middle_entry()
    AuditEntry.objects.filter(pk=entry.pk).update(content_hash="f" * 64)
    result = audit_chain_verify()
    assert (result.ok, result.broken_at, result.reason) == (False, entry.pk, "content")


def test_it_detects_a_sealed_entry_passed_off_as_unsealed(demo):
    """Clearing an entry's place in the chain leaves a gap that the next entry's link shows,
    even after the entry has been sealed again at the end."""
    entry = _middle_entry()
    following = AuditEntry.objects.filter(seq__gt=entry.seq).order_by("seq").first()
    AuditEntry.objects.filter(pk=entry.pk).update(seq=None, prev_hash="", hash=None)
    result = audit_chain_verify()
    assert (result.ok, result.broken_at, result.reason) == (False, following.pk, "link")
    audit_chain_seal()
    assert AuditEntry.objects.get(pk=entry.pk).seq == AuditHead.objects.get().count
    result = audit_chain_verify()
    assert (result.ok, result.broken_at, result.reason) == (False, following.pk, "link")


def test_it_detects_a_legacy_entry_changed(demo):
    """Entries hashed in one step (before two-step sealing) are still verified their way."""
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    previous = GENESIS
    for n in range(3):
        fields = {
            "at": timezone.now().isoformat(),
            "actor_id": None,
            "actor_label": "system",
            "organisation_label": "",
            "collaboration_id": None,
            "action": AuditAction.BULK,
            "model_label": "legacy.Entry",
            "object_pk": str(n),
            "object_repr": f"legacy {n}",
            "data": {"n": n},
        }
        digest = entry_hash(prev_hash=previous, fields=fields)
        AuditEntry.objects.create(seq=n + 1, prev_hash=previous, hash=digest, **fields)
        previous = digest
    AuditHead.objects.create(pk=1, last_hash=previous, count=3)
    record(action=AuditAction.BULK, model_label="new.Entry", data={"after": "legacy"})
    audit_chain_seal()
    result = audit_chain_verify()
    assert (result.ok, result.checked, result.pending) == (True, 4, 0)
    assert AuditEntry.objects.get(seq=4).prev_hash == previous
    AuditEntry.objects.filter(seq=2).update(object_repr="ändrad")
    result = audit_chain_verify()
    assert (result.ok, result.broken_at, result.reason) == (
        False,
        AuditEntry.objects.get(seq=2).pk,
        "content",
    )


# --- two steps: recorded in the transaction, sealed after its commit ----------------------------


def test_an_entry_is_recorded_unsealed_and_sealed_after_the_commit(
    fagersta, fagersta_coordinator, django_capture_on_commit_callbacks
):
    head_before = AuditHead.objects.get()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
        acting_as(fagersta_coordinator),
    ):
        area = area_create(collaboration=fagersta, name="Hembygdsgården", kind="other")
        area_update(area=area, name="Hembygdsgården", kind="other", description="Ny")
        entries = _entries_for(area)
        assert len(entries) == 2
        # Recorded with the hash of their content, not yet in the chain: no lock was taken.
        assert [e.seq for e in entries] == [None, None]
        assert [e.hash for e in entries] == [None, None]
        assert AuditHead.objects.get().count == head_before.count
    assert len(callbacks) == 1  # one seal per transaction, however many entries
    first, second = _entries_for(area)
    assert (first.seq, second.seq) == (head_before.count + 1, head_before.count + 2)
    assert first.prev_hash == head_before.last_hash
    assert first.hash == link_hash(prev_hash=head_before.last_hash, content=first.content_hash)
    assert second.prev_hash == first.hash
    head = AuditHead.objects.get()
    assert (head.last_hash, head.count) == (second.hash, second.seq)
    result = audit_chain_verify()
    assert (result.ok, result.pending) == (True, 0)


def test_a_rolled_back_change_leaves_no_entry_and_no_seal(
    fagersta, django_capture_on_commit_callbacks
):
    count = AuditEntry.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        area_create(collaboration=fagersta, name="Försvinner", kind="other")
        raise RuntimeError
    assert callbacks == []
    assert AuditEntry.objects.count() == count


def test_a_failing_seal_never_fails_the_change(
    fagersta, django_capture_on_commit_callbacks, monkeypatch, capsys
):
    """The change and its entry are committed; the next seal chains the entry."""

    def broken(*args: Any, **kwargs: Any) -> int:
        raise DatabaseError("the seal failed")

    monkeypatch.setattr(recorder, "seal", broken)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        area = area_create(collaboration=fagersta, name="Väntar", kind="other")
    (entry,) = _entries_for(area)
    assert entry.seq is None
    result = audit_chain_verify()
    assert (result.ok, result.pending) == (True, 1)
    monkeypatch.undo()
    call_command("audit", "verify")
    assert "entries verified" in capsys.readouterr().out
    assert _entries_for(area)[0].seq == AuditHead.objects.get().count


def test_the_seal_command_seals_what_is_pending(fagersta, capsys):
    area_create(
        collaboration=fagersta, name="Bruksgatan", kind="other"
    )  # in the test's transaction
    pending = AuditEntry.objects.filter(seq__isnull=True).count()
    assert pending >= 1
    call_command("audit", "verify", "--no-seal")
    assert f"{pending} entries are not sealed yet" in capsys.readouterr().out
    call_command("audit", "seal")
    assert f"Sealed {pending} audit entries." in capsys.readouterr().out
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()
    assert audit_chain_verify().ok


def test_both_sealers_write_the_same_chain(fagersta):
    """PostgreSQL seals in SQL, other databases in Python: the same hashes either way."""
    area_create(collaboration=fagersta, name="Ett", kind="other")
    recorder._seal_in_python("default")
    area_create(collaboration=fagersta, name="Två", kind="other")
    recorder.seal()
    result = audit_chain_verify()
    assert (result.ok, result.pending) == (True, 0)
    assert result.checked == AuditEntry.objects.count() == AuditHead.objects.get().count


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_break_the_chain(demo):
    """Writers in parallel threads, each in its own transaction, commit without waiting for
    the chain's head; every entry ends up sealed exactly once, in one unbroken chain.

    SQLite's in-memory test database admits one writer at a time, so there the threads take
    turns (the chain's logic is the same; PostgreSQL runs them truly in parallel).
    """
    collaboration = Collaboration.objects.get(slug="fagersta")
    before = AuditEntry.objects.count()
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(ENTRIES_PER_WRITER):
                with turns, transaction.atomic():
                    area_create(collaboration=collaboration, name=f"Tråd {n}-{i}", kind="other")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == before + WRITERS * ENTRIES_PER_WRITER
    result = audit_chain_verify()
    assert (result.ok, result.pending) == (True, 0)
    assert result.checked == AuditEntry.objects.count()


# --- who reads the log -------------------------------------------------------------------------


def test_it_shows_a_collaboration_administrator_only_their_collaboration(
    client_for, fagersta_admin, fagersta
):
    response = client_for(fagersta_admin).get(reverse("audit:entry_list"))
    assert response.status_code == 200
    shown = list(response.context["page"].object_list)
    assert shown
    assert {e.collaboration_id for e in shown} == {fagersta.pk}
    assert not audit_entry_list(user=fagersta_admin).exclude(collaboration_id=fagersta.pk).exists()
    assert response.context["verification"] is None  # the whole chain is for superusers


def test_it_shows_another_administrator_nothing_of_fagersta(client_for, fagersta, ludvika):
    admin = User.objects.get(username="admin.ludvika")
    response = client_for(admin).get(reverse("audit:entry_list"))
    assert response.status_code == 200
    assert {e.collaboration_id for e in response.context["page"].object_list} == {ludvika.pk}


@pytest.mark.parametrize(
    "username",
    ["samordnare.fagersta", "polis.fagersta", "samordnare.ludvika", "regional.vastmanland"],
)
def test_it_hides_the_log_from_everyone_else(client_for, username, demo):
    response = client_for(User.objects.get(username=username)).get(reverse("audit:entry_list"))
    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(demo):
    response = Client().get(reverse("audit:entry_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_a_superuser_the_whole_log_and_the_state_of_the_chain(client_for, demo):
    superuser = User.objects.create(
        username="drift", email="drift@example.invalid", is_superuser=True, is_staff=True
    )
    response = client_for(superuser).get(reverse("audit:entry_list"))
    assert response.status_code == 200
    assert response.context["verification"].ok
    assert response.context["page"].paginator.count == AuditEntry.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_sealer_thread_seals_many_commits_at_once(demo, settings, monkeypatch):
    """``AUDIT_SEAL_DELAY_MS``: requests no longer seal; the process's sealer thread chains
    everything committed, soon after, in a few seals instead of one per commit."""
    collaboration = Collaboration.objects.get(slug="fagersta")
    settings.AUDIT_SEAL_DELAY_MS = 100
    monkeypatch.setattr(recorder, "SEALER_IDLE_SECONDS", 0.2)
    seals: list[int] = []
    real_seal = recorder.seal
    monkeypatch.setattr(recorder, "seal", lambda *a, **k: seals.append(real_seal(*a, **k)) or 0)
    for n in range(10):  # ten transactions, each committed before the next
        area_create(collaboration=collaboration, name=f"Område {n}", kind="other")
    sealer = recorder._BackgroundSealer.for_process()
    for _ in range(100):  # without touching the database while the thread may write
        if sum(seals) >= 10 and sealer.idle.wait(timeout=0.1):
            break
        time.sleep(0.05)
    assert sum(seals) == 10
    assert 1 <= len(seals) < 10  # many commits per seal
    assert sealer.idle.is_set()  # its connection is closed again
    result = audit_chain_verify()
    assert (result.ok, result.pending) == (True, 0)
