"""Reads for geography, including cached spatial indexes."""

from __future__ import annotations

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


_area_indexes: dict[int, tuple[Any, PolygonIndex]] = {}


def area_index(collaboration: Any) -> PolygonIndex:
    """An index over the collaboration's active area polygons, rebuilt after any change."""
    areas = Area.objects.filter(collaboration=collaboration, is_active=True).filter(
        boundary__isnull=False
    )
    version = tuple(areas.aggregate(n=Count("pk"), latest=Max("updated_at")).values())
    cached = _area_indexes.get(collaboration.pk)
    if cached is not None and cached[0] == version:
        return cached[1]
    index = PolygonIndex(
        (pk, shape(b)) for pk, b in areas.order_by("pk").values_list("pk", "boundary")
    )
    _area_indexes[collaboration.pk] = (version, index)
    return index


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
