"""API routes of laget.regional (issue 7): read the county overview and the regional
lägesbilder. Regional coordinators of the county (and superusers) only; anyone else gets 404."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from laget import access
from laget.regional import selectors

router = Router(tags=["regional"])


class OverviewRowOut(Schema):
    municipality_code: str
    municipality: str
    police_areas: list[str]
    collaboration_id: int | None = Field(description="None: the municipality is not in Läget.")
    latest_picture_adopted_on: datetime.date | None
    latest_picture_period_start: datetime.date | None
    latest_picture_period_end: datetime.date | None
    sources: list[str] = Field(description="Organisations whose reports the picture counted.")
    shared_weeks: int = Field(description="Weeks of figures shared with the county.")
    action_plan_adopted_on: datetime.date | None
    agreement_in_force_until: datetime.date | None
    promises_in_force: list[str]
    situation_groups: list[str]
    meetings_last_90_days: int
    coordination_function: bool
    lag_2023_196_complete: bool | None


class RegionalPictureOut(Schema):
    id: int
    period_kind: str = Field(description="month, quarter or year.")
    period_start: datetime.date
    period_end: datetime.date
    version: int
    status: str = Field(description="draft or adopted.")
    compiled_at: datetime.datetime | None
    adopted_at: datetime.datetime | None


class RegionalPictureDetailOut(RegionalPictureOut):
    assessment: str
    snapshot: dict[str, Any] = Field(
        description="Counts by category and municipality (small counts as null), trends, "
        "rates per 100 000 and which municipalities have shared."
    )


def _row(row: selectors.OverviewRow) -> dict[str, Any]:
    picture = row.latest_picture
    plan = row.action_plan
    return {
        "municipality_code": row.municipality.code,
        "municipality": row.municipality.name,
        "police_areas": row.police_areas,
        "collaboration_id": row.collaboration.pk if row.collaboration else None,
        "latest_picture_adopted_on": timezone.localdate(picture.adopted_at) if picture else None,
        "latest_picture_period_start": picture.period_start if picture else None,
        "latest_picture_period_end": picture.period_end if picture else None,
        "sources": row.sources,
        "shared_weeks": row.shared_weeks,
        "action_plan_adopted_on": plan.adopted_on if plan else None,
        "agreement_in_force_until": row.agreement.period_end if row.agreement else None,
        "promises_in_force": [p.title for p in row.promises],
        "situation_groups": [g.name for g in row.situation_groups],
        "meetings_last_90_days": row.meetings,
        "coordination_function": bool(row.coordinators),
        "lag_2023_196_complete": row.compliance.complete if row.compliance else None,
    }


def _picture(picture: Any) -> dict[str, Any]:
    return {
        "id": picture.pk,
        "period_kind": picture.period_kind,
        "period_start": picture.period_start,
        "period_end": picture.period_end,
        "version": picture.version,
        "status": picture.status,
        "compiled_at": picture.compiled_at,
        "adopted_at": picture.adopted_at,
    }


@router.get(
    "/counties/{county_code}/overview",
    response=list[OverviewRowOut],
    summary="Read the county overview",
)
def county_overview(request: HttpRequest, county_code: str) -> list[dict[str, Any]]:
    """Every municipality of the county and the state of Lag 2023:196 in its collaboration."""
    county = access.access_county(request.user, county_code)
    return [_row(r) for r in selectors.county_overview(user=request.user, county=county)]


@router.get(
    "/counties/{county_code}/regional-pictures",
    response=list[RegionalPictureOut],
    summary="List regional situation pictures",
)
def regional_picture_list(request: HttpRequest, county_code: str) -> list[dict[str, Any]]:
    county = access.access_county(request.user, county_code)
    return [_picture(p) for p in selectors.regional_picture_list(user=request.user, county=county)]


@router.get(
    "/counties/{county_code}/regional-pictures/{regional_picture_id}",
    response=RegionalPictureDetailOut,
    summary="Read a regional situation picture",
)
def regional_picture_detail(
    request: HttpRequest, county_code: str, regional_picture_id: int
) -> dict[str, Any]:
    county = access.access_county(request.user, county_code)
    picture = selectors.regional_picture(user=request.user, county=county, pk=regional_picture_id)
    return {**_picture(picture), "assessment": picture.assessment, "snapshot": picture.snapshot}
