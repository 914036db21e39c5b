"""Reads of the public site. No login: everything here is public by construction.

The public site reads promises only through ``laget.promises.selectors``' public reads, tips
only through ``laget.tips.selectors.public_tips``, lägesbilder only as ``PublishedSummary``
rows, and reports only as grid counts with small counts suppressed (``laget.public.grid``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from laget import access
from laget.analysis.compile import Period
from laget.analysis.rates import DEFAULT_THRESHOLD
from laget.core.choices import InformationClass
from laget.geography.models import Area
from laget.organisations.models import Collaboration
from laget.public import grid
from laget.public.models import PublishedSummary
from laget.situation import display

#: The public map counts the reports of the last twelve weeks.
MAP_WEEKS = 12
#: Reports of these classes may be counted on the public map (as suppressed grid counts): an
#: organisation's own (*egen organisation*) and restricted (*begränsad*) reports never are.
MAP_INFO_CLASSES = (InformationClass.PUBLIC, InformationClass.PARTNERS)


def public_collaborations() -> QuerySet[Collaboration]:
    """Every municipality using Läget, by municipality name."""
    return Collaboration.objects.select_related("municipality").order_by("municipality__name")


def collaboration_by_slug(slug: str) -> Collaboration:
    """The collaboration of a public address (its slug), else 404."""
    found = Collaboration.objects.select_related("municipality").filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


# --- published lägesbild summaries --------------------------------------------------------------


def published_summaries(*, collaboration: Collaboration) -> QuerySet[PublishedSummary]:
    """The collaboration's published (not unpublished) summaries, newest period first.

    Only the frozen, public fields are loaded: never the picture.
    """
    return PublishedSummary.objects.filter(
        collaboration=collaboration, unpublished_at__isnull=True
    ).defer("picture")


def published_summary(*, collaboration: Collaboration, pk: Any) -> PublishedSummary:
    """One published summary of the collaboration, else 404."""
    try:
        found = published_summaries(collaboration=collaboration).filter(pk=pk).first()
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise Http404
    return found


def summary_for_picture(*, user: Any, picture: Any) -> PublishedSummary | None:
    """The picture's live published summary, if ``user`` may see it (the picture's page)."""
    return (
        access.restrict(user, PublishedSummary.objects.filter(picture=picture))
        .filter(unpublished_at__isnull=True)
        .first()
    )


@dataclass
class SummaryView:
    """A published summary as the public pages show it (labels in the reader's language)."""

    summary: PublishedSummary
    period_label: str
    period_dates: str
    areas: list[str]
    rows: list[dict[str, Any]]
    threshold: int


def summary_view(summary: PublishedSummary) -> SummaryView:
    from django.utils.translation import gettext as _

    period = Period(summary.period_start, summary.period_end, summary.period_kind)
    table = summary.table or {}
    return SummaryView(
        summary=summary,
        period_label=display.period_label(period),
        period_dates=display.date_range(summary.period_start, summary.period_end),
        areas=[name or _("Without area") for name in table.get("areas", [])],
        rows=list(table.get("rows", [])),
        threshold=int(table.get("threshold", DEFAULT_THRESHOLD)),
    )


# --- the public map -----------------------------------------------------------------------------


@dataclass
class MapData:
    """What the public map and its table show."""

    start: datetime.date
    end: datetime.date
    threshold: int
    cells: list[grid.GridCount]
    suppressed: int
    tip_labels: dict[str, str]
    boundary: Any
    areas: list[dict[str, Any]] = field(default_factory=list)

    @property
    def tip_total(self) -> int:
        return sum(c.tip_total for c in self.cells)

    def rows(self) -> list[dict[str, Any]]:
        """The cells for the table: the cell, its shown report count and (tip label, count)."""
        return [
            {
                "cell": c.cell,
                "reports": c.reports,
                "tips": [(self.tip_labels.get(k, k), n) for k, n in c.tips.items()],
            }
            for c in self.cells
        ]

    def geojson(self) -> dict[str, Any]:
        """The cells as GeoJSON: counts only, each cell a square, never a point."""
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": c.cell.polygon(),
                    "properties": {
                        "reports": c.reports,
                        "tips": [
                            {"type": self.tip_labels.get(k, k), "count": n}
                            for k, n in c.tips.items()
                        ],
                    },
                }
                for c in self.cells
            ],
        }


