"""Honest comparisons of official counts between municipalities, the county and the country.

Reported crimes per municipality are counts, and a small municipality's count jumps from year
to year by chance alone. So the figures are compared as rates per 100 000 inhabitants with an
exact Poisson interval (``rates.poisson_ci``), and a municipality is never *ranked*: it is
marked as above or below a reference (the county, the country, its SKR kommungrupp) only when
its count lies outside the control limits that chance allows for its population — the funnel
plot of Spiegelhalter (2005, "Funnel plots for comparing institutional performance").

Everything here is pure Python (no Django); views, API, exports and the regional layer share it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

from laget.analysis.rates import PER_100K, poisson_ci, rate_per_100k

ABOVE = "above"
BELOW = "below"
WITHIN = "within"

#: The two usual funnel limits: about 2 and 3 standard deviations.
LEVELS = (0.95, 0.998)


@dataclass(frozen=True)
class RateEstimate:
    """A count turned into a rate per 100 000 with its exact Poisson interval."""

    count: int
    population: int
    rate: float
    low: float
    high: float
    level: float = 0.95


def rate_estimate(count: float, population: float, level: float = 0.95) -> RateEstimate:
    """``count`` incidents among ``population`` inhabitants as a rate with an exact interval.

    Official counts are whole numbers; a float such as 12.0 from a file is accepted, a fraction
    is rounded to the nearest whole number.
    """
    whole = round(count)
    people = round(population)
    low, high = poisson_ci(whole, exposure=people / PER_100K, level=level)
    return RateEstimate(whole, people, rate_per_100k(whole, people), low, high, level)


def pooled_rate(pairs: Iterable[tuple[float, float]], level: float = 0.95) -> RateEstimate | None:
    """The population-weighted rate of several regions: Σ counts / Σ population × 100 000.

    This is the rate of the group as a whole (e.g. all C8 municipalities), not the mean of
    their rates, which would give a municipality of 2 000 inhabitants as much weight as one of
    200 000. ``None`` when there is no population.
    """
    total_count = 0
    total_population = 0
    for count, population in pairs:
        if population is None or population <= 0 or count is None:
            continue
        total_count += round(count)
        total_population += round(population)
    if total_population <= 0:
        return None
    return rate_estimate(total_count, total_population, level)


def _poisson_limit(expected: float, probability: float) -> float:
    """Spiegelhalter's interpolated exact Poisson quantile of a count with mean ``expected``."""
    from scipy.stats import poisson

    if expected <= 0:
        return 0.0
    quantile = float(poisson.ppf(probability, expected))
    cdf_at = float(poisson.cdf(quantile, expected))
    cdf_below = float(poisson.cdf(quantile - 1, expected)) if quantile > 0 else 0.0
    if cdf_at == cdf_below:
        return quantile
    alpha = (cdf_at - probability) / (cdf_at - cdf_below)
    return max(0.0, quantile - alpha)


def funnel_limits(
    reference_rate: float, population: float, level: float = 0.95, phi: float = 1.0
) -> tuple[float, float]:
    """The control limits, as rates per 100 000, for a region of ``population`` inhabitants
    whose true rate equals ``reference_rate``: chance alone puts its rate outside them with
    probability ``1 − level`` (half on each side).

    With an overdispersion factor ``phi`` > 1 (see :func:`overdispersion`) the limits are
    widened to ``reference ± z·√(phi·reference·100 000 / population)`` (Spiegelhalter's
    multiplicative adjustment), never narrower than the exact Poisson limits."""
    if population <= 0:
        raise ValueError("population must be positive")
    if reference_rate < 0 or not math.isfinite(reference_rate):
        raise ValueError("reference_rate must be a non-negative number")
    if not 0 < level < 1:
        raise ValueError("level must lie between 0 and 1")
    expected = reference_rate * population / PER_100K
    tail = (1 - level) / 2
    low = _poisson_limit(expected, tail) * PER_100K / population
    high = _poisson_limit(expected, 1 - tail) * PER_100K / population
    if phi > 1:
        z = NormalDist().inv_cdf(1 - tail)
        spread = z * math.sqrt(phi * reference_rate * PER_100K / population)
        low = min(low, max(0.0, reference_rate - spread))
        high = max(high, reference_rate + spread)
    return low, high


