"""Pages of the samverkansöverenskommelse: versions, the document with its checklist, drafting,
signing, the PDF and the list of signatories. Every view starts from ``laget.access``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget import access
from laget.agreements import selectors, services
from laget.agreements.choices import AgreementStatus
from laget.agreements.forms import AgreementForm, SignForm, SigningAuthorityForm
from laget.agreements.models import Agreement, SigningAuthority
from laget.core.forms import apply_validation_error
from laget.organisations.choices import OrganisationKind
from laget.organisations.models import Collaboration, Organisation
from laget.planning.models import Goal, Problem
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id)


def _agreement(request: HttpRequest, collaboration: Collaboration, agreement_id: int) -> Agreement:
    agreement = access.access_object(request.user, Agreement, agreement_id)
    if agreement.collaboration_id != collaboration.pk:
        raise Http404
    agreement.collaboration = collaboration  # already read: spare the services a query
    return agreement


def _require_editor(request: HttpRequest, collaboration: Collaboration) -> None:
    if not services.may_edit(request.user, collaboration):
        raise PermissionDenied


def _to_detail(agreement: Agreement) -> HttpResponse:
    return redirect(
        "agreements:detail",
        collaboration_id=agreement.collaboration_id,
        agreement_id=agreement.pk,
    )


def _form(request: HttpRequest, collaboration: Collaboration, **kwargs: Any) -> AgreementForm:
    kinds = access.joint_party_kinds(collaboration)
    return AgreementForm(
        request.POST or None,
        parties=collaboration.parties.exclude(kind__in=kinds).order_by("name"),
        problems=access.restrict(
            request.user, Problem.objects.filter(collaboration=collaboration)
        ).order_by("title"),
        goals=access.restrict(request.user, Goal.objects.filter(collaboration=collaboration))
        .select_related("problem")
        .order_by("problem__title", "pk"),
        pictures=access.restrict(
            request.user,
            SituationPicture.objects.filter(
                collaboration=collaboration, status=PictureStatus.ADOPTED
            ),
        ).order_by("-period_end"),
        **kwargs,
    )


@login_required
@require_GET
def agreement_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    services.agreements_expire(collaboration=collaboration)
    agreements = selectors.agreements_for(user=request.user, collaboration=collaboration)
    today = timezone.localdate()
    context = {
        "collaboration": collaboration,
        "agreements": agreements,
        "in_force": selectors.agreement_in_force(collaboration=collaboration, on=today),
        "can_edit": services.may_edit(request.user, collaboration),
        "has_draft": any(a.status in services.EDITABLE_STATUSES for a in agreements),
        "can_manage_authorities": services.may_manage_authorities(request.user, collaboration),
    }
    return render(request, "agreements/agreement_list.html", context)


@login_required
def agreement_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    _require_editor(request, collaboration)
    form = _form(request, collaboration)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                user=request.user, collaboration=collaboration, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The draft agreement has been saved."))
            return _to_detail(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        {"collaboration": collaboration, "form": form, "agreement": None, "editable": True},
    )


@login_required
def agreement_update(
    request: HttpRequest, collaboration_id: int, agreement_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    agreement = _agreement(request, collaboration, agreement_id)
    _require_editor(request, collaboration)
    editable = agreement.status in services.EDITABLE_STATUSES and not agreement.signatures.exists()
    initial = {
        "title": agreement.title,
        "kind": agreement.kind,
        "period_start": agreement.period_start,
        "period_end": agreement.period_end,
        "parties": list(agreement.parties.values_list("pk", flat=True)),
        "problem_picture": agreement.problem_picture,
        "situation_picture": agreement.situation_picture_id,
        "focus_problems": list(agreement.focus_problems.values_list("pk", flat=True)),
        "causes_summary": agreement.causes_summary,
        "goals": list(agreement.goals.values_list("pk", flat=True)),
        "organisation_text": agreement.organisation_text,
        "follow_up_text": agreement.follow_up_text,
        "communication_text": agreement.communication_text,
        "breach_procedure": agreement.breach_procedure,
        "info_class": agreement.info_class,
    }
    form = _form(request, collaboration, initial=initial)
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.agreement_update(user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The agreement has been saved."))
            return _to_detail(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        {
            "collaboration": collaboration,
            "form": form,
            "agreement": agreement,
            "editable": editable,
        },
    )


@login_required
@require_GET
def agreement_detail(
    request: HttpRequest, collaboration_id: int, agreement_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    services.agreements_expire(collaboration=collaboration)
    agreement = _agreement(request, collaboration, agreement_id)
    signable = services.signable_organisations(request.user, agreement)
    unsigned = agreement.status in services.EDITABLE_STATUSES
    kind_labels = dict(OrganisationKind.choices)
    context = {
        "collaboration": collaboration,
        "agreement": agreement,
        "parties": agreement.parties.order_by("name"),
        "focus_problems": access.restrict(request.user, agreement.focus_problems.all()),
        "goals": access.restrict(request.user, agreement.goals.select_related("problem")),
        "signatures": agreement.signatures.select_related("organisation", "signed_by", "authority"),
        "missing": services.agreement_missing(agreement) if unsigned else [],
        "missing_signatures": [
            kind_labels.get(k, k) for k in services.missing_signatures(agreement)
        ]
        if unsigned
        else [],
        "can_edit": services.may_edit(request.user, collaboration),
        "editable": agreement.status in services.EDITABLE_STATUSES
        and not agreement.signatures.exists(),
        "sign_form": SignForm(
            organisations=Organisation.objects.filter(pk__in=[o.pk for o in signable])
        )
        if signable
        else None,
        "later_versions": access.restrict(
            request.user, Agreement.objects.filter(previous=agreement)
        ),
        "has_draft": Agreement.objects.filter(
            collaboration=collaboration, status__in=services.EDITABLE_STATUSES
        ).exists(),
        "statuses": AgreementStatus,
    }
    return render(request, "agreements/agreement_detail.html", context)


def _post_action(
    request: HttpRequest,
    collaboration_id: int,
    agreement_id: int,
    action: Any,
    success: str,
    **kwargs: Any,
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    agreement = _agreement(request, collaboration, agreement_id)
    try:
        result = action(user=request.user, agreement=agreement, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _to_detail(agreement)
    messages.success(request, success)
    return _to_detail(result if isinstance(result, Agreement) else agreement)


@login_required
@require_POST
def agreement_send(request: HttpRequest, collaboration_id: int, agreement_id: int) -> HttpResponse:
    return _post_action(
        request,
        collaboration_id,
        agreement_id,
        services.agreement_send_for_signature,
        _("The agreement has been sent for signature."),
    )


@login_required
@require_POST
def agreement_to_draft(
    request: HttpRequest, collaboration_id: int, agreement_id: int
) -> HttpResponse:
    return _post_action(
        request,
        collaboration_id,
        agreement_id,
        services.agreement_return_to_draft,
        _("The agreement is a draft again."),
    )


@login_required
@require_POST
def agreement_new_version(
    request: HttpRequest, collaboration_id: int, agreement_id: int
) -> HttpResponse:
    return _post_action(
        request,
        collaboration_id,
        agreement_id,
        services.agreement_new_version,
        _("A new version has been drafted from this one."),
    )


@login_required
@require_POST
def agreement_sign(request: HttpRequest, collaboration_id: int, agreement_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    agreement = _agreement(request, collaboration, agreement_id)
    form = SignForm(request.POST, organisations=agreement.parties.all())
    if not form.is_valid():
        messages.error(request, _("Choose the party you sign for."))
        return _to_detail(agreement)
    organisation = form.cleaned_data["organisation"]
    if (
        selectors.signing_authority(
            user=request.user, collaboration=collaboration, organisation=organisation
        )
        is None
    ):
        raise PermissionDenied
    try:
        services.agreement_sign(user=request.user, agreement=agreement, organisation=organisation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("You have signed the agreement for %(organisation)s.")
            % {"organisation": organisation.name},
        )
    return _to_detail(agreement)


@login_required
@require_POST
def agreement_delete(
    request: HttpRequest, collaboration_id: int, agreement_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    agreement = _agreement(request, collaboration, agreement_id)
    try:
        services.agreement_delete(user=request.user, agreement=agreement)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _to_detail(agreement)
    messages.success(request, _("The draft has been deleted."))
    return redirect("agreements:list", collaboration_id=collaboration.pk)


@login_required
@require_GET
def agreement_pdf(request: HttpRequest, collaboration_id: int, agreement_id: int) -> HttpResponse:
    from laget.agreements.exports import agreement_pdf as build

    collaboration = _collaboration(request, collaboration_id)
    agreement = _agreement(request, collaboration, agreement_id)
    body = build(agreement, user=request.user)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="samverkansoverenskommelse-{collaboration.slug}-'
        f'v{agreement.version}.pdf"'
    )
    return response


# --- signatories --------------------------------------------------------------------------------


def _authority_form(request: HttpRequest, collaboration: Collaboration) -> SigningAuthorityForm:
    people = (
        get_user_model()
        .objects.filter(
            memberships__collaboration=collaboration,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return SigningAuthorityForm(
        request.POST or None,
        organisations=collaboration.parties.order_by("name"),
        people=people,
        initial={"valid_from": timezone.localdate()},
    )


@login_required
def authority_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    can_manage = services.may_manage_authorities(request.user, collaboration)
    form = _authority_form(request, collaboration) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.signing_authority_create(
                    user=request.user, collaboration=collaboration, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The signatory has been registered."))
                return redirect("agreements:authorities", collaboration_id=collaboration.pk)
    today = timezone.localdate()
    authorities = selectors.authorities_for(user=request.user, collaboration=collaboration)
    valid_ids = set(selectors.authorities_valid_on(authorities, today).values_list("pk", flat=True))
    return render(
        request,
        "agreements/authority_list.html",
        {
            "collaboration": collaboration,
            "authorities": authorities,
            "valid_ids": valid_ids,
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def authority_end(request: HttpRequest, collaboration_id: int, authority_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    authority = access.access_object(request.user, SigningAuthority, authority_id)
    if authority.collaboration_id != collaboration.pk:
        raise Http404
    if not services.may_manage_authorities(request.user, collaboration):
        raise PermissionDenied
    try:
        services.signing_authority_end(user=request.user, authority=authority)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The signing authority has ended."))
    return redirect("agreements:authorities", collaboration_id=collaboration.pk)
