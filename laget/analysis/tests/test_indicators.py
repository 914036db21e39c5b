"""Indicator arithmetic on known numbers: progress, status and before/after comparisons."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest

from laget.analysis.indicators import (
    DECREASE,
    INCREASE,
    NO_CLEAR_CHANGE,
    OFF_TRACK,
    ON_TRACK,
    REACHED,
    TOO_LITTLE_DATA,
    UNKNOWN,
    before_after,
    before_after_compared,
    progress,
    status,
)


@pytest.mark.parametrize(
    ("baseline", "target", "current", "share"),
    [
        (100, 90, 100, 0.0),  # the bike-theft goal: 100 in 2016, at most 90 in 2017
        (100, 90, 95, 0.5),
        (100, 90, 90, 1.0),
        (100, 90, 85, 1.5),  # passed
        (100, 90, 110, -1.0),  # the wrong way
        (38, 30, 34, 0.5),  # a falling share of people who feel unsafe
        (40, 50, 44, 0.4),  # a rising share of people who feel safe
        (0, 4, 3, 0.75),  # from nothing to four safety walks
    ],
)
def test_progress_is_the_share_of_the_way_in_either_direction(
    baseline: float, target: float, current: float, share: float
) -> None:
    assert progress(baseline, target, current) == pytest.approx(share)


@pytest.mark.parametrize(
    ("baseline", "target", "current"),
    [
        (None, 90, 95),
        (100, None, 95),
        (100, 90, None),
        (100, 100, 95),  # nowhere to go: division by zero
        (math.nan, 90, 95),
        (100, math.inf, 95),
    ],
)
def test_progress_is_none_without_a_way_to_measure(
    baseline: float | None, target: float | None, current: float | None
) -> None:
    assert progress(baseline, target, current) is None


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (90, REACHED),
        (80, REACHED),
        (95, ON_TRACK),
        (94, ON_TRACK),
        (96, OFF_TRACK),
        (120, OFF_TRACK),
    ],
)
def test_status_of_a_falling_target(current: float, expected: str) -> None:
    assert status(100, 90, current) == expected


def test_status_of_a_rising_target() -> None:
    assert status(40, 50, 50) == REACHED
    assert status(40, 50, 46) == ON_TRACK
    assert status(40, 50, 42) == OFF_TRACK


def test_the_on_track_share_moves_the_bar() -> None:
    assert status(100, 90, 97, on_track_share=0.3) == ON_TRACK
    assert status(100, 90, 97, on_track_share=0.5) == OFF_TRACK
    assert status(100, 90, 100, on_track_share=0) == ON_TRACK


def test_early_in_the_period_a_small_step_is_on_track() -> None:
    # a quarter of the way with a quarter of the time gone, against a bar of half the line
    assert status(100, 90, 98, elapsed_share=0.25) == ON_TRACK
    assert status(100, 90, 98, elapsed_share=1.0) == OFF_TRACK
    assert status(100, 90, 100, elapsed_share=0.0) == ON_TRACK


def test_status_is_unknown_without_numbers_or_direction() -> None:
    assert status(None, 90, 95) == UNKNOWN
    assert status(100, 90, None) == UNKNOWN
    assert status(100, 100, 95) == UNKNOWN
    assert status(100, 100, 100) == REACHED


@pytest.mark.parametrize("kwargs", [{"on_track_share": 1.5}, {"elapsed_share": -0.1}])
def test_status_rejects_shares_outside_zero_to_one(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        status(100, 90, 95, **kwargs)  # type: ignore[arg-type]


def exact_ratio_interval(a: int, b: int, m: int, n: int) -> tuple[float, float]:
    """The reference: scipy's exact binomial interval for a/(a+b), turned into a rate ratio."""
    ci = binomtest(a, a + b).proportion_ci(0.95, method="exact")
    to_ratio = lambda p: math.inf if p == 1 else p / (1 - p) * n / m  # noqa: E731
    return to_ratio(ci.low), to_ratio(ci.high)


def test_halving_forty_to_twenty_is_a_clear_decrease() -> None:
    result = before_after([10, 12, 8, 10], [5, 4, 6, 5])

    assert result.mean_before == 10
    assert result.mean_after == 5
    assert result.change == -5
    assert result.relative_change == -0.5
    assert result.rate_ratio == 0.5
    low, high = exact_ratio_interval(20, 40, 4, 4)
    assert result.ci_low == pytest.approx(low, rel=1e-9)
    assert result.ci_high == pytest.approx(high, rel=1e-9)
    assert (round(result.ci_low, 3), round(result.ci_high, 3)) == (0.277, 0.876)
    assert result.verdict == DECREASE


