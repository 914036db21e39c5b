"""Reads of the regional layer (issue 7): the county overview (Lag 2023:196 across the county),
the shared figures and the regional lägesbild.

The county overview reads municipal objects only through ``access.restrict``, so a regional
coordinator sees what ``access`` already lets them see in their county (objects of the classes
*öppen* and *samverkansparter*), never a municipality's *egen organisation* or *begränsad*
material. The regional lägesbild reads ``SharedFigure`` only: what municipalities shared.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from laget import access
from laget.analysis import regional as analysis
from laget.core.choices import InformationClass
from laget.geography.models import LocalPoliceArea, Municipality
from laget.organisations.choices import GroupKind
from laget.organisations.models import Collaboration, Group
from laget.regional.models import RegionalPicture, SharedFigure

#: Meetings of the lägesbild group counted for its cadence: the last 90 days.
MEETING_WINDOW_DAYS = 90


@dataclass
class OverviewRow:
    """One municipality of the county and the state of its collaboration (if it has one)."""

    municipality: Municipality
    collaboration: Collaboration | None = None
    police_areas: list[str] = field(default_factory=list)
    compliance: Any = None
    sources: list[str] = field(default_factory=list)
    picture_shared_at: datetime.datetime | None = None
    shared_weeks: int = 0
    agreement: Any = None
    promises: list[Any] = field(default_factory=list)
    situation_groups: list[Group] = field(default_factory=list)
    meetings: int = 0

    @property
    def has_situation_group(self) -> bool:
        return bool(self.situation_groups)

    @property
    def latest_picture(self) -> Any:
        return self.compliance.latest_picture if self.compliance else None

    @property
    def action_plan(self) -> Any:
        return self.compliance.action_plan if self.compliance else None

    @property
    def coordinators(self) -> list[Any]:
        return self.compliance.coordinators if self.compliance else []


def police_areas(*, county: Any) -> QuerySet[LocalPoliceArea]:
    """The local police areas that cover a municipality of the county."""
    return LocalPoliceArea.objects.filter(municipalities__county=county).distinct().order_by("name")


def county_overview(
    *, user: Any, county: Any, police_area: Any = None, today: datetime.date | None = None
) -> list[OverviewRow]:
    """Every municipality of ``county`` (optionally of one local police area) and the state of
    Lag 2023:196 in its collaboration, in a fixed number of queries."""
    from laget.agreements.models import Agreement
    from laget.agreements.selectors import SIGNED_STATUSES
    from laget.annual.selectors import compliance_many
    from laget.promises.choices import PromiseStatus
    from laget.promises.models import Promise
    from laget.reporting.models import Report
    from laget.situation.models import Meeting

    today = today or timezone.localdate()
    municipalities = Municipality.objects.filter(county=county).order_by("name")
    if police_area is not None:
        municipalities = municipalities.filter(local_police_areas=police_area)
    rows = {m.pk: OverviewRow(m) for m in municipalities}  # with boundaries, for the map
    for lpo_name, municipality_id in LocalPoliceArea.objects.filter(
        municipalities__in=list(rows)
    ).values_list("name", "municipalities"):
        rows[municipality_id].police_areas.append(lpo_name)
    collaborations = list(
        access.restrict(
            user, Collaboration.objects.filter(municipality__in=list(rows)).order_by("pk")
        )
    )
    by_collaboration: dict[int, OverviewRow] = {}
    for collaboration in collaborations:
        row = rows[collaboration.municipality_id]
        if row.collaboration is None:  # one collaboration per municipality on the page
            row.collaboration = collaboration
            by_collaboration[collaboration.pk] = row
    if not by_collaboration:
        return list(rows.values())
    chosen = [row.collaboration for row in by_collaboration.values()]
    compliance = compliance_many(user=user, collaborations=chosen, today=today)
    for pk, row in by_collaboration.items():
        row.compliance = compliance[pk]
    # the sources of each latest lägesbild: the organisations whose reports it counted
    source_q = Q(pk__in=[])
    for pk, row in by_collaboration.items():
        picture = row.latest_picture
        if picture is not None:
            row.picture_shared_at = picture.shared_with_county_at
            source_q |= Q(
                collaboration_id=pk,
                period_start__gte=picture.period_start,
                period_start__lte=picture.period_end,
            )
    for pk, name in (
        access.restrict(
            user,
            Report.objects.filter(source_q).filter(
                info_class__in=[InformationClass.PUBLIC, InformationClass.PARTNERS]
            ),
        )
        .values_list("collaboration_id", "owner_organisation__name")
        .distinct()
        .order_by("collaboration_id", "owner_organisation__name")
    ):
        by_collaboration[pk].sources.append(name)
    for municipality_id, weeks in (
        SharedFigure.objects.filter(municipality__in=list(rows))
        .values("municipality")
        .annotate(weeks=Count("week_start", distinct=True))
        .values_list("municipality", "weeks")
    ):
        rows[municipality_id].shared_weeks = weeks
    for agreement in (
        access.restrict(
            user,
            Agreement.objects.filter(
                collaboration__in=chosen,
                status__in=SIGNED_STATUSES,
                in_force_at__isnull=False,
                period_start__lte=today,
                period_end__gte=today,
            ),
        )
        .defer("situation_picture")
        .order_by("collaboration_id", "-version")
    ):
        row = by_collaboration[agreement.collaboration_id]
        if row.agreement is None:
            row.agreement = agreement
    for promise in (
        access.restrict(
            user, Promise.objects.filter(collaboration__in=chosen, status=PromiseStatus.ACTIVE)
        )
        .only("pk", "collaboration_id", "title", "period_start", "period_end")
        .order_by("period_start")
    ):
        by_collaboration[promise.collaboration_id].promises.append(promise)
    for group in access.restrict(
        user,
        Group.objects.filter(collaboration__in=chosen, kind=GroupKind.SITUATION)
        .select_related("situation_settings")
        .order_by("name"),
    ):
        by_collaboration[group.collaboration_id].situation_groups.append(group)
    since = today - datetime.timedelta(days=MEETING_WINDOW_DAYS)
    for pk, meetings in (
        access.restrict(user, Meeting.objects.filter(collaboration__in=chosen, held_on__gte=since))
        .values("collaboration")
        .annotate(n=Count("pk"))
        .values_list("collaboration", "n")
    ):
        by_collaboration[pk].meetings = meetings
    return list(rows.values())


def overview_table(rows: Iterable[OverviewRow]) -> tuple[list[str], list[list[Any]]]:
    """The overview as plain cells for CSV and XLSX (headers translated by the caller)."""
    from django.utils.translation import gettext as _

    headers = [
        _("Municipality"),
        _("Municipality code"),
        _("Local police areas"),
        _("Collaboration"),
        _("Latest adopted situation picture"),
        _("Period"),
        _("Sources"),
        _("Shared with the county"),
        _("Action plan adopted"),
        _("Agreement in force"),
        _("Citizen promises in force"),
        _("Situation picture group"),
        _("Meeting cadence"),
        _("Meetings, last 90 days"),
        _("Coordination function"),
    ]
    body = []
    for row in rows:
        picture = row.latest_picture
        plan = row.action_plan
        body.append(
            [
                row.municipality.name,
                row.municipality.code,
                ", ".join(row.police_areas),
                row.collaboration.name if row.collaboration else _("Not in Läget"),
                timezone.localdate(picture.adopted_at).isoformat() if picture else "",
                f"{picture.period_start}–{picture.period_end}" if picture else "",
                ", ".join(row.sources),
                timezone.localdate(row.picture_shared_at).isoformat()
                if row.picture_shared_at
                else "",
                plan.adopted_on.isoformat() if plan and plan.adopted_on else "",
                f"{row.agreement.title} ({row.agreement.period_start}–{row.agreement.period_end})"
                if row.agreement
                else "",
                "; ".join(p.title for p in row.promises),
                ", ".join(g.name for g in row.situation_groups),
                ", ".join(g.meeting_cadence for g in row.situation_groups if g.meeting_cadence),
                row.meetings if row.collaboration else "",
                ", ".join(m.user.get_full_name() or m.user.username for m in row.coordinators),
            ]
        )
    return headers, body


def municipality_map(*, rows: Iterable[OverviewRow]) -> dict[str, Any]:
    """GeoJSON of the overview's municipalities, each with its state (for the Leaflet map)."""
    features = []
    for row in rows:
        boundary = row.municipality.boundary
        if not boundary:
            continue
        geometry = boundary.get("geometry", boundary) if isinstance(boundary, dict) else None
        if not geometry:
            continue
        if row.collaboration is None:
            state = "none"
        elif row.compliance is not None and row.compliance.complete:
            state = "complete"
        else:
            state = "partial"
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "name": row.municipality.name,
                    "code": row.municipality.code,
                    "state": state,
                    "shared": bool(row.shared_weeks),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# --- shared figures and the regional lägesbild --------------------------------------------------


