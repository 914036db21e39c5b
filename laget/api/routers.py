"""API routes for the foundation: who am I, collaborations, areas, geography, decisions."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from laget import access
from laget.geography import selectors as geo_selectors
from laget.geography import services as geo_services
from laget.geography.models import Area
from laget.organisations import selectors as org_selectors
from laget.organisations.models import Collaboration, Decision

router = Router()


class MembershipOut(Schema):
    role: str
    organisation: str
    collaboration_id: int | None
    county_code: str | None


class MeOut(Schema):
    username: str
    name: str
    memberships: list[MembershipOut]


class CollaborationOut(Schema):
    id: int
    name: str
    municipality_code: str
    municipality_name: str
    county_code: str


class AreaOut(Schema):
    id: int
    name: str
    kind: str
    has_boundary: bool
    is_active: bool


class AreaDetailOut(AreaOut):
    boundary: dict[str, Any] | None


class PointIn(Schema):
    lon: float
    lat: float


class LocatedOut(Schema):
    municipality_code: str
    municipality_name: str
    area_id: int | None
    area_name: str | None


class MunicipalityOut(Schema):
    code: str
    name: str
    county_code: str


class DecisionOut(Schema):
    id: int
    title: str
    text: str
    decided_on: str
    decided_by: str
    info_class: str


def _collaboration_out(c: Collaboration) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "municipality_code": c.municipality.code,
        "municipality_name": c.municipality.name,
        "county_code": c.municipality.county.code,
    }


def _area_out(a: Area) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "kind": a.kind,
        "has_boundary": a.boundary is not None,
        "is_active": a.is_active,
    }


@router.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    memberships = user.memberships.filter(is_active=True).select_related("organisation", "county")
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "memberships": [
            {
                "role": m.role,
                "organisation": m.organisation.name,
                "collaboration_id": m.collaboration_id,
                "county_code": m.county.code if m.county else None,
            }
            for m in memberships
        ],
    }


@router.get("/collaborations", response=list[CollaborationOut], tags=["collaborations"])
def collaboration_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_collaboration_out(c) for c in org_selectors.collaboration_list(user=request.user)]


@router.get(
    "/collaborations/{collaboration_id}", response=CollaborationOut, tags=["collaborations"]
)
def collaboration_detail(request: HttpRequest, collaboration_id: int) -> dict[str, Any]:
    return _collaboration_out(access.access_object(request.user, Collaboration, collaboration_id))


@router.get("/collaborations/{collaboration_id}/areas", response=list[AreaOut], tags=["geography"])
def area_list(request: HttpRequest, collaboration_id: int) -> list[dict[str, Any]]:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    return [
        _area_out(a)
        for a in geo_selectors.area_list(user=request.user, collaboration=collaboration)
    ]


@router.get("/areas/{area_id}", response=AreaDetailOut, tags=["geography"])
def area_detail(request: HttpRequest, area_id: int) -> dict[str, Any]:
    area = access.access_object(request.user, Area, area_id)
    return {**_area_out(area), "boundary": area.boundary}


@router.post("/collaborations/{collaboration_id}/locate", response=LocatedOut, tags=["geography"])
def locate(request: HttpRequest, collaboration_id: int, point: PointIn) -> dict[str, Any]:
    """Assign a point to the collaboration's municipality and area; 422 if it lies outside."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    located = geo_services.point_locate(collaboration=collaboration, lon=point.lon, lat=point.lat)
    return {
        "municipality_code": located.municipality.code,
        "municipality_name": located.municipality.name,
        "area_id": located.area.pk if located.area else None,
        "area_name": located.area.name if located.area else None,
    }


@router.get("/municipalities", response=list[MunicipalityOut], tags=["geography"])
def municipality_list(request: HttpRequest) -> list[dict[str, Any]]:
    """All 290 municipalities with SCB codes (public reference data)."""
    return [
        {"code": m.code, "name": m.name, "county_code": m.county.code}
        for m in geo_selectors.municipality_list().order_by("code")
    ]


@router.get("/decisions/{decision_id}", response=DecisionOut, tags=["collaborations"])
def decision_detail(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    d = access.access_object(request.user, Decision, decision_id)
    return {
        "id": d.pk,
        "title": d.title,
        "text": d.text,
        "decided_on": d.decided_on.isoformat(),
        "decided_by": d.decided_by,
        "info_class": d.info_class,
    }
