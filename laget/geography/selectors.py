"""Reads for geography, including cached spatial indexes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
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

#: Where ``note_area_version`` leaves a freshness token read by a combined query.
_NOTED_VERSION = "_laget_area_version"
_VERSION_FIELDS = ("updated_at", "collaboration", "is_active", "boundary")


def area_version_sql(connection: Any) -> str:
    """SQL for the freshness token of a collaboration's area index: one row, two columns
    (the number of active areas with a boundary and their latest ``updated_at``), and two
    parameters: the collaboration's id and ``True``.

    Raw SQL from the model's names, so that the check costs one cheap round trip without the
    ORM building a query, and callers may fold it into a query of their own (the API's report
    intake does). A token is only ever compared with tokens read by this same SQL.
    """
    quote = connection.ops.quote_name
    meta = Area._meta
    column = {name: quote(meta.get_field(name).column) for name in _VERSION_FIELDS}
    return (  # names from the model's metadata, values as parameters
        f"SELECT COUNT(*) AS n, MAX({column['updated_at']}) AS latest "  # noqa: S608
        f"FROM {quote(meta.db_table)} WHERE {column['collaboration']} = %s "
        f"AND {column['is_active']} = %s AND {column['boundary']} IS NOT NULL"
    )


def area_version(collaboration_id: int) -> tuple[Any, ...]:
    """The current freshness token of the collaboration's area index (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(area_version_sql(connection), [collaboration_id, True])
        row = cursor.fetchone()
    return tuple(row)


def note_area_version(collaboration: Any, version: tuple[Any, ...]) -> None:
    """Hand the next area lookup for ``collaboration`` a freshness token just read by the
    caller's own query (from ``area_version_sql``), so that it needs no query of its own.
    Used once: the lookup after that checks again."""
    setattr(collaboration, _NOTED_VERSION, tuple(version))


def _area_entry(collaboration: Any) -> _AreaIndex:
    """The cached index of the collaboration's active area polygons, rebuilt after any change.

    Freshness: the (count, latest ``updated_at``) of those areas is read on every call (or
    taken from ``note_area_version``); any save of an area bumps its ``updated_at``
    (``auto_now``) and (de)activating it or removing its boundary changes the count, so a
    changed area rebuilds the index and the cached ``Area`` rows with it. The rows are
    therefore exactly what ``Area.objects.get`` would return, without a query per located
    point.
    """
    version = collaboration.__dict__.pop(_NOTED_VERSION, None)
    if version is None:
        version = area_version(collaboration.pk)
    cached = _area_indexes.get(collaboration.pk)
    if cached is not None and cached.version == version:
        return cached
    areas = Area.objects.filter(collaboration=collaboration, is_active=True).filter(
        boundary__isnull=False
    )
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
