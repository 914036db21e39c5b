"""Unit tests for laget.geography.spatial: GeoJSON parsing and point-in-polygon lookup.

Plain shapely, no database (STYLE.md §11).
"""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import MultiPolygon, Polygon, box

from laget.geography import spatial
from laget.geography.spatial import GeometryError, PolygonIndex, parse_polygon, share_inside


def square(x: float, y: float, size: float = 1.0) -> list[list[list[float]]]:
    """Polygon coordinates (one closed ring) of an axis-aligned square."""
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def polygon(x: float = 15.0, y: float = 60.0, size: float = 1.0) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": square(x, y, size)}


def feature(geometry: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"name": "x"}, "geometry": geometry}


def collection(*geometries: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(g) for g in geometries]}


BOW_TIE = {"type": "Polygon", "coordinates": [[[15, 60], [16, 61], [16, 60], [15, 61], [15, 60]]]}
LOPSIDED_BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[15, 60], [17, 62], [17, 60], [15, 61], [15, 60]]],
}


# --- parse_polygon: accepted input ------------------------------------------------------------


def test_it_accepts_a_polygon() -> None:
    result = parse_polygon(polygon())

    assert isinstance(result, Polygon)
    assert result.equals(box(15, 60, 16, 61))


def test_it_accepts_a_polygon_with_a_hole() -> None:
    outer, hole = square(15, 60, 4)[0], square(16, 61, 1)[0]

    result = parse_polygon({"type": "Polygon", "coordinates": [outer, hole]})

    assert result.area == pytest.approx(15)


def test_it_accepts_a_multipolygon() -> None:
    data = {"type": "MultiPolygon", "coordinates": [square(15, 60), square(17, 60)]}

    result = parse_polygon(data)

    assert isinstance(result, MultiPolygon)
    assert result.area == pytest.approx(2)


def test_it_accepts_a_feature() -> None:
    result = parse_polygon(feature(polygon()))

    assert result.equals(box(15, 60, 16, 61))


def test_it_accepts_a_feature_collection_with_one_feature() -> None:
    result = parse_polygon(collection(polygon()))

    assert result.equals(box(15, 60, 16, 61))


def test_it_unions_several_features_into_one_shape() -> None:
    touching = collection(polygon(15, 60), polygon(16, 60), polygon(20, 60))

    result = parse_polygon(touching)

    assert isinstance(result, MultiPolygon)
    assert len(result.geoms) == 2
    assert result.area == pytest.approx(3)


def test_it_merges_overlapping_features_without_counting_the_overlap_twice() -> None:
    result = parse_polygon(collection(polygon(15, 60, 2), polygon(16, 60, 2)))

    assert isinstance(result, Polygon)
    assert result.area == pytest.approx(6)


def test_it_ignores_entries_in_a_collection_that_are_not_objects() -> None:
    data = collection(polygon())
    data["features"].append("not a feature")

    assert parse_polygon(data).equals(box(15, 60, 16, 61))


def test_it_accepts_coordinates_at_the_edge_of_the_valid_range() -> None:
    data = {
        "type": "Polygon",
        "coordinates": [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]],
    }

    assert parse_polygon(data).area == pytest.approx(360 * 180)


# --- parse_polygon: rejected input ------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        None,
        "a string",
        42,
        ["Polygon"],
        {},
        {"coordinates": square(15, 60)},
        {"type": ["Polygon"]},
        {"type": "FeatureCollection", "features": 5},
        {"type": "FeatureCollection", "features": {"a": 1}},
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": "abc"},
        {"type": "Polygon", "coordinates": {"a": 1}},
        {"type": "Polygon", "coordinates": [[[15, 60], [16, 61]]]},
        {"type": "Polygon", "coordinates": [[[[15, 60]]]]},
        {"type": "Polygon", "coordinates": [[[float("nan"), 60], [16, 60], [16, 61], [0, 0]]]},
        {"type": "MultiPolygon", "coordinates": square(15, 60)},
    ],
    ids=[
        "none",
        "string",
        "number",
        "list",
        "empty-object",
        "no-type",
        "type-not-a-string",
        "features-a-number",
        "features-an-object",
        "no-coordinates",
        "coordinates-a-string",
        "coordinates-an-object",
        "ring-of-two-points",
        "nested-too-deep",
        "nan-in-closing-point",
        "multipolygon-one-level-short",
    ],
)
def test_it_rejects_garbage_as_format(data: Any) -> None:
    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(data)

    assert excinfo.value.code == "format"


