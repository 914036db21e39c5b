"""Areas (områden): the services area_create, area_update and point_locate, and their views.

The demo's Fagersta collaboration has four areas with polygons (Centrum, Västanfors,
Brandbergen, Ängelsberg) and one without (Idrottsplatsen).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from shapely.geometry import shape

from laget.demo.data import box
from laget.geography import selectors
from laget.geography.choices import AreaKind
from laget.geography.forms import MAX_GEOJSON_BYTES
from laget.geography.models import Area
from laget.geography.services import area_create, area_update, point_locate
from laget.organisations.models import Collaboration

#: Open ground in Fagersta municipality, clear of the demo areas.
FREE_LON, FREE_LAT = 15.830, 59.985
INSIDE_FAGERSTA = box(FREE_LON, FREE_LAT, 0.005, 0.003)
IN_STOCKHOLM = box(18.07, 59.33, 0.01, 0.005)
#: Fagersta's label point: inside the municipality, outside every demo area.
FAGERSTA_LABEL = (15.8870799891, 59.9473411343)
LUDVIKA_CENTRUM = (15.188, 60.149)

BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [[15.82, 59.98], [15.84, 59.99], [15.84, 59.98], [15.82, 59.99], [15.82, 59.98]]
    ],
}
INVALID_GEOJSON: list[tuple[str, Any, str]] = [
    ("string", "POLYGON((15 60, 16 60, 16 61, 15 60))", "format"),
    ("number", 42, "format"),
    ("list", [[15.8, 60.0]], "format"),
    ("empty-object", {}, "format"),
    ("type-a-list", {"type": ["Polygon"]}, "format"),
    ("features-a-number", {"type": "FeatureCollection", "features": 5}, "format"),
    ("coordinates-garbage", {"type": "Polygon", "coordinates": "abc"}, "format"),
    (
        "nan",
        {"type": "Polygon", "coordinates": [[[float("nan"), 60], [16, 60], [16, 61], [0, 0]]]},
        "format",
    ),
    ("point", {"type": "Point", "coordinates": [15.8, 60.0]}, "type"),
    ("line", {"type": "LineString", "coordinates": [[15.8, 60.0], [15.9, 60.0]]}, "type"),
    ("empty-collection", {"type": "FeatureCollection", "features": []}, "empty"),
    ("sweref99", box(565_000, 6_650_000, 500, 500), "range"),
    ("bow-tie", BOW_TIE, "invalid"),
    (
        "two-bow-ties",
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": BOW_TIE},
                {"type": "Feature", "geometry": BOW_TIE},
            ],
        },
        "invalid",
    ),
]


def boundary_code(excinfo: pytest.ExceptionInfo[ValidationError]) -> str | None:
    return excinfo.value.error_dict["boundary"][0].code


def upload(data: Any, name: str = "omrade.geojson") -> SimpleUploadedFile:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/geo+json")


def area_names(collaboration: Collaboration) -> set[str]:
    return set(collaboration.areas.values_list("name", flat=True))


# --- area_create ------------------------------------------------------------------------------


def test_it_creates_an_area_inside_the_municipality(fagersta: Collaboration) -> None:
    area = area_create(
        collaboration=fagersta,
        name="  Norra industriområdet ",
        kind=AreaKind.INDUSTRIAL,
        description="Kring stationen.",
        boundary=INSIDE_FAGERSTA,
    )

    area.refresh_from_db()
    assert area.collaboration == fagersta
    assert area.name == "Norra industriområdet"
    assert area.kind == AreaKind.INDUSTRIAL
    assert area.is_active
    assert area.boundary["type"] == "Polygon"
    assert shape(area.boundary).equals(shape(INSIDE_FAGERSTA))


def test_it_stores_a_feature_collection_as_one_geometry(fagersta: Collaboration) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": box(15.825, 59.985, 0.004, 0.002)},
            {"type": "Feature", "properties": {}, "geometry": box(15.845, 59.985, 0.004, 0.002)},
        ],
    }

    area = area_create(collaboration=fagersta, name="Två delar", kind="other", boundary=data)

    assert area.boundary["type"] == "MultiPolygon"


def test_it_creates_an_area_without_a_boundary(fagersta: Collaboration) -> None:
    area = area_create(collaboration=fagersta, name="Skolgården", kind=AreaKind.SCHOOL)

    assert area.pk is not None
    assert area.boundary is None


def test_it_rejects_a_polygon_in_another_municipality(fagersta: Collaboration) -> None:
    before = Area.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        area_create(
            collaboration=fagersta, name="Sergels torg", kind="centre", boundary=IN_STOCKHOLM
        )

    assert boundary_code(excinfo) == "outside"
    assert "Fagersta" in excinfo.value.error_dict["boundary"][0].message
    assert Area.objects.count() == before


def test_it_rejects_a_polygon_mostly_outside_the_municipality(fagersta: Collaboration) -> None:
    # Straddles Fagersta's northern edge (about latitude 60.047) with most of it outside.
    straddling = box(15.90, 60.06, 0.02, 0.02)

    with pytest.raises(ValidationError) as excinfo:
        area_create(collaboration=fagersta, name="Gränsen", kind="other", boundary=straddling)

    assert boundary_code(excinfo) == "outside"
    assert not Area.objects.filter(name="Gränsen").exists()


@pytest.mark.parametrize(
    ("data", "code"),
    [(data, code) for _name, data, code in INVALID_GEOJSON],
    ids=[name for name, _data, _code in INVALID_GEOJSON],
)
def test_it_rejects_invalid_geojson_with_a_validation_error(
    fagersta: Collaboration, data: Any, code: str
) -> None:
    before = Area.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        area_create(collaboration=fagersta, name="Trasig", kind="other", boundary=data)

    assert boundary_code(excinfo) == code
    assert Area.objects.count() == before


def test_it_rejects_a_duplicate_name_in_the_same_collaboration(fagersta: Collaboration) -> None:
    before = Area.objects.count()

    with pytest.raises(ValidationError):
        area_create(collaboration=fagersta, name=" Centrum ", kind="centre")

    assert Area.objects.count() == before


def test_the_same_name_is_fine_in_another_collaboration(
    fagersta: Collaboration, ludvika: Collaboration
) -> None:
    area_create(collaboration=fagersta, name="Stationen", kind="other")

    area = area_create(collaboration=ludvika, name="Stationen", kind="other")

    assert area.collaboration == ludvika


def test_it_rejects_an_empty_name(fagersta: Collaboration) -> None:
    with pytest.raises(ValidationError) as excinfo:
        area_create(collaboration=fagersta, name="   ", kind="other")

    assert "name" in excinfo.value.error_dict


def test_it_rejects_an_unknown_kind(fagersta: Collaboration) -> None:
    with pytest.raises(ValidationError) as excinfo:
        area_create(collaboration=fagersta, name="Nytt", kind="castle")

    assert "kind" in excinfo.value.error_dict


# --- area_update ------------------------------------------------------------------------------


def centrum(fagersta: Collaboration) -> Area:
    return fagersta.areas.get(name="Centrum")


def test_it_replaces_the_boundary(fagersta: Collaboration) -> None:
    area = centrum(fagersta)

    area_update(area=area, name="Centrum", kind="centre", boundary=INSIDE_FAGERSTA)

    area.refresh_from_db()
    assert shape(area.boundary).equals(shape(INSIDE_FAGERSTA))


def test_it_keeps_the_boundary_when_none_is_given(fagersta: Collaboration) -> None:
    area = centrum(fagersta)
    old = area.boundary

    area_update(area=area, name="Centrala Fagersta", kind="centre", description="Ny text")

    area.refresh_from_db()
    assert area.name == "Centrala Fagersta"
    assert area.description == "Ny text"
    assert shape(area.boundary).equals(shape(old))


def test_it_removes_the_boundary(fagersta: Collaboration) -> None:
    area = centrum(fagersta)

    area_update(area=area, name="Centrum", kind="centre", remove_boundary=True)

    area.refresh_from_db()
    assert area.boundary is None


def test_removing_wins_over_a_new_boundary(fagersta: Collaboration) -> None:
    area = centrum(fagersta)

    area_update(
        area=area, name="Centrum", kind="centre", boundary=INSIDE_FAGERSTA, remove_boundary=True
    )

    area.refresh_from_db()
    assert area.boundary is None


def test_a_rejected_update_leaves_the_area_unchanged(fagersta: Collaboration) -> None:
    area = centrum(fagersta)
    old = area.boundary

    with pytest.raises(ValidationError) as excinfo:
        area_update(area=area, name="Flyttat", kind="centre", boundary=IN_STOCKHOLM)

    assert boundary_code(excinfo) == "outside"
    stored = Area.objects.get(pk=area.pk)
    assert stored.name == "Centrum"
    assert stored.boundary == old


def test_it_rejects_renaming_to_an_existing_name(fagersta: Collaboration) -> None:
    area = centrum(fagersta)

    with pytest.raises(ValidationError):
        area_update(area=area, name="Västanfors", kind="centre")

    assert Area.objects.get(pk=area.pk).name == "Centrum"


def test_it_deactivates_an_area(fagersta: Collaboration) -> None:
    area = centrum(fagersta)

    area_update(area=area, name="Centrum", kind="centre", is_active=False)

    assert not Area.objects.get(pk=area.pk).is_active


# --- point_locate -----------------------------------------------------------------------------


def test_it_assigns_a_point_to_the_area_around_it(fagersta: Collaboration) -> None:
    located = point_locate(collaboration=fagersta, lon=15.794, lat=60.004)

    assert located.municipality.code == "1982"
    assert located.area == centrum(fagersta)


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(15.787, 60.001), (15.801, 60.007), ("15.794", "60.004")],
    ids=["south-west-corner", "north-east-corner", "strings"],
)
def test_it_assigns_points_near_the_edges_of_centrum(
    fagersta: Collaboration, lon: Any, lat: Any
) -> None:
    assert point_locate(collaboration=fagersta, lon=lon, lat=lat).area == centrum(fagersta)


def test_a_point_outside_every_area_gets_the_municipality_only(fagersta: Collaboration) -> None:
    located = point_locate(collaboration=fagersta, lon=FAGERSTA_LABEL[0], lat=FAGERSTA_LABEL[1])

    assert located.municipality == fagersta.municipality
    assert located.area is None


def test_a_point_in_another_municipality_is_rejected(fagersta: Collaboration) -> None:
    with pytest.raises(ValidationError) as excinfo:
        point_locate(collaboration=fagersta, lon=LUDVIKA_CENTRUM[0], lat=LUDVIKA_CENTRUM[1])

    assert excinfo.value.code == "outside"
    assert "Fagersta" in excinfo.value.messages[0]


def test_ludvika_gets_its_own_centrum(ludvika: Collaboration) -> None:
    located = point_locate(collaboration=ludvika, lon=LUDVIKA_CENTRUM[0], lat=LUDVIKA_CENTRUM[1])

    assert located.municipality.code == "2085"
    assert located.area is not None
    assert located.area.collaboration == ludvika
    assert located.area.name == "Centrum"


@pytest.mark.parametrize("lon", ["öster", None, "", [15.8], "15,794"])
def test_a_non_numeric_position_is_rejected(fagersta: Collaboration, lon: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        point_locate(collaboration=fagersta, lon=lon, lat=60.004)

    assert excinfo.value.code == "invalid"


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(181, 60), (15.8, -91), (float("nan"), 60), (15.8, float("inf")), (1_570_000, 6_650_000)],
    ids=["east", "south", "nan", "inf", "sweref99"],
)
def test_a_position_outside_lon_lat_is_rejected(
    fagersta: Collaboration, lon: float, lat: float
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        point_locate(collaboration=fagersta, lon=lon, lat=lat)

    assert excinfo.value.code == "range"


def test_the_area_index_sees_a_new_area_at_once(fagersta: Collaboration) -> None:
    assert point_locate(collaboration=fagersta, lon=FREE_LON, lat=FREE_LAT).area is None

    area = area_create(collaboration=fagersta, name="Nytt", kind="other", boundary=INSIDE_FAGERSTA)

    assert point_locate(collaboration=fagersta, lon=FREE_LON, lat=FREE_LAT).area == area


def test_the_area_index_sees_a_moved_boundary_at_once(fagersta: Collaboration) -> None:
    area = centrum(fagersta)
    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area == area

    area_update(area=area, name="Centrum", kind="centre", boundary=INSIDE_FAGERSTA)

    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area is None
    assert point_locate(collaboration=fagersta, lon=FREE_LON, lat=FREE_LAT).area == area


def test_the_area_index_forgets_a_deactivated_area_at_once(fagersta: Collaboration) -> None:
    area = centrum(fagersta)
    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area == area

    area_update(area=area, name="Centrum", kind="centre", is_active=False)

    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area is None


def test_the_area_index_forgets_a_removed_boundary_at_once(fagersta: Collaboration) -> None:
    area = centrum(fagersta)
    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area == area

    area_update(area=area, name="Centrum", kind="centre", remove_boundary=True)

    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area is None


def test_a_located_area_is_read_fresh_after_a_rename(fagersta: Collaboration) -> None:
    area = centrum(fagersta)
    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area.name == "Centrum"

    area_update(area=area, name="Torget", kind="centre")

    assert point_locate(collaboration=fagersta, lon=15.794, lat=60.004).area.name == "Torget"


def test_a_located_area_costs_one_query_and_is_a_copy(fagersta: Collaboration) -> None:
    first = selectors.area_at(fagersta, 15.794, 60.004)
    first.name = "Ändrad av anroparen"

    with CaptureQueriesContext(connection) as queries:
        again = selectors.area_at(fagersta, 15.794, 60.004)

    assert len(queries) == 1  # the index's freshness check; the area comes from the cache
    assert again == centrum(fagersta) and again.name == "Centrum"


def test_the_area_index_is_reused_while_nothing_changes(fagersta: Collaboration) -> None:
    first = selectors.area_index(fagersta)

    assert selectors.area_index(fagersta) is first
    assert len(first) == 4  # Idrottsplatsen has no polygon


# --- views ------------------------------------------------------------------------------------


def list_url(collaboration: Collaboration) -> str:
    return reverse("geography:area_list", kwargs={"collaboration_id": collaboration.pk})


def create_url(collaboration: Collaboration) -> str:
    return reverse("geography:area_create", kwargs={"collaboration_id": collaboration.pk})


def detail_url(area: Area) -> str:
    kwargs = {"collaboration_id": area.collaboration_id, "area_id": area.pk}
    return reverse("geography:area_detail", kwargs=kwargs)


def update_url(area: Area) -> str:
    kwargs = {"collaboration_id": area.collaboration_id, "area_id": area.pk}
    return reverse("geography:area_update", kwargs=kwargs)


def form_data(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Stationsområdet",
        "kind": "other",
        "description": "",
        "is_active": "on",
        **extra,
    }


@pytest.fixture
def coordinator_client(fagersta_coordinator: Any, client_for: Any) -> Any:
    return client_for(fagersta_coordinator)


def test_the_list_shows_the_collaborations_areas(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    response = coordinator_client.get(list_url(fagersta))

    assert response.status_code == 200
    assert {a.name for a in response.context["areas"]} == {
        "Centrum",
        "Västanfors",
        "Brandbergen",
        "Ängelsberg",
        "Idrottsplatsen",
    }
    assert {a["name"] for a in response.context["map_data"]["areas"]} == {
        "Centrum",
        "Västanfors",
        "Brandbergen",
        "Ängelsberg",
    }
    assert "Västanfors" in response.content.decode()


def test_the_detail_page_shows_one_area(coordinator_client: Any, fagersta: Collaboration) -> None:
    area = centrum(fagersta)

    response = coordinator_client.get(detail_url(area))

    assert response.status_code == 200
    assert response.context["area"] == area
    assert [a["id"] for a in response.context["map_data"]["areas"]] == [area.pk]


def test_a_reporter_can_read_the_areas(
    fagersta_reporter: Any, client_for: Any, fagersta: Collaboration
) -> None:
    client = client_for(fagersta_reporter)

    assert client.get(list_url(fagersta)).status_code == 200
    assert client.get(detail_url(centrum(fagersta))).status_code == 200


def test_an_outsider_gets_404(
    ludvika_coordinator: Any, client_for: Any, fagersta: Collaboration
) -> None:
    client = client_for(ludvika_coordinator)
    area = centrum(fagersta)

    for url in [list_url(fagersta), detail_url(area), create_url(fagersta), update_url(area)]:
        assert client.get(url).status_code == 404


def test_an_area_is_not_shown_under_another_collaboration(
    coordinator_client: Any, fagersta: Collaboration, ludvika: Collaboration
) -> None:
    area = centrum(fagersta)
    url = reverse(
        "geography:area_detail", kwargs={"collaboration_id": ludvika.pk, "area_id": area.pk}
    )

    assert coordinator_client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client: Any, fagersta: Collaboration) -> None:
    response = client.get(list_url(fagersta))

    assert response.status_code == 302
    assert Area.objects.filter(collaboration=fagersta).count() == 5


def test_the_create_form_renders(coordinator_client: Any, fagersta: Collaboration) -> None:
    response = coordinator_client.get(create_url(fagersta))

    assert response.status_code == 200
    assert "boundary_file" in response.context["form"].fields


def test_it_creates_an_area_from_an_uploaded_file(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    geojson = {"type": "Feature", "properties": {}, "geometry": INSIDE_FAGERSTA}

    response = coordinator_client.post(
        create_url(fagersta), form_data(boundary_file=upload(geojson))
    )

    area = fagersta.areas.get(name="Stationsområdet")
    assert response.status_code == 302
    assert response["Location"] == detail_url(area)
    assert shape(area.boundary).equals(shape(INSIDE_FAGERSTA))


def test_it_creates_an_area_from_a_drawn_boundary(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    response = coordinator_client.post(
        create_url(fagersta), form_data(boundary_drawn=json.dumps(INSIDE_FAGERSTA))
    )

    area = fagersta.areas.get(name="Stationsområdet")
    assert response.status_code == 302
    assert shape(area.boundary).equals(shape(INSIDE_FAGERSTA))
    assert point_locate(collaboration=fagersta, lon=FREE_LON, lat=FREE_LAT).area == area


def test_an_uploaded_file_wins_over_a_drawn_boundary(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    drawn = box(15.75, 60.02, 0.004, 0.002)

    coordinator_client.post(
        create_url(fagersta),
        form_data(boundary_file=upload(INSIDE_FAGERSTA), boundary_drawn=json.dumps(drawn)),
    )

    area = fagersta.areas.get(name="Stationsområdet")
    assert shape(area.boundary).equals(shape(INSIDE_FAGERSTA))


def test_it_creates_an_area_without_a_boundary_through_the_form(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    response = coordinator_client.post(create_url(fagersta), form_data())

    assert response.status_code == 302
    assert fagersta.areas.get(name="Stationsområdet").boundary is None


@pytest.mark.parametrize(
    "content",
    [
        b"this is not json",
        b"\xff\xfe\x00 not utf-8",
        b"null",
        b'{"type": "Polygon", "coordinates": [[[15.82, 59.98], [15.84, 59.98]',
        # Padded past the limit with whitespace, so only the size is wrong.
        json.dumps(INSIDE_FAGERSTA).encode() + b" " * MAX_GEOJSON_BYTES,
    ],
    ids=["text", "binary", "null", "truncated", "too-large"],
)
def test_a_bad_upload_re_renders_the_form(
    coordinator_client: Any, fagersta: Collaboration, content: bytes
) -> None:
    before = Area.objects.count()

    response = coordinator_client.post(
        create_url(fagersta), form_data(boundary_file=upload(content))
    )

    assert response.status_code == 200
    assert "boundary_file" in response.context["form"].errors
    assert Area.objects.count() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "boundary_file"),
        ([], "boundary_file"),
        ({"type": "Point", "coordinates": [15.83, 59.985]}, "boundary_file"),
        (IN_STOCKHOLM, "boundary_file"),
        (BOW_TIE, "boundary_drawn"),
        (IN_STOCKHOLM, "boundary_drawn"),
    ],
    ids=["empty-object", "empty-list", "point", "stockholm", "drawn-bow-tie", "drawn-stockholm"],
)
def test_a_boundary_the_service_rejects_re_renders_the_form(
    coordinator_client: Any, fagersta: Collaboration, data: Any, field: str
) -> None:
    before = Area.objects.count()
    value = upload(data) if field == "boundary_file" else json.dumps(data)

    response = coordinator_client.post(create_url(fagersta), form_data(**{field: value}))

    form = response.context["form"]
    assert response.status_code == 200
    # An uploaded file's error is shown next to the file input; a drawn one's above the form.
    if field == "boundary_file":
        assert form.errors["boundary_file"]
        assert not form.non_field_errors()
    else:
        assert form.non_field_errors()
    assert Area.objects.count() == before


def test_a_stockholm_polygon_names_the_municipality_on_the_form(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    response = coordinator_client.post(
        create_url(fagersta), form_data(boundary_file=upload(IN_STOCKHOLM))
    )

    assert "Fagersta" in " ".join(response.context["form"].errors["boundary_file"])
    assert not fagersta.areas.filter(name="Stationsområdet").exists()


def test_an_unreadable_drawn_boundary_re_renders_the_form(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    response = coordinator_client.post(create_url(fagersta), form_data(boundary_drawn="{[}"))

    assert response.status_code == 200
    assert "boundary_drawn" in response.context["form"].errors
    assert not fagersta.areas.filter(name="Stationsområdet").exists()


def test_a_duplicate_name_re_renders_the_form(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    before = Area.objects.count()

    response = coordinator_client.post(create_url(fagersta), form_data(name="Centrum"))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Area.objects.count() == before


def test_the_update_form_replaces_the_boundary(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    area = centrum(fagersta)

    response = coordinator_client.post(
        update_url(area),
        form_data(name="Centrum", kind="centre", boundary_file=upload(INSIDE_FAGERSTA)),
    )

    area.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == detail_url(area)
    assert shape(area.boundary).equals(shape(INSIDE_FAGERSTA))


def test_the_update_form_removes_the_boundary_and_deactivates(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    area = centrum(fagersta)
    data = form_data(name="Centrum", kind="centre", remove_boundary="on")
    del data["is_active"]

    response = coordinator_client.post(update_url(area), data)

    area.refresh_from_db()
    assert response.status_code == 302
    assert area.boundary is None
    assert not area.is_active


def test_the_update_form_keeps_the_old_boundary_on_error(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    area = centrum(fagersta)
    old = area.boundary

    response = coordinator_client.post(
        update_url(area),
        form_data(name="Centrum", kind="centre", boundary_file=upload(IN_STOCKHOLM)),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["boundary_file"]
    assert Area.objects.get(pk=area.pk).boundary == old


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_reporter_cannot_create_or_change_areas(
    fagersta_reporter: Any, client_for: Any, fagersta: Collaboration, method: str
) -> None:
    client = client_for(fagersta_reporter)
    area = centrum(fagersta)
    old = area.boundary
    before = Area.objects.count()
    send = getattr(client, method)

    created = send(create_url(fagersta), form_data(boundary_drawn=json.dumps(INSIDE_FAGERSTA)))
    changed = send(update_url(area), form_data(boundary_drawn=json.dumps(INSIDE_FAGERSTA)))

    assert created.status_code == 404
    assert changed.status_code == 404
    assert Area.objects.count() == before
    assert Area.objects.get(pk=area.pk).boundary == old


def test_the_list_page_runs_a_bounded_number_of_queries(
    coordinator_client: Any, fagersta: Collaboration, django_assert_max_num_queries: Any
) -> None:
    coordinator_client.get(list_url(fagersta))  # warm up the session and caches

    with django_assert_max_num_queries(15):
        response = coordinator_client.get(list_url(fagersta))

    assert response.status_code == 200


def test_the_list_page_query_count_does_not_grow_with_the_areas(
    coordinator_client: Any, fagersta: Collaboration
) -> None:
    coordinator_client.get(list_url(fagersta))
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(list_url(fagersta))
    for n in range(20):
        area_create(
            collaboration=fagersta,
            name=f"Extra {n:02}",
            kind="other",
            boundary=box(15.84 + 0.006 * n, 59.93, 0.002, 0.0015),
        )

    with CaptureQueriesContext(connection) as many:
        response = coordinator_client.get(list_url(fagersta))

    assert len(response.context["areas"]) == 25
    assert len(many) == len(few)
