"""Comparisons of official counts, checked against values computed by hand."""

from __future__ import annotations

import math

import pytest

from laget.analysis import comparison
from laget.analysis.comparison import (
    ABOVE,
    BELOW,
    WITHIN,
    compare,
    funnel,
    funnel_limits,
    pooled_rate,
    rate_estimate,
    trend,
)


def _poisson_cdf(k: int, mean: float) -> float:
    """P(X ≤ k) written out: e^−λ Σ λ^i / i!."""
    return math.exp(-mean) * sum(mean**i / math.factorial(i) for i in range(k + 1))


def test_a_rate_is_per_100000_with_the_exact_interval() -> None:
    estimate = rate_estimate(50, 100_000)
    assert estimate.rate == 50
    # Garwood's interval for 50 events (tables: 37.11–65.92).
    assert estimate.low == pytest.approx(37.11, abs=0.01)
    assert estimate.high == pytest.approx(65.92, abs=0.01)
    small = rate_estimate(3, 10_000)
    assert small.rate == 30
    assert small.low == pytest.approx(0.6187 * 10, rel=1e-3)
    assert small.high == pytest.approx(8.7673 * 10, rel=1e-3)


def test_a_fractional_count_from_a_file_is_rounded() -> None:
    assert rate_estimate(12.0, 1000).count == 12
    assert rate_estimate(11.6, 1000).count == 12


def test_the_pooled_rate_weights_by_population_not_by_municipality() -> None:
    pooled = pooled_rate([(10, 20_000), (30, 80_000), (5, 0)])
    assert pooled is not None
    # 40 crimes among 100 000 people: 40, not the mean of 50 and 37.5 (43.75).
    assert pooled.rate == pytest.approx(40.0)
    assert pooled.population == 100_000
    assert pooled_rate([]) is None


def test_funnel_limits_follow_spiegelhalters_interpolated_poisson_quantiles() -> None:
    # Reference 4 per 100 000 and 100 000 inhabitants: 4 crimes expected.
    f = {k: _poisson_cdf(k, 4) for k in range(12)}
    # 97.5 %: the quantile is 8 (F(7) = 0.9489 < 0.975 ≤ F(8) = 0.9786).
    upper = 8 - (f[8] - 0.975) / (f[8] - f[7])
    # 2.5 %: the quantile is 1 (F(0) = 0.0183 < 0.025 ≤ F(1) = 0.0916).
    lower = 1 - (f[1] - 0.025) / (f[1] - f[0])
    low, high = funnel_limits(4, 100_000, 0.95)
    assert high == pytest.approx(upper, rel=1e-9)
    assert low == pytest.approx(lower, rel=1e-9)
    assert high == pytest.approx(7.878, abs=1e-3)
    assert low == pytest.approx(0.0915, abs=1e-3)


def test_funnel_limits_narrow_as_the_population_grows() -> None:
    small = funnel_limits(500, 5_000)
    large = funnel_limits(500, 500_000)
    assert small[1] - small[0] > 5 * (large[1] - large[0])
    wide = funnel_limits(500, 5_000, 0.998)
    assert wide[0] <= small[0] and wide[1] >= small[1]


def test_funnel_limits_reject_nonsense() -> None:
    with pytest.raises(ValueError):
        funnel_limits(10, 0)
    with pytest.raises(ValueError):
        funnel_limits(-1, 100)


def test_a_small_municipality_with_a_high_rate_is_not_marked_above() -> None:
    # 6 crimes among 2 500 people (240 per 100 000) against a national 150: chance explains it.
    reference = 150.0
    small = compare(rate_estimate(6, 2_500), reference)
    assert small.verdict == WITHIN
    # The same rate among 250 000 people (600 crimes, 375 expected) is clearly above.
    large = compare(rate_estimate(600, 250_000), reference)
    assert large.verdict == ABOVE
    assert large.positions[0.998] == ABOVE
    assert large.ratio == pytest.approx(1.6)
    low = compare(rate_estimate(300, 250_000), reference)
    assert low.verdict == BELOW


def test_the_funnel_keeps_the_order_given_and_marks_outliers() -> None:
    result = funnel(
        [
            ("a", "Stor", 600, 250_000),
            ("b", "Liten", 6, 2_500),
            ("c", "Utan befolkning", 5, 0),
            ("d", "Låg", 300, 250_000),
        ],
        150.0,
        curve_points=10,
    )
    assert [p.key for p in result.points] == ["a", "b", "d"]
    assert [p.key for p in result.marked(ABOVE)] == ["a"]
    assert [p.key for p in result.marked(BELOW)] == ["d"]
    assert len(result.curve) == 10
    populations = [n for n, _limits in result.curve]
    assert populations == sorted(populations)
    assert populations[0] == pytest.approx(2_000)
    assert populations[-1] == pytest.approx(300_000)


