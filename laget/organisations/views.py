from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from laget import access
from laget.core.forms import apply_validation_error
from laget.organisations import selectors, services
from laget.organisations.forms import (
    DecisionForm,
    GroupForm,
    MembershipForm,
    PartyAddForm,
    PartyCreateForm,
    SeatForm,
    UnitForm,
    membership_roles,
)
from laget.organisations.models import (
    Collaboration,
    Decision,
    Group,
    GroupMembership,
    Membership,
    Organisation,
)


def _collaboration(
    request: HttpRequest, collaboration_id: int, action: str = access.VIEW
) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id, action)


def _group(
    request: HttpRequest, collaboration: Collaboration, group_id: int, action: str = access.VIEW
) -> Group:
    group = access.access_object(request.user, Group, group_id, action)
    if group.collaboration_id != collaboration.pk:
        raise Http404
    return group


def _party(
    request: HttpRequest, collaboration: Collaboration, organisation_id: int
) -> Organisation:
    organisation = access.access_object(request.user, Organisation, organisation_id, access.MANAGE)
    if not collaboration.parties.filter(pk=organisation.pk).exists():
        raise Http404
    return organisation


def _confirm(request: HttpRequest, collaboration: Collaboration, **context: object) -> HttpResponse:
    """The confirmation page of a destructive action; the action itself only happens on POST."""
    return render(
        request, "organisations/confirm.html", {"collaboration": collaboration, **context}
    )


