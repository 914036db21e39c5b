"""API routes (read-only) for the planning app: problems, their scores and approvals, and
their cause analysis. Everything goes through the access module like the web pages.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from laget import access
from laget.organisations.models import Collaboration
from laget.planning import selectors, services
from laget.planning.choices import ProblemStatus
from laget.planning.models import ActionPlan, Goal, Problem

router = Router(tags=["planning"])


class ScoreOut(Schema):
    criterion: str
    score: int = Field(description="0 (not at all) … 3 (to a high degree).")
    motivation: str


class ApprovalOut(Schema):
    party: str = Field(description="municipality or police.")
    organisation: str
    approved_at: datetime.datetime


class ProblemOut(Schema):
    id: int
    title: str
    description: str
    status: str = Field(description="proposed, prioritised, deprioritised or closed.")
    status_reason: str = Field(description="Why the problem was deprioritised or closed.")
    origin: str = Field(description="meeting, alert or manual.")
    category: str | None = Field(description="The category's key, if any.")
    area_ids: list[int]
    time_pattern: str
    affected_group: str
    info_class: str
    total: int | None = Field(description="The matrix's total; null until fully scored.")
    scores: list[ScoreOut]
    approvals: list[ApprovalOut]
    has_cause_analysis: bool


class CauseOut(Schema):
    id: int
    number: str = Field(description="Stable: 1, 1.2, 1.2.1 …; measures refer to it.")
    parent_number: str | None
    level: int
    text: str
    perspective: str


class EventStepOut(Schema):
    position: int
    text: str
    preventable: bool


class HypothesisOut(Schema):
    id: int
    cause_number: str | None
    problem: str
    hypothesis: str
    test: str
    result: str
    status: str = Field(description="untested, supported or rejected.")


class CauseAnalysisOut(Schema):
    problem_id: int
    status: str
    decided_by: str
    decided_on: datetime.date
    performed_by: str
    place: str
    victim: str
    offender: str
    place_managers: str
    guardians: str
    handlers: str
    causes: list[CauseOut]
    event_chain: list[EventStepOut]
    hypotheses: list[HypothesisOut]


def _problem_out(problem: Problem) -> dict[str, Any]:
    scores = list(problem.assessments.all())
    return {
        "id": problem.pk,
        "title": problem.title,
        "description": problem.description,
        "status": problem.status,
        "status_reason": problem.status_reason,
        "origin": problem.origin,
        "category": problem.category.key if problem.category else None,
        "area_ids": [a.pk for a in problem.areas.all()],
        "time_pattern": problem.time_pattern,
        "affected_group": problem.affected_group,
        "info_class": problem.info_class,
        "total": services.assessment_total(problem),
        "scores": [
            {"criterion": a.criterion, "score": a.score, "motivation": a.motivation} for a in scores
        ],
        "approvals": [
            {"party": a.party, "organisation": a.organisation.name, "approved_at": a.approved_at}
            for a in problem.approvals.all()
        ],
        "has_cause_analysis": hasattr(problem, "cause_analysis"),
    }


def _problem(request: HttpRequest, collaboration_id: int, problem_id: int) -> Problem:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    problem = access.access_object(request.user, Problem, problem_id)
    if problem.collaboration_id != collaboration.pk:
        raise Http404
    return problem


@router.get(
    "/collaborations/{collaboration_id}/problems",
    response=list[ProblemOut],
    summary="List problems",
)
def problem_list(
    request: HttpRequest, collaboration_id: int, status: str | None = None
) -> list[dict[str, Any]]:
    """The collaboration's problems (fokusområden) with their scores and approvals; ``status``
    filters (proposed, prioritised, deprioritised, closed)."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    if status not in ProblemStatus.values:
        status = None
    problems = selectors.problem_list(
        user=request.user, collaboration=collaboration, status=status
    ).prefetch_related("approvals__organisation")
    return [_problem_out(p) for p in problems]


@router.get(
    "/collaborations/{collaboration_id}/problems/{problem_id}",
    response=ProblemOut,
    summary="Read a problem",
)
def problem_detail(request: HttpRequest, collaboration_id: int, problem_id: int) -> dict[str, Any]:
    return _problem_out(_problem(request, collaboration_id, problem_id))