def overdispersion(
    regions: Sequence[tuple[float, float]], reference_rate: float, winsor: float = 0.1
) -> tuple[float, bool]:
    """Spiegelhalter's (2005) overdispersion factor φ of ``(count, population)`` regions
    around a reference rate, and whether it is larger than chance allows (I·φ > χ²₀.₉₅(I)).

    φ is the mean of the squared Poisson z-scores ``(count − expected) / √expected``, after
    winsorising the lowest and highest ``winsor`` share of z-scores, so one outlier does not
    widen everybody's limits. φ ≈ 1 when the regions differ only by chance."""
    from scipy.stats import chi2

    zs = []
    for count, population in regions:
        if population is None or population <= 0 or count is None:
            continue
        expected = reference_rate * population / PER_100K
        if expected > 0:
            zs.append((count - expected) / math.sqrt(expected))
    if len(zs) < 3:
        return 1.0, False
    ordered = sorted(zs)
    cut = math.floor(len(ordered) * winsor)
    if cut:
        low, high = ordered[cut], ordered[-cut - 1]
        zs = [min(max(z, low), high) for z in zs]
    phi = sum(z * z for z in zs) / len(zs)
    significant = len(zs) * phi > float(chi2.ppf(0.95, len(zs)))
    return phi, significant


def position(rate: float, limits: tuple[float, float]) -> str:
    """``ABOVE``/``BELOW`` when ``rate`` lies outside the limits, else ``WITHIN``."""
    low, high = limits
    if rate > high:
        return ABOVE
    if rate < low:
        return BELOW
    return WITHIN


@dataclass(frozen=True)
class Comparison:
    """One region compared with a reference rate (the county, the country, a kommungrupp)."""

    reference_rate: float
    ratio: float | None
    #: level → ABOVE/BELOW/WITHIN, e.g. {0.95: "above", 0.998: "within"}.
    positions: dict[float, str]

    @property
    def verdict(self) -> str:
        """The 95 % verdict; ``positions[0.998]`` tells whether it is also clear at 99.8 %."""
        return self.positions[LEVELS[0]]

    @property
    def strict_verdict(self) -> str:
        """The 99.8 % verdict (about three standard deviations)."""
        return self.positions[LEVELS[1]]


def compare(estimate: RateEstimate, reference_rate: float, phi: float = 1.0) -> Comparison:
    """Compare a region's rate with a reference rate using the funnel limits of its size."""
    positions = {
        level: position(
            estimate.rate, funnel_limits(reference_rate, estimate.population, level, phi)
        )
        for level in LEVELS
    }
    ratio = estimate.rate / reference_rate if reference_rate > 0 else None
    return Comparison(reference_rate, ratio, positions)


@dataclass(frozen=True)
class FunnelPoint:
    key: Hashable
    label: str
    estimate: RateEstimate
    comparison: Comparison


@dataclass
class Funnel:
    """The data of a funnel plot: points, the reference line and the limit curves."""

    reference_rate: float
    points: list[FunnelPoint]
    #: (population, {level: (low rate, high rate)}) along the population axis.
    curve: list[tuple[float, dict[float, tuple[float, float]]]] = field(default_factory=list)

    #: The overdispersion factor of the points, whether it is significant, whether applied.
    phi: float = 1.0
    phi_significant: bool = False
    phi_applied: bool = False

    def marked(self, where: str, level: float = LEVELS[0]) -> list[FunnelPoint]:
        return [p for p in self.points if p.comparison.positions[level] == where]


