"""Invented problems for Ludvika and Fagersta: two prioritised with their cause analyses each.

The same code builds both municipalities' chains from a small content dict per municipality
(``CONTENT``, read from planning.json). The second prioritised problem comes from the demo
lägesbild: a recent week is compiled and adopted by the municipality and the police, the
situation group (EST-gruppen, FAS-gruppen) meets on it and decides "orsaksanalys behövs" for
one of its items, and that decision becomes the problem. Together with goals, indicators with
measurements and the adopted åtgärdsplan the whole chain is there to trace.

They show the path of Brå's handbook from the lägesbild to the cause analysis: the scores of the
prioritisation matrix, the joint approval of the municipality and the police, the problem
triangle, a cause tree asking "varför?", an event chain and hypotheses. Every person is one of
the demo's invented users; running ``laget demo`` again changes nothing.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from laget.accounts.models import User
from laget.analysis.compile import last_complete_period
from laget.organisations.choices import GroupKind
from laget.organisations.models import Collaboration, Group, Organisation
from laget.planning import plans, services
from laget.planning.choices import (
    Criterion,
    EvidenceKind,
    Frequency,
    GoalType,
    IndicatorSource,
    MeasureStatus,
    Party,
    ProblemOrigin,
    TrafficLight,
)
from laget.planning.models import ActionPlan, Cause, Goal, Indicator, Problem
from laget.reporting.models import Category, Report
from laget.situation import meetings, parties
from laget.situation.choices import ActionStatus, MeetingDecision
from laget.situation.models import ActionItem, AgendaItem
from laget.situation.services import situation_compile

#: Fagersta's problem from EST-gruppen's meeting decision starts with this (the rest names the
#: lägesbild cell the group picked, which depends on the week's figures).
MEETING_PROBLEM_PREFIX = "Återkommande skadegörelse"

PROPOSED_SCORES = {c: (1, "") for c in Criterion.values}

#: Keys of the content dicts whose [month, day] values are dates in the plan's year.
DATE_KEYS = ("start", "end", "deadline", "target_date", "follow_up_on")

#: What each municipality's chain says, from planning.json (data, one entry per municipality).
#: Texts may use {year} and {prev} (the year before), dates are [month, day] in the plan's year;
#: causes are [text, perspective, added by the police, children] and are numbered "1", "1.1" …
CONTENT: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "planning.json").read_text(encoding="utf-8")
)


@transaction.atomic
def demo_planning_load() -> None:
    """Create each municipality's demo problems, goals and åtgärdsplan (each only once)."""
    for slug, content in CONTENT.items():
        collaboration = Collaboration.objects.filter(slug=slug).first()
        if collaboration is not None:
            _chain(collaboration, content)


def _chain(collaboration: Collaboration, content: dict[str, Any]) -> None:
    problems = Problem.objects.filter(collaboration=collaboration)
    if not problems.exists():
        _problems(collaboration, content)
    if not problems.filter(origin=ProblemOrigin.MEETING).exists():
        _meeting_problem(collaboration, content)
    if not ActionPlan.objects.filter(collaboration=collaboration).exists():
        _goals_and_plan(collaboration, content)
    meeting_problem = problems.filter(origin=ProblemOrigin.MEETING).first()
    if meeting_problem is not None and not Goal.objects.filter(problem=meeting_problem).exists():
        # An older demo database: the plan is adopted already, so the measure is added to it.
        _meeting_problem_goals(collaboration, content, meeting_problem, adopted=True)


def _user(collaboration: Collaboration, role: str) -> User:
    return User.objects.get(username=f"{role}.{collaboration.slug}")


def _text(value: str, year: int, **extra: str) -> str:
    return value.format(year=year, prev=year - 1, **extra)


def _dated(spec: dict[str, Any], year: int) -> dict[str, Any]:
    """The spec with its [month, day] values as dates of the year."""
    result = dict(spec)
    for key in DATE_KEYS:
        if key in result:
            result[key] = datetime.date(year, *result[key])
    return result


def _quarter(year: int, quarter: int) -> dict[str, datetime.date]:
    """The quarter of the year as a measurement's period_start and period_end."""
    following = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return {
        "period_start": datetime.date(year, 3 * quarter - 2, 1),
        "period_end": following - datetime.timedelta(days=1),
    }


def _problem_create(
    collaboration: Collaboration, user: User, municipality: Organisation, spec: dict[str, Any]
) -> Problem:
    return services.problem_create(
        user=user,
        collaboration=collaboration,
        owner_organisation=municipality,
        title=spec["title"],
        description=spec["description"],
        category=Category.objects.filter(
            template__collaboration=collaboration, key=spec["category"]
        ).first(),
        areas=[collaboration.areas.get(name=spec["area"])],
        time_pattern=spec["time_pattern"],
        affected_group=spec["affected_group"],
    )


