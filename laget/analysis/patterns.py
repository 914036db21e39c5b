"""Patterns in time: weekday × hour and the seasonal profile across years (årshjul).

Brå's handbook asks whether problems gather on "vissa dagar", at "vissa tider på dygnet" and in
certain seasons ("säsongsvariationer"); a pattern that returns every year belongs in the group's
årshjul. The weekday × hour matrix counts reports with a known time of day; the seasonal profile
counts reports per month (or ISO week) and year. A month outside the data's coverage is *no data*
(None), never zero, so a young collaboration's first year does not look calm.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MONTH = "month"
ISO_WEEK = "iso_week"
#: Heat levels 0 (nothing) to this value (the maximum), for table cells shaded by CSS class.
HEAT_LEVELS = 5


def weekday_hour_matrix(
    times: Iterable[datetime.datetime], weights: Iterable[int] | None = None
) -> list[list[int]]:
    """Counts by weekday (rows, Monday first) and hour (columns 0–23) of local times."""
    matrix = [[0] * 24 for _ in range(7)]
    weight_list = list(weights) if weights is not None else None
    for i, moment in enumerate(times):
        matrix[moment.weekday()][moment.hour] += 1 if weight_list is None else weight_list[i]
    return matrix


def weekday_hour_from_counts(rows: Iterable[tuple[int, int, int]]) -> list[list[int]]:
    """The same matrix from grouped counts: (ISO weekday 1–7, hour 0–23, count)."""
    matrix = [[0] * 24 for _ in range(7)]
    for weekday, hour, count in rows:
        matrix[weekday - 1][hour] += count
    return matrix


def heat_levels(
    matrix: Sequence[Sequence[int | None]], levels: int = HEAT_LEVELS
) -> list[list[int]]:
    """Shade levels for a table: 0 for zero or no data, else 1..levels in proportion to the max."""
    peak = max((v for row in matrix for v in row if v is not None), default=0)
    if peak <= 0:
        return [[0 for _ in row] for row in matrix]
    return [
        [0 if not v else max(1, min(levels, -(-v * levels // peak))) for v in row] for row in matrix
    ]


def _bucket(day: datetime.date, by: str) -> tuple[int, int]:
    if by == MONTH:
        return day.year, day.month
    iso_year, week, _ = day.isocalendar()
    return iso_year, week


def _buckets_per_year(by: str) -> int:
    return 12 if by == MONTH else 53


@dataclass(frozen=True)
class SeasonalProfile:
    """Counts per year and month (or ISO week); None where the data do not cover the bucket."""

    by: str
    years: list[int]
    rows: list[list[int | None]]  # one row per year, 12 (or 53) buckets
    mean: list[float | None]  # per bucket, over the years that cover it
    peaks: list[int]  # 1-based buckets clearly above the yearly average

    def as_dict(self) -> dict[str, object]:
        return {
            "by": self.by,
            "years": self.years,
            "rows": self.rows,
            "mean": [None if m is None else round(m, 2) for m in self.mean],
            "peaks": self.peaks,
        }


def seasonal_profile(
    rows: Iterable[tuple[datetime.date, int]],
    *,
    by: str = MONTH,
    coverage: tuple[datetime.date, datetime.date] | None = None,
    peak_factor: float = 1.25,
    min_years: int = 2,
) -> SeasonalProfile:
    """The seasonal profile of (day, count) rows.

    ``coverage`` is the first and last day the data cover (by default those of the rows); a
    bucket is counted only when it lies wholly inside it. ``peaks`` are the buckets whose mean
    is at least ``peak_factor`` times the mean of all buckets, given data from at least
    ``min_years`` years — the candidates for the årshjul.
    """
    if by not in (MONTH, ISO_WEEK):
        raise ValueError(f"unknown seasonal bucket {by!r}")
    items = list(rows)
    if not items:
        return SeasonalProfile(by, [], [], [None] * _buckets_per_year(by), [])
    first, last = coverage or (min(d for d, _ in items), max(d for d, _ in items))
    size = _buckets_per_year(by)
    years = list(range(_bucket(first, by)[0], _bucket(last, by)[0] + 1))
    table: dict[int, list[int | None]] = {}
    for year in years:
        table[year] = [
            0 if _covered(year, b, by, first, last) else None for b in range(1, size + 1)
        ]
    for day, count in items:
        if not first <= day <= last:
            continue
        year, bucket = _bucket(day, by)
        current = table[year][bucket - 1]
        if current is not None:
            table[year][bucket - 1] = current + count
    mean: list[float | None] = []
    for b in range(size):
        values = [table[y][b] for y in years if table[y][b] is not None]
        mean.append(sum(v for v in values if v is not None) / len(values) if values else None)
    known = [m for m in mean if m is not None]
    overall = sum(known) / len(known) if known else 0.0
    years_with_data = sum(1 for y in years if any(v is not None for v in table[y]))
    peaks: list[int] = []
    if years_with_data >= min_years and overall > 0:
        peaks = [b + 1 for b, m in enumerate(mean) if m is not None and m >= peak_factor * overall]
    return SeasonalProfile(by, years, [table[y] for y in years], mean, peaks)


def _covered(year: int, bucket: int, by: str, first: datetime.date, last: datetime.date) -> bool:
    if by == MONTH:
        start = datetime.date(year, bucket, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    else:
        if bucket > datetime.date(year, 12, 28).isocalendar()[1]:
            return False  # a year without week 53
        start = datetime.date.fromisocalendar(year, bucket, 1)
        end = start + datetime.timedelta(days=6)
    return first <= start and end <= last
