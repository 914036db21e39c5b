"""API routes of the medborgarlöften: list and read a collaboration's promises (members), and
post a progress update on an activity (with the same validation as the page).

Members see the non-public activity plan and internal notes here, as on the pages; the public
site never reads through this API.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from laget import access
from laget.organisations.models import Collaboration
from laget.promises import selectors, services
from laget.promises.models import Promise, PromiseActivity

router = Router(tags=["promises"])


class UpdateOut(Schema):
    id: int
    status: str = Field(description="ongoing, done, changed or dropped.")
    public_text: str = Field(
        description="Shown on the public site; the reason when changed or dropped."
    )
    internal_note: str = Field(description="Never public.")
    reported_on: datetime.date


class ActivityOut(Schema):
    id: int
    position: int
    title: str
    public_description: str
    organisation: str
    measure_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    status: str = Field(description="planned, ongoing, done, changed or dropped.")
    responsible: str
    resources: str
    follow_up_plan: str
    updates: list[UpdateOut]


class SignatureOut(Schema):
    organisation: str
    name: str
    title: str
    signed_at: datetime.datetime


class PromiseOut(Schema):
    id: int
    title: str
    status: str = Field(description="draft, ready, active, completed or withdrawn.")
    period_start: datetime.date
    period_end: datetime.date
    published_at: datetime.datetime | None
    previous_id: int | None = Field(description="The promise this one renews.")
    problem_ids: list[int]


class PromiseDetailOut(PromiseOut):
    introduction: str
    situation_summary: str
    effects: str
    how_to_follow: str
    renewal_justification: str
    update_interval_days: int
    activities: list[ActivityOut]
    signatures: list[SignatureOut]
    follow_up_summary: str | None
    follow_up_outcome: str | None


class UpdateIn(Schema):
    status: str = Field(description="ongoing, done, changed or dropped.")
    public_text: str = Field("", max_length=5000)
    internal_note: str = Field("", max_length=5000)
    reported_on: datetime.date | None = None


def _promise_out(promise: Promise) -> dict[str, Any]:
    return {
        "id": promise.pk,
        "title": promise.title,
        "status": promise.status,
        "period_start": promise.period_start,
        "period_end": promise.period_end,
        "published_at": promise.published_at,
        "previous_id": promise.previous_id,
        "problem_ids": [p.pk for p in promise.problems.all()],
    }


def _update_out(update: Any) -> dict[str, Any]:
    return {
        "id": update.pk,
        "status": update.status,
        "public_text": update.public_text,
        "internal_note": update.internal_note,
        "reported_on": update.reported_on,
    }


def _activity_out(activity: PromiseActivity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "position": activity.position,
        "title": activity.title,
        "public_description": activity.public_description,
        "organisation": activity.organisation.name,
        "measure_id": activity.measure_id,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "status": activity.status,
        "responsible": activity.responsible,
        "resources": activity.resources,
        "follow_up_plan": activity.follow_up_plan,
        "updates": [_update_out(u) for u in activity.updates.all()],
    }


def _promise(request: HttpRequest, collaboration_id: int, promise_id: int) -> Promise:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    promise = access.access_object(request.user, Promise, promise_id)
    if promise.collaboration_id != collaboration.pk:
        raise Http404
    return promise


@router.get(
    "/collaborations/{collaboration_id}/promises",
    response=list[PromiseOut],
    summary="List medborgarlöften",
)
def promise_list(request: HttpRequest, collaboration_id: int) -> list[dict[str, Any]]:
    """The collaboration's medborgarlöften (all statuses), newest period first."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    return [
        _promise_out(p)
        for p in selectors.promise_list(user=request.user, collaboration=collaboration)
    ]


@router.get(
    "/collaborations/{collaboration_id}/promises/{promise_id}",
    response=PromiseDetailOut,
    summary="Read a medborgarlöfte",
)
def promise_detail(request: HttpRequest, collaboration_id: int, promise_id: int) -> dict[str, Any]:
    """A medborgarlöfte with its sections, activities (with the non-public plan and the
    progress updates), signatures and follow-up report."""
    promise = _promise(request, collaboration_id, promise_id)
    follow_up = getattr(promise, "follow_up", None) if hasattr(promise, "follow_up") else None
    return {
        **_promise_out(promise),
        "introduction": promise.introduction,
        "situation_summary": promise.situation_summary,
        "effects": promise.effects,
        "how_to_follow": promise.how_to_follow,
        "renewal_justification": promise.renewal_justification,
        "update_interval_days": promise.update_interval_days,
        "activities": [
            _activity_out(a) for a in selectors.activities_with_updates(promise=promise)
        ],
        "signatures": [
            {
                "organisation": s.organisation.name,
                "name": s.signer_name,
                "title": s.signer_title,
                "signed_at": s.signed_at,
            }
            for s in promise.signatures.select_related("organisation")
        ],
        "follow_up_summary": follow_up.summary if follow_up else None,
        "follow_up_outcome": follow_up.outcome if follow_up else None,
    }


@router.post(
    "/collaborations/{collaboration_id}/promise-activities/{activity_id}/updates",
    response={201: UpdateOut},
    summary="Post a progress update",
)
def activity_update_create(
    request: HttpRequest,
    collaboration_id: int,
    activity_id: int,
    payload: UpdateIn,
) -> Status:
    """Report progress on an activity of a medborgarlöfte in force. ``changed`` and
    ``dropped`` require a ``public_text`` giving the reason; 422 with a code otherwise."""
    activity = access.access_object(request.user, PromiseActivity, activity_id)
    _promise(request, collaboration_id, activity.promise_id)
    update = services.activity_update_create(
        user=request.user,
        activity=activity,
        status=payload.status,
        public_text=payload.public_text,
        internal_note=payload.internal_note,
        reported_on=payload.reported_on,
    )
    return Status(201, _update_out(update))
