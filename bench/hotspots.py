"""How fast is the hot-spot statistic (Getis-Ord Gi*) for 50 000 points? Target: ≤ 1 s.

Reproducible (fixed seed) and independent of Django and of any database. Run::

    .venv/bin/python bench/hotspots.py [--points 50000] [--cell 250] [--size-km 30]

The data are synthetic: ``--points`` points in a square municipality of ``--size-km`` km around
Fagersta, 60 % spread evenly and 40 % in 25 clusters (normal, 80–400 m spread). Methods, each
timed as the best of three runs with ``time.perf_counter`` (the naive loop once):

* find_hotspots – the application's method (``laget.analysis.hotspots.find_hotspots``): grid
  counts, Gi* for every cell, exact conditional randomisation p-values and the
  Benjamini–Hochberg correction, the significant cells with their lon/lat bounds.
* find_hotspots, normal – the same with the normal approximation of Gi* instead.
* Monte Carlo, 999 permutations – the esda way of getting the randomisation p-values: for every
  cell with z > 0, 999 random neighbourhoods drawn from the grid's counts (numpy, vectorised).
* naive loop – plain Python: points binned in a dict, every cell's neighbourhood summed in a
  loop, Gi* with the normal approximation. This is the baseline of the ratio column.

The script checks that the naive loop's z-scores equal the vectorised ones (to 1e-9) and that
the Monte Carlo p-values agree with the exact ones (within sampling error); it exits 1 if not.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from laget.analysis import hotspots  # noqa: E402

SEED = 20260401
CENTRE = (15.794, 60.004)  # Fagersta
CLUSTERS = 25
CLUSTER_SHARE = 0.4
REPEATS = 3
PERMUTATIONS = 999


def synthetic_points(n: int, size_km: float, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    half_lat = size_km * 500 / 111_195
    half_lon = half_lat / math.cos(math.radians(CENTRE[1]))
    n_cluster = int(n * CLUSTER_SHARE)
    lon = [rng.uniform(CENTRE[0] - half_lon, CENTRE[0] + half_lon, n - n_cluster)]
    lat = [rng.uniform(CENTRE[1] - half_lat, CENTRE[1] + half_lat, n - n_cluster)]
    sizes = rng.multinomial(n_cluster, np.full(CLUSTERS, 1 / CLUSTERS))
    for size in sizes:
        c_lon = rng.uniform(CENTRE[0] - 0.8 * half_lon, CENTRE[0] + 0.8 * half_lon)
        c_lat = rng.uniform(CENTRE[1] - 0.8 * half_lat, CENTRE[1] + 0.8 * half_lat)
        spread = rng.uniform(80, 400) / 111_195
        lon.append(rng.normal(c_lon, spread / math.cos(math.radians(c_lat)), size))
        lat.append(rng.normal(c_lat, spread, size))
    return np.concatenate(lon), np.concatenate(lat)


def extent_of(size_km: float) -> tuple[float, float, float, float]:
    half_lat = size_km * 500 / 111_195
    half_lon = half_lat / math.cos(math.radians(CENTRE[1]))
    return (CENTRE[0] - half_lon, CENTRE[1] - half_lat, CENTRE[0] + half_lon, CENTRE[1] + half_lat)


def naive_gi_star(
    lon: np.ndarray, lat: np.ndarray, extent: tuple[float, float, float, float], cell: float
) -> tuple[dict[tuple[int, int], float], int]:
    """Gi* z for every cell in plain Python loops (normal approximation, queen neighbourhood)."""
    west, south, east, north = extent
    projection = hotspots.Projection((west + east) / 2, (south + north) / 2)
    ex, ey = projection.forward(np.array([west, east]), np.array([south, north]))
    grid = hotspots.Grid.covering(ex, ey, cell)
    counts: dict[tuple[int, int], int] = {}
    kx = hotspots.EARTH_RADIUS_M * math.cos(math.radians(projection.lat0)) * math.pi / 180
    ky = hotspots.EARTH_RADIUS_M * math.pi / 180
    for lo, la in zip(lon.tolist(), lat.tolist(), strict=True):
        col = math.floor(((lo - projection.lon0) * kx - grid.x0) / cell)
        row = math.floor(((la - projection.lat0) * ky - grid.y0) / cell)
        if 0 <= col < grid.nx and 0 <= row < grid.ny:
            counts[(row, col)] = counts.get((row, col), 0) + 1
    n = grid.n
    total = sum(counts.values())
    mean = total / n
    s = math.sqrt(sum(v * v for v in counts.values()) / n - mean * mean)
    z: dict[tuple[int, int], float] = {}
    for row in range(grid.ny):
        for col in range(grid.nx):
            local = weights = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    r, c = row + dr, col + dc
                    if 0 <= r < grid.ny and 0 <= c < grid.nx:
                        weights += 1
                        local += counts.get((r, c), 0)
            spread = math.sqrt((n * weights - weights * weights) / (n - 1))
            z[(row, col)] = (local - mean * weights) / (s * spread)
    return z, n


def grid_counts(
    lon: np.ndarray, lat: np.ndarray, extent: tuple[float, float, float, float], cell: float
) -> np.ndarray:
    """Points per cell, on the grid ``find_hotspots`` builds for the same extent."""
    west, south, east, north = extent
    projection = hotspots.Projection((west + east) / 2, (south + north) / 2)
    ex, ey = projection.forward(np.array([west, east]), np.array([south, north]))
    return hotspots.Grid.covering(ex, ey, cell).counts(*projection.forward(lon, lat))


def monte_carlo_p(
    lon: np.ndarray, lat: np.ndarray, extent: tuple[float, float, float, float], cell: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Conditional-randomisation p-values by sampling (esda's way), for cells with z > 0."""
    rng = np.random.default_rng(SEED)
    counts = grid_counts(lon, lat, extent, cell)
    stats = hotspots.gi_star(counts)
    candidates = stats["z"] > 0
    values = counts.ravel()
    own = counts[candidates]
    local = stats["local"][candidates]
    k = (stats["weights"][candidates] - 1).astype(np.int64)
    exceed = np.zeros(own.size)
    for _ in range(PERMUTATIONS):
        draws = values[rng.integers(0, values.size, size=(own.size, 8))]
        mask = np.arange(8)[None, :] < k[:, None]
        exceed += (own + (draws * mask).sum(axis=1)) >= local
    p_mc = (exceed + 1) / (PERMUTATIONS + 1)
    p_exact = hotspots._randomisation_p(counts, stats["local"], stats["weights"], candidates)
    return p_mc, p_exact[candidates], local


