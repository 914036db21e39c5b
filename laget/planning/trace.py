"""Traceability (spårbarhet): the whole chain around one object, backwards and forwards.

The chain of the handbook runs from the reports through the lägesbild (a cell of an adopted
version, its alert or a meeting's decision) to a problem, its cause analysis, the goals and
their indicators, and the measures of the åtgärdsplan with their follow-up. :func:`trace_for`
builds it for a starting object of any kind. It only reads, every query is narrowed by
``laget.access.restrict``, and an object of the chain the user may not read is kept as an
entry without a label ("not available to you"), so its title never reaches the page.

The number of queries does not grow with the chain: the problems are fetched once with their
evidence, causes, goals, indicators, measurements and measures prefetched, and readability is
decided with one query per kind of object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laget import access
from laget.organisations.models import Collaboration
from laget.planning.choices import EvidenceKind
from laget.planning.models import (
    Cause,
    Goal,
    Indicator,
    Measure,
    Measurement,
    Problem,
    ProblemEvidence,
)
from laget.reporting.models import Report
from laget.situation.meetings import may_read_meetings
from laget.situation.models import AgendaItem, SituationPicture
from laget.situation.snapshot import ALL_AREAS

#: The kinds a trace can start from (the URL's Swedish slug → the kind).
KINDS = {
    "problem": "problem",
    "orsak": "cause",
    "mal": "goal",
    "indikator": "indicator",
    "atgard": "measure",
    "lagesbild": "cell",
}


KIND_LABELS = {
    "report": gettext_lazy("Situation report"),
    "cell": gettext_lazy("Situation picture entry"),
    "statistics": gettext_lazy("Statistics"),
    "meeting": gettext_lazy("Meeting decision"),
    "alert": gettext_lazy("Alert in a situation picture"),
    "problem": gettext_lazy("Problem"),
    "cause": gettext_lazy("Cause"),
    "goal": gettext_lazy("Goal"),
    "indicator": gettext_lazy("Indicator"),
    "measure": gettext_lazy("Measure"),
}


@dataclass
class Entry:
    """One object of the chain. ``label`` is empty when the user may not read it."""

    kind: str
    pk: int | None
    label: str = ""
    url: str = ""
    trace_url: str = ""
    available: bool = True
    current: bool = False
    detail: str = ""
    light: str = ""
    light_label: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class CauseEntry:
    entry: Entry
    children: list[CauseEntry] = field(default_factory=list)


@dataclass
class GoalEntry:
    entry: Entry
    causes: list[str]
    indicators: list[Entry]


@dataclass
class MeasureEntry:
    entry: Entry
    causes: list[str]
    goals: list[str]


@dataclass
class ProblemChain:
    """Everything before and after one problem."""

    problem: Entry
    origin: list[Entry] = field(default_factory=list)
    evidence: list[Entry] = field(default_factory=list)
    causes: list[CauseEntry] = field(default_factory=list)
    goals: list[GoalEntry] = field(default_factory=list)
    measures: list[MeasureEntry] = field(default_factory=list)


@dataclass
class Cell:
    """A cell (category × area) of a lägesbild version, the start of a trace from the picture."""

    picture: SituationPicture
    category_id: int
    area_id: int | None
    label: str
    url: str


@dataclass
class Trace:
    kind: str
    start: Any
    collaboration: Collaboration
    cell: Cell | None
    chains: list[ProblemChain]
    hidden_problems: int = 0


def _url(name: str, collaboration_id: int, **kwargs: Any) -> str:
    return reverse(name, kwargs={"collaboration_id": collaboration_id, **kwargs})


def trace_url(collaboration_id: int, kind: str, pk: int) -> str:
    """The trace page of an object of ``kind`` (problem, cause, goal, indicator, measure)."""
    return _url(f"planning:trace_{kind}", collaboration_id, **{f"{kind}_id": pk})


def cell_trace_url(
    collaboration_id: int, picture_id: int, category_id: int, area_id: int | None
) -> str:
    """The trace page of a lägesbild cell (``area_id`` None: the category in all areas)."""
    kwargs = {"picture_id": picture_id, "category_id": category_id}
    if area_id is None:
        return _url("planning:trace_cell_all", collaboration_id, **kwargs)
    return _url("planning:trace_cell", collaboration_id, area_id=area_id, **kwargs)


def _unavailable(kind: str, pk: int | None) -> Entry:
    return Entry(kind=kind, pk=pk, available=False)


def _readable_problem(user: Any, collaboration: Collaboration, pk: int) -> Problem:
    problem = access.restrict(user, Problem.objects.filter(collaboration=collaboration)).filter(
        pk=pk
    )
    found = problem.first()
    if found is None:
        raise Http404
    return found


def start_object(user: Any, collaboration: Collaboration, kind: str, pk: int) -> Any:
    """The starting object, or 404 (outside the user's scope, another collaboration, or tied
    to a problem the user may not read — the same answer its own page gives)."""
    if kind == "problem":
        return _readable_problem(user, collaboration, pk)
    model: type[Any] = {"cause": Cause, "goal": Goal, "indicator": Indicator, "measure": Measure}[
        kind
    ]
    obj = access.access_object(user, model, pk)
    if kind == "cause":
        problem_id = obj.analysis.problem_id
    elif kind == "indicator":
        problem_id = obj.goal.problem_id
    else:
        problem_id = obj.problem_id
    _readable_problem(user, collaboration, problem_id)
    return obj


def _snapshot_names(picture: SituationPicture) -> tuple[dict[Any, str], dict[Any, str]]:
    """The category labels and area names a lägesbild version was compiled with, by id."""
    snapshot = picture.snapshot if isinstance(picture.snapshot, dict) else {}
    categories = {
        c.get("id"): c.get("label") or c.get("name") for c in snapshot.get("categories", [])
    }
    areas = {a.get("id"): a.get("name") for a in snapshot.get("areas", [])}
    return categories, areas


def start_cell(
    user: Any, collaboration: Collaboration, picture_id: int, category_id: int, area_id: int | None
) -> Cell:
    """A cell of a lägesbild version the user may read, or 404."""
    picture = access.access_object(user, SituationPicture, picture_id)
    if picture.collaboration_id != collaboration.pk:
        raise Http404
    categories, areas = _snapshot_names(picture)
    if category_id not in categories:
        raise Http404
    if area_id is not None and area_id not in areas:
        raise Http404
    area_name = areas[area_id] if area_id is not None else _("all areas")
    return Cell(
        picture=picture,
        category_id=category_id,
        area_id=area_id,
        label=f"{categories[category_id]} – {area_name}",
        url=_url("situation:picture", collaboration.pk, picture_id=picture.pk),
    )


def _cell_problem_ids(collaboration: Collaboration, cell: Cell) -> list[int]:
    """Every problem of the collaboration resting on the cell: its evidence, its meeting
    decision or its alert (whether or not the user may read them; they are checked later)."""
    picture = cell.picture
    evidence = Q(
        evidence__kind=EvidenceKind.PICTURE_CELL,
        evidence__picture=picture,
        evidence__category_id=cell.category_id,
    )
    meeting = Q(agenda_item__meeting__picture=picture, agenda_item__category_id=cell.category_id)
    if cell.area_id is None:
        evidence &= Q(evidence__area__isnull=True)
        meeting &= Q(agenda_item__area__isnull=True)
        alert_key = f"{cell.category_id}:{ALL_AREAS}"
    else:
        evidence &= Q(evidence__area_id=cell.area_id)
        meeting &= Q(agenda_item__area_id=cell.area_id)
        alert_key = f"{cell.category_id}:{cell.area_id}"
    alert = Q(alert_picture=picture, alert_key=alert_key)
    return list(
        Problem.objects.filter(collaboration=collaboration)
        .filter(evidence | meeting | alert)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def _problems(user: Any, collaboration: Collaboration, ids: list[int]) -> QuerySet[Problem]:
    """The readable problems among ``ids`` with their whole chain prefetched."""
    measurements = Measurement.objects.order_by("-period_start")
    return (
        access.restrict(user, Problem.objects.filter(collaboration=collaboration, pk__in=ids))
        .select_related(
            "category",
            "agenda_item__meeting__group",
            "alert_picture",
            "cause_analysis",
        )
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=access.restrict(user, ProblemEvidence.objects.all()).select_related(
                    "category", "area", "picture"
                ),
            ),
            Prefetch(
                "cause_analysis__causes",
                queryset=access.restrict(user, Cause.objects.all()).order_by("depth", "position"),
            ),
            Prefetch(
                "goals",
                queryset=access.restrict(user, Goal.objects.all())
                .order_by("goal_type", "pk")
                .prefetch_related(
                    "causes",
                    Prefetch(
                        "indicators",
                        queryset=access.restrict(user, Indicator.objects.all()).prefetch_related(
                            Prefetch(
                                "measurements",
                                queryset=access.restrict(user, measurements),
                            )
                        ),
                    ),
                ),
            ),
            Prefetch(
                "measures",
                queryset=access.restrict(user, Measure.objects.all())
                .select_related("plan")
                .prefetch_related("causes", "operational_goals")
                .order_by("plan", "start", "pk"),
            ),
        )
        .order_by("pk")
    )


class _Readable:
    """Which reports, pictures and agenda items of the chain the user may read (one query
    per kind, whatever the chain's size)."""

    def __init__(self, user: Any, problems: list[Problem]) -> None:
        report_ids = {e.report_id for p in problems for e in p.evidence.all() if e.report_id}
        picture_ids = {e.picture_id for p in problems for e in p.evidence.all() if e.picture_id}
        picture_ids |= {p.alert_picture_id for p in problems if p.alert_picture_id}
        item_ids = {p.agenda_item_id for p in problems if p.agenda_item_id}
        self.reports = {
            r.pk: r
            for r in access.restrict(user, Report.objects.filter(pk__in=report_ids)).select_related(
                "category"
            )
        }
        self.pictures = set(
            access.restrict(user, SituationPicture.objects.filter(pk__in=picture_ids)).values_list(
                "pk", flat=True
            )
        )
        items = set(
            access.restrict(user, AgendaItem.objects.filter(pk__in=item_ids)).values_list(
                "pk", flat=True
            )
        )
        groups: dict[int, bool] = {}
        self.items: set[int] = set()
        for problem in problems:
            item = problem.agenda_item
            if item is None or item.pk not in items:
                continue
            group = item.meeting.group
            if group.pk not in groups:
                groups[group.pk] = may_read_meetings(user, group)
            if groups[group.pk]:
                self.items.add(item.pk)


def _problem_entry(problem: Problem, current: bool) -> Entry:
    c = problem.collaboration_id
    return Entry(
        kind="problem",
        pk=problem.pk,
        label=problem.title,
        url=_url("planning:problem_detail", c, problem_id=problem.pk),
        trace_url=trace_url(c, "problem", problem.pk),
        current=current,
        detail=str(problem.get_status_display()),
    )


def _origin(problem: Problem, readable: _Readable) -> list[Entry]:
    c = problem.collaboration_id
    found: list[Entry] = []
    item = problem.agenda_item
    if item is not None:
        if item.pk in readable.items:
            found.append(
                Entry(
                    kind="meeting",
                    pk=item.pk,
                    label=item.title,
                    url=_url("meetings:detail", c, meeting_id=item.meeting_id) + f"#item-{item.pk}",
                    detail=_("%(decision)s, meeting %(date)s")
                    % {
                        "decision": item.get_decision_display(),
                        "date": item.meeting.held_on.isoformat(),
                    },
                )
            )
        else:
            found.append(_unavailable("meeting", item.pk))
    if problem.alert_picture_id:
        if problem.alert_picture_id in readable.pictures:
            found.append(
                Entry(
                    kind="alert",
                    pk=problem.alert_picture_id,
                    label=problem.alert_text,
                    url=_url("situation:picture", c, picture_id=problem.alert_picture_id),
                )
            )
        else:
            found.append(_unavailable("alert", problem.alert_picture_id))
    return found


def _evidence(problem: Problem, readable: _Readable) -> list[Entry]:
    c = problem.collaboration_id
    found: list[Entry] = []
    for e in problem.evidence.all():
        if e.kind == EvidenceKind.REPORT:
            report = readable.reports.get(e.report_id) if e.report_id else None
            if report is None:
                found.append(_unavailable("report", e.report_id))
                continue
            found.append(
                Entry(
                    kind="report",
                    pk=report.pk,
                    label=_("Report %(number)s") % {"number": report.pk},
                    url=_url("reporting:report_detail", c, report_id=report.pk),
                    detail=str(report.category) if report.category_id else "",
                )
            )
        elif e.kind == EvidenceKind.PICTURE_CELL:
            if e.picture_id not in readable.pictures or e.picture is None:
                found.append(_unavailable("cell", e.picture_id))
                continue
            picture = e.picture
            area = e.area.name if e.area_id else _("all areas")
            found.append(
                Entry(
                    kind="cell",
                    pk=picture.pk,
                    label=f"{e.category} – {area}",
                    url=_url("situation:picture", c, picture_id=picture.pk),
                    trace_url=cell_trace_url(c, picture.pk, e.category_id, e.area_id)
                    if e.category_id
                    else "",
                    detail=_("situation picture %(start)s – %(end)s")
                    % {
                        "start": picture.period_start.isoformat(),
                        "end": picture.period_end.isoformat(),
                    },
                )
            )
        else:
            found.append(Entry(kind="statistics", pk=e.pk, label=e.text))
    return found


def _causes(problem: Problem, start: Any, kind: str) -> list[CauseEntry]:
    analysis = getattr(problem, "cause_analysis", None)
    if analysis is None:
        return []
    c = problem.collaboration_id
    nodes: dict[int, CauseEntry] = {}
    roots: list[CauseEntry] = []
    for cause in analysis.causes.all():
        node = CauseEntry(
            Entry(
                kind="cause",
                pk=cause.pk,
                label=f"{cause.number} {cause.text}",
                url=_url("planning:analysis", c, problem_id=problem.pk) + f"#cause-{cause.pk}",
                trace_url=trace_url(c, "cause", cause.pk),
                current=kind == "cause" and start.pk == cause.pk,
            )
        )
        nodes[cause.pk] = node
        parent = nodes.get(cause.parent_id) if cause.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def _goals(problem: Problem, start: Any, kind: str) -> list[GoalEntry]:
    c = problem.collaboration_id
    found: list[GoalEntry] = []
    for goal in problem.goals.all():
        indicators = []
        for indicator in goal.indicators.all():
            latest = next(iter(indicator.measurements.all()), None)
            detail = ""
            if latest is not None:
                detail = _("latest %(value)s%(unit)s (%(start)s – %(end)s)") % {
                    "value": f"{latest.value:g}",
                    "unit": f" {indicator.unit}" if indicator.unit else "",
                    "start": latest.period_start.isoformat(),
                    "end": latest.period_end.isoformat(),
                }
            else:
                detail = _("no measurements yet")
            indicators.append(
                Entry(
                    kind="indicator",
                    pk=indicator.pk,
                    label=indicator.name,
                    url=_url("planning:indicator_detail", c, indicator_id=indicator.pk),
                    trace_url=trace_url(c, "indicator", indicator.pk),
                    current=kind == "indicator" and start.pk == indicator.pk,
                    detail=detail,
                )
            )
        found.append(
            GoalEntry(
                Entry(
                    kind="goal",
                    pk=goal.pk,
                    label=str(goal),
                    url=_url("planning:goal_detail", c, goal_id=goal.pk),
                    trace_url=trace_url(c, "goal", goal.pk),
                    current=kind == "goal" and start.pk == goal.pk,
                    detail=str(goal.get_goal_type_display()),
                ),
                sorted(cause.number for cause in goal.causes.all()),
                indicators,
            )
        )
    return found


def _measures(problem: Problem, start: Any, kind: str) -> list[MeasureEntry]:
    c = problem.collaboration_id
    found: list[MeasureEntry] = []
    for measure in problem.measures.all():
        status = str(measure.get_status_display())
        if measure.outside_adopted_plan:
            status = _("%(status)s, outside the adopted plan") % {"status": status}
        found.append(
            MeasureEntry(
                Entry(
                    kind="measure",
                    pk=measure.pk,
                    label=measure.title,
                    url=_url("planning:measure_detail", c, measure_id=measure.pk),
                    trace_url=trace_url(c, "measure", measure.pk),
                    current=kind == "measure" and start.pk == measure.pk,
                    detail=_("%(status)s – action plan %(year)s")
                    % {"status": status, "year": measure.plan.year},
                    light=measure.traffic_light,
                    light_label=str(measure.get_traffic_light_display())
                    if measure.traffic_light
                    else "",
                ),
                sorted(cause.number for cause in measure.causes.all()),
                [str(goal) for goal in measure.operational_goals.all()],
            )
        )
    return found


def trace_for(
    *,
    user: Any,
    collaboration: Collaboration,
    kind: str,
    start: Any = None,
    cell: Cell | None = None,
) -> Trace:
    """The chain around ``start`` (a problem, cause, goal, indicator or measure the user may
    read, see :func:`start_object`) or around a lägesbild ``cell`` (see :func:`start_cell`)."""
    if kind == "cell":
        assert cell is not None
        ids = _cell_problem_ids(collaboration, cell)
    elif kind == "problem":
        ids = [start.pk]
    elif kind == "cause":
        ids = [start.analysis.problem_id]
    elif kind == "indicator":
        ids = [start.goal.problem_id]
    else:
        ids = [start.problem_id]
    problems = list(_problems(user, collaboration, ids))
    readable = _Readable(user, problems)
    chains = [
        ProblemChain(
            problem=_problem_entry(p, current=kind == "problem" and start.pk == p.pk),
            origin=_origin(p, readable),
            evidence=_evidence(p, readable),
            causes=_causes(p, start, kind),
            goals=_goals(p, start, kind),
            measures=_measures(p, start, kind),
        )
        for p in problems
    ]
    return Trace(
        kind=kind,
        start=start if kind != "cell" else cell,
        collaboration=collaboration,
        cell=cell,
        chains=chains,
        hidden_problems=len(ids) - len(problems),
    )


def picture_cells(*, user: Any, picture: SituationPicture) -> list[Cell]:
    """The cells of a lägesbild version that problems the user may read rest on (through
    their evidence, their meeting decision or their alert), for the lägesbild's links."""
    problems = access.restrict(user, Problem.objects.filter(collaboration=picture.collaboration_id))
    keys: set[tuple[int, int | None]] = set()
    for category_id, area_id in ProblemEvidence.objects.filter(
        problem__in=problems,
        kind=EvidenceKind.PICTURE_CELL,
        picture=picture,
        category__isnull=False,
    ).values_list("category_id", "area_id"):
        keys.add((category_id, area_id))
    for category_id, area_id in problems.filter(
        agenda_item__meeting__picture=picture, agenda_item__category__isnull=False
    ).values_list("agenda_item__category_id", "agenda_item__area_id"):
        keys.add((category_id, area_id))
    for key in problems.filter(alert_picture=picture).values_list("alert_key", flat=True):
        category, _sep, area = key.partition(":")
        if category.isdigit():
            keys.add(
                (
                    int(category),
                    None if area == ALL_AREAS else int(area) if area.isdigit() else None,
                )
            )
    categories, areas = _snapshot_names(picture)
    cells = []
    for category_id, area_id in sorted(keys, key=lambda k: (k[0], k[1] or 0)):
        if category_id not in categories or (area_id is not None and area_id not in areas):
            continue
        area_name = areas[area_id] if area_id is not None else _("all areas")
        cells.append(
            Cell(
                picture=picture,
                category_id=category_id,
                area_id=area_id,
                label=f"{categories[category_id]} – {area_name}",
                url=cell_trace_url(picture.collaboration_id, picture.pk, category_id, area_id),
            )
        )
    return cells