@login_required
def overview(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    context = {
        "collaboration": collaboration,
        "organisations": selectors.organisation_list(
            user=request.user, collaboration=collaboration
        ),
        "groups": selectors.group_list(user=request.user, collaboration=collaboration),
        "decisions": selectors.decision_list(user=request.user, collaboration=collaboration)[:5],
    }
    return render(request, "organisations/overview.html", context)


@login_required
def organisation_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    organisations = selectors.organisation_list(user=request.user, collaboration=collaboration)
    return render(
        request,
        "organisations/organisation_list.html",
        {"collaboration": collaboration, "organisations": organisations},
    )


@login_required
def group_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    groups = selectors.group_list(user=request.user, collaboration=collaboration)
    return render(
        request, "organisations/group_list.html", {"collaboration": collaboration, "groups": groups}
    )


@login_required
def membership_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    memberships = selectors.membership_list(user=request.user, collaboration=collaboration)
    return render(
        request,
        "organisations/membership_list.html",
        {"collaboration": collaboration, "memberships": memberships},
    )


@login_required
def decision_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    decisions = selectors.decision_list(user=request.user, collaboration=collaboration)
    return render(
        request,
        "organisations/decision_list.html",
        {"collaboration": collaboration, "decisions": decisions},
    )


@login_required
def decision_detail(request: HttpRequest, collaboration_id: int, decision_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    decision = access.access_object(request.user, Decision, decision_id)
    if decision.collaboration_id != collaboration.pk:
        return redirect(
            "organisations:decision_detail",
            collaboration_id=decision.collaboration_id,
            decision_id=decision.pk,
        )
    return render(
        request,
        "organisations/decision_detail.html",
        {"collaboration": collaboration, "decision": decision},
    )


@login_required
def decision_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    form = DecisionForm(
        request.POST or None,
        groups=collaboration.groups.all(),
        organisations=selectors.user_organisations(user=request.user, collaboration=collaboration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                collaboration=collaboration, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect(
                "organisations:decision_detail",
                collaboration_id=collaboration.pk,
                decision_id=decision.pk,
            )
    return render(
        request, "organisations/decision_form.html", {"collaboration": collaboration, "form": form}
    )


@login_required
def group_detail(request: HttpRequest, collaboration_id: int, group_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    group = _group(request, collaboration, group_id)
    context = {
        "collaboration": collaboration,
        "group": group,
        "seats": selectors.group_seat_list(user=request.user, group=group),
        "decisions": selectors.decision_list(
            user=request.user, collaboration=collaboration, group=group
        ),
    }
    return render(request, "organisations/group_detail.html", context)


@login_required
def group_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(collaboration=collaboration, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The group has been created."))
            return redirect(
                "organisations:group_detail", collaboration_id=collaboration.pk, group_id=group.pk
            )
    return render(
        request,
        "organisations/group_form.html",
        {"collaboration": collaboration, "form": form, "group": None},
    )


@login_required
def group_update(request: HttpRequest, collaboration_id: int, group_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    group = _group(request, collaboration, group_id, access.MANAGE)
    initial = {f: getattr(group, f) for f in ("kind", "name", "purpose", "meeting_cadence")}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The group has been saved."))
            return redirect(
                "organisations:group_detail", collaboration_id=collaboration.pk, group_id=group.pk
            )
    return render(
        request,
        "organisations/group_form.html",
        {"collaboration": collaboration, "form": form, "group": group},
    )


@login_required
def group_seat_add(request: HttpRequest, collaboration_id: int, group_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    group = _group(request, collaboration, group_id, access.MANAGE)
    candidates = selectors.seat_candidate_list(user=request.user, group=group)
    form = SeatForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.group_seat_add(group=group, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s now has a seat in the group.") % {"name": seat.user}
            )
            return redirect(
                "organisations:group_detail", collaboration_id=collaboration.pk, group_id=group.pk
            )
    return render(
        request,
        "organisations/seat_form.html",
        {"collaboration": collaboration, "group": group, "form": form},
    )


@login_required
def group_seat_remove(
    request: HttpRequest, collaboration_id: int, group_id: int, seat_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    group = _group(request, collaboration, group_id, access.MANAGE)
    seat = access.access_object(request.user, GroupMembership, seat_id, access.MANAGE)
    if seat.group_id != group.pk:
        raise Http404
    if request.method == "POST":
        services.group_seat_remove(seat=seat)
        messages.success(
            request, _("%(name)s no longer has a seat in the group.") % {"name": seat.user}
        )
        return redirect(
            "organisations:group_detail", collaboration_id=collaboration.pk, group_id=group.pk
        )
    return _confirm(
        request,
        collaboration,
        title=_("Remove %(name)s from %(group)s?") % {"name": seat.user, "group": group},
        button=_("Remove from group"),
        cancel_url=reverse(
            "organisations:group_detail",
            kwargs={"collaboration_id": collaboration.pk, "group_id": group.pk},
        ),
    )


def _party_page(
    request: HttpRequest,
    collaboration: Collaboration,
    create_form: PartyCreateForm,
    add_form: PartyAddForm,
) -> HttpResponse:
    context = {"collaboration": collaboration, "create_form": create_form, "add_form": add_form}
    return render(request, "organisations/party_form.html", context)


@login_required
def party_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    candidates = selectors.party_candidate_list(user=request.user, collaboration=collaboration)
    form = PartyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.party_create(collaboration=collaboration, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s is now a party.") % {"name": organisation})
            return redirect("organisations:organisation_list", collaboration_id=collaboration.pk)
    return _party_page(request, collaboration, form, PartyAddForm(candidates=candidates))


@login_required
def party_add(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    candidates = selectors.party_candidate_list(user=request.user, collaboration=collaboration)
    form = PartyAddForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.party_add(collaboration=collaboration, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s is now a party.") % {"name": organisation})
            return redirect("organisations:organisation_list", collaboration_id=collaboration.pk)
    return _party_page(request, collaboration, PartyCreateForm(), form)


@login_required
def unit_create(request: HttpRequest, collaboration_id: int, organisation_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    organisation = _party(request, collaboration, organisation_id)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The unit has been added."))
            return redirect("organisations:organisation_list", collaboration_id=collaboration.pk)
    return render(
        request,
        "organisations/unit_form.html",
        {"collaboration": collaboration, "organisation": organisation, "form": form},
    )


@login_required
def membership_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    form = MembershipForm(
        request.POST or None,
        organisations=selectors.organisation_list(user=request.user, collaboration=collaboration),
        units=selectors.unit_list(user=request.user, collaboration=collaboration),
        roles=membership_roles(
            may_appoint_administrators=request.user.has_perm(
                "laget.administer_collaboration", collaboration
            )
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_invite(
                collaboration=collaboration, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": membership.user})
            return redirect("organisations:membership_list", collaboration_id=collaboration.pk)
    return render(
        request,
        "organisations/membership_form.html",
        {"collaboration": collaboration, "form": form},
    )


@login_required
def membership_end(request: HttpRequest, collaboration_id: int, membership_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    membership = access.access_object(request.user, Membership, membership_id, access.MANAGE)
    if membership.collaboration_id != collaboration.pk:
        raise Http404
    list_url = reverse(
        "organisations:membership_list", kwargs={"collaboration_id": collaboration.pk}
    )
    if request.method == "POST":
        try:
            services.membership_end(membership=membership, ended_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The membership has ended."))
            if membership.user_id == request.user.pk:
                return redirect("core:start")  # the list may no longer be theirs to see
        return redirect(list_url)
    return _confirm(
        request,
        collaboration,
        title=_("End the membership of %(name)s?") % {"name": membership.user},
        text=_("%(role)s for %(organisation)s. The record is kept as history.")
        % {"role": membership.get_role_display(), "organisation": membership.organisation},
        button=_("End membership"),
        cancel_url=list_url,
    )