def best_of(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--cell", type=float, default=hotspots.DEFAULT_CELL_M)
    parser.add_argument("--size-km", type=float, default=30.0)
    args = parser.parse_args()

    lon, lat = synthetic_points(args.points, args.size_km)
    extent = extent_of(args.size_km)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {load}"
    )
    print(
        f"{args.points} points, {args.size_km:g} km square, {args.cell:g} m cells, "
        f"{CLUSTERS} clusters holding {CLUSTER_SHARE:.0%} of the points\n"
    )

    rows: list[tuple[str, float, int, int]] = []
    t, result = best_of(lambda: hotspots.find_hotspots(lon, lat, cell_m=args.cell, extent=extent))
    cells = result.grid.n
    rows.append(("find_hotspots (randomisation + FDR)", t, cells, len(result.cells)))
    t_norm, normal = best_of(
        lambda: hotspots.find_hotspots(
            lon, lat, cell_m=args.cell, extent=extent, inference=hotspots.NORMAL
        )
    )
    rows.append(("find_hotspots, normal approximation", t_norm, cells, len(normal.cells)))
    t_mc, (p_mc, p_exact, _local) = best_of(
        lambda: monte_carlo_p(lon, lat, extent, args.cell), repeats=1
    )
    rows.append((f"Monte Carlo, {PERMUTATIONS} permutations", t_mc, cells, -1))
    t_naive, (z_naive, _n) = best_of(lambda: naive_gi_star(lon, lat, extent, args.cell), 1)
    rows.append(("naive loop (baseline, normal z only)", t_naive, cells, -1))

    print(
        f"| {'method':<40} | {'points':>7} | {'cells':>7} | {'seconds':>8} | {'× naive':>8} | {'hot':>5} |"
    )
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 9}|{'-' * 10}|{'-' * 10}|{'-' * 7}|")
    for name, seconds, n_cells, hot in rows:
        print(
            f"| {name:<40} | {args.points:>7} | {n_cells:>7} | {seconds:>8.3f} | "
            f"{t_naive / seconds:>7.1f}× | {hot if hot >= 0 else '–':>5} |"
        )

    z = hotspots.gi_star(grid_counts(lon, lat, extent, args.cell))["z"]
    worst_z = max(abs(z[r, c] - v) for (r, c), v in z_naive.items())
    # Monte Carlo with 999 draws resolves p to about ±1.6·√(p(1 − p)/999); allow 4 standard errors.
    tolerance = 4 * np.sqrt(p_exact * (1 - p_exact) / PERMUTATIONS) + 2 / (PERMUTATIONS + 1)
    disagree = int(np.sum(np.abs(p_mc - p_exact) > tolerance))
    print(f"\nGi* z, naive loop vs vectorised: largest difference {worst_z:.2e}")
    print(
        f"randomisation p, Monte Carlo vs exact: {disagree} of {p_exact.size} cells outside "
        "4 standard errors"
    )
    target = "met" if rows[0][1] <= 1.0 else "MISSED"
    print(f"target ≤ 1 s for find_hotspots: {target} ({rows[0][1]:.3f} s)")
    return 0 if worst_z < 1e-9 and disagree <= max(1, p_exact.size // 200) else 1


if __name__ == "__main__":
    sys.exit(main())
