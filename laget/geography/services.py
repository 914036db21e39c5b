"""Writes for geography: loading Sweden's boundaries, areas, and assigning points."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry import mapping

from laget.audit.models import AuditAction
from laget.audit.recorder import record
from laget.geography import selectors
from laget.geography.models import Area, County, LocalPoliceArea, Municipality, PoliceRegion
from laget.geography.spatial import GeometryError, parse_polygon, share_inside

DATA_DIR = Path(__file__).resolve().parent / "data"

#: SCB länskoder (the regions file carries only names).
COUNTY_CODES = {
    "Stockholm": "01",
    "Uppsala": "03",
    "Södermanland": "04",
    "Östergötland": "05",
    "Jönköping": "06",
    "Kronoberg": "07",
    "Kalmar": "08",
    "Gotland": "09",
    "Blekinge": "10",
    "Skåne": "12",
    "Halland": "13",
    "Västra Götaland": "14",
    "Värmland": "17",
    "Örebro": "18",
    "Västmanland": "19",
    "Dalarna": "20",
    "Gävleborg": "21",
    "Västernorrland": "22",
    "Jämtland": "23",
    "Västerbotten": "24",
    "Norrbotten": "25",
}
#: The Police Authority's seven regions and the counties each covers.
POLICE_REGIONS = {
    "Nord": ["23", "24", "25"],
    "Mitt": ["03", "21", "22"],
    "Stockholm": ["01", "09"],
    "Öst": ["04", "05", "06"],
    "Väst": ["13", "14"],
    "Syd": ["07", "08", "10", "12"],
    "Bergslagen": ["17", "18", "19", "20"],
}
#: Minimum share of an area's polygon that must lie inside its municipality. The national
#: boundaries are simplified (about 2 % of the original points), so a small margin is allowed.
MIN_SHARE_INSIDE = 0.9

GEOMETRY_MESSAGES = {
    "format": gettext_lazy("The file is not valid GeoJSON."),
    "type": gettext_lazy("Only polygons can be used as area boundaries."),
    "empty": gettext_lazy("The file contains no polygon."),
    "range": gettext_lazy("Coordinates must be longitude and latitude (WGS 84)."),
    "invalid": gettext_lazy("The polygon crosses itself or is otherwise invalid."),
    "size": gettext_lazy("The polygon has too many points."),
}


@dataclass(frozen=True)
class GeographyLoadResult:
    counties: int
    municipalities: int
    police_regions: int


@transaction.atomic
def geography_load(*, data_dir: Path = DATA_DIR) -> GeographyLoadResult:
    """Load (or refresh) all 21 län, 290 kommuner and the seven police regions. Idempotent."""
    regions = json.loads((data_dir / "swedish_regions.geojson").read_text(encoding="utf-8"))
    municipalities = json.loads(
        (data_dir / "swedish_municipalities.geojson").read_text(encoding="utf-8")
    )
    counties: dict[str, County] = {}
    for feature in regions["features"]:
        name = feature["properties"]["name"]
        county, _created = County.objects.update_or_create(
            code=COUNTY_CODES[name], defaults={"name": name, "boundary": feature["geometry"]}
        )
        counties[county.code] = county
    for feature in municipalities["features"]:
        props = feature["properties"]
        lat, lon = props["geo_point_2d"]
        Municipality.objects.update_or_create(
            code=props["id"],
            defaults={
                "name": props["kom_namn"],
                "county": counties[props["lan_code"]],
                "boundary": feature["geometry"],
                "label_lat": lat,
                "label_lon": lon,
            },
        )
    for name, codes in POLICE_REGIONS.items():
        region, _created = PoliceRegion.objects.get_or_create(name=name)
        region.counties.set([counties[code] for code in codes])
    selectors.clear_caches()
    result = GeographyLoadResult(
        counties=County.objects.count(),
        municipalities=Municipality.objects.count(),
        police_regions=PoliceRegion.objects.count(),
    )
    record(
        action=AuditAction.BULK,
        model_label="geography.Municipality",
        object_repr="geography_load",
        data={"counties": result.counties, "municipalities": result.municipalities},
    )
    return result


def local_police_area_create(
    *, name: str, police_region: PoliceRegion, municipalities: list[Municipality]
) -> LocalPoliceArea:
    """Create a lokalpolisområde covering one or more municipalities."""
    lpo = LocalPoliceArea(name=name, police_region=police_region)
    lpo.full_clean()
    lpo.save()
    lpo.municipalities.set(municipalities)
    return lpo


def _boundary_from_geojson(geojson: Any, municipality: Municipality) -> dict[str, Any]:
    try:
        polygon = parse_polygon(geojson)
    except GeometryError as exc:
        # A dict passed to ValidationError drops ``code``; wrap each message to keep it.
        raise ValidationError(
            {"boundary": ValidationError(GEOMETRY_MESSAGES[exc.code], code=exc.code)}
        ) from exc
    outline = selectors.municipality_shape(municipality)
    if outline is not None and share_inside(polygon, outline) < MIN_SHARE_INSIDE:
        message = _("The area lies outside %(municipality)s municipality.") % {
            "municipality": municipality.name
        }
        raise ValidationError({"boundary": ValidationError(message, code="outside")})
    return dict(mapping(polygon))


@transaction.atomic
def area_create(
    *,
    collaboration: Any,
    name: str,
    kind: str,
    description: str = "",
    boundary: Any | None = None,
) -> Area:
    """Create an område in the collaboration's municipality, with an optional polygon."""
    area = Area(collaboration=collaboration, name=name.strip(), kind=kind, description=description)
    if boundary is not None:
        area.boundary = _boundary_from_geojson(boundary, collaboration.municipality)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def area_update(
    *,
    area: Area,
    name: str,
    kind: str,
    description: str = "",
    boundary: Any | None = None,
    remove_boundary: bool = False,
    is_active: bool = True,
) -> Area:
    """Change an area; a new polygon replaces the old one, ``remove_boundary`` clears it."""
    area.name = name.strip()
    area.kind = kind
    area.description = description
    area.is_active = is_active
    if remove_boundary:
        area.boundary = None
    elif boundary is not None:
        area.boundary = _boundary_from_geojson(boundary, area.collaboration.municipality)
    area.full_clean()
    area.save()
    return area


@dataclass(frozen=True)
class LocatedPoint:
    municipality: Municipality
    area: Area | None


def point_area(*, collaboration: Any, lon: float, lat: float) -> Area | None:
    """The collaboration's area holding the point, or None when the point is in its municipality
    but in none of its areas.

    A point outside the municipality is rejected with a clear message. Points inside one of the
    collaboration's own area polygons are always accepted (the national boundary is simplified).
    The municipality row (with its large boundary) is read only for a point outside every area.
    """
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The position must be given as numbers."), code="invalid") from exc
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError(
            _("Coordinates must be longitude and latitude (WGS 84)."), code="range"
        )
    area = selectors.area_at(collaboration, lon, lat)
    if area is not None:
        return area
    if selectors.municipality_index().locate(lon, lat) != collaboration.municipality_id:
        raise ValidationError(
            _("The point lies outside %(municipality)s municipality.")
            % {"municipality": collaboration.municipality.name},
            code="outside",
        )
    return None


def point_locate(*, collaboration: Any, lon: float, lat: float) -> LocatedPoint:
    """Assign a point to the collaboration's municipality and, where one matches, an area.

    Raises ``ValidationError`` as ``point_area`` does.
    """
    area = point_area(collaboration=collaboration, lon=lon, lat=lat)
    return LocatedPoint(collaboration.municipality, area)
