"""Writes for the annual wheel: milestones, the standard årshjul, calendar feeds, reminders."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from laget.annual.choices import MilestoneKind, Recurrence
from laget.annual.models import CalendarFeed, Milestone, ReminderSent
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Membership

FEED_PREFIX = "kal"  # a public marker in the feed address, not a secret
#: The language of reminder e-mails when the person has none of their own.
DEFAULT_LANGUAGE = "sv"


def _is_member(user: Any, collaboration: Collaboration) -> bool:
    return Membership.objects.filter(
        user=user, collaboration=collaboration, is_active=True
    ).exists()


def _validate(milestone: Milestone) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if milestone.end_date is not None and milestone.end_date < milestone.start_date:
        errors["end_date"] = [
            ValidationError(
                _("The last date cannot be before the first date."), code="end_before_start"
            )
        ]
    if milestone.responsible_id is not None and not _is_member(
        milestone.responsible, milestone.collaboration
    ):
        errors["responsible"] = [
            ValidationError(
                _("The responsible person must be an active member of the collaboration."),
                code="not_a_member",
            )
        ]
    if errors:
        raise ValidationError(errors)
    milestone.full_clean()


def milestone_create(
    *,
    collaboration: Collaboration,
    created_by: Any,
    title: str,
    kind: str,
    start_date: datetime.date,
    recurrence: str = Recurrence.YEARLY,
    end_date: datetime.date | None = None,
    responsible: Any | None = None,
    remind_days: int = 14,
    description: str = "",
) -> Milestone:
    milestone = Milestone(
        collaboration=collaboration,
        created_by=created_by,
        title=title.strip(),
        kind=kind,
        start_date=start_date,
        recurrence=recurrence,
        end_date=end_date,
        responsible=responsible,
        remind_days=remind_days,
        description=description.strip(),
    )
    with transaction.atomic():
        _validate(milestone)
        milestone.save()
    return milestone


def milestone_update(
    *,
    milestone: Milestone,
    title: str,
    kind: str,
    start_date: datetime.date,
    recurrence: str,
    end_date: datetime.date | None,
    responsible: Any | None,
    remind_days: int,
    description: str = "",
) -> Milestone:
    milestone.title = title.strip()
    milestone.kind = kind
    milestone.start_date = start_date
    milestone.recurrence = recurrence
    milestone.end_date = end_date
    milestone.responsible = responsible
    milestone.remind_days = remind_days
    milestone.description = description.strip()
    with transaction.atomic():
        _validate(milestone)
        milestone.save()
    return milestone


def milestone_delete(*, milestone: Milestone) -> None:
    with transaction.atomic():
        milestone.delete()


@dataclass(frozen=True)
class DefaultMilestone:
    title: str
    kind: str
    month: int
    day: int
    description: str


def default_milestones() -> list[DefaultMilestone]:
    """The standard årshjul (translated titles, in the active language)."""
    return [
        DefaultMilestone(
            _("Situation picture refresh (winter)"),
            MilestoneKind.SITUATION_REFRESH,
            1,
            15,
            _("Update the joint situation picture with last year's reports and statistics."),
        ),
        DefaultMilestone(
            _("Action plan adopted by the steering group"),
            MilestoneKind.ACTION_PLAN,
            2,
            15,
            _(
                "The steering group adopts the year's action plan from the refreshed situation picture."
            ),
        ),
        DefaultMilestone(
            _("Follow-up report to the steering group (first half)"),
            MilestoneKind.FOLLOW_UP,
            6,
            10,
            _("How the measures have been carried out and what the indicators show."),
        ),
        DefaultMilestone(
            _("Situation picture refresh (summer)"),
            MilestoneKind.SITUATION_REFRESH,
            8,
            20,
            _("Update the situation picture after the summer, ahead of budget work."),
        ),
        DefaultMilestone(
            _("Budget and business planning"),
            MilestoneKind.BUDGET,
            10,
            1,
            _("Resources for next year's measures in the parties' budgets."),
        ),
        DefaultMilestone(
            _("Follow-up report to the steering group (year)"),
            MilestoneKind.FOLLOW_UP,
            12,
            5,
            _("The year's follow-up: effects on the problems and the parties' commitments."),
        ),
    ]


def milestones_add_defaults(
    *,
    collaboration: Collaboration,
    created_by: Any | None,
    responsible: Any | None = None,
    today: datetime.date | None = None,
) -> list[Milestone]:
    """Add the standard årshjul to ``collaboration``; milestones it already has (same title)
    are left alone, so adding it twice changes nothing. Returns the milestones created."""
    today = today or timezone.localdate()
    if responsible is None and created_by is not None and _is_member(created_by, collaboration):
        responsible = created_by
    existing = set(collaboration.milestones.values_list("title", flat=True))
    created: list[Milestone] = []
    with transaction.atomic():
        for item in default_milestones():
            if item.title in existing:
                continue
            created.append(
                milestone_create(
                    collaboration=collaboration,
                    created_by=created_by,
                    title=item.title,
                    kind=item.kind,
                    start_date=datetime.date(today.year, item.month, item.day),
                    recurrence=Recurrence.YEARLY,
                    responsible=responsible,
                    description=item.description,
                )
            )
    return created


# Calendar feeds ---------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def feed_create(*, user: Any) -> tuple[CalendarFeed, str]:
    """A new secret feed address for ``user``; earlier ones are revoked. The secret is returned
    once and never stored."""
    prefix = secrets.token_hex(4)
    secret = f"{FEED_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        for old in CalendarFeed.objects.filter(user=user, revoked_at=None):
            old.revoked_at = timezone.now()
            old.save(update_fields=["revoked_at"])
        feed = CalendarFeed(user=user, prefix=prefix, key_hash=_digest(secret))
        feed.full_clean()
        feed.save()
    return feed, secret


def feed_revoke(*, user: Any, feed_id: int) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(pk=feed_id, user=user, revoked_at=None).first()
    if feed is None:
        raise Http404
    with transaction.atomic():
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def feed_user(secret: str) -> Any | None:
    """The active person whose feed ``secret`` is, or None (unknown, revoked, malformed)."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != FEED_PREFIX:
        return None
    feed = (
        CalendarFeed.objects.select_related("user").filter(prefix=parts[1], revoked_at=None).first()
    )
    if feed is None or not hmac.compare_digest(feed.key_hash, _digest(secret)):
        return None
    if not feed.user.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 3600:
        from laget.audit.recorder import acting_as

        feed.last_used_at = now  # at most one write an hour per feed
        with acting_as(feed.user):
            feed.save(update_fields=["last_used_at"])
    return feed.user


