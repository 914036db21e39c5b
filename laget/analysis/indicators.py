"""Indicator arithmetic for goals: how far a measure has come, and what changed before/after.

A goal's indicator has a *baseline* (the value before the measures, "De uppgick under år 2016
till 100"), a *target* ("minska med minst 10", so 90) and *current* measurements. Targets can go
down (fewer cykelstölder) or up (more people who feel safe); the arithmetic here handles both.

:func:`before_after` compares counts of incidents in the periods before a measure with the
periods after it. It reports what changed and whether the change is larger than chance would
explain, never why: a decrease after a measure is not evidence that the measure caused it
(regression to the mean, displacement and changes in reporting all give the same picture). The
verdict codes are worded accordingly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

REACHED = "reached"
ON_TRACK = "on_track"
OFF_TRACK = "off_track"
UNKNOWN = "unknown"

DECREASE = "decrease"
INCREASE = "increase"
NO_CLEAR_CHANGE = "no_clear_change"
TOO_LITTLE_DATA = "too_little_data"

#: By default a goal is on track once half of the way from baseline to target is covered.
DEFAULT_ON_TRACK_SHARE = 0.5


def _finite(*values: float | None) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def progress(baseline: float | None, target: float | None, current: float | None) -> float | None:
    """The share of the way from ``baseline`` to ``target`` that ``current`` has covered.

    0 is the baseline, 1 the target, whichever way the target points: from 100 towards 90, a
    current 95 is 0.5; from 38 % towards 50 %, a current 44 % is 0.5 too. The share is not
    clipped: above 1 the goal is passed, below 0 things moved the wrong way. ``None`` when a value
    is missing or not finite, or when the target equals the baseline (there is no way to cover).
    """
    if baseline is None or target is None or current is None:
        return None
    if not _finite(baseline, target, current) or target == baseline:
        return None
    return (current - baseline) / (target - baseline)


def status(
    baseline: float | None,
    target: float | None,
    current: float | None,
    *,
    on_track_share: float = DEFAULT_ON_TRACK_SHARE,
    elapsed_share: float | None = None,
) -> str:
    """ "reached", "on_track", "off_track" or "unknown" for a goal's latest measurement.

    Reached means the target is met or passed. Otherwise the goal is on track when it has covered
    at least ``on_track_share`` of the way; when ``elapsed_share`` (the share of the goal's
    period that has passed, 0–1) is given, the bar is that share of the straight line from
    baseline to target, so early in the period a small step is on track. A goal to hold a level
    (target equal to baseline) is reached when the current value equals it and unknown
    otherwise, since the text does not say which side is worse.
    """
    if not 0 <= on_track_share <= 1:
        raise ValueError("on_track_share must lie between 0 and 1")
    if elapsed_share is not None and not 0 <= elapsed_share <= 1:
        raise ValueError("elapsed_share must lie between 0 and 1")
    if _finite(baseline, target, current) and target == baseline:
        return REACHED if current == target else UNKNOWN
    share = progress(baseline, target, current)
    if share is None:
        return UNKNOWN
    if share >= 1:
        return REACHED
    bar = on_track_share * (1 if elapsed_share is None else elapsed_share)
    return ON_TRACK if share >= bar else OFF_TRACK


@dataclass(frozen=True)
class BeforeAfter:
    """Counts before and after a measure, compared.

    ``rate_ratio`` is the mean count per period after divided by the mean before, with an exact
    conditional confidence interval (``ci_low``, ``ci_high``) for counts that follow a Poisson
    distribution. ``verdict`` is "decrease" or "increase" only when the whole interval lies on
    one side of 1, "no_clear_change" when it spans 1, and "too_little_data" when a side has no
    periods or nothing was counted at all. The verdict describes the numbers, not a cause.
    """

    mean_before: float | None
    mean_after: float | None
    change: float | None
    relative_change: float | None
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    level: float
    verdict: str


def before_after(
    before: Sequence[float], after: Sequence[float], *, level: float = 0.95
) -> BeforeAfter:
    """Compare counts per period before a measure with counts per period after it.

    With ``a`` incidents in ``m`` periods after and ``b`` in ``n`` periods before, and both
    Poisson, ``a`` given ``a + b`` is binomial with ``p = m·RR / (m·RR + n)``. The exact
    (Clopper–Pearson) interval for ``p`` turns into one for the rate ratio RR, which stays
    valid for small counts and zeros (an upper bound of infinity when nothing was counted
    before). ``relative_change`` is ``None`` when the mean before is zero.
    """
    if not 0 < level < 1:
        raise ValueError("level must lie between 0 and 1")
    values = [*before, *after]
    if any(not math.isfinite(v) or v < 0 for v in values):
        raise ValueError("counts must be finite and not negative")
    mean_before = sum(before) / len(before) if before else None
    mean_after = sum(after) / len(after) if after else None
    if mean_before is None or mean_after is None:
        return BeforeAfter(
            mean_before, mean_after, None, None, None, None, None, level, TOO_LITTLE_DATA
        )
    change = mean_after - mean_before
    relative = change / mean_before if mean_before > 0 else None
    a, b = float(sum(after)), float(sum(before))
    if a + b == 0:
        return BeforeAfter(
            mean_before, mean_after, change, relative, None, None, None, level, TOO_LITTLE_DATA
        )
    ratio = mean_after / mean_before if mean_before > 0 else math.inf
    low, high = _rate_ratio_ci(a, b, len(after), len(before), level)
    if high < 1:
        verdict = DECREASE
    elif low > 1:
        verdict = INCREASE
    else:
        verdict = NO_CLEAR_CHANGE
    return BeforeAfter(mean_before, mean_after, change, relative, ratio, low, high, level, verdict)


def _rate_ratio_ci(a: float, b: float, m: int, n: int, level: float) -> tuple[float, float]:
    """Exact conditional interval for (a/m)/(b/n), from Clopper–Pearson bounds on a/(a+b)."""
    # scipy.stats takes a second or two to import; only this function needs it.
    from scipy.stats import beta

    alpha = 1 - level
    p_low = float(beta.ppf(alpha / 2, a, b + 1)) if a > 0 else 0.0
    p_high = float(beta.ppf(1 - alpha / 2, a + 1, b)) if b > 0 else 1.0
    scale = n / m

    def to_ratio(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * scale

    return to_ratio(p_low), to_ratio(p_high)


@dataclass(frozen=True)
class ComparedBeforeAfter:
    """A before/after comparison of a target area set against a comparison area.

    ``ratio`` is the target area's rate ratio divided by the comparison area's (a
    difference-in-differences on the ratio scale): below 1 the target area fell more, or rose
    less, than the comparison area. ``ci_low``/``ci_high`` are an approximate interval from the
    log scale, and ``verdict`` says "decrease" (relative to the comparison area) or "increase"
    only when the whole interval lies on one side of 1. Like :func:`before_after`, it describes
    numbers: the areas may differ in ways that have nothing to do with the measure.
    """

    target: BeforeAfter
    comparison: BeforeAfter
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    level: float
    verdict: str


def before_after_compared(
    before: Sequence[float],
    after: Sequence[float],
    comparison_before: Sequence[float],
    comparison_after: Sequence[float],
    *,
    level: float = 0.95,
) -> ComparedBeforeAfter:
    """Compare the change in a target area with the change in a comparison area.

    The ratio of the two rate ratios has, for Poisson counts, a standard error on the log scale
    of ``sqrt(1/a₁ + 1/b₁ + 1/a₂ + 1/b₂)`` (the sums after and before in each area); the
    interval is ``exp(log ratio ± z·se)``. It needs every one of the four sums to be above zero,
    otherwise the verdict is "too_little_data".
    """
    target = before_after(before, after, level=level)
    comparison = before_after(comparison_before, comparison_after, level=level)
    sums = [sum(before), sum(after), sum(comparison_before), sum(comparison_after)]
    if (
        target.rate_ratio is None
        or comparison.rate_ratio is None
        or any(s <= 0 for s in sums)
        or not (math.isfinite(target.rate_ratio) and math.isfinite(comparison.rate_ratio))
    ):
        return ComparedBeforeAfter(target, comparison, None, None, None, level, TOO_LITTLE_DATA)
    ratio = target.rate_ratio / comparison.rate_ratio
    se = math.sqrt(sum(1 / s for s in sums))
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    low = math.exp(math.log(ratio) - z * se)
    high = math.exp(math.log(ratio) + z * se)
    if high < 1:
        verdict = DECREASE
    elif low > 1:
        verdict = INCREASE
    else:
        verdict = NO_CLEAR_CHANGE
    return ComparedBeforeAfter(target, comparison, ratio, low, high, level, verdict)