@router.get(
    "/collaborations/{collaboration_id}/problems/{problem_id}/cause-analysis",
    response=CauseAnalysisOut,
    summary="Read a problem's cause analysis",
)
def cause_analysis_detail(
    request: HttpRequest, collaboration_id: int, problem_id: int
) -> dict[str, Any]:
    """The orsaksanalys: the problem triangle, the numbered causes, the event chain and the
    hypothesis table. 404 while the problem has none."""
    problem = _problem(request, collaboration_id, problem_id)
    analysis = selectors.analysis_for(problem)
    if analysis is None:
        raise Http404
    causes = list(analysis.causes.select_related("parent").order_by("depth", "position"))
    return {
        "problem_id": problem.pk,
        "status": analysis.status,
        "decided_by": analysis.decided_by,
        "decided_on": analysis.decided_on,
        "performed_by": analysis.performed_by,
        "place": analysis.place,
        "victim": analysis.victim,
        "offender": analysis.offender,
        "place_managers": analysis.place_managers,
        "guardians": analysis.guardians,
        "handlers": analysis.handlers,
        "causes": [
            {
                "id": c.pk,
                "number": c.number,
                "parent_number": c.parent.number if c.parent else None,
                "level": c.depth,
                "text": c.text,
                "perspective": c.perspective,
            }
            for c in causes
        ],
        "event_chain": [
            {"position": s.position, "text": s.text, "preventable": s.preventable}
            for s in analysis.event_steps.all()
        ],
        "hypotheses": [
            {
                "id": h.pk,
                "cause_number": h.cause.number if h.cause else None,
                "problem": h.problem_text,
                "hypothesis": h.hypothesis,
                "test": h.test,
                "result": h.result,
                "status": h.status,
            }
            for h in analysis.hypotheses.select_related("cause")
        ],
    }


# --- step 4: goals, indicators and the åtgärdsplan ----------------------------------------------


class MeasurementOut(Schema):
    period_start: datetime.date
    period_end: datetime.date
    value: float
    computed: bool = Field(description="True when computed from the situation reports.")


class IndicatorOut(Schema):
    id: int
    name: str
    definition: str
    unit: str
    source: str = Field(description="situation_count, statistics, survey or manual.")
    category: str | None = Field(description="The counted category's key (situation_count).")
    area_id: int | None
    source_reference: str
    baseline_value: float | None
    baseline_period: str
    target_value: float | None
    target_date: datetime.date | None
    frequency: str
    measurements: list[MeasurementOut]


class GoalOut(Schema):
    id: int
    problem_id: int
    parent_id: int | None
    goal_type: str = Field(description="effect, sub, operational, process or production.")
    text: str
    indicator: str
    place: str
    baseline: float | None
    baseline_period: str
    target: float | None
    deadline: datetime.date | None
    smart_letters: str = Field(description="The SMART letters the goal covers, e.g. SMAR.")
    cause_numbers: list[str]
    indicators: list[IndicatorOut]


class StepOut(Schema):
    position: int
    text: str
    done: bool


class MeasureOut(Schema):
    id: int
    problem_id: int
    cause_numbers: list[str] = Field(description="The ORSAK column: the causes' numbers.")
    title: str
    description: str
    kind: str = Field(description="situational or social.")
    prevention_level: str = Field(description="primary, secondary or tertiary.")
    responsible_organisation: str
    responsible_person: str
    start: datetime.date
    end: datetime.date
    hours: int | None
    cost_sek: int | None
    operational_goal_ids: list[int]
    status: str = Field(description="planned, ongoing, done or cancelled.")
    status_reason: str
    traffic_light: str = Field(description="green, yellow, red, or empty before follow-up.")
    follow_up_on: datetime.date | None
    mode: str = Field(description="one_off or ordinary.")
    outside_adopted_plan: bool = Field(
        description="Added after the plan was adopted and not adopted yet."
    )
    steps: list[StepOut]


class ActionPlanOut(Schema):
    id: int
    year: int
    title: str
    version: int = Field(description="The number of adoptions (0 while a draft).")
    status: str = Field(description="draft or adopted.")
    adopted_on: datetime.date | None
    adoption_decision_id: int | None
    measures: list[MeasureOut]


