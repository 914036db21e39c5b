"""The demo's official statistics: SYNTHETIC figures ("syntetiska demodata"), never real ones.

* population for every municipality (plausible orders of magnitude for Dalarna and Västmanland,
  a pseudo-random size for the rest of the country so that national comparisons work);
* reported crimes 2015–2025 (total and three categories) for the municipalities of Dalarna (20)
  and Västmanland (19), with county and national totals;
* SKR kommungrupper (2017) for those municipalities, to the best of our knowledge, labelled demo.

Called from ``laget.demo.services.demo_load``; idempotent and fast (bulk inserts).
"""

from __future__ import annotations

import hashlib
import random

from django.db import transaction
from django.utils import timezone

from laget.audit import recorder
from laget.geography.models import County, Municipality
from laget.stats.choices import ImportKind, ImportStatus, Level, Source
from laget.stats.models import (
    POPULATION_KEY,
    ImportBatch,
    MunicipalityGroupAssignment,
    Series,
    Value,
)
from laget.stats.parsers import BRA_CAVEAT

DEMO_FILE = "syntetiska demodata"
DEMO_NOTE = "Syntetiska demodata – inte verklig statistik."
COUNTIES = ("19", "20")

#: Rough populations (synthetic, rounded) of the demo counties' municipalities.
POPULATION = {
    # Västmanland
    "1904": 4400,  # Skinnskatteberg
    "1907": 10000,  # Surahammar
    "1960": 8700,  # Kungsör
    "1961": 16300,  # Hallstahammar
    "1962": 5800,  # Norberg
    "1980": 157000,  # Västerås
    "1981": 23000,  # Sala
    "1982": 13300,  # Fagersta
    "1983": 26500,  # Köping
    "1984": 14100,  # Arboga
    # Dalarna
    "2021": 6700,  # Vansbro
    "2023": 10000,  # Malung-Sälen
    "2026": 10200,  # Gagnef
    "2029": 15900,  # Leksand
    "2031": 10900,  # Rättvik
    "2034": 6900,  # Orsa
    "2039": 7000,  # Älvdalen
    "2061": 10700,  # Smedjebacken
    "2062": 20400,  # Mora
    "2080": 59500,  # Falun
    "2081": 52000,  # Borlänge
    "2082": 11100,  # Säter
    "2083": 15200,  # Hedemora
    "2084": 23000,  # Avesta
    "2085": 25800,  # Ludvika
}
LARGE = {"0180": 980000, "1480": 600000, "1280": 360000, "0380": 240000, "0580": 165000}

#: SKR's kommungrupp 2017 of the demo municipalities (our best knowledge; demo data).
GROUPS = {
    "1904": "C8",
    "1907": "B5",
    "1960": "C7",
    "1961": "B5",
    "1962": "C7",
    "1980": "B3",
    "1981": "C6",
    "1982": "C6",
    "1983": "C6",
    "1984": "C6",
    "2021": "C8",
    "2023": "C9",
    "2026": "C7",
    "2029": "C9",
    "2031": "C9",
    "2034": "C9",
    "2039": "C9",
    "2061": "C7",
    "2062": "C6",
    "2080": "B3",
    "2081": "B3",
    "2082": "B5",
    "2083": "C7",
    "2084": "C6",
    "2085": "C6",
}

#: key → (name, lägesbild category, national rate per 100 000 in 2015, yearly change)
CRIME_SERIES = {
    "bra-anmalda-brott": ("Anmälda brott, totalt", "", 15000, -0.005),
    "bra-skadegorelse": ("Anmälda brott: Skadegörelse", "skadegorelse", 1900, -0.02),
    "bra-stold": ("Anmälda brott: Stöld och tillgrepp", "stold", 5400, -0.03),
    "bra-misshandel": ("Anmälda brott: Misshandel", "misshandel", 900, 0.005),
}
#: Municipalities whose synthetic rate departs from the country's (so the funnel shows some).
LEVELS = {"1980": 1.25, "2081": 1.3, "2023": 1.35, "2029": 0.8, "1904": 0.9, "2026": 0.7}
#: The last eleven complete years (2015–2025 when the demo is loaded in 2026).
YEARS_BACK = 11


def _population(code: str, rng: random.Random) -> int:
    if code in POPULATION:
        return POPULATION[code]
    if code in LARGE:
        return LARGE[code]
    return round(rng.lognormvariate(9.75, 0.8) / 100) * 100 + 2500


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation for large means, Knuth's method for small ones)."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, mean**0.5)))
    limit = 2.718281828459045 ** (-mean)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _rng(text: str) -> random.Random:
    """A seeded generator for synthetic demo figures (not a secret)."""
    return random.Random(_seed(text))  # noqa: S311 – synthetic demo figures, not a secret


