"""Pages of the promises app: list (with overdue flags), drafting, activities, gates, signing,
progress updates, the follow-up report and renewal.

Every page starts from ``laget.access``: outsiders get 404; members who may not write get 403
on a write. Forms post to their own URL and redirect on success.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.organisations.models import Collaboration
from laget.planning.models import Measurement
from laget.promises import selectors, services
from laget.promises.choices import PromiseStatus
from laget.promises.forms import (
    ActivityForm,
    ActivityUpdateForm,
    FollowUpForm,
    MeasureChoiceForm,
    NewPromiseForm,
    PromiseForm,
    RenewForm,
    SettingsForm,
    SignForm,
)
from laget.promises.models import Promise, PromiseActivity

# --- lookups ------------------------------------------------------------------------------------


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id)


def _require_edit(request: HttpRequest, collaboration: Collaboration) -> None:
    if not services.may_edit(request.user, collaboration):
        raise PermissionDenied


def _promise(request: HttpRequest, collaboration: Collaboration, promise_id: int) -> Promise:
    promise = access.access_object(request.user, Promise, promise_id)
    if promise.collaboration_id != collaboration.pk:
        raise Http404
    return promise


def _activity(
    request: HttpRequest, collaboration: Collaboration, activity_id: int
) -> tuple[Promise, PromiseActivity]:
    activity = access.access_object(request.user, PromiseActivity, activity_id)
    promise = _promise(request, collaboration, activity.promise_id)
    return promise, activity


def _detail_url(promise: Promise, anchor: str = "") -> str:
    url = reverse(
        "promises:detail",
        kwargs={"collaboration_id": promise.collaboration_id, "promise_id": promise.pk},
    )
    return url + (f"#{anchor}" if anchor else "")


def _data(request: HttpRequest) -> Any:
    """The posted data, or None for a GET (an empty POST still binds the form)."""
    return request.POST if request.method == "POST" else None


def _editable(promise: Promise) -> bool:
    return promise.status in services.EDITABLE_STATUSES and not promise.signatures.exists()


def _initial_from(promise: Promise) -> dict[str, Any]:
    return {
        "title": promise.title,
        "period_start": promise.period_start,
        "period_end": promise.period_end,
        "problems": list(promise.problems.all()),
        "indicators": list(promise.indicators.all()),
        "introduction": promise.introduction,
        "situation_summary": promise.situation_summary,
        "effects": promise.effects,
        "how_to_follow": promise.how_to_follow,
        "update_interval_days": promise.update_interval_days,
        "diarienummer": promise.diarienummer,
        "renewal_justification": promise.renewal_justification,
    }


# --- list, new, settings ------------------------------------------------------------------------


@login_required
def promise_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The collaboration's promises, with what is overdue flagged for the coordinators."""
    collaboration = _collaboration(request, collaboration_id)
    can_edit = services.may_edit(request.user, collaboration)
    today = timezone.localdate()
    return render(
        request,
        "promises/promise_list.html",
        {
            "collaboration": collaboration,
            "promises": selectors.promise_list(user=request.user, collaboration=collaboration),
            "overdue": selectors.promise_overdue_items(collaboration=collaboration, today=today)
            if can_edit
            else [],
            "can_edit": can_edit,
            "can_settings": services.may_change_settings(request.user, collaboration),
            "settings": selectors.settings_for(collaboration),
        },
    )