def _add_causes(
    analysis: Any,
    nodes: tuple[Any, ...],
    coordinator: User,
    police: User,
    parent: Cause | None = None,
) -> None:
    """Add the cause tree's nodes (text, perspective, by the police, children) under parent."""
    for text, perspective, by_police, children in nodes:
        extra: dict[str, Any] = {"perspective": perspective} if perspective else {}
        cause = services.cause_add(
            user=police if by_police else coordinator,
            analysis=analysis,
            text=text,
            **({"parent": parent} if parent is not None else {}),
            **extra,
        )
        _add_causes(analysis, children, coordinator, police, cause)


def _analyse(
    problem: Problem,
    spec: dict[str, Any],
    analysis_fields: dict[str, Any],
    coordinator: User,
    police: User,
) -> None:
    """The cause analysis: triangle, cause tree, event chain and hypotheses."""
    analysis = services.cause_analysis_create(user=coordinator, problem=problem, **analysis_fields)
    _add_causes(analysis, spec["causes"], coordinator, police)
    for text, preventable in spec["events"]:
        services.event_step_add(
            user=coordinator, analysis=analysis, text=text, preventable=preventable
        )
    causes = {c.number: c for c in Cause.objects.filter(analysis=analysis)}
    for number, by_police, hypothesis, test in spec["hypotheses"]:
        services.hypothesis_add(
            user=police if by_police else coordinator,
            analysis=analysis,
            cause=causes[number],
            problem_text=problem.title,
            hypothesis=hypothesis,
            test=test,
        )


def _problems(collaboration: Collaboration, content: dict[str, Any]) -> None:
    """Two problems: one prioritised with its cause analysis, one proposed."""
    coordinator = _user(collaboration, "samordnare")
    police = _user(collaboration, "polis")
    municipality = Organisation.objects.get(name=content["municipality"])
    spec = content["problem"]
    problem = _problem_create(collaboration, coordinator, municipality, spec)
    for report in Report.objects.filter(
        collaboration=collaboration, area__name=spec["area"], category__key=spec["category"]
    ).order_by("-occurred_at")[:3]:
        services.evidence_add(
            user=coordinator, problem=problem, kind=EvidenceKind.REPORT, report=report
        )
    services.evidence_add(
        user=coordinator, problem=problem, kind=EvidenceKind.STATISTICS, text=content["statistics"]
    )
    scores = {c: tuple(value) for c, value in content["scores"].items()}
    services.priority_assess(user=coordinator, problem=problem, scores=scores)
    services.priority_approve(user=coordinator, problem=problem, party=Party.MUNICIPALITY)
    services.priority_approve(
        user=police, problem=problem, party=Party.POLICE, comment=content["police_comment"]
    )
    problem.refresh_from_db()
    fields = {
        **content["analysis"],
        "decided_on": timezone.localdate() - datetime.timedelta(days=14),
    }
    _analyse(problem, content, fields, coordinator, police)
    if content.get("proposed"):
        proposed = _problem_create(collaboration, coordinator, municipality, content["proposed"])
        services.priority_assess(user=coordinator, problem=proposed, scores=dict(PROPOSED_SCORES))


