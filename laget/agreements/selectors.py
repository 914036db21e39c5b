"""Reads of the samverkansöverenskommelser and signing authorities."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from laget import access
from laget.agreements.choices import AgreementStatus
from laget.agreements.models import Agreement, SigningAuthority

#: Statuses of a version that was signed by both parties at some time.
SIGNED_STATUSES = (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.SUPERSEDED)


def authorities_valid_on(queryset: QuerySet[SigningAuthority], on: datetime.date) -> QuerySet:
    return queryset.filter(is_active=True, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def signing_authority(
    *,
    user: Any,
    collaboration: Any,
    organisation: Any | None = None,
    on: datetime.date | None = None,
) -> SigningAuthority | None:
    """The user's active signing authority in ``collaboration`` (for ``organisation`` if given)
    valid on ``on`` (today by default), or None.

    The person must still be an active member of that organisation in the collaboration: an
    authority outlives nobody's membership (someone who has left cannot sign).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    on = on or timezone.localdate()
    queryset = authorities_valid_on(
        SigningAuthority.objects.filter(user=user, collaboration=collaboration), on
    )
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    member_of = {
        m.organisation_id
        for m in access.active_memberships(user)
        if m.collaboration_id == collaboration.pk
    }
    for authority in queryset.select_related("organisation").order_by("-valid_from", "-pk"):
        if authority.organisation_id in member_of:
            return authority
    return None


def agreement_in_force(*, collaboration: Any, on: datetime.date) -> Agreement | None:
    """The agreement version of ``collaboration`` in force on ``on``, or None.

    A version is in force on a day when both parties had signed it and the day lies within its
    period. When versions overlap the newest wins; a superseded version still answers for days
    that no later version covers (e.g. when asking about the past).
    """
    return (
        Agreement.objects.filter(
            collaboration=collaboration,
            status__in=SIGNED_STATUSES,
            in_force_at__isnull=False,
            period_start__lte=on,
            period_end__gte=on,
        )
        .order_by("-version")
        .first()
    )


def agreements_for(*, user: Any, collaboration: Any) -> QuerySet[Agreement]:
    """The versions of ``collaboration``'s agreement that ``user`` may read, newest first."""
    return (
        access.restrict(user, Agreement.objects.filter(collaboration=collaboration))
        .select_related("owner_organisation")
        .prefetch_related("signatures__organisation", "signatures__signed_by")
        .order_by("-version")
    )


def authorities_for(*, user: Any, collaboration: Any) -> QuerySet[SigningAuthority]:
    """The signatories of ``collaboration`` that ``user`` may see, with person and party."""
    return access.restrict(
        user, SigningAuthority.objects.filter(collaboration=collaboration)
    ).select_related("organisation", "user", "created_by")
