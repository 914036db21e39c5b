"""Periods, the category × area table and the CompStat windows, on known numbers."""

from __future__ import annotations

import datetime

import pytest

from laget.analysis.compile import (
    MONTH,
    TWO_WEEKS,
    WEEK,
    Change,
    Period,
    ReportRow,
    bucket_sums,
    compile_period,
    compstat_windows,
    data_range,
    last_complete_period,
    most_severe,
    period_containing,
    year_earlier,
)

D = datetime.date


# --- periods ------------------------------------------------------------------------------------


def test_a_week_runs_monday_to_sunday():
    week = period_containing(D(2026, 4, 2), WEEK)  # a Thursday
    assert (week.start, week.end, week.days) == (D(2026, 3, 30), D(2026, 4, 5), 7)
    assert week.previous() == Period(D(2026, 3, 23), D(2026, 3, 29), WEEK)
    assert week.next().start == D(2026, 4, 6)


def test_two_weeks_line_up_for_every_group():
    first = period_containing(D(2026, 4, 2), TWO_WEEKS)
    assert first.start.weekday() == 0 and first.days == 14
    assert period_containing(first.end, TWO_WEEKS) == first
    assert period_containing(first.end + datetime.timedelta(days=1), TWO_WEEKS) == first.next()
    assert first.previous().end == first.start - datetime.timedelta(days=1)


def test_a_month_is_a_calendar_month():
    february = period_containing(D(2028, 2, 14), MONTH)
    assert (february.start, february.end) == (D(2028, 2, 1), D(2028, 2, 29))
    assert february.previous() == Period(D(2028, 1, 1), D(2028, 1, 31), MONTH)
    assert february.same_last_year() == Period(D(2027, 2, 1), D(2027, 2, 28), MONTH)


def test_the_same_week_last_year_has_the_same_iso_week_number():
    week = period_containing(D(2026, 4, 2), WEEK)  # 2026-W14
    last_year = week.same_last_year()
    assert last_year.start.isocalendar()[:2] == (2025, 14)
    assert last_year.days == 7


def test_week_53_compares_with_week_52():
    week = period_containing(D(2026, 12, 30), WEEK)
    assert week.start.isocalendar()[:2] == (2026, 53)
    assert week.same_last_year().start.isocalendar()[:2] == (2025, 52)


def test_the_default_lagesbild_is_the_last_complete_period():
    assert last_complete_period(D(2026, 4, 2), WEEK).start == D(2026, 3, 23)
    assert last_complete_period(D(2026, 4, 2), MONTH).start == D(2026, 3, 1)


def test_a_period_knows_the_checklist_weeks_that_start_in_it():
    april = period_containing(D(2026, 4, 15), MONTH)
    assert april.weeks() == [D(2026, 4, 6), D(2026, 4, 13), D(2026, 4, 20), D(2026, 4, 27)]
    assert period_containing(D(2026, 4, 15), WEEK).weeks() == [D(2026, 4, 13)]


def test_a_year_earlier_turns_29_february_into_28_february():
    assert year_earlier(D(2028, 2, 29)) == D(2027, 2, 28)
    assert year_earlier(D(2026, 3, 29)) == D(2025, 3, 29)


# --- CompStat windows -----------------------------------------------------------------------------


def test_the_compstat_windows_end_at_the_period_end():
    windows = {w.key: w for w in compstat_windows(D(2026, 3, 29))}
    assert (windows["7d"].start, windows["7d"].end) == (D(2026, 3, 23), D(2026, 3, 29))
    assert windows["28d"].start == D(2026, 3, 2)
    assert windows["ytd"].start == D(2026, 1, 1)
    assert windows["365d"].start == D(2025, 3, 30)
    assert (windows["7d"].earlier_start, windows["7d"].earlier_end) == (
        D(2025, 3, 23),
        D(2025, 3, 29),
    )
    assert windows["ytd"].earlier_start == D(2025, 1, 1)
    assert windows["365d"].earlier_start == D(2024, 3, 30)


# --- changes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "earlier", "absolute", "percent", "new"),
    [
        (6, 4, 2, 50.0, False),
        (3, 4, -1, -25.0, False),
        (4, 4, 0, 0.0, False),
        (2, 0, 2, None, True),  # "ny": no percentage of nothing
        (0, 0, 0, None, False),
        (0, 5, -5, -100.0, False),
    ],
)
def test_a_change_has_an_absolute_and_a_percentage(current, earlier, absolute, percent, new):
    change = Change(current, earlier)
    assert change.absolute == absolute
    assert change.percent == percent
    assert change.is_new is new


def test_the_most_severe_assessment_wins():
    assert most_severe(["green", "red", "yellow"]) == "red"
    assert most_severe(["", "green"]) == "green"
    assert most_severe([]) == ""


# --- the table ------------------------------------------------------------------------------------

WEEK14 = period_containing(D(2026, 4, 1), WEEK)  # 30 March – 5 April 2026


def row(category, area, day, count=1, assessment=""):
    return ReportRow(
        category=category,
        area=area,
        period_start=day - datetime.timedelta(days=day.weekday()),
        count=count,
        assessment=assessment,
        occurred_on=day,
    )