def _goals_and_plan(collaboration: Collaboration, content: dict[str, Any]) -> None:
    """Goals with indicators and an adopted åtgärdsplan for the prioritised problem.

    The plan has measures in all three traffic-light states, steps, a change with its reason
    and one measure added after the adoption ("utanför antagen plan"). In Fagersta one
    operational goal deliberately lacks a time (T), so the SMART check shows something.
    """
    problem = (
        Problem.objects.filter(collaboration=collaboration, cause_analysis__isnull=False)
        .exclude(origin=ProblemOrigin.MEETING)
        .order_by("pk")
        .first()
    )
    if problem is None:
        return
    coordinator = _user(collaboration, "samordnare")
    steering = _user(collaboration, "styrgrupp")
    municipality = Organisation.objects.get(name=content["municipality"])
    police = collaboration.parties.filter(kind="polis").first() or municipality
    today = timezone.localdate()
    year = today.year
    causes = {c.number: c for c in Cause.objects.filter(analysis__problem=problem)}

    goals: dict[str, Goal] = {}
    for spec in content["goals"]:
        spec = _dated(spec, year)
        key = spec.pop("key")
        parent = spec.pop("parent", None)
        numbers = spec.pop("causes", None)
        spec["text"] = _text(spec["text"], year)
        if "baseline_period" in spec:
            spec["baseline_period"] = _text(spec["baseline_period"], year)
        goals[key] = plans.goal_create(
            user=coordinator,
            problem=problem,
            parent=goals[parent] if parent else None,
            causes=[causes[n] for n in numbers] if numbers else list(causes.values()),
            **spec,
        )
    for spec in content["indicators"]:
        spec = _dated(spec, year)
        goal = goals[spec.pop("goal")]
        measurements = spec.pop("measurements", ())
        source_note = spec.pop("source_note", "")
        if "category" in spec:
            spec["category"] = Category.objects.filter(
                template__collaboration=collaboration, key=spec["category"]
            ).first()
        if "area" in spec:
            spec["area"] = collaboration.areas.get(name=spec["area"])
        indicator = plans.indicator_create(
            user=coordinator, goal=goal, baseline_period=str(year - 1), **spec
        )
        if indicator.source == IndicatorSource.SITUATION_COUNT:
            plans.indicator_refresh(indicator=indicator)
        _measurements(indicator, coordinator, year - 1, measurements, source_note)

    plan = plans.action_plan_create(
        user=coordinator, collaboration=collaboration, year=year, title=content["plan"]
    )
    created = []
    for spec in content["measures"]:
        spec = _dated(spec, year)
        delay = spec.pop("delay", None)
        outcome = spec.pop("outcome")
        measure = _measure(plan, problem, causes, goals, spec, coordinator, municipality, police)
        created.append((measure, delay, outcome))
    meeting_problem = Problem.objects.filter(
        collaboration=collaboration, origin=ProblemOrigin.MEETING
    ).first()
    if meeting_problem is not None:
        _meeting_problem_goals(collaboration, content, meeting_problem, plan=plan)
    plans.action_plan_adopt(
        user=steering,
        plan=plan,
        decided_on=min(datetime.date(year, 2, 17), today),  # after the beslut om samverkan
        text=content["adopted"],
    )
    for measure, delay, (status, light) in created:
        if delay is not None:
            plans.measure_update(
                user=coordinator,
                measure=measure,
                end=datetime.date(year, *delay[0]),
                reason=delay[1],
            )
        plans.measure_update(user=coordinator, measure=measure, status=status, traffic_light=light)
    _measure(
        plan,
        problem,
        causes,
        goals,
        _dated(content["added"], year),
        coordinator,
        municipality,
        police,
    )


def _measure(
    plan: ActionPlan,
    problem: Problem,
    causes: dict[str, Cause],
    goals: dict[str, Goal],
    spec: dict[str, Any],
    coordinator: User,
    municipality: Organisation,
    police: Organisation,
) -> Any:
    spec = dict(spec)
    numbers = spec.pop("causes")
    goal_keys = spec.pop("goals", None)
    by_police = spec.pop("police", False)
    if goal_keys:
        spec["operational_goals"] = [goals[k] for k in goal_keys]
    return plans.measure_create(
        user=coordinator,
        plan=plan,
        problem=problem,
        causes=[causes[n] for n in numbers],
        responsible_organisation=police if by_police else municipality,
        **spec,
    )


def _measurements(
    indicator: Indicator,
    user: User,
    year: int,
    values: tuple[tuple[int, float], ...],
    source_note: str,
) -> None:
    """Manual measurements, one per (quarter, value) of the year."""
    for quarter, value in values:
        period = _quarter(year, quarter)
        plans.measurement_add(
            user=user, indicator=indicator, value=value, source_note=source_note, **period
        )


def _meeting_item(meeting: Any, content: dict[str, Any]) -> AgendaItem | None:
    """The agenda item the group decides needs a cause analysis: a cell with an area, of the
    preferred categories, outside the first problem's category and area."""
    first = content["problem"]
    items = (
        AgendaItem.objects.filter(meeting=meeting, category__isnull=False, area__isnull=False)
        .exclude(category__key=first["category"], area__name=first["area"])
        .select_related("category", "area")
        .order_by("position")
    )
    for key in content["meeting"]["categories"]:
        found = items.filter(category__key=key).first()
        if found is not None:
            return found
    return items.first()


