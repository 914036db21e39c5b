"""Weekday × hour and the seasonal profile (årshjul), on known data."""

from __future__ import annotations

import datetime

import pytest

from laget.analysis.patterns import (
    ISO_WEEK,
    heat_levels,
    seasonal_profile,
    weekday_hour_from_counts,
    weekday_hour_matrix,
)

D = datetime.date


def test_the_matrix_has_weekdays_as_rows_and_hours_as_columns():
    times = [
        datetime.datetime(2026, 3, 30, 8, 30),  # Monday 08:30
        datetime.datetime(2026, 4, 5, 23, 59),  # Sunday 23:59
        datetime.datetime(2026, 4, 3, 22, 0),  # Friday 22:00
        datetime.datetime(2026, 4, 10, 22, 45),  # Friday 22:45
    ]
    matrix = weekday_hour_matrix(times)
    assert len(matrix) == 7 and all(len(row) == 24 for row in matrix)
    assert matrix[0][8] == 1 and matrix[6][23] == 1 and matrix[4][22] == 2
    assert sum(map(sum, matrix)) == 4


def test_the_matrix_can_weigh_each_time():
    matrix = weekday_hour_matrix([datetime.datetime(2026, 4, 3, 22, 0)], weights=[5])
    assert matrix[4][22] == 5


def test_the_matrix_from_grouped_counts_uses_iso_weekdays():
    matrix = weekday_hour_from_counts([(1, 0, 3), (7, 23, 2), (5, 22, 4)])
    assert matrix[0][0] == 3 and matrix[6][23] == 2 and matrix[4][22] == 4


def test_heat_levels_scale_to_the_maximum():
    assert heat_levels([[0, 1, 5, 10], [None, 2, 3, 9]]) == [[0, 1, 3, 5], [0, 1, 2, 5]]
    assert heat_levels([[0, 0]]) == [[0, 0]]


def test_the_seasonal_profile_counts_per_year_and_month():
    rows = [(D(2024, 6, 3), 10), (D(2024, 6, 20), 5), (D(2025, 6, 1), 9), (D(2025, 1, 2), 1)]
    profile = seasonal_profile(rows, coverage=(D(2024, 1, 1), D(2025, 12, 31)))
    assert profile.years == [2024, 2025]
    assert profile.rows[0][5] == 15 and profile.rows[1][5] == 9
    assert profile.rows[1][0] == 1 and profile.rows[0][0] == 0  # zero, not missing
    assert profile.mean[5] == 12.0
    assert profile.peaks == [6]  # June, every year: a candidate for the årshjul


def test_months_outside_the_data_are_no_data_not_zero():
    rows = [(D(2025, 3, 15), 4), (D(2026, 3, 10), 6)]
    profile = seasonal_profile(rows, coverage=(D(2025, 2, 10), D(2026, 3, 31)))
    assert profile.rows[0][0] is None and profile.rows[0][1] is None  # before reporting began
    assert profile.rows[0][2] == 4 and profile.rows[1][3] is None  # after the last day
    assert profile.mean[2] == 5.0 and profile.mean[1] == 0.0  # February 2026 only
    assert profile.mean[11] == 0.0


def test_one_year_is_too_little_for_a_seasonal_peak():
    rows = [(D(2025, 6, 3), 10)]
    profile = seasonal_profile(rows, coverage=(D(2025, 1, 1), D(2025, 12, 31)))
    assert profile.peaks == []


def test_the_profile_can_use_iso_weeks():
    rows = [(D(2026, 1, 1), 2), (D(2025, 12, 29), 1)]  # both in ISO week 2026-W01
    profile = seasonal_profile(rows, by=ISO_WEEK, coverage=(D(2025, 12, 29), D(2026, 1, 4)))
    assert profile.years == [2026]
    assert profile.rows[0][0] == 3 and len(profile.rows[0]) == 53


def test_an_unknown_bucket_is_refused():
    with pytest.raises(ValueError):
        seasonal_profile([], by="fortnight")
    assert seasonal_profile([]).rows == []
