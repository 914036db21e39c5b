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
from laget.planning.models import Problem

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
