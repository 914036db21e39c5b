"""Pages of step 4: goals with the SMART check, indicators, and the åtgärdsplan.

Every page works as plain forms with redirects; the goal form also asks the SMART check
endpoint while typing (htmx) and checks on submit without JavaScript. Coordinators,
administrators and the police edit; the steering group (or a coordinator recording its
decision) adopts the plan; other members read.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.analysis import indicators as indicator_math
from laget.core.forms import apply_validation_error
from laget.geography.models import Area
from laget.organisations.models import Collaboration, Organisation
from laget.planning import plans, selectors, services, smart_text
from laget.planning.choices import (
    TRAFFIC_LIGHT_HELP,
    IndicatorSource,
    ProblemStatus,
    TrafficLight,
)
from laget.planning.forms import (
    ActionPlanForm,
    AdoptForm,
    GoalForm,
    IndicatorForm,
    MeasureForm,
    MeasurementForm,
    MeasureUpdateForm,
    StepForm,
)
from laget.planning.models import (
    ActionPlan,
    Cause,
    Goal,
    Indicator,
    Measure,
    MeasureStep,
    Problem,
)
from laget.planning.views import _collaboration, _problem, _require_edit
from laget.reporting.models import Category
from laget.stats.selectors import official_figure_for_indicator

# --- lookups ------------------------------------------------------------------------------------


def _goal(request: HttpRequest, collaboration: Collaboration, goal_id: int) -> Goal:
    goal = access.access_object(request.user, Goal, goal_id)
    if goal.collaboration_id != collaboration.pk:
        raise Http404
    _problem(request, collaboration, goal.problem_id)  # the problem's information class applies
    return goal


def _indicator(request: HttpRequest, collaboration: Collaboration, indicator_id: int) -> Indicator:
    indicator = access.access_object(request.user, Indicator, indicator_id)
    _goal(request, collaboration, indicator.goal_id)
    return indicator


def _plan(request: HttpRequest, collaboration: Collaboration, plan_id: int) -> ActionPlan:
    plan = access.access_object(request.user, ActionPlan, plan_id)
    if plan.collaboration_id != collaboration.pk:
        raise Http404
    return plan


def _measure(request: HttpRequest, collaboration: Collaboration, measure_id: int) -> Measure:
    measure = access.access_object(request.user, Measure, measure_id)
    if measure.plan.collaboration_id != collaboration.pk:
        raise Http404
    _problem(request, collaboration, measure.problem_id)  # the problem's information class
    return measure


def _url(name: str, collaboration_id: int, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"collaboration_id": collaboration_id, **kwargs})


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


# --- goals --------------------------------------------------------------------------------------


def _goal_form(
    request: HttpRequest, problem: Problem, goal: Goal | None = None, **kwargs: Any
) -> GoalForm:
    goals = Goal.objects.filter(problem=problem)
    if goal is not None:
        goals = goals.exclude(pk=goal.pk)
    return GoalForm(
        request.POST or None,
        causes=Cause.objects.filter(analysis__problem=problem).order_by("depth", "position"),
        goals=goals,
        **kwargs,
    )


def _smart_from_form(form: GoalForm) -> list[dict[str, object]] | None:
    """The SMART rows for what the form holds (also when it is invalid elsewhere)."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    text = data.get("text") if data.get("text") is not None else form.data.get("text")
    if text is None:
        return None
    result = plans.smart_assess(
        text=text,
        baseline=data.get("baseline"),
        target=data.get("target"),
        deadline=data.get("deadline"),
        place=data.get("place") or "",
        indicator=data.get("indicator") or "",
    )
    return smart_text.rows(result)


@login_required
def goal_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """Every goal of the collaboration's problems, per problem, with its SMART letters."""
    collaboration = _collaboration(request, collaboration_id)
    goals = selectors.goal_list(user=request.user, collaboration=collaboration)
    problems = selectors.problem_list(
        user=request.user, collaboration=collaboration, status=ProblemStatus.PRIORITISED
    )
    context = {
        "collaboration": collaboration,
        "goals": goals,
        "problems": problems,
        "can_edit": services.may_edit(request.user, collaboration),
    }
    return render(request, "planning/goal_list.html", context)