def funnel(
    regions: Sequence[tuple[Hashable, str, float, float]],
    reference_rate: float,
    curve_points: int = 40,
    adjust_overdispersion: bool = False,
) -> Funnel:
    """Funnel-plot data for ``(key, label, count, population)`` regions around a reference
    rate. Points keep the order given (no ranking); regions without population are left out.

    With ``adjust_overdispersion`` the limits are widened by φ (:func:`overdispersion`) when
    the regions vary significantly more than chance allows."""
    phi, significant = overdispersion([(c, n) for _k, _l, c, n in regions], reference_rate)
    applied = adjust_overdispersion and significant and phi > 1
    used_phi = phi if applied else 1.0
    points = []
    for key, label, count, population in regions:
        if population is None or population <= 0 or count is None:
            continue
        estimate = rate_estimate(count, population)
        points.append(
            FunnelPoint(key, label, estimate, compare(estimate, reference_rate, used_phi))
        )
    curve: list[tuple[float, dict[float, tuple[float, float]]]] = []
    if points:
        smallest = min(p.estimate.population for p in points)
        largest = max(p.estimate.population for p in points)
        low_n = max(100.0, smallest * 0.8)
        high_n = max(low_n * 1.01, largest * 1.2)
        for i in range(curve_points):
            n = low_n * (high_n / low_n) ** (i / (curve_points - 1))
            curve.append(
                (n, {level: funnel_limits(reference_rate, n, level, used_phi) for level in LEVELS})
            )
    return Funnel(reference_rate, points, curve, phi, significant, applied)


@dataclass(frozen=True)
class Trend:
    """The average yearly change of a rate, from a log-linear Poisson regression."""

    annual_change: float  # relative, e.g. -0.05 for −5 % a year
    low: float
    high: float
    years: int
    level: float = 0.95

    @property
    def verdict(self) -> str:
        if self.low > 0:
            return "increase"
        if self.high < 0:
            return "decrease"
        return "no_clear_change"


def trend(
    by_year: Mapping[int, tuple[float, float]], level: float = 0.95, iterations: int = 50
) -> Trend | None:
    """Fit log(rate) = a + b·year to ``{year: (count, population)}`` by Poisson maximum
    likelihood (population as exposure) and return exp(b) − 1 with a Wald interval.

    ``None`` with fewer than two years or no events at all. With exactly two years the fit
    is exact: the change is the ratio of the two rates minus one.
    """
    rows = [
        (year, round(count), float(population))
        for year, (count, population) in sorted(by_year.items())
        if population and population > 0 and count is not None
    ]
    if len(rows) < 2 or sum(c for _y, c, _p in rows) == 0:
        return None
    centre = sum(y for y, _c, _p in rows) / len(rows)
    xs = [y - centre for y, _c, _p in rows]
    counts = [c for _y, c, _p in rows]
    logs = [math.log(p) for _y, _c, p in rows]
    total = sum(counts)
    a = math.log(total / sum(math.exp(o) for o in logs))
    b = 0.0
    info_bb = 0.0
    for _ in range(iterations):
        mus = [math.exp(a + b * x + o) for x, o in zip(xs, logs, strict=True)]
        g_a = sum(c - m for c, m in zip(counts, mus, strict=True))
        g_b = sum(x * (c - m) for x, c, m in zip(xs, counts, mus, strict=True))
        h_aa = sum(mus)
        h_ab = sum(x * m for x, m in zip(xs, mus, strict=True))
        h_bb = sum(x * x * m for x, m in zip(xs, mus, strict=True))
        det = h_aa * h_bb - h_ab * h_ab
        if det <= 0:
            return None
        step_a = (h_bb * g_a - h_ab * g_b) / det
        step_b = (h_aa * g_b - h_ab * g_a) / det
        a += step_a
        b += step_b
        info_bb = h_aa / det  # the variance of b: (H⁻¹)_bb
        if abs(step_a) < 1e-12 and abs(step_b) < 1e-12:
            break
    if not math.isfinite(b):
        return None
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    se = math.sqrt(info_bb)
    return Trend(
        math.exp(b) - 1, math.exp(b - z * se) - 1, math.exp(b + z * se) - 1, len(rows), level
    )


#: The caveats of reported-crime statistics, shown wherever the figures are.
CAVEAT_KEYS = (
    "reporting_propensity",
    "dark_figure",
    "counting_rules",
    "law_and_routines",
    "place_of_registration",
    "small_numbers",
)
