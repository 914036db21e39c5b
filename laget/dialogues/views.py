"""Pages of the dialogue records. Every view starts from ``laget.access``."""

from __future__ import annotations

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
from laget.dialogues.forms import DialogueForm, KindFilterForm
from laget.dialogues.models import Dialogue
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
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "collaboration": collaboration,
            "dialogue": dialogue,
            "planned": dialogue.held_on > timezone.localdate(),
            "can_edit": services.may_edit(request.user, collaboration),
        },
    )


@login_required
@require_POST
def dialogue_delete(request: HttpRequest, collaboration_id: int, dialogue_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    dialogue = _dialogue(request, collaboration, dialogue_id)
    _require_editor(request, collaboration)
    services.dialogue_delete(user=request.user, dialogue=dialogue)
    messages.success(request, _("The dialogue has been removed."))
    return redirect("dialogues:list", collaboration_id=collaboration.pk)
