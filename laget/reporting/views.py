"""Pages for reporting: Rapportera, the weekly checklist, Mina rapporter, the coordinator's report
list and report detail, and the management of report templates (mallar)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laget import access
from laget.core.actions import run_action
from laget.core.forms import apply_validation_error
from laget.geography import selectors as geo_selectors
from laget.geography.models import Area
from laget.organisations.models import Collaboration, Membership, Unit
from laget.reporting import selectors, services
from laget.reporting.choices import PersonalDataAction
from laget.reporting.forms import (
    CategoryForm,
    ChecklistForm,
    ChecklistScopeForm,
    DuplicateForm,
    ReportFilterForm,
    ReportForm,
    TemplateCreateForm,
    WeekForm,
    current_week,
)
from laget.reporting.models import Category, Report, ReportTemplate

PAGE_SIZE = 25


def filtered_report_list(
    request: HttpRequest, collaboration: Collaboration
) -> tuple[ReportFilterForm, QuerySet[Report]]:
    """The coordinator's filter form and the reports it selects: the list and its exports
    use this one function, so an export always holds exactly what the screen shows."""
    template = selectors.template_in_use(user=request.user, collaboration=collaboration)
    form = ReportFilterForm(
        request.GET or None,
        categories=selectors.template_categories(template=template) if template else [],
        areas=geo_selectors.area_list(user=request.user, collaboration=collaboration),
    )
    reports = selectors.report_list(
        user=request.user, collaboration=collaboration, **form.filters()
    )
    return form, reports


#: Session key: the area each collaboration was last reported for (the next form's default).
SESSION_AREA = "reporting_last_area"


# --- lookups ------------------------------------------------------------------------------------


def _collaboration(
    request: HttpRequest, collaboration_id: int, action: str = access.VIEW
) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id, action)


def _report(
    request: HttpRequest, collaboration: Collaboration, report_id: int, action: str = access.VIEW
) -> Report:
    report = access.access_object(request.user, Report, report_id, action)
    if report.collaboration_id != collaboration.pk:
        raise Http404
    return report


def _template(
    request: HttpRequest, collaboration: Collaboration, template_id: int
) -> ReportTemplate:
    template = access.access_object(request.user, ReportTemplate, template_id, access.MANAGE)
    if template.collaboration_id != collaboration.pk:
        raise Http404
    return template


def _category(request: HttpRequest, template: ReportTemplate, category_id: int) -> Category:
    category = access.access_object(request.user, Category, category_id, access.MANAGE)
    if category.template_id != template.pk:
        raise Http404
    return category


@dataclass
class _Setup:
    """What the reporting forms need: the template in use, areas and the person's units."""

    template: ReportTemplate | None
    areas: QuerySet[Area]
    memberships: list[Membership]
    units: list[Unit]

    @property
    def is_member(self) -> bool:
        return bool(self.memberships)

    @property
    def default_unit(self) -> Unit | None:
        """The unit of the person's first membership: what ``report_submit`` defaults to."""
        return self.memberships[0].unit if self.memberships else None


def _setup(request: HttpRequest, collaboration: Collaboration) -> _Setup:
    user = request.user
    return _Setup(
        template=selectors.template_in_use(user=user, collaboration=collaboration),
        areas=geo_selectors.area_list(user=user, collaboration=collaboration).filter(
            is_active=True
        ),
        memberships=selectors.reporter_memberships(user=user, collaboration=collaboration),
        units=selectors.reporter_units(user=user, collaboration=collaboration),
    )


def _remembered_area(request: HttpRequest, collaboration: Collaboration) -> Any:
    """The area asked for in ``?area=``, else the one last reported for (from the session)."""
    asked = request.GET.get("area")
    if asked and asked.isdigit():
        return int(asked)
    return request.session.get(SESSION_AREA, {}).get(str(collaboration.pk))


def _remember_area(request: HttpRequest, collaboration: Collaboration, area: Area | None) -> None:
    if area is not None:
        remembered = dict(request.session.get(SESSION_AREA, {}))
        remembered[str(collaboration.pk)] = area.pk
        request.session[SESSION_AREA] = remembered


def _has_code(error: ValidationError, field: str, code: str) -> bool:
    return hasattr(error, "error_dict") and any(
        e.code == code for e in error.error_dict.get(field, [])
    )


def _map_data(collaboration: Collaboration, areas: QuerySet[Area]) -> dict[str, Any]:
    municipality = collaboration.municipality
    return {
        "municipality": {"name": municipality.name, "boundary": municipality.boundary},
        "areas": [
            {"id": a.pk, "name": a.name, "boundary": a.boundary}
            for a in areas.filter(boundary__isnull=False)
        ],
    }


