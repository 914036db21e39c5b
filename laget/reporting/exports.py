"""The coordinator's report list as CSV or XLSX, filtered exactly as on the screen.

The rows come from ``selectors.report_list`` (so ``access.restrict`` applies) and are read in
chunks, so a CSV of a year's reports streams without holding them all in memory. Free text is
included only when a manager asks for it, and never for a report in which the personal-data
guard found something: the finding and the text it was found in stay in Läget.

A list longer than ``BACKGROUND_ROWS`` is exported by a background job (``laget.jobs``), which
calls ``report_export_file`` with the filters the list had on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from laget.jobs.files import ExportFile, Progress, no_progress
from laget.organisations.models import Collaboration
from laget.reporting.choices import Assessment, ReportSource, Trend
from laget.reporting.models import PersonalDataFinding, Report

CHUNK = 2000
#: Lists with more rows than this are exported in the background, with a progress page.
BACKGROUND_ROWS = 5000
#: The report list's filter fields (``forms.ReportFilterForm``), the ones an export keeps.
FILTER_FIELDS = ("week", "category", "area")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_export_header(*, descriptions: bool) -> list[str]:
    header = [
        _("Week"),
        _("Category"),
        _("Area"),
        _("Number"),
        _("Assessment"),
        _("Trend"),
        _("Unit"),
        _("Organisation"),
        _("Source"),
        _("Received"),
    ]
    return [*header, _("Description")] if descriptions else header


def report_export_rows(reports: QuerySet[Report], *, descriptions: bool) -> Iterator[list[Any]]:
    """One row per report (the header first), reading the queryset in chunks of ``CHUNK``."""
    yield report_export_header(descriptions=descriptions)
    reports = reports.annotate(
        has_findings=Exists(PersonalDataFinding.objects.filter(report=OuterRef("pk")))
    ).order_by("-created_at", "-pk")
    assessments = dict(Assessment.choices)
    trends = dict(Trend.choices)
    sources = dict(ReportSource.choices)
    withheld = _("(withheld: the text holds personal data)")
    for report in reports.iterator(chunk_size=CHUNK):
        year, week, _day = report.period_start.isocalendar()
        row = [
            f"{year}-W{week:02d}",
            report.category_label,
            report.area.name if report.area else "",
            report.count,
            str(assessments.get(report.assessment, "")),
            str(trends.get(report.trend, "")),
            report.unit.name if report.unit else "",
            report.owner_organisation.name,
            str(sources.get(report.source, "")),
            formats.date_format(timezone.localtime(report.created_at), "Y-m-d H:i"),
        ]
        if descriptions:
            row.append(withheld if report.has_findings else report.text)
        yield row


@dataclass
class _ListRequest:
    """What ``views.filtered_report_list`` reads of a request: the person and the filters."""

    user: Any
    GET: QueryDict


def report_filters(data: Any) -> dict[str, str]:
    """The list's filters from a query (or form) dict, as plain strings (for a job's parameters)."""
    return {name: str(data.get(name, "")) for name in FILTER_FIELDS if data.get(name)}


def filtered_reports(
    *, user: Any, collaboration: Collaboration, filters: dict[str, str]
) -> QuerySet[Report]:
    """The reports the list shows with ``filters``, through the list's own filter function."""
    from laget.reporting.views import filtered_report_list

    query = QueryDict(mutable=True)
    query.update(filters)
    _form, reports = filtered_report_list(_ListRequest(user, query), collaboration)  # type: ignore[arg-type]
    return reports


def filename(suffix: str) -> str:
    return f"rapporter-{timezone.localdate().isoformat()}{suffix}"


def report_export_file(
    *,
    user: Any,
    collaboration: Collaboration,
    filters: dict[str, str],
    descriptions: bool,
    kind: str,
    progress: Progress = no_progress,
) -> ExportFile:
    """The filtered list as a CSV ("csv") or XLSX ("xlsx") file, reporting progress per chunk.

    ``descriptions`` is honoured only for a person who manages the collaboration.
    """
    from laget.situation.exports import csv_lines, xlsx_bytes

    reports = filtered_reports(user=user, collaboration=collaboration, filters=filters)
    descriptions = descriptions and user.has_perm("laget.manage_collaboration", collaboration)
    total = max(reports.count(), 1)

    def counted() -> Iterator[list[Any]]:
        for number, row in enumerate(report_export_rows(reports, descriptions=descriptions)):
            if number % CHUNK == 0:
                progress(10 + 80 * number // total, "rows")
            yield row

    if kind == "xlsx":
        return ExportFile(xlsx_bytes(counted(), title=_("Reports")), filename(".xlsx"), XLSX)
    content = "".join(csv_lines(counted())).encode("utf-8")
    return ExportFile(content, filename(".csv"), "text/csv; charset=utf-8")
