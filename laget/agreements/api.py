"""API routes (read-only) for the samverkansöverenskommelser: the versions of a collaboration's
agreement, with their content and signatures, for its members (through the access module)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from laget import access
from laget.agreements import selectors
from laget.agreements.models import Agreement
from laget.organisations.models import Collaboration
from laget.planning.models import Goal, Problem

router = Router(tags=["agreements"])


class SignatureOut(Schema):
    organisation_id: int
    organisation: str
    signed_by: str
    title: str = Field(description="lpo_chief, ks_chair, delegate or other_party.")
    delegation_reference: str
    signed_at: datetime.datetime


class AgreementOut(Schema):
    id: int
    version: int
    previous_id: int | None
    title: str
    kind: str = Field(description="overarching or full.")
    status: str = Field(description="draft, signing, in_force, expired or superseded.")
    period_start: datetime.date | None
    period_end: datetime.date | None
    party_ids: list[int]
    problem_picture: str
    situation_picture_id: int | None
    focus_problem_ids: list[int]
    causes_summary: str
    goal_ids: list[int]
    organisation_text: str
    follow_up_text: str
    communication_text: str
    breach_procedure: str
    info_class: str
    in_force_at: datetime.datetime | None
    signatures: list[SignatureOut]


def _agreement_out(request: HttpRequest, agreement: Agreement) -> dict[str, Any]:
    readable_problems = access.restrict(
        request.user, Problem.objects.filter(pk__in=agreement.focus_problems.all())
    )
    readable_goals = access.restrict(
        request.user, Goal.objects.filter(pk__in=agreement.goals.all())
    )
    return {
        "id": agreement.pk,
        "version": agreement.version,
        "previous_id": agreement.previous_id,
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.status,
        "period_start": agreement.period_start,
        "period_end": agreement.period_end,
        "party_ids": sorted(agreement.parties.values_list("pk", flat=True)),
        "problem_picture": agreement.problem_picture,
        "situation_picture_id": agreement.situation_picture_id,
        "focus_problem_ids": sorted(readable_problems.values_list("pk", flat=True)),
        "causes_summary": agreement.causes_summary,
        "goal_ids": sorted(readable_goals.values_list("pk", flat=True)),
        "organisation_text": agreement.organisation_text,
        "follow_up_text": agreement.follow_up_text,
        "communication_text": agreement.communication_text,
        "breach_procedure": agreement.breach_procedure,
        "info_class": agreement.info_class,
        "in_force_at": agreement.in_force_at,
        "signatures": [
            {
                "organisation_id": s.organisation_id,
                "organisation": s.organisation.name,
                "signed_by": s.signed_by.get_full_name() or s.signed_by.username,
                "title": s.authority.title,
                "delegation_reference": s.authority.delegation_reference,
                "signed_at": s.signed_at,
            }
            for s in agreement.signatures.select_related("organisation", "signed_by", "authority")
        ],
    }


@router.get(
    "/collaborations/{collaboration_id}/agreements",
    response=list[AgreementOut],
    summary="List the versions of the collaboration agreement",
)
def agreement_list(request: HttpRequest, collaboration_id: int) -> list[dict[str, Any]]:
    """Every version of the samverkansöverenskommelse the caller may read, newest first."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    return [
        _agreement_out(request, a)
        for a in selectors.agreements_for(user=request.user, collaboration=collaboration)
    ]


@router.get(
    "/collaborations/{collaboration_id}/agreements/{agreement_id}",
    response=AgreementOut,
    summary="Read one version of the collaboration agreement",
)
def agreement_detail(
    request: HttpRequest, collaboration_id: int, agreement_id: int
) -> dict[str, Any]:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    agreement = access.access_object(request.user, Agreement, agreement_id)
    if agreement.collaboration_id != collaboration.pk:
        raise Http404
    return _agreement_out(request, agreement)
