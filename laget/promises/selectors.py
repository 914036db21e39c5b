"""Reads of the promises app.

Two kinds of read live here:

* the **public** reads (``public_promises``, ``public_activities``, ``public_activity_updates``,
  ``public_follow_up``) – the only way the public site reads promises. They return only
  promises that are active or completed *and* published, and they load only the public fields
  (``.only(...)``), so a template of the public site cannot reach a non-public field by mistake
  (reading a deferred field would cost a query, and the public templates never name them);
* the **internal** reads for members, always narrowed by the access module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Prefetch, QuerySet

from laget import access
from laget.organisations.models import Collaboration
from laget.promises.choices import FINISHED_STATUSES, PUBLIC_STATUSES, PromiseStatus
from laget.promises.models import (
    PUBLIC_ACTIVITY_FIELDS,
    PUBLIC_FOLLOW_UP_FIELDS,
    PUBLIC_PROMISE_FIELDS,
    PUBLIC_UPDATE_FIELDS,
    ActivityUpdate,
    Promise,
    PromiseActivity,
    PromiseFollowUp,
    PromiseSettings,
)

# --- public reads -------------------------------------------------------------------------------


def public_promises(*, collaboration: Collaboration) -> QuerySet[Promise]:
    """The collaboration's published promises (active or completed), newest period first.

    Only the public fields are loaded. Use ``.filter(status="active")`` for the current ones and
    ``.filter(status="completed")`` for the archive.
    """
    return (
        Promise.objects.filter(
            collaboration=collaboration,
            status__in=PUBLIC_STATUSES,
            published_at__isnull=False,
        )
        .only("pk", "collaboration_id", *PUBLIC_PROMISE_FIELDS)
        .order_by("-period_start", "-pk")
    )


def public_promise(*, collaboration: Collaboration, pk: Any) -> Promise | None:
    """One published promise of the collaboration, or None."""
    try:
        return public_promises(collaboration=collaboration).filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def public_activities(*, promise: Promise) -> QuerySet[PromiseActivity]:
    """The activities of a published promise (public fields and the party's name only)."""
    if not _is_published(promise):
        return PromiseActivity.objects.none()
    return (
        PromiseActivity.objects.filter(promise_id=promise.pk)
        .select_related("organisation")
        .only("pk", "promise_id", *PUBLIC_ACTIVITY_FIELDS, "organisation__name")
        .order_by("position", "pk")
    )


def public_activity_updates(*, promise: Promise) -> QuerySet[ActivityUpdate]:
    """The progress updates of a published promise's activities, newest first.

    Only ``status``, ``public_text`` and ``reported_on`` (and the activity) are loaded; the
    internal note is never read here.
    """
    if not _is_published(promise):
        return ActivityUpdate.objects.none()
    return (
        ActivityUpdate.objects.filter(activity__promise_id=promise.pk)
        .only("pk", "activity_id", *PUBLIC_UPDATE_FIELDS)
        .order_by("-reported_on", "-pk")
    )


def public_follow_up(*, promise: Promise) -> PromiseFollowUp | None:
    """The public part (summary and outcome) of a published promise's follow-up report."""
    if not _is_published(promise):
        return None
    return (
        PromiseFollowUp.objects.filter(promise_id=promise.pk)
        .only("pk", "promise_id", *PUBLIC_FOLLOW_UP_FIELDS)
        .first()
    )


def public_signatures(*, promise: Promise) -> list[dict[str, Any]]:
    """Who signed a published promise: party, name, title and date (section 6)."""
    if not _is_published(promise):
        return []
    return [
        {
            "organisation": s.organisation.name,
            "name": s.signer_name,
            "title": s.signer_title,
            "signed_at": s.signed_at,
        }
        for s in promise.signatures.select_related("organisation").order_by("signed_at", "pk")
    ]


def _is_published(promise: Promise) -> bool:
    return Promise.objects.filter(
        pk=promise.pk, status__in=PUBLIC_STATUSES, published_at__isnull=False
    ).exists()


# --- internal reads -----------------------------------------------------------------------------


def promise_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Promise]:
    """The collaboration's promises ``user`` may see, newest period first."""
    return (
        access.restrict(user, Promise.objects.filter(collaboration=collaboration))
        .select_related("previous")
        .prefetch_related("signatures__organisation", "problems")
    )


def promise_detail(*, user: Any, pk: Any) -> Promise:
    """One promise ``user`` may see, else 404, with activities and their updates."""
    return access.access_object(user, Promise, pk)


def activities_with_updates(*, promise: Promise) -> list[PromiseActivity]:
    return list(
        promise.activities.select_related("organisation", "measure").prefetch_related(
            Prefetch(
                "updates",
                queryset=ActivityUpdate.objects.select_related("created_by").order_by(
                    "-reported_on", "-pk"
                ),
            )
        )
    )


def settings_for(collaboration: Collaboration) -> PromiseSettings:
    """The collaboration's promise settings (defaults when none are stored yet)."""
    found = PromiseSettings.objects.filter(collaboration=collaboration).first()
    return found or PromiseSettings(collaboration=collaboration)


# --- never silently forgotten -------------------------------------------------------------------


@dataclass
class OverdueItem:
    """Something of a promise that is overdue: progress updates, or the follow-up report."""

    promise: Promise
    kind: str  # "updates" or "follow_up"
    activity: PromiseActivity | None = None
    last_update: datetime.date | None = None
    due_since: datetime.date | None = None


def promise_overdue_items(
    *, collaboration: Collaboration, today: datetime.date
) -> list[OverdueItem]:
    """What is overdue in the collaboration's promises on ``today``.

    * every not-finished activity of an active promise whose newest update (or, without one,
      the later of the activity's start and the promise's publication) is older than the
      promise's ``update_interval_days``;
    * every promise whose period has ended (active, i.e. not yet completed) without a
      follow-up report.
    """
    items: list[OverdueItem] = []
    promises = Promise.objects.filter(
        collaboration=collaboration, status=PromiseStatus.ACTIVE
    ).select_related("follow_up")
    for promise in promises:
        if (
            promise.period_end < today
            and not PromiseFollowUp.objects.filter(promise=promise).exists()
        ):
            items.append(
                OverdueItem(promise=promise, kind="follow_up", due_since=promise.period_end)
            )
        interval = datetime.timedelta(days=promise.update_interval_days)
        activities = (
            promise.activities.exclude(status__in=FINISHED_STATUSES)
            .filter(starts_on__lte=today)
            .annotate(last=Max("updates__reported_on"))
        )
        published = promise.published_at.date() if promise.published_at else promise.period_start
        for activity in activities:
            since = activity.last or max(activity.starts_on, published)
            if since + interval < today:
                items.append(
                    OverdueItem(
                        promise=promise,
                        kind="updates",
                        activity=activity,
                        last_update=activity.last,
                        due_since=since + interval,
                    )
                )
    return items


def overdue_promises(*, collaboration: Collaboration, today: datetime.date) -> list[Promise]:
    """The promises with anything overdue (see ``promise_overdue_items``), each once."""
    seen: dict[int, Promise] = {}
    for item in promise_overdue_items(collaboration=collaboration, today=today):
        seen.setdefault(item.promise.pk, item.promise)
    return list(seen.values())


def activity_tally(*, promise: Promise) -> list[tuple[str, str, int]]:
    """How many of the promise's activities stand in each status (planned vs done, changed,
    dropped): the resource and activity part of the end-of-period follow-up."""
    from django.db.models import Count

    from laget.promises.choices import ActivityStatus

    counts = dict(
        promise.activities.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(s.value, str(s.label), counts.get(s.value, 0)) for s in ActivityStatus]
