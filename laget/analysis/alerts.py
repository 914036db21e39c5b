"""Statistical alerts: a count clearly above its own normal level.

For every category in every area the lägesbild compares this period's count with the same
category and area in the previous periods (the *baseline*, normally the last 8–12 periods).
Counts of incidents are modelled as Poisson with the baseline mean as its rate λ. The alert fires
when the count is improbably high for that rate, p = P(X ≥ observed | λ) < ``alpha`` (0.01 by
default), and at least ``min_count`` (3) reports came in, so a single odd report never raises
one. An EWMA control chart (exponentially weighted moving average) can be used as well; it
reacts to a sustained rise that no single period shows.

The reason shown to people ("klotter i Centrum: 14 rapporter mot normalt 4±2") is built by
:func:`format_reason` from a template and label words that the caller passes, so the web layer
can translate the words while the numbers stay here. "±" is the Poisson standard deviation √λ.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

POISSON = "poisson"
EWMA = "ewma"

DEFAULT_ALPHA = 0.01
DEFAULT_MIN_COUNT = 3
#: Fewer baseline periods than this and there is no normal level to compare with.
DEFAULT_MIN_PERIODS = 8
#: EWMA weight of the newest period and the width of the control limit in standard deviations.
EWMA_WEIGHT = 0.3
EWMA_LIMIT = 3.0

#: The default reason template (Swedish, as the issue words it). Pass a translated one.
REASON_TEMPLATE = "%(category)s i %(area)s: %(observed)s rapporter mot normalt %(mean)s±%(sd)s"


def poisson_upper_tail(observed: int, rate: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(rate), accurate also far out in the tail.

    Above the mean the terms of the tail fall off quickly, so they are summed directly (in log
    space for the first term); at or below the mean the complement of the lower sum is precise.
    """
    if observed < 0 or rate < 0:
        raise ValueError("observed and rate must not be negative")
    if observed == 0:
        return 1.0
    if rate == 0:
        return 0.0
    if observed > rate:
        term = math.exp(-rate + observed * math.log(rate) - math.lgamma(observed + 1))
        total, k = 0.0, observed
        while term > total * 1e-17 and term > 0:
            total += term
            k += 1
            term *= rate / k
        return min(total, 1.0)
    lower, term = 0.0, math.exp(-rate)
    for k in range(observed):
        lower += term
        term *= rate / (k + 1)
    return max(0.0, 1.0 - lower)


@dataclass(frozen=True)
class Alert:
    """A count significantly above its baseline, with the numbers behind the judgement."""

    key: Hashable  # usually (category, area)
    observed: int
    baseline: tuple[int, ...]
    mean: float
    p_value: float
    method: str = POISSON
    ewma: float | None = None
    limit: float | None = None

    @property
    def sd(self) -> float:
        """The Poisson standard deviation of the baseline: the "±" of the reason."""
        return math.sqrt(self.mean)

    @property
    def ratio(self) -> float | None:
        return None if self.mean == 0 else self.observed / self.mean

    def as_dict(self) -> dict[str, object]:
        return {
            "observed": self.observed,
            "baseline": list(self.baseline),
            "mean": round(self.mean, 3),
            "sd": round(self.sd, 3),
            "p_value": self.p_value,
            "method": self.method,
            "ewma": None if self.ewma is None else round(self.ewma, 3),
            "limit": None if self.limit is None else round(self.limit, 3),
        }


def _rate(baseline: Sequence[int]) -> float:
    """The baseline mean. An all-zero baseline counts as half an event over its periods.

    With a rate of exactly zero any single report would be "impossible"; half an event (the
    usual continuity correction) keeps three new reports notable without making one absurd.
    """
    mean = sum(baseline) / len(baseline)
    return mean if mean > 0 else 0.5 / len(baseline)


