"""Services of step 4: goals and the SMART check, indicators, the åtgärdsplan and its rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from laget.core.choices import InformationClass
from laget.geography.models import Area
from laget.organisations.models import Collaboration, Decision, Organisation
from laget.planning import plans
from laget.planning.choices import (
    GoalType,
    IndicatorSource,
    MeasureKind,
    MeasureStatus,
    PlanStatus,
    PreventionLevel,
    TrafficLight,
)
from laget.planning.models import (
    ActionPlan,
    Cause,
    Goal,
    Measure,
    Measurement,
    PlanChange,
    Problem,
)
from laget.reporting.models import Category, Report

pytestmark = pytest.mark.django_db

# §8.3 of the process spec: the handbook's six-step bike-theft progression, verbatim.
PROGRESSION = [
    ("Minska antalet brott", "A"),
    ("Minska antalet anmälda brott från 100 till o.", "MA"),
    ("Minska antalet anmälda cykelstölder från 100 till o.", "MA"),
    (
        "Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen "
        "från 100 till o.",
        "SMA",
    ),
    (
        "Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen, "
        "med minst 10 stycken. Antal att jämföra med är 100.",
        "SMAR",
    ),
    (
        "Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen. "
        "De uppgick under år 2016 till 100 stycken och ska under år 2017 minska med minst "
        "10 stycken.",
        "SMART",
    ),
]


@pytest.fixture(autouse=True)
def _english() -> object:
    """The change log stores field names and labels in the writer's language: write in English
    whatever an earlier test in the same worker left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def demo_problem(fagersta: Collaboration) -> Problem:
    """The demo's prioritised problem with its cause analysis."""
    return Problem.objects.get(
        collaboration=fagersta, cause_analysis__isnull=False, origin="manual"
    )


@pytest.fixture
def draft_plan(fagersta: Collaboration, fagersta_coordinator: Any) -> ActionPlan:
    return plans.action_plan_create(
        user=fagersta_coordinator, collaboration=fagersta, year=2031, title="Test"
    )


def measure_kwargs(problem: Problem, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "problem": problem,
        "causes": [Cause.objects.get(analysis__problem=problem, number="1")],
        "title": "Ny belysning",
        "kind": MeasureKind.SITUATIONAL,
        "prevention_level": PreventionLevel.PRIMARY,
        "responsible_organisation": Organisation.objects.get(name="Fagersta kommun"),
        "responsible_person": "Samordnaren",
        "start": datetime.date(2031, 3, 1),
        "end": datetime.date(2031, 6, 30),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("text", "letters"), PROGRESSION)
def test_goal_service_stores_the_handbooks_smart_progression(
    demo_problem: Problem, fagersta_coordinator: Any, text: str, letters: str
) -> None:
    goal = plans.goal_create(
        user=fagersta_coordinator, problem=demo_problem, goal_type=GoalType.EFFECT, text=text
    )
    goal.refresh_from_db()
    assert goal.smart_letters == letters


def test_goal_update_checks_the_letters_again(
    demo_problem: Problem, fagersta_coordinator: Any
) -> None:
    goal = plans.goal_create(
        user=fagersta_coordinator,
        problem=demo_problem,
        goal_type=GoalType.EFFECT,
        text=PROGRESSION[4][0],
    )
    assert goal.smart_letters == "SMAR"
    plans.goal_update(
        user=fagersta_coordinator,
        goal=goal,
        goal_type=GoalType.EFFECT,
        text=PROGRESSION[4][0],
        deadline=datetime.date(2031, 12, 31),
    )
    goal.refresh_from_db()
    assert goal.smart_letters == "SMART"


