"""Reads of the official statistics.

Statistics are public facts and belong to no collaboration, so these reads are not narrowed by
``laget.access.restrict``: views check that the person is signed in (``access.may_read_stats``)
and other apps call these functions for their own, already-checked pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, QuerySet

from laget import access
from laget.stats.choices import Level
from laget.stats.models import (
    POPULATION_KEY,
    ImportBatch,
    MunicipalityGroupAssignment,
    Series,
    Value,
)


def population_by_municipality(
    *, municipality_ids: Iterable[int] | None = None, year: int | None = None
) -> dict[int, int]:
    """SCB's population per municipality id: each municipality's latest year ≤ ``year``
    (the latest of all when ``year`` is None). Municipalities without a figure are absent."""
    qs = Value.objects.filter(
        series__key=POPULATION_KEY, level=Level.MUNICIPALITY, municipality__isnull=False
    )
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=list(municipality_ids))
    if year is not None:
        qs = qs.filter(year__lte=year)
    result: dict[int, int] = {}
    for municipality_id, value in qs.order_by("municipality_id", "year").values_list(
        "municipality_id", "value"
    ):
        result[municipality_id] = round(value)  # later years overwrite earlier ones
    return result


def population_by_region(*, year: int) -> dict[str, tuple[int, int]]:
    """Region code → (year, population) of the latest population figure ≤ ``year``."""
    result: dict[str, tuple[int, int]] = {}
    for code, y, value in (
        Value.objects.filter(series__key=POPULATION_KEY, year__lte=year)
        .order_by("region_code", "year")
        .values_list("region_code", "year", "value")
    ):
        result[code] = (y, round(value))
    return result


def municipality_group_by_municipality() -> dict[int, str]:
    """Municipality id → SKR kommungrupp code ("A1" … "C9") of the latest classification."""
    result: dict[int, str] = {}
    for municipality_id, group in MunicipalityGroupAssignment.objects.order_by(
        "municipality_id", "classification_year"
    ).values_list("municipality_id", "group"):
        result[municipality_id] = group
    return result


def series_list() -> QuerySet[Series]:
    return Series.objects.order_by("source", "name")


def series_get(*, key: str) -> Series | None:
    return Series.objects.filter(key=key).first()


def comparable_series() -> QuerySet[Series]:
    """Series that can be compared as rates (counts with a population to divide by)."""
    return Series.objects.filter(is_count=True).exclude(key=POPULATION_KEY).order_by("name")


def series_for_municipality(
    *, municipality_id: int, series_key: str | None = None
) -> dict[str, dict[int, float]]:
    """Series key → {year: value} of one municipality (one series if ``series_key`` is set)."""
    qs = Value.objects.filter(municipality_id=municipality_id)
    if series_key is not None:
        qs = qs.filter(series__key=series_key)
    result: dict[str, dict[int, float]] = {}
    for key, year, value in qs.order_by("series__key", "year").values_list(
        "series__key", "year", "value"
    ):
        result.setdefault(key, {})[year] = value
    return result


def values_by_region(*, series: Series, year: int | None = None) -> dict[str, dict[int, float]]:
    """Region code → {year: value} of one series (every level)."""
    qs = Value.objects.filter(series=series)
    if year is not None:
        qs = qs.filter(year=year)
    result: dict[str, dict[int, float]] = {}
    for code, y, value in qs.values_list("region_code", "year", "value"):
        result.setdefault(code, {})[y] = value
    return result


def series_years(*, series: Series) -> list[int]:
    return sorted(set(Value.objects.filter(series=series).values_list("year", flat=True)))


def latest_value(*, series_key: str, municipality_id: int) -> Value | None:
    """The latest official figure of one series for one municipality (or None)."""
    return (
        Value.objects.filter(series__key=series_key, municipality_id=municipality_id)
        .select_related("series", "batch")
        .order_by("-year")
        .first()
    )


def recent_batches(*, limit: int = 20) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")[:limit]


def batch_list(*, user: Any) -> QuerySet[ImportBatch]:
    """The person's own imports (superusers see everybody's), newest first."""
    qs = ImportBatch.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")
    if not access.scope_for(user).is_superuser:
        qs = qs.filter(uploaded_by=user)
    return qs[:50]


def batch_for_user(*, user: Any, batch_id: int) -> ImportBatch | None:
    """One import, for the person who uploaded it (or a superuser); None otherwise.

    A preview's rows are not yet public statistics, so a batch is not shown to other importers.
    """
    qs = ImportBatch.objects.filter(pk=batch_id)
    if not access.scope_for(user).is_superuser:
        qs = qs.filter(uploaded_by=user)
    return qs.first()


@dataclass
class SeriesOverview:
    series: Series
    first_year: int | None
    last_year: int | None
    values: int
    last_imported: Any


def series_overview() -> list[SeriesOverview]:
    rows = Series.objects.annotate(
        first_year=Min("values__year"),
        last_year=Max("values__year"),
        n=Count("values"),
        last_imported=Max("values__imported_at"),
    ).order_by("source", "name")
    return [SeriesOverview(s, s.first_year, s.last_year, s.n, s.last_imported) for s in rows]


def series_with_values(*, municipality_id: int) -> QuerySet[Series]:
    """The series with at least one figure for the municipality (population left out)."""
    return (
        Series.objects.filter(values__municipality_id=municipality_id)
        .exclude(key=POPULATION_KEY)
        .distinct()
        .order_by("-is_count", "source", "name")
    )


@dataclass
class OfficialFigure:
    """The latest official figure of a series for a municipality (for indicators, lägesbilder)."""

    series: Series
    year: int
    value: float
    rate_per_100k: float | None
    imported_at: Any


def series_for_reference(reference: str) -> Series | None:
    """The series a free-text reference names: its key ("bra-skadegorelse"), a Kolada id
    ("N07403") or its name ("Anmälda brott: Skadegörelse")."""
    from laget.stats.files import fold

    text = (reference or "").strip()
    if not text:
        return None
    folded = fold(text)
    for key in (text, folded, f"kolada-{folded}"):
        found = Series.objects.filter(key=key).first()
        if found is not None:
            return found
    return next((s for s in Series.objects.all() if fold(s.name) == folded), None)


def official_figure(*, series: Series, municipality_id: int) -> OfficialFigure | None:
    """The latest figure of ``series`` for a municipality, with the rate per 100 000 for counts."""
    value = latest_value(series_key=series.key, municipality_id=municipality_id)
    if value is None:
        return None
    rate = None
    if series.is_count:
        population = population_by_municipality(
            municipality_ids=[municipality_id], year=value.year
        ).get(municipality_id)
        if population:
            rate = value.value * 100_000 / population
    return OfficialFigure(series, value.year, value.value, rate, value.imported_at)


def official_figure_for_indicator(*, indicator: Any) -> OfficialFigure | None:
    """For a planning indicator whose source is imported statistics ("statistics"): the latest
    official figure of the series its ``source_reference`` names, for the collaboration's
    municipality. The caller has already checked that the person may see the indicator."""
    if getattr(indicator, "source", "") != "statistics":
        return None
    series = series_for_reference(indicator.source_reference)
    if series is None:
        return None
    return official_figure(
        series=series, municipality_id=indicator.goal.collaboration.municipality_id
    )
