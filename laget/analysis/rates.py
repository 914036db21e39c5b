"""Rates, small-count suppression and exact Poisson intervals for counts of incidents.

Counts of incidents in a municipality or area are small and noisy. Published figures therefore
come as a rate per 100 000 inhabitants with an interval that shows the uncertainty, and cells
small enough to point at individual people are suppressed before anything leaves the system.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

PER_100K = 100_000
#: Counts from 1 up to (not including) this value are suppressed by default.
DEFAULT_THRESHOLD = 5


def rate_per_100k(count: int, population: int) -> float:
    """Incidents per 100 000 inhabitants. ``population`` must be positive."""
    if count < 0:
        raise ValueError("count must not be negative")
    if population <= 0:
        raise ValueError("population must be positive")
    return count * PER_100K / population


def suppress_small(
    counts: Mapping[K, int], threshold: int = DEFAULT_THRESHOLD
) -> dict[K, int | None]:
    """Replace counts that could identify people with ``None``, keeping the keys' order.

    Primary suppression hides every count from 1 to ``threshold - 1``. Zero is shown: it
    describes nobody. Secondary suppression: when exactly one cell is hidden, anyone who knows
    the total could work it out as total minus the rest, so the next smallest cell is hidden as
    well (a non-zero one if there is any; on ties, the first in order). With a single cell there
    is nothing to hide it behind, and the caller must not publish the total.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts must not be negative")
    result: dict[K, int | None] = {
        key: None if 0 < count < threshold else count for key, count in counts.items()
    }
    hidden = [key for key, value in result.items() if value is None]
    shown = [(key, count) for key, count in counts.items() if result[key] is not None]
    if len(hidden) == 1 and shown:
        # min() keeps the first of equal keys, so ties resolve by the mapping's order.
        key, _count = min(shown, key=lambda item: (item[1] == 0, item[1]))
        result[key] = None
    return result


def poisson_ci(count: int, exposure: float = 1.0, level: float = 0.95) -> tuple[float, float]:
    """The exact (Garwood) confidence interval for a Poisson rate ``count / exposure``.

    Uses the relation between the Poisson and chi-square distributions: for ``k`` observed
    events the bounds are ``chi2(α/2; 2k) / 2`` and ``chi2(1 − α/2; 2k + 2) / 2``, with the lower
    bound 0 when ``k`` is 0. The interval is conservative: it covers the true rate at least
    ``level`` of the time. For a rate per 100 000, pass ``exposure=population / 100_000``.
    """
    if (
        isinstance(count, bool)
        or not isinstance(count, int | float)
        or not math.isfinite(count)
        or count < 0
        or int(count) != count
    ):
        raise ValueError("count must be a non-negative whole number")
    if not (exposure > 0 and math.isfinite(exposure)):
        raise ValueError("exposure must be positive")
    if not 0 < level < 1:
        raise ValueError("level must lie between 0 and 1")
    # scipy.stats takes a second or two to import; only this function needs it.
    from scipy.stats import chi2

    alpha = 1 - level
    k = int(count)
    lower = float(chi2.ppf(alpha / 2, 2 * k)) / 2 if k > 0 else 0.0
    upper = float(chi2.ppf(1 - alpha / 2, 2 * k + 2)) / 2
    return lower / exposure, upper / exposure
