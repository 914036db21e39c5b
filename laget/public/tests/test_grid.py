"""The public map's grid: hand-computed cells, suppression and coarsening."""

from __future__ import annotations

from laget.public.grid import GRID_LAT, GRID_LON, Cell, grid_counts, suppressed_cells


def test_a_point_falls_in_the_cell_that_holds_it():
    cell = Cell.holding(60.0041, 15.7941)
    # 60.0041 / 0.005 = 12000.82 → row 12000; 15.7941 / 0.01 = 1579.41 → col 1579.
    assert cell == Cell(12000, 1579)
    assert cell.south == 60.0 and cell.north == 60.005
    assert cell.west == 15.79 and cell.east == 15.8
    assert cell.centre == (60.0025, 15.795)
    ring = cell.polygon()["coordinates"][0]
    assert ring[0] == ring[-1] == [15.79, 60.0]


def test_the_grid_matches_the_tips_grid():
    from laget.tips import selectors as tips

    assert (GRID_LAT, GRID_LON) == (tips.GRID_LAT, tips.GRID_LON)
    assert Cell.holding(60.0041, 15.7941).centre == tips.coarsen(60.0041, 15.7941)


def test_small_report_counts_are_suppressed_and_tips_are_shown_per_cell():
    # Cell A (60.000–60.005, 15.79–15.80): 6 reports. Cell B (60.010–60.015, same column):
    # 4 reports (suppressed) and one tip. Cell C: 1 report, no tip (left out entirely).
    a = [(60.001, 15.791)] * 3 + [(60.004, 15.799)] * 3
    b = [(60.011, 15.792)] * 4
    c = [(60.021, 15.811)]
    tips = [(60.012, 15.793, "klotter"), (60.003, 15.795, "belysning")]
    cells = grid_counts(a + b + c, tips, threshold=5)
    by_cell = {g.cell: g for g in cells}
    assert set(by_cell) == {Cell(12000, 1579), Cell(12002, 1579)}
    assert by_cell[Cell(12000, 1579)].reports == 6
    assert by_cell[Cell(12000, 1579)].tips == {"belysning": 1}
    assert by_cell[Cell(12002, 1579)].reports is None
    assert by_cell[Cell(12002, 1579)].tips == {"klotter": 1}
    # North first.
    assert [g.cell.row for g in cells] == [12002, 12000]
    assert suppressed_cells(a + b + c, threshold=5) == 2


def test_exactly_the_threshold_is_shown():
    points = [(60.001, 15.791)] * 5
    assert grid_counts(points, [], threshold=5)[0].reports == 5
    assert grid_counts(points[:4], [], threshold=5) == []
