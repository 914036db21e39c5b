"""Getis-Ord Gi* on known grids, the randomisation p-values and the hot-spot search."""

from __future__ import annotations

import math

import numpy as np
import pytest

from laget.analysis.hotspots import (
    NORMAL,
    Grid,
    Projection,
    _randomisation_p,
    band_kernel,
    benjamini_hochberg,
    find_hotspots,
    gi_star,
)


@pytest.fixture
def toy() -> np.ndarray:
    """A 5 × 5 grid with one obvious cluster in the north-west and two lone reports.

    n = 25, Σx = 16, Σx² = 56, so x̄ = 0.64 and s = √(56/25 − 0.64²) = √1.8304 = 1.352923.
    """
    counts = np.zeros((5, 5))
    counts[1, 1], counts[1, 2], counts[2, 1], counts[2, 2] = 4, 3, 2, 5
    counts[4, 4] = counts[0, 4] = 1
    return counts


def test_gi_star_matches_the_hand_computed_example(toy):
    z = gi_star(toy)["z"]
    s = math.sqrt(56 / 25 - 0.64**2)
    # Cell (1, 1): the 3 × 3 block around it sums to 4 + 3 + 2 + 5 = 14, W = 9:
    # (14 − 0.64·9) / (s·√((25·9 − 81)/24)) = 8.24 / (1.352923·√6) = 2.486443
    assert z[1, 1] == pytest.approx((14 - 0.64 * 9) / (s * math.sqrt(6)))
    assert z[1, 1] == pytest.approx(2.486443, abs=1e-6)
    # Corner (4, 4): its 2 × 2 block holds the lone report, W = 4:
    # (1 − 0.64·4) / (s·√((100 − 16)/24)) = −1.56 / 2.531081 = −0.616336
    assert z[4, 4] == pytest.approx(-0.616336, abs=1e-6)


def test_gi_star_agrees_with_esda(toy):
    """The values esda 2.9 gives (G_Local, star=True, binary queen weights from lat2W)."""
    esda = np.array(
        [
            [0.568926, 1.071685, 1.071685, 0.054263, -0.616336],
            [0.732544, 2.486443, 2.486443, 0.977679, -0.96316],
            [0.732544, 2.486443, 2.486443, 0.675926, -1.302301],
            [-0.624019, 0.374174, 0.374174, 0.072421, -0.96316],
            [-1.011423, -1.302301, -1.302301, -0.96316, -0.616336],
        ]
    )
    np.testing.assert_allclose(gi_star(toy)["z"], esda, atol=1e-6)


def test_the_neighbourhood_sums_and_weights(toy):
    stats = gi_star(toy)
    assert stats["local"][1, 1] == 14 and stats["weights"][1, 1] == 9
    assert stats["local"][4, 4] == 1 and stats["weights"][4, 4] == 4
    assert stats["weights"][0, 2] == 6  # an edge cell


@pytest.mark.parametrize(("band", "cells"), [(1.0, 5), (1.5, 9), (2.0, 13), (2.9, 25)])
def test_the_distance_band_picks_the_cells_within_it(band, cells):
    assert band_kernel(band).sum() == cells


def test_a_flat_grid_has_no_hot_spots():
    assert not gi_star(np.full((4, 4), 3.0))["z"].any()


def test_the_randomisation_p_value_by_hand():
    """One report in a 4 × 4 grid: pmf P(0) = 15/16, P(1) = 1/16.

    A neighbour of the report (x = 0, L = 1) with k = W − 1 drawn neighbours has
    p = P(Σ ≥ 1) = 1 − (15/16)^k. The report's own cell needs nothing from its neighbours: p = 1.
    """
    counts = np.zeros((4, 4))
    counts[1, 1] = 1
    stats = gi_star(counts)
    everywhere = np.ones(counts.shape, dtype=bool)
    p = _randomisation_p(counts, stats["local"], stats["weights"], everywhere)
    assert p[1, 1] == 1.0
    assert p[0, 0] == pytest.approx(1 - (15 / 16) ** 3)  # corner, W = 4
    assert p[2, 2] == pytest.approx(1 - (15 / 16) ** 8)  # interior, W = 9
    assert p[3, 3] == 1.0  # nothing nearby: L − x = 0


def test_benjamini_hochberg_on_known_p_values():
    adjusted = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.005]))
    np.testing.assert_allclose(adjusted, [0.02, 0.04, 0.04, 0.02])


