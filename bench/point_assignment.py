"""How fast does Läget assign points to municipalities and areas?

Reproducible (fixed seed) and independent of Django: the municipalities come straight from
``laget/geography/data/swedish_municipalities.geojson``, the index is the one the application
uses (``laget.geography.spatial.PolygonIndex``). Run::

    .venv/bin/python bench/point_assignment.py [--points 100000] [--baseline-points 2000]

Methods, each timed as the best of three runs with ``time.perf_counter``:

* baseline – a plain loop: every point tested with shapely ``contains`` against each polygon in
  turn until one matches. Run on a subsample and scaled per point.
* locate_many – ``PolygonIndex.locate_many``, all points in one vectorised STRtree query.
* locate – ``PolygonIndex.locate`` called once per point, as a form submission would.

The same three run for 200 synthetic areas inside one municipality (Fagersta). The baseline
and ``locate_many`` must agree on every subsampled point; the script exits non-zero otherwise.
See bench/README.md for the targets.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, box, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from laget.geography.spatial import PolygonIndex  # noqa: E402

DATA = ROOT / "laget" / "geography" / "data" / "swedish_municipalities.geojson"
SEED = 20260301
#: Sweden's bounding box (lon/lat); a tenth of the points fall anywhere in it, sea included.
SWEDEN = (10.9, 55.3, 24.2, 69.1)
UNIFORM_SHARE = 0.1
#: Spread (degrees) of the points around each municipality's label point.
SPREAD = 0.08
AREA_MUNICIPALITY = "1982"  # Fagersta
AREA_COUNT = 200
REPEATS = 3

Locator = Callable[[np.ndarray, np.ndarray], list[Hashable | None]]


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    boundary: BaseGeometry
    label: tuple[float, float]  # lon, lat


@dataclass(frozen=True)
class Row:
    dataset: str
    method: str
    points: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.points / self.seconds


def load_municipalities(path: Path = DATA) -> list[Municipality]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    result = []
    for feature in features:
        props = feature["properties"]
        lat, lon = props["geo_point_2d"]
        result.append(
            Municipality(props["id"], props["kom_namn"], shape(feature["geometry"]), (lon, lat))
        )
    return result


def national_points(
    rng: np.random.Generator, municipalities: Sequence[Municipality], n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Points clustered around the label points, plus a uniform share over the bounding box."""
    uniform = int(n * UNIFORM_SHARE)
    clustered = n - uniform
    labels = np.array([m.label for m in municipalities])
    chosen = labels[rng.integers(0, len(labels), clustered)]
    jitter = rng.normal(0.0, SPREAD, size=(clustered, 2))
    jitter[:, 0] *= 2  # a degree of longitude is about half a degree of latitude this far north
    near = chosen + jitter
    west, south, east, north = SWEDEN
    anywhere = np.column_stack(
        [rng.uniform(west, east, uniform), rng.uniform(south, north, uniform)]
    )
    points = np.vstack([near, anywhere])
    points[:, 0] = points[:, 0].clip(west, east)
    points[:, 1] = points[:, 1].clip(south, north)
    rng.shuffle(points)
    return points[:, 0], points[:, 1]


def synthetic_areas(
    rng: np.random.Generator, outline: BaseGeometry, count: int
) -> list[BaseGeometry]:
    """``count`` rectangles of varied size inside ``outline``, some overlapping."""
    west, south, east, north = outline.bounds
    areas: list[BaseGeometry] = []
    while len(areas) < count:
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        half_w, half_h = rng.uniform(0.002, 0.012), rng.uniform(0.001, 0.006)
        candidate = box(lon - half_w, lat - half_h, lon + half_w, lat + half_h)
        if candidate.within(outline):
            areas.append(candidate)
    return areas


def points_in_bounds(
    rng: np.random.Generator, bounds: tuple[float, float, float, float], n: int
) -> tuple[np.ndarray, np.ndarray]:
    west, south, east, north = bounds
    return rng.uniform(west, east, n), rng.uniform(south, north, n)


def naive_locator(keyed: Sequence[tuple[Hashable, BaseGeometry]]) -> Locator:
    """The baseline: test each polygon in order with ``contains`` until one matches."""

    def locate(lons: np.ndarray, lats: np.ndarray) -> list[Hashable | None]:
        result: list[Hashable | None] = []
        for lon, lat in zip(lons, lats, strict=True):
            point = Point(lon, lat)
            found: Hashable | None = None
            for key, polygon in keyed:
                if polygon.contains(point):
                    found = key
                    break
            result.append(found)
        return result

    return locate


