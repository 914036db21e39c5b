"""Reads of the official statistics.

Statistics are public facts and belong to no collaboration, so these reads are not narrowed by
``laget.access.restrict``: views check that the person is signed in (``access.may_read_stats``)
and other apps call these functions for their own, already-checked pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

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
        result[municipality_id] = int(round(value))  # later years overwrite earlier ones
    return result


def population_by_region(*, year: int) -> dict[str, tuple[int, int]]:
    """Region code → (year, population) of the latest population figure ≤ ``year``."""
    result: dict[str, tuple[int, int]] = {}
    for code, y, value in (
        Value.objects.filter(series__key=POPULATION_KEY, year__lte=year)
        .order_by("region_code", "year")
        .values_list("region_code", "year", "value")
    ):
        result[code] = (y, int(round(value)))
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
    return ImportBatch.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")[
        :limit
    ]
