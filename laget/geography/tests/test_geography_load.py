"""geography_load: Sweden's 21 län, 290 kommuner and seven police regions, as the demo loads them."""

from __future__ import annotations

from collections import Counter

import pytest
from shapely.geometry import Point, shape

from laget.audit.models import AuditAction, AuditEntry
from laget.geography import selectors
from laget.geography.models import County, Municipality, PoliceRegion
from laget.geography.services import POLICE_REGIONS, geography_load

pytestmark = pytest.mark.usefixtures("demo")


def test_it_loads_every_municipality_and_county() -> None:
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21
    assert Municipality.objects.values("code").distinct().count() == 290


@pytest.mark.parametrize(
    ("code", "name", "county_code", "county_name"),
    [
        ("2085", "Ludvika", "20", "Dalarna"),
        ("1982", "Fagersta", "19", "Västmanland"),
        ("0180", "Stockholm", "01", "Stockholm"),
        ("1280", "Malmö", "12", "Skåne"),
        ("2584", "Kiruna", "25", "Norrbotten"),
        ("0980", "Gotland", "09", "Gotland"),
    ],
)
def test_it_puts_municipalities_in_their_county(
    code: str, name: str, county_code: str, county_name: str
) -> None:
    municipality = Municipality.objects.select_related("county").get(code=code)

    assert municipality.name == name
    assert municipality.county.code == county_code
    assert municipality.county.name == county_name


def test_every_municipality_code_starts_with_its_county_code() -> None:
    mismatched = [
        (code, county_code)
        for code, county_code in Municipality.objects.values_list("code", "county__code")
        if code[:2] != county_code
    ]

    assert mismatched == []


def test_every_county_has_municipalities_and_a_boundary() -> None:
    counts = dict(selectors.county_list().values_list("code", "municipality_count"))

    assert len(counts) == 21
    assert min(counts.values()) >= 1
    assert sum(counts.values()) == 290
    assert not County.objects.filter(boundary=None).exists()


def test_every_municipality_has_a_boundary_and_a_label_point() -> None:
    assert not Municipality.objects.filter(boundary=None).exists()
    assert not Municipality.objects.filter(label_lat=None).exists()
    assert not Municipality.objects.filter(label_lon=None).exists()
    for boundary in Municipality.objects.values_list("boundary", flat=True):
        assert boundary["type"] in {"Polygon", "MultiPolygon"}


def test_label_points_lie_in_sweden() -> None:
    for lat, lon in Municipality.objects.values_list("label_lat", "label_lon"):
        assert 55 < lat < 69.1
        assert 10.9 < lon < 24.2


def test_it_creates_seven_police_regions_covering_every_county_once() -> None:
    assert PoliceRegion.objects.count() == 7
    assert set(PoliceRegion.objects.values_list("name", flat=True)) == set(POLICE_REGIONS)
    covered = Counter(PoliceRegion.counties.through.objects.values_list("county__code", flat=True))

    assert set(covered) == set(County.objects.values_list("code", flat=True))
    assert set(covered.values()) == {1}


def test_fagersta_and_ludvika_are_policed_from_bergslagen() -> None:
    bergslagen = PoliceRegion.objects.get(name="Bergslagen")

    assert set(bergslagen.counties.values_list("code", flat=True)) == {"17", "18", "19", "20"}


def test_every_label_point_lies_inside_its_own_municipality() -> None:
    index = selectors.municipality_index()
    rows = list(Municipality.objects.values_list("pk", "name", "label_lon", "label_lat"))

    located = index.locate_many([row[2] for row in rows], [row[3] for row in rows])

    outside = [
        name for (pk, name, _lon, _lat), found in zip(rows, located, strict=True) if found != pk
    ]
    assert len(index) == 290
    assert outside == []


def test_the_municipality_index_agrees_with_plain_shapely_for_label_points() -> None:
    for code in ["2085", "1982", "0180", "1280", "2584", "0980"]:
        municipality = Municipality.objects.get(code=code)
        point = Point(municipality.label_lon, municipality.label_lat)

        assert shape(municipality.boundary).contains(point)
        assert selectors.municipality_index().locate(point.x, point.y) == municipality.pk


def test_municipality_list_defers_boundaries_and_filters_by_county() -> None:
    dalarna = County.objects.get(code="20")

    in_dalarna = list(selectors.municipality_list(county=dalarna))

    assert {m.code[:2] for m in in_dalarna} == {"20"}
    assert "Ludvika" in {m.name for m in in_dalarna}
    assert "boundary" in in_dalarna[0].get_deferred_fields()
    assert selectors.municipality_list().count() == 290


def test_loading_again_changes_nothing_and_writes_one_bulk_entry() -> None:
    ludvika_pk = Municipality.objects.get(code="2085").pk
    bulk_before = AuditEntry.objects.filter(action=AuditAction.BULK).count()

    result = geography_load()

    assert (result.counties, result.municipalities, result.police_regions) == (21, 290, 7)
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21
    assert PoliceRegion.objects.count() == 7
    assert PoliceRegion.counties.through.objects.count() == 21
    assert Municipality.objects.get(code="2085").pk == ludvika_pk
    bulk = AuditEntry.objects.filter(action=AuditAction.BULK)
    assert bulk.count() == bulk_before + 1
    latest = bulk.order_by("-id").first()
    assert latest is not None
    assert latest.model_label == "geography.Municipality"
    assert latest.data == {"counties": 21, "municipalities": 290}


def test_loading_again_restores_an_edited_name() -> None:
    Municipality.objects.filter(code="1982").update(name="Fel namn")

    geography_load()

    assert Municipality.objects.get(code="1982").name == "Fagersta"
    assert selectors.municipality_index().locate(15.794, 60.004) == (
        Municipality.objects.get(code="1982").pk
    )