@login_required
def promise_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """Draft a new promise from a prioritised problem."""
    collaboration = _collaboration(request, collaboration_id)
    _require_edit(request, collaboration)
    today = timezone.localdate()
    form = NewPromiseForm(
        _data(request),
        collaboration=collaboration,
        initial={"period_start": today, "period_end": today + datetime.timedelta(days=90)},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                promise = services.promise_create_from_problem(
                    user=request.user,
                    problem=form.cleaned_data["problem"],
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The draft medborgarlöfte has been created."))
                return redirect(_detail_url(promise))
        status = 400
    return render(
        request,
        "promises/promise_new.html",
        {"collaboration": collaboration, "form": form},
        status=status,
    )


@login_required
def promise_settings(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """Whether missing gates block signing (coordinators and administrators)."""
    collaboration = _collaboration(request, collaboration_id)
    if not services.may_change_settings(request.user, collaboration):
        raise PermissionDenied
    current = selectors.settings_for(collaboration)
    form = SettingsForm(_data(request), initial={"gates_block": current.gates_block})
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                user=request.user,
                collaboration=collaboration,
                gates_block=form.cleaned_data["gates_block"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("promises:list", collaboration_id=collaboration.pk)
    return render(
        request,
        "promises/settings.html",
        {"collaboration": collaboration, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- detail and edit ----------------------------------------------------------------------------


def _indicator_rows(promise: Promise) -> list[dict[str, Any]]:
    rows = []
    for indicator in promise.indicators.select_related("goal"):
        latest = (
            Measurement.objects.filter(indicator=indicator).order_by("-period_end", "-pk").first()
        )
        rows.append({"indicator": indicator, "latest": latest})
    return rows


@login_required
def promise_detail(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    """The promise in its six sections, the gates checklist, signing and follow-up."""
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    return _detail_page(request, collaboration, promise)


def _detail_page(
    request: HttpRequest,
    collaboration: Collaboration,
    promise: Promise,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    can_edit = services.may_edit(request.user, collaboration)
    today = timezone.localdate()
    editable = promise.status in services.EDITABLE_STATUSES and not promise.signatures.exists()
    gates = (
        services.promise_gates(promise)
        if promise.status in (PromiseStatus.DRAFT, PromiseStatus.READY)
        else []
    )
    signable = services.signable_organisations(request.user, promise)
    context = {
        "collaboration": collaboration,
        "promise": promise,
        "activities": selectors.activities_with_updates(promise=promise),
        "signatures": promise.signatures.select_related("organisation", "signed_by"),
        "required_signatories": services.required_signatories(collaboration),
        "gates": gates,
        "gates_missing": [g for g in gates if not g.ok],
        "gates_block": selectors.settings_for(collaboration).gates_block,
        "can_edit": can_edit,
        "editable": editable and can_edit,
        "sign_form": forms.get("sign_form")
        or (SignForm(organisations=signable) if signable else None),
        "measure_form": forms.get("measure_form")
        or (MeasureChoiceForm(collaboration=collaboration) if editable and can_edit else None),
        "follow_up": getattr(promise, "follow_up", None) if hasattr(promise, "follow_up") else None,
        "follow_up_open": promise.status in (PromiseStatus.ACTIVE, PromiseStatus.COMPLETED)
        and today >= services.follow_up_opens_on(promise),
        "follow_up_opens_on": services.follow_up_opens_on(promise),
        "can_renew": can_edit
        and promise.status in (PromiseStatus.ACTIVE, PromiseStatus.COMPLETED)
        and not promise.renewals.exclude(status=PromiseStatus.WITHDRAWN).exists(),
        "renewals": promise.renewals.all(),
        "indicator_rows": _indicator_rows(promise),
        "overdue": [
            item
            for item in selectors.promise_overdue_items(collaboration=collaboration, today=today)
            if item.promise.pk == promise.pk
        ]
        if can_edit
        else [],
    }
    return render(request, "promises/promise_detail.html", context, status=status)


@login_required
def promise_edit(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    """Edit the public sections and links of an unsigned promise."""
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    _require_edit(request, collaboration)
    renewal = bool(promise.previous_id)
    form = PromiseForm(
        _data(request),
        collaboration=collaboration,
        renewal=renewal,
        initial=_initial_from(promise),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.setdefault("renewal_justification", "")
            try:
                services.promise_update(user=request.user, promise=promise, **data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The medborgarlöfte has been saved."))
                return redirect(_detail_url(promise))
        status = 400
    return render(
        request,
        "promises/promise_form.html",
        {
            "collaboration": collaboration,
            "promise": promise,
            "form": form,
            "editable": _editable(promise),
        },
        status=status,
    )


def _post_action(
    request: HttpRequest, collaboration_id: int, promise_id: int, action: Any, success: str
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    try:
        action(promise)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(_detail_url(promise))


@login_required
@require_POST
def promise_ready(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    """Mark the draft *Klar för underskrift* (the gates are checked)."""
    collaboration = _collaboration(request, collaboration_id)
    _require_edit(request, collaboration)
    return _post_action(
        request,
        collaboration_id,
        promise_id,
        lambda p: services.promise_mark_ready(user=request.user, promise=p),
        _("The medborgarlöfte is ready for signing."),
    )


@login_required
@require_POST
def promise_back_to_draft(
    request: HttpRequest, collaboration_id: int, promise_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    _require_edit(request, collaboration)
    return _post_action(
        request,
        collaboration_id,
        promise_id,
        lambda p: services.promise_back_to_draft(user=request.user, promise=p),
        _("The medborgarlöfte is a draft again."),
    )


@login_required
@require_POST
def promise_withdraw(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    _require_edit(request, collaboration)
    return _post_action(
        request,
        collaboration_id,
        promise_id,
        lambda p: services.promise_withdraw(user=request.user, promise=p),
        _("The medborgarlöfte has been withdrawn."),
    )


@login_required
@require_POST
def promise_sign(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    """Sign for a party (holders of a signing authority only)."""
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    signable = services.signable_organisations(request.user, promise)
    form = SignForm(request.POST, organisations=signable)
    if not form.is_valid():
        messages.error(
            request,
            _("You have no signing authority for a party that has not signed yet."),
        )
        return redirect(_detail_url(promise))
    try:
        services.promise_sign(
            user=request.user, promise=promise, organisation=form.cleaned_data["organisation"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        promise.refresh_from_db()
        if promise.status == PromiseStatus.ACTIVE:
            messages.success(
                request,
                _("Both parties have signed: the medborgarlöfte is in force and published."),
            )
        else:
            messages.success(request, _("Your signature has been recorded."))
    return redirect(_detail_url(promise, "signatures"))


# --- activities ---------------------------------------------------------------------------------


@login_required
def activity_add(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    """Add a free-standing activity."""
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    _require_edit(request, collaboration)
    form = ActivityForm(
        _data(request),
        collaboration=collaboration,
        initial={"starts_on": promise.period_start, "ends_on": promise.period_end},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.activity_add(user=request.user, promise=promise, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The activity has been added."))
                return redirect(_detail_url(promise, "activities"))
        status = 400
    return render(
        request,
        "promises/activity_form.html",
        {
            "collaboration": collaboration,
            "promise": promise,
            "form": form,
            "activity": None,
            "editable": _editable(promise),
        },
        status=status,
    )


@login_required
@require_POST
def activity_from_measure(
    request: HttpRequest, collaboration_id: int, promise_id: int
) -> HttpResponse:
    """Add an activity taken from a measure of the åtgärdsplan."""
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    _require_edit(request, collaboration)
    form = MeasureChoiceForm(request.POST, collaboration=collaboration)
    if form.is_valid():
        try:
            services.activity_add_from_measure(
                user=request.user, promise=promise, measure=form.cleaned_data["measure"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The activity has been added from the action plan."))
            return redirect(_detail_url(promise, "activities"))
    return _detail_page(request, collaboration, promise, status=400, measure_form=form)


@login_required
def activity_detail(request: HttpRequest, collaboration_id: int, activity_id: int) -> HttpResponse:
    """An activity with its non-public plan, its update history and a new progress update."""
    collaboration = _collaboration(request, collaboration_id)
    promise, activity = _activity(request, collaboration, activity_id)
    can_edit = services.may_edit(request.user, collaboration)
    form = None
    status = 200
    if can_edit and promise.status == PromiseStatus.ACTIVE:
        form = ActivityUpdateForm(_data(request), initial={"reported_on": timezone.localdate()})
    if request.method == "POST":
        if form is None:
            if not can_edit:
                raise PermissionDenied
            messages.error(
                request,
                _("Progress can only be reported on a medborgarlöfte that is in force."),
            )
            return redirect(request.path)
        if form.is_valid():
            try:
                services.activity_update_create(
                    user=request.user, activity=activity, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The progress update has been recorded."))
                return redirect(request.path)
        status = 400
    return render(
        request,
        "promises/activity_detail.html",
        {
            "collaboration": collaboration,
            "promise": promise,
            "activity": activity,
            "updates": activity.updates.select_related("created_by"),
            "form": form,
            "can_edit": can_edit,
            "editable": can_edit
            and promise.status in services.EDITABLE_STATUSES
            and not promise.signatures.exists(),
        },
        status=status,
    )


@login_required
def activity_edit(request: HttpRequest, collaboration_id: int, activity_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    promise, activity = _activity(request, collaboration, activity_id)
    _require_edit(request, collaboration)
    form = ActivityForm(
        _data(request),
        collaboration=collaboration,
        initial={
            "title": activity.title,
            "public_description": activity.public_description,
            "organisation": activity.organisation,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "responsible": activity.responsible,
            "resources": activity.resources,
            "follow_up_plan": activity.follow_up_plan,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.activity_edit(user=request.user, activity=activity, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The activity has been saved."))
                return redirect(_detail_url(promise, "activities"))
        status = 400
    return render(
        request,
        "promises/activity_form.html",
        {
            "collaboration": collaboration,
            "promise": promise,
            "form": form,
            "activity": activity,
            "editable": _editable(promise),
        },
        status=status,
    )


@login_required
@require_POST
def activity_remove(request: HttpRequest, collaboration_id: int, activity_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    promise, activity = _activity(request, collaboration, activity_id)
    _require_edit(request, collaboration)
    try:
        services.activity_remove(user=request.user, activity=activity)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The activity has been removed."))
    return redirect(_detail_url(promise, "activities"))


# --- follow-up and renewal ----------------------------------------------------------------------


@login_required
def follow_up(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    """Write or revise the end-of-period follow-up report."""
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    _require_edit(request, collaboration)
    existing = getattr(promise, "follow_up", None) if hasattr(promise, "follow_up") else None
    initial = (
        {"summary": existing.summary, "outcome": existing.outcome, "lessons": existing.lessons}
        if existing
        else {}
    )
    form = FollowUpForm(_data(request), initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.follow_up_write(user=request.user, promise=promise, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The follow-up report has been saved."))
                return redirect(_detail_url(promise, "follow-up"))
        status = 400
    return render(
        request,
        "promises/follow_up_form.html",
        {
            "collaboration": collaboration,
            "promise": promise,
            "form": form,
            "opens_on": services.follow_up_opens_on(promise),
            "tally": selectors.activity_tally(promise=promise),
            "activities": selectors.activities_with_updates(promise=promise),
        },
        status=status,
    )


@login_required
def promise_renew(request: HttpRequest, collaboration_id: int, promise_id: int) -> HttpResponse:
    """Create the next promise, linked to this one."""
    collaboration = _collaboration(request, collaboration_id)
    promise = _promise(request, collaboration, promise_id)
    _require_edit(request, collaboration)
    length = promise.period_end - promise.period_start
    start = promise.period_end + datetime.timedelta(days=1)
    form = RenewForm(_data(request), initial={"period_start": start, "period_end": start + length})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                renewal = services.promise_renew(
                    user=request.user, promise=promise, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("The renewal has been drafted. Check the gates of the new cycle.")
                )
                return redirect(_detail_url(renewal))
        status = 400
    return render(
        request,
        "promises/renew_form.html",
        {"collaboration": collaboration, "promise": promise, "form": form},
        status=status,
    )