def poisson_alert(
    key: Hashable,
    observed: int,
    baseline: Sequence[int],
    *,
    alpha: float = DEFAULT_ALPHA,
    min_count: int = DEFAULT_MIN_COUNT,
    min_periods: int = DEFAULT_MIN_PERIODS,
) -> Alert | None:
    """An alert when ``observed`` is improbably high for the baseline's Poisson rate."""
    if len(baseline) < min_periods or observed < min_count:
        return None
    rate = _rate(baseline)
    p = poisson_upper_tail(observed, rate)
    if p >= alpha:
        return None
    return Alert(key, observed, tuple(baseline), sum(baseline) / len(baseline), p, POISSON)


def ewma_alert(
    key: Hashable,
    observed: int,
    baseline: Sequence[int],
    *,
    weight: float = EWMA_WEIGHT,
    limit: float = EWMA_LIMIT,
    min_count: int = DEFAULT_MIN_COUNT,
    min_periods: int = DEFAULT_MIN_PERIODS,
) -> Alert | None:
    """An alert when the EWMA, started at the baseline mean, ends above its upper control limit.

    z₀ = μ (the baseline mean), zₜ = w·xₜ + (1 − w)·zₜ₋₁ over the baseline and then the observed
    count; the limit is μ + L·√μ·√(w / (2 − w)), the chart's asymptotic limit for Poisson counts.
    """
    if not 0 < weight <= 1:
        raise ValueError("weight must lie in (0, 1]")
    if len(baseline) < min_periods or observed < min_count:
        return None
    mean = sum(baseline) / len(baseline)
    rate = _rate(baseline)
    z = mean
    for value in [*baseline, observed]:
        z = weight * value + (1 - weight) * z
    upper = mean + limit * math.sqrt(rate) * math.sqrt(weight / (2 - weight))
    if z <= upper:
        return None
    return Alert(
        key,
        observed,
        tuple(baseline),
        mean,
        poisson_upper_tail(observed, rate),
        EWMA,
        ewma=z,
        limit=upper,
    )


def find_alerts(
    observed: Mapping[Hashable, int],
    baselines: Mapping[Hashable, Sequence[int]],
    *,
    alpha: float = DEFAULT_ALPHA,
    min_count: int = DEFAULT_MIN_COUNT,
    min_periods: int = DEFAULT_MIN_PERIODS,
    use_ewma: bool = False,
) -> list[Alert]:
    """Every key whose count is significantly above its baseline, the strongest first.

    With ``use_ewma`` a key the Poisson test leaves alone may still alert through the EWMA chart.
    """
    alerts: list[Alert] = []
    for key, count in observed.items():
        baseline = baselines.get(key, ())
        alert = poisson_alert(
            key, count, baseline, alpha=alpha, min_count=min_count, min_periods=min_periods
        )
        if alert is None and use_ewma:
            alert = ewma_alert(key, count, baseline, min_count=min_count, min_periods=min_periods)
        if alert is not None:
            alerts.append(alert)
    return sorted(alerts, key=lambda a: (a.p_value, -a.observed))


def format_number(value: float, decimal_separator: str = ",") -> str:
    """Whole numbers without decimals, others with one (4 → "4", 2.45 → "2,5" in Swedish)."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", decimal_separator)


def format_reason(
    *,
    category: str,
    area: str,
    observed: int,
    mean: float,
    sd: float,
    template: str = REASON_TEMPLATE,
    decimal_separator: str = ",",
) -> str:
    """The plain-language reason of an alert, from a ``%(name)s`` template and label words.

    The template receives ``category``, ``area``, ``observed``, ``mean`` and ``sd``; the mean and
    the standard deviation are rounded to whole numbers when they are large, else to one decimal.
    """
    big = mean >= 10
    return template % {
        "category": category,
        "area": area,
        "observed": observed,
        "mean": format_number(round(mean) if big else mean, decimal_separator),
        "sd": format_number(round(sd) if big else sd, decimal_separator),
    }
