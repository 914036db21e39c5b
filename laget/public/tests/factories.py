"""Test data of the public site: promises made directly (their own services are tested in
laget/promises/tests), with non-public fields filled with a marker that must never show."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from laget.accounts.models import User
from laget.organisations.models import Collaboration, Organisation

INTERNAL = "Hemligt-internt-PUB"


def make_promise(
    collaboration: Collaboration,
    *,
    title: str,
    status: str = "active",
    published: bool = True,
    start: datetime.date | None = None,
    days: int = 90,
    previous: Any = None,
    activities: int = 2,
) -> Any:
    from laget.promises.models import ActivityUpdate, Promise, PromiseActivity

    start = start or timezone.localdate() - datetime.timedelta(days=10)
    promise = Promise.objects.create(
        collaboration=collaboration,
        title=title,
        status=status,
        period_start=start,
        period_end=start + datetime.timedelta(days=days),
        introduction=f"Inledning för {title}.",
        situation_summary=f"Lägesbild för {title}.",
        effects=f"Effekter för {title}.",
        how_to_follow=f"Följ {title} på webben.",
        previous=previous,
        renewal_justification=INTERNAL,
        published_at=timezone.now() if published else None,
    )
    organisation = collaboration.parties.order_by("pk").first()
    user = User.objects.get(username=f"samordnare.{collaboration.slug}")
    statuses = ["done", "changed", "ongoing", "planned"]
    for position in range(activities):
        activity = PromiseActivity.objects.create(
            promise=promise,
            position=position + 1,
            title=f"Aktivitet {position + 1} i {title}",
            public_description="Offentlig beskrivning.",
            organisation=organisation,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=days),
            status=statuses[position % len(statuses)],
            responsible=INTERNAL,
            resources=INTERNAL,
            follow_up_plan=INTERNAL,
        )
        ActivityUpdate.objects.create(
            activity=activity,
            status=activity.status if activity.status != "planned" else "ongoing",
            public_text=f"Offentlig uppdatering {position + 1}.",
            internal_note=INTERNAL,
            reported_on=start + datetime.timedelta(days=3),
            created_by=user,
        )
    return promise


def make_follow_up(promise: Any) -> Any:
    from laget.promises.models import PromiseFollowUp

    return PromiseFollowUp.objects.create(
        promise=promise,
        summary="Vi genomförde alla aktiviteter.",
        outcome="Klottret minskade tydligt.",
        lessons=INTERNAL,
        created_by=User.objects.get(username=f"samordnare.{promise.collaboration.slug}"),
    )


def sign(promise: Any, organisation: Organisation, user: User) -> Any:
    from laget.promises.models import PromiseSignature

    return PromiseSignature.objects.create(
        promise=promise,
        organisation=organisation,
        signed_by=user,
        signer_name="Kim Exempelsson",
        signer_title="Lokalpolisområdeschef",
    )