@pytest.mark.parametrize(
    "data",
    [
        {"type": "Point", "coordinates": [15.8, 60.0]},
        {"type": "LineString", "coordinates": [[15, 60], [16, 61]]},
        {"type": "MultiPoint", "coordinates": [[15, 60], [16, 61]]},
        {"type": "GeometryCollection", "geometries": [polygon()]},
        feature({"type": "Point", "coordinates": [15.8, 60.0]}),
        feature(None),
        collection(polygon(), {"type": "LineString", "coordinates": [[15, 60], [16, 61]]}),
        {"type": "Nonsense", "coordinates": square(15, 60)},
    ],
    ids=[
        "point",
        "linestring",
        "multipoint",
        "geometry-collection",
        "feature-with-point",
        "feature-without-geometry",
        "collection-with-a-line",
        "unknown-type",
    ],
)
def test_it_rejects_other_geometry_types(data: Any) -> None:
    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(data)

    assert excinfo.value.code == "type"


@pytest.mark.parametrize(
    "data",
    [
        {"type": "FeatureCollection", "features": []},
        {"type": "FeatureCollection"},
        {"type": "FeatureCollection", "features": [1, "two"]},
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": []},
    ],
    ids=[
        "empty-collection",
        "collection-without-features",
        "collection-of-non-objects",
        "empty-polygon",
        "empty-multipolygon",
    ],
)
def test_it_rejects_empty_input(data: Any) -> None:
    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(data)

    assert excinfo.value.code == "empty"


@pytest.mark.parametrize(
    ("x", "y"),
    [(180.5, 60), (-181, 60), (15, 90.5), (15, -91), (1_650_000, 6_650_000)],
    ids=["east", "west", "north", "south", "sweref99-metres"],
)
def test_it_rejects_coordinates_outside_lon_lat(x: float, y: float) -> None:
    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(polygon(x, y))

    assert excinfo.value.code == "range"


def test_it_rejects_infinite_coordinates_as_range() -> None:
    data = {"type": "Polygon", "coordinates": [[[15, 60], [float("inf"), 60], [16, 61], [15, 60]]]}

    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(data)

    assert excinfo.value.code == "range"


def test_it_rejects_one_feature_out_of_range_in_a_collection() -> None:
    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(collection(polygon(15, 60), polygon(200, 60)))

    assert excinfo.value.code == "range"


@pytest.mark.parametrize(
    "data",
    [
        BOW_TIE,
        LOPSIDED_BOW_TIE,
        feature(BOW_TIE),
        {"type": "MultiPolygon", "coordinates": [BOW_TIE["coordinates"]]},
        # Two overlapping parts of one MultiPolygon are invalid too.
        {"type": "MultiPolygon", "coordinates": [square(15, 60, 2), square(16, 60, 2)]},
        # A ring whose points lie on one line has collapsed to nothing.
        {"type": "Polygon", "coordinates": [[[15, 60], [16, 60], [17, 60], [15, 60]]]},
    ],
    ids=[
        "bow-tie",
        "lopsided-bow-tie",
        "feature",
        "in-multipolygon",
        "overlapping-parts",
        "flat-ring",
    ],
)
def test_it_rejects_self_intersecting_polygons(data: Any) -> None:
    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(data)

    assert excinfo.value.code == "invalid"


def test_it_rejects_a_collection_of_bow_ties_as_invalid_rather_than_crashing() -> None:
    shifted = {
        "type": "Polygon",
        "coordinates": [[[15.5, 60], [17.5, 62], [17.5, 60], [15.5, 61], [15.5, 60]]],
    }

    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(collection(LOPSIDED_BOW_TIE, shifted))

    assert excinfo.value.code == "invalid"


def test_it_rejects_too_many_vertices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spatial, "MAX_VERTICES", 4)

    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(polygon())  # five coordinates: the ring is closed

    assert excinfo.value.code == "size"


def test_it_counts_vertices_over_all_features(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spatial, "MAX_VERTICES", 9)

    assert parse_polygon(polygon()).area == pytest.approx(1)
    with pytest.raises(GeometryError) as excinfo:
        parse_polygon(collection(polygon(15, 60), polygon(20, 60)))

    assert excinfo.value.code == "size"


def test_geometry_error_is_a_value_error_with_a_message() -> None:
    error = GeometryError("range", "Coordinates must be longitude/latitude in WGS 84.")

    assert isinstance(error, ValueError)
    assert error.code == "range"
    assert "WGS 84" in str(error)


# --- share_inside -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (box(0.2, 0.2, 0.8, 0.8), 1.0),
        (box(0.5, 0, 1.5, 1), 0.5),
        (box(2, 2, 3, 3), 0.0),
        (Polygon(), 0.0),
    ],
    ids=["inside", "half", "outside", "empty"],
)
def test_share_inside(inner: Polygon, expected: float) -> None:
    assert share_inside(inner, box(0, 0, 1, 1)) == pytest.approx(expected)