def shared_figures(*, user: Any, county: Any) -> QuerySet[SharedFigure]:
    return access.restrict_county(user, SharedFigure.objects.filter(county=county))


def regional_snapshot(*, user: Any, county: Any, period: analysis.Period) -> dict[str, Any]:
    """The regional lägesbild of ``period`` from the county's shared figures, as it stands now."""
    from laget.stats.selectors import population_by_municipality

    previous = analysis.previous_period(period)
    last_year = analysis.year_earlier(period)
    figures = shared_figures(user=user, county=county)
    # the period's rows (one per municipality, category and week: the table is unique on them)
    rows: list[tuple[Any, str, datetime.date, int]] = list(
        figures.filter(week_start__gte=period.start, week_start__lte=period.end)
        .order_by()
        .values_list("municipality", "category_key", "week_start", "count")
    )
    # the comparison periods need only the county's sum per category: summed in the database
    # and handed on as one row per category and period (no municipality)
    in_previous = Q(week_start__gte=previous.start, week_start__lte=previous.end)
    in_last_year = Q(week_start__gte=last_year.start, week_start__lte=last_year.end)
    labels = {}
    for key, label, before, a_year_ago in (
        figures.filter(
            in_previous | in_last_year | Q(week_start__gte=period.start, week_start__lte=period.end)
        )
        .values("category_key")
        .annotate(
            label=Max("category_label"),
            before=Sum("count", filter=in_previous),
            a_year_ago=Sum("count", filter=in_last_year),
        )
        .values_list("category_key", "label", "before", "a_year_ago")
        .order_by()
    ):
        labels[key] = label
        if before is not None:
            rows.append((None, key, previous.start, before))
        if a_year_ago is not None:
            rows.append((None, key, last_year.start, a_year_ago))
    municipalities = list(
        Municipality.objects.filter(county=county)
        .order_by("name")
        .values_list("pk", "code", "name")
    )
    shared = {m for m, _k, week, _n in rows if period.contains(week)}
    population = population_by_municipality(
        municipality_ids=[m for m, _c, _n in municipalities], year=period.start.year
    ) or population_by_municipality(municipality_ids=[m for m, _c, _n in municipalities])
    return analysis.compile_regional(
        period=period,
        rows=rows,
        labels=labels,
        municipalities=municipalities,
        shared=shared,
        population=population,
    )


