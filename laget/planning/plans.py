"""Writes of step 4: goals with their SMART check, indicators and measurements, and the
åtgärdsplan with its measures, steps, adoption by the steering group and change log.

The rules the handbook sets and this module enforces:

* every measure is aimed at at least one cause of its problem's orsaksanalys;
* a measure ends on or after its start, and a cancelled measure says why;
* only the steering group adopts the plan: one of its members, or a coordinator recording the
  steering group's decision; the adoption is stored as an ``organisations.Decision``;
* an adopted plan is changed in place, and every change says why ("varför ändras planen?").
  The log keeps who, when, what (field → old → new) and why; a measure added after the
  adoption is "utanför antagen plan" until the steering group adopts the plan again, which
  makes the next version.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import smart
from laget.core.choices import InformationClass
from laget.core.errors import field_error
from laget.geography.models import Area
from laget.organisations.choices import GroupKind, OrganisationKind, Role
from laget.organisations.models import (
    Collaboration,
    Group,
    GroupMembership,
    Membership,
    Organisation,
)
from laget.organisations.services import decision_create
from laget.planning.choices import (
    Frequency,
    IndicatorSource,
    MeasureMode,
    MeasureStatus,
    PlanStatus,
    ProblemStatus,
    TrafficLight,
)
from laget.planning.models import (
    ActionPlan,
    Cause,
    Goal,
    Indicator,
    Measure,
    Measurement,
    MeasureStep,
    PlanChange,
    Problem,
)
from laget.planning.services import _check_personal_data, _require_editor
from laget.reporting.models import Category, Report

# --- goals --------------------------------------------------------------------------------------


def smart_assess(
    *,
    text: str,
    baseline: float | None = None,
    target: float | None = None,
    deadline: datetime.date | None = None,
    place: str = "",
    indicator: str = "",
) -> smart.SmartResult:
    """The SMART check of a goal's text and structured fields (advisory, never blocking)."""
    return smart.check_goal(
        text, baseline=baseline, target=target, deadline=deadline, place=place, indicator=indicator
    )


def _letters(result: smart.SmartResult) -> str:
    return "".join(letter for letter in smart.LETTERS if letter in result.covered)


def _check_goal_links(
    problem: Problem, parent: Goal | None, causes: list[Cause], goal: Goal | None = None
) -> None:
    if parent is not None and parent.problem_id != problem.pk:
        raise field_error("parent", _("The parent goal belongs to another problem."), "foreign")
    if goal is not None and parent is not None and parent.pk == goal.pk:
        raise field_error("parent", _("A goal cannot be its own parent."), "invalid")
    if any(c.analysis.problem_id != problem.pk for c in causes):
        raise field_error(
            "causes", _("A cause belongs to another problem's cause analysis."), "foreign"
        )


@transaction.atomic
def goal_create(
    *,
    user: Any,
    problem: Problem,
    goal_type: str,
    text: str,
    indicator: str = "",
    place: str = "",
    baseline: float | None = None,
    baseline_period: str = "",
    target: float | None = None,
    deadline: datetime.date | None = None,
    causes: Iterable[Cause] = (),
    parent: Goal | None = None,
) -> Goal:
    """Formulate a goal for a prioritised problem; its SMART letters are stored with it."""
    _require_editor(user, problem.collaboration)
    if problem.status != ProblemStatus.PRIORITISED:
        raise ValidationError(
            _("Goals are formulated for a prioritised problem."), code="not_prioritised"
        )
    cause_list = list(causes)
    _check_goal_links(problem, parent, cause_list)
    _check_personal_data(text=text, indicator=indicator, place=place)
    goal = Goal(
        collaboration=problem.collaboration,
        problem=problem,
        parent=parent,
        goal_type=goal_type,
        created_by=user,
    )
    _apply_goal(goal, text, indicator, place, baseline, baseline_period, target, deadline)
    goal.full_clean()
    goal.save()
    goal.causes.set(cause_list)
    return goal


