"""The pure regional analysis (laget.analysis.regional), checked against hand-computed values."""

from __future__ import annotations

import datetime

import pytest

from laget.analysis import regional as analysis

D = datetime.date


def test_periods_are_months_quarters_and_years():
    q = analysis.period_containing(D(2026, 5, 17), analysis.QUARTER)
    assert (q.start, q.end) == (D(2026, 4, 1), D(2026, 6, 30))
    assert analysis.previous_period(q).start == D(2026, 1, 1)
    assert analysis.year_earlier(q) == analysis.Period("quarter", D(2025, 4, 1), D(2025, 6, 30))
    m = analysis.period_containing(D(2024, 2, 10), analysis.MONTH)
    assert m.end == D(2024, 2, 29)  # a leap year
    assert analysis.previous_period(analysis.period_containing(D(2026, 1, 5), "month")).start == (
        D(2025, 12, 1)
    )
    assert analysis.last_complete_period(D(2026, 11, 23), "year").start == D(2025, 1, 1)
    with pytest.raises(ValueError):
        analysis.period_containing(D(2026, 1, 1), "week")


def test_a_two_way_table_hides_what_a_row_or_column_total_would_give_away():
    table = {
        "A": {"x": 2, "y": 10, "z": 20},
        "B": {"x": 30, "y": 40, "z": 50},
        "C": {"x": 6, "y": 7, "z": 9},
    }
    result = analysis.suppress_table(table, threshold=5)
    # A.x is primary; in row A the next smallest (y=10) goes; then column x needs a second
    # hidden cell (C.x = 6, the smallest shown) and column y too (C.y = 7); row C then has
    # two hidden cells, and every row and column has none or at least two hidden.
    assert result["A"] == {"x": None, "y": None, "z": 20}
    assert result["C"]["x"] is None and result["C"]["y"] is None
    assert result["B"] == {"x": 30, "y": 40, "z": 50}
    for row in result.values():
        assert sum(v is None for v in row.values()) != 1
    for column in ("x", "y", "z"):
        assert sum(result[r][column] is None for r in result) != 1


def test_zero_is_shown_and_a_table_without_small_counts_is_untouched():
    table = {"A": {"x": 0, "y": 12}, "B": {"x": 5, "y": 8}}
    assert analysis.suppress_table(table) == {"A": {"x": 0, "y": 12}, "B": {"x": 5, "y": 8}}


def _rows():
    q3 = [
        (1, "klotter", D(2026, 7, 6), 12),
        (1, "klotter", D(2026, 8, 3), 8),
        (1, "stold", D(2026, 7, 6), 3),
        (2, "klotter", D(2026, 9, 7), 30),
        (2, "stold", D(2026, 9, 7), 15),
    ]
    q2 = [(1, "klotter", D(2026, 4, 6), 16), (2, "stold", D(2026, 5, 4), 10)]
    last_year = [(1, "klotter", D(2025, 7, 7), 40)]
    return q3 + q2 + last_year


def test_the_regional_picture_by_hand():
    period = analysis.period_containing(D(2026, 8, 1), analysis.QUARTER)
    snap = analysis.compile_regional(
        period=period,
        rows=_rows(),
        labels={"klotter": "Klotter", "stold": "Stöld"},
        municipalities=[(1, "1982", "Fagersta"), (2, "1980", "Västerås"), (3, "1962", "Norberg")],
        shared={1, 2},
        population={1: 13_000, 2: 160_000},
    )
    categories = {c["key"]: c for c in snap["categories"]}
    # klotter: 12 + 8 + 30 = 50 now, 16 the quarter before, 40 a year earlier
    assert categories["klotter"]["count"] == 50
    assert categories["klotter"]["change_previous"] == {"difference": 34, "percent": 212.5}
    assert categories["klotter"]["change_last_year"] == {"difference": 10, "percent": 25.0}
    # stöld: 3 + 15 = 18 now, 10 before; nothing last year is a true zero (others shared then)
    assert categories["stold"]["previous"] == 10
    assert categories["stold"]["last_year"] == 0
    by_code = {m["code"]: m for m in snap["municipalities"]}
    fagersta = by_code["1982"]
    # Fagersta: klotter 20, stöld 3 → stöld hidden (primary), klotter hidden (secondary);
    # the total 23 is shown and its rate is 23 / 13 000 × 100 000 = 176.9
    assert fagersta["cells"] == [None, None]
    assert fagersta["total"] == 23
    assert fagersta["rate"] == pytest.approx(176.9)
    assert by_code["1980"]["rate"] == pytest.approx(45 * 100_000 / 160_000, abs=0.05)
    assert by_code["1962"]["has_figures"] is False
    assert snap["not_shared"] == ["Norberg"]
    assert snap["total"] == 68
    assert snap["rate"] == pytest.approx(round(68 * 100_000 / 173_000, 1))
    assert [w["week"] for w in snap["weekly"]] == ["2026-07-06", "2026-08-03", "2026-09-07"]
    assert snap["weekly"][0]["count"] == 15


def test_a_period_nobody_shared_has_no_figures_rather_than_zeros():
    period = analysis.period_containing(D(2026, 8, 1), analysis.QUARTER)
    snap = analysis.compile_regional(
        period=period,
        rows=[(1, "klotter", D(2026, 7, 6), 12)],
        labels={},
        municipalities=[(1, "1982", "Fagersta")],
        shared={1},
        population={},
    )
    (klotter,) = snap["categories"]
    assert klotter["previous"] is None and klotter["last_year"] is None
    assert klotter["change_previous"] == {"difference": None, "percent": None}
    assert snap["has_previous"] is False
    # without a population there is no rate, for the municipality or the county
    assert snap["municipalities"][0]["rate"] is None and snap["rate"] is None


def test_a_small_total_is_hidden_with_its_rate():
    period = analysis.period_containing(D(2026, 8, 1), analysis.MONTH)
    snap = analysis.compile_regional(
        period=period,
        rows=[(1, "klotter", D(2026, 8, 3), 3)],
        labels={},
        municipalities=[(1, "1982", "Fagersta")],
        shared={1},
        population={1: 13_000},
    )
    assert snap["municipalities"][0]["total"] is None
    assert snap["municipalities"][0]["rate"] is None
    assert snap["total"] is None


def test_each_rate_carries_its_exact_interval():
    period = analysis.period_containing(D(2026, 8, 1), analysis.MONTH)
    snap = analysis.compile_regional(
        period=period,
        rows=[(1, "klotter", D(2026, 8, 3), 10), (2, "klotter", D(2026, 8, 3), 1000)],
        labels={},
        municipalities=[(1, "1982", "Fagersta"), (2, "1980", "Västerås")],
        shared={1, 2},
        population={1: 10_000, 2: 1_000_000},
    )
    small, large = snap["municipalities"]
    # both rates are 100 per 100 000; the small municipality's interval is far wider.
    # Garwood for 10 events: 4.795–18.390, per 100 000 over an exposure of 0.1 → 48.0–183.9
    assert small["rate"] == large["rate"] == 100.0
    assert small["rate_interval"] == [48.0, 183.9]
    assert large["rate_interval"][0] > 90 and large["rate_interval"][1] < 110
