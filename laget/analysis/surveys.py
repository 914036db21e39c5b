"""Statistics of safety surveys: shares with Wilson intervals, Likert summaries, suppressed
breakdowns and the round-to-round comparison. Pure Python, no Django.

Suppression (``suppress``): a cell (a group of respondents) with fewer than ``threshold``
respondents is never shown. When exactly one cell of a breakdown is suppressed, the total and the
other cells would reveal it by subtraction, so the smallest remaining cell is suppressed too
(complementary suppression). The total of a breakdown is shown only as the survey's total, which
is then the sum of visible cells plus at least two hidden ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Z95 = 1.959963984540054  # two-sided 95 %
AGREE_VALUES = frozenset({4, 5})


@dataclass(frozen=True)
class Share:
    count: int
    n: int
    share: float
    low: float
    high: float


def wilson(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``count`` successes out of ``n`` (0–1)."""
    if n <= 0:
        return (0.0, 0.0)
    if count < 0 or count > n:
        raise ValueError("count must be between 0 and n")
    p = count / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def share(count: int, n: int) -> Share:
    low, high = wilson(count, n)
    return Share(count=count, n=n, share=(count / n if n else 0.0), low=low, high=high)


@dataclass(frozen=True)
class LikertSummary:
    n: int
    mean: float
    agree: Share  # share answering 4 or 5
    distribution: dict[int, int]


def likert_summary(values: Iterable[int]) -> LikertSummary:
    """Mean, distribution and the share agreeing (4–5) of scale answers 1–5."""
    items = list(values)
    for value in items:
        if value not in (1, 2, 3, 4, 5):
            raise ValueError("Likert values are 1–5")
    distribution = {v: 0 for v in range(1, 6)}
    for value in items:
        distribution[value] += 1
    n = len(items)
    agree = sum(distribution[v] for v in AGREE_VALUES)
    mean = sum(items) / n if n else 0.0
    return LikertSummary(n=n, mean=mean, agree=share(agree, n), distribution=distribution)


def suppress(cells: Mapping[str, int], threshold: int) -> dict[str, int | None]:
    """The cells with those under ``threshold`` replaced by None, plus complementary
    suppression: if only one cell would be hidden, the smallest other non-empty cell is hidden
    too, so that the hidden cell cannot be derived from the total."""
    result: dict[str, int | None] = {
        key: (count if count >= threshold or count == 0 else None) for key, count in cells.items()
    }
    hidden = [key for key, value in result.items() if value is None]
    if len(hidden) == 1:
        visible = [(count, key) for key, count in result.items() if count]
        if visible:
            _count, key = min(visible)
            result[key] = None
    return result


@dataclass(frozen=True)
class Comparison:
    before: Share
    after: Share
    difference: float  # after − before, in shares (0–1)
    z: float
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def two_proportion_test(count1: int, n1: int, count2: int, n2: int) -> tuple[float, float]:
    """Pooled two-proportion z-test: (z, two-sided p) for proportion 2 − proportion 1."""
    if n1 <= 0 or n2 <= 0:
        return (0.0, 1.0)
    pooled = (count1 + count2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return (0.0, 1.0)
    z = (count2 / n2 - count1 / n1) / se
    return (z, math.erfc(abs(z) / math.sqrt(2)))


def compare(count1: int, n1: int, count2: int, n2: int) -> Comparison:
    """Compare an earlier round (1) with a later one (2)."""
    z, p = two_proportion_test(count1, n1, count2, n2)
    before, after = share(count1, n1), share(count2, n2)
    return Comparison(
        before=before, after=after, difference=after.share - before.share, z=z, p_value=p
    )
