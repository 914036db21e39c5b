"""The public map's grid: counts per cell with small counts suppressed. Pure Python.

Public locations are coarsened to the same grid as the citizen tips (``laget.tips.selectors``:
0.005° of latitude × 0.01° of longitude, about 550 m × 500–600 m in Sweden), so a report or a
tip is only ever shown as the cell that holds it, never as a point. A cell's count of reports
below the threshold (the public lägesbild's ``rates.DEFAULT_THRESHOLD``, 5) is not published:
the cell is left out of the map and the table, so a single event cannot be placed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

GRID_LAT = 0.005
GRID_LON = 0.01


@dataclass(frozen=True, order=True)
class Cell:
    """A grid cell by its row (latitude) and column (longitude) index."""

    row: int
    col: int

    @classmethod
    def holding(cls, lat: float, lon: float) -> Cell:
        return cls(math.floor(lat / GRID_LAT), math.floor(lon / GRID_LON))

    @property
    def south(self) -> float:
        return round(self.row * GRID_LAT, 5)

    @property
    def north(self) -> float:
        return round((self.row + 1) * GRID_LAT, 5)

    @property
    def west(self) -> float:
        return round(self.col * GRID_LON, 5)

    @property
    def east(self) -> float:
        return round((self.col + 1) * GRID_LON, 5)

    @property
    def centre(self) -> tuple[float, float]:
        """(lat, lon) of the cell's centre."""
        return round((self.row + 0.5) * GRID_LAT, 5), round((self.col + 0.5) * GRID_LON, 5)

    def polygon(self) -> dict:
        """The cell as a GeoJSON Polygon (lon, lat order)."""
        ring = [
            [self.west, self.south],
            [self.east, self.south],
            [self.east, self.north],
            [self.west, self.north],
            [self.west, self.south],
        ]
        return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class GridCount:
    """One published cell: its reports (None when too few to show) and its tips per type."""

    cell: Cell
    reports: int | None = None
    tips: dict[str, int] = field(default_factory=dict)

    @property
    def tip_total(self) -> int:
        return sum(self.tips.values())


def grid_counts(
    report_points: Iterable[tuple[float, float]],
    tip_points: Iterable[tuple[float, float, str]],
    threshold: int,
) -> list[GridCount]:
    """The published cells, north to south and west to east.

    ``report_points`` are (lat, lon) of reports; a cell's report count is shown only when it is
    at least ``threshold``. ``tip_points`` are (lat, lon, tip type) of approved tips, which are
    public one by one once moderated; they are shown per cell and type. A cell with neither a
    shown report count nor a tip is left out.
    """
    reports: Counter[Cell] = Counter(Cell.holding(lat, lon) for lat, lon in report_points)
    tips: dict[Cell, Counter[str]] = {}
    for lat, lon, kind in tip_points:
        tips.setdefault(Cell.holding(lat, lon), Counter())[kind] += 1
    result = []
    for cell in set(reports) | set(tips):
        count = reports.get(cell, 0)
        shown = count if count >= threshold else None
        cell_tips = dict(sorted(tips.get(cell, Counter()).items()))
        if shown is None and not cell_tips:
            continue
        result.append(GridCount(cell=cell, reports=shown, tips=cell_tips))
    result.sort(key=lambda g: (-g.cell.row, g.cell.col))
    return result


def suppressed_cells(report_points: Iterable[tuple[float, float]], threshold: int) -> int:
    """How many cells hold reports but fewer than ``threshold`` (told, not shown)."""
    reports: Counter[Cell] = Counter(Cell.holding(lat, lon) for lat, lon in report_points)
    return sum(1 for count in reports.values() if 0 < count < threshold)
