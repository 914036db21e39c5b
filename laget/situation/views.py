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
from laget.core.actions import run_action
from laget.core.forms import apply_validation_error
from laget.geography.models import Area
from laget.organisations.choices import GroupKind
from laget.organisations.models import Collaboration, Group, Organisation
from laget.situation import display, parties, selectors, services
from laget.situation.forms import PartyPictureForm, PictureTextForm, SettingsForm
from laget.situation.models import PartyPicture, SituationPicture


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
    party_section = snapshot.get("parties")
    if party_section is None:  # a preview, or a version compiled before parties could share
        party_section = parties.joint_section(user=request.user, group=group, period=period)
    return {
        "approval": parties.approval_state(
            user=request.user, picture=picture, collaboration=collaboration
        ),
        "party_view": display.parties_view(party_section),
        "own_pictures": parties.parties_with_pictures(
            user=request.user, collaboration=collaboration, group=group, period=period
        ),
        "shared_since": (
            parties.party_pictures_since(user=request.user, picture=picture) if picture else []
        ),
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
    run_action(
        request,
        lambda: services.situation_compile(user=request.user, group=group, period=current),
        _("The situation picture has been compiled."),
    )
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
    """Approve a draft lägesbild for one's party; adopted (*fastställd*) once all have."""
    collaboration, picture = _picture(request, collaboration_id, picture_id)
    user = request.user
    if not (
        user.has_perm("laget.represent_party", collaboration)
        or user.has_perm("laget.manage_collaboration", collaboration)
    ):
        raise Http404  # only those who speak for a party approve (as before: managers)
    try:
        picture = parties.situation_approve(user=request.user, picture=picture)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if picture.is_adopted:
            message = _("Version %(version)s of the situation picture has been adopted.")
        else:
            message = _(
                "Your party has approved version %(version)s. It is adopted when the other "
                "party has approved it too."
            )
        messages.success(request, message % {"version": picture.version})
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


def _party(
    request: HttpRequest, collaboration: Collaboration, organisation_id: int
) -> Organisation:
    """A party the person speaks for (coordinator, administrator, police), else 404."""
    for organisation in parties.represented_parties(user=request.user, collaboration=collaboration):
        if organisation.pk == organisation_id:
            return organisation
    raise Http404


@login_required
def party_picture(
    request: HttpRequest, collaboration_id: int, group_id: int, period: str, organisation_id: int
) -> HttpResponse:
    """The party's own picture of the period: figures per category and its assessment."""
    collaboration, group = _group(request, collaboration_id, group_id)
    organisation = _party(request, collaboration, organisation_id)
    current = _period(group, period)
    picture = parties.party_picture_latest(
        user=request.user, group=group, period=current, organisation=organisation
    )
    categories = parties.party_categories(user=request.user, collaboration=collaboration)
    if picture is not None:
        initial = PartyPictureForm.initial_for(
            picture.assessment, parties.party_figures(picture=picture)
        )
    else:
        prefill = parties.party_prefill(
            user=request.user,
            collaboration=collaboration,
            organisation=organisation,
            period=current,
            categories=categories,
        )
        initial = PartyPictureForm.initial_for("", prefill)
    form = PartyPictureForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            parties.party_picture_save(
                user=request.user,
                group=group,
                period=current,
                organisation=organisation,
                assessment=form.cleaned_data["assessment"],
                figures=form.figures(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your party's situation picture has been saved."))
            return redirect(request.path)
    context = {
        "collaboration": collaboration,
        "group": group,
        "period": current,
        "period_label": display.period_label(current),
        "organisation": organisation,
        "picture": picture,
        "form": form,
        "prefilled": picture is None,
    }
    return render(request, "situation/party_picture.html", context)


@login_required
@require_POST
def party_picture_share(
    request: HttpRequest, collaboration_id: int, party_picture_id: int
) -> HttpResponse:
    """Share the party's draft with the collaboration's joint lägesbild."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    picture = access.access_object(request.user, PartyPicture, party_picture_id)
    if picture.collaboration_id != collaboration.pk:
        raise Http404
    try:
        parties.party_picture_share(user=request.user, picture=picture)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Your party's situation picture is shared and is part of the joint one."),
        )
    return redirect(
        "situation:period",
        collaboration_id=collaboration.pk,
        group_id=picture.group_id,
        period=picture.period_start.isoformat(),
    )


@login_required
def party_picture_detail(
    request: HttpRequest, collaboration_id: int, party_picture_id: int
) -> HttpResponse:
    """One version of a party's own picture, as it was shared (or the party's draft)."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    picture = access.access_object(request.user, PartyPicture, party_picture_id)
    if picture.collaboration_id != collaboration.pk:
        raise Http404
    figures = list(picture.figures.select_related("category__parent").order_by("pk"))
    period = compile_analysis.Period(picture.period_start, picture.period_end, picture.period_kind)
    context = {
        "collaboration": collaboration,
        "group": picture.group,
        "picture": picture,
        "figures": figures,
        "period": period,
        "period_label": display.period_label(period),
        "may_edit": picture.owner_organisation_id
        in access.represented_party_ids(request.user, collaboration),
    }
    return render(request, "situation/party_picture_detail.html", context)
