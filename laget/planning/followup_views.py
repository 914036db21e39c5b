"""Pages of step 5 for the åtgärdsplan: follow-ups of a measure, effect follow-ups with their
chart, the steering group's report (PDF and Word) and the public summary.

Coordinators, administrators and the police add follow-ups; every member of the collaboration
reads them. Each page works as plain forms with redirects.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from laget import access
from laget.core.forms import apply_validation_error
from laget.geography.models import Area
from laget.organisations.models import Collaboration
from laget.planning import followup
from laget.planning.choices import TrafficLight
from laget.planning.forms import DATE, TEXTAREA
from laget.planning.models import MAX_TEXT, FollowUp, FollowUpKind, Measure
from laget.planning.plan_views import _measure, _plan, _status, _url
from laget.planning.views import _collaboration, _require_edit

LIGHTS = [("", gettext_lazy("Not set")), *TrafficLight.choices]


class FollowUpForm(forms.Form):
    """A production or process follow-up."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of follow-up"),
        choices=[(v, label) for v, label in FollowUpKind.choices if v != FollowUpKind.EFFECT],
    )
    followed_up_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    delivered_count = forms.IntegerField(
        label=gettext_lazy("Number delivered"), min_value=0, required=False
    )
    delivered_unit = forms.CharField(
        label=gettext_lazy("Of what"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("For example lighting points, patrols, meetings held."),
    )
    as_planned = forms.NullBooleanField(
        label=gettext_lazy("Carried out as planned?"),
        required=False,
        widget=forms.Select(
            choices=[
                ("unknown", gettext_lazy("Not stated")),
                ("true", gettext_lazy("Yes")),
                ("false", gettext_lazy("No")),
            ]
        ),
    )
    deviations = forms.CharField(
        label=gettext_lazy("Deviations"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    hours = forms.IntegerField(label=gettext_lazy("Hours used"), min_value=0, required=False)
    cost_sek = forms.IntegerField(
        label=gettext_lazy("Cost used (SEK)"), min_value=0, required=False
    )
    text = forms.CharField(
        label=gettext_lazy("Text"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    traffic_light = forms.ChoiceField(
        label=gettext_lazy("Traffic light now"), choices=LIGHTS, required=False
    )
    public = forms.BooleanField(
        label=gettext_lazy("The text may be shown in the public summary"),
        required=False,
        help_text=gettext_lazy("Leave it unticked if the text names people or units."),
    )


class EffectForm(forms.Form):
    """An effect follow-up: indicator, intervention period, windows and comparison area."""

    indicator = forms.ModelChoiceField(label=gettext_lazy("Indicator"), queryset=None)
    intervention_start = forms.DateField(
        label=gettext_lazy("Intervention period from"), widget=DATE
    )
    intervention_end = forms.DateField(label=gettext_lazy("Intervention period until"), widget=DATE)
    weeks = forms.IntegerField(
        label=gettext_lazy("Weeks in each window"),
        min_value=1,
        max_value=followup.MAX_WEEKS,
        initial=followup.DEFAULT_WEEKS,
        help_text=gettext_lazy("The before and after windows are equally long."),
    )
    after_start = forms.DateField(
        label=gettext_lazy("After window from"),
        widget=DATE,
        required=False,
        help_text=gettext_lazy("Leave empty to start the day after the intervention period."),
    )
    comparison_area = forms.ModelChoiceField(
        label=gettext_lazy("Comparison area"),
        queryset=None,
        required=False,
        help_text=gettext_lazy(
            "Optional: an area like the indicator's where the measure was not carried out."
        ),
    )
    traffic_light = forms.ChoiceField(
        label=gettext_lazy("Traffic light now"), choices=LIGHTS, required=False
    )


def _effect_form(measure: Measure, collaboration: Collaboration, data: Any = None) -> EffectForm:
    form = EffectForm(
        data,
        initial={"intervention_start": measure.start, "intervention_end": measure.end},
    )
    form.fields["indicator"].queryset = followup.effect_indicators(measure)
    form.fields["comparison_area"].queryset = Area.objects.filter(collaboration=collaboration)
    return form


def _follow_up(request: HttpRequest, measure: Measure, followup_id: int) -> FollowUp:
    follow_up = access.access_object(request.user, FollowUp, followup_id)
    if follow_up.measure_id != measure.pk:
        raise Http404
    return follow_up


def _measure_url(collaboration: Collaboration, measure: Measure) -> str:
    return _url("measure_detail", collaboration.pk, measure_id=measure.pk) + "#follow-up"


@login_required
def followup_create(request: HttpRequest, collaboration_id: int, measure_id: int) -> HttpResponse:
    """Add a production or process follow-up to the measure."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    _require_edit(request, collaboration)
    initial = {"followed_up_on": timezone.localdate(), "kind": request.GET.get("kind", "")}
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["as_planned"] = data.get("as_planned")
        for name in ("delivered_unit", "deviations", "text", "traffic_light"):
            data[name] = data.get(name) or ""
        try:
            followup.follow_up_create(user=request.user, measure=measure, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The follow-up has been added."))
            return redirect(_measure_url(collaboration, measure))
    context = {"collaboration": collaboration, "measure": measure, "form": form}
    return render(request, "planning/followup_form.html", context, status=_status(request))


@login_required
def effect_create(request: HttpRequest, collaboration_id: int, measure_id: int) -> HttpResponse:
    """Run an effect follow-up: count the reports before and after the intervention."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    _require_edit(request, collaboration)
    form = _effect_form(measure, collaboration, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["traffic_light"] = data.get("traffic_light") or ""
        try:
            follow_up = followup.effect_follow_up_run(user=request.user, measure=measure, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The effect follow-up has been computed."))
            return redirect(
                _url(
                    "followup_detail",
                    collaboration.pk,
                    measure_id=measure.pk,
                    followup_id=follow_up.pk,
                )
            )
    context = {
        "collaboration": collaboration,
        "measure": measure,
        "form": form,
        "has_indicators": bool(form.fields["indicator"].queryset.exists()),
    }
    return render(request, "planning/followup_effect_form.html", context, status=_status(request))


@login_required
@require_GET
def followup_detail(
    request: HttpRequest, collaboration_id: int, measure_id: int, followup_id: int
) -> HttpResponse:
    """One follow-up; an effect follow-up with its verdict, numbers and chart."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    follow_up = _follow_up(request, measure, followup_id)
    effect = getattr(follow_up, "effect", None)
    context = {
        "collaboration": collaboration,
        "measure": measure,
        "follow_up": follow_up,
        "effect": effect,
        "sentences": followup.verdict_sentences(effect.result) if effect else [],
        "caption": followup.effect_chart(effect).caption if effect else "",
    }
    return render(request, "planning/followup_detail.html", context)


@login_required
@require_GET
def followup_chart(
    request: HttpRequest, collaboration_id: int, measure_id: int, followup_id: int
) -> HttpResponse:
    """The effect follow-up's time series as a PNG image."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    follow_up = _follow_up(request, measure, followup_id)
    effect = getattr(follow_up, "effect", None)
    if effect is None:
        raise Http404
    response = HttpResponse(followup.effect_chart(effect).png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report_pdf(request: HttpRequest, collaboration_id: int, plan_id: int) -> HttpResponse:
    """The steering group's follow-up report as a PDF."""
    collaboration = _collaboration(request, collaboration_id)
    plan = _plan(request, collaboration, plan_id)
    report = followup.plan_report(user=request.user, plan=plan)
    content = followup.report_pdf(plan, report)
    return _download(content, "application/pdf", f"uppfoljning-{plan.year}.pdf")


@login_required
@require_GET
def report_docx(request: HttpRequest, collaboration_id: int, plan_id: int) -> HttpResponse:
    """The steering group's follow-up report as a Word document."""
    collaboration = _collaboration(request, collaboration_id)
    plan = _plan(request, collaboration, plan_id)
    report = followup.plan_report(user=request.user, plan=plan)
    content = followup.report_docx(plan, report)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(content, docx, f"uppfoljning-{plan.year}.docx")


@login_required
@require_GET
def report_public(request: HttpRequest, collaboration_id: int, plan_id: int) -> HttpResponse:
    """The public summary of the plan's follow-up: no names, no texts not marked public."""
    collaboration = _collaboration(request, collaboration_id)
    plan = _plan(request, collaboration, plan_id)
    report = followup.public_report(followup.plan_report(user=request.user, plan=plan))
    rows = [
        (
            problem,
            [
                (
                    entry.measure,
                    [followup.follow_up_summary(f, public=True) for f in entry.follow_ups],
                    [followup.verdict_sentences(e.result) for e in entry.effects[:1]],
                )
                for entry in problem.measures
            ],
        )
        for problem in report
    ]
    context = {
        "collaboration": collaboration,
        "plan": plan,
        "rows": rows,
        "cancelled": followup.not_carried_out(report),
    }
    return render(request, "planning/report_public.html", context)