def map_data(
    *, collaboration: Collaboration, today: datetime.date, threshold: int = DEFAULT_THRESHOLD
) -> MapData:
    """The public map of the last ``MAP_WEEKS`` weeks up to ``today`` (see the module)."""
    from laget.reporting.models import Report
    from laget.tips.choices import TipService
    from laget.tips.selectors import public_tips

    start = today - datetime.timedelta(weeks=MAP_WEEKS)
    reports = list(
        Report.objects.filter(
            collaboration=collaboration,
            info_class__in=MAP_INFO_CLASSES,
            duplicate_of__isnull=True,
            period_start__gte=start,
            period_start__lte=today,
            lat__isnull=False,
            lon__isnull=False,
        ).values_list("lat", "lon")
    )
    tips = [
        (lat, lon, service)
        for lat, lon, service in public_tips(collaboration=collaboration)
        .filter(lat__isnull=False, lon__isnull=False)
        .filter(submitted_at__date__gte=start)
        .values_list("lat", "lon", "service")
    ]
    areas = Area.objects.filter(collaboration=collaboration, is_active=True).order_by("name")
    return MapData(
        start=start,
        end=today,
        threshold=threshold,
        cells=grid.grid_counts(reports, tips, threshold),
        suppressed=grid.suppressed_cells(reports, threshold),
        tip_labels={str(value): str(label) for value, label in TipService.choices},
        boundary=collaboration.municipality.boundary,
        areas=[{"name": a.name, "boundary": a.boundary} for a in areas if a.boundary],
    )


# --- medborgarlöften (through the promises app's public reads only) -----------------------------


@dataclass
class ActivityProgress:
    """A public activity with its public updates, newest first."""

    activity: Any
    updates: list[Any]

    @property
    def latest(self) -> Any | None:
        return self.updates[0] if self.updates else None


@dataclass
class PromiseProgress:
    """A published promise with its activities' public progress."""

    promise: Any
    activities: list[ActivityProgress]

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def done(self) -> int:
        return sum(1 for a in self.activities if a.activity.status == "done")

    def counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for each activity status in use, in the choices' order."""
        from laget.promises.choices import ActivityStatus

        found: dict[str, int] = {}
        for a in self.activities:
            found[a.activity.status] = found.get(a.activity.status, 0) + 1
        return [
            (str(value), str(label), found[value])
            for value, label in ActivityStatus.choices
            if value in found
        ]


def public_promises(*, collaboration: Collaboration) -> QuerySet[Any]:
    from laget.promises import selectors as promises

    return promises.public_promises(collaboration=collaboration)


def current_promises(*, collaboration: Collaboration) -> list[Any]:
    """The collaboration's active, published promises."""
    return list(public_promises(collaboration=collaboration).filter(status="active"))


def archived_promises(
    *, collaboration: Collaboration, text: str = "", year: int | None = None
) -> QuerySet[Any]:
    """Completed published promises, newest first, searchable by text and by year."""
    found = public_promises(collaboration=collaboration).filter(status="completed")
    if year is not None:
        found = found.filter(period_start__year__lte=year, period_end__year__gte=year)
    for word in text.split()[:8]:
        found = found.filter(
            Q(title__icontains=word)
            | Q(introduction__icontains=word)
            | Q(situation_summary__icontains=word)
            | Q(effects__icontains=word)
            | Q(how_to_follow__icontains=word)
        )
    return found


def promise_years(*, collaboration: Collaboration) -> list[int]:
    """The years the collaboration's completed public promises cover, newest first."""
    years: set[int] = set()
    for start, end in (
        public_promises(collaboration=collaboration)
        .filter(status="completed")
        .values_list("period_start", "period_end")
    ):
        years.update(range(start.year, end.year + 1))
    return sorted(years, reverse=True)


