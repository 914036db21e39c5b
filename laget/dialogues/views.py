"""Pages of the dialogue records. Every view starts from ``laget.access``."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.dialogues import selectors, services
from laget.dialogues.choices import CitizenDialogueForm, DialogueKind, ParticipantGroup
from laget.dialogues.forms import (
    CitizenPlanForm,
    DialogueForm,
    InvitationForm,
    KindFilterForm,
    RemarkForm,
    RemarkReportForm,
    RemarkStatusForm,
    SafetyWalkForm,
    StaffDialogueForm,
    WalkedForm,
    participant_field_name,
    unit_field_name,
)
from laget.dialogues.models import Dialogue, SafetyWalk, WalkRemark
from laget.organisations.models import Collaboration


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id)


def _dialogue(request: HttpRequest, collaboration: Collaboration, dialogue_id: int) -> Dialogue:
    dialogue = access.access_object(request.user, Dialogue, dialogue_id)
    if dialogue.collaboration_id != collaboration.pk:
        raise Http404
    return dialogue


def _require_editor(request: HttpRequest, collaboration: Collaboration) -> None:
    if not services.may_edit(request.user, collaboration):
        raise PermissionDenied


def _form(request: HttpRequest, collaboration: Collaboration, **kwargs: object) -> DialogueForm:
    return DialogueForm(
        request.POST or None, organisations=collaboration.parties.order_by("name"), **kwargs
    )


@login_required
@require_GET
def dialogue_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    return render(
        request,
        "dialogues/dialogue_list.html",
        {
            "collaboration": collaboration,
            "dialogues": selectors.dialogues_for(
                user=request.user, collaboration=collaboration, kind=kind
            ),
            "filters": filters,
            "today": timezone.localdate(),
            "can_edit": services.may_edit(request.user, collaboration),
        },
    )


@login_required
def dialogue_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    _require_editor(request, collaboration)
    form = _form(request, collaboration, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.dialogue_create(
                user=request.user, collaboration=collaboration, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The dialogue has been recorded."))
            return redirect(
                "dialogues:detail", collaboration_id=collaboration.pk, dialogue_id=dialogue.pk
            )
    return render(
        request,
        "dialogues/dialogue_form.html",
        {"collaboration": collaboration, "form": form, "dialogue": None},
    )


@login_required
def dialogue_update(request: HttpRequest, collaboration_id: int, dialogue_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    dialogue = _dialogue(request, collaboration, dialogue_id)
    _require_editor(request, collaboration)
    initial = {
        name: getattr(dialogue, name)
        for name in (
            "kind",
            "title",
            "held_on",
            "participants_count",
            "participant_groups",
            "purpose",
            "outcome",
            "feedback",
            "feedback_given_on",
            "info_class",
        )
    }
    initial["organisation"] = dialogue.organisation_id
    form = _form(request, collaboration, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.dialogue_update(user=request.user, dialogue=dialogue, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The dialogue has been saved."))
            return redirect(
                "dialogues:detail", collaboration_id=collaboration.pk, dialogue_id=dialogue.pk
            )
    return render(
        request,
        "dialogues/dialogue_form.html",
        {"collaboration": collaboration, "form": form, "dialogue": dialogue},
    )


@login_required
@require_GET
def dialogue_detail(request: HttpRequest, collaboration_id: int, dialogue_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    dialogue = _dialogue(request, collaboration, dialogue_id)
    return _render_detail(request, collaboration, dialogue)


def _render_detail(
    request: HttpRequest,
    collaboration: Collaboration,
    dialogue: Dialogue,
    invitation_form: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    citizen = dialogue.kind == DialogueKind.CITIZEN
    checklist = selectors.citizen_checklist(dialogue=dialogue) if citizen else []
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "collaboration": collaboration,
            "dialogue": dialogue,
            "planned": dialogue.held_on > timezone.localdate(),
            "can_edit": services.may_edit(request.user, collaboration),
            "citizen": citizen,
            "checklist": checklist,
            "checklist_complete": all(done for _name, _label, done in checklist),
            "forms": [
                label
                for value, label in CitizenDialogueForm.choices
                if value in (dialogue.plan_forms or [])
            ],
            "invitation_form": invitation_form
            or InvitationForm(initial={"sent_on": timezone.localdate()}),
            "unit_rows": selectors.unit_participation(dialogue=dialogue),
        },
        status=status,
    )


@login_required
def dialogue_plan(request: HttpRequest, collaboration_id: int, dialogue_id: int) -> HttpResponse:
    """The planning page: the nine-point checklist of a citizen dialogue, or the agenda and
    participants by unit of a staff dialogue."""
    collaboration = _collaboration(request, collaboration_id)
    dialogue = _dialogue(request, collaboration, dialogue_id)
    _require_editor(request, collaboration)
    data = request.POST if request.method == "POST" else None
    form: CitizenPlanForm | StaffDialogueForm
    if dialogue.kind == DialogueKind.CITIZEN:
        initial = {name: getattr(dialogue, name) for name in CitizenPlanForm.base_fields}
        form = CitizenPlanForm(data, initial=initial)
    else:
        units = selectors.collaboration_units(collaboration=collaboration)
        counts = dialogue.participants_by_unit or {}
        initial = {"agenda": dialogue.agenda}
        initial.update({unit_field_name(u.pk): counts.get(str(u.pk)) for u in units})
        form = StaffDialogueForm(data, units=units, initial=initial)
    if data is not None and form.is_valid():
        try:
            if isinstance(form, CitizenPlanForm):
                services.dialogue_plan_update(
                    user=request.user, dialogue=dialogue, **form.cleaned_data
                )
            else:
                services.dialogue_staff_update(
                    user=request.user,
                    dialogue=dialogue,
                    agenda=form.cleaned_data["agenda"],
                    participants_by_unit=form.participants_by_unit(),
                )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The dialogue has been saved."))
            return redirect(
                "dialogues:detail", collaboration_id=collaboration.pk, dialogue_id=dialogue.pk
            )
    return render(
        request,
        "dialogues/dialogue_plan.html",
        {"collaboration": collaboration, "dialogue": dialogue, "form": form},
    )


@login_required
@require_POST
def dialogue_invite(request: HttpRequest, collaboration_id: int, dialogue_id: int) -> HttpResponse:
    """ "Bjud in": mark the invitations sent – refused until the checklist is complete."""
    collaboration = _collaboration(request, collaboration_id)
    dialogue = _dialogue(request, collaboration, dialogue_id)
    _require_editor(request, collaboration)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.dialogue_send_invitations(
                user=request.user, dialogue=dialogue, sent_on=form.cleaned_data["sent_on"]
            )
        except ValidationError as exc:
            dialogue.refresh_from_db()
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The invitations have been marked as sent."))
            return redirect(
                "dialogues:detail", collaboration_id=collaboration.pk, dialogue_id=dialogue.pk
            )
    return _render_detail(request, collaboration, dialogue, invitation_form=form, status=400)


@login_required
@require_POST
def dialogue_delete(request: HttpRequest, collaboration_id: int, dialogue_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    dialogue = _dialogue(request, collaboration, dialogue_id)
    _require_editor(request, collaboration)
    services.dialogue_delete(user=request.user, dialogue=dialogue)
    messages.success(request, _("The dialogue has been removed."))
    return redirect("dialogues:list", collaboration_id=collaboration.pk)


# --- Trygghetsvandringar ----------------------------------------------------------------------


def _walk(request: HttpRequest, collaboration: Collaboration, walk_id: int) -> SafetyWalk:
    walk = access.access_object(request.user, SafetyWalk, walk_id)
    if walk.collaboration_id != collaboration.pk:
        raise Http404
    walk.collaboration = collaboration
    return walk


def _remark(request: HttpRequest, walk: SafetyWalk, remark_id: int) -> WalkRemark:
    remark = access.access_object(request.user, WalkRemark, remark_id)
    if remark.walk_id != walk.pk:
        raise Http404
    remark.walk = walk
    return remark


def _walk_form(request: HttpRequest, collaboration: Collaboration, **kwargs: Any) -> SafetyWalkForm:
    return SafetyWalkForm(
        request.POST or None,
        organisations=collaboration.parties.order_by("name"),
        areas=collaboration.areas.filter(is_active=True).order_by("name"),
        **kwargs,
    )


def _remark_form(request: HttpRequest, collaboration: Collaboration, **kwargs: Any) -> RemarkForm:
    return RemarkForm(
        request.POST or None, organisations=collaboration.parties.order_by("name"), **kwargs
    )


def _participant_initial(walk: SafetyWalk) -> dict[str, int]:
    counts = walk.participants or {}
    return {participant_field_name(g): counts.get(g, 0) for g in ParticipantGroup.values}


def _to_walk(collaboration: Collaboration, walk: SafetyWalk) -> HttpResponse:
    return redirect("dialogues:walk_detail", collaboration_id=collaboration.pk, walk_id=walk.pk)


@login_required
@require_GET
def walk_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walks = list(selectors.walks_for(user=request.user, collaboration=collaboration))
    return render(
        request,
        "dialogues/walk_list.html",
        {
            "collaboration": collaboration,
            "planned": [w for w in walks if w.walked_on is None],
            "walked": [w for w in walks if w.walked_on is not None],
            "can_edit": services.may_edit(request.user, collaboration),
        },
    )


@login_required
def walk_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    _require_editor(request, collaboration)
    form = _walk_form(request, collaboration)
    if request.method == "POST" and form.is_valid():
        try:
            walk = services.safety_walk_create(
                user=request.user, collaboration=collaboration, **form.service_data()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The safety walk has been planned."))
            return _to_walk(collaboration, walk)
    return render(
        request,
        "dialogues/walk_form.html",
        {
            "collaboration": collaboration,
            "form": form,
            "walk": None,
            "map_data": selectors.walk_map_data(walk=None, collaboration=collaboration),
        },
    )


@login_required
def walk_update(request: HttpRequest, collaboration_id: int, walk_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    _require_editor(request, collaboration)
    initial: dict[str, Any] = {
        "title": walk.title,
        "planned_on": timezone.localtime(walk.planned_on),
        "area": walk.area_id,
        "organiser": walk.organiser_id,
        "route_description": walk.route_description,
        "route": json.dumps(walk.route) if walk.route else "",
        "summary": walk.summary,
        "info_class": walk.info_class,
        **_participant_initial(walk),
    }
    form = _walk_form(request, collaboration, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_walk_update(user=request.user, walk=walk, **form.service_data())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The safety walk has been saved."))
            return _to_walk(collaboration, walk)
    return render(
        request,
        "dialogues/walk_form.html",
        {
            "collaboration": collaboration,
            "form": form,
            "walk": walk,
            "map_data": selectors.walk_map_data(walk=walk, collaboration=collaboration),
        },
    )


@login_required
@require_GET
def walk_detail(request: HttpRequest, collaboration_id: int, walk_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    remarks = list(selectors.walk_remarks(walk=walk))
    counts = walk.participants or {}
    return render(
        request,
        "dialogues/walk_detail.html",
        {
            "collaboration": collaboration,
            "walk": walk,
            "remarks": remarks,
            "participants": [
                (label, counts.get(value, 0)) for value, label in ParticipantGroup.choices
            ],
            "map_data": selectors.walk_map_data(
                walk=walk, collaboration=collaboration, remarks=remarks
            ),
            "can_edit": services.may_edit(request.user, collaboration),
        },
    )


@login_required
def walk_mark_walked(request: HttpRequest, collaboration_id: int, walk_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    _require_editor(request, collaboration)
    initial = {
        "walked_on": walk.walked_on
        or min(timezone.localdate(walk.planned_on), timezone.localdate()),
        "summary": walk.summary,
        **_participant_initial(walk),
    }
    form = WalkedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_walk_mark_walked(
                user=request.user,
                walk=walk,
                walked_on=form.cleaned_data["walked_on"],
                participants=form.participants(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The safety walk has been marked as walked."))
            return _to_walk(collaboration, walk)
    return render(
        request,
        "dialogues/walk_walked_form.html",
        {"collaboration": collaboration, "form": form, "walk": walk},
    )


@login_required
@require_GET
def walk_protocol(request: HttpRequest, collaboration_id: int, walk_id: int) -> HttpResponse:
    from laget.dialogues.exports import walk_protocol_pdf

    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    response = HttpResponse(walk_protocol_pdf(walk), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="trygghetsvandring-{collaboration.slug}-{walk.pk}.pdf"'
    )
    return response


def _remark_page(
    request: HttpRequest,
    collaboration: Collaboration,
    walk: SafetyWalk,
    form: RemarkForm,
    remark: WalkRemark | None,
) -> HttpResponse:
    remarks = list(selectors.walk_remarks(walk=walk))
    return render(
        request,
        "dialogues/remark_form.html",
        {
            "collaboration": collaboration,
            "walk": walk,
            "form": form,
            "remark": remark,
            "map_data": selectors.walk_map_data(
                walk=walk, collaboration=collaboration, remarks=remarks
            ),
        },
    )


@login_required
def remark_create(request: HttpRequest, collaboration_id: int, walk_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    _require_editor(request, collaboration)
    form = _remark_form(request, collaboration)
    if request.method == "POST" and form.is_valid():
        try:
            remark = services.walk_remark_add(user=request.user, walk=walk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Remark %(number)s has been added.") % {"number": remark.number}
            )
            return _to_walk(collaboration, walk)
    return _remark_page(request, collaboration, walk, form, None)


@login_required
def remark_update(
    request: HttpRequest, collaboration_id: int, walk_id: int, remark_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    remark = _remark(request, walk, remark_id)
    _require_editor(request, collaboration)
    initial = {
        "text": remark.text,
        "lat": remark.lat,
        "lon": remark.lon,
        "problem_owner": remark.problem_owner_id,
        "problem_owner_text": remark.problem_owner_text,
    }
    form = _remark_form(request, collaboration, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.walk_remark_update(user=request.user, remark=remark, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The remark has been saved."))
            return _to_walk(collaboration, walk)
    return _remark_page(request, collaboration, walk, form, remark)


@login_required
def remark_status(
    request: HttpRequest, collaboration_id: int, walk_id: int, remark_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    remark = _remark(request, walk, remark_id)
    _require_editor(request, collaboration)
    initial = {"status": remark.status, "fixed_on": remark.fixed_on, "response": remark.response}
    form = RemarkStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.walk_remark_set_status(user=request.user, remark=remark, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The status of the remark has been saved."))
            return _to_walk(collaboration, walk)
    return render(
        request,
        "dialogues/remark_status_form.html",
        {"collaboration": collaboration, "walk": walk, "remark": remark, "form": form},
    )


@login_required
def remark_report(
    request: HttpRequest, collaboration_id: int, walk_id: int, remark_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    walk = _walk(request, collaboration, walk_id)
    remark = _remark(request, walk, remark_id)
    _require_editor(request, collaboration)
    form = RemarkReportForm(
        request.POST or None,
        categories=selectors.report_categories(collaboration=collaboration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.walk_remark_to_report(
                user=request.user, remark=remark, category=form.cleaned_data["category"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("The remark has been turned into a report for the lägesbild.")
            )
            return _to_walk(collaboration, walk)
    return render(
        request,
        "dialogues/remark_report_form.html",
        {"collaboration": collaboration, "walk": walk, "remark": remark, "form": form},
    )