@pytest.fixture
def rows():
    return [
        # this week: klotter 3 + 2 in Centrum, 1 in Västanfors; glaskross 1 without an area
        row("klotter", "Centrum", D(2026, 3, 30), 3, "yellow"),
        row("klotter", "Centrum", D(2026, 4, 5), 2, "red"),
        row("klotter", "Västanfors", D(2026, 4, 1), 1, "green"),
        row("glaskross", None, D(2026, 4, 2), 1),
        # the week before: klotter 4 in Centrum
        row("klotter", "Centrum", D(2026, 3, 25), 4),
        # week 14 of 2025 (31 March – 6 April): klotter 2 in Centrum, glaskross 2 without area
        row("klotter", "Centrum", D(2025, 4, 1), 2),
        row("glaskross", None, D(2025, 4, 6), 2),
        # earlier this year, and a year before that
        row("klotter", "Centrum", D(2026, 1, 10), 10),
        row("klotter", "Västanfors", D(2025, 2, 1), 7),
    ]


def test_it_counts_each_category_in_each_area(rows):
    result = compile_period(rows, WEEK14)
    assert result.categories == ["glaskross", "klotter"]
    assert result.areas == ["Centrum", "Västanfors", None]  # no area goes last
    centrum = result.cell("klotter", "Centrum")
    assert (centrum.count, centrum.previous, centrum.last_year) == (5, 4, 2)
    assert centrum.assessment == "red"
    assert centrum.vs_previous.absolute == 1 and centrum.vs_previous.percent == 25.0
    assert centrum.vs_last_year.absolute == 3 and centrum.vs_last_year.percent == 150.0
    assert result.cell("klotter", "Västanfors").vs_previous.is_new
    assert result.cell("glaskross", None).vs_last_year.percent == -50.0
    assert result.cell("glaskross", "Centrum").count == 0
    assert result.report_count == 7


def test_it_adds_up_rows_columns_and_the_whole_table(rows):
    result = compile_period(rows, WEEK14)
    assert result.category_totals["klotter"].count == 6
    assert result.category_totals["klotter"].assessment == "red"
    assert result.area_totals[None].count == 1
    assert (result.total.count, result.total.previous, result.total.last_year) == (7, 4, 4)


def test_the_table_can_have_fixed_rows_and_columns(rows):
    result = compile_period(rows, WEEK14, categories=["klotter", "brand"], areas=["Centrum"])
    assert set(result.cells) == {("klotter", "Centrum"), ("brand", "Centrum")}
    assert result.cell("brand", "Centrum").count == 0


def test_it_compares_the_compstat_windows_with_a_year_earlier(rows):
    result = compile_period(rows, WEEK14)
    everything = result.compstat[None]
    # 7 days (30 March – 5 April) against 30 March – 5 April 2025 (6 April 2025 falls outside)
    assert (everything["7d"].current, everything["7d"].earlier) == (7, 2)
    # year to date: + klotter 4 (25 March) + 10 (10 January); 2025 to 5 April: 2 + 7
    assert (everything["ytd"].current, everything["ytd"].earlier) == (21, 9)
    assert everything["ytd"].percent == pytest.approx(133.333, abs=1e-3)
    # 365 days from 6 April 2025 take in the glaskross of that day
    assert (everything["365d"].current, everything["365d"].earlier) == (23, 9)
    klotter = result.compstat["klotter"]
    assert (klotter["7d"].current, klotter["7d"].earlier) == (6, 2)
    assert klotter["365d"].earlier == 9  # 7 (1 Feb 2025) + 2 (1 April 2025)


def test_it_keeps_the_series_of_earlier_periods_for_the_alerts():
    rows = [
        row("klotter", "Centrum", D(2026, 3, 30) - datetime.timedelta(weeks=w), w)
        for w in range(1, 9)
    ]
    result = compile_period(rows, WEEK14, baseline_periods=8)
    assert result.series[("klotter", "Centrum")] == [8, 7, 6, 5, 4, 3, 2, 1]  # oldest first
    assert result.baseline_periods[-1] == WEEK14.previous()


def test_periods_before_reporting_began_are_not_zeros():
    rows = [row("klotter", "Centrum", D(2026, 3, 25), 2)]
    result = compile_period(rows, WEEK14, baseline_periods=12, history_start=D(2026, 3, 9))
    assert result.series[("klotter", "Centrum")] == [0, 0, 2]  # weeks of 9, 16 and 23 March


def test_a_report_without_a_date_counts_on_its_week():
    undated = ReportRow("klotter", "Centrum", period_start=D(2026, 3, 30), count=2)
    timed = ReportRow(
        "klotter",
        "Centrum",
        period_start=D(2026, 3, 30),
        occurred_at=datetime.datetime(2026, 4, 3, 22, 15),
    )
    assert undated.day == D(2026, 3, 30) and timed.day == D(2026, 4, 3)
    sums = bucket_sums([undated, timed], {"week": (D(2026, 3, 30), D(2026, 4, 5))})
    assert sums["week"] == {("klotter", "Centrum"): 3}


def test_bucket_sums_put_a_row_in_every_bucket_it_falls_in():
    rows = [
        row("a", 1, D(2026, 1, 5), 2),
        row("a", 1, D(2026, 1, 20), 3),
        row("b", 2, D(2026, 2, 1)),
    ]
    sums = bucket_sums(
        rows,
        {"january": (D(2026, 1, 1), D(2026, 1, 31)), "all": (D(2026, 1, 1), D(2026, 12, 31))},
    )
    assert sums == {"january": {("a", 1): 5}, "all": {("a", 1): 5, ("b", 2): 1}}


def test_the_data_range_reaches_back_to_the_365_days_a_year_earlier():
    first, last = data_range(WEEK14, baseline_periods=12)
    assert last == D(2026, 4, 5)
    assert first == D(2024, 4, 6)  # 365 days before 5 April 2025
    monthly = period_containing(D(2026, 4, 1), MONTH)
    assert data_range(monthly, baseline_periods=36)[0] == D(2023, 4, 1)  # 36 months back wins