def _goal_out(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "problem_id": goal.problem_id,
        "parent_id": goal.parent_id,
        "goal_type": goal.goal_type,
        "text": goal.text,
        "indicator": goal.indicator,
        "place": goal.place,
        "baseline": goal.baseline,
        "baseline_period": goal.baseline_period,
        "target": goal.target,
        "deadline": goal.deadline,
        "smart_letters": goal.smart_letters,
        "cause_numbers": [c.number for c in goal.causes.all()],
        "indicators": [
            {
                "id": i.pk,
                "name": i.name,
                "definition": i.definition,
                "unit": i.unit,
                "source": i.source,
                "category": i.category.key if i.category else None,
                "area_id": i.area_id,
                "source_reference": i.source_reference,
                "baseline_value": i.baseline_value,
                "baseline_period": i.baseline_period,
                "target_value": i.target_value,
                "target_date": i.target_date,
                "frequency": i.frequency,
                "measurements": [
                    {
                        "period_start": m.period_start,
                        "period_end": m.period_end,
                        "value": m.value,
                        "computed": m.computed,
                    }
                    for m in i.measurements.all()
                ],
            }
            for i in goal.indicators.all()
        ],
    }


def _goals(request: HttpRequest, collaboration_id: int) -> Any:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    return selectors.goal_list(user=request.user, collaboration=collaboration).prefetch_related(
        "causes", "indicators__category", "indicators__measurements"
    )


@router.get(
    "/collaborations/{collaboration_id}/goals", response=list[GoalOut], summary="List goals"
)
def goal_list(request: HttpRequest, collaboration_id: int) -> list[dict[str, Any]]:
    """The goals of the collaboration's problems, with their SMART letters, the causes they
    address and their indicators with measurements."""
    return [_goal_out(g) for g in _goals(request, collaboration_id)]


@router.get(
    "/collaborations/{collaboration_id}/goals/{goal_id}", response=GoalOut, summary="Read a goal"
)
def goal_detail(request: HttpRequest, collaboration_id: int, goal_id: int) -> dict[str, Any]:
    goal = _goals(request, collaboration_id).filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    return _goal_out(goal)


def _plan_out(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    rows = selectors.plan_rows(user=request.user, plan=plan)
    return {
        "id": plan.pk,
        "year": plan.year,
        "title": plan.title,
        "version": plan.version,
        "status": plan.status,
        "adopted_on": plan.adopted_on,
        "adoption_decision_id": plan.adoption_decision_id,
        "measures": [
            {
                "id": r.measure.pk,
                "problem_id": r.measure.problem_id,
                "cause_numbers": [c.number for c in r.causes],
                "title": r.measure.title,
                "description": r.measure.description,
                "kind": r.measure.kind,
                "prevention_level": r.measure.prevention_level,
                "responsible_organisation": r.measure.responsible_organisation.name,
                "responsible_person": r.measure.responsible_person,
                "start": r.measure.start,
                "end": r.measure.end,
                "hours": r.measure.hours,
                "cost_sek": r.measure.cost_sek,
                "operational_goal_ids": [g.pk for g in r.goals],
                "status": r.measure.status,
                "status_reason": r.measure.status_reason,
                "traffic_light": r.measure.traffic_light,
                "follow_up_on": r.measure.follow_up_on,
                "mode": r.measure.mode,
                "outside_adopted_plan": r.measure.outside_adopted_plan,
                "steps": [
                    {"position": s.position, "text": s.text, "done": s.done} for s in r.steps
                ],
            }
            for r in rows
        ],
    }


@router.get(
    "/collaborations/{collaboration_id}/action-plans",
    response=list[ActionPlanOut],
    summary="List action plans",
)
def plan_list(request: HttpRequest, collaboration_id: int) -> list[dict[str, Any]]:
    """The collaboration's åtgärdsplaner, the latest year first, with their measures."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    return [
        _plan_out(request, p)
        for p in selectors.plan_list(user=request.user, collaboration=collaboration)
    ]


@router.get(
    "/collaborations/{collaboration_id}/action-plans/{plan_id}",
    response=ActionPlanOut,
    summary="Read an action plan",
)
def plan_detail(request: HttpRequest, collaboration_id: int, plan_id: int) -> dict[str, Any]:
    """One åtgärdsplan: each measure with its causes (ORSAK), operational goals, when, who,
    status and traffic light."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    plan = access.access_object(request.user, ActionPlan, plan_id)
    if plan.collaboration_id != collaboration.pk:
        raise Http404
    return _plan_out(request, plan)
