"""API routes of laget.programmes (issue 7): read the regional programmes of the counties the
token's user reads (regional coordinators of the county, superusers), and one programme with
its development areas, the latest activity plan's activities, expected results and flags."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from laget.programmes import selectors
from laget.programmes.models import Programme

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: int
    county_code: str
    name: str
    short_name: str
    status: str = Field(description="draft, active or ended.")
    period_start: datetime.date
    period_end: datetime.date


class ActivityOut(Schema):
    id: int
    title: str
    kind: str
    planned_date: datetime.date
    new_date: datetime.date | None
    actual_date: datetime.date | None
    mode: str
    status: str = Field(description="planned, in_progress, done, postponed, cancelled or replaced.")
    participants: int | None
    deviation_kind: str
    deviation_text: str


class ResultOut(Schema):
    id: int
    goal_type: str = Field(description="result (resultatmål) or process (processmål).")
    text: str
    definitions: str
    indicator: str
    baseline: str
    target: str
    deadline: datetime.date | None
    assessment: str
    justification: str
    smart: str = Field(description="The SMART letters the goal covers.")
    remarks: list[str]


class AreaOut(Schema):
    id: int
    number: int
    name: str
    aliases: str
    convener: str | None
    active_members: int
    plan_version: int | None
    plan_status: str | None
    activities: list[ActivityOut]
    results: list[ResultOut]


class FlagOut(Schema):
    code: str
    message: str
    area_id: int | None


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    national_link: str
    signatories: list[str]
    areas: list[AreaOut]
    flags: list[FlagOut]


def _programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "county_code": programme.county.code,
        "name": programme.name,
        "short_name": programme.short_name,
        "status": programme.status,
        "period_start": programme.period_start,
        "period_end": programme.period_end,
    }


def _activity_out(a: Any) -> dict[str, Any]:
    fields = ("title", "kind", "planned_date", "new_date", "actual_date", "mode", "status")
    more = ("participants", "deviation_kind", "deviation_text")
    return {"id": a.pk, **{name: getattr(a, name) for name in (*fields, *more)}}


def _result_out(r: Any) -> dict[str, Any]:
    quality = selectors.goal_quality(r)
    fields = ("goal_type", "text", "definitions", "indicator", "baseline", "target", "deadline")
    return {
        "id": r.pk,
        **{name: getattr(r, name) for name in fields},
        "assessment": r.assessment,
        "justification": r.justification,
        "smart": quality.letters,
        "remarks": [str(remark) for remark in quality.remarks],
    }


@router.get("/programmes", response=list[ProgrammeOut], summary="List regional programmes")
def programme_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The programmes of every county the user reads as regional coordinator."""
    return [_programme_out(p) for p in selectors.programmes_for_user(user=request.user)]


@router.get(
    "/programmes/{programme_id}",
    response=ProgrammeDetailOut,
    summary="Read a regional programme with its areas and flags",
)
def programme_detail(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    try:
        programme = selectors.programmes_for_user(user=request.user).get(pk=programme_id)
    except Programme.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.localdate()
    areas = selectors.programme_areas(programme)
    out_areas = []
    for area in areas:
        plan = selectors.latest_plan(area)
        out_areas.append(
            {
                "id": area.pk,
                "number": area.number,
                "name": area.name,
                "aliases": area.aliases,
                "convener": area.convener.organisation_name if area.convener else None,
                "active_members": len(selectors.active_members(area, today)),
                "plan_version": plan.version if plan else None,
                "plan_status": plan.status if plan else None,
                "activities": [_activity_out(a) for a in plan.activities.all()] if plan else [],
                "results": [_result_out(r) for r in area.results.all()],
            }
        )
    flags = selectors.programme_flags(programme, areas, today)
    return {
        **_programme_out(programme),
        "description": programme.description,
        "national_link": programme.national_link,
        "signatories": [s.organisation_name for s in programme.signatories.all()],
        "areas": out_areas,
        "flags": [
            {"code": f.code, "message": f.message, "area_id": f.area.pk if f.area else None}
            for f in flags
        ],
    }
