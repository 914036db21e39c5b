"""Turn a period's aggregates into the lägesbild's snapshot: plain JSON, frozen on adoption.

The selectors fetch the data with a handful of aggregate queries (``selectors.situation_inputs``);
this module hands them to the pure analysis (``laget.analysis``) and writes down the result.
The snapshot stores ids *and* the labels of the moment, so an adopted lägesbild reads the same
after a category or an area is renamed. ``SCHEMA`` changes when the shape does.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from laget.analysis import alerts as alerts_analysis
from laget.analysis import compile as compile_analysis
from laget.analysis import hotspots as hotspot_analysis
from laget.analysis import patterns

SCHEMA = 1
#: The hot-spot study area reaches this far (metres) beyond the collaboration's areas.
STUDY_MARGIN_M = 1000
#: Alerts for a category in all areas together carry this instead of an area id.
ALL_AREAS = "all"


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    key: str
    name: str
    label: str
    is_active: bool = True


@dataclass(frozen=True)
class ExpectedUnit:
    """A unit (or, for reporters without a unit, an organisation) expected to answer weekly."""

    organisation_id: int
    organisation: str
    unit_id: int | None
    unit: str | None


@dataclass
class SituationInputs:
    """Everything the compilation needs, fetched by ``selectors.situation_inputs``."""

    period: compile_analysis.Period
    #: bucket name (``compile.comparison_buckets``) → (category, area) → count
    sums: dict[str, dict[tuple[Any, Any], int]]
    #: (category, area) → the most serious traffic light of the period
    assessments: dict[tuple[Any, Any], str]
    categories: list[CategoryInfo]
    areas: list[tuple[int, str]]
    history_start: datetime.date | None
    weekday_hour: list[tuple[int, int, int]]
    weekday_hour_range: tuple[datetime.date, datetime.date]
    seasonal: list[tuple[datetime.date, int]]  # (first day of the month, count)
    seasonal_start: datetime.date | None
    points: list[tuple[float, float, int, int | None, int]]
    extent: tuple[float, float, float, float] | None  # the areas' bounding box
    expected_units: list[ExpectedUnit]
    answered: set[tuple[int, int | None, datetime.date]] = field(default_factory=set)
    baseline_periods: int = 12
    info_classes: list[str] = field(default_factory=list)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _period(p: compile_analysis.Period) -> dict[str, str]:
    return {"kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat()}


def _alerts(compilation: compile_analysis.Compilation) -> list[dict[str, Any]]:
    observed: dict[Any, int] = {}
    baselines: dict[Any, list[int]] = {}
    for (category, area), cell in compilation.cells.items():
        observed[(category, area)] = cell.count
        baselines[(category, area)] = compilation.series[(category, area)]
    if len(compilation.areas) > 1:
        for category in compilation.categories:
            observed[(category, ALL_AREAS)] = compilation.category_totals[category].count
            baselines[(category, ALL_AREAS)] = [
                sum(values)
                for values in zip(
                    *(compilation.series[(category, a)] for a in compilation.areas), strict=True
                )
            ]
    found = alerts_analysis.find_alerts(observed, baselines, use_ewma=True)
    return [{"category": a.key[0], "area": a.key[1], **a.as_dict()} for a in found]


def _missing_units(inputs: SituationInputs) -> dict[str, Any]:
    weeks = inputs.period.weeks()
    missing = []
    for unit in inputs.expected_units:
        answered = sum(
            1 for w in weeks if (unit.organisation_id, unit.unit_id, w) in inputs.answered
        )
        if answered < len(weeks):
            missing.append(
                {
                    "organisation": unit.organisation,
                    "unit": unit.unit,
                    "answered_weeks": answered,
                    "weeks": len(weeks),
                }
            )
    return {"expected": len(inputs.expected_units), "weeks": len(weeks), "missing": missing}


def _widened(
    extent: tuple[float, float, float, float] | None,
) -> tuple[float, float, float, float] | None:
    """The areas' bounding box with a margin: the hot-spot study area (the points widen it).

    The areas are where the group looks; the whole municipality's box would, in a large rural
    municipality, mostly hold forest and lakes and make any handful of reports look clustered.
    """
    if extent is None:
        return None
    west, south, east, north = extent
    dlat = STUDY_MARGIN_M / 111_195
    dlon = dlat / max(math.cos(math.radians((south + north) / 2)), 0.01)
    return (west - dlon, south - dlat, east + dlon, north + dlat)


def snapshot_build(inputs: SituationInputs) -> dict[str, Any]:
    """The lägesbild's snapshot for ``inputs.period`` (see the module's docstring)."""
    period = inputs.period
    keys = {key for bucket in inputs.sums.values() for key in bucket}
    with_data = {category for category, _area in keys}
    categories = [c for c in inputs.categories if c.is_active or c.id in with_data]
    area_ids: list[int | None] = [a for a, _name in inputs.areas]
    if any(area is None for _category, area in keys):
        area_ids.append(None)
    compilation = compile_analysis.compile_sums(
        inputs.sums,
        period,
        assessments=inputs.assessments,
        categories=[c.id for c in categories],
        areas=area_ids,
        baseline_periods=inputs.baseline_periods,
        history_start=inputs.history_start,
    )
    lons = [p[0] for p in inputs.points]
    lats = [p[1] for p in inputs.points]
    hot = hotspot_analysis.find_hotspots(
        lons, lats, weights=[p[4] for p in inputs.points], extent=_widened(inputs.extent)
    )
    history_end = period.end
    seasonal = patterns.seasonal_profile(
        inputs.seasonal,
        coverage=(inputs.seasonal_start, history_end) if inputs.seasonal_start else None,
    )
    matrix = patterns.weekday_hour_from_counts(inputs.weekday_hour)
    return {
        "schema": SCHEMA,
        "period": _period(period),
        "previous": _period(compilation.previous),
        "last_year": _period(compilation.last_year),
        "baseline": {
            "periods": len(compilation.baseline_periods),
            "start": _iso(compilation.baseline_periods[0].start)
            if compilation.baseline_periods
            else None,
        },
        "categories": [
            {"id": c.id, "key": c.key, "name": c.name, "label": c.label, "active": c.is_active}
            for c in categories
        ],
        "areas": [{"id": a, "name": name} for a, name in inputs.areas]
        + ([{"id": None, "name": ""}] if None in area_ids else []),
        "cells": [
            {"category": c, "area": a, **cell.as_dict()}
            for (c, a), cell in compilation.cells.items()
        ],
        "category_totals": [
            {"category": c, **cell.as_dict()} for c, cell in compilation.category_totals.items()
        ],
        "area_totals": [
            {"area": a, **cell.as_dict()} for a, cell in compilation.area_totals.items()
        ],
        "total": compilation.total.as_dict(),
        "windows": [
            {
                "key": w.key,
                "start": _iso(w.start),
                "end": _iso(w.end),
                "earlier_start": _iso(w.earlier_start),
                "earlier_end": _iso(w.earlier_end),
            }
            for w in compilation.windows
        ],
        "compstat": [
            {"category": c, "values": {k: ch.as_dict() for k, ch in values.items()}}
            for c, values in compilation.compstat.items()
        ],
        "alerts": _alerts(compilation),
        "hotspots": {"summary": hot.summary(), "geojson": hot.as_geojson()},
        "points": [[round(lon, 6), round(lat, 6), c, a, n] for lon, lat, c, a, n in inputs.points],
        "weekday_hour": {
            "start": _iso(inputs.weekday_hour_range[0]),
            "end": _iso(inputs.weekday_hour_range[1]),
            "matrix": matrix,
            "total": sum(map(sum, matrix)),
        },
        "seasonal": {
            **seasonal.as_dict(),
            "coverage": [_iso(inputs.seasonal_start), _iso(history_end)],
        },
        "units": _missing_units(inputs),
        "report_count": compilation.report_count,
        "info_classes": inputs.info_classes,
    }
