"""Reads for geography, including cached spatial indexes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Max, QuerySet
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from laget import access
from laget.geography.models import Area, County, Municipality
from laget.geography.spatial import PolygonIndex


@lru_cache(maxsize=1)
def _municipality_index(version: int) -> PolygonIndex:
    rows = Municipality.objects.filter(boundary__isnull=False).values_list("pk", "boundary")
    return PolygonIndex((pk, shape(boundary)) for pk, boundary in rows)


def municipality_index() -> PolygonIndex:
    """An index over all 290 municipality boundaries (rebuilt when the count changes)."""
    return _municipality_index(Municipality.objects.count())


def municipality_shape(municipality: Municipality) -> BaseGeometry | None:
    return shape(municipality.boundary) if municipality.boundary else None


@dataclass(frozen=True)
class _AreaIndex:
    """A collaboration's area polygons, indexed, with the areas themselves by primary key."""

    version: tuple[Any, ...]
    index: PolygonIndex
    areas: dict[int, Area]


_area_indexes: dict[int, _AreaIndex] = {}


def _area_entry(collaboration: Any) -> _AreaIndex:
    """The cached index of the collaboration's active area polygons, rebuilt after any change.

    Freshness: the (count, latest ``updated_at``) of those areas is read on every call; any
    save of an area bumps its ``updated_at`` (``auto_now``) and (de)activating it or removing
    its boundary changes the count, so a changed area rebuilds the index and the cached
    ``Area`` rows with it. The rows are therefore exactly what ``Area.objects.get`` would
    return, without a query per located point.
    """
    areas = Area.objects.filter(collaboration=collaboration, is_active=True).filter(
        boundary__isnull=False
    )
    version = tuple(areas.aggregate(n=Count("pk"), latest=Max("updated_at")).values())
    cached = _area_indexes.get(collaboration.pk)
    if cached is not None and cached.version == version:
        return cached
    rows = {area.pk: area for area in areas.order_by("pk")}
    entry = _AreaIndex(
        version=version,
        index=PolygonIndex((pk, shape(area.boundary)) for pk, area in rows.items()),
        areas=rows,
    )
    _area_indexes[collaboration.pk] = entry
    return entry


def area_index(collaboration: Any) -> PolygonIndex:
    """An index over the collaboration's active area polygons, rebuilt after any change."""
    return _area_entry(collaboration).index


def area_at(collaboration: Any, lon: float, lat: float) -> Area | None:
    """The collaboration's active area whose polygon holds the point (the first listed), if any.

    One query (the freshness check of the cached index). Returns a copy of the cached row, so
    a caller may change it without touching the cache shared by the process's threads.
    """
    entry = _area_entry(collaboration)
    area_id = entry.index.locate(lon, lat)
    return copy.copy(entry.areas[area_id]) if area_id is not None else None


def clear_caches() -> None:
    _municipality_index.cache_clear()
    _area_indexes.clear()


def area_list(*, user: Any, collaboration: Any) -> QuerySet[Area]:
    """The collaboration's areas that ``user`` may see."""
    return access.restrict(user, Area.objects.filter(collaboration=collaboration))


def county_list() -> QuerySet[County]:
    return County.objects.annotate(municipality_count=Count("municipalities")).order_by("code")


def municipality_list(*, county: County | None = None) -> QuerySet[Municipality]:
    qs = Municipality.objects.select_related("county").defer("boundary")
    return qs.filter(county=county) if county is not None else qs
