"""Reads for the annual wheel and the Lag 2023:196 compliance panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laget import access
from laget.annual.choices import MilestoneKind
from laget.annual.models import CalendarFeed, Milestone
from laget.annual.recurrence import add_months, occurrences
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Membership
from laget.planning.choices import PlanStatus
from laget.planning.models import ActionPlan
from laget.situation.choices import PeriodKind, PictureStatus
from laget.situation.models import SituationPicture

#: How far ahead the årshjul page and the calendar feed look.
HORIZON_MONTHS = 12
#: A lägesbild older than this is not current (Lag 2023:196 asks for a current lägesbild).
SITUATION_MAX_AGE_DAYS = 365
#: An åtgärdsplan older than this is due for renewal (at least once per mandate period).
ACTION_PLAN_MAX_AGE_DAYS = 4 * 365


@dataclass(frozen=True)
class Occurrence:
    milestone: Milestone
    date: datetime.date

    @property
    def remind_on(self) -> datetime.date:
        return self.date - datetime.timedelta(days=self.milestone.remind_days)

    def is_due(self, today: datetime.date) -> bool:
        """In the reminder window: from ``remind_days`` before the date to the date itself."""
        return self.remind_on <= today <= self.date


def milestone_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Milestone]:
    return access.restrict(
        user, Milestone.objects.filter(collaboration=collaboration).select_related("responsible")
    ).order_by("start_date", "title")


def responsible_candidates(*, collaboration: Collaboration) -> QuerySet[Any]:
    """The people who may be responsible for a milestone: active members of the collaboration."""
    members = Membership.objects.filter(collaboration=collaboration, is_active=True)
    return (
        get_user_model()
        .objects.filter(pk__in=members.values("user_id"), is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def expand(
    milestones: list[Milestone] | QuerySet[Milestone], *, start: datetime.date, end: datetime.date
) -> list[Occurrence]:
    """Every occurrence of ``milestones`` from ``start`` to ``end`` (both included), by date."""
    found = [
        Occurrence(m, day)
        for m in milestones
        for day in occurrences(
            start=m.start_date,
            recurrence=m.recurrence,
            end=m.end_date,
            window_start=start,
            window_end=end,
        )
    ]
    return sorted(found, key=lambda o: (o.date, o.milestone.title))


def horizon_end(today: datetime.date) -> datetime.date:
    """The last day of the eleventh month after this one: twelve calendar months in all."""
    first = today.replace(day=1)
    return add_months(first, HORIZON_MONTHS, anchor_day=1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Month:
    first_day: datetime.date
    occurrences: list[Occurrence]


def wheel_months(
    *, user: Any, collaboration: Collaboration, today: datetime.date | None = None
) -> list[Month]:
    """The coming twelve calendar months (this one first), each with its occurrences."""
    today = today or timezone.localdate()
    found = expand(
        milestone_list(user=user, collaboration=collaboration),
        start=today,
        end=horizon_end(today),
    )
    months: list[Month] = []
    for n in range(HORIZON_MONTHS):
        first = add_months(today.replace(day=1), n, anchor_day=1)
        months.append(
            Month(
                first,
                [o for o in found if (o.date.year, o.date.month) == (first.year, first.month)],
            )
        )
    return months


def due_soon(
    *, user: Any, collaboration: Collaboration, today: datetime.date | None = None
) -> list[Occurrence]:
    """Occurrences in their reminder window today (for the start page)."""
    today = today or timezone.localdate()
    found = expand(
        milestone_list(user=user, collaboration=collaboration),
        start=today,
        end=today + datetime.timedelta(days=366),
    )
    return [o for o in found if o.is_due(today)]


def due_occurrences(*, today: datetime.date) -> list[Occurrence]:
    """Every occurrence of every collaboration in its reminder window (for the reminder job;
    not narrowed to a person: the job acts for the system)."""
    milestones = Milestone.objects.select_related("responsible", "collaboration")
    found = expand(milestones, start=today, end=today + datetime.timedelta(days=366))
    return [o for o in found if o.is_due(today)]


def feed_occurrences(*, user: Any, today: datetime.date | None = None) -> list[Occurrence]:
    """The next twelve months of milestones in the collaborations the person is a member of
    (not those a regional coordinator may read: a feed is about one's own work)."""
    today = today or timezone.localdate()
    scope = access.scope_for(user)
    milestones = access.restrict(
        user,
        Milestone.objects.filter(collaboration_id__in=scope.collaboration_ids).select_related(
            "collaboration", "responsible"
        ),
    )
    return expand(milestones, start=today, end=horizon_end(today))


def active_feed(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at=None).first()


# Lag 2023:196 -----------------------------------------------------------------------------


def adopted_action_plan(*, collaboration: Collaboration, user: Any | None = None) -> Any | None:
    """The collaboration's latest adopted åtgärdsplan (visible to ``user``), or None."""
    plans = ActionPlan.objects.filter(collaboration=collaboration, status=PlanStatus.ADOPTED)
    if user is not None:
        plans = access.restrict(user, plans)
    return plans.order_by("-adopted_on", "-year").first()


def _url(name: str, collaboration: Collaboration) -> str:
    return reverse(name, kwargs={"collaboration_id": collaboration.pk})


OK = "ok"
WARNING = "warning"
MISSING = "missing"


@dataclass(frozen=True)
class Requirement:
    """One requirement of the law and how the collaboration stands."""

    title: Any
    state: str  # OK, WARNING or MISSING
    detail: Any
    fix_url: str
    fix_label: Any
    date: datetime.date | None = None


@dataclass
class Compliance:
    requirements: list[Requirement] = field(default_factory=list)
    latest_picture: Any | None = None
    latest_weekly_picture: Any | None = None
    action_plan: Any | None = None
    coordinators: list[Any] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(r.state == OK for r in self.requirements)

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if r.state != OK]