@login_required
def goal_create(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """Formulate a goal for a prioritised problem; the SMART check shows what it lacks."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    _require_edit(request, collaboration)
    form = _goal_form(request, problem)
    smart_rows = None
    if request.method == "POST" and form.is_valid():
        try:
            goal = plans.goal_create(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The goal has been saved."))
            return redirect(_url("goal_detail", collaboration.pk, goal_id=goal.pk))
    if request.method == "POST":
        smart_rows = _smart_from_form(form)
    context = {
        "collaboration": collaboration,
        "problem": problem,
        "form": form,
        "smart_rows": smart_rows,
        "title": _("New goal"),
    }
    return render(request, "planning/goal_form.html", context, status=_status(request))


@login_required
def goal_edit(request: HttpRequest, collaboration_id: int, goal_id: int) -> HttpResponse:
    """Reformulate a goal."""
    collaboration = _collaboration(request, collaboration_id)
    goal = _goal(request, collaboration, goal_id)
    _require_edit(request, collaboration)
    initial = {
        name: getattr(goal, name)
        for name in (
            "goal_type",
            "text",
            "indicator",
            "place",
            "baseline",
            "baseline_period",
            "target",
            "deadline",
        )
    }
    initial["causes"] = list(goal.causes.values_list("pk", flat=True))
    initial["parent"] = goal.parent_id
    form = _goal_form(request, goal.problem, goal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plans.goal_update(user=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The goal has been saved."))
            return redirect(_url("goal_detail", collaboration.pk, goal_id=goal.pk))
    context = {
        "collaboration": collaboration,
        "problem": goal.problem,
        "goal": goal,
        "form": form,
        "smart_rows": _smart_from_form(form)
        if request.method == "POST"
        else smart_text.rows(plans.smart_result(goal)),
        "title": _("Change the goal"),
    }
    return render(request, "planning/goal_form.html", context, status=_status(request))


def _float(value: str | None) -> float | None:
    try:
        return float((value or "").replace(",", ".")) if (value or "").strip() else None
    except ValueError:
        return None


@login_required
def smart_check(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The SMART check of a goal being written: JSON, or the table fragment for htmx."""
    collaboration = _collaboration(request, collaboration_id)
    data = request.POST if request.method == "POST" else request.GET
    deadline = None
    try:
        if data.get("deadline"):
            deadline = datetime.date.fromisoformat(data["deadline"])
    except ValueError:
        deadline = None
    result = plans.smart_assess(
        text=data.get("text", "")[:5000],
        baseline=_float(data.get("baseline")),
        target=_float(data.get("target")),
        deadline=deadline,
        place=data.get("place", "")[:300],
        indicator=data.get("indicator", "")[:300],
    )
    rows = smart_text.rows(result)
    if getattr(request, "htmx", False):
        context = {"collaboration": collaboration, "smart_rows": rows}
        return render(request, "planning/_smart_table.html", context)
    return JsonResponse(
        {"covered": "".join(sorted(result.covered, key="SMART".index)), "letters": rows}
    )


@login_required
def goal_detail(request: HttpRequest, collaboration_id: int, goal_id: int) -> HttpResponse:
    """A goal with its SMART table (TPL-20) and its indicators."""
    collaboration = _collaboration(request, collaboration_id)
    goal = _goal(request, collaboration, goal_id)
    return _goal_page(request, collaboration, goal)


def _indicator_form(collaboration: Collaboration, data: Any = None, **kwargs: Any) -> IndicatorForm:
    return IndicatorForm(
        data,
        categories=Category.objects.filter(template__collaboration=collaboration).select_related(
            "parent"
        ),
        areas=Area.objects.filter(collaboration=collaboration),
        **kwargs,
    )


def _goal_page(
    request: HttpRequest,
    collaboration: Collaboration,
    goal: Goal,
    indicator_form: IndicatorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = services.may_edit(request.user, collaboration)
    result = plans.smart_result(goal)
    context = {
        "collaboration": collaboration,
        "goal": goal,
        "problem": goal.problem,
        "smart_rows": smart_text.rows(result),
        "parameters": result.parameters,
        "indicators": list(goal.indicators.select_related("category", "area")),
        "measures": list(goal.measures.select_related("plan")),
        "can_edit": can_edit,
        "indicator_form": (indicator_form or _indicator_form(collaboration)) if can_edit else None,
    }
    return render(request, "planning/goal_detail.html", context, status=status)


@login_required
@require_POST
def indicator_create(request: HttpRequest, collaboration_id: int, goal_id: int) -> HttpResponse:
    """Add an indicator to a goal."""
    collaboration = _collaboration(request, collaboration_id)
    goal = _goal(request, collaboration, goal_id)
    _require_edit(request, collaboration)
    form = _indicator_form(collaboration, request.POST)
    if form.is_valid():
        try:
            indicator = plans.indicator_create(user=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The indicator has been added."))
            return redirect(_url("indicator_detail", collaboration.pk, indicator_id=indicator.pk))
    return _goal_page(request, collaboration, goal, indicator_form=form, status=400)


def _indicator_page(
    request: HttpRequest,
    collaboration: Collaboration,
    indicator: Indicator,
    form: MeasurementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    measurements = list(indicator.measurements.select_related("entered_by"))
    latest = measurements[-1].value if measurements else None
    can_edit = services.may_edit(request.user, collaboration)
    manual = indicator.source != IndicatorSource.SITUATION_COUNT
    share = indicator_math.progress(indicator.baseline_value, indicator.target_value, latest)
    context = {
        "collaboration": collaboration,
        "indicator": indicator,
        "goal": indicator.goal,
        "measurements": measurements,
        "latest": latest,
        "progress": None if share is None else round(share * 100),
        "progress_status": indicator_math.status(
            indicator.baseline_value, indicator.target_value, latest
        ),
        "can_edit": can_edit,
        "form": (form or MeasurementForm()) if can_edit and manual else None,
        # issue 7: an indicator on imported statistics shows the latest official figure
        "figure": official_figure_for_indicator(indicator=indicator),
    }
    return render(request, "planning/indicator_detail.html", context, status=status)


@login_required
def indicator_detail(
    request: HttpRequest, collaboration_id: int, indicator_id: int
) -> HttpResponse:
    """An indicator with its measurements; situation picture counts are computed on opening."""
    collaboration = _collaboration(request, collaboration_id)
    indicator = _indicator(request, collaboration, indicator_id)
    plans.indicator_refresh(indicator=indicator)
    return _indicator_page(request, collaboration, indicator)


@login_required
@require_POST
def measurement_add(request: HttpRequest, collaboration_id: int, indicator_id: int) -> HttpResponse:
    """Enter a measurement by hand."""
    collaboration = _collaboration(request, collaboration_id)
    indicator = _indicator(request, collaboration, indicator_id)
    _require_edit(request, collaboration)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            plans.measurement_add(user=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The measurement has been added."))
            return redirect(_url("indicator_detail", collaboration.pk, indicator_id=indicator.pk))
    return _indicator_page(request, collaboration, indicator, form=form, status=400)


# --- the åtgärdsplan ----------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The collaboration's action plans per year, and a new one."""
    collaboration = _collaboration(request, collaboration_id)
    can_edit = services.may_edit(request.user, collaboration)
    form = None
    if can_edit:
        form = ActionPlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    elif request.method == "POST":
        _require_edit(request, collaboration)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            plan = plans.action_plan_create(
                user=request.user, collaboration=collaboration, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The action plan has been created."))
            return redirect(_url("plan_detail", collaboration.pk, plan_id=plan.pk))
    context = {
        "collaboration": collaboration,
        "plans": selectors.plan_list(user=request.user, collaboration=collaboration),
        "form": form,
    }
    return render(request, "planning/plan_list.html", context, status=_status(request))


def _plan_page(
    request: HttpRequest,
    collaboration: Collaboration,
    plan: ActionPlan,
    adopt_form: AdoptForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_adopt = plans.may_adopt(request.user, collaboration)
    context = {
        "collaboration": collaboration,
        "plan": plan,
        "rows": selectors.plan_rows(user=request.user, plan=plan),
        "changes": list(plan.changes.select_related("changed_by", "measure")),
        "can_edit": services.may_edit(request.user, collaboration),
        "adopt_form": (adopt_form or AdoptForm(initial={"decided_on": timezone.localdate()}))
        if may_adopt
        else None,
        "steering_group": plans.steering_group(collaboration),
        "light_help": [(label, TRAFFIC_LIGHT_HELP[v], v) for v, label in TrafficLight.choices],
    }
    return render(request, "planning/plan_detail.html", context, status=status)


@login_required
def plan_detail(request: HttpRequest, collaboration_id: int, plan_id: int) -> HttpResponse:
    """The åtgärdsplan as the handbook's table (TPL-19), its adoption and its change log."""
    collaboration = _collaboration(request, collaboration_id)
    plan = _plan(request, collaboration, plan_id)
    return _plan_page(request, collaboration, plan)


@login_required
@require_POST
def plan_adopt(request: HttpRequest, collaboration_id: int, plan_id: int) -> HttpResponse:
    """Record the steering group's decision adopting the plan."""
    collaboration = _collaboration(request, collaboration_id)
    plan = _plan(request, collaboration, plan_id)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            plans.action_plan_adopt(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "not_allowed":
                messages.error(request, " ".join(exc.messages))
                return redirect(_url("plan_detail", collaboration.pk, plan_id=plan.pk))
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The action plan has been adopted."))
            return redirect(_url("plan_detail", collaboration.pk, plan_id=plan.pk))
    plan.refresh_from_db()
    return _plan_page(request, collaboration, plan, adopt_form=form, status=400)


def _measure_form(
    request: HttpRequest,
    collaboration: Collaboration,
    form_class: type[MeasureForm],
    problem: Problem | None = None,
    data: Any = None,
    **kwargs: Any,
) -> MeasureForm:
    problems = selectors.problem_list(
        user=request.user, collaboration=collaboration, status=ProblemStatus.PRIORITISED
    )
    causes = Cause.objects.filter(analysis__problem__in=problems)
    if problem is not None:
        causes = Cause.objects.filter(analysis__problem=problem)
    return form_class(
        data,
        problems=problems,
        causes=causes.select_related("analysis").order_by("analysis", "depth", "position"),
        organisations=Organisation.objects.filter(collaborations=collaboration),
        goals=Goal.objects.filter(collaboration=collaboration).order_by("problem", "pk"),
        **kwargs,
    )


@login_required
def measure_create(request: HttpRequest, collaboration_id: int, plan_id: int) -> HttpResponse:
    """Add a measure to the plan, aimed at one or more causes."""
    collaboration = _collaboration(request, collaboration_id)
    plan = _plan(request, collaboration, plan_id)
    _require_edit(request, collaboration)
    initial = {}
    problem_id = request.GET.get("problem", "")
    if problem_id.isdigit():
        initial["problem"] = int(problem_id)
    form = _measure_form(
        request, collaboration, MeasureForm, data=request.POST or None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            measure = plans.measure_create(user=request.user, plan=plan, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The measure has been added."))
            return redirect(_url("measure_detail", collaboration.pk, measure_id=measure.pk))
    context = {"collaboration": collaboration, "plan": plan, "form": form}
    return render(request, "planning/measure_form.html", context, status=_status(request))


def _measure_page(
    request: HttpRequest,
    collaboration: Collaboration,
    measure: Measure,
    form: MeasureForm | None = None,
    step_form: StepForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = services.may_edit(request.user, collaboration)
    if can_edit and form is None:
        initial = {name: getattr(measure, name) for name in plans.MEASURE_FIELDS}
        initial["responsible_organisation"] = measure.responsible_organisation_id
        initial["causes"] = list(measure.causes.values_list("pk", flat=True))
        initial["operational_goals"] = list(measure.operational_goals.values_list("pk", flat=True))
        form = _measure_form(
            request, collaboration, MeasureUpdateForm, measure.problem, initial=initial
        )
    context = {
        "collaboration": collaboration,
        "measure": measure,
        "plan": measure.plan,
        "causes": list(measure.causes.order_by("depth", "position")),
        "goals": list(measure.operational_goals.all()),
        "steps": list(measure.steps.all()),
        "changes": list(measure.changes.select_related("changed_by")),
        "can_edit": can_edit,
        "form": form if can_edit else None,
        "step_form": (step_form or StepForm()) if can_edit else None,
        "light_help": [(label, TRAFFIC_LIGHT_HELP[v], v) for v, label in TrafficLight.choices],
    }
    return render(request, "planning/measure_detail.html", context, status=status)


@login_required
def measure_detail(request: HttpRequest, collaboration_id: int, measure_id: int) -> HttpResponse:
    """A measure with its causes, goals, steps, follow-up and change log; editors change it."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    if request.method != "POST":
        return _measure_page(request, collaboration, measure)
    _require_edit(request, collaboration)
    form = _measure_form(
        request, collaboration, MeasureUpdateForm, measure.problem, data=request.POST
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["traffic_light"] = data.get("traffic_light") or ""
        try:
            plans.measure_update(user=request.user, measure=measure, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect(_url("measure_detail", collaboration.pk, measure_id=measure.pk))
    measure.refresh_from_db()
    return _measure_page(request, collaboration, measure, form=form, status=400)


@login_required
@require_POST
def measure_step_add(request: HttpRequest, collaboration_id: int, measure_id: int) -> HttpResponse:
    """Add a step (moment) to the measure."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    _require_edit(request, collaboration)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            plans.measure_step_add(user=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The step has been added."))
            return redirect(_url("measure_detail", collaboration.pk, measure_id=measure.pk))
    return _measure_page(request, collaboration, measure, step_form=form, status=400)


@login_required
@require_POST
def measure_step_mark(
    request: HttpRequest, collaboration_id: int, measure_id: int, step_id: int
) -> HttpResponse:
    """Tick a step as done, or not done."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    step = access.access_object(request.user, MeasureStep, step_id)
    if step.measure_id != measure.pk:
        raise Http404
    _require_edit(request, collaboration)
    plans.measure_step_mark(user=request.user, step=step, done=request.POST.get("done") == "1")
    return redirect(_url("measure_detail", collaboration.pk, measure_id=measure.pk) + "#steps")
