"""The regional lägesbild: a county's shared weekly figures aggregated by category and period.

Pure functions (no Django): periods of a county picture (month, quarter, year), the table of
counts per municipality and category with small counts suppressed in both directions, rates per
100 000 inhabitants and the trends against the previous period and the same period a year
earlier. The input rows are what municipalities *shared* — nothing else reaches this module.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from laget.analysis.rates import DEFAULT_THRESHOLD, poisson_ci, rate_per_100k, suppress_small

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
KINDS = (MONTH, QUARTER, YEAR)


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat()}

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _span(kind: str) -> int:
    return {MONTH: 1, QUARTER: 3, YEAR: 12}[kind]


def period_containing(day: datetime.date, kind: str) -> Period:
    """The month, quarter or calendar year that contains ``day``."""
    if kind not in KINDS:
        raise ValueError(f"unknown period kind {kind!r}")
    if kind == MONTH:
        start = day.replace(day=1)
    elif kind == QUARTER:
        start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    else:
        start = datetime.date(day.year, 1, 1)
    end = _add_months(start, _span(kind)) - datetime.timedelta(days=1)
    return Period(kind, start, end)


def previous_period(period: Period) -> Period:
    return period_containing(period.start - datetime.timedelta(days=1), period.kind)


def year_earlier(period: Period) -> Period:
    return period_containing(period.start.replace(year=period.start.year - 1), period.kind)


def last_complete_period(today: datetime.date, kind: str) -> Period:
    return previous_period(period_containing(today, kind))


def suppress_table(
    table: Mapping[Hashable, Mapping[Hashable, int]], threshold: int = DEFAULT_THRESHOLD
) -> dict[Hashable, dict[Hashable, int | None]]:
    """Suppress small counts in a two-way table (rows × columns) whose row and column totals
    are published: primary suppression and secondary suppression within every row (through
    ``rates.suppress_small``), then within every column, repeated until no row or column has a
    single hidden cell that its total would give away."""
    result: dict[Hashable, dict[Hashable, int | None]] = {
        row: suppress_small(cells, threshold) for row, cells in table.items()
    }
    columns = sorted({column for cells in table.values() for column in cells}, key=lambda c: str(c))
    changed = True
    while changed:
        changed = False
        for column in columns:
            hidden = [r for r in result if column in result[r] and result[r][column] is None]
            shown = [
                (r, table[r][column])
                for r in result
                if column in result[r] and result[r][column] is not None and table[r][column] > 0
            ]
            if len(hidden) == 1 and shown:
                row, _count = min(shown, key=lambda item: item[1])
                result[row][column] = None
                changed = True
        for row, cells in result.items():
            hidden_cells = [c for c, v in cells.items() if v is None]
            shown_cells = [(c, table[row][c]) for c, v in cells.items() if v is not None]
            nonzero = [(c, n) for c, n in shown_cells if n > 0]
            if len(hidden_cells) == 1 and nonzero:
                column, _count = min(nonzero, key=lambda item: item[1])
                cells[column] = None
                changed = True
    return result


def _shown(count: int, threshold: int) -> int | None:
    return None if 0 < count < threshold else count


def change(current: int | None, earlier: int | None) -> dict[str, Any]:
    """The change from ``earlier`` to ``current`` (absolute and per cent), None when hidden."""
    if current is None or earlier is None:
        return {"difference": None, "percent": None}
    percent = round((current - earlier) * 100 / earlier, 1) if earlier else None
    return {"difference": current - earlier, "percent": percent}


def compile_regional(
    *,
    period: Period,
    rows: Iterable[tuple[Hashable, str, datetime.date, int]],
    labels: Mapping[str, str],
    municipalities: list[tuple[Hashable, str, str]],
    shared: set[Hashable],
    population: Mapping[Hashable, int],
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """The regional lägesbild's snapshot for ``period``.

    ``rows`` are shared (municipality, category key, week start, count) rows covering at least
    the period, the previous period and the same period a year earlier; ``municipalities`` are
    (id, code, name) of every municipality in the county; ``shared`` those that have shared any
    lägesbild with the county; ``population`` inhabitants per municipality (missing → no rate).
    """
    previous = previous_period(period)
    last_year = year_earlier(period)
    current: dict[Hashable, dict[str, int]] = {}
    totals = {"current": {}, "previous": {}, "last_year": {}}  # category → count
    weekly: dict[datetime.date, int] = {}
    reported: dict[Hashable, set[datetime.date]] = {}
    for municipality, key, week, count in rows:
        if period.contains(week):
            cells = current.setdefault(municipality, {})
            cells[key] = cells.get(key, 0) + count
            totals["current"][key] = totals["current"].get(key, 0) + count
            weekly[week] = weekly.get(week, 0) + count
            reported.setdefault(municipality, set()).add(week)
        elif previous.contains(week):
            totals["previous"][key] = totals["previous"].get(key, 0) + count
        elif last_year.contains(week):
            totals["last_year"][key] = totals["last_year"].get(key, 0) + count
    keys = sorted(
        set(totals["current"]) | set(totals["previous"]) | set(totals["last_year"]),
        key=lambda k: (labels.get(k, k).lower(), k),
    )
    # A period nobody shared for has no figures (None), not zeros.
    has_previous = bool(totals["previous"])
    has_last_year = bool(totals["last_year"])
    categories = []
    for key in keys:
        now = _shown(totals["current"].get(key, 0), threshold)
        before = _shown(totals["previous"].get(key, 0), threshold) if has_previous else None
        a_year_ago = _shown(totals["last_year"].get(key, 0), threshold) if has_last_year else None
        categories.append(
            {
                "key": key,
                "label": labels.get(key, key),
                "count": now,
                "previous": before,
                "last_year": a_year_ago,
                "change_previous": change(now, before),
                "change_last_year": change(now, a_year_ago),
            }
        )
    table = {
        m: {key: current.get(m, {}).get(key, 0) for key in keys}
        for m, _code, _name in municipalities
        if m in current
    }
    suppressed = suppress_table(table, threshold) if table else {}
    by_municipality = []
    for m, code, name in municipalities:
        inhabitants = population.get(m)
        total = sum(current.get(m, {}).values())
        shown_total = _shown(total, threshold) if m in current else None
        rate = (
            round(rate_per_100k(shown_total, inhabitants), 1)
            if shown_total is not None and inhabitants
            else None
        )
        interval = (
            [round(v, 1) for v in poisson_ci(shown_total, inhabitants / 100_000)]
            if rate is not None
            else None
        )
        by_municipality.append(
            {
                "id": m,
                "code": code,
                "name": name,
                "shared": m in shared,
                "has_figures": m in current,
                "weeks": len(reported.get(m, ())),
                "population": inhabitants,
                "total": shown_total,
                "rate": rate,
                #: the exact 95 % interval of the rate: small municipalities are not ranked on noise
                "rate_interval": interval,
                "cells": [suppressed.get(m, {}).get(key) for key in keys] if m in current else [],
            }
        )
    county_total = sum(totals["current"].values())
    county_population = sum(population.get(m, 0) for m in current if population.get(m))
    all_have_population = all(population.get(m) for m in current)
    return {
        "schema": 1,
        "period": period.as_dict(),
        "previous": previous.as_dict(),
        "last_year": last_year.as_dict(),
        "threshold": threshold,
        "has_previous": has_previous,
        "has_last_year": has_last_year,
        "categories": categories,
        "category_keys": keys,
        "municipalities": by_municipality,
        "shared": [m["name"] for m in by_municipality if m["shared"]],
        "not_shared": [m["name"] for m in by_municipality if not m["shared"]],
        "total": _shown(county_total, threshold),
        "rate": round(rate_per_100k(county_total, county_population), 1)
        if current and all_have_population and county_population and county_total >= threshold
        else None,
        "weekly": [
            {"week": week.isoformat(), "count": _shown(count, threshold)}
            for week, count in sorted(weekly.items())
        ],
    }