def compliance(
    *, user: Any, collaboration: Collaboration, today: datetime.date | None = None
) -> Compliance:
    """What Lag 2023:196 asks of the municipality and what Läget's data shows: a current
    lägesbild, an adopted åtgärdsplan and a designated samordningsfunktion."""
    return compliance_many(user=user, collaborations=[collaboration], today=today)[collaboration.pk]


def _latest_pk(queryset: QuerySet[Any], *order: str) -> Subquery:
    return Subquery(queryset.filter(collaboration=OuterRef("pk")).order_by(*order).values("pk")[:1])


def compliance_many(
    *, user: Any, collaborations: list[Collaboration], today: datetime.date | None = None
) -> dict[int, Compliance]:
    """:func:`compliance` for many collaborations (the county page) in four queries."""
    today = today or timezone.localdate()
    pictures = access.restrict(
        user,
        SituationPicture.objects.filter(status=PictureStatus.ADOPTED, adopted_at__isnull=False),
    )
    plans = access.restrict(user, ActionPlan.objects.filter(status=PlanStatus.ADOPTED))
    latest = Collaboration.objects.filter(pk__in=[c.pk for c in collaborations]).values_list(
        "pk",
        _latest_pk(pictures, "-adopted_at"),
        _latest_pk(pictures.filter(period_kind=PeriodKind.WEEK), "-adopted_at"),
        _latest_pk(plans, "-adopted_on", "-year"),
    )
    ids = {pk: (picture, weekly, plan) for pk, picture, weekly, plan in latest}
    found = SituationPicture.objects.defer("snapshot").in_bulk(
        [pk for picture, weekly, _plan in ids.values() for pk in (picture, weekly) if pk]
    )
    found_plans = ActionPlan.objects.in_bulk([plan for *_p, plan in ids.values() if plan])
    coordinators: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(
            collaboration__in=collaborations,
            is_active=True,
            role=Role.COORDINATOR,
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name")
    ):
        coordinators.setdefault(membership.collaboration_id, []).append(membership)
    result = {}
    for collaboration in collaborations:
        picture, weekly, plan = ids.get(collaboration.pk, (None, None, None))
        result[collaboration.pk] = _compliance(
            collaboration,
            today,
            found.get(picture),
            found.get(weekly),
            found_plans.get(plan),
            coordinators.get(collaboration.pk, []),
        )
    return result


def _compliance(
    collaboration: Collaboration,
    today: datetime.date,
    picture: Any,
    weekly: Any,
    plan: Any,
    coordinators: list[Membership],
) -> Compliance:
    result = Compliance(
        latest_picture=picture,
        latest_weekly_picture=weekly,
        action_plan=plan,
        coordinators=coordinators,
    )
    picture_url = _url("situation:index", collaboration)
    if picture is None:
        result.requirements.append(
            Requirement(
                _("Situation picture"),
                MISSING,
                _("No adopted situation picture."),
                picture_url,
                _("Compile and adopt a situation picture"),
            )
        )
    else:
        adopted_on = timezone.localdate(picture.adopted_at)
        old = (today - adopted_on).days > SITUATION_MAX_AGE_DAYS
        result.requirements.append(
            Requirement(
                _("Situation picture"),
                WARNING if old else OK,
                _("The latest adopted situation picture is more than a year old.")
                if old
                else _("An adopted situation picture from the last twelve months."),
                picture_url,
                _("Compile and adopt a situation picture"),
                adopted_on,
            )
        )
    plan_url = _url("planning:plan_list", collaboration)
    if plan is None:
        result.requirements.append(
            Requirement(
                _("Action plan"),
                MISSING,
                _("No adopted action plan."),
                plan_url,
                _("Draw up and adopt an action plan"),
            )
        )
    else:
        old = plan.adopted_on is not None and (
            (today - plan.adopted_on).days > ACTION_PLAN_MAX_AGE_DAYS
        )
        result.requirements.append(
            Requirement(
                _("Action plan"),
                WARNING if old else OK,
                _("The adopted action plan is older than a mandate period.")
                if old
                else _("An adopted action plan."),
                plan_url,
                _("Draw up and adopt an action plan"),
                plan.adopted_on,
            )
        )
    result.requirements.append(
        Requirement(
            _("Coordination function"),
            OK if coordinators else MISSING,
            _("A designated coordinator (samordnare).")
            if coordinators
            else _("Nobody is designated as coordinator (samordnare)."),
            _url("organisations:membership_list", collaboration),
            _("Appoint a coordinator"),
        )
    )
    return result


def has_follow_up_planned(*, collaboration: Collaboration) -> bool:
    """A follow-up milestone is in the årshjul (the book's "uppföljning är inplanerad")."""
    return collaboration.milestones.filter(kind=MilestoneKind.FOLLOW_UP).exists()
