"""The report list's exports: the same filter form and selector as ``views.report_list``.

Generated synchronously; the CSV streams. Very large XLSX files as background tasks with a
progress indicator remain to be done.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.organisations.models import Collaboration
from laget.reporting import exports
from laget.reporting.views import filtered_report_list
from laget.situation.exports import csv_lines, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(request: HttpRequest, collaboration_id: int) -> Iterator[list[Any]]:
    """The filtered reports' rows, as the coordinator's report list shows them."""
    collaboration = access.access_object(
        request.user, Collaboration, collaboration_id, access.MANAGE
    )
    _form, reports = filtered_report_list(request, collaboration)
    descriptions = request.GET.get("descriptions") == "1" and request.user.has_perm(
        "laget.manage_collaboration", collaboration
    )
    return exports.report_export_rows(reports, descriptions=descriptions)


def _filename(suffix: str) -> str:
    return f"rapporter-{timezone.localdate().isoformat()}{suffix}"


@login_required
def report_csv(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The filtered report list as CSV, streamed."""
    rows = _rows(request, collaboration_id)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(".csv")}"'
    return response


@login_required
def report_xlsx(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The filtered report list as an Excel workbook."""
    rows = _rows(request, collaboration_id)
    response = HttpResponse(xlsx_bytes(rows, title=_("Reports")), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(".xlsx")}"'
    return response