def _may_link(user: Any, collaboration: Collaboration, report: Report) -> bool:
    """Only the reporter or a coordinator says that two reports are the same event."""
    return report.reporter_id == user.pk or user.has_perm(
        "laget.manage_collaboration", collaboration
    )


# --- Rapportera ---------------------------------------------------------------------------------


@login_required
def report_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    setup = _setup(request, collaboration)
    categories = selectors.active_categories(template=setup.template) if setup.template else []
    form = ReportForm(
        request.POST or None,
        initial={"area": _remembered_area(request, collaboration), "unit": setup.default_unit},
        categories=categories,
        areas=setup.areas,
        units=setup.units,
    )
    if request.method == "POST" and setup.is_member and form.is_valid():
        try:
            report, _created = services.report_submit(
                user=request.user,
                collaboration=collaboration,
                data=form.report_input(setup.default_unit),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            form.show_reason = form.show_reason or _has_code(exc, "text", "personal_data")
        else:
            _remember_area(request, collaboration, report.area)
            messages.success(request, _("Thank you! The report has been received."))
            return redirect(
                "reporting:report_detail", collaboration_id=collaboration.pk, report_id=report.pk
            )
    context = {
        "collaboration": collaboration,
        "setup": setup,
        "form": form,
        "map_data": _map_data(collaboration, setup.areas),
        "children_categories": [c for c in categories if c.involves_children],
    }
    return render(request, "reporting/report_form.html", context)


@login_required
def report_detail(request: HttpRequest, collaboration_id: int, report_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    report = _report(request, collaboration, report_id)
    can_manage = request.user.has_perm("laget.manage_collaboration", collaboration)
    # Kinds and handling only: the guard never stores the values it found.
    findings = [
        (finding, services.PERSONAL_DATA_LABELS.get(finding.kind, finding.kind))
        for finding in report.personal_data_findings.select_related("handled_by")
    ]
    context = {
        "collaboration": collaboration,
        "report": report,
        "trail": selectors.report_trails(user=request.user, reports=[report])[0][1],
        "candidates": selectors.duplicate_candidates(user=request.user, report=report),
        "duplicates": access.restrict(request.user, report.duplicates.all()),
        "may_link": _may_link(request.user, collaboration, report),
        "can_manage": can_manage,
        "findings": findings if can_manage else [],
        "may_redact": can_manage
        and bool(report.text)
        and bool(findings)
        and all(f.action != PersonalDataAction.REDACTED for f, _label in findings),
    }
    return render(request, "reporting/report_detail.html", context)


@login_required
@require_POST
def report_link_duplicate(
    request: HttpRequest, collaboration_id: int, report_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    report = _report(request, collaboration, report_id)
    if not _may_link(request.user, collaboration, report):
        raise PermissionDenied
    form = DuplicateForm(request.POST)
    if not form.is_valid():
        raise Http404
    other_id = form.cleaned_data["duplicate_of"]
    other = _report(request, collaboration, other_id) if other_id else None
    try:
        services.report_mark_duplicate(report=report, duplicate_of=other)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if other is None:
            messages.success(request, _("The link to the other report has been removed."))
        else:
            messages.success(request, _("The reports are now linked as the same event."))
    return redirect(
        "reporting:report_detail", collaboration_id=collaboration.pk, report_id=report.pk
    )


@login_required
@require_POST
def report_redact(request: HttpRequest, collaboration_id: int, report_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    report = _report(request, collaboration, report_id, access.MANAGE)
    count = services.report_redact(user=request.user, report=report)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s piece of personal data has been masked.",
                "%(count)s pieces of personal data have been masked.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("No personal data was found in the text."))
    return redirect(
        "reporting:report_detail", collaboration_id=collaboration.pk, report_id=report.pk
    )


# --- Mina rapporter and the coordinator's list --------------------------------------------------


@login_required
def my_reports(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    reports = selectors.my_report_list(user=request.user, collaboration=collaboration)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.report_trails(user=request.user, reports=page)
    context = {"collaboration": collaboration, "page": page, "rows": rows}
    return render(request, "reporting/my_reports.html", context)


@login_required
def report_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    form, reports = filtered_report_list(request, collaboration)
    reports = reports.prefetch_related("personal_data_findings")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"collaboration": collaboration, "form": form, "page": page}
    return render(request, "reporting/report_list.html", context)


# --- the weekly checklist -----------------------------------------------------------------------


def _scope_data(request: HttpRequest, collaboration: Collaboration, setup: _Setup) -> Any:
    """The checklist's area/week/unit: posted, asked for in the URL, or the remembered area."""
    if request.method == "POST":
        return request.POST
    unit = setup.default_unit
    defaults = {"week": current_week(), "unit": unit.pk if unit else ""}
    if "area" in request.GET:
        return {**defaults, **request.GET.dict()}
    area = _remembered_area(request, collaboration)
    return None if area is None else {**defaults, "area": area}


def _scope_query(area: Area, week: Any, unit: Unit | None) -> str:
    params = {"area": area.pk, "week": week.isoformat()}
    if unit is not None:
        params["unit"] = unit.pk
    return urlencode(params)


def _checklist_cells(
    request: HttpRequest, collaboration: Collaboration, setup: _Setup, scope: dict[str, Any]
) -> tuple[Unit | None, list[selectors.ChecklistCell]]:
    unit = scope.get("unit") or setup.default_unit
    organisation_id = unit.organisation_id if unit else setup.memberships[0].organisation_id
    cells = selectors.checklist_for(
        user=request.user,
        collaboration=collaboration,
        template=setup.template,
        area=scope["area"],
        period_start=scope["week"],
        organisation_id=organisation_id,
        unit_id=unit.pk if unit else None,
    )
    return unit, cells


def _checklist_initial(cells: list[selectors.ChecklistCell]) -> tuple[dict[str, Any], set[str]]:
    """The form's initial values from the week's earlier answers (answering again replaces)."""
    initial: dict[str, Any] = {}
    with_reason: set[str] = set()
    for cell in cells:
        key = cell.category.key
        if cell.state == "zero":
            initial[f"{key}-answer"] = "none"
        elif cell.state == "reported":
            report = cell.answer.report
            initial.update(
                {
                    f"{key}-answer": "happened",
                    f"{key}-count": report.count,
                    f"{key}-assessment": report.assessment,
                    f"{key}-trend": report.trend,
                    f"{key}-text": report.text,
                    f"{key}-personal_data_reason": report.personal_data_reason,
                }
            )
            if report.personal_data_reason:
                with_reason.add(key)
    return initial, with_reason


def _personal_data_keys(error: ValidationError) -> set[str]:
    """Categories whose text the guard stopped: their reason field is shown."""
    if not hasattr(error, "error_dict"):
        return set()
    return {
        name.removesuffix("-text")
        for name, errors in error.error_dict.items()
        if name.endswith("-text") and any(e.code == "personal_data" for e in errors)
    }


def _checklist_form(request: HttpRequest, cells: list[selectors.ChecklistCell]) -> ChecklistForm:
    """The posted answers, or the week's earlier answers to change."""
    categories = [cell.category for cell in cells]
    if request.method == "POST":
        return ChecklistForm(request.POST, categories=categories)
    initial, with_reason = _checklist_initial(cells)
    form = ChecklistForm(initial=initial, categories=categories)
    form.reason_for |= with_reason
    return form


def _checklist_submit(
    request: HttpRequest,
    collaboration: Collaboration,
    scope: dict[str, Any],
    unit: Unit | None,
    form: ChecklistForm,
) -> bool:
    """Store the checklist; the service's errors go next to their categories (False)."""
    try:
        services.checklist_submit(
            user=request.user,
            collaboration=collaboration,
            area=scope["area"],
            period_start=scope["week"],
            unit=unit,
            items=form.items(),
        )
    except ValidationError as exc:
        apply_validation_error(form, exc)
        form.reason_for |= _personal_data_keys(exc)
        return False
    return True


@login_required
def checklist(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    setup = _setup(request, collaboration)
    data = _scope_data(request, collaboration, setup)
    scope_form = ChecklistScopeForm(data, areas=setup.areas, units=setup.units)
    context: dict[str, Any] = {"collaboration": collaboration, "setup": setup}
    if not (setup.is_member and setup.template and data is not None and scope_form.is_valid()):
        asked = request.method == "POST" or "area" in request.GET
        if not (asked and setup.is_member):  # a remembered area may since have been retired
            scope_form = ChecklistScopeForm(
                initial={"unit": setup.default_unit}, areas=setup.areas, units=setup.units
            )
        return render(request, "reporting/checklist.html", {**context, "scope_form": scope_form})
    scope = scope_form.cleaned_data
    unit, cells = _checklist_cells(request, collaboration, setup, scope)
    form = _checklist_form(request, cells)
    submitted = request.method == "POST" and form.is_valid()
    if submitted and _checklist_submit(request, collaboration, scope, unit, form):
        _remember_area(request, collaboration, scope["area"])
        messages.success(request, _("Thank you! The weekly report has been received."))
        status = reverse(
            "reporting:checklist_status", kwargs={"collaboration_id": collaboration.pk}
        )
        return redirect(f"{status}?{_scope_query(scope['area'], scope['week'], unit)}")
    context |= {"scope_form": scope_form, "scope": scope, "unit": unit, "form": form}
    return render(request, "reporting/checklist.html", context)


@login_required
def checklist_status(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    setup = _setup(request, collaboration)
    scope_form = ChecklistScopeForm(
        request.GET or None,
        initial={"unit": setup.default_unit},
        areas=setup.areas,
        units=setup.units,
    )
    context: dict[str, Any] = {
        "collaboration": collaboration,
        "setup": setup,
        "scope_form": scope_form,
    }
    if not (setup.is_member and setup.template and scope_form.is_valid()):
        # Nothing (valid) asked for yet: choose the area and week to see.
        return render(request, "reporting/checklist_status.html", context)
    scope = scope_form.cleaned_data
    unit, cells = _checklist_cells(request, collaboration, setup, scope)
    context |= {
        "scope": scope,
        "unit": unit,
        "cells": cells,
        "query": _scope_query(scope["area"], scope["week"], unit),
        "counts": {
            state: sum(c.state == state for c in cells) for state in ("missing", "zero", "reported")
        },
    }
    return render(request, "reporting/checklist_status.html", context)


@login_required
def checklist_overview(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    template = selectors.template_in_use(user=request.user, collaboration=collaboration)
    form = WeekForm(request.GET or None)
    week = form.chosen_week()
    overview = (
        selectors.checklist_overview(
            user=request.user, collaboration=collaboration, template=template, period_start=week
        )
        if template
        else None
    )
    context = {"collaboration": collaboration, "form": form, "week": week, "overview": overview}
    return render(request, "reporting/checklist_overview.html", context)


# --- templates (mallar) -------------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    templates = selectors.template_list(user=request.user, collaboration=collaboration).annotate(
        category_count=Count("categories", filter=Q(categories__is_active=True))
    )
    in_use = selectors.template_in_use(user=request.user, collaboration=collaboration)
    context = {"collaboration": collaboration, "templates": templates, "in_use": in_use}
    return render(request, "reporting/template_list.html", context)


@login_required
def template_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    form = TemplateCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_add(collaboration=collaboration, **form.cleaned_data)
        except ValidationError as exc:
            # The only error not about a field: the name is taken in this collaboration.
            apply_validation_error(form, exc, {"__all__": "name"})
        else:
            messages.success(request, _("The template has been created."))
            return redirect(
                "reporting:template_detail",
                collaboration_id=collaboration.pk,
                template_id=template.pk,
            )
    return render(
        request, "reporting/template_form.html", {"collaboration": collaboration, "form": form}
    )


@login_required
def template_detail(request: HttpRequest, collaboration_id: int, template_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    template = _template(request, collaboration, template_id)
    context = {
        "collaboration": collaboration,
        "template": template,
        "categories": selectors.template_categories(template=template),
    }
    return render(request, "reporting/template_detail.html", context)


@login_required
@require_POST
def template_activate(
    request: HttpRequest, collaboration_id: int, template_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    template = _template(request, collaboration, template_id)
    services.template_activate(template=template)
    messages.success(request, _("New reports now use %(name)s.") % {"name": template.name})
    return redirect("reporting:template_list", collaboration_id=collaboration.pk)


def _template_url(template: ReportTemplate) -> str:
    return reverse(
        "reporting:template_detail",
        kwargs={"collaboration_id": template.collaboration_id, "template_id": template.pk},
    )


@login_required
def category_add(request: HttpRequest, collaboration_id: int, template_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    template = _template(request, collaboration, template_id)
    parents = template.categories.filter(parent=None, is_active=True)
    form = CategoryForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_add(template=template, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The category has been added."))
            return redirect(_template_url(template))
    context = {"collaboration": collaboration, "template": template, "form": form}
    return render(request, "reporting/category_form.html", context)


@login_required
def category_update(
    request: HttpRequest, collaboration_id: int, template_id: int, category_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    template = _template(request, collaboration, template_id)
    category = _category(request, template, category_id)
    initial = {
        "name": category.name,
        "help_text": category.help_text,
        "involves_children": category.involves_children,
    }
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_rename(category=category, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The category has been saved."))
            return redirect(_template_url(template))
    context = {
        "collaboration": collaboration,
        "template": template,
        "category": category,
        "form": form,
    }
    return render(request, "reporting/category_form.html", context)


@login_required
def category_retire(
    request: HttpRequest, collaboration_id: int, template_id: int, category_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id, access.MANAGE)
    template = _template(request, collaboration, template_id)
    category = _category(request, template, category_id)
    if request.method == "POST":
        run_action(
            request,
            lambda: services.category_retire(category=category),
            _("The category has been retired."),
        )
        return redirect(_template_url(template))
    context = {
        "collaboration": collaboration,
        "title": _("Retire %(name)s?") % {"name": category},
        "text": _(
            "Reporters will no longer be offered the category (or its sub-categories). Its "
            "reports stay as they are, under the name they were made with."
        ),
        "button": _("Retire category"),
        "cancel_url": _template_url(template),
    }
    return render(request, "reporting/confirm.html", context)
