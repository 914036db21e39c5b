"""Editing and deleting (issue 7, part 5): documents, working-group members and meetings,
activities while their plan is editable, the steering group's decision log, and slipped
activities that only exist in earlier plan versions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from pypdf import PdfReader

from laget.programmes import pack, selectors, services
from laget.programmes.choices import ActivityStatus
from laget.programmes.models import (
    Activity,
    ProgrammeDocument,
    SteeringGroupDecision,
    WorkingGroupMeeting,
    WorkingGroupMember,
)
from laget.programmes.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def _pdf_text(content: bytes, tmp_path: Any) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


# --- documents ----------------------------------------------------------------------------------


def test_a_document_is_corrected_and_deleted_only_by_the_countys_coordinator(
    coordinator, other_coordinator, programme
):
    document = services.document_add(
        user=coordinator, programme=programme, kind="declaration", title="Programförklaring"
    )
    with pytest.raises(PermissionDenied):
        services.document_update(user=other_coordinator, document=document, title="Fel")
    services.document_update(
        user=coordinator,
        document=document,
        kind="action_programme",
        title="Handlingsprogram",
        adopted_on=datetime.date(2018, 5, 30),
    )
    document.refresh_from_db()
    assert (document.kind, document.title, document.adopted_on) == (
        "action_programme",
        "Handlingsprogram",
        datetime.date(2018, 5, 30),
    )
    with pytest.raises(ValidationError):
        services.document_update(user=coordinator, document=document, kind="nonsense")
    with pytest.raises(PermissionDenied):
        services.document_delete(user=other_coordinator, document=document)
    services.document_delete(user=coordinator, document=document)
    assert not ProgrammeDocument.objects.filter(pk=document.pk).exists()


# --- working group ------------------------------------------------------------------------------


def test_every_field_of_a_member_can_be_corrected(coordinator, area, signatory):
    member = services.member_add(
        user=coordinator, area=area, signatory=signatory, function_title="Polis", start_date=TODAY
    )
    services.member_update(
        user=coordinator,
        member=member,
        signatory=None,
        other_organisation="Svensk Handel",
        function_title="Regionchef",
        appointed_by="Förbundsstyrelsen",
        hours_per_week=None,
        hours_unregulated=True,
        representation_scope="Hela länet",
        start_date=TODAY - D(days=10),
        end_date=TODAY + D(days=100),
        end_reason="Ny tjänst",
    )
    member = WorkingGroupMember.objects.get(pk=member.pk)
    assert member.organisation_name == "Svensk Handel"
    assert (member.function_title, member.hours_unregulated, member.end_reason) == (
        "Regionchef",
        True,
        "Ny tjänst",
    )
    assert member.start_date == TODAY - D(days=10)


def test_a_member_correction_is_checked_like_a_new_member(coordinator, area, signatory):
    member = services.member_add(
        user=coordinator, area=area, signatory=signatory, function_title="Polis", start_date=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        services.member_update(user=coordinator, member=member, end_date=TODAY - D(days=1))
    assert _codes(caught.value) == {"end_date": ["order"]}
    member = WorkingGroupMember.objects.get(pk=member.pk)
    with pytest.raises(ValidationError) as caught:
        services.member_update(user=coordinator, member=member, end_reason="Slutade")
    assert _codes(caught.value) == {"end_reason": ["no_end"]}
    member = WorkingGroupMember.objects.get(pk=member.pk)
    with pytest.raises(ValidationError) as caught:
        services.member_update(user=coordinator, member=member, other_organisation="Extra")
    assert _codes(caught.value) == {"signatory": ["organisation"]}
    assert WorkingGroupMember.objects.get(pk=member.pk).end_date is None


def test_a_meeting_is_corrected_without_personal_data_and_deleted(
    coordinator, other_coordinator, area
):
    meeting = services.meeting_add(user=coordinator, area=area, held_on=TODAY, minutes="Start.")
    with pytest.raises(ValidationError) as caught:
        services.meeting_update(
            user=coordinator, meeting=meeting, held_on=TODAY, minutes="Mejla a.b@example.se."
        )
    assert _codes(caught.value) == {"minutes": ["personal_data"]}
    assert WorkingGroupMeeting.objects.get(pk=meeting.pk).minutes == "Start."
    meeting = WorkingGroupMeeting.objects.get(pk=meeting.pk)
    services.meeting_update(
        user=coordinator, meeting=meeting, held_on=TODAY - D(days=1), minutes="Beslut om plan."
    )
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.minutes) == (TODAY - D(days=1), "Beslut om plan.")
    with pytest.raises(PermissionDenied):
        services.meeting_delete(user=other_coordinator, meeting=meeting)
    services.meeting_delete(user=coordinator, meeting=meeting)
    assert not WorkingGroupMeeting.objects.filter(pk=meeting.pk).exists()


# --- activities ---------------------------------------------------------------------------------


def test_an_activity_is_redescribed_only_while_its_plan_is_editable(coordinator, plan, activity):
    services.activity_edit(
        user=coordinator,
        activity=activity,
        title="Regional webbsändning",
        kind="webcast",
        mode="webcast",
        target_group="Kommunernas samordnare",
        senders="Länsstyrelsen, Polisen",
        planned_date=TODAY + D(days=40),
    )
    activity = Activity.objects.get(pk=activity.pk)
    assert (activity.title, activity.kind, activity.mode, activity.planned_date) == (
        "Regional webbsändning",
        "webcast",
        "webcast",
        TODAY + D(days=40),
    )
    assert (activity.target_group, activity.senders) == (
        "Kommunernas samordnare",
        "Länsstyrelsen, Polisen",
    )
    with pytest.raises(TypeError):
        services.activity_edit(user=coordinator, activity=activity, status="done")
    services.plan_submit(user=coordinator, plan=plan)
    activity = Activity.objects.get(pk=activity.pk)
    with pytest.raises(ValidationError) as caught:
        services.activity_edit(user=coordinator, activity=activity, title="För sent")
    assert caught.value.code == "status"
    assert Activity.objects.get(pk=activity.pk).title == "Regional webbsändning"


def test_a_submitted_plan_keeps_the_planned_date(coordinator, plan, activity):
    services.plan_submit(user=coordinator, plan=plan)
    activity = Activity.objects.get(pk=activity.pk)
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            user=coordinator, activity=activity, planned_date=TODAY + D(days=90)
        )
    assert _codes(caught.value) == {"planned_date": ["planned_date_fixed"]}
    activity = Activity.objects.get(pk=activity.pk)
    services.activity_update(
        user=coordinator,
        activity=activity,
        planned_date=activity.planned_date,
        status=ActivityStatus.IN_PROGRESS,
    )
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.IN_PROGRESS


def test_only_a_new_activity_of_a_draft_plan_can_be_deleted(coordinator, area, plan, activity):
    spare = services.activity_add(
        user=coordinator, plan=plan, title="Extra", kind="seminar", planned_date=TODAY
    )
    assert services.activity_deletion_refusal(spare) is None
    services.activity_delete(user=coordinator, activity=spare)
    assert not Activity.objects.filter(pk=spare.pk).exists()
    services.plan_submit(user=coordinator, plan=plan)
    activity = Activity.objects.get(pk=activity.pk)
    with pytest.raises(ValidationError) as caught:
        services.activity_delete(user=coordinator, activity=activity)
    assert caught.value.code == "not_deletable"
    renewed = services.plan_create(
        user=coordinator, area=area, period_start=TODAY + D(days=1), period_end=TODAY + D(days=90)
    )
    copy = renewed.activities.get()
    # Carried over from version 1: cancel it with a reason instead.
    assert services.activity_deletion_refusal(copy)
    with pytest.raises(ValidationError):
        services.activity_delete(user=coordinator, activity=copy)
    # The old version cannot be touched at all.
    assert services.activity_deletion_refusal(Activity.objects.get(pk=activity.pk))
    assert Activity.objects.filter(pk__in=[activity.pk, copy.pk]).count() == 2


# --- deviations in earlier versions -------------------------------------------------------------


def _renew_with_a_cancelled_activity(coordinator: Any, area: Any, plan: Any) -> Any:
    cancelled = services.activity_add(
        user=coordinator, plan=plan, title="Inställd studieresa", kind="study_visit",
        planned_date=TODAY + D(days=5),
    )  # fmt: skip
    services.activity_update(
        user=coordinator,
        activity=cancelled,
        status=ActivityStatus.CANCELLED,
        deviation_kind="pandemic",
        deviation_text="Reserestriktioner.",
    )
    services.plan_submit(user=coordinator, plan=plan)
    services.plan_create(
        user=coordinator, area=area, period_start=TODAY + D(days=1), period_end=TODAY + D(days=90)
    )
    return cancelled


def test_a_cancelled_activity_left_behind_in_an_old_version_is_still_flagged(
    coordinator, programme, area, plan, activity
):
    cancelled = _renew_with_a_cancelled_activity(coordinator, area, plan)
    areas = selectors.programme_areas(programme)
    assert [a.pk for a in selectors.earlier_deviations(areas[0])] == [cancelled.pk]
    flags = selectors.programme_flags(programme, areas, TODAY)
    earlier = [f for f in flags if f.code == "slipped_earlier_version"]
    assert len(earlier) == 1 and "Inställd studieresa" in earlier[0].message
    assert "Reserestriktioner." in earlier[0].message
    # The copied (still planned) activity is not an earlier deviation.
    assert not any("Regional konferens" in f.message for f in earlier)


def test_a_postponed_activity_carried_forward_is_flagged_once(coordinator, programme, area, plan):
    postponed = services.activity_add(
        user=coordinator, plan=plan, title="Nätverksträff", kind="network_meeting",
        planned_date=TODAY + D(days=5),
    )  # fmt: skip
    services.activity_update(
        user=coordinator,
        activity=postponed,
        status=ActivityStatus.POSTPONED,
        new_date=TODAY + D(days=50),
        deviation_kind="staff_turnover",
        deviation_text="Ny samordnare.",
    )
    services.plan_submit(user=coordinator, plan=plan)
    services.plan_create(
        user=coordinator, area=area, period_start=TODAY + D(days=1), period_end=TODAY + D(days=90)
    )
    areas = selectors.programme_areas(programme)
    flags = [
        f
        for f in selectors.programme_flags(programme, areas, TODAY)
        if "Nätverksträff" in f.message
    ]
    assert [f.code for f in flags] == ["slipped_activity"]


def test_the_pack_has_a_section_on_deviations_in_earlier_versions(
    coordinator, programme, area, plan, activity, tmp_path
):
    _renew_with_a_cancelled_activity(coordinator, area, plan)
    with translation.override("en"):
        text = _pdf_text(pack.pack_pdf(pack.pack_data(programme, TODAY)), tmp_path)
    assert "Deviations in earlier versions" in text
    assert "Inställd studieresa" in text and "Reserestriktioner." in text


# --- the steering group's decision log ----------------------------------------------------------


def test_a_decision_about_an_activity_takes_its_area(coordinator, programme, area, activity):
    decision = services.decision_add(
        user=coordinator,
        programme=programme,
        meeting_date=TODAY,
        kind="adjustment",
        text="  Konferensen flyttas till hösten.  ",
        activity=activity,
    )
    assert (decision.area, decision.text, decision.created_by) == (
        area,
        "Konferensen flyttas till hösten.",
        coordinator,
    )


def test_a_decision_must_stay_within_its_programme(
    coordinator, other_coordinator, programme, dalarna, area, activity
):
    other = services.programme_create(
        user=coordinator,
        county=dalarna,
        name="Andra programmet",
        period_start=TODAY,
        period_end=TODAY + D(days=30),
    )
    other_area = services.area_create(user=coordinator, programme=other, number=1, name="Annat")
    with pytest.raises(ValidationError) as caught:
        services.decision_add(
            user=coordinator, programme=other, meeting_date=TODAY, text="Beslut", area=area
        )
    assert _codes(caught.value) == {"area": ["foreign"]}
    with pytest.raises(ValidationError) as caught:
        services.decision_add(
            user=coordinator, programme=other, meeting_date=TODAY, text="Beslut", activity=activity
        )
    assert _codes(caught.value) == {"activity": ["foreign"]}
    second = services.area_create(user=coordinator, programme=programme, number=2, name="Två")
    with pytest.raises(ValidationError) as caught:
        services.decision_add(
            user=coordinator,
            programme=programme,
            meeting_date=TODAY,
            text="Beslut",
            area=second,
            activity=activity,
        )
    assert _codes(caught.value) == {"activity": ["area_mismatch"]}
    with pytest.raises(ValidationError) as caught:
        services.decision_add(user=coordinator, programme=programme, meeting_date=TODAY, text=" ")
    assert _codes(caught.value) == {"text": ["required"]}
    with pytest.raises(PermissionDenied):
        services.decision_add(
            user=other_coordinator, programme=programme, meeting_date=TODAY, text="Beslut"
        )
    assert not SteeringGroupDecision.objects.filter(programme=programme).exists()
    assert other_area.decisions.count() == 0


def test_a_decision_is_corrected_and_deleted(coordinator, other_coordinator, programme, area):
    decision = services.decision_add(
        user=coordinator, programme=programme, meeting_date=TODAY, text="Beslut"
    )
    services.decision_update(
        user=coordinator, decision=decision, text="Styrgruppen fastställde planen.", area=area
    )
    decision.refresh_from_db()
    assert (decision.text, decision.area) == ("Styrgruppen fastställde planen.", area)
    with pytest.raises(PermissionDenied):
        services.decision_delete(user=other_coordinator, decision=decision)
    services.decision_delete(user=coordinator, decision=decision)
    assert not SteeringGroupDecision.objects.filter(programme=programme).exists()


def test_the_pack_lists_the_decisions_and_reports_new_ones(coordinator, programme, area, tmp_path):
    first = pack.pack_data(programme, TODAY)
    services.pack_issue(user=coordinator, programme=programme, snapshot=first.snapshot)
    services.decision_add(
        user=coordinator,
        programme=programme,
        meeting_date=TODAY,
        text="Arbetsgruppen får två nya ledamöter.",
        area=area,
    )
    with translation.override("en"):
        data = pack.pack_data(programme, TODAY)
        text = _pdf_text(pack.pack_pdf(data), tmp_path)
    assert any("Arbetsgruppen får två nya ledamöter." in c for c in data.changes)
    assert "Steering-group decision log" in text
    assert "Arbetsgruppen får två nya ledamöter." in text
