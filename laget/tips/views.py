"""The moderation queue of citizen tips (coordinators, administrators and the police)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.organisations.models import Collaboration
from laget.tips import selectors, services
from laget.tips.choices import TipStatus
from laget.tips.forms import ApproveForm, CloseForm, RejectForm
from laget.tips.models import Tip
from laget.tips.public_views import map_data


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    """The collaboration, for its moderators only (others of the collaboration: 403)."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    if not services.may_moderate(request.user, collaboration):
        raise PermissionDenied
    return collaboration


def _tip(request: HttpRequest, collaboration: Collaboration, tip_id: int) -> Tip:
    tip = access.access_object(request.user, Tip, tip_id)
    if tip.collaboration_id != collaboration.pk:
        raise Http404
    return tip


@login_required
@require_GET
def queue(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    pending = list(selectors.moderation_queue(user=request.user, collaboration=collaboration))
    context = {
        "collaboration": collaboration,
        "pending": pending,
        "moderated": selectors.moderated_tips(user=request.user, collaboration=collaboration),
        "map_data": {
            **map_data(collaboration),
            "points": [
                {"id": t.pk, "lat": t.lat, "lon": t.lon, "label": t.get_service_display()}
                for t in pending
                if t.has_point
            ],
        },
    }
    return render(request, "tips/queue.html", context)


def _detail(
    request: HttpRequest,
    collaboration: Collaboration,
    tip: Tip,
    *,
    approve_form: ApproveForm | None = None,
    reject_form: RejectForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "collaboration": collaboration,
        "tip": tip,
        "approve_form": approve_form or ApproveForm(initial={"public_text": tip.text}),
        "reject_form": reject_form or RejectForm(),
        "close_form": close_form or CloseForm(),
        "is_pending": tip.status == TipStatus.PENDING,
        "is_approved": tip.status == TipStatus.APPROVED,
        "map_data": {
            **map_data(collaboration),
            "points": (
                [{"id": tip.pk, "lat": tip.lat, "lon": tip.lon, "label": tip.public_id}]
                if tip.has_point
                else []
            ),
        },
    }
    return render(request, "tips/tip_detail.html", context, status=status)


@login_required
@require_GET
def tip_detail(request: HttpRequest, collaboration_id: int, tip_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    return _detail(request, collaboration, _tip(request, collaboration, tip_id))


def _decided(request: HttpRequest, collaboration: Collaboration, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("tips:queue", collaboration_id=collaboration.pk)


@login_required
@require_POST
def tip_approve(request: HttpRequest, collaboration_id: int, tip_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    tip = _tip(request, collaboration, tip_id)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.tip_approve(
                tip=tip, moderated_by=request.user, public_text=form.cleaned_data["public_text"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _decided(request, collaboration, _("The tip has been approved."))
    tip.refresh_from_db()
    return _detail(request, collaboration, tip, approve_form=form, status=400)


@login_required
@require_POST
def tip_reject(request: HttpRequest, collaboration_id: int, tip_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    tip = _tip(request, collaboration, tip_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.tip_reject(
                tip=tip, moderated_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, {"moderation_note": "reason"})
        else:
            return _decided(request, collaboration, _("The tip has been rejected."))
    tip.refresh_from_db()
    return _detail(request, collaboration, tip, reject_form=form, status=400)


@login_required
@require_POST
def tip_close(request: HttpRequest, collaboration_id: int, tip_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    tip = _tip(request, collaboration, tip_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.tip_close(
                tip=tip,
                moderated_by=request.user,
                public_response=form.cleaned_data["public_response"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _decided(request, collaboration, _("The tip has been closed."))
    tip.refresh_from_db()
    return _detail(request, collaboration, tip, close_form=form, status=400)
