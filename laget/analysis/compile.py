"""The numbers of a lägesbild: periods, the category × area table and the CompStat windows.

A *lägesbild period* is a week (Monday–Sunday), two weeks or a calendar month, chosen per
lägesbildsgrupp. The table counts the period's reports per category and area and compares each
count with the previous period and with the same period a year earlier. The CompStat windows
(named after the New York police's weekly statistics meetings) look back from the period's last
day: the last 7 and 28 days, the year to date and the last 365 days, each against the same
window a year earlier.

Everything here works on plain rows and dates. A row may stand for one report or for an
aggregate (``count`` then holds the sum), so the database can group before Python sees the data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

WEEK = "week"
TWO_WEEKS = "two_weeks"
MONTH = "month"
PERIOD_KINDS = (WEEK, TWO_WEEKS, MONTH)

#: Two-week periods are counted from this Monday, so every group's fortnights line up.
TWO_WEEK_EPOCH = datetime.date(2001, 1, 1)

#: Traffic lights from calm to serious; "" means that no report gave an assessment.
SEVERITY = ("", "green", "yellow", "red")


def _month_end(day: datetime.date) -> datetime.date:
    first_next = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first_next - datetime.timedelta(days=1)


def year_earlier(day: datetime.date) -> datetime.date:
    """The same calendar date a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True, order=True)
