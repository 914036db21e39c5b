"""The programme services: permissions, validation and the plan and activity workflows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laget.programmes import services
from laget.programmes.choices import ActivityStatus, PlanStatus
from laget.programmes.models import Activity, ActivityChange, Programme, WorkingGroupMember
from laget.programmes.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_it_lets_only_the_countys_coordinator_create_a_programme(other_coordinator, dalarna):
    with pytest.raises(PermissionDenied):
        services.programme_create(
            user=other_coordinator,
            county=dalarna,
            name="Fel län",
            period_start=TODAY,
            period_end=TODAY + D(days=10),
        )
    assert not Programme.objects.filter(name="Fel län").exists()


def test_it_refuses_a_period_that_ends_before_it_starts(coordinator, dalarna):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(
            user=coordinator,
            county=dalarna,
            name="Baklänges",
            period_start=TODAY,
            period_end=TODAY - D(days=1),
        )
    assert _codes(caught.value) == {"period_end": ["period_order"]}


def test_it_refuses_the_same_signatory_twice_case_insensitively(coordinator, programme, signatory):
    with pytest.raises(ValidationError) as caught:
        services.signatory_add(
            user=coordinator, programme=programme, organisation_name="polisregion bergslagen"
        )
    assert _codes(caught.value) == {"organisation_name": ["duplicate"]}


def test_it_takes_the_signatorys_name_from_the_organisation_in_laget(coordinator, programme):
    from laget.organisations.models import Organisation

    board = Organisation.objects.get(name="Länsstyrelsen Dalarna")
    signatory = services.signatory_add(user=coordinator, programme=programme, organisation=board)
    assert signatory.organisation_name == "Länsstyrelsen Dalarna"


def test_a_member_names_exactly_one_organisation(coordinator, area, signatory):
    with pytest.raises(ValidationError) as caught:
        services.member_add(
            user=coordinator,
            area=area,
            signatory=signatory,
            other_organisation="Svensk Handel",
            function_title="Kommunpolis",
            start_date=TODAY,
        )
    assert _codes(caught.value) == {"signatory": ["organisation"]}
    member = services.member_add(
        user=coordinator,
        area=area,
        other_organisation="Svensk Handel",
        function_title="Säkerhetsansvarig",
        start_date=TODAY,
    )
    assert member.organisation_name == "Svensk Handel"


def test_a_member_has_hours_or_unregulated_time_not_both(coordinator, area, signatory):
    with pytest.raises(ValidationError) as caught:
        services.member_add(
            user=coordinator,
            area=area,
            signatory=signatory,
            function_title="Kommunpolis",
            start_date=TODAY,
            hours_per_week=4,
            hours_unregulated=True,
        )
    assert _codes(caught.value) == {"hours_per_week": ["hours"]}


def test_ending_a_membership_keeps_the_seat_in_the_history(coordinator, area, signatory):
    member = services.member_add(
        user=coordinator,
        area=area,
        signatory=signatory,
        function_title="Kommunpolis",
        start_date=TODAY,
    )
    services.member_end(
        user=coordinator, member=member, end_date=TODAY + D(days=90), end_reason="Ny tjänst"
    )
    member.refresh_from_db()
    assert (member.end_date, member.end_reason) == (TODAY + D(days=90), "Ny tjänst")
    with pytest.raises(ValidationError):
        services.member_end(user=coordinator, member=member, end_date=TODAY + D(days=91))
    with pytest.raises(ValidationError) as caught:
        services.member_add(
            user=coordinator,
            area=area,
            signatory=signatory,
            function_title="Kommunpolis",
            start_date=TODAY,
            end_date=TODAY - D(days=1),
        )
    assert _codes(caught.value) == {"end_date": ["order"]}
    assert WorkingGroupMember.objects.filter(area=area).count() == 1


def test_a_convener_must_have_signed_this_programme(coordinator, dalarna, programme, signatory):
    other = services.programme_create(
        user=coordinator, county=dalarna, name="Annat", period_start=TODAY, period_end=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        services.area_create(
            user=coordinator, programme=other, number=1, name="X", convener=signatory
        )
    assert _codes(caught.value) == {"convener": ["foreign"]}


@pytest.mark.parametrize(
    ("status", "dates"),
    [
        (ActivityStatus.POSTPONED, {}),
        (ActivityStatus.CANCELLED, {}),
        (ActivityStatus.REPLACED, {}),
        (ActivityStatus.DONE, {"actual_date": TODAY + D(days=40)}),  # held later than planned
        (ActivityStatus.IN_PROGRESS, {"new_date": TODAY + D(days=60)}),
    ],
)
def test_a_slipped_activity_needs_a_reason_kind_and_text(coordinator, activity, status, dates):
    with pytest.raises(ValidationError) as caught:
        services.activity_update(user=coordinator, activity=activity, status=status, **dates)
    assert _codes(caught.value) == {"deviation_kind": ["deviation_required"]}
    activity = Activity.objects.get(pk=activity.pk)
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            user=coordinator, activity=activity, status=status, deviation_kind="pandemic", **dates
        )
    assert _codes(caught.value) == {"deviation_text": ["deviation_required"]}
    stored = Activity.objects.get(pk=activity.pk)
    assert stored.status == ActivityStatus.PLANNED  # nothing half-stored
    activity = Activity.objects.get(pk=activity.pk)
    services.activity_update(
        user=coordinator,
        activity=activity,
        status=status,
        deviation_kind="pandemic",
        deviation_text="Smittspridning.",
        **dates,
    )
    assert Activity.objects.get(pk=activity.pk).status == status
    assert list(
        ActivityChange.objects.filter(activity=activity).values_list("status", flat=True)
    ) == [
        status,
        ActivityStatus.PLANNED,
    ]


def test_an_activity_held_on_time_needs_no_reason_but_a_date(coordinator, activity):
    with pytest.raises(ValidationError) as caught:
        services.activity_update(user=coordinator, activity=activity, status=ActivityStatus.DONE)
    assert _codes(caught.value) == {"actual_date": ["required"]}
    activity = Activity.objects.get(pk=activity.pk)
    services.activity_update(
        user=coordinator,
        activity=activity,
        status=ActivityStatus.DONE,
        actual_date=activity.planned_date,
        participants=35,
    )
    assert Activity.objects.get(pk=activity.pk).participants == 35


def test_a_postponed_activity_moves_forward(coordinator, activity):
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            user=coordinator,
            activity=activity,
            status=ActivityStatus.POSTPONED,
            new_date=activity.planned_date - D(days=1),
            deviation_kind="other",
            deviation_text="Annat.",
        )
    assert _codes(caught.value) == {"new_date": ["order"]}


def test_the_plan_workflow_runs_submit_qa_present(coordinator, plan):
    with pytest.raises(ValidationError):
        services.plan_quality_assure(user=coordinator, plan=plan)
    services.plan_submit(user=coordinator, plan=plan)
    with pytest.raises(ValidationError):
        services.plan_return(user=coordinator, plan=plan, comment=" ")
    services.plan_return(user=coordinator, plan=plan, comment="Ange vem som bidrar.")
    assert plan.status == PlanStatus.RETURNED
    services.plan_submit(user=coordinator, plan=plan)
    services.plan_quality_assure(user=coordinator, plan=plan)
    assert plan.quality_assured_by == coordinator
    services.plan_present(user=coordinator, plan=plan, presented_on=TODAY + D(days=20))
    plan.refresh_from_db()
    assert (plan.status, plan.presented_on) == (PlanStatus.PRESENTED, TODAY + D(days=20))


def test_activities_are_added_only_to_a_draft_or_returned_plan(coordinator, plan):
    services.plan_submit(user=coordinator, plan=plan)
    with pytest.raises(ValidationError):
        services.activity_add(
            user=coordinator, plan=plan, title="Sent", kind="seminar", planned_date=TODAY
        )


def test_renewing_copies_the_open_activities_only(coordinator, area, plan, activity):
    done = services.activity_add(
        user=coordinator, plan=plan, title="Klar", kind="seminar", planned_date=TODAY
    )
    services.activity_update(
        user=coordinator, activity=done, status=ActivityStatus.DONE, actual_date=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        services.plan_create(
            user=coordinator, area=area, period_start=TODAY, period_end=TODAY + D(days=180)
        )
    assert caught.value.code == "draft_exists"
    services.plan_submit(user=coordinator, plan=plan)
    renewed = services.plan_create(
        user=coordinator,
        area=area,
        period_start=TODAY + D(days=180),
        period_end=TODAY + D(days=360),
    )
    assert (renewed.version, renewed.previous) == (2, plan)
    copies = list(renewed.activities.all())
    assert [(a.title, a.copied_from_id) for a in copies] == [("Regional konferens", activity.pk)]
    assert plan.activities.count() == 2  # the earlier version is kept as it was
    # Only the latest version can be changed.
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            user=coordinator, activity=Activity.objects.get(pk=activity.pk), title="Ny titel"
        )
    assert caught.value.code == "old_version"


def test_an_assessment_needs_a_justification(coordinator, area):
    with pytest.raises(ValidationError) as caught:
        services.result_create(
            user=coordinator,
            area=area,
            goal_type="result",
            text="Färre återfall.",
            assessment="met",
        )
    assert _codes(caught.value) == {"justification": ["justification_required"]}


def test_it_refuses_personal_data_in_minutes(coordinator, area):
    with pytest.raises(ValidationError) as caught:
        services.meeting_add(
            user=coordinator, area=area, held_on=TODAY, minutes="Ring 070-123 45 67 efter mötet."
        )
    assert _codes(caught.value) == {"minutes": ["personal_data"]}


def test_a_signatory_in_laget_must_work_in_the_county(coordinator, programme):
    from laget.organisations.models import Organisation

    elsewhere = Organisation.objects.get(name="Länsstyrelsen Västmanland")
    with pytest.raises(ValidationError) as caught:
        services.signatory_add(user=coordinator, programme=programme, organisation=elsewhere)
    assert _codes(caught.value) == {"organisation": ["foreign"]}


def test_the_plan_cadence_is_one_to_twenty_four_months(coordinator, programme):
    with pytest.raises(ValidationError) as caught:
        services.programme_update(user=coordinator, programme=programme, plan_cadence_months=0)
    assert "plan_cadence_months" in caught.value.error_dict
