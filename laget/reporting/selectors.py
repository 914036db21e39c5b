"""Reads for reporting. Every selector takes the acting user and goes through the access module."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from laget import access
from laget.geography.models import Area
from laget.organisations.models import Collaboration
from laget.reporting.models import Category, ChecklistAnswer, Report, ReportTemplate

#: "Samma händelse?": same category, within this distance and time of each other.
DUPLICATE_DISTANCE_M = 250
DUPLICATE_WINDOW = datetime.timedelta(hours=48)


def template_list(*, user: Any, collaboration: Collaboration) -> QuerySet[ReportTemplate]:
    return access.restrict(user, ReportTemplate.objects.filter(collaboration=collaboration))


def active_categories(*, template: ReportTemplate) -> list[Category]:
    """The template's categories in use, main categories first with their sub-categories."""
    categories = list(template.categories.filter(is_active=True).select_related("parent"))
    mains = [c for c in categories if c.parent_id is None]
    ordered: list[Category] = []
    for main in mains:
        ordered.append(main)
        ordered.extend(c for c in categories if c.parent_id == main.pk)
    return ordered


def reportable_categories(*, template: ReportTemplate) -> list[Category]:
    """Categories a reporter answers: sub-categories, and main categories without any."""
    categories = active_categories(template=template)
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.pk not in parents]


def report_list(
    *,
    user: Any,
    collaboration: Collaboration,
    period_start: datetime.date | None = None,
    category: Category | None = None,
    area: Area | None = None,
) -> QuerySet[Report]:
    qs = Report.objects.filter(collaboration=collaboration).select_related(
        "category", "area", "unit", "owner_organisation", "reporter"
    )
    if period_start is not None:
        qs = qs.filter(period_start=period_start)
    if category is not None:
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if area is not None:
        qs = qs.filter(area=area)
    return access.restrict(user, qs)


def my_reports(*, user: Any) -> QuerySet[Report]:
    """The reports this person made, newest first (the basis of "Mina rapporter")."""
    return access.restrict(
        user,
        Report.objects.filter(reporter=user).select_related("collaboration", "category", "area"),
    )


@dataclass(frozen=True)
class ChecklistCell:
    category: Category
    answer: ChecklistAnswer | None

    @property
    def state(self) -> str:
        """``missing``, ``zero`` (inget att rapportera) or ``reported``."""
        if self.answer is None:
            return "missing"
        return "zero" if self.answer.report_id is None else "reported"


def checklist_for(
    *,
    user: Any,
    collaboration: Collaboration,
    template: ReportTemplate,
    area: Area,
    period_start: datetime.date,
    organisation_id: int,
    unit_id: int | None,
) -> list[ChecklistCell]:
    """One organisation/unit's answers for an area and week, one cell per reportable category."""
    answers = {
        a.category_id: a
        for a in access.restrict(
            user,
            ChecklistAnswer.objects.filter(
                collaboration=collaboration,
                area=area,
                period_start=period_start,
                owner_organisation_id=organisation_id,
                unit_id=unit_id,
            ).select_related("report"),
        )
    }
    return [ChecklistCell(c, answers.get(c.pk)) for c in reportable_categories(template=template)]


def _distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine), accurate enough for 'close in place'."""
    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def duplicate_candidates(*, user: Any, report: Report, limit: int = 5) -> list[Report]:
    """Other reports that may describe the same event: "samma händelse?"

    Same category; with points, within 250 m and 48 hours; without, the same area and week.
    """
    qs = (
        report_list(user=user, collaboration=report.collaboration)
        .filter(category=report.category)
        .exclude(pk=report.pk)
    )
    if report.occurred_at is not None:
        qs = qs.filter(
            occurred_at__gte=report.occurred_at - DUPLICATE_WINDOW,
            occurred_at__lte=report.occurred_at + DUPLICATE_WINDOW,
        )
    else:
        qs = qs.filter(period_start=report.period_start)
    if report.lon is not None and report.lat is not None:
        # Pre-filter by a bounding box in the database, then measure exactly.
        dlat = DUPLICATE_DISTANCE_M / 111_000
        dlon = dlat / max(math.cos(math.radians(report.lat)), 0.01)
        near = qs.filter(
            lon__gte=report.lon - dlon,
            lon__lte=report.lon + dlon,
            lat__gte=report.lat - dlat,
            lat__lte=report.lat + dlat,
        )
        found = [
            r
            for r in near[:200]
            if _distance_m(report.lon, report.lat, r.lon, r.lat) <= DUPLICATE_DISTANCE_M
        ]
        return found[:limit]
    if report.area_id is None:
        return []
    return list(qs.filter(area_id=report.area_id)[:limit])
