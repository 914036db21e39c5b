import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.analysis import compile as compile_analysis
from laget.core.forms import apply_validation_error
from laget.geography.models import Area
from laget.organisations.choices import GroupKind
from laget.organisations.models import Collaboration, Group
from laget.situation import display, selectors, services
from laget.situation.forms import PictureTextForm, SettingsForm
from laget.situation.models import SituationPicture


def _group(
    request: HttpRequest, collaboration_id: int, group_id: int, action: str = access.VIEW
) -> tuple[Collaboration, Group]:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id, action)
    group = access.access_object(request.user, Group, group_id)
    if group.collaboration_id != collaboration.pk or group.kind != GroupKind.SITUATION:
        raise Http404
    return collaboration, group


def _picture(
    request: HttpRequest, collaboration_id: int, picture_id: int, action: str = access.VIEW
) -> tuple[Collaboration, SituationPicture]:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id, action)
    picture = access.access_object(request.user, SituationPicture, picture_id, action)
    if picture.collaboration_id != collaboration.pk:
        raise Http404
    return collaboration, picture


def _period(group: Group, period: str | None) -> compile_analysis.Period:
    """The period named in the URL (its first day), or by default the last complete one."""
    kind = selectors.situation_settings_for(group=group).period_kind
    today = timezone.localdate()
    if period is None:
        return compile_analysis.last_complete_period(today, kind)
    try:
        day = datetime.date.fromisoformat(period)
    except ValueError as exc:
        raise Http404 from exc
    found = compile_analysis.period_containing(day, kind)
    if found.start != day or found.start > today:
        raise Http404
    return found


def _page_context(
    request: HttpRequest,
    collaboration: Collaboration,
    group: Group,
    period: compile_analysis.Period,
    picture: SituationPicture | None,
) -> dict[str, Any]:
    """Everything the lägesbild page shows, from a stored version or compiled on the spot."""
    snapshot = picture.snapshot if picture is not None and picture.snapshot else None
    if snapshot is None:  # nothing stored yet: show the figures as they stand, without saving
        snapshot = selectors.situation_snapshot(
            user=request.user, collaboration=collaboration, period=period
        )
    areas = list(access.restrict(request.user, Area.objects.filter(collaboration=collaboration)))
    versions = selectors.picture_versions(user=request.user, group=group, period=period)
    can_manage = request.user.has_perm("laget.manage_collaboration", collaboration)
    is_latest = picture is None or (versions and versions[0].pk == picture.pk)
    initial = (
        {"assessment": picture.assessment, "priorities": picture.priorities} if picture else {}
    )
    today = timezone.localdate()
    return {
        "collaboration": collaboration,
        "group": group,
        "period": period,
        "picture": picture,
        "versions": versions,
        "page": display.build_page(snapshot),
        "map_data": display.map_data(snapshot, collaboration.municipality, areas),
        "can_edit": can_manage and is_latest,
        "form": PictureTextForm(initial=initial) if can_manage and is_latest else None,
        "previous_period": period.previous(),
        "next_period": period.next() if period.next().start <= today else None,
    }


@login_required
def index(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The collaboration's lägesbildsgrupper, each leading to its lägesbild."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    groups = selectors.situation_group_list(user=request.user, collaboration=collaboration)
    return render(
        request, "situation/index.html", {"collaboration": collaboration, "groups": groups}
    )


@login_required
def group_picture(
    request: HttpRequest, collaboration_id: int, group_id: int, period: str | None = None
) -> HttpResponse:
    """The group's lägesbild of one period: the latest version, or the figures as they stand."""
    collaboration, group = _group(request, collaboration_id, group_id)
    current = _period(group, period)
    picture = selectors.picture_latest(user=request.user, group=group, period=current)
    context = _page_context(request, collaboration, group, current, picture)
    return render(request, "situation/picture.html", context)


@login_required
def picture_detail(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """One version of a lägesbild, as it was compiled (and, if adopted, decided)."""
    collaboration, picture = _picture(request, collaboration_id, picture_id)
    group = picture.group
    period = compile_analysis.Period(picture.period_start, picture.period_end, picture.period_kind)
    context = _page_context(request, collaboration, group, period, picture)
    return render(request, "situation/picture.html", context)


@login_required
def picture_list(request: HttpRequest, collaboration_id: int, group_id: int) -> HttpResponse:
    """Every lägesbild of the group, every version, newest first."""
    collaboration, group = _group(request, collaboration_id, group_id)
    pictures = selectors.picture_list(user=request.user, group=group)
    context = {"collaboration": collaboration, "group": group, "pictures": pictures}
    return render(request, "situation/picture_list.html", context)


@login_required
@require_POST
def picture_compile(
    request: HttpRequest, collaboration_id: int, group_id: int, period: str
) -> HttpResponse:
    """Compile (or recompile) the period's figures into the group's draft."""
    collaboration, group = _group(request, collaboration_id, group_id, access.MANAGE)
    current = _period(group, period)
    try:
        services.situation_compile(user=request.user, group=group, period=current)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The situation picture has been compiled."))
    return redirect(
        "situation:period",
        collaboration_id=collaboration.pk,
        group_id=group.pk,
        period=current.start.isoformat(),
    )


@login_required
def picture_write(
    request: HttpRequest, collaboration_id: int, group_id: int, period: str
) -> HttpResponse:
    """The coordinator's assessment and the group's priorities (a new version once adopted)."""
    collaboration, group = _group(request, collaboration_id, group_id, access.MANAGE)
    current = _period(group, period)
    picture = selectors.picture_latest(user=request.user, group=group, period=current)
    initial = (
        {"assessment": picture.assessment, "priorities": picture.priorities} if picture else {}
    )
    form = PictureTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_write(
                user=request.user, group=group, period=current, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The assessment and priorities have been saved."))
            return redirect(
                "situation:period",
                collaboration_id=collaboration.pk,
                group_id=group.pk,
                period=current.start.isoformat(),
            )
    context = {"collaboration": collaboration, "group": group, "period": current, "form": form}
    context["period_label"] = display.period_label(current)
    return render(request, "situation/write.html", context)


@login_required
@require_POST
def picture_adopt(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """Adopt (*fastställ*) a draft lägesbild."""
    collaboration, picture = _picture(request, collaboration_id, picture_id, access.MANAGE)
    try:
        picture = services.situation_adopt(user=request.user, picture=picture)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Version %(version)s of the situation picture has been adopted.")
            % {"version": picture.version},
        )
    return redirect(
        "situation:period",
        collaboration_id=collaboration.pk,
        group_id=picture.group_id,
        period=picture.period_start.isoformat(),
    )


@login_required
def settings(request: HttpRequest, collaboration_id: int, group_id: int) -> HttpResponse:
    """The group's period: week, two weeks or month."""
    collaboration, group = _group(request, collaboration_id, group_id, access.MANAGE)
    current = selectors.situation_settings_for(group=group)
    form = SettingsForm(request.POST or None, initial={"period_kind": current.period_kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_settings_update(group=group, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("situation:group", collaboration_id=collaboration.pk, group_id=group.pk)
    context = {"collaboration": collaboration, "group": group, "form": form}
    return render(request, "situation/settings.html", context)
