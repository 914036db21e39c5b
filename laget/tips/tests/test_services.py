"""Writes of citizen tips: submission checks (nothing stored on bad input) and moderation."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from laget.audit.models import AuditEntry
from laget.tips import services
from laget.tips.choices import TipChannel, TipStatus
from laget.tips.models import Tip
from laget.tips.tests.places import FAGERSTA_CENTRUM, LUDVIKA_CENTRUM, OSLO

pytestmark = pytest.mark.django_db


def _submit(collaboration, **changes):
    data = {
        "collaboration": collaboration,
        "service": "klotter",
        "text": "Klotter på busskuren vid torget.",
        "lat": FAGERSTA_CENTRUM[0],
        "lon": FAGERSTA_CENTRUM[1],
    }
    data.update(changes)
    return services.tip_submit(**data)


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_a_valid_tip_is_stored_pending_with_its_area_and_a_random_reference(fagersta):
    tip = _submit(fagersta, email=" medborgare@example.se ")
    assert tip.status == TipStatus.PENDING
    assert tip.area is not None and tip.area.name == "Centrum"
    assert tip.email == "medborgare@example.se"
    assert len(tip.public_id) == 16 and tip.public_id != str(tip.pk)
    assert _submit(fagersta).public_id != tip.public_id


def test_a_tip_may_give_the_place_in_words_instead_of_a_point(fagersta):
    tip = _submit(fagersta, lat="", lon="", place_text="Gångtunneln vid stationen")
    assert tip.lat is None and tip.area is None
    assert tip.place_text == "Gångtunneln vid stationen"


def test_decimal_commas_are_read(fagersta):
    tip = _submit(fagersta, lat="60,0040", lon="15,7940")
    assert tip.lat == pytest.approx(60.004)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"service": ""}, "service", "required"),
        ({"service": "bilbrand"}, "service", "unknown_service"),
        ({"text": "   "}, "text", "required"),
        ({"text": "x" * 2001}, "text", "too_long"),
        ({"text": "Ring mig på 070-123 45 67 om klottret."}, "text", "personal_data"),
        ({"text": "Det var han med personnummer 19811218-9876."}, "text", "personal_data"),
        ({"text": "Skriv till kalle@example.se"}, "text", "personal_data"),
        ({"place_text": "Utanför ABC 123"}, "place_text", "personal_data"),
        ({"lat": "", "lon": ""}, "location", "location_required"),
        ({"lat": FAGERSTA_CENTRUM[0], "lon": ""}, "location", "incomplete"),
        ({"lat": "norr", "lon": "öster"}, "location", "invalid"),
        ({"lat": "nan", "lon": "15.79"}, "location", "invalid"),
        ({"lat": OSLO[0], "lon": OSLO[1]}, "location", "outside_sweden"),
        ({"lat": "0", "lon": "0"}, "location", "outside_sweden"),
        (
            {"lat": LUDVIKA_CENTRUM[0], "lon": LUDVIKA_CENTRUM[1]},
            "location",
            "outside_municipality",
        ),
        ({"email": "inte-en-adress"}, "email", "invalid"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(fagersta, changes, field, code):
    before = Tip.objects.count()
    with pytest.raises(ValidationError) as caught:
        _submit(fagersta, **changes)
    assert code in _codes(caught.value)[field]
    assert Tip.objects.count() == before


def test_every_error_is_reported_at_once(fagersta):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _submit(fagersta, service="okänd", text="", lat=OSLO[0], lon=OSLO[1])
    codes = _codes(caught.value)
    assert codes == {
        "service": ["unknown_service"],
        "text": ["required"],
        "location": ["outside_sweden"],
    }
    assert "outside Sweden" in caught.value.message_dict["location"][0]


def test_moderators_are_the_coordinators_administrators_and_police(
    fagersta,
    fagersta_coordinator,
    fagersta_admin,
    fagersta_police,
    fagersta_reporter,
    ludvika_coordinator,
    county_officer,
):
    assert services.may_moderate(fagersta_coordinator, fagersta)
    assert services.may_moderate(fagersta_admin, fagersta)
    assert services.may_moderate(fagersta_police, fagersta)
    assert not services.may_moderate(fagersta_reporter, fagersta)
    assert not services.may_moderate(ludvika_coordinator, fagersta)
    assert not services.may_moderate(county_officer, fagersta)


def test_approving_keeps_the_original_and_publishes_the_edited_text(fagersta, fagersta_coordinator):
    tip = _submit(fagersta, text="Klotter på busskuren, samma gäng som förra veckan.")
    services.tip_approve(
        tip=tip, moderated_by=fagersta_coordinator, public_text="Klotter på busskuren."
    )
    tip.refresh_from_db()
    assert tip.status == TipStatus.APPROVED
    assert tip.text == "Klotter på busskuren, samma gäng som förra veckan."
    assert tip.public_text == "Klotter på busskuren."
    assert tip.moderated_by == fagersta_coordinator and tip.moderated_at is not None


def test_approving_without_an_edit_publishes_the_citizens_text(fagersta, fagersta_police):
    tip = services.tip_approve(tip=_submit(fagersta), moderated_by=fagersta_police)
    assert tip.public_text == tip.text


def test_a_reporter_cannot_moderate_and_nothing_changes(fagersta, fagersta_reporter):
    tip = _submit(fagersta)
    with pytest.raises(ValidationError) as caught:
        services.tip_approve(tip=tip, moderated_by=fagersta_reporter)
    assert caught.value.code == "not_allowed"
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING


def test_the_public_text_is_checked_for_personal_data(fagersta, fagersta_coordinator):
    tip = _submit(fagersta)
    with pytest.raises(ValidationError) as caught:
        services.tip_approve(
            tip=tip, moderated_by=fagersta_coordinator, public_text="Ring 070-123 45 67"
        )
    assert _codes(caught.value) == {"public_text": ["personal_data"]}
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING and tip.public_text == ""


def test_a_handled_tip_cannot_be_handled_again(fagersta, fagersta_coordinator):
    tip = services.tip_approve(tip=_submit(fagersta), moderated_by=fagersta_coordinator)
    with pytest.raises(ValidationError) as caught:
        services.tip_reject(tip=tip, moderated_by=fagersta_coordinator, reason="Dubblett")
    assert caught.value.code == "wrong_status"
    pending = _submit(fagersta)
    with pytest.raises(ValidationError):
        services.tip_close(tip=pending, moderated_by=fagersta_coordinator, public_response="Klart")


def test_reject_needs_a_reason(fagersta, fagersta_coordinator):
    tip = _submit(fagersta)
    with pytest.raises(ValidationError) as caught:
        services.tip_reject(tip=tip, moderated_by=fagersta_coordinator, reason=" ")
    assert _codes(caught.value) == {"moderation_note": ["required"]}


def test_feedback_is_mailed_in_swedish_and_the_address_deleted_when_closed(
    fagersta, fagersta_coordinator
):
    tip = _submit(fagersta, email="medborgare@example.se")
    services.tip_approve(tip=tip, moderated_by=fagersta_coordinator)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["medborgare@example.se"]
    assert tip.public_id in mail.outbox[0].subject
    assert f"/offentligt/fagersta/tipsa/{tip.public_id}/" in mail.outbox[0].body
    tip.refresh_from_db()
    assert tip.email == "medborgare@example.se" and tip.feedback_sent_at is not None
    services.tip_close(
        tip=tip, moderated_by=fagersta_coordinator, public_response="Klottret är sanerat."
    )
    assert len(mail.outbox) == 2
    assert "Klottret är sanerat." in mail.outbox[1].body
    tip.refresh_from_db()
    assert tip.email == "" and tip.status == TipStatus.CLOSED and tip.closed_at is not None


def test_rejecting_tells_the_citizen_and_deletes_the_address(fagersta, fagersta_coordinator):
    tip = _submit(fagersta, email="medborgare@example.se")
    services.tip_reject(tip=tip, moderated_by=fagersta_coordinator, reason="Gäller inte kommunen")
    assert len(mail.outbox) == 1
    assert "Gäller inte kommunen" not in mail.outbox[0].body  # the reason stays internal
    tip.refresh_from_db()
    assert tip.email == "" and tip.status == TipStatus.REJECTED


def test_no_mail_without_an_address(fagersta, fagersta_coordinator):
    services.tip_approve(tip=_submit(fagersta), moderated_by=fagersta_coordinator)
    assert mail.outbox == []


def test_every_decision_is_audited_with_the_moderator(fagersta, fagersta_coordinator):
    from laget.audit.recorder import acting_as

    tip = _submit(fagersta, channel=TipChannel.OPEN311)
    with acting_as(fagersta_coordinator):
        services.tip_approve(tip=tip, moderated_by=fagersta_coordinator)
    entry = AuditEntry.objects.filter(model_label="tips.Tip", object_pk=str(tip.pk)).latest("id")
    assert entry.actor_id == fagersta_coordinator.pk
    assert entry.data["status"] == TipStatus.APPROVED
    assert entry.collaboration_id == fagersta.pk


def test_the_audit_log_never_keeps_the_citizens_address(fagersta, fagersta_coordinator):
    tip = _submit(fagersta, email="medborgare@example.se")
    services.tip_approve(tip=tip, moderated_by=fagersta_coordinator)
    entries = AuditEntry.objects.filter(model_label="tips.Tip", object_pk=str(tip.pk))
    assert entries.count() >= 2  # created and approved
    assert all("email" not in entry.data for entry in entries)
    assert not any("medborgare@example.se" in str(entry.data) for entry in entries)


def test_old_feedback_addresses_are_forgotten(fagersta):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    old = _submit(fagersta, email="gammal@example.se")
    new = _submit(fagersta, email="ny@example.se")
    Tip.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=200))
    call_command("tips_forget_emails", "--days", "180")
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.email == "" and new.email == "ny@example.se"
    with pytest.raises(ValidationError):
        services.tips_forget_emails(older_than_days=-1)
