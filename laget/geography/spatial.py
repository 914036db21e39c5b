"""Point-in-polygon assignment with an STRtree index. Pure shapely: no Django imports.

``PolygonIndex`` answers "which polygon contains this point?" for one point or for a whole
array of points at once (vectorised through shapely 2), so that bulk imports assign thousands of
points per second (see bench/point_assignment.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

MAX_VERTICES = 200_000


class GeometryError(ValueError):
    """A geometry that cannot be used as an area boundary. ``code`` names the problem."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_polygon(data: Any) -> BaseGeometry:
    """Turn GeoJSON (geometry, Feature or FeatureCollection) into one (Multi)Polygon.

    Raises GeometryError with a machine-readable code: ``format``, ``type``, ``empty``,
    ``range``, ``invalid`` or ``size``.
    """
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise GeometryError("format", "Not a GeoJSON object.")
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features") or []
        if not isinstance(features, list):
            raise GeometryError("format", "The features must be a list.")
        geometries = [f.get("geometry") for f in features if isinstance(f, dict)]
    elif kind == "Feature":
        geometries = [data.get("geometry")]
    else:
        geometries = [data]
    shapes = [_polygon(geometry) for geometry in geometries]
    if not shapes:
        raise GeometryError("empty", "The file contains no polygon.")
    if sum(shapely.get_num_coordinates(s) for s in shapes) > MAX_VERTICES:
        raise GeometryError("size", "The polygon has too many points.")
    for polygon in shapes:
        _check_range(polygon)
        # Checked before the union: GEOS cannot union invalid input, and a symmetric bow-tie
        # has zero signed area, so it would otherwise be reported as empty.
        if not polygon.is_valid:
            raise GeometryError("invalid", "The polygon crosses itself or is otherwise invalid.")
    merged = shapely.union_all(shapes) if len(shapes) > 1 else shapes[0]
    if merged.is_empty or merged.area == 0:
        raise GeometryError("empty", "The polygon is empty.")
    return merged


def _polygon(geometry: Any) -> BaseGeometry:
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise GeometryError("type", "Only Polygon and MultiPolygon geometries can be used.")
    try:
        return shape(geometry)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, GEOSException) as exc:
        raise GeometryError("format", "The coordinates cannot be read.") from exc


def _check_range(polygon: BaseGeometry) -> None:
    coordinates = shapely.get_coordinates(polygon)
    # NaN slips through plain comparisons, so test for finite numbers explicitly.
    if not np.isfinite(coordinates).all():
        raise GeometryError("range", "Coordinates must be longitude/latitude in WGS 84.")
    lons, lats = coordinates[:, 0], coordinates[:, 1]
    if (np.abs(lons) > 180).any() or (np.abs(lats) > 90).any():
        raise GeometryError("range", "Coordinates must be longitude/latitude in WGS 84.")


def share_inside(inner: BaseGeometry, outer: BaseGeometry) -> float:
    """The share (0–1) of ``inner``'s area that lies inside ``outer``."""
    if inner.area == 0:
        return 0.0
    return float(inner.intersection(outer).area / inner.area)


class PolygonIndex:
    """An STRtree over keyed polygons. The first matching polygon wins for overlaps."""

    def __init__(self, items: Iterable[tuple[Hashable, BaseGeometry]]) -> None:
        pairs = [(key, geom) for key, geom in items if geom is not None and not geom.is_empty]
        self.keys: list[Hashable] = [key for key, _ in pairs]
        self.geometries = np.array([geom for _, geom in pairs], dtype=object)
        for geom in self.geometries:
            shapely.prepare(geom)
        self.tree = shapely.STRtree(self.geometries)

    def __len__(self) -> int:
        return len(self.keys)

    def locate(self, lon: float, lat: float) -> Hashable | None:
        return self.locate_many([lon], [lat])[0]

    def locate_many(self, lons: Sequence[float], lats: Sequence[float]) -> list[Hashable | None]:
        if len(self.keys) == 0:
            return [None] * len(lons)
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, poly_idx = self.tree.query(points, predicate="within")
        result: list[Hashable | None] = [None] * len(points)
        # Lowest polygon index wins so overlaps resolve the same way every time.
        order = np.lexsort((poly_idx, point_idx))
        for p, g in zip(point_idx[order], poly_idx[order], strict=True):
            if result[p] is None:
                result[p] = self.keys[g]
        return result