def public_promise(*, collaboration: Collaboration, pk: Any) -> Any:
    """One published promise, else 404 (a draft, withdrawn or unpublished one too)."""
    from laget.promises import selectors as promises

    found = promises.public_promise(collaboration=collaboration, pk=pk)
    if found is None:
        raise Http404
    return found


def promise_progress(promise: Any) -> PromiseProgress:
    """The promise's public activities, each with its public updates (two queries)."""
    from laget.promises import selectors as promises

    activities = list(promises.public_activities(promise=promise))
    updates: dict[int, list[Any]] = {}
    for update in promises.public_activity_updates(promise=promise):
        updates.setdefault(update.activity_id, []).append(update)
    return PromiseProgress(
        promise=promise,
        activities=[ActivityProgress(a, updates.get(a.pk, [])) for a in activities],
    )


def follow_ups(promises: list[Any]) -> dict[int, Any]:
    """The public part (summary, outcome) of the follow-up reports of published promises, by
    promise, in one query (only the explicitly public fields are loaded)."""
    from laget.promises.models import PUBLIC_FOLLOW_UP_FIELDS, PromiseFollowUp

    return {
        f.promise_id: f
        for f in PromiseFollowUp.objects.filter(promise__in=[p.pk for p in promises]).only(
            "pk", "promise_id", *PUBLIC_FOLLOW_UP_FIELDS
        )
    }


def follow_up(promise: Any) -> Any | None:
    from laget.promises import selectors as promises

    return promises.public_follow_up(promise=promise)


def signatures(promise: Any) -> list[dict[str, Any]]:
    from laget.promises import selectors as promises

    return promises.public_signatures(promise=promise)


def renewal_chain(promise: Any, collaboration: Collaboration) -> tuple[Any | None, Any | None]:
    """(the published promise this one renews, the published promise that renews it)."""
    found = public_promises(collaboration=collaboration)
    previous = found.filter(renewals__pk=promise.pk).first()
    following = found.filter(previous_id=promise.pk).order_by("period_start", "pk").first()
    return previous, following


@dataclass
class IndicatorValue:
    """A linked indicator's numbers: baseline, target and the latest value (no free text)."""

    name: str
    unit: str
    baseline: float | None
    target: float | None
    latest: float | None
    latest_period_end: datetime.date | None
    latest_suppressed: bool = False


def indicator_values(promise: Any, threshold: int = DEFAULT_THRESHOLD) -> list[IndicatorValue]:
    """The numbers of the promise's linked indicators.

    Counts from the situation picture (category × area) are reports: a latest value from 1 to
    ``threshold`` − 1 is not shown, as in the public lägesbild.
    """
    from laget.planning.choices import IndicatorSource
    from laget.planning.models import Indicator, Measurement

    indicators = list(
        Indicator.objects.filter(promises__pk=promise.pk)
        .only("pk", "name", "unit", "source", "baseline_value", "target_value")
        .order_by("pk")
    )
    latest: dict[int, Any] = {}
    for m in (
        Measurement.objects.filter(indicator__in=indicators)
        .only("indicator_id", "value", "period_end")
        .order_by("indicator_id", "-period_end")
    ):
        latest.setdefault(m.indicator_id, m)
    values = []
    for indicator in indicators:
        m = latest.get(indicator.pk)
        counted = indicator.source == IndicatorSource.SITUATION_COUNT
        value = m.value if m is not None else None
        small = counted and value is not None and 0 < value < threshold
        baseline = indicator.baseline_value
        if counted and baseline is not None and 0 < baseline < threshold:
            baseline = None
        values.append(
            IndicatorValue(
                name=indicator.name,
                unit=indicator.unit,
                baseline=baseline,
                target=indicator.target_value,
                latest=None if small else value,
                latest_period_end=m.period_end if m is not None else None,
                latest_suppressed=small,
            )
        )
    return values
