"""The report list's exports: the same filter form and selector as ``views.report_list``.

A GET answers at once (the CSV streams). The list's export buttons POST the list's filters: a
list of at most ``exports.BACKGROUND_ROWS`` reports is still answered at once, a longer one
becomes a background export job (``laget.jobs``) and the person is led to its progress page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from laget import access
from laget.jobs.choices import ExportKind
from laget.jobs.services import export_job_create
from laget.organisations.models import Collaboration
from laget.reporting import exports
from laget.situation.exports import csv_lines, xlsx_bytes

XLSX = exports.XLSX


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id, access.MANAGE)


def _wants_descriptions(request: HttpRequest, collaboration: Collaboration) -> bool:
    data = request.POST if request.method == "POST" else request.GET
    return data.get("descriptions") == "1" and request.user.has_perm(
        "laget.manage_collaboration", collaboration
    )


def _rows(request: HttpRequest, collaboration: Collaboration) -> Iterator[list[Any]]:
    """The filtered reports' rows, as the coordinator's report list shows them."""
    data = request.POST if request.method == "POST" else request.GET
    reports = exports.filtered_reports(
        user=request.user, collaboration=collaboration, filters=exports.report_filters(data)
    )
    return exports.report_export_rows(
        reports, descriptions=_wants_descriptions(request, collaboration)
    )


def _in_background(request: HttpRequest, collaboration: Collaboration) -> bool:
    if request.method != "POST":
        return False
    filters = exports.report_filters(request.POST)
    reports = exports.filtered_reports(
        user=request.user, collaboration=collaboration, filters=filters
    )
    return reports.count() > exports.BACKGROUND_ROWS


def _job(request: HttpRequest, collaboration: Collaboration, kind: str) -> HttpResponse:
    job = export_job_create(
        user=request.user,
        collaboration=collaboration,
        kind=kind,
        parameters={
            "filters": exports.report_filters(request.POST),
            "descriptions": _wants_descriptions(request, collaboration),
        },
    )
    return redirect("jobs:detail", collaboration_id=collaboration.pk, job_id=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_csv(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The filtered report list as CSV, streamed (a long list: a background job)."""
    collaboration = _collaboration(request, collaboration_id)
    if _in_background(request, collaboration):
        return _job(request, collaboration, ExportKind.REPORTS_CSV)
    rows = _rows(request, collaboration)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(".csv")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_xlsx(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The filtered report list as an Excel workbook (a long list: a background job)."""
    collaboration = _collaboration(request, collaboration_id)
    if _in_background(request, collaboration):
        return _job(request, collaboration, ExportKind.REPORTS_XLSX)
    rows = _rows(request, collaboration)
    response = HttpResponse(xlsx_bytes(rows, title=_("Reports")), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(".xlsx")}"'
    return response
