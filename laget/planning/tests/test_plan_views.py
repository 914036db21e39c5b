"""Pages of step 4: goals with the SMART check, indicators and the åtgärdsplan.

Who may read, edit and adopt; bad input answers with a clear error and stores nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from laget.accounts.models import User
from laget.organisations.models import Collaboration, Decision, Organisation
from laget.planning.choices import PlanStatus
from laget.planning.models import ActionPlan, Cause, Goal, Indicator, Measure, PlanChange, Problem

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(name: str, collaboration: Collaboration, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"collaboration_id": collaboration.pk, **kwargs})


@pytest.fixture
def problem(fagersta: Collaboration) -> Problem:
    return Problem.objects.get(
        collaboration=fagersta, cause_analysis__isnull=False, origin="manual"
    )


@pytest.fixture
def plan(fagersta: Collaboration) -> ActionPlan:
    return ActionPlan.objects.get(collaboration=fagersta)


@pytest.fixture
def draft(fagersta: Collaboration, fagersta_coordinator: User) -> ActionPlan:
    from laget.planning import plans

    return plans.action_plan_create(user=fagersta_coordinator, collaboration=fagersta, year=2031)


def measure_post(problem: Problem, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "problem": problem.pk,
        "causes": [Cause.objects.get(analysis__problem=problem, number="1").pk],
        "title": "Ny belysning i parken",
        "kind": "situational",
        "prevention_level": "primary",
        "responsible_organisation": Organisation.objects.get(name="Fagersta kommun").pk,
        "responsible_person": "Samordnaren",
        "start": "2031-03-01",
        "end": "2031-06-30",
        "mode": "ordinary",
    }
    data.update(overrides)
    return data


def test_members_read_the_plan_as_the_handbooks_table(
    client_for: Any, fagersta: Collaboration, fagersta_reporter: User, plan: ActionPlan
) -> None:
    response = client_for(fagersta_reporter).get(
        url("plan_detail", fagersta, plan_id=plan.pk), **EN
    )
    html = response.content.decode()
    assert response.status_code == 200
    for column in ("Cause", "Measure", "Operational goals", "When", "Who", "Follow-up"):
        assert f'<th scope="col">{column}</th>' in html
    assert "Outside the adopted plan" in html
    assert "light--green" in html and "light--yellow" in html and "light--red" in html
    assert "carried out in full" in html  # the traffic lights' meaning as help text
    assert "Record the adoption" not in html  # a reporter may not adopt


def test_a_reporter_cannot_add_measures_or_adopt(
    client_for: Any,
    fagersta: Collaboration,
    fagersta_reporter: User,
    problem: Problem,
    draft: ActionPlan,
) -> None:
    client = client_for(fagersta_reporter)
    response = client.post(url("measure_create", fagersta, plan_id=draft.pk), measure_post(problem))
    assert response.status_code == 403
    assert not draft.measures.exists()
    decisions = Decision.objects.count()
    response = client.post(
        url("plan_adopt", fagersta, plan_id=draft.pk),
        {"decided_on": "2026-01-05", "text": "Antas."},
        follow=True,
        **EN,
    )
    assert "Only a member of the steering group" in response.content.decode()
    assert Decision.objects.count() == decisions
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_another_municipality_gets_404(
    client_for: Any, fagersta: Collaboration, ludvika_coordinator: User, plan: ActionPlan
) -> None:
    client = client_for(ludvika_coordinator)
    measure = plan.measures.first()
    goal = Goal.objects.filter(collaboration=fagersta).first()
    assert client.get(url("plan_detail", fagersta, plan_id=plan.pk)).status_code == 404
    assert client.get(url("measure_detail", fagersta, measure_id=measure.pk)).status_code == 404
    assert client.get(url("goal_detail", fagersta, goal_id=goal.pk)).status_code == 404
    response = client.post(
        url("measure_detail", fagersta, measure_id=measure.pk), {"title": "Kapad"}
    )
    assert response.status_code == 404
    measure.refresh_from_db()
    assert measure.title != "Kapad"


def test_a_measure_without_a_cause_gets_an_error_and_nothing_is_stored(
    client_for: Any,
    fagersta: Collaboration,
    fagersta_coordinator: User,
    problem: Problem,
    draft: ActionPlan,
) -> None:
    response = client_for(fagersta_coordinator).post(
        url("measure_create", fagersta, plan_id=draft.pk), measure_post(problem, causes=[]), **EN
    )
    assert response.status_code == 400
    assert "Link the measure to at least one cause" in response.content.decode()
    assert not draft.measures.exists()


def test_a_measure_ending_before_its_start_gets_an_error(
    client_for: Any,
    fagersta: Collaboration,
    fagersta_coordinator: User,
    problem: Problem,
    draft: ActionPlan,
) -> None:
    response = client_for(fagersta_coordinator).post(
        url("measure_create", fagersta, plan_id=draft.pk),
        measure_post(problem, end="2031-01-01"),
        **EN,
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert not draft.measures.exists()


def test_a_foreign_cause_is_refused(
    client_for: Any,
    fagersta: Collaboration,
    ludvika: Collaboration,
    fagersta_coordinator: User,
    problem: Problem,
    draft: ActionPlan,
) -> None:
    other = Cause.objects.exclude(analysis__problem=problem).first()
    data = measure_post(problem, causes=[other.pk] if other else [999999])
    response = client_for(fagersta_coordinator).post(
        url("measure_create", fagersta, plan_id=draft.pk), data, **EN
    )
    assert response.status_code == 400
    assert not draft.measures.exists()


def test_a_coordinator_adds_a_measure_and_the_steering_group_adopts(
    client_for: Any,
    fagersta: Collaboration,
    fagersta_coordinator: User,
    problem: Problem,
    draft: ActionPlan,
) -> None:
    response = client_for(fagersta_coordinator).post(
        url("measure_create", fagersta, plan_id=draft.pk), measure_post(problem)
    )
    measure = draft.measures.get()
    assert response.status_code == 302
    assert response.url == url("measure_detail", fagersta, measure_id=measure.pk)
    steering = User.objects.get(username="styrgrupp.fagersta")
    response = client_for(steering).post(
        url("plan_adopt", fagersta, plan_id=draft.pk),
        {"decided_on": datetime.date.today().isoformat(), "text": "Styrgruppen antar planen."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ADOPTED
    assert draft.adoption_decision.group.kind == "styrgrupp"


def test_a_change_without_reason_on_an_adopted_plan_is_refused(
    client_for: Any,
    fagersta: Collaboration,
    fagersta_coordinator: User,
    problem: Problem,
    plan: ActionPlan,
) -> None:
    measure = plan.measures.filter(in_adopted_plan=True).first()
    client = client_for(fagersta_coordinator)
    data = {
        "causes": list(measure.causes.values_list("pk", flat=True)),
        "title": "Ändrad titel",
        "kind": measure.kind,
        "prevention_level": measure.prevention_level,
        "responsible_organisation": measure.responsible_organisation_id,
        "responsible_person": measure.responsible_person,
        "start": measure.start.isoformat(),
        "end": measure.end.isoformat(),
        "mode": measure.mode,
        "status": measure.status,
        "traffic_light": measure.traffic_light,
        "operational_goals": list(measure.operational_goals.values_list("pk", flat=True)),
        "hours": measure.hours or "",
        "cost_sek": measure.cost_sek or "",
        "follow_up_on": measure.follow_up_on.isoformat() if measure.follow_up_on else "",
        "description": measure.description,
        "status_reason": measure.status_reason,
    }
    logged = PlanChange.objects.count()
    response = client.post(url("measure_detail", fagersta, measure_id=measure.pk), data, **EN)
    assert response.status_code == 400
    assert "say why the plan changes" in response.content.decode()
    assert PlanChange.objects.count() == logged
    response = client.post(
        url("measure_detail", fagersta, measure_id=measure.pk),
        {**data, "reason": "Styrgruppen bad om en tydligare titel."},
    )
    assert response.status_code == 302
    page = client.get(url("plan_detail", fagersta, plan_id=plan.pk), **EN).content.decode()
    assert "Styrgruppen bad om en tydligare titel." in page
    assert "Ändrad titel" in page


def test_the_goal_form_shows_the_smart_check_on_submit(
    client_for: Any, fagersta: Collaboration, fagersta_coordinator: User, problem: Problem
) -> None:
    client = client_for(fagersta_coordinator)
    response = client.post(
        url("goal_create", fagersta, problem_id=problem.pk),
        {"goal_type": "", "text": "Vi ska verka för färre brott."},
        **EN,
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-code="vague_verb"' in html
    assert "“verka för” is a vague phrase" in html
    response = client.post(
        url("goal_create", fagersta, problem_id=problem.pk),
        {"goal_type": "effect", "text": "Minska antalet brott"},
    )
    goal = Goal.objects.get(problem=problem, text="Minska antalet brott")
    assert response.status_code == 302
    assert goal.smart_letters == "A"  # saved although it lacks letters: the check is advice
    page = client.get(url("goal_detail", fagersta, goal_id=goal.pk), **EN).content.decode()
    assert "Goal formulation" in page
    assert 'data-code="no_number"' in page


def test_the_smart_endpoint_answers_json_and_an_htmx_fragment(
    client_for: Any, fagersta: Collaboration, fagersta_reporter: User
) -> None:
    client = client_for(fagersta_reporter)
    text = (
        "Minska antalet anmälda cykelstölder på cykelparkeringen vid järnvägsstationen, "
        "med minst 10 stycken. Antal att jämföra med är 100."
    )
    data = client.get(url("smart_check", fagersta), {"text": text}, **EN).json()
    assert data["covered"] == "SMAR"
    assert [row["letter"] for row in data["letters"]] == list("SMART")
    assert data["letters"][4]["findings"][0]["code"] == "no_deadline"
    data = client.get(
        url("smart_check", fagersta), {"text": text, "deadline": "2031-12-31"}, **EN
    ).json()
    assert data["covered"] == "SMART"
    fragment = client.post(
        url("smart_check", fagersta), {"text": text}, HTTP_HX_REQUEST="true", **EN
    ).content.decode()
    assert fragment.startswith('<div id="smart-check"')
    assert 'data-letter="T" data-covered="false"' in fragment


def test_an_indicator_page_computes_the_counts_and_manual_values_are_checked(
    client_for: Any, fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    counted = Indicator.objects.get(goal__collaboration=fagersta, source="situation_count")
    counted.measurements.all().delete()
    client = client_for(fagersta_coordinator)
    response = client.get(url("indicator_detail", fagersta, indicator_id=counted.pk), **EN)
    assert response.status_code == 200
    assert counted.measurements.filter(computed=True).exists()
    assert "Add a measurement" not in response.content.decode()
    manual = Indicator.objects.get(
        goal__collaboration=fagersta, goal__problem__origin="manual", source="manual"
    )
    before = manual.measurements.count()
    response = client.post(
        url("measurement_add", fagersta, indicator_id=manual.pk),
        {"period_start": "2031-02-01", "period_end": "2031-01-01", "value": "5"},
        **EN,
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert manual.measurements.count() == before


def test_the_problem_page_links_its_goals_and_measures(
    client_for: Any, fagersta: Collaboration, fagersta_reporter: User, problem: Problem
) -> None:
    html = (
        client_for(fagersta_reporter)
        .get(url("problem_detail", fagersta, problem_id=problem.pk), **EN)
        .content.decode()
    )
    for goal in problem.goals.all():
        assert url("goal_detail", fagersta, goal_id=goal.pk) in html
    for measure in Measure.objects.filter(problem=problem):
        assert url("measure_detail", fagersta, measure_id=measure.pk) in html
    assert "Formulate a goal" not in html  # a reporter reads only
