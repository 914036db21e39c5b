"""Pages of the experience bank. Every view starts from ``laget.access``.

``erfarenhetsbank/`` is the search across all municipalities for every signed-in person; an
entry's page shows a published entry to everyone and a draft or withdrawn one only to its
collaboration. A collaboration's own page lists its entries and the measures it can share.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.experience import selectors, services
from laget.experience.forms import EntryForm, PublishForm, SearchForm, WithdrawForm
from laget.experience.models import Entry
from laget.organisations.models import Collaboration
from laget.planning.models import Measure
from laget.reporting.models import Category

PAGE_SIZE = 25


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id)


def _categories(collaboration: Collaboration, entry: Entry | None = None) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    rows = Category.objects.filter(template__collaboration=collaboration).order_by("name")
    for key, name in rows.values_list("key", "name"):
        found.setdefault(key, name)
    if entry is not None and entry.category_key:
        found.setdefault(entry.category_key, entry.category_label)
    return sorted(found.items(), key=lambda kv: kv[1].lower())


def _initial(data: services.EntryInput) -> dict[str, Any]:
    values = {f: getattr(data, f) for f in services.EntryInput.__dataclass_fields__}
    values["category"] = values.pop("category_key")
    values.pop("category_label")
    return values


@login_required
@require_GET
def bank(request: HttpRequest) -> HttpResponse:
    """The search across all municipalities."""
    form = SearchForm(
        request.GET or None,
        categories=selectors.category_options(request.user),
        counties=selectors.county_options(),
        years=selectors.year_options(request.user),
    )
    filters = selectors.BankFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.BankFilters(
            q=data["q"],
            category=data["category"],
            prevention_level=data["prevention_level"],
            measure_kind=data["measure_kind"],
            group=data["group"],
            county=data["county"],
            year=data["year"] or None,
        )
    page = Paginator(selectors.bank_search(user=request.user, filters=filters), PAGE_SIZE)
    entries = page.get_page(request.GET.get("sida"))
    groups = selectors.group_of(list(entries))
    managed = Collaboration.objects.filter(
        pk__in=access.scope_for(request.user).managed_collaboration_ids()
    ).order_by("name")
    return render(
        request,
        "experience/bank.html",
        {
            "form": form,
            "entries": entries,
            "rows": [(e, groups.get(e.municipality_id, "")) for e in entries],
            "searched": form.is_bound,
            "managed": managed,
        },
    )


@login_required
@require_GET
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get(request.user, entry_id)
    own = services.may_manage(request.user, entry.collaboration)
    scope = access.scope_for(request.user)
    member = scope.is_superuser or entry.collaboration_id in scope.collaboration_ids
    return render(
        request,
        "experience/entry_detail.html",
        {
            "entry": entry,
            "group": selectors.group_of([entry]).get(entry.municipality_id, ""),
            "can_manage": own,
            "is_member": member,
            "publish_form": PublishForm(),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_GET
def own_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The collaboration's entries and the measures it can share."""
    collaboration = _collaboration(request, collaboration_id)
    can_manage = services.may_manage(request.user, collaboration)
    return render(
        request,
        "experience/own_list.html",
        {
            "collaboration": collaboration,
            "entries": selectors.own_entries(user=request.user, collaboration=collaboration),
            "measures": selectors.measures_to_share(user=request.user, collaboration=collaboration)
            if can_manage
            else [],
            "can_manage": can_manage,
        },
    )


def _measure(request: HttpRequest, collaboration: Collaboration, measure_id: int) -> Measure:
    measure = access.access_object(request.user, Measure, measure_id)
    if measure.plan.collaboration_id != collaboration.pk:
        raise Http404
    return measure


@login_required
def entry_create(request: HttpRequest, collaboration_id: int, measure_id: int) -> HttpResponse:
    """A draft from a measure: prefilled, edited by the author, checked by the service."""
    collaboration = _collaboration(request, collaboration_id)
    measure = _measure(request, collaboration, measure_id)
    if not services.may_manage(request.user, collaboration):
        raise PermissionDenied
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    followed_up = services.is_followed_up(measure)
    prefilled = services.prefill(user=request.user, measure=measure)
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(prefilled),
        categories=_categories(collaboration),
    )
    general: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.entry_create(
                    user=request.user, measure=measure, data=form.to_input()
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_validation_error(form, exc)
                else:
                    general = exc.messages
            else:
                messages.success(
                    request,
                    _("The draft has been saved. Read it through, then publish it to the bank."),
                )
                return redirect("experience:detail", entry_id=entry.pk)
        status = 400
    return render(
        request,
        "experience/entry_form.html",
        {
            "collaboration": collaboration,
            "measure": measure,
            "form": form,
            "followed_up": followed_up,
            "general_errors": general,
            "entry": None,
        },
        status=status,
    )


@login_required
def entry_update(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get(request.user, entry_id, access.MANAGE)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    initial = _initial(
        services.EntryInput(
            **{f: getattr(entry, f) for f in services.EntryInput.__dataclass_fields__}
        )
    )
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        categories=_categories(entry.collaboration, entry),
    )
    general: list[str] = []
    status = 200
    if not entry.is_draft:
        general = [_("Only a draft can be changed. A published entry is a frozen copy.")]
    if request.method == "POST":
        if form.is_valid():
            try:
                services.entry_update(user=request.user, entry=entry, data=form.to_input())
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_validation_error(form, exc)
                else:
                    general = exc.messages
            else:
                messages.success(request, _("The draft has been saved."))
                return redirect("experience:detail", entry_id=entry.pk)
        status = 400
    return render(
        request,
        "experience/entry_form.html",
        {
            "collaboration": entry.collaboration,
            "measure": entry.measure,
            "form": form,
            "followed_up": True,
            "general_errors": general,
            "entry": entry,
        },
        status=status,
    )


@login_required
@require_POST
def entry_publish(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get(request.user, entry_id, access.MANAGE)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.entry_publish(
            user=request.user,
            entry=entry,
            no_personal_data=bool(form.cleaned_data.get("no_personal_data")),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The experience has been published to every municipality."))
    return redirect("experience:detail", entry_id=entry.pk)


@login_required
@require_POST
def entry_withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get(request.user, entry_id, access.MANAGE)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.entry_withdraw(
            user=request.user, entry=entry, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The experience has been withdrawn from the bank."))
    return redirect("experience:detail", entry_id=entry.pk)