def _apply_goal(
    goal: Goal,
    text: str,
    indicator: str,
    place: str,
    baseline: float | None,
    baseline_period: str,
    target: float | None,
    deadline: datetime.date | None,
) -> None:
    goal.text = text.strip()
    goal.indicator = indicator.strip()
    goal.place = place.strip()
    goal.baseline = baseline
    goal.baseline_period = baseline_period.strip()
    goal.target = target
    goal.deadline = deadline
    goal.smart_letters = _letters(smart_result(goal))


def smart_result(goal: Goal) -> smart.SmartResult:
    """The SMART check of a stored (or about to be stored) goal."""
    return smart_assess(
        text=goal.text,
        baseline=goal.baseline,
        target=goal.target,
        deadline=goal.deadline,
        place=goal.place,
        indicator=goal.indicator,
    )


@transaction.atomic
def goal_update(
    *,
    user: Any,
    goal: Goal,
    goal_type: str,
    text: str,
    indicator: str = "",
    place: str = "",
    baseline: float | None = None,
    baseline_period: str = "",
    target: float | None = None,
    deadline: datetime.date | None = None,
    causes: Iterable[Cause] = (),
    parent: Goal | None = None,
) -> Goal:
    """Reformulate a goal; the SMART letters are checked again."""
    _require_editor(user, goal.collaboration)
    cause_list = list(causes)
    _check_goal_links(goal.problem, parent, cause_list, goal)
    _check_personal_data(text=text, indicator=indicator, place=place)
    goal.goal_type = goal_type
    goal.parent = parent
    _apply_goal(goal, text, indicator, place, baseline, baseline_period, target, deadline)
    goal.full_clean()
    goal.save()
    goal.causes.set(cause_list)
    return goal


# --- indicators ---------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    user: Any,
    goal: Goal,
    name: str,
    source: str,
    definition: str = "",
    unit: str = "",
    category: Category | None = None,
    area: Area | None = None,
    source_reference: str = "",
    baseline_value: float | None = None,
    baseline_period: str = "",
    target_value: float | None = None,
    target_date: datetime.date | None = None,
    frequency: str = Frequency.MONTH,
) -> Indicator:
    """Define how a goal is measured. Situation picture counts need a category of this
    collaboration (the area is optional); statistics and surveys need their reference."""
    collaboration = goal.collaboration
    _require_editor(user, collaboration)
    if source == IndicatorSource.SITUATION_COUNT:
        if category is None:
            raise field_error("category", _("Choose the category to count."), "required")
        if category.template.collaboration_id != collaboration.pk:
            raise field_error(
                "category", _("The category belongs to another collaboration."), "foreign"
            )
        if area is not None and area.collaboration_id != collaboration.pk:
            raise field_error("area", _("The area belongs to another collaboration."), "foreign")
    else:
        category = area = None
    if source in (IndicatorSource.STATISTICS, IndicatorSource.SURVEY) and not (
        source_reference.strip()
    ):
        raise field_error(
            "source_reference",
            _("Give the statistics reference or the survey question."),
            "required",
        )
    _check_personal_data(name=name, definition=definition, source_reference=source_reference)
    indicator = Indicator(
        goal=goal,
        name=name.strip(),
        definition=definition.strip(),
        unit=unit.strip(),
        source=source,
        category=category,
        area=area,
        source_reference=source_reference.strip(),
        baseline_value=baseline_value,
        baseline_period=baseline_period.strip(),
        target_value=target_value,
        target_date=target_date,
        frequency=frequency,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def measurement_add(
    *,
    user: Any,
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date,
    value: float,
    source_note: str = "",
) -> Measurement:
    """Enter a value by hand (situation picture counts are computed, not entered)."""
    _require_editor(user, indicator.goal.collaboration)
    if indicator.source == IndicatorSource.SITUATION_COUNT:
        raise ValidationError(
            _("This indicator is computed from the situation reports."), code="computed"
        )
    if period_end < period_start:
        raise field_error(
            "period_end", _("The period cannot end before it starts."), "end_before_start"
        )
    if indicator.measurements.filter(period_start=period_start).exists():
        raise field_error(
            "period_start", _("There is already a value for this period."), "duplicate"
        )
    _check_personal_data(source_note=source_note)
    measurement = Measurement(
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        value=value,
        source_note=source_note.strip(),
        entered_by=user,
    )
    measurement.full_clean()
    measurement.save()
    return measurement


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def indicator_periods(
    frequency: str, *, today: datetime.date, years_back: int = 2
) -> list[tuple[datetime.date, datetime.date]]:
    """The completed periods (month, quarter or year) of the last ``years_back`` years."""
    step = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.YEAR: 12}[Frequency(frequency)]
    start = datetime.date(today.year - years_back, 1, 1)
    periods = []
    while True:
        following = _add_months(start, step)
        end = following - datetime.timedelta(days=1)
        if end >= today:
            break
        periods.append((start, end))
        start = following
    return periods


