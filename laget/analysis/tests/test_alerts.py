"""Alerts against a count's own baseline, on known numbers."""

from __future__ import annotations

import math

import pytest
from scipy.stats import poisson

from laget.analysis.alerts import (
    EWMA,
    POISSON,
    Alert,
    ewma_alert,
    find_alerts,
    format_number,
    format_reason,
    poisson_alert,
    poisson_upper_tail,
)

BASELINE = [4, 3, 5, 4, 4, 3, 5, 4]  # mean 4, so "normally 4±2"


@pytest.mark.parametrize(
    ("observed", "rate"),
    [(0, 3.0), (1, 0.2), (3, 4.0), (4, 4.0), (6, 4.0), (14, 4.0), (40, 4.0), (120, 30.5), (9, 9.0)],
)
def test_the_poisson_tail_agrees_with_scipy(observed, rate):
    expected = float(poisson.sf(observed - 1, rate))
    assert poisson_upper_tail(observed, rate) == pytest.approx(expected, rel=1e-9, abs=1e-300)


def test_the_poisson_tail_at_the_edges():
    assert poisson_upper_tail(0, 0.0) == 1.0
    assert poisson_upper_tail(2, 0.0) == 0.0
    with pytest.raises(ValueError):
        poisson_upper_tail(-1, 2.0)


def test_fourteen_against_normally_four_is_an_alert():
    alert = poisson_alert(("klotter", "Centrum"), 14, BASELINE)
    assert alert is not None
    assert alert.mean == 4.0 and alert.sd == 2.0
    # P(X ≥ 14 | λ = 4) = 1 − Σ_{k<14} e⁻⁴ 4ᵏ/k!
    expected = 1 - sum(math.exp(-4) * 4**k / math.factorial(k) for k in range(14))
    assert alert.p_value == pytest.approx(expected, rel=1e-9)
    assert alert.p_value == pytest.approx(7.63e-5, rel=1e-3)
    assert alert.method == POISSON


def test_six_against_normally_four_is_no_alert():
    assert poisson_alert("k", 6, BASELINE) is None  # P(X ≥ 6 | 4) ≈ 0.21


def test_the_threshold_is_p_below_one_percent():
    # P(X ≥ 10 | 4) ≈ 0.0081 alerts, P(X ≥ 9 | 4) ≈ 0.0214 does not
    assert poisson_alert("k", 10, BASELINE) is not None
    assert poisson_alert("k", 9, BASELINE) is None


def test_a_couple_of_reports_never_alert():
    assert poisson_alert("k", 2, [0] * 12) is None
    assert poisson_alert("k", 3, [0] * 12) is not None  # three where there was nothing


def test_without_eight_periods_there_is_no_normal_level():
    assert poisson_alert("k", 14, BASELINE[:7]) is None
    assert poisson_alert("k", 14, BASELINE[:7], min_periods=7) is not None


def test_the_ewma_chart_sees_a_sustained_rise_the_poisson_test_misses():
    baseline = [0] * 8 + [4, 4, 4, 4]  # mean 4/3
    assert poisson_alert("k", 4, baseline) is None  # P(X ≥ 4 | 4/3) ≈ 0.046
    alert = ewma_alert("k", 4, baseline)
    assert alert is not None and alert.method == EWMA
    # z₀ = 4/3, eight zeros then five fours with weight 0.3
    z = 4 / 3
    for value in [*baseline, 4]:
        z = 0.3 * value + 0.7 * z
    assert alert.ewma == pytest.approx(z)
    assert alert.limit == pytest.approx(4 / 3 + 3 * math.sqrt(4 / 3) * math.sqrt(0.3 / 1.7))
    assert ewma_alert("k", 4, [1] * 12) is None


def test_find_alerts_lists_the_strongest_first():
    observed = {("klotter", "Centrum"): 14, ("klotter", "Västanfors"): 6, ("brand", "Centrum"): 10}
    baselines = {key: BASELINE for key in observed}
    alerts = find_alerts(observed, baselines)
    assert [a.key for a in alerts] == [("klotter", "Centrum"), ("brand", "Centrum")]


def test_find_alerts_can_add_the_ewma_chart():
    baseline = [0] * 8 + [4, 4, 4, 4]
    assert find_alerts({"k": 4}, {"k": baseline}) == []
    assert [a.method for a in find_alerts({"k": 4}, {"k": baseline}, use_ewma=True)] == [EWMA]


def test_the_reason_reads_as_the_issue_words_it():
    alert = poisson_alert(("klotter", "Centrum"), 14, BASELINE)
    assert isinstance(alert, Alert)
    reason = format_reason(
        category="klotter", area="Centrum", observed=14, mean=alert.mean, sd=alert.sd
    )
    assert reason == "klotter i Centrum: 14 rapporter mot normalt 4±2"


def test_the_reason_takes_translated_words_and_the_decimal_separator():
    reason = format_reason(
        category="Graffiti",
        area="Centrum",
        observed=9,
        mean=4.125,
        sd=math.sqrt(4.125),
        template="%(category)s in %(area)s: %(observed)s reports against normally %(mean)s±%(sd)s",
        decimal_separator=".",
    )
    assert reason == "Graffiti in Centrum: 9 reports against normally 4.1±2"


@pytest.mark.parametrize(
    ("value", "text"), [(4.0, "4"), (2.45, "2,5"), (0.04, "0"), (12.0, "12"), (1.96, "2")]
)
def test_numbers_are_rounded_for_people(value, text):
    assert format_number(value) == text


def test_large_normal_levels_are_whole_numbers():
    assert "mot normalt 23±5" in format_reason(
        category="a", area="b", observed=60, mean=23.4, sd=math.sqrt(23.4)
    )