# --- PolygonIndex -----------------------------------------------------------------------------


@pytest.fixture
def index() -> PolygonIndex:
    """Three keyed squares: "a" and "b" overlap on x 1–2; "c" lies apart; one key is empty."""
    return PolygonIndex(
        [
            ("a", box(0, 0, 2, 2)),
            ("b", box(1, 0, 3, 2)),
            ("empty", Polygon()),
            ("none", None),
            ("c", box(10, 10, 11, 11)),
        ]
    )


def test_it_skips_empty_and_missing_geometries(index: PolygonIndex) -> None:
    assert len(index) == 3
    assert index.keys == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [(0.5, 1, "a"), (2.5, 1, "b"), (10.5, 10.5, "c"), (5, 5, None), (-1, -1, None)],
    ids=["only-a", "only-b", "c", "between", "outside-all"],
)
def test_it_locates_one_point(index: PolygonIndex, lon: float, lat: float, expected: Any) -> None:
    assert index.locate(lon, lat) == expected


def test_it_gives_overlaps_to_the_polygon_added_first(index: PolygonIndex) -> None:
    assert index.locate(1.5, 1) == "a"


def test_it_resolves_overlaps_by_insertion_order_not_by_key() -> None:
    forward = PolygonIndex([("z", box(0, 0, 2, 2)), ("a", box(0, 0, 2, 2))])
    backward = PolygonIndex([("a", box(0, 0, 2, 2)), ("z", box(0, 0, 2, 2))])

    assert forward.locate(1, 1) == "z"
    assert backward.locate(1, 1) == "a"


def test_it_resolves_a_stack_of_overlaps_the_same_way_every_time() -> None:
    stack = PolygonIndex([(n, box(0, 0, 10 - n, 10 - n)) for n in range(8)])

    assert stack.locate_many([0.5] * 5, [0.5] * 5) == [0] * 5
    assert stack.locate(9.5, 0.5) == 0
    assert stack.locate(2.5, 2.5) == 0


def test_it_treats_a_point_on_the_outline_as_outside(index: PolygonIndex) -> None:
    # ``within`` excludes the boundary; the overlap rule only applies strictly inside.
    assert index.locate(-0.0, 1) is None
    assert index.locate(11, 10.5) is None


def test_it_locates_many_points_in_input_order(index: PolygonIndex) -> None:
    lons = [10.5, 5, 0.5, 1.5, 2.5, 0.5]
    lats = [10.5, 5, 1, 1, 1, 1]

    assert index.locate_many(lons, lats) == ["c", None, "a", "a", "b", "a"]


def test_locate_many_agrees_with_locate(index: PolygonIndex) -> None:
    lons = [x / 4 for x in range(-4, 48)]
    lats = [(x % 13) - 0.5 for x in range(-4, 48)]

    assert index.locate_many(lons, lats) == [
        index.locate(lon, lat) for lon, lat in zip(lons, lats, strict=True)
    ]


def test_it_accepts_numpy_style_and_tuple_input(index: PolygonIndex) -> None:
    assert index.locate_many((0.5, 2.5), (1, 1)) == ["a", "b"]


def test_it_answers_nothing_for_no_points(index: PolygonIndex) -> None:
    assert index.locate_many([], []) == []


def test_it_locates_in_a_multipolygon() -> None:
    index = PolygonIndex([(1, MultiPolygon([box(0, 0, 1, 1), box(5, 5, 6, 6)]))])

    assert index.locate_many([0.5, 5.5, 3], [0.5, 5.5, 3]) == [1, 1, None]


def test_it_does_not_locate_in_a_hole() -> None:
    ring = box(0, 0, 4, 4).difference(box(1, 1, 3, 3))
    index = PolygonIndex([("ring", ring)])

    assert index.locate(2, 2) is None
    assert index.locate(0.5, 0.5) == "ring"


def test_an_empty_index_finds_nothing() -> None:
    empty = PolygonIndex([])

    assert len(empty) == 0
    assert empty.locate(15.8, 60.0) is None
    assert empty.locate_many([15.8, 16.0], [60.0, 59.9]) == [None, None]


def test_an_index_of_only_empty_geometries_finds_nothing() -> None:
    empty = PolygonIndex([("x", Polygon()), ("y", None)])

    assert len(empty) == 0
    assert empty.locate(0, 0) is None


def test_a_parsed_polygon_can_be_indexed() -> None:
    index = PolygonIndex([("parsed", parse_polygon(collection(polygon(15, 60), polygon(16, 60))))])

    assert index.locate_many([15.5, 16.5, 17.5], [60.5, 60.5, 60.5]) == ["parsed", "parsed", None]