# Reminders --------------------------------------------------------------------------------


def _recipients(milestone: Milestone) -> list[Any]:
    """The responsible person and the collaboration's coordinators, active, with an address."""
    people = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            collaboration_id=milestone.collaboration_id, is_active=True, role=Role.COORDINATOR
        ).select_related("user")
    }
    if milestone.responsible is not None:
        people[milestone.responsible_id] = milestone.responsible
    return [u for u in people.values() if u.is_active and u.email]


def _send_one(milestone: Milestone, occurrence: datetime.date, recipient: Any) -> None:
    language = getattr(recipient, "language", "") or DEFAULT_LANGUAGE
    with translation.override(language):
        path = reverse("annual:wheel", kwargs={"collaboration_id": milestone.collaboration_id})
        context = {
            "milestone": milestone,
            "occurrence": occurrence,
            "recipient": recipient,
            "collaboration": milestone.collaboration,
            "url": f"{settings.SITE_URL.rstrip('/')}{path}",
        }
        subject = _("Reminder: %(title)s on %(date)s") % {
            "title": milestone.title,
            "date": occurrence.isoformat(),
        }
        body = render_to_string("annual/reminder_email.txt", context)
    send_mail(subject, body, None, [recipient.email])


def reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail every occurrence whose reminder window has begun (and which has not passed) to
    its responsible person and the coordinators, once each. Returns the number of e-mails."""
    from laget.annual.selectors import due_occurrences

    today = today or timezone.localdate()
    sent = 0
    for item in due_occurrences(today=today):
        for recipient in _recipients(item.milestone):
            try:
                with transaction.atomic():
                    # Recorded in the same transaction as the sending: if the mail server
                    # fails, the record is rolled back and tomorrow's run tries again.
                    _record, created = ReminderSent.objects.get_or_create(
                        milestone=item.milestone, occurrence=item.date, recipient=recipient
                    )
                    if not created:
                        continue
                    _send_one(item.milestone, item.date, recipient)
            except IntegrityError:  # another run recorded it at the same moment
                continue
            sent += 1
    return sent
