"""The citizen-dialogue planning checklist (spec §3.10) and staff dialogues by unit (issue 6)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from laget.dialogues import selectors, services
from laget.dialogues.choices import DialogueKind
from laget.dialogues.forms import unit_field_name
from laget.dialogues.models import Dialogue
from laget.organisations.models import Unit

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PLAN = {
    "plan_responsible": "Trygghetssamordnaren och kommunpolisen",
    "purpose": "Fånga upp otrygga platser i centrum",
    "plan_target_group": "Boende och unga; nås via fritidsgården",
    "plan_influence": "Synpunkterna styr valet av fokusområden",
    "plan_forms": ["open_meeting", "survey"],
    "plan_forum": "Biblioteket",
    "plan_questions": "Var känner du dig otrygg?",
    "plan_documentation": "Antecknare, kodas per plats",
    "plan_feedback": "Sammanfattning på webbplatsen inom två veckor",
}


def _create(user, collaboration, **overrides):
    values = {
        "kind": DialogueKind.CITIZEN,
        "title": "Planerad medborgardialog",
        "held_on": timezone.localdate() + datetime.timedelta(days=20),
        "organisation": collaboration.parties.get(kind="kommun"),
    }
    values.update(overrides)
    return services.dialogue_create(user=user, collaboration=collaboration, **values)


def _url(name, dialogue):
    return reverse(
        f"dialogues:{name}",
        kwargs={"collaboration_id": dialogue.collaboration_id, "dialogue_id": dialogue.pk},
    )


def test_the_checklist_lists_missing_points_and_invitations_wait_for_all_nine(
    fagersta, fagersta_coordinator
):
    dialogue = _create(fagersta_coordinator, fagersta)
    points = selectors.citizen_checklist(dialogue=dialogue)
    assert len(points) == 9 and not any(done for _n, _l, done in points)
    services.dialogue_plan_update(
        user=fagersta_coordinator, dialogue=dialogue, **{**PLAN, "plan_forms": []}
    )
    missing = [n for n, _l, done in selectors.citizen_checklist(dialogue=dialogue) if not done]
    assert missing == ["plan_forms"]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.dialogue_send_invitations(
            user=fagersta_coordinator, dialogue=dialogue, sent_on=timezone.localdate()
        )
    assert "Form of the dialogue" in str(error.value) and error.value.code == "incomplete"
    dialogue.refresh_from_db()
    assert dialogue.invitations_sent_on is None
    services.dialogue_plan_update(user=fagersta_coordinator, dialogue=dialogue, **PLAN)
    services.dialogue_send_invitations(
        user=fagersta_coordinator, dialogue=dialogue, sent_on=timezone.localdate()
    )
    dialogue.refresh_from_db()
    assert dialogue.invitations_sent_on == timezone.localdate()
    assert dialogue.plan_forms == ["open_meeting", "survey"]
    # Once invited, the checklist cannot be emptied again.
    with pytest.raises(ValidationError):
        services.dialogue_plan_update(
            user=fagersta_coordinator, dialogue=dialogue, **{**PLAN, "plan_questions": " "}
        )
    dialogue.refresh_from_db()
    assert dialogue.plan_questions == PLAN["plan_questions"]


def test_bad_plans_and_invitation_dates_store_nothing(
    fagersta, fagersta_coordinator, fagersta_reporter
):
    dialogue = _create(fagersta_coordinator, fagersta)
    for bad in (
        {"plan_forms": ["carrier_pigeon"]},
        {"plan_responsible": "Ring 070-123 45 67"},
        {"plan_questions": "x" * 6000},
    ):
        with pytest.raises(ValidationError):
            services.dialogue_plan_update(
                user=fagersta_coordinator, dialogue=dialogue, **{**PLAN, **bad}
            )
        assert Dialogue.objects.get(pk=dialogue.pk).plan_responsible == ""
    with pytest.raises(ValidationError):
        services.dialogue_plan_update(user=fagersta_reporter, dialogue=dialogue, **PLAN)
    services.dialogue_plan_update(user=fagersta_coordinator, dialogue=dialogue, **PLAN)
    today = timezone.localdate()
    for sent_on, code in ((today + datetime.timedelta(days=1), "future"),):
        with pytest.raises(ValidationError) as error:
            services.dialogue_send_invitations(
                user=fagersta_coordinator, dialogue=dialogue, sent_on=sent_on
            )
        assert error.value.error_dict["sent_on"][0].code == code
    held = _create(fagersta_coordinator, fagersta, held_on=today - datetime.timedelta(days=5))
    services.dialogue_plan_update(user=fagersta_coordinator, dialogue=held, **PLAN)
    with pytest.raises(ValidationError) as error:
        services.dialogue_send_invitations(user=fagersta_coordinator, dialogue=held, sent_on=today)
    assert error.value.error_dict["sent_on"][0].code == "after_dialogue"
    staff = _create(fagersta_coordinator, fagersta, kind=DialogueKind.STAFF_WHAT)
    with pytest.raises(ValidationError):
        services.dialogue_plan_update(user=fagersta_coordinator, dialogue=staff, **PLAN)
    assert (
        Dialogue.objects.filter(
            invitations_sent_on__isnull=False, pk__in=[dialogue.pk, held.pk]
        ).count()
        == 0
    )


def test_feedback_date_rules(fagersta, fagersta_coordinator):
    today = timezone.localdate()
    held_on = today - datetime.timedelta(days=10)
    before = Dialogue.objects.count()
    cases = (
        ({"feedback": "", "feedback_given_on": today}, "feedback"),
        (
            {"feedback": "Brev", "feedback_given_on": held_on - datetime.timedelta(days=1)},
            "feedback_given_on",
        ),
        (
            {"feedback": "Brev", "feedback_given_on": today + datetime.timedelta(days=1)},
            "feedback_given_on",
        ),
    )
    for values, field in cases:
        with pytest.raises(ValidationError) as error:
            _create(fagersta_coordinator, fagersta, held_on=held_on, **values)
        assert field in error.value.error_dict
    assert Dialogue.objects.count() == before
    dialogue = _create(
        fagersta_coordinator, fagersta, held_on=held_on, feedback="Brev", feedback_given_on=today
    )
    assert dialogue.feedback_given_on == today


def test_staff_dialogues_start_with_the_vad_or_hur_agenda(fagersta, fagersta_coordinator):
    what = _create(fagersta_coordinator, fagersta, kind=DialogueKind.STAFF_WHAT)
    how = _create(fagersta_coordinator, fagersta, kind=DialogueKind.STAFF_HOW)
    citizen = _create(fagersta_coordinator, fagersta)
    assert "Grupparbete – VAD" in what.agenda and "Steg 4: Problembeskrivning" in what.agenda
    assert "Grupparbete – HUR" in how.agenda and "Steg 2: Prioritera aktiviteter" in how.agenda
    assert citizen.agenda == ""


def test_participants_by_unit_are_validated_against_the_collaborations_units(
    fagersta, ludvika, fagersta_coordinator
):
    staff = _create(fagersta_coordinator, fagersta, kind=DialogueKind.STAFF_HOW)
    units = list(selectors.collaboration_units(collaboration=fagersta)[:2])
    foreign = (
        Unit.objects.filter(organisation__in=ludvika.parties.all())
        .exclude(organisation__in=fagersta.parties.all())
        .first()
    )
    assert len(units) == 2 and foreign is not None
    for counts, code in (
        ({str(foreign.pk): 3}, "unknown_unit"),
        ({"999999": 3}, "unknown_unit"),
        ({str(units[0].pk): -1}, "range"),
        ({str(units[0].pk): "many"}, "invalid"),
    ):
        with pytest.raises(ValidationError) as error:
            services.dialogue_staff_update(
                user=fagersta_coordinator,
                dialogue=staff,
                agenda="Ny agenda",
                participants_by_unit=counts,
            )
        assert error.value.error_dict["participants_by_unit"][0].code == code
        stored = Dialogue.objects.get(pk=staff.pk)
        assert stored.participants_by_unit == {} and stored.agenda != "Ny agenda"
    services.dialogue_staff_update(
        user=fagersta_coordinator,
        dialogue=staff,
        agenda="Ny agenda",
        participants_by_unit={units[0].pk: 4, str(units[1].pk): 0},
    )
    staff.refresh_from_db()
    assert staff.participants_by_unit == {str(units[0].pk): 4}
    assert staff.participants_count == 4 and staff.agenda == "Ny agenda"
    citizen = _create(fagersta_coordinator, fagersta)
    with pytest.raises(ValidationError):
        services.dialogue_staff_update(user=fagersta_coordinator, dialogue=citizen, agenda="x")


def test_staff_dialogues_with_units_still_count_for_the_gates(fagersta, fagersta_coordinator):
    today = timezone.localdate()
    staff = _create(fagersta_coordinator, fagersta, kind=DialogueKind.STAFF_WHAT, held_on=today)
    unit = selectors.collaboration_units(collaboration=fagersta).first()
    services.dialogue_staff_update(
        user=fagersta_coordinator, dialogue=staff, participants_by_unit={unit.pk: 6}
    )
    assert staff in selectors.dialogues_held(collaboration=fagersta, start=today, end=today)


def test_the_demo_has_a_complete_invited_citizen_dialogue_and_staff_units(fagersta):
    held = Dialogue.objects.filter(collaboration=fagersta, held_on__lte=timezone.localdate())
    citizen = held.filter(kind=DialogueKind.CITIZEN).order_by("-held_on", "-pk").first()
    assert all(done for _n, _l, done in selectors.citizen_checklist(dialogue=citizen))
    assert citizen.invitations_sent_on is not None
    for kind in (DialogueKind.STAFF_WHAT, DialogueKind.STAFF_HOW):
        staff = held.filter(kind=kind).order_by("-held_on", "-pk").first()
        assert staff.agenda and staff.participants_by_unit
        assert selectors.unit_participation(dialogue=staff)


def test_pages_plan_and_invite_per_persona(
    client_for,
    fagersta,
    fagersta_coordinator,
    fagersta_reporter,
    fagersta_police,
    ludvika_coordinator,
):
    dialogue = _create(fagersta_coordinator, fagersta)
    detail, plan, invite = (
        _url("detail", dialogue),
        _url("plan", dialogue),
        _url("invite", dialogue),
    )
    reader = client_for(fagersta_reporter)
    page = reader.get(detail).content.decode()
    assert 'id="dialogue-checklist" data-complete="false"' in page
    assert 'data-point="plan_forum" data-done="false"' in page
    assert 'id="dialogue-invite"' not in page  # members read, do not write
    assert reader.get(plan).status_code == 403
    assert reader.post(invite, {"sent_on": timezone.localdate().isoformat()}).status_code == 403
    assert client_for(ludvika_coordinator).get(plan).status_code == 404
    client = client_for(fagersta_coordinator)
    assert client.get(invite).status_code == 405
    refused = client.post(invite, {"sent_on": timezone.localdate().isoformat()}, **EN)
    assert refused.status_code == 400 and "Missing:" in refused.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.invitations_sent_on is None
    response = client.post(plan, {**PLAN, "plan_forms": ["open_meeting", "nonsense"]}, **EN)
    assert response.status_code == 200 and "nonsense" in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.plan_forum == ""
    assert client_for(fagersta_police).post(plan, PLAN).status_code == 302
    page = client.get(detail).content.decode()
    assert 'data-complete="true"' in page
    assert client.post(invite, {"sent_on": timezone.localdate().isoformat()}).status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.invitations_sent_on == timezone.localdate()


def test_staff_planning_page_counts_by_unit(client_for, fagersta, fagersta_coordinator):
    staff = _create(fagersta_coordinator, fagersta, kind=DialogueKind.STAFF_WHAT)
    unit = selectors.collaboration_units(collaboration=fagersta).first()
    client = client_for(fagersta_coordinator)
    plan = _url("plan", staff)
    page = client.get(plan).content.decode()
    assert f'name="{unit_field_name(unit.pk)}"' in page and "Grupparbete – VAD" in page
    response = client.post(plan, {"agenda": "Kort agenda", unit_field_name(unit.pk): "-2"}, **EN)
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert Dialogue.objects.get(pk=staff.pk).participants_by_unit == {}
    response = client.post(plan, {"agenda": "Kort agenda", unit_field_name(unit.pk): "5"})
    assert response.status_code == 302
    page = client.get(_url("detail", staff)).content.decode()
    assert f'data-unit="{unit.pk}"' in page and "Kort agenda" in page


def test_the_demo_runs_again_without_changing_the_plans(fagersta):
    from laget.dialogues.demo import dialogues_demo_load

    def snapshot():
        return list(
            Dialogue.objects.filter(collaboration=fagersta)
            .order_by("pk")
            .values_list("pk", "invitations_sent_on", "agenda", "participants_by_unit")
        )

    before = snapshot()
    dialogues_demo_load()
    assert snapshot() == before


def test_the_demo_fills_in_plans_missing_on_an_older_database(fagersta):
    from laget.dialogues.demo import dialogues_demo_load

    Dialogue.objects.filter(collaboration=fagersta).update(
        plan_forum="", plan_forms=[], invitations_sent_on=None, agenda="", participants_by_unit={}
    )
    dialogues_demo_load()
    test_the_demo_has_a_complete_invited_citizen_dialogue_and_staff_units(fagersta)


def test_the_list_marks_invited_citizen_dialogues(client_for, fagersta, fagersta_reporter):
    url = reverse("dialogues:list", kwargs={"collaboration_id": fagersta.pk})
    page = client_for(fagersta_reporter).get(url).content.decode()
    invited = Dialogue.objects.filter(collaboration=fagersta, invitations_sent_on__isnull=False)
    assert invited.count() == 1
    assert f'data-invited="{invited.get().invitations_sent_on:%Y-%m-%d}"' in page
