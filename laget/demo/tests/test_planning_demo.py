"""The demo's planning chain in both municipalities, beyond what the traceability test checks
(laget/planning/tests/test_trace.py): cause trees with hypotheses, an effect and an operational
goal, an indicator computed from the lägesbild, the plan of the current year and follow-ups;
loading the demo again changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from laget.demo.planning import demo_planning_load
from laget.organisations.models import Collaboration
from laget.planning.choices import GoalType, IndicatorSource, ProblemStatus
from laget.planning.followup_demo import followup_demo_load
from laget.planning.models import ActionPlan, FollowUp, Goal, Indicator, Measure, Problem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["ludvika", "fagersta"])
def test_both_municipalities_have_analyses_goals_a_plan_and_follow_ups(slug, demo):
    collaboration = Collaboration.objects.get(slug=slug)
    for problem in Problem.objects.filter(
        collaboration=collaboration, status=ProblemStatus.PRIORITISED
    ):
        assert problem.cause_analysis.causes.filter(parent__isnull=False).exists()
        assert problem.cause_analysis.hypotheses.exists()
    goal_types = Goal.objects.filter(collaboration=collaboration).values_list(
        "goal_type", flat=True
    )
    assert {GoalType.EFFECT, GoalType.OPERATIONAL} <= set(goal_types)
    counted = Indicator.objects.get(
        goal__problem__collaboration=collaboration, source=IndicatorSource.SITUATION_COUNT
    )
    assert counted.measurements.filter(computed=True).exists()
    plan = ActionPlan.objects.get(collaboration=collaboration)
    assert plan.is_adopted and plan.year == timezone.localdate().year
    assert plan.adoption_decision.created_by.username == f"styrgrupp.{slug}"
    if timezone.localdate().timetuple().tm_yday > 15:  # the first measure has started
        assert FollowUp.objects.filter(measure__plan=plan).exists()


def test_loading_the_planning_demo_again_changes_nothing(demo):
    models = (Problem, Goal, Indicator, ActionPlan, Measure, FollowUp)
    before = [m.objects.count() for m in models]
    demo_planning_load()
    followup_demo_load()
    assert [m.objects.count() for m in models] == before