def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


@transaction.atomic
def demo_load() -> None:
    """Create (or find) the demo's statistics; idempotent."""
    if ImportBatch.objects.filter(file_name=DEMO_FILE).exists():
        return
    municipalities = list(Municipality.objects.select_related("county").order_by("code"))
    if not municipalities:
        return
    counties = {c.code: c for c in County.objects.all()}
    now = timezone.now()
    last_year = timezone.localdate().year - 1
    years = range(last_year - YEARS_BACK + 1, last_year + 1)
    first_year = years[0]
    batch = ImportBatch.objects.create(
        kind=ImportKind.GENERIC,
        file_name=DEMO_FILE,
        sha256="0" * 64,
        status=ImportStatus.CONFIRMED,
        confirmed_at=now,
        options={"notes": [DEMO_NOTE]},
    )
    population_series, _created = Series.objects.get_or_create(
        key=POPULATION_KEY,
        defaults={
            "name": "Folkmängd",
            "source": Source.SCB,
            "unit": "invånare",
            "description": DEMO_NOTE,
        },
    )
    crime_series = {}
    for key, (name, category, _rate, _change) in CRIME_SERIES.items():
        crime_series[key], _created = Series.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "source": Source.BRA,
                "unit": "anmälda brott",
                "is_count": True,
                "category_key": category,
                "description": DEMO_NOTE,
                "caveat": BRA_CAVEAT,
            },
        )
    existing = set(
        Value.objects.filter(series__in=[population_series, *crime_series.values()]).values_list(
            "series_id", "region_code", "year"
        )
    )
    values: list[Value] = []

    def add(series: Series, level: str, code: str, year: int, value: float, **fk: object) -> None:
        if (series.pk, code, year) not in existing:
            values.append(
                Value(
                    series=series,
                    level=level,
                    region_code=code,
                    year=year,
                    value=value,
                    batch=batch,
                    imported_at=now,
                    **fk,
                )
            )

    rng = _rng("laget-demo-population")
    base = {m.code: _population(m.code, rng) for m in municipalities}
    county_population: dict[tuple[str, int], int] = {}
    national_population: dict[int, int] = {}
    for m in municipalities:
        growth = _rng(f"growth-{m.code}").uniform(-0.006, 0.012)
        for year in years:
            people = round(base[m.code] * (1 + growth) ** (year - last_year))
            add(population_series, Level.MUNICIPALITY, m.code, year, people, municipality=m)
            key = (m.county.code, year)
            county_population[key] = county_population.get(key, 0) + people
            national_population[year] = national_population.get(year, 0) + people
    for (code, year), people in county_population.items():
        add(population_series, Level.COUNTY, code, year, people, county=counties[code])
    for year, people in national_population.items():
        add(population_series, Level.NATIONAL, "00", year, people)
    demo_municipalities = [m for m in municipalities if m.county.code in COUNTIES]
    for key, (_name, _category, rate, change) in CRIME_SERIES.items():
        series = crime_series[key]
        crime_rng = _rng(f"crimes-{key}")
        county_totals: dict[tuple[str, int], int] = {}
        for year in years:
            national_rate = rate * (1 + change) ** (year - first_year)
            for m in demo_municipalities:
                people = round(base[m.code] * 1.0)
                expected = national_rate * LEVELS.get(m.code, 1.0) * people / 100_000
                count = _poisson(crime_rng, expected * crime_rng.uniform(0.95, 1.05))
                add(series, Level.MUNICIPALITY, m.code, year, count, municipality=m)
                county_key = (m.county.code, year)
                county_totals[county_key] = county_totals.get(county_key, 0) + count
            national = _poisson(crime_rng, national_rate * national_population[year] / 100_000)
            add(series, Level.NATIONAL, "00", year, national)
        for (code, year), total in county_totals.items():
            add(series, Level.COUNTY, code, year, total, county=counties[code])
    Value.objects.bulk_create(values, batch_size=2000)
    by_code = {m.code: m for m in municipalities}
    assignments = [
        MunicipalityGroupAssignment(
            municipality=by_code[code],
            group=group,
            classification_year=2017,
            source="SKR 2017 (demo – syntetiska demodata)",
            batch=batch,
            imported_at=now,
        )
        for code, group in GROUPS.items()
        if code in by_code
        and not MunicipalityGroupAssignment.objects.filter(
            municipality=by_code[code], classification_year=2017
        ).exists()
    ]
    MunicipalityGroupAssignment.objects.bulk_create(assignments)
    recorder.record(
        action="import",
        model_label="stats.Value",
        object_pk=batch.pk,
        object_repr=DEMO_FILE,
        data={"values": len(values), "groups": len(assignments), "demo": True},
    )
