"""Pages of the annual wheel (årshjul), the calendar feed and the Lag 2023:196 panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget import access
from laget.annual import selectors, services
from laget.annual.forms import MilestoneForm
from laget.annual.ical import feed_calendar
from laget.annual.models import Milestone
from laget.annual.wheel import SIZE, wheel_segments
from laget.core.forms import apply_validation_error
from laget.organisations.models import Collaboration

#: The session key holding a new feed secret until the årshjul page has shown it once.
FEED_SECRET_KEY = "annual_feed_secret"  # noqa: S105 – a session key, not a secret


def _collaboration(
    request: HttpRequest, collaboration_id: int, action: str = access.VIEW
) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id, action)


def _milestone(request: HttpRequest, collaboration: Collaboration, milestone_id: int) -> Milestone:
    milestone = access.access_object(request.user, Milestone, milestone_id, access.MANAGE)
    if milestone.collaboration_id != collaboration.pk:
        raise Http404
    return milestone


def _wheel(collaboration: Collaboration) -> HttpResponse:
    return redirect("annual:wheel", collaboration_id=collaboration.pk)


@login_required
@require_GET
def wheel(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    can_manage = request.user.has_perm("laget.manage_collaboration", collaboration)
    is_member = collaboration.pk in access.scope_for(request.user).collaboration_ids
    secret = request.session.pop(FEED_SECRET_KEY, None)
    feed_url = (
        request.build_absolute_uri(reverse("annual:feed", kwargs={"token": secret}))
        if secret is not None
        else None
    )
    months = selectors.wheel_months(user=request.user, collaboration=collaboration)
    context = {
        "collaboration": collaboration,
        "months": months,
        "segments": wheel_segments(months),
        "wheel_size": SIZE,
        "milestones": selectors.milestone_list(user=request.user, collaboration=collaboration),
        "can_manage": can_manage,
        "is_member": is_member,
        "feed": selectors.active_feed(user=request.user),
        "feed_url": feed_url,
    }
    return render(request, "annual/wheel.html", context)


@login_required
def milestone_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    form = MilestoneForm(
        request.POST or None,
        candidates=selectors.responsible_candidates(collaboration=collaboration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(
                collaboration=collaboration, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The milestone has been added to the annual wheel."))
            return _wheel(collaboration)
    return render(
        request,
        "annual/milestone_form.html",
        {"collaboration": collaboration, "form": form, "milestone": None},
    )


@login_required
def milestone_update(
    request: HttpRequest, collaboration_id: int, milestone_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    milestone = _milestone(request, collaboration, milestone_id)
    initial = {
        "title": milestone.title,
        "kind": milestone.kind,
        "start_date": milestone.start_date,
        "recurrence": milestone.recurrence,
        "end_date": milestone.end_date,
        "responsible": milestone.responsible_id,
        "remind_days": milestone.remind_days,
        "description": milestone.description,
    }
    form = MilestoneForm(
        request.POST or None,
        initial=initial,
        candidates=selectors.responsible_candidates(collaboration=collaboration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(milestone=milestone, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The milestone has been saved."))
            return _wheel(collaboration)
    return render(
        request,
        "annual/milestone_form.html",
        {"collaboration": collaboration, "form": form, "milestone": milestone},
    )


@login_required
def milestone_delete(
    request: HttpRequest, collaboration_id: int, milestone_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    milestone = _milestone(request, collaboration, milestone_id)
    if request.method == "POST":
        services.milestone_delete(milestone=milestone)
        messages.success(request, _("The milestone has been removed."))
        return _wheel(collaboration)
    return render(
        request,
        "annual/milestone_confirm_delete.html",
        {"collaboration": collaboration, "milestone": milestone},
    )


@login_required
@require_POST
def defaults_add(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    created = services.milestones_add_defaults(collaboration=collaboration, created_by=request.user)
    if created:
        messages.success(
            request,
            _("%(count)s milestones of the standard annual wheel have been added.")
            % {"count": len(created)},
        )
    else:
        messages.info(request, _("The annual wheel already has the standard milestones."))
    return _wheel(collaboration)


@login_required
@require_POST
def feed_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    if collaboration.pk not in access.scope_for(request.user).collaboration_ids:
        raise Http404  # a feed is about one's own collaborations
    _feed, secret = services.feed_create(user=request.user)
    request.session[FEED_SECRET_KEY] = secret
    return _wheel(collaboration)


@login_required
@require_POST
def feed_revoke(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    feed = selectors.active_feed(user=request.user)
    if feed is not None:
        services.feed_revoke(user=request.user, feed_id=feed.pk)
        messages.success(request, _("The calendar address has been revoked."))
    return _wheel(collaboration)


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's calendar: calendar apps cannot sign in, so the secret address is the key."""
    user = services.feed_user(token)
    if user is None:
        raise Http404
    occurrences = selectors.feed_occurrences(user=user, today=timezone.localdate())
    body = feed_calendar(occurrences, name=_("Läget annual wheel"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def compliance(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    context = {
        "collaboration": collaboration,
        "compliance": selectors.compliance(user=request.user, collaboration=collaboration),
        "can_manage": request.user.has_perm("laget.manage_collaboration", collaboration),
    }
    return render(request, "annual/compliance.html", context)