def one_by_one(index: PolygonIndex) -> Locator:
    def locate(lons: np.ndarray, lats: np.ndarray) -> list[Hashable | None]:
        return [
            index.locate(lon, lat) for lon, lat in zip(lons.tolist(), lats.tolist(), strict=True)
        ]

    return locate


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def fresh(geometry: BaseGeometry) -> BaseGeometry:
    """An unprepared copy: ``PolygonIndex`` prepares its geometries in place, the baseline may not."""
    return shapely.from_wkb(shapely.to_wkb(geometry))


def measure(
    dataset: str,
    keyed: Sequence[tuple[Hashable, BaseGeometry]],
    lons: np.ndarray,
    lats: np.ndarray,
    baseline_points: int,
    single_points: int,
    builds: list[str],
) -> tuple[list[Row], int, int, list[Hashable | None]]:
    """Time all methods on one data set. Returns rows, agreement counts and the assignment.

    The time to build the index (geometry copies included) is appended to ``builds``.
    """
    plain = [(key, fresh(geometry)) for key, geometry in keyed]
    sub = slice(0, baseline_points)
    baseline_seconds, baseline = best_of(
        REPEATS, lambda: naive_locator(plain)(lons[sub], lats[sub])
    )
    build_seconds, index = best_of(
        REPEATS, lambda: PolygonIndex((key, fresh(geometry)) for key, geometry in keyed)
    )
    many_seconds, assigned = best_of(REPEATS, lambda: index.locate_many(lons, lats))
    single = slice(0, single_points)
    single_seconds, singles = best_of(
        REPEATS, lambda: one_by_one(index)(lons[single], lats[single])
    )
    agree = sum(a == b for a, b in zip(baseline, assigned[sub], strict=True))
    if singles != assigned[single]:
        raise SystemExit(f"{dataset}: locate and locate_many disagree")
    rows = [
        Row(dataset, "baseline: contains loop", len(baseline), baseline_seconds),
        Row(dataset, "PolygonIndex.locate_many", len(assigned), many_seconds),
        Row(dataset, "PolygonIndex.locate, one by one", len(singles), single_seconds),
    ]
    builds.append(
        f"{dataset}: index over {len(index)} polygons built in {build_seconds * 1000:.1f} ms"
    )
    return rows, agree, len(baseline), assigned


def print_table(rows: Sequence[Row]) -> None:
    header = (
        f"{'data set':<22} {'method':<32} {'points':>8} {'seconds':>8} {'points/s':>10} "
        f"{'vs baseline':>11}"
    )
    print(header)
    print("-" * len(header))
    baseline = 0.0
    for row in rows:
        if row.method.startswith("baseline"):
            baseline = row.per_second
        print(
            f"{row.dataset:<22} {row.method:<32} {row.points:>8,} {row.seconds:>8.3f} "
            f"{row.per_second:>10,.0f} {row.per_second / baseline:>10,.1f}×"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000, help="points to assign")
    parser.add_argument(
        "--baseline-points", type=int, default=2_000, help="subsample for the naive loop"
    )
    parser.add_argument(
        "--single-points", type=int, default=20_000, help="subsample for one-by-one locate"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)

    builds: list[str] = []
    municipalities = load_municipalities()
    keyed = [(m.code, m.boundary) for m in municipalities]
    lons, lats = national_points(rng, municipalities, args.points)
    national, agree, compared, assigned = measure(
        "290 municipalities",
        keyed,
        lons,
        lats,
        args.baseline_points,
        args.single_points,
        builds,
    )

    outline = next(m.boundary for m in municipalities if m.code == AREA_MUNICIPALITY)
    areas = [(n, polygon) for n, polygon in enumerate(synthetic_areas(rng, outline, AREA_COUNT))]
    area_lons, area_lats = points_in_bounds(rng, outline.bounds, args.points)
    local, area_agree, area_compared, area_assigned = measure(
        f"{AREA_COUNT} areas, Fagersta",
        areas,
        area_lons,
        area_lats,
        args.baseline_points,
        args.single_points,
        builds,
    )

    print(
        f"Python {platform.python_version()}, shapely {shapely.__version__} "
        f"(GEOS {shapely.geos_version_string}), numpy {np.__version__}; seed {args.seed}"
    )
    located = sum(key is not None for key in assigned)
    in_area = sum(key is not None for key in area_assigned)
    print(
        f"{args.points:,} national points, {located:,} inside a municipality; "
        f"{args.points:,} points over Fagersta's bounding box, {in_area:,} inside an area\n"
    )
    print_table([*national, *local])
    print("\n" + "\n".join(builds))
    print(
        f"\nAgreement with the baseline: municipalities {agree:,}/{compared:,}, "
        f"areas {area_agree:,}/{area_compared:,}"
    )
    return 0 if (agree == compared and area_agree == area_compared) else 1


if __name__ == "__main__":
    raise SystemExit(main())