class Period:
    """A lägesbild period: ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date
    kind: str = WEEK

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        return period_containing(self.start - datetime.timedelta(days=1), self.kind)

    def next(self) -> Period:
        return period_containing(self.end + datetime.timedelta(days=1), self.kind)

    def back(self, n: int) -> list[Period]:
        """The ``n`` periods before this one, the most recent first."""
        periods: list[Period] = []
        current = self
        for _ in range(n):
            current = current.previous()
            periods.append(current)
        return periods

    def same_last_year(self) -> Period:
        """The comparable period a year earlier.

        Weeks compare with the same ISO week number (week 53 with week 52), two weeks with the
        fortnight that starts on the same ISO week, months with the same month.
        """
        if self.kind == MONTH:
            start = self.start.replace(year=self.start.year - 1)
            return Period(start, _month_end(start), MONTH)
        iso_year, iso_week, _ = self.start.isocalendar()
        weeks_then = datetime.date(iso_year - 1, 12, 28).isocalendar()[1]
        start = datetime.date.fromisocalendar(iso_year - 1, min(iso_week, weeks_then), 1)
        return Period(start, start + datetime.timedelta(days=self.days - 1), self.kind)

    def weeks(self) -> list[datetime.date]:
        """The Mondays of the ISO weeks that start in this period (the checklist's weeks)."""
        first = self.start + datetime.timedelta(days=(7 - self.start.weekday()) % 7)
        return [
            first + datetime.timedelta(weeks=i) for i in range((self.end - first).days // 7 + 1)
        ]


def period_containing(day: datetime.date, kind: str = WEEK) -> Period:
    """The period of the given kind that ``day`` falls in."""
    if kind == WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return Period(start, start + datetime.timedelta(days=6), WEEK)
    if kind == TWO_WEEKS:
        start = day - datetime.timedelta(days=(day - TWO_WEEK_EPOCH).days % 14)
        return Period(start, start + datetime.timedelta(days=13), TWO_WEEKS)
    if kind == MONTH:
        start = day.replace(day=1)
        return Period(start, _month_end(start), MONTH)
    raise ValueError(f"unknown period kind {kind!r}")


def last_complete_period(today: datetime.date, kind: str = WEEK) -> Period:
    """The latest period that has ended before ``today``: the default lägesbild."""
    return period_containing(today, kind).previous()


# --- rows ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    """One report, or an aggregate of reports that share every field but the count.

    ``occurred_on`` is the local date of the event when the caller knows it (the database can
    group by it); otherwise the date of ``occurred_at`` (which should then be local time) and
    finally the Monday of the report's week, for reports dated only to the week.
    """

    category: Hashable
    area: Hashable | None
    period_start: datetime.date
    count: int = 1
    assessment: str = ""
    occurred_at: datetime.datetime | None = None
    occurred_on: datetime.date | None = None
    lon: float | None = None
    lat: float | None = None

    @property
    def day(self) -> datetime.date:
        if self.occurred_on is not None:
            return self.occurred_on
        if self.occurred_at is not None:
            return self.occurred_at.date()
        return self.period_start


def most_severe(assessments: Iterable[str]) -> str:
    """The most serious traffic light among ``assessments`` ("" when none was given)."""
    worst = 0
    for value in assessments:
        worst = max(worst, SEVERITY.index(value) if value in SEVERITY else 0)
    return SEVERITY[worst]


def bucket_sums(
    rows: Iterable[ReportRow], buckets: dict[str, tuple[datetime.date, datetime.date]]
) -> dict[str, dict[tuple[Hashable, Hashable | None], int]]:
    """Sum the rows' counts per bucket (a named day range) and per (category, area).

    Each distinct day is matched against the buckets once, so the cost grows with the number of
    rows plus days × buckets, not rows × buckets.
    """
    sums: dict[str, dict[tuple[Hashable, Hashable | None], int]] = {b: {} for b in buckets}
    ranges = list(buckets.items())
    memberships: dict[datetime.date, list[dict[tuple[Hashable, Hashable | None], int]]] = {}
    for row in rows:
        day = row.day
        targets = memberships.get(day)
        if targets is None:
            targets = [sums[name] for name, (lo, hi) in ranges if lo <= day <= hi]
            memberships[day] = targets
        key = (row.category, row.area)
        for target in targets:
            target[key] = target.get(key, 0) + row.count
    return sums


# --- changes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A count against an earlier count. ``percent`` is None when the earlier count is zero."""

    current: int
    earlier: int

    @property
    def absolute(self) -> int:
        return self.current - self.earlier

    @property
    def percent(self) -> float | None:
        if self.earlier == 0:
            return None
        return 100.0 * (self.current - self.earlier) / self.earlier

    @property
    def is_new(self) -> bool:
        """Something where there was nothing: shown as "ny" rather than a percentage."""
        return self.earlier == 0 and self.current > 0

    def as_dict(self) -> dict[str, int | float | bool | None]:
        percent = self.percent
        return {
            "current": self.current,
            "earlier": self.earlier,
            "absolute": self.absolute,
            "percent": None if percent is None else round(percent, 1),
            "new": self.is_new,
        }


# --- the category × area table ---------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One category in one area: this period, the previous one and the same period last year."""

    count: int = 0
    previous: int = 0
    last_year: int = 0
    assessment: str = ""

    @property
    def vs_previous(self) -> Change:
        return Change(self.count, self.previous)

    @property
    def vs_last_year(self) -> Change:
        return Change(self.count, self.last_year)

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "previous": self.previous,
            "last_year": self.last_year,
            "assessment": self.assessment,
            "vs_previous": self.vs_previous.as_dict(),
            "vs_last_year": self.vs_last_year.as_dict(),
        }


@dataclass(frozen=True)
class Window:
    """A CompStat window ending at the period's last day, and the same window a year earlier."""

    key: str  # "7d", "28d", "ytd", "365d"
    start: datetime.date
    end: datetime.date
    earlier_start: datetime.date
    earlier_end: datetime.date


def compstat_windows(end: datetime.date) -> list[Window]:
    """The four windows ending at ``end``: 7 days, 28 days, year to date and 365 days."""
    starts = {
        "7d": end - datetime.timedelta(days=6),
        "28d": end - datetime.timedelta(days=27),
        "ytd": end.replace(month=1, day=1),
        "365d": end - datetime.timedelta(days=364),
    }
    earlier_end = year_earlier(end)
    windows = []
    for key, start in starts.items():
        earlier_start = (
            earlier_end.replace(month=1, day=1)
            if key == "ytd"
            else earlier_end - (end - start)  # the same number of days
        )
        windows.append(Window(key, start, end, earlier_start, earlier_end))
    return windows


@dataclass
class Compilation:
    """The compiled table and windows of one period (see :func:`compile_period`)."""

    period: Period
    previous: Period
    last_year: Period
    categories: list[Hashable]
    areas: list[Hashable | None]
    cells: dict[tuple[Hashable, Hashable | None], Cell]
    category_totals: dict[Hashable, Cell]
    area_totals: dict[Hashable | None, Cell]
    total: Cell
    windows: list[Window]
    #: category (None for all categories) → window key → change against a year earlier
    compstat: dict[Hashable | None, dict[str, Change]]
    report_count: int = 0
    series: dict[tuple[Hashable, Hashable | None], list[int]] = field(default_factory=dict)
    baseline_periods: list[Period] = field(default_factory=list)

    def cell(self, category: Hashable, area: Hashable | None) -> Cell:
        return self.cells.get((category, area), Cell())


def data_range(period: Period, baseline_periods: int = 12) -> tuple[datetime.date, datetime.date]:
    """The first and last day whose reports :func:`compile_period` needs for ``period``."""
    starts = [period.previous().start, period.same_last_year().start]
    starts += [w.earlier_start for w in compstat_windows(period.end)]
    starts += [p.start for p in period.back(baseline_periods)]
    return min(starts), period.end


def _sum_cells(cells: Iterable[Cell]) -> Cell:
    count = previous = last_year = 0
    assessments = []
    for c in cells:
        count += c.count
        previous += c.previous
        last_year += c.last_year
        assessments.append(c.assessment)
    return Cell(count, previous, last_year, most_severe(assessments))


Key = tuple[Hashable, Hashable | None]  # (category, area)


def comparison_buckets(
    period: Period, *, baseline_periods: int = 12, history_start: datetime.date | None = None
) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Every day range the compilation sums over, by name (both days included).

    ``current``, ``previous`` and ``last_year``; ``<window>:now`` and ``<window>:then`` for the
    CompStat windows; ``history:0`` … for the baseline periods, oldest first. Baseline periods
    that start before ``history_start`` (when reporting began) are left out: no report then
    means no data, not zero. A database can sum these ranges itself (one filtered SUM each) and
    hand the result to :func:`compile_sums`.
    """
    previous, last_year = period.previous(), period.same_last_year()
    buckets: dict[str, tuple[datetime.date, datetime.date]] = {
        "current": (period.start, period.end),
        "previous": (previous.start, previous.end),
        "last_year": (last_year.start, last_year.end),
    }
    for w in compstat_windows(period.end):
        buckets[f"{w.key}:now"] = (w.start, w.end)
        buckets[f"{w.key}:then"] = (w.earlier_start, w.earlier_end)
    history = [
        p
        for p in reversed(period.back(baseline_periods))
        if history_start is None or p.start >= history_start
    ]
    for i, p in enumerate(history):
        buckets[f"history:{i}"] = (p.start, p.end)
    return buckets


def compile_period(
    rows: Iterable[ReportRow],
    period: Period,
    *,
    categories: Sequence[Hashable] | None = None,
    areas: Sequence[Hashable | None] | None = None,
    baseline_periods: int = 12,
    history_start: datetime.date | None = None,
) -> Compilation:
    """Build the category × area table and the CompStat windows for ``period`` from rows.

    ``categories`` and ``areas`` fix the table's rows and columns (every combination appears,
    with zeros); without them the table holds what the rows contain. ``series`` holds, for every
    category and area, the counts of the ``baseline_periods`` periods before this one (oldest
    first) for the alerts (see :func:`comparison_buckets` for ``history_start``).
    """
    rows = list(rows)
    buckets = comparison_buckets(
        period, baseline_periods=baseline_periods, history_start=history_start
    )
    worst: dict[Key, str] = defaultdict(str)
    for row in rows:
        if period.contains(row.day):
            key = (row.category, row.area)
            worst[key] = most_severe([worst[key], row.assessment])
    return compile_sums(
        bucket_sums(rows, buckets),
        period,
        assessments=worst,
        categories=categories,
        areas=areas,
        baseline_periods=baseline_periods,
        history_start=history_start,
    )


def compile_sums(
    sums: dict[str, dict[Key, int]],
    period: Period,
    *,
    assessments: dict[Key, str] | None = None,
    categories: Sequence[Hashable] | None = None,
    areas: Sequence[Hashable | None] | None = None,
    baseline_periods: int = 12,
    history_start: datetime.date | None = None,
) -> Compilation:
    """The same as :func:`compile_period`, from sums already made per bucket.

    ``sums`` maps each name of :func:`comparison_buckets` (called with the same arguments) to
    the counts per (category, area); ``assessments`` holds the most serious traffic light of the
    period per (category, area).
    """
    previous, last_year = period.previous(), period.same_last_year()
    windows = compstat_windows(period.end)
    history = [
        p
        for p in reversed(period.back(baseline_periods))
        if history_start is None or p.start >= history_start
    ]
    worst = assessments or {}
    keys = set(sums["current"]) | set(sums["previous"]) | set(sums["last_year"])
    category_list = list(categories) if categories is not None else _ordered({k[0] for k in keys})
    area_list = list(areas) if areas is not None else _ordered({k[1] for k in keys})
    cells = {
        (c, a): Cell(
            sums["current"].get((c, a), 0),
            sums["previous"].get((c, a), 0),
            sums["last_year"].get((c, a), 0),
            worst.get((c, a), ""),
        )
        for c in category_list
        for a in area_list
    }
    compstat: dict[Hashable | None, dict[str, Change]] = {}
    for category in [None, *category_list]:
        compstat[category] = {
            w.key: Change(
                _total(sums[f"{w.key}:now"], category), _total(sums[f"{w.key}:then"], category)
            )
            for w in windows
        }
    series = {key: [sums[f"history:{i}"].get(key, 0) for i in range(len(history))] for key in cells}
    return Compilation(
        period=period,
        previous=previous,
        last_year=last_year,
        categories=category_list,
        areas=area_list,
        cells=cells,
        category_totals={c: _sum_cells(cells[(c, a)] for a in area_list) for c in category_list},
        area_totals={a: _sum_cells(cells[(c, a)] for c in category_list) for a in area_list},
        total=_sum_cells(cells.values()),
        windows=windows,
        compstat=compstat,
        report_count=sum(sums["current"].values()),
        series=series,
        baseline_periods=history,
    )


def _total(sums: dict[tuple[Hashable, Hashable | None], int], category: Hashable | None) -> int:
    if category is None:
        return sum(sums.values())
    return sum(v for (c, _a), v in sums.items() if c == category)


def _ordered(values: set[Hashable | None]) -> list[Hashable | None]:
    """Sorted, with None last (reports without an area go in the last column)."""
    present = [v for v in values if v is not None]
    try:
        ordered: list[Hashable | None] = sorted(present)  # type: ignore[type-var]
    except TypeError:  # keys of mixed types: any stable order will do
        ordered = sorted(present, key=repr)
    return ordered + ([None] if None in values else [])