def _meeting_problem(collaboration: Collaboration, content: dict[str, Any]) -> None:
    """Adopt a recent week's lägesbild, meet on it and turn one item into a prioritised problem.

    The week before the last complete one is used, so the last complete week stays free for
    whoever compiles it next. The meeting's action item is marked done once the problem exists,
    so it does not come back on the next agenda.
    """
    group = Group.objects.filter(collaboration=collaboration, kind=GroupKind.SITUATION).first()
    if group is None:
        return
    spec = content["meeting"]
    coordinator = _user(collaboration, "samordnare")
    police = _user(collaboration, "polis")
    municipality = Organisation.objects.get(name=content["municipality"])
    today = timezone.localdate()
    period = last_complete_period(today - datetime.timedelta(days=7))
    picture = situation_compile(user=coordinator, group=group, period=period)
    parties.situation_approve(user=coordinator, picture=picture)
    parties.situation_approve(user=police, picture=picture)
    picture.refresh_from_db()
    meeting = meetings.meeting_create(
        user=coordinator, picture=picture, held_on=period.end + datetime.timedelta(days=2)
    )
    item = _meeting_item(meeting, content)
    if item is None:
        return
    meetings.agenda_item_decide(
        user=coordinator,
        item=item,
        decision=MeetingDecision.CAUSE_ANALYSIS,
        responsible=coordinator,
        due_date=today + datetime.timedelta(days=21),
        notes=spec["notes"],
    )
    item.refresh_from_db()
    what = item.category.name.lower()
    problem = services.problem_create_from_agenda_item(
        user=coordinator,
        item=item,
        owner_organisation=municipality,
        title=spec["title"].format(what=what, area=item.area.name),
        description=f"Lägesbilden för vecka {period.start.isocalendar().week} visar "
        f"{what} i {item.area.name} vecka efter vecka; {group.name} beslutade att en "
        "orsaksanalys behövs.",
    )
    for report in Report.objects.filter(
        collaboration=collaboration, area=item.area, category=item.category
    ).order_by("-occurred_at")[:2]:
        services.evidence_add(
            user=coordinator, problem=problem, kind=EvidenceKind.REPORT, report=report
        )
    for action in ActionItem.objects.filter(agenda_item=item):
        meetings.action_item_set_status(user=coordinator, action=action, status=ActionStatus.DONE)
    motivation, criterion, highlight = spec["scores"]
    scores = {c: (2, motivation) for c in Criterion.values}
    scores[criterion] = (3, highlight)
    services.priority_assess(user=coordinator, problem=problem, scores=scores)
    services.priority_approve(user=coordinator, problem=problem, party=Party.MUNICIPALITY)
    services.priority_approve(user=police, problem=problem, party=Party.POLICE)
    problem.refresh_from_db()
    fields = {**spec["analysis"], "decided_by": group.name, "decided_on": meeting.held_on}
    _analyse(problem, spec, fields, coordinator, police)


def _meeting_problem_goals(
    collaboration: Collaboration,
    content: dict[str, Any],
    problem: Problem,
    *,
    plan: ActionPlan | None = None,
    adopted: bool = False,
) -> None:
    """A goal with a measured indicator and a measure in the plan for the meeting's problem."""
    spec = content["meeting"]
    coordinator = _user(collaboration, "samordnare")
    municipality = Organisation.objects.get(name=content["municipality"])
    causes = {c.number: c for c in Cause.objects.filter(analysis__problem=problem)}
    if not causes:
        return
    year = timezone.localdate().year
    area = problem.areas.first()
    place = area.name if area is not None else "området"
    goal_spec = _dated(spec["goal"], year)
    goal = plans.goal_create(
        user=coordinator,
        problem=problem,
        goal_type=GoalType.OPERATIONAL,
        place=place,
        causes=[causes["1"], causes["1.1"]],
        **{**goal_spec, "text": _text(goal_spec["text"], year, place=place)},
    )
    indicator = plans.indicator_create(
        user=coordinator,
        goal=goal,
        name=spec["indicator"]["name"].format(place=place),
        definition=spec["indicator"]["definition"],
        unit="%",
        source=IndicatorSource.MANUAL,
        baseline_value=goal_spec["baseline"],
        baseline_period=str(year - 1),
        target_value=goal_spec["target"],
        target_date=goal_spec["deadline"],
        frequency=Frequency.QUARTER,
    )
    _measurements(
        indicator,
        coordinator,
        year - 1,
        spec["indicator"]["measurements"],
        spec["indicator"]["source_note"],
    )
    plan = plan or ActionPlan.objects.filter(collaboration=collaboration).first()
    if plan is None:
        return
    measure = plans.measure_create(
        user=coordinator,
        plan=plan,
        problem=problem,
        causes=[causes["1.1"]],
        responsible_organisation=municipality,
        start=datetime.date(year, 3, 1),
        end=goal_spec["deadline"],
        operational_goals=[goal],
        reason=spec["reason"] if adopted else "",
        **{**spec["measure"], "title": spec["measure"]["title"].format(place=place)},
    )
    plans.measure_update(
        user=coordinator,
        measure=measure,
        status=MeasureStatus.ONGOING,
        traffic_light=TrafficLight.YELLOW,
        reason="Arbetet har börjat." if adopted else "",
    )
