"""Comparisons of a series between municipalities, the county, the country and kommungrupper.

Reads the figures (``selectors``) and hands them to the pure maths of
``laget.analysis.comparison``. Reads only public statistics; callers check that the person is
signed in (``access.may_read_stats``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from laget.analysis import comparison as maths
from laget.geography.models import County, Municipality
from laget.stats import selectors
from laget.stats.choices import NATIONAL_CODE, MunicipalityGroup
from laget.stats.models import Series


@dataclass
class Reference:
    """A reference rate: the county, the country or a kommungrupp, for one year."""

    kind: str  # "county", "national", "group"
    label: str
    estimate: maths.RateEstimate | None
    comparison: maths.Comparison | None = None
    #: True when the rate was summed from the municipalities (no total in the file).
    summed: bool = False


@dataclass
class YearRow:
    year: int
    count: float
    population: int | None
    population_year: int | None
    estimate: maths.RateEstimate | None


@dataclass
class MunicipalitySeries:
    """One series for one municipality: its years, the latest rate and its comparisons."""

    series: Series
    municipality: Municipality
    rows: list[YearRow]
    latest: YearRow | None
    references: list[Reference] = field(default_factory=list)
    trend: maths.Trend | None = None
    group: str | None = None


def _population_for(
    populations: dict[str, tuple[int, int]], code: str
) -> tuple[int | None, int | None]:
    found = populations.get(code)
    return (found[1], found[0]) if found else (None, None)


def _pooled(
    codes: list[str], values: dict[str, dict[int, float]], year: int, populations: dict
) -> maths.RateEstimate | None:
    pairs = []
    for code in codes:
        count = values.get(code, {}).get(year)
        population = populations.get(code)
        if count is not None and population is not None:
            pairs.append((count, population[1]))
    return maths.pooled_rate(pairs)


def _reference(
    code: str,
    member_codes: list[str],
    values: dict[str, dict[int, float]],
    year: int,
    populations: dict[str, tuple[int, int]],
) -> tuple[maths.RateEstimate | None, bool]:
    """The region's own total when the file had one (and a population), else the sum of its
    municipalities."""
    count = values.get(code, {}).get(year)
    population, _year = _population_for(populations, code)
    if count is not None and population:
        return maths.rate_estimate(count, population), False
    return _pooled(member_codes, values, year, populations), True


def municipality_series(*, municipality: Municipality, series: Series) -> MunicipalitySeries:
    """Rates per year, the latest year compared with the county, country and kommungrupp."""
    values = selectors.values_by_region(series=series)
    own = values.get(municipality.code, {})
    rows: list[YearRow] = []
    for year in sorted(own):
        populations = selectors.population_by_region(year=year)
        population, population_year = _population_for(populations, municipality.code)
        estimate = (
            maths.rate_estimate(own[year], population) if series.is_count and population else None
        )
        rows.append(YearRow(year, own[year], population, population_year, estimate))
    result = MunicipalitySeries(series, municipality, rows, rows[-1] if rows else None)
    groups = selectors.municipality_group_by_municipality()
    result.group = groups.get(municipality.pk)
    if not series.is_count or result.latest is None or result.latest.estimate is None:
        return result
    year = result.latest.year
    populations = selectors.population_by_region(year=year)
    codes_by_id = dict(Municipality.objects.values_list("pk", "code"))
    county_codes = list(
        Municipality.objects.filter(county_id=municipality.county_id).values_list("code", flat=True)
    )
    all_codes = list(codes_by_id.values())
    county_estimate, county_summed = _reference(
        municipality.county.code, county_codes, values, year, populations
    )
    national_estimate, national_summed = _reference(
        NATIONAL_CODE, all_codes, values, year, populations
    )
    references = [
        Reference("county", str(municipality.county), county_estimate, summed=county_summed),
        Reference("national", "Riket", national_estimate, summed=national_summed),
    ]
    if result.group:
        group_codes = [codes_by_id[pk] for pk, g in groups.items() if g == result.group]
        references.append(
            Reference(
                "group",
                str(MunicipalityGroup(result.group).label),
                _pooled(group_codes, values, year, populations),
                summed=True,
            )
        )
    for reference in references:
        if reference.estimate is not None:
            reference.comparison = maths.compare(result.latest.estimate, reference.estimate.rate)
    result.references = references
    result.trend = maths.trend(
        {r.year: (r.count, r.population) for r in rows if r.population is not None}
    )
    return result


@dataclass
class CountyRow:
    municipality: Municipality
    count: float | None
    population: int | None
    estimate: maths.RateEstimate | None
    against_county: maths.Comparison | None
    against_national: maths.Comparison | None
    group: str | None


@dataclass
class CountyComparison:
    county: County
    series: Series
    year: int | None
    years: list[int]
    rows: list[CountyRow]
    county_rate: maths.RateEstimate | None
    national_rate: maths.RateEstimate | None
    county_summed: bool = False
    national_summed: bool = False
    funnel: maths.Funnel | None = None
    #: "national" or "county": the funnel's reference line.
    funnel_reference: str = "national"


def rates_for_county(
    *,
    county: County,
    series: Series,
    year: int | None = None,
    reference: str = "national",
    adjust_overdispersion: bool = False,
) -> CountyComparison:
    """Every municipality of the county for one year (the latest by default), in alphabetical
    order — never ranked — with the funnel plot around the country's (or county's) rate."""
    years = selectors.series_years(series=series)
    if year not in years:
        year = years[-1] if years else None
    municipalities = list(county.municipalities.order_by("name"))
    if year is None:
        return CountyComparison(county, series, None, years, [], None, None)
    values = selectors.values_by_region(series=series, year=year)
    populations = selectors.population_by_region(year=year)
    groups = selectors.municipality_group_by_municipality()
    all_codes = list(Municipality.objects.values_list("code", flat=True))
    county_rate, county_summed = _reference(
        county.code, [m.code for m in municipalities], values, year, populations
    )
    national_rate, national_summed = _reference(NATIONAL_CODE, all_codes, values, year, populations)
    pairs = [
        (values.get(m.code, {}).get(year), _population_for(populations, m.code)[0])
        for m in municipalities
    ]

    def phi_for(reference: maths.RateEstimate | None) -> float:
        if not adjust_overdispersion or reference is None:
            return 1.0
        phi, significant = maths.overdispersion(pairs, reference.rate)
        return phi if significant and phi > 1 else 1.0

    county_phi, national_phi = phi_for(county_rate), phi_for(national_rate)
    rows = []
    for m, (count, population) in zip(municipalities, pairs, strict=True):
        estimate = (
            maths.rate_estimate(count, population)
            if series.is_count and count is not None and population
            else None
        )
        rows.append(
            CountyRow(
                m,
                count,
                population,
                estimate,
                maths.compare(estimate, county_rate.rate, county_phi)
                if estimate and county_rate
                else None,
                maths.compare(estimate, national_rate.rate, national_phi)
                if estimate and national_rate
                else None,
                groups.get(m.pk),
            )
        )
    result = CountyComparison(
        county,
        series,
        year,
        years,
        rows,
        county_rate,
        national_rate,
        county_summed,
        national_summed,
    )
    chosen = county_rate if reference == "county" else national_rate
    result.funnel_reference = "county" if reference == "county" else "national"
    if chosen is not None and series.is_count:
        result.funnel = maths.funnel(
            [(r.municipality.code, r.municipality.name, r.count, r.population) for r in rows],
            chosen.rate,
            adjust_overdispersion=adjust_overdispersion,
        )
    return result