def test_the_projection_is_metric_around_its_centre():
    projection = Projection(15.8, 60.0)
    x, y = projection.forward(np.array([15.8, 15.8]), np.array([60.0, 60.01]))
    assert y[1] == pytest.approx(1111.95, rel=1e-3)  # 0.01° of latitude
    x, _ = projection.forward(np.array([15.81]), np.array([60.0]))
    assert x[0] == pytest.approx(555.97, rel=1e-3)  # 0.01° of longitude at 60° N: cos 60° = ½
    lon, lat = projection.inverse(*projection.forward(np.array([16.1]), np.array([59.9])))
    assert (lon[0], lat[0]) == pytest.approx((16.1, 59.9))


def test_the_grid_counts_points_per_cell():
    grid = Grid.covering(np.array([0.0, 990.0]), np.array([0.0, 490.0]), 250.0)
    assert (grid.nx, grid.ny) == (4, 2)
    counts = grid.counts(np.array([10.0, 260.0, 270.0, 980.0]), np.array([10.0, 10.0, 20.0, 480.0]))
    assert counts[0, 1] == 2 and counts[1, 3] == 1 and counts.sum() == 4


# --- the search -------------------------------------------------------------------------------

CENTRE = (15.794, 60.004)  # Fagersta


def _scatter(rng, n, lon, lat, spread_m):
    dlat = spread_m / 111_195
    dlon = dlat / math.cos(math.radians(lat))
    return rng.normal(lon, dlon, n), rng.normal(lat, dlat, n)


def _uniform(rng, n, half_km=6):
    dlat = half_km * 1000 / 111_195
    dlon = dlat / math.cos(math.radians(CENTRE[1]))
    return (
        rng.uniform(CENTRE[0] - dlon, CENTRE[0] + dlon, n),
        rng.uniform(CENTRE[1] - dlat, CENTRE[1] + dlat, n),
    )


def test_it_finds_the_one_obvious_cluster():
    rng = np.random.default_rng(7)
    background = _uniform(rng, 60)
    cluster = _scatter(rng, 25, 15.83, 60.02, 60)
    lons = np.concatenate([background[0], cluster[0]])
    lats = np.concatenate([background[1], cluster[1]])
    result = find_hotspots(lons, lats)
    assert result.cells, "the cluster must be found"
    for cell in result.cells:
        west, south, east, north = cell.bounds
        assert abs((west + east) / 2 - 15.83) < 0.01 and abs((south + north) / 2 - 60.02) < 0.005
        assert cell.z > 0 and cell.p < 0.05
    assert max(result.cells, key=lambda c: c.local).local >= 20
    geojson = result.as_geojson()
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == len(result.cells)
    assert result.summary()["significant"] == len(result.cells)


def test_a_lonely_report_is_no_hot_spot():
    lons, lats = _uniform(np.random.default_rng(3), 40)
    assert find_hotspots(lons, lats).cells == []


def test_the_normal_approximation_would_call_lonely_reports_hot_spots():
    """Why the randomisation is the default: sparse counts break the normal approximation."""
    lons, lats = _uniform(np.random.default_rng(3), 40)
    assert find_hotspots(lons, lats, inference=NORMAL, fdr=False).cells != []


def test_weights_count_a_report_of_several_occurrences_several_times():
    rng = np.random.default_rng(5)
    background = _uniform(rng, 60)
    cluster = _scatter(rng, 4, 15.83, 60.02, 80)
    lons = np.concatenate([background[0], cluster[0]])
    lats = np.concatenate([background[1], cluster[1]])
    plain = find_hotspots(lons, lats)
    heavy = find_hotspots(lons, lats, weights=[1] * 60 + [5] * 4)
    assert max(c.local for c in heavy.cells) >= 20 > max(c.local for c in plain.cells)
    assert len(heavy.cells) > len(plain.cells)


def test_a_pile_in_one_cell_with_nothing_around_is_no_cluster():
    """Conditional randomisation holds the cell's own count: Gi* looks for clustering."""
    extent = (15.7, 59.95, 16.0, 60.1)
    assert find_hotspots([15.8, 15.9], [60.0, 60.05], weights=[30, 1], extent=extent).cells == []


def test_no_points_no_hot_spots():
    result = find_hotspots([], [])
    assert result.cells == [] and result.points == 0
    assert result.as_geojson() == {"type": "FeatureCollection", "features": []}


def test_a_huge_study_area_gets_coarser_cells():
    extent = (15.0, 59.0, 17.0, 61.0)  # about 111 × 222 km: 398 000 cells of 250 m
    result = find_hotspots([15.8], [60.0], extent=extent, max_cells=100_000)
    assert result.cell_m == 500.0 and result.grid.n <= 100_000  # 224 × 446 cells of 500 m


def test_the_study_area_takes_in_every_point():
    result = find_hotspots([15.8, 16.5], [60.0, 60.2], extent=(15.7, 59.95, 15.9, 60.05))
    assert result.grid.nx * result.cell_m > 35_000  # widened east to 16.5°