#: Classes a joint count may include: what every party of the collaboration may read.
COUNTED_CLASSES = (InformationClass.PUBLIC, InformationClass.PARTNERS)


@transaction.atomic
def indicator_refresh(
    *, indicator: Indicator, today: datetime.date | None = None
) -> list[Measurement]:
    """Compute the measurements of a situation picture count for every completed period.

    The value is the sum of the reports' ``count`` for the category (and its sub-categories)
    and, when set, the area, counting each event once (duplicates are left out) and only the
    public and partners' reports, as the joint lägesbild does. Other sources are left alone.
    """
    if indicator.source != IndicatorSource.SITUATION_COUNT or indicator.category_id is None:
        return []
    from laget.situation.selectors import REPORT_DAY  # the lägesbild's own day of a report

    today = today or timezone.localdate()
    periods = indicator_periods(indicator.frequency, today=today)
    if not periods:
        return []
    first, last = periods[0][0], periods[-1][1]
    reports = Report.objects.filter(
        collaboration_id=indicator.goal.collaboration_id,
        duplicate_of__isnull=True,
        info_class__in=COUNTED_CLASSES,
        period_start__gte=first - datetime.timedelta(days=6),
        period_start__lte=last,
    ).filter(category__in=_category_ids(indicator.category))
    if indicator.area_id is not None:
        reports = reports.filter(area_id=indicator.area_id)
    sums = [0] * len(periods)
    rows = reports.annotate(day=REPORT_DAY).values_list("day", "count").order_by()
    for day, count in rows:
        for index, (lo, hi) in enumerate(periods):
            if lo <= day <= hi:
                sums[index] += count
                break
    existing = {m.period_start: m for m in indicator.measurements.all()}
    saved = []
    for (lo, hi), total in zip(periods, sums, strict=True):
        measurement = existing.get(lo) or Measurement(indicator=indicator, period_start=lo)
        if measurement.pk is not None and measurement.value == total:
            saved.append(measurement)
            continue
        measurement.period_end = hi
        measurement.value = total
        measurement.computed = True
        measurement.source_note = _("Computed from the situation reports")
        measurement.full_clean()
        measurement.save()
        saved.append(measurement)
    return saved


def _category_ids(category: Category) -> list[int]:
    return [category.pk, *category.children.values_list("pk", flat=True)]


# --- the åtgärdsplan ----------------------------------------------------------------------------


def steering_group(collaboration: Collaboration) -> Group | None:
    """The collaboration's steering group (styrgrupp), which adopts the åtgärdsplan."""
    return collaboration.groups.filter(kind=GroupKind.STEERING).order_by("pk").first()


def may_adopt(user: Any, collaboration: Collaboration) -> bool:
    """A member of the steering group, or a coordinator recording its decision."""
    scope = access.scope_for(user)
    if scope.is_superuser:
        return True
    if Role.COORDINATOR in scope.roles.get(collaboration.pk, set()):
        return True
    group = steering_group(collaboration)
    return (
        group is not None
        and collaboration.pk in scope.roles
        and GroupMembership.objects.filter(group=group, user=user).exists()
    )


@transaction.atomic
def action_plan_create(
    *, user: Any, collaboration: Collaboration, year: int, title: str = ""
) -> ActionPlan:
    """Start the collaboration's åtgärdsplan for a year (one per year, versioned by adoption)."""
    _require_editor(user, collaboration)
    if ActionPlan.objects.filter(collaboration=collaboration, year=year).exists():
        raise field_error(
            "year", _("The collaboration already has an action plan for this year."), "exists"
        )
    _check_personal_data(title=title)
    plan = ActionPlan(collaboration=collaboration, year=year, title=title.strip(), created_by=user)
    plan.full_clean()
    plan.save()
    return plan


