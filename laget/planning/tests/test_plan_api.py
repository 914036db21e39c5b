"""The read-only API of step 4: goals with indicators, and the åtgärdsplan with its measures."""

from __future__ import annotations

from typing import Any

import pytest

from laget.api.tests.test_api import api_for
from laget.organisations.models import Collaboration
from laget.planning.models import ActionPlan, Goal

pytestmark = pytest.mark.django_db


def test_it_reads_the_adopted_plan_with_its_measures(
    fagersta_reporter: Any, fagersta: Collaboration
) -> None:
    plan = ActionPlan.objects.get(collaboration=fagersta)
    response = api_for(fagersta_reporter).get(
        f"/collaborations/{fagersta.pk}/action-plans/{plan.pk}"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "adopted" and body["version"] == 1
    assert body["adoption_decision_id"] == plan.adoption_decision_id
    assert {m["traffic_light"] for m in body["measures"]} >= {"green", "yellow", "red"}
    assert all(m["cause_numbers"] for m in body["measures"])
    assert [m["title"] for m in body["measures"] if m["outside_adopted_plan"]] == [
        "Trygghetsvandring i gångtunneln med boende"
    ]
    listed = api_for(fagersta_reporter).get(f"/collaborations/{fagersta.pk}/action-plans")
    assert [p["id"] for p in listed.json()] == [plan.pk]


def test_it_lists_goals_with_smart_letters_and_measurements(
    fagersta_reporter: Any, fagersta: Collaboration
) -> None:
    response = api_for(fagersta_reporter).get(f"/collaborations/{fagersta.pk}/goals")
    assert response.status_code == 200
    goals = response.json()
    assert {g["goal_type"] for g in goals} == {"effect", "operational"}
    assert any("T" not in g["smart_letters"] for g in goals)
    sources = {i["source"]: i for g in goals for i in g["indicators"]}
    assert sources["manual"]["measurements"]
    assert sources["situation_count"]["category"] == "klotter"
    goal = Goal.objects.filter(collaboration=fagersta).first()
    one = api_for(fagersta_reporter).get(f"/collaborations/{fagersta.pk}/goals/{goal.pk}")
    assert one.json()["id"] == goal.pk


def test_another_municipality_gets_404(
    ludvika_coordinator: Any, fagersta: Collaboration, ludvika: Collaboration
) -> None:
    plan = ActionPlan.objects.get(collaboration=fagersta)
    goal = Goal.objects.filter(collaboration=fagersta).first()
    api = api_for(ludvika_coordinator)
    assert api.get(f"/collaborations/{fagersta.pk}/action-plans/{plan.pk}").status_code == 404
    assert api.get(f"/collaborations/{ludvika.pk}/action-plans/{plan.pk}").status_code == 404
    assert api.get(f"/collaborations/{ludvika.pk}/goals/{goal.pk}").status_code == 404
    own = api.get(f"/collaborations/{ludvika.pk}/goals").json()
    assert own and goal.pk not in {g["id"] for g in own}  # Ludvika's own demo goals only
