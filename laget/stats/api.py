"""API routes of laget.stats (issue 7): read the official statistics.

Statistics are public facts: every authenticated token may read them. Importing is done on the
pages (upload → preview → confirm), not through the API.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from laget import access
from laget.geography.models import Municipality
from laget.stats import comparisons, selectors
from laget.stats.models import Series, Value

router = Router(tags=["stats"])

MAX_VALUES = 20_000


class SeriesOut(Schema):
    key: str
    name: str
    source: str = Field(description="bra, scb, kolada, skr or other.")
    unit: str
    is_count: bool = Field(description="Counts can be compared as rates per 100 000.")
    category_key: str = Field(description="The lägesbild category it matches, if any.")
    caveat: str
    first_year: int | None
    last_year: int | None


class ValueOut(Schema):
    region_code: str = Field(description='"00" the country, "19" a county, "1982" a municipality.')
    level: str = Field(description="national, county or municipality.")
    year: int
    value: float
    imported_at: datetime.datetime
    import_id: int | None


class ValueFilter(Schema):
    region_code: str | None = Field(None, description="One region's SCB code.")
    year: int | None = None
    level: str | None = Field(None, description="national, county or municipality.")


class RateOut(Schema):
    count: int
    population: int
    rate: float = Field(description="Per 100 000 inhabitants.")
    low: float = Field(description="Exact Poisson 95 % interval, lower bound.")
    high: float


class ReferenceOut(Schema):
    kind: str = Field(description="county, national or group (SKR kommungrupp).")
    label: str
    rate: RateOut | None
    summed: bool = Field(description="True when summed from the municipalities.")
    ratio: float | None
    position_95: str | None = Field(description="above, below or within the funnel limits.")
    position_998: str | None


class YearOut(Schema):
    year: int
    value: float
    population: int | None
    rate: RateOut | None


class TrendOut(Schema):
    annual_change: float
    low: float
    high: float
    years: int
    verdict: str = Field(description="increase, decrease or no_clear_change.")


class ComparisonOut(Schema):
    municipality_code: str
    municipality: str
    series: str
    kommungrupp: str | None
    years: list[YearOut]
    latest_year: int | None
    references: list[ReferenceOut]
    trend: TrendOut | None
    caveat: str


def _reader(request: HttpRequest) -> None:
    if not access.may_read_stats(request.user):
        raise Http404


def _series(key: str) -> Series:
    series = selectors.series_get(key=key)
    if series is None:
        raise Http404
    return series


def _rate(estimate: Any) -> dict[str, Any] | None:
    if estimate is None:
        return None
    return {
        "count": estimate.count,
        "population": estimate.population,
        "rate": estimate.rate,
        "low": estimate.low,
        "high": estimate.high,
    }


@router.get("/stats/series", response=list[SeriesOut], summary="List statistical series")
def series_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every series (Brå, SCB, Kolada, other) with its first and last year."""
    _reader(request)
    return [
        {
            "key": o.series.key,
            "name": o.series.name,
            "source": o.series.source,
            "unit": o.series.unit,
            "is_count": o.series.is_count,
            "category_key": o.series.category_key,
            "caveat": o.series.caveat,
            "first_year": o.first_year,
            "last_year": o.last_year,
        }
        for o in selectors.series_overview()
    ]


@router.get(
    "/stats/series/{series_key}/values",
    response=list[ValueOut],
    summary="Values of a series",
)
def series_values(
    request: HttpRequest, series_key: str, filters: Query[ValueFilter]
) -> list[dict[str, Any]]:
    """The values of one series, per region and year (filter by region code, year, level)."""
    _reader(request)
    series = _series(series_key)
    qs = Value.objects.filter(series=series)
    if filters.region_code:
        qs = qs.filter(region_code=filters.region_code)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.level:
        qs = qs.filter(level=filters.level)
    return [
        {
            "region_code": v.region_code,
            "level": v.level,
            "year": v.year,
            "value": v.value,
            "imported_at": v.imported_at,
            "import_id": v.batch_id,
        }
        for v in qs.order_by("region_code", "year")[:MAX_VALUES]
    ]


@router.get(
    "/stats/municipalities/{municipality_code}/comparison/{series_key}",
    response=ComparisonOut,
    summary="Compare a municipality",
)
def municipality_comparison(
    request: HttpRequest, municipality_code: str, series_key: str
) -> dict[str, Any]:
    """A municipality's rates per 100 000 over the years, its latest year compared with the
    county, the country and its SKR kommungrupp (funnel limits, never a ranking), and its trend.
    """
    _reader(request)
    municipality = (
        Municipality.objects.select_related("county").filter(code=municipality_code).first()
    )
    if municipality is None:
        raise Http404
    result = comparisons.municipality_series(municipality=municipality, series=_series(series_key))
    return {
        "municipality_code": municipality.code,
        "municipality": municipality.name,
        "series": result.series.key,
        "kommungrupp": result.group,
        "years": [
            {
                "year": r.year,
                "value": r.count,
                "population": r.population,
                "rate": _rate(r.estimate),
            }
            for r in result.rows
        ],
        "latest_year": result.latest.year if result.latest else None,
        "references": [
            {
                "kind": ref.kind,
                "label": ref.label,
                "rate": _rate(ref.estimate),
                "summed": ref.summed,
                "ratio": ref.comparison.ratio if ref.comparison else None,
                "position_95": ref.comparison.verdict if ref.comparison else None,
                "position_998": ref.comparison.strict_verdict if ref.comparison else None,
            }
            for ref in result.references
        ],
        "trend": (
            {
                "annual_change": result.trend.annual_change,
                "low": result.trend.low,
                "high": result.trend.high,
                "years": result.trend.years,
                "verdict": result.trend.verdict,
            }
            if result.trend
            else None
        ),
        "caveat": result.series.caveat,
    }