def _log(
    *,
    user: Any,
    plan: ActionPlan,
    summary: str,
    measure: Measure | None = None,
    changes: list[dict[str, str]] | None = None,
    reason: str = "",
    follow_up_only: bool = False,
) -> PlanChange:
    """Write one entry of the change log; on an adopted plan the reason is required unless the
    entry only records follow-up (status and traffic light)."""
    reason = reason.strip()
    if plan.is_adopted and not reason and not follow_up_only:
        raise field_error(
            "reason",
            _("The plan is adopted: say why the plan changes."),
            "reason_required",
        )
    _check_personal_data(reason=reason)
    entry = PlanChange(
        plan=plan,
        measure=measure,
        summary=summary[:300],
        changes=changes or [],
        reason=reason,
        changed_by=user,
        plan_adopted=plan.is_adopted,
    )
    entry.full_clean()
    entry.save()
    return entry


def _check_measure(
    *,
    plan: ActionPlan,
    problem: Problem,
    causes: list[Cause],
    responsible_organisation: Organisation,
    start: datetime.date,
    end: datetime.date,
    operational_goals: list[Goal],
    status: str,
    status_reason: str,
) -> None:
    collaboration_id = plan.collaboration_id
    if problem.collaboration_id != collaboration_id:
        raise field_error("problem", _("The problem belongs to another collaboration."), "foreign")
    if not causes:
        raise field_error(
            "causes",
            _("Link the measure to at least one cause from the problem's cause analysis."),
            "no_cause",
        )
    if any(c.analysis.problem_id != problem.pk for c in causes):
        raise field_error(
            "causes", _("A cause belongs to another problem's cause analysis."), "foreign"
        )
    if not responsible_organisation.collaborations.filter(pk=collaboration_id).exists():
        raise field_error(
            "responsible_organisation",
            _("The organisation is not a party of this collaboration."),
            "not_party",
        )
    if end < start:
        raise field_error("end", _("The measure cannot end before it starts."), "end_before_start")
    if any(g.collaboration_id != collaboration_id for g in operational_goals):
        raise field_error(
            "operational_goals", _("A goal belongs to another collaboration."), "foreign"
        )
    if status == MeasureStatus.CANCELLED and not status_reason.strip():
        raise field_error(
            "status_reason", _("Say why the measure is cancelled."), "reason_required"
        )


@transaction.atomic
def measure_create(
    *,
    user: Any,
    plan: ActionPlan,
    problem: Problem,
    causes: Iterable[Cause],
    title: str,
    kind: str,
    prevention_level: str,
    responsible_organisation: Organisation,
    responsible_person: str,
    start: datetime.date,
    end: datetime.date,
    description: str = "",
    hours: int | None = None,
    cost_sek: int | None = None,
    operational_goals: Iterable[Goal] = (),
    mode: str = MeasureMode.ORDINARY,
    follow_up_on: datetime.date | None = None,
    steps: Iterable[str] = (),
    reason: str = "",
) -> Measure:
    """Add a measure aimed at one or more causes. Added to an adopted plan it needs a reason
    and stays "utanför antagen plan" until the steering group adopts the plan again."""
    _require_editor(user, plan.collaboration)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if problem.status != ProblemStatus.PRIORITISED:
        raise field_error(
            "problem", _("Measures are planned for a prioritised problem."), "not_prioritised"
        )
    cause_list = list(causes)
    goal_list = list(operational_goals)
    _check_measure(
        plan=plan,
        problem=problem,
        causes=cause_list,
        responsible_organisation=responsible_organisation,
        start=start,
        end=end,
        operational_goals=goal_list,
        status=MeasureStatus.PLANNED,
        status_reason="",
    )
    _check_personal_data(title=title, description=description)
    measure = Measure(
        plan=plan,
        problem=problem,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        prevention_level=prevention_level,
        responsible_organisation=responsible_organisation,
        responsible_person=responsible_person.strip(),
        start=start,
        end=end,
        hours=hours,
        cost_sek=cost_sek,
        mode=mode,
        follow_up_on=follow_up_on,
        in_adopted_plan=False,
        created_by=user,
    )
    measure.full_clean()
    measure.save()
    measure.causes.set(cause_list)
    measure.operational_goals.set(goal_list)
    for text in steps:
        if text.strip():
            _step_create(measure, text)
    _log(
        user=user,
        plan=plan,
        measure=measure,
        summary=_("Measure added: %(title)s") % {"title": measure.title},
        reason=reason,
    )
    return measure


