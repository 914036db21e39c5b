from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laget import access
from laget.core.forms import apply_validation_error
from laget.organisations import selectors, services
from laget.organisations.forms import DecisionForm
from laget.organisations.models import Collaboration, Decision


def _collaboration(
    request: HttpRequest, collaboration_id: int, action: str = access.VIEW
) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id, action)


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
def county(request: HttpRequest, county_code: str) -> HttpResponse:
    """The county workspace of a länsstyrelse: every municipality and its collaboration."""
    county = access.access_county(request.user, county_code)
    rows = selectors.county_overview(user=request.user, county=county)
    return render(request, "organisations/county.html", {"county": county, "rows": rows})
