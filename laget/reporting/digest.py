"""The weekly digest (återkoppling by e-mail): each unit's reporters hear what came of the
unit's reports of the week — whether they are part of an adopted lägesbild, what the group
decided and how the action items stand. The e-mail carries categories, areas, counts and the
trail, never the reports' free text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from laget import access
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Membership
from laget.reporting.models import Report
from laget.reporting.selectors import report_trails
from laget.reporting.services import period_start_for


@dataclass(frozen=True)
class DigestResult:
    sent: int
    units: int


def last_complete_week(today: datetime.date | None = None) -> datetime.date:
    """The Monday of the last week that has ended."""
    today = today or timezone.localdate()
    return period_start_for(today) - datetime.timedelta(days=7)


def digest_send(*, collaboration: Collaboration, period_start: datetime.date) -> DigestResult:
    """E-mail every active reporter the trails of their unit's reports of the week.

    Units without reports that week get no e-mail. Each recipient sees only the reports the
    access model lets them read.
    """
    reporters = (
        Membership.objects.filter(
            collaboration=collaboration, role=Role.REPORTER, is_active=True, unit__isnull=False
        )
        .exclude(user__email="")
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    )
    by_unit: dict[int, list[Membership]] = {}
    for membership in reporters:
        by_unit.setdefault(membership.unit_id, []).append(membership)
    sent = 0
    week_end = period_start + datetime.timedelta(days=6)
    for unit_id, memberships in by_unit.items():
        base = (
            Report.objects.filter(
                collaboration=collaboration, unit_id=unit_id, period_start=period_start
            )
            .select_related("category", "area", "duplicate_of")
            .prefetch_related("personal_data_findings")
        )
        for membership in memberships:
            user = membership.user
            with translation.override(settings.LANGUAGE_CODE):
                reports = access.restrict(user, base).order_by("category__order", "pk")
                trails = report_trails(user=user, reports=reports)
            if not trails:
                continue
            context = {
                "user": user,
                "unit": membership.unit,
                "collaboration": collaboration,
                "week": period_start.isocalendar()[1],
                "start": period_start,
                "end": week_end,
                "trails": trails,
                "url": settings.SITE_URL.rstrip("/")
                + reverse("reporting:my_reports", kwargs={"collaboration_id": collaboration.pk}),
            }
            with translation.override(settings.LANGUAGE_CODE):
                subject = render_to_string("reporting/digest_subject.txt", context).strip()
                body = render_to_string("reporting/digest_email.txt", context)
            send_mail(subject, body, None, [user.email])
            sent += 1
    return DigestResult(sent=sent, units=len(by_unit))


def digest_send_all(*, period_start: datetime.date | None = None) -> DigestResult:
    """Send the week's digests for every collaboration (run weekly, e.g. Monday morning)."""
    week = period_start or last_complete_week()
    total = DigestResult(0, 0)
    for collaboration in Collaboration.objects.order_by("pk"):
        result = digest_send(collaboration=collaboration, period_start=week)
        total = DigestResult(total.sent + result.sent, total.units + result.units)
    return total
