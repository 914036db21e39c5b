"""The tamper-evident audit log: what is recorded, the hash chain, secrets and who reads it."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.accounts.models import User
from laget.api.services import api_token_create
from laget.audit.models import AuditAction, AuditEntry, AuditHead
from laget.audit.recorder import acting_as
from laget.audit.selectors import audit_entry_list
from laget.audit.services import audit_chain_verify
from laget.geography.models import Area
from laget.geography.services import area_create, area_update
from laget.organisations.models import GroupMembership


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


def test_it_detects_a_rehashed_entry(demo):
    """Recomputing the changed entry's own hash still breaks the link to the next one."""
    from laget.audit.chain import entry_hash

    entry = _middle_entry()
    fields = {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "organisation_label": entry.organisation_label,
        "collaboration_id": entry.collaboration_id,
        "action": entry.action,
        "model_label": "forfalskad.Modell",
        "object_pk": entry.object_pk,
        "object_repr": entry.object_repr,
        "data": entry.data,
    }
    forged = entry_hash(prev_hash=entry.prev_hash, fields=fields)
    AuditEntry.objects.filter(pk=entry.pk).update(model_label="forfalskad.Modell", hash=forged)
    result = audit_chain_verify()
    assert not result.ok
    assert result.reason == "link"
    assert result.broken_at == AuditEntry.objects.filter(id__gt=entry.pk).order_by("id")[0].pk


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