#: The measure's fields a change is logged for, in the order of the form.
MEASURE_FIELDS = (
    "title",
    "description",
    "kind",
    "prevention_level",
    "responsible_organisation",
    "responsible_person",
    "start",
    "end",
    "hours",
    "cost_sek",
    "mode",
    "follow_up_on",
    "status",
    "status_reason",
    "traffic_light",
)
#: Follow-up of the plan rather than a change of it: logged, but no reason is asked for (a
#: cancelled measure still needs its own ``status_reason``).
FOLLOW_UP_FIELDS = frozenset({"status", "status_reason", "traffic_light"})


def _shown(measure: Measure, name: str) -> str:
    """A field's value as the change log shows it (labels for choices, names for objects)."""
    value = getattr(measure, name)
    display = getattr(measure, f"get_{name}_display", None)
    if display is not None:
        return str(display()) if value else ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


@transaction.atomic
def measure_update(
    *,
    user: Any,
    measure: Measure,
    reason: str = "",
    causes: Iterable[Cause] | None = None,
    operational_goals: Iterable[Goal] | None = None,
    **fields: Any,
) -> Measure:
    """Change a measure (and follow it up: status, traffic light). Every change is logged with
    field → old → new; on an adopted plan the reason is required."""
    # Work on the stored state: a measure object held since before the adoption must not
    # bring back its old plan status or its old place outside the plan.
    plan = ActionPlan.objects.select_for_update().get(pk=measure.plan_id)
    measure.refresh_from_db()
    measure.plan = plan
    _require_editor(user, plan.collaboration)
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field."), code="invalid")
    before = {name: _shown(measure, name) for name in MEASURE_FIELDS}
    old_causes = sorted(c.number for c in measure.causes.all())
    old_goals = sorted(str(g) for g in measure.operational_goals.all())
    cause_list = list(causes) if causes is not None else list(measure.causes.all())
    goal_list = (
        list(operational_goals)
        if operational_goals is not None
        else list(measure.operational_goals.all())
    )
    for name, value in fields.items():
        setattr(measure, name, value.strip() if isinstance(value, str) else value)
    if measure.traffic_light and measure.traffic_light not in TrafficLight.values:
        raise field_error("traffic_light", _("Unknown traffic light."), "invalid")
    _check_measure(
        plan=plan,
        problem=measure.problem,
        causes=cause_list,
        responsible_organisation=measure.responsible_organisation,
        start=measure.start,
        end=measure.end,
        operational_goals=goal_list,
        status=measure.status,
        status_reason=measure.status_reason,
    )
    _check_personal_data(
        title=measure.title, description=measure.description, status_reason=measure.status_reason
    )
    changed_names = [name for name, old in before.items() if _shown(measure, name) != old]
    changes = [
        {
            "field": str(Measure._meta.get_field(name).verbose_name),
            "old": before[name],
            "new": _shown(measure, name),
        }
        for name in changed_names
    ]
    new_causes = sorted(c.number for c in cause_list)
    if new_causes != old_causes:
        changes.append(
            {
                "field": str(Measure._meta.get_field("causes").verbose_name),
                "old": ", ".join(old_causes),
                "new": ", ".join(new_causes),
            }
        )
    new_goals = sorted(str(g) for g in goal_list)
    if new_goals != old_goals:
        changes.append(
            {
                "field": str(Measure._meta.get_field("operational_goals").verbose_name),
                "old": "; ".join(old_goals),
                "new": "; ".join(new_goals),
            }
        )
    if not changes:
        return measure
    measure.full_clean()
    measure.save()
    measure.causes.set(cause_list)
    measure.operational_goals.set(goal_list)
    _log(
        user=user,
        plan=plan,
        measure=measure,
        summary=_("Measure changed: %(title)s") % {"title": measure.title},
        changes=changes,
        reason=reason,
        follow_up_only=len(changes) == len(changed_names)
        and set(changed_names) <= FOLLOW_UP_FIELDS,
    )
    return measure