def regional_picture_list(*, user: Any, county: Any) -> QuerySet[RegionalPicture]:
    return access.restrict_county(
        user, RegionalPicture.objects.filter(county=county).defer("snapshot")
    )


def regional_picture(*, user: Any, county: Any, pk: Any) -> RegionalPicture:
    try:
        return access.restrict_county(user, RegionalPicture.objects.filter(county=county)).get(
            pk=pk
        )
    except (RegionalPicture.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def national_comparison(
    *, start: datetime.date, end: datetime.date, population: dict[int, int]
) -> list[tuple[int, str, int, float | None]]:
    """Counts per municipality and category over ``start``–``end`` from the shared figures of
    every county, with the rate per 100 000 (None without a population). One aggregate query
    on the compact table; for the national comparison (and the benchmark). Unsuppressed: a
    caller publishing it must suppress small counts."""
    result = []
    for municipality, key, count in (
        SharedFigure.objects.filter(week_start__gte=start, week_start__lte=end)
        .values("municipality", "category_key")
        .annotate(n=Sum("count"))
        .values_list("municipality", "category_key", "n")
        .order_by()  # no sort in the database: the caller orders what it shows
    ):
        inhabitants = population.get(municipality)
        rate = count * 100_000 / inhabitants if inhabitants else None
        result.append((municipality, key, count, rate))
    return result