def test_unequal_numbers_of_periods_compare_rates_not_totals() -> None:
    # 60 in six months before, 12 in three months after: 10 a month against 4 a month
    result = before_after([10] * 6, [4, 4, 4])

    assert result.rate_ratio == pytest.approx(0.4)
    low, high = exact_ratio_interval(12, 60, 3, 6)
    assert (result.ci_low, result.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert result.verdict == DECREASE


def test_a_rise_is_an_increase() -> None:
    result = before_after([2, 3, 1, 2], [6, 7, 5, 6])

    assert result.rate_ratio == 3
    assert result.ci_low is not None and result.ci_low > 1
    assert result.verdict == INCREASE


def test_small_counts_give_no_clear_change() -> None:
    result = before_after([3, 2], [1, 2])

    assert result.rate_ratio == pytest.approx(0.6)
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low < 1 < result.ci_high
    assert result.verdict == NO_CLEAR_CHANGE


def test_nothing_after_has_a_zero_lower_bound_and_a_known_upper_bound() -> None:
    result = before_after([5, 5], [0, 0])

    # for zero events after, the exact upper bound on p is 1 − (α/2)^(1/b)
    p_high = 1 - 0.025 ** (1 / 10)
    assert result.ci_low == 0
    assert result.ci_high == pytest.approx(p_high / (1 - p_high))
    assert result.ci_high == pytest.approx(0.4461, abs=1e-4)
    assert result.verdict == DECREASE


def test_nothing_before_has_no_relative_change_and_an_open_upper_bound() -> None:
    result = before_after([0, 0], [3, 4])

    assert result.relative_change is None
    assert result.rate_ratio == math.inf
    assert result.ci_high == math.inf
    assert result.verdict == INCREASE


@pytest.mark.parametrize(("before", "after"), [([], [1, 2]), ([1, 2], []), ([0, 0], [0, 0])])
def test_too_little_data_says_so(before: list[float], after: list[float]) -> None:
    result = before_after(before, after)

    assert result.verdict == TOO_LITTLE_DATA
    assert result.rate_ratio is None
    assert result.ci_low is None and result.ci_high is None


@pytest.mark.parametrize("bad", [[-1, 2], [math.nan, 2], [math.inf, 1]])
def test_counts_must_be_finite_and_not_negative(bad: list[float]) -> None:
    with pytest.raises(ValueError):
        before_after(bad, [1, 2])


def test_a_wider_level_gives_a_wider_interval() -> None:
    narrow = before_after([10, 12, 8, 10], [5, 4, 6, 5], level=0.8)
    wide = before_after([10, 12, 8, 10], [5, 4, 6, 5], level=0.99)

    assert wide.ci_low is not None and narrow.ci_low is not None
    assert wide.ci_high is not None and narrow.ci_high is not None
    assert wide.ci_low < narrow.ci_low and narrow.ci_high < wide.ci_high
    with pytest.raises(ValueError):
        before_after([1], [1], level=1.0)


# --- a comparison area (difference-in-differences of rate ratios) ------------------------------


def test_compared_ratio_on_known_numbers() -> None:
    # Target 24 → 15, comparison 20 → 20: ratio (15/24)/(20/20) = 0.625,
    # se = sqrt(1/24 + 1/15 + 1/20 + 1/20) = 0.456435, interval exp(ln 0.625 ± 1.959964·se).
    result = before_after_compared([24], [15], [20], [20])

    assert result.ratio == pytest.approx(0.625)
    assert result.ci_low == pytest.approx(0.25548, rel=1e-4)
    assert result.ci_high == pytest.approx(1.52897, rel=1e-4)
    assert result.verdict == NO_CLEAR_CHANGE
    assert result.target.rate_ratio == pytest.approx(0.625)
    assert result.comparison.rate_ratio == pytest.approx(1.0)


def test_compared_uses_means_per_period() -> None:
    # Two periods each side: means 50 → 20 (ratio 0.4) against 30 → 30 (ratio 1).
    result = before_after_compared([60, 40], [25, 15], [30, 30], [35, 25])

    assert result.ratio == pytest.approx(0.4)
    se = math.sqrt(1 / 100 + 1 / 40 + 1 / 60 + 1 / 60)
    assert result.ci_high == pytest.approx(math.exp(math.log(0.4) + 1.959964 * se), rel=1e-5)
    assert result.verdict == DECREASE


def test_compared_increase_when_the_target_rises_more() -> None:
    result = before_after_compared([20], [80], [50], [50])

    assert result.ratio == pytest.approx(4.0)
    assert result.verdict == INCREASE


def test_a_fall_everywhere_is_no_relative_change() -> None:
    # Both areas halve: the target's own before/after falls clearly, the comparison says no.
    result = before_after_compared([200], [100], [200], [100])

    assert result.target.verdict == DECREASE
    assert result.ratio == pytest.approx(1.0)
    assert result.verdict == NO_CLEAR_CHANGE


@pytest.mark.parametrize(
    ("before", "after", "cb", "ca"),
    [([0], [5], [3], [4]), ([5], [0], [3], [4]), ([5], [4], [0], [4]), ([5], [4], [], [4])],
)
def test_compared_with_a_zero_sum_is_too_little_data(
    before: list[float], after: list[float], cb: list[float], ca: list[float]
) -> None:
    result = before_after_compared(before, after, cb, ca)

    assert result.verdict == TOO_LITTLE_DATA
    assert result.ratio is None and result.ci_low is None