def test_a_two_year_trend_is_the_ratio_of_the_rates() -> None:
    result = trend({2020: (100, 100_000), 2021: (150, 100_000)})
    assert result is not None
    assert result.annual_change == pytest.approx(0.5, rel=1e-6)
    se = math.sqrt(1 / 100 + 1 / 150)
    assert result.low == pytest.approx(1.5 * math.exp(-1.959964 * se) - 1, rel=1e-4)
    assert result.high == pytest.approx(1.5 * math.exp(1.959964 * se) - 1, rel=1e-4)
    assert result.verdict == "increase"


def test_a_trend_uses_the_population_as_exposure() -> None:
    # The count doubles but so does the population: the rate is flat.
    result = trend({2019: (100, 50_000), 2020: (150, 75_000), 2021: (200, 100_000)})
    assert result is not None
    assert result.annual_change == pytest.approx(0.0, abs=1e-9)
    assert result.verdict == "no_clear_change"


def test_a_steady_decline_is_found() -> None:
    by_year = {2015 + i: (round(1000 * 0.9**i), 100_000) for i in range(8)}
    result = trend(by_year)
    assert result is not None
    assert result.annual_change == pytest.approx(-0.1, abs=0.002)
    assert result.verdict == "decrease"


def test_no_trend_without_two_years_or_events() -> None:
    assert trend({2020: (5, 1000)}) is None
    assert trend({2020: (0, 1000), 2021: (0, 1000)}) is None
    assert comparison.CAVEAT_KEYS


def test_overdispersion_is_the_mean_squared_z_score() -> None:
    # Reference 100 per 100 000; each region has 100 000 people, so 100 crimes are expected.
    regions = [(100, 100_000), (120, 100_000), (80, 100_000), (100, 100_000)]
    phi, significant = comparison.overdispersion(regions, 100.0, winsor=0)
    # z = 0, 2, −2, 0 → φ = (0 + 4 + 4 + 0) / 4 = 2.
    assert phi == pytest.approx(2.0)
    # 4 · 2 = 8 < χ²₀.₉₅(4) = 9.49: not more than chance allows.
    assert significant is False
    wide = [(100 + d, 100_000) for d in (-40, -30, -20, 20, 30, 40)]
    phi, significant = comparison.overdispersion(wide, 100.0, winsor=0)
    assert phi == pytest.approx((1600 + 900 + 400 + 400 + 900 + 1600) / 100 / 6)
    assert significant is True
    assert comparison.overdispersion([(5, 100)], 10.0) == (1.0, False)


def test_winsorising_keeps_one_outlier_from_widening_every_limit() -> None:
    regions = [(100, 100_000)] * 9 + [(300, 100_000)]
    raw, _ = comparison.overdispersion(regions, 100.0, winsor=0)
    trimmed, _ = comparison.overdispersion(regions, 100.0, winsor=0.1)
    assert raw == pytest.approx(400 / 10)  # z = 20 for the outlier
    assert trimmed == pytest.approx(0.0)  # the outlier is pulled in to the next z-score (0)


def test_overdispersed_limits_widen_by_the_square_root_of_phi() -> None:
    low, high = funnel_limits(100, 100_000, 0.95, phi=4.0)
    spread = 1.959964 * math.sqrt(4 * 100 * 100_000 / 100_000)  # z·√(φ·100)
    assert high == pytest.approx(100 + spread, rel=1e-5)
    assert low == pytest.approx(100 - spread, rel=1e-5)
    exact = funnel_limits(100, 100_000, 0.95)
    assert low < exact[0] and high > exact[1]


def test_the_funnel_applies_overdispersion_only_when_asked_and_significant() -> None:
    regions = [(str(i), str(i), 100 + d, 100_000) for i, d in enumerate((-40, -30, 30, 40))]
    plain = funnel(regions, 100.0, curve_points=5)
    assert plain.phi_significant is True and plain.phi_applied is False
    assert [p.comparison.verdict for p in plain.points] == [BELOW, BELOW, ABOVE, ABOVE]
    adjusted = funnel(regions, 100.0, curve_points=5, adjust_overdispersion=True)
    assert adjusted.phi_applied is True
    assert [p.comparison.verdict for p in adjusted.points] == [WITHIN] * 4
