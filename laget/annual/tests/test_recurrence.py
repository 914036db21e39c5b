"""Expanding recurrences into dates (laget.annual.recurrence)."""

import datetime

from laget.annual.recurrence import add_months, occurrences

D = datetime.date


def test_a_yearly_milestone_crosses_the_year_end():
    dates = occurrences(
        start=D(2025, 12, 15),
        recurrence="yearly",
        end=None,
        window_start=D(2026, 11, 1),
        window_end=D(2027, 12, 31),
    )
    assert dates == [D(2026, 12, 15), D(2027, 12, 15)]


def test_a_quarterly_milestone_from_last_year_keeps_its_rhythm():
    dates = occurrences(
        start=D(2025, 11, 10),
        recurrence="quarterly",
        end=None,
        window_start=D(2026, 12, 1),
        window_end=D(2027, 6, 30),
    )
    assert dates == [D(2027, 2, 10), D(2027, 5, 10)]


def test_a_monthly_milestone_on_the_31st_falls_on_each_months_last_day():
    dates = occurrences(
        start=D(2026, 1, 31),
        recurrence="monthly",
        end=None,
        window_start=D(2026, 2, 1),
        window_end=D(2026, 4, 30),
    )
    assert dates == [D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]


def test_a_leap_day_milestone_falls_on_28_february_in_other_years():
    dates = occurrences(
        start=D(2024, 2, 29),
        recurrence="yearly",
        end=None,
        window_start=D(2025, 1, 1),
        window_end=D(2028, 12, 31),
    )
    assert dates == [D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]


def test_the_end_date_stops_the_recurrence():
    dates = occurrences(
        start=D(2026, 1, 1),
        recurrence="monthly",
        end=D(2026, 3, 15),
        window_start=D(2026, 1, 1),
        window_end=D(2026, 12, 31),
    )
    assert dates == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]


def test_a_one_off_milestone_happens_only_inside_the_window():
    kwargs = {"recurrence": "none", "end": None, "window_end": D(2026, 12, 31)}
    assert occurrences(start=D(2026, 5, 5), window_start=D(2026, 1, 1), **kwargs) == [D(2026, 5, 5)]
    assert occurrences(start=D(2025, 5, 5), window_start=D(2026, 1, 1), **kwargs) == []


def test_a_start_far_in_the_past_or_after_the_window():
    monthly = occurrences(
        start=D(1990, 3, 20),
        recurrence="monthly",
        end=None,
        window_start=D(2026, 6, 21),
        window_end=D(2026, 8, 20),
    )
    assert monthly == [D(2026, 7, 20), D(2026, 8, 20)]
    later = occurrences(
        start=D(2027, 1, 1),
        recurrence="yearly",
        end=None,
        window_start=D(2026, 1, 1),
        window_end=D(2026, 12, 31),
    )
    assert later == []


def test_add_months_goes_back_and_over_year_ends():
    assert add_months(D(2026, 12, 31), 2) == D(2027, 2, 28)
    assert add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)