def test_a_goal_needs_a_prioritised_problem(problem: Problem, fagersta_coordinator: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        plans.goal_create(
            user=fagersta_coordinator, problem=problem, goal_type=GoalType.EFFECT, text="Minska"
        )
    assert exc.value.code == "not_prioritised"
    assert not Goal.objects.filter(problem=problem).exists()


def test_a_reporter_may_not_write_goals(demo_problem: Problem, fagersta_reporter: Any) -> None:
    before = Goal.objects.count()
    with pytest.raises(ValidationError):
        plans.goal_create(
            user=fagersta_reporter, problem=demo_problem, goal_type=GoalType.EFFECT, text="x"
        )
    assert Goal.objects.count() == before


def test_a_measure_without_a_cause_is_refused_and_nothing_is_stored(
    demo_problem: Problem, draft_plan: ActionPlan, fagersta_coordinator: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        plans.measure_create(
            user=fagersta_coordinator, plan=draft_plan, **measure_kwargs(demo_problem, causes=[])
        )
    assert exc.value.error_dict["causes"][0].code == "no_cause"
    assert not draft_plan.measures.exists()
    assert not draft_plan.changes.exists()


def test_a_measure_aimed_at_another_problems_cause_is_refused(
    demo_problem: Problem,
    draft_plan: ActionPlan,
    fagersta_coordinator: Any,
    analysis: Any,
) -> None:
    from laget.planning import services

    foreign = services.cause_add(user=fagersta_coordinator, analysis=analysis, text="Annan")
    with pytest.raises(ValidationError) as exc:
        plans.measure_create(
            user=fagersta_coordinator,
            plan=draft_plan,
            **measure_kwargs(demo_problem, causes=[foreign]),
        )
    assert exc.value.error_dict["causes"][0].code == "foreign"
    assert not draft_plan.measures.exists()


def test_a_measure_ending_before_it_starts_is_refused(
    demo_problem: Problem, draft_plan: ActionPlan, fagersta_coordinator: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        plans.measure_create(
            user=fagersta_coordinator,
            plan=draft_plan,
            **measure_kwargs(demo_problem, end=datetime.date(2031, 2, 1)),
        )
    assert exc.value.error_dict["end"][0].code == "end_before_start"
    assert not draft_plan.measures.exists()


def test_a_cancelled_measure_needs_a_reason(
    demo_problem: Problem, draft_plan: ActionPlan, fagersta_coordinator: Any
) -> None:
    measure = plans.measure_create(
        user=fagersta_coordinator, plan=draft_plan, **measure_kwargs(demo_problem)
    )
    with pytest.raises(ValidationError) as exc:
        plans.measure_update(
            user=fagersta_coordinator, measure=measure, status=MeasureStatus.CANCELLED
        )
    assert exc.value.error_dict["status_reason"][0].code == "reason_required"
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED


def test_a_reporter_may_not_adopt_the_plan(
    demo_problem: Problem, draft_plan: ActionPlan, fagersta_coordinator: Any, fagersta_reporter: Any
) -> None:
    plans.measure_create(user=fagersta_coordinator, plan=draft_plan, **measure_kwargs(demo_problem))
    decisions = Decision.objects.count()
    with pytest.raises(ValidationError) as exc:
        plans.action_plan_adopt(
            user=fagersta_reporter,
            plan=draft_plan,
            decided_on=datetime.date(2026, 1, 5),
            text="Antas.",
        )
    assert exc.value.code == "not_allowed"
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.DRAFT
    assert Decision.objects.count() == decisions


def _steering(fagersta: Collaboration) -> Any:
    from laget.accounts.models import User

    return User.objects.get(username="styrgrupp.fagersta")


def test_the_steering_group_adopts_the_plan_with_a_recorded_decision(
    fagersta: Collaboration,
    demo_problem: Problem,
    draft_plan: ActionPlan,
    fagersta_coordinator: Any,
) -> None:
    measure = plans.measure_create(
        user=fagersta_coordinator, plan=draft_plan, **measure_kwargs(demo_problem)
    )
    assert not measure.outside_adopted_plan  # a draft's measures are simply in the draft
    plan = plans.action_plan_adopt(
        user=_steering(fagersta),
        plan=draft_plan,
        decided_on=datetime.date(2026, 1, 5),
        text="Styrgruppen antar planen.",
    )
    assert plan.status == PlanStatus.ADOPTED
    assert plan.version == 1
    assert plan.adopted_on == datetime.date(2026, 1, 5)
    assert plan.adoption_decision.group.kind == "styrgrupp"
    assert plan.adoption_decision.text == "Styrgruppen antar planen."
    measure.refresh_from_db()
    assert measure.in_adopted_plan


def test_an_empty_plan_cannot_be_adopted(fagersta: Collaboration, draft_plan: ActionPlan) -> None:
    with pytest.raises(ValidationError) as exc:
        plans.action_plan_adopt(
            user=_steering(fagersta),
            plan=draft_plan,
            decided_on=datetime.date(2026, 1, 5),
            text="Antas.",
        )
    assert exc.value.code == "empty"


@pytest.fixture
def adopted(
    fagersta: Collaboration,
    demo_problem: Problem,
    draft_plan: ActionPlan,
    fagersta_coordinator: Any,
) -> Measure:
    measure = plans.measure_create(
        user=fagersta_coordinator, plan=draft_plan, **measure_kwargs(demo_problem)
    )
    plans.action_plan_adopt(
        user=fagersta_coordinator,  # a coordinator records the steering group's decision
        plan=draft_plan,
        decided_on=datetime.date(2026, 1, 5),
        text="Antas.",
    )
    measure.refresh_from_db()
    return measure


def test_a_change_of_an_adopted_plan_needs_a_reason(
    adopted: Measure, fagersta_coordinator: Any
) -> None:
    logged = PlanChange.objects.filter(plan=adopted.plan).count()
    with pytest.raises(ValidationError) as exc:
        plans.measure_update(
            user=fagersta_coordinator, measure=adopted, end=datetime.date(2031, 9, 30)
        )
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    adopted.refresh_from_db()
    assert adopted.end == datetime.date(2031, 6, 30)
    assert PlanChange.objects.filter(plan=adopted.plan).count() == logged


def test_the_change_log_keeps_who_what_and_why(adopted: Measure, fagersta_coordinator: Any) -> None:
    plans.measure_update(
        user=fagersta_coordinator,
        measure=adopted,
        end=datetime.date(2031, 9, 30),
        reason="Leveransen är försenad.",
    )
    entry = adopted.changes.first()
    assert entry.changed_by == fagersta_coordinator
    assert entry.reason == "Leveransen är försenad."
    assert entry.changes == [{"field": "to be done by", "old": "2031-06-30", "new": "2031-09-30"}]
    assert entry.plan_adopted


def test_a_change_of_a_draft_is_logged_without_a_reason(
    demo_problem: Problem, draft_plan: ActionPlan, fagersta_coordinator: Any
) -> None:
    measure = plans.measure_create(
        user=fagersta_coordinator, plan=draft_plan, **measure_kwargs(demo_problem)
    )
    plans.measure_update(user=fagersta_coordinator, measure=measure, title="Bättre belysning")
    entry = measure.changes.first()
    assert entry.reason == ""
    assert entry.changes[0]["old"] == "Ny belysning"
    assert entry.changes[0]["new"] == "Bättre belysning"


def test_the_follow_up_light_needs_no_reason_but_is_logged(
    adopted: Measure, fagersta_coordinator: Any
) -> None:
    plans.measure_update(
        user=fagersta_coordinator, measure=adopted, traffic_light=TrafficLight.YELLOW
    )
    adopted.refresh_from_db()
    assert adopted.traffic_light == TrafficLight.YELLOW
    assert adopted.changes.first().changes[0]["new"] == "Yellow"


def test_a_measure_added_after_adoption_is_outside_the_plan_until_adopted_again(
    fagersta: Collaboration, adopted: Measure, demo_problem: Problem, fagersta_coordinator: Any
) -> None:
    plan = adopted.plan
    with pytest.raises(ValidationError):
        plans.measure_create(
            user=fagersta_coordinator, plan=plan, **measure_kwargs(demo_problem, title="Extra")
        )
    extra = plans.measure_create(
        user=fagersta_coordinator,
        plan=plan,
        reason="Boende bad om det.",
        **measure_kwargs(demo_problem, title="Extra"),
    )
    assert extra.outside_adopted_plan
    plans.action_plan_adopt(
        user=_steering(fagersta),
        plan=plan,
        decided_on=datetime.date(2026, 3, 1),
        text="Den ändrade planen antas.",
    )
    extra.refresh_from_db()
    assert not extra.outside_adopted_plan
    assert extra.plan.version == 2


def test_a_changed_step_of_an_adopted_plan_needs_a_reason(
    adopted: Measure, fagersta_coordinator: Any
) -> None:
    with pytest.raises(ValidationError):
        plans.measure_step_add(user=fagersta_coordinator, measure=adopted, text="Nytt moment")
    step = plans.measure_step_add(
        user=fagersta_coordinator, measure=adopted, text="Nytt moment", reason="Behövs."
    )
    assert step.position == 1


# --- indicators ---------------------------------------------------------------------------------


@pytest.fixture
def goal(demo_problem: Problem, fagersta_coordinator: Any) -> Goal:
    return plans.goal_create(
        user=fagersta_coordinator,
        problem=demo_problem,
        goal_type=GoalType.EFFECT,
        text=PROGRESSION[5][0],
    )


def _report(
    fagersta: Collaboration,
    category: Category,
    area: Area,
    day: datetime.date,
    count: int,
    **kw: Any,
) -> Report:
    return Report.objects.create(
        collaboration=fagersta,
        category=category,
        category_label=str(category),
        template_version=1,
        owner_organisation=Organisation.objects.get(name="Fagersta kommun"),
        info_class=kw.pop("info_class", InformationClass.PARTNERS),
        period_start=day - datetime.timedelta(days=day.weekday()),
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
        area=area,
        count=count,
        source="web",
        **kw,
    )


def test_a_situation_count_indicator_sums_the_reports_per_completed_month(
    fagersta: Collaboration, goal: Goal, fagersta_coordinator: Any
) -> None:
    area = Area.objects.create(collaboration=fagersta, name="Testområdet")
    klotter = Category.objects.filter(template__collaboration=fagersta, key="klotter").first()
    other = (
        Category.objects.filter(template__collaboration=fagersta)
        .exclude(pk=klotter.pk)
        .exclude(parent=klotter)
        .exclude(pk=klotter.parent_id)
        .first()
    )
    counted = _report(fagersta, klotter, area, datetime.date(2026, 3, 4), 3)
    _report(fagersta, klotter, area, datetime.date(2026, 3, 20), 2)
    _report(fagersta, klotter, area, datetime.date(2026, 4, 2), 1)
    # not counted: a duplicate, an own-organisation report, another category, the open month
    _report(fagersta, klotter, area, datetime.date(2026, 3, 5), 7, duplicate_of=counted)
    _report(
        fagersta,
        klotter,
        area,
        datetime.date(2026, 3, 6),
        11,
        info_class=InformationClass.OWN_ORGANISATION,
    )
    _report(fagersta, other, area, datetime.date(2026, 3, 7), 13)
    _report(fagersta, klotter, area, datetime.date(2026, 5, 3), 17)
    indicator = plans.indicator_create(
        user=fagersta_coordinator,
        goal=goal,
        name="Klotter",
        source=IndicatorSource.SITUATION_COUNT,
        category=klotter,
        area=area,
    )
    plans.indicator_refresh(indicator=indicator, today=datetime.date(2026, 5, 10))
    values = {m.period_start: m.value for m in indicator.measurements.all()}
    assert values[datetime.date(2026, 3, 1)] == 5
    assert values[datetime.date(2026, 4, 1)] == 1
    assert values[datetime.date(2026, 2, 1)] == 0
    assert datetime.date(2026, 5, 1) not in values  # May is not complete
    assert all(m.computed for m in indicator.measurements.all())
    # refreshing again changes nothing
    plans.indicator_refresh(indicator=indicator, today=datetime.date(2026, 5, 10))
    assert indicator.measurements.count() == len(values)


def test_a_situation_count_needs_a_category_of_the_collaboration(
    goal: Goal, fagersta_coordinator: Any, ludvika: Collaboration
) -> None:
    foreign = Category.objects.filter(template__collaboration=ludvika).first()
    with pytest.raises(ValidationError) as exc:
        plans.indicator_create(
            user=fagersta_coordinator,
            goal=goal,
            name="Klotter",
            source=IndicatorSource.SITUATION_COUNT,
            category=foreign,
        )
    assert exc.value.error_dict["category"][0].code == "foreign"
    assert not goal.indicators.exists()


def test_manual_measurements_are_entered_and_checked(goal: Goal, fagersta_coordinator: Any) -> None:
    indicator = plans.indicator_create(
        user=fagersta_coordinator,
        goal=goal,
        name="Upplevd trygghet",
        source=IndicatorSource.SURVEY,
        source_reference="Hur trygg känner du dig i centrum på kvällen?",
    )
    plans.measurement_add(
        user=fagersta_coordinator,
        indicator=indicator,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        value=62,
    )
    with pytest.raises(ValidationError) as exc:
        plans.measurement_add(
            user=fagersta_coordinator,
            indicator=indicator,
            period_start=datetime.date(2027, 12, 31),
            period_end=datetime.date(2027, 1, 1),
            value=1,
        )
    assert exc.value.error_dict["period_end"][0].code == "end_before_start"
    assert Measurement.objects.filter(indicator=indicator).count() == 1


def test_the_demo_has_an_adopted_plan_with_all_three_lights(fagersta: Collaboration) -> None:
    plan = ActionPlan.objects.get(collaboration=fagersta)
    assert plan.status == PlanStatus.ADOPTED
    lights = set(plan.measures.values_list("traffic_light", flat=True))
    assert {"green", "yellow", "red"} <= lights
    assert any(m.outside_adopted_plan for m in plan.measures.all())
    assert plan.changes.exclude(reason="").filter(changes__isnull=False).exists()
    assert Goal.objects.filter(collaboration=fagersta).exclude(smart_letters__contains="T")


def test_the_refresh_command_computes_every_counted_indicator(fagersta: Collaboration) -> None:
    from io import StringIO

    from django.core.management import call_command

    Measurement.objects.filter(indicator__source=IndicatorSource.SITUATION_COUNT).delete()
    out = StringIO()
    call_command("refresh_indicators", stdout=out)
    assert "Refreshed 2 indicator(s)." in out.getvalue()  # Fagersta's and Ludvika's
    assert Measurement.objects.filter(
        indicator__source=IndicatorSource.SITUATION_COUNT, computed=True
    ).exists()
