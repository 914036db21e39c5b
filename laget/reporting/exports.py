"""The coordinator's report list as CSV or XLSX, filtered exactly as on the screen.

The rows come from ``selectors.report_list`` (so ``access.restrict`` applies) and are read in
chunks, so a CSV of a year's reports streams without holding them all in memory. Free text is
included only when a manager asks for it, and never for a report in which the personal-data
guard found something: the finding and the text it was found in stay in Läget.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from laget.reporting.choices import Assessment, ReportSource, Trend
from laget.reporting.models import PersonalDataFinding, Report

CHUNK = 2000


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
