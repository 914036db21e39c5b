"""The årshjul drawn as a wheel: twelve month segments as SVG paths, computed on the server.

The drawing is decoration over the month list on the same page, which is its text alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from laget.annual.selectors import Month

SIZE = 320
CENTRE = SIZE / 2
OUTER = 150
INNER = 62


@dataclass(frozen=True)
class Segment:
    path: str
    label_x: float
    label_y: float
    month: Month
    count: int


def _point(radius: float, angle: float) -> tuple[float, float]:
    """A point on the circle; angle 0 is twelve o'clock, growing clockwise."""
    return (
        round(CENTRE + radius * math.sin(angle), 2),
        round(CENTRE - radius * math.cos(angle), 2),
    )


def wheel_segments(months: list[Month]) -> list[Segment]:
    """One annular sector per month, the current month at the top, clockwise."""
    step = 2 * math.pi / max(len(months), 1)
    segments = []
    for index, month in enumerate(months):
        start, end = index * step, (index + 1) * step
        x1, y1 = _point(OUTER, start)
        x2, y2 = _point(OUTER, end)
        x3, y3 = _point(INNER, end)
        x4, y4 = _point(INNER, start)
        path = (
            f"M {x1} {y1} A {OUTER} {OUTER} 0 0 1 {x2} {y2} "
            f"L {x3} {y3} A {INNER} {INNER} 0 0 0 {x4} {y4} Z"
        )
        lx, ly = _point((OUTER + INNER) / 2, (start + end) / 2)
        segments.append(Segment(path, lx, ly, month, len(month.occurrences)))
    return segments