def _step_create(measure: Measure, text: str) -> MeasureStep:
    position = (measure.steps.aggregate(m=Max("position"))["m"] or 0) + 1
    step = MeasureStep(measure=measure, position=position, text=text.strip())
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def measure_step_add(*, user: Any, measure: Measure, text: str, reason: str = "") -> MeasureStep:
    """Add the next step (moment) of a measure; on an adopted plan with a reason."""
    _require_editor(user, measure.plan.collaboration)
    if not text.strip():
        raise field_error("text", _("Describe the step."), "required")
    _check_personal_data(text=text)
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    plan = ActionPlan.objects.get(pk=measure.plan_id)
    step = _step_create(measure, text)
    _log(
        user=user,
        plan=plan,
        measure=measure,
        summary=_("Step added to %(title)s: %(step)s")
        % {"title": measure.title, "step": step.text},
        reason=reason,
    )
    return step


@transaction.atomic
def measure_step_mark(*, user: Any, step: MeasureStep, done: bool) -> MeasureStep:
    """Tick a step as done (or not): follow-up of the plan, not a change of it."""
    _require_editor(user, step.measure.plan.collaboration)
    step.done = done
    step.save(update_fields=["done"])
    return step


def _decision_organisation(user: Any, collaboration: Collaboration) -> Organisation:
    """The organisation a decision is recorded for: the recorder's own party, else the
    municipality."""
    membership = (
        Membership.objects.filter(
            user=user,
            collaboration=collaboration,
            is_active=True,
            organisation__collaborations=collaboration,
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return membership.organisation
    found = collaboration.parties.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
    if found is None:
        raise ValidationError(_("The collaboration has no municipality party."), code="no_party")
    return found


@transaction.atomic
def action_plan_adopt(
    *, user: Any, plan: ActionPlan, decided_on: datetime.date, text: str
) -> ActionPlan:
    """The steering group adopts the plan: a recorded decision, the next version, and every
    measure now inside the adopted plan."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    collaboration = plan.collaboration
    if not may_adopt(user, collaboration):
        raise ValidationError(
            _(
                "Only a member of the steering group, or a coordinator recording the steering "
                "group's decision, may adopt the action plan."
            ),
            code="not_allowed",
        )
    group = steering_group(collaboration)
    if group is None:
        raise ValidationError(
            _("The collaboration has no steering group to adopt the plan."),
            code="no_steering_group",
        )
    if not plan.measures.exists():
        raise ValidationError(_("The plan has no measures yet."), code="empty")
    if not text.strip():
        raise field_error("text", _("Write the decision."), "required")
    if decided_on > timezone.localdate():
        raise field_error("decided_on", _("The decision cannot be in the future."), "future")
    _check_personal_data(text=text)
    decision = decision_create(
        collaboration=collaboration,
        owner_organisation=_decision_organisation(user, collaboration),
        title=_("Action plan %(year)s adopted") % {"year": plan.year},
        text=text.strip(),
        decided_on=decided_on,
        decided_by=group.name,
        info_class=InformationClass.PARTNERS,
        group=group,
        created_by=user,
    )
    plan.version += 1
    plan.status = PlanStatus.ADOPTED
    plan.adoption_decision = decision
    plan.adopted_on = decided_on
    plan.full_clean()
    plan.save()
    for measure in plan.measures.filter(in_adopted_plan=False):
        measure.in_adopted_plan = True  # one by one, so each is in the audit log
        measure.save(update_fields=["in_adopted_plan", "updated_at"])
    PlanChange.objects.create(
        plan=plan,
        summary=_("Plan adopted by %(group)s (version %(version)s)")
        % {"group": group.name, "version": plan.version},
        reason=text.strip()[:5000],
        changed_by=user,
        plan_adopted=True,
    )
    return plan
