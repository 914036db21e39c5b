"""Reads of the planning app, always narrowed by the access module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from laget import access
from laget.organisations.models import Collaboration
from laget.planning.choices import MAX_CAUSE_DEPTH, Criterion, ProblemStatus
from laget.planning.models import ActionPlan, Cause, CauseAnalysis, Goal, Measure, Problem


def problem_list(
    *, user: Any, collaboration: Collaboration, status: str | None = None
) -> QuerySet[Problem]:
    """The collaboration's problems ``user`` may see (information classes apply)."""
    problems = Problem.objects.filter(collaboration=collaboration)
    if status:
        problems = problems.filter(status=status)
    return (
        access.restrict(user, problems)
        .select_related("category__parent", "owner_organisation", "cause_analysis")
        .prefetch_related("assessments", "approvals", "areas")
    )


@dataclass
class MatrixColumn:
    problem: Problem
    scores: dict[str, Any]
    total: int | None


@dataclass
class Matrix:
    """The prioritisation matrix (TPL-13): criteria as rows, problems as columns."""

    columns: list[MatrixColumn]
    rows: list[tuple[str, Any, list[Any]]] = field(default_factory=list)


def priority_matrix(*, user: Any, collaboration: Collaboration) -> Matrix:
    """Every open problem's scores, the highest total first (unscored problems last)."""
    problems = problem_list(user=user, collaboration=collaboration).exclude(
        status=ProblemStatus.CLOSED
    )
    columns = []
    for problem in problems:
        scores = {a.criterion: a for a in problem.assessments.all()}
        complete = len(scores) == len(Criterion.values)
        total = sum(a.score for a in scores.values()) if complete else None
        columns.append(MatrixColumn(problem, scores, total))
    columns.sort(key=lambda c: (c.total is None, -(c.total or 0), c.problem.title))
    rows = [
        (criterion, label, [c.scores.get(criterion) for c in columns])
        for criterion, label in Criterion.choices
    ]
    return Matrix(columns=columns, rows=rows)


@dataclass
class CauseNode:
    cause: Cause
    children: list[CauseNode]
    form: Any = None  # the "why?" form under this cause, set by the view

    @property
    def can_deepen(self) -> bool:
        return self.cause.depth < MAX_CAUSE_DEPTH


def walk(nodes: list[CauseNode]) -> list[CauseNode]:
    """Every node of the tree, depth first."""
    found: list[CauseNode] = []
    for node in nodes:
        found.append(node)
        found.extend(walk(node.children))
    return found


def cause_tree(*, analysis: CauseAnalysis) -> list[CauseNode]:
    """The analysis's causes as a tree, in number order (one query)."""
    causes = list(analysis.causes.order_by("depth", "position"))
    nodes = {c.pk: CauseNode(c, []) for c in causes}
    roots: list[CauseNode] = []
    for cause in causes:
        node = nodes[cause.pk]
        if cause.parent_id is None:
            roots.append(node)
        else:
            nodes[cause.parent_id].children.append(node)
    return roots


def analysis_for(problem: Problem) -> CauseAnalysis | None:
    """The problem's cause analysis, if one has been started."""
    return CauseAnalysis.objects.filter(problem=problem).first()


# --- step 4 -------------------------------------------------------------------------------------


def goal_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Goal]:
    """The collaboration's goals whose problem ``user`` may see."""
    problems = problem_list(user=user, collaboration=collaboration)
    return (
        access.restrict(user, Goal.objects.filter(collaboration=collaboration))
        .filter(problem__in=problems.values("pk"))
        .select_related("problem", "parent")
        .prefetch_related("indicators")
        .order_by("problem", "goal_type", "pk")
    )


def plan_list(*, user: Any, collaboration: Collaboration) -> QuerySet[ActionPlan]:
    """The collaboration's action plans, the latest year first."""
    return access.restrict(
        user, ActionPlan.objects.filter(collaboration=collaboration)
    ).select_related("adoption_decision")


@dataclass
class PlanRow:
    """One row of the åtgärdsplan (TPL-19): ORSAK | ÅTGÄRD | OPERATIVA MÅL | NÄR | VEM |
    UPPFÖLJNING, for one measure."""

    measure: Measure
    causes: list[Cause]
    goals: list[Goal]
    steps: list[Any]


def plan_rows(*, user: Any, plan: ActionPlan) -> list[PlanRow]:
    """The plan's measures in the order of their first cause's number, then their start.

    Measures of problems ``user`` may not see are left out.
    """
    visible = problem_list(user=user, collaboration=plan.collaboration).values("pk")
    measures = (
        plan.measures.filter(problem__in=visible)
        .select_related("responsible_organisation", "problem", "plan")
        .prefetch_related("causes", "operational_goals", "steps")
    )
    rows = []
    for measure in measures:
        causes = sorted(measure.causes.all(), key=lambda c: (c.depth, c.position))
        rows.append(
            PlanRow(
                measure, causes, list(measure.operational_goals.all()), list(measure.steps.all())
            )
        )

    def key(row: PlanRow) -> tuple[Any, ...]:
        first = row.causes[0].number if row.causes else ""
        return (row.measure.problem_id, [int(p) for p in first.split(".") if p], row.measure.start)

    return sorted(rows, key=key)
