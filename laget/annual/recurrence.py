"""Expanding a milestone's recurrence into dates (pure Python, no Django)."""

from __future__ import annotations

import calendar
import datetime

#: Months between occurrences for each recurrence; ``none`` happens once.
STEP_MONTHS = {"yearly": 12, "quarterly": 3, "monthly": 1}


def add_months(day: datetime.date, months: int, *, anchor_day: int | None = None) -> datetime.date:
    """``day`` moved ``months`` ahead, on ``anchor_day`` clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(anchor_day or day.day, last))


def occurrences(
    *,
    start: datetime.date,
    recurrence: str,
    end: datetime.date | None,
    window_start: datetime.date,
    window_end: datetime.date,
) -> list[datetime.date]:
    """The dates from ``start`` (every step of ``recurrence``, until ``end``) that fall in the
    window ``window_start``–``window_end`` (both included)."""
    last = min(window_end, end) if end is not None else window_end
    if recurrence not in STEP_MONTHS:
        return [start] if window_start <= start <= last else []
    step = STEP_MONTHS[recurrence]
    # Jump to the first step at or just before the window instead of walking from ``start``.
    skipped = 0
    if window_start > start:
        months = (window_start.year - start.year) * 12 + window_start.month - start.month
        skipped = max(0, months // step - 1)
    dates: list[datetime.date] = []
    n = skipped
    while True:
        day = add_months(start, n * step, anchor_day=start.day)
        if day > last:
            break
        if day >= window_start:
            dates.append(day)
        n += 1
    return dates
