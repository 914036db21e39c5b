"""Reads for reporting. Every selector takes the acting user and goes through the access module."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from laget import access
from laget.geography.models import Area
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Membership, Organisation, Unit
from laget.reporting.choices import PersonalDataAction
from laget.reporting.models import Category, ChecklistAnswer, Report, ReportTemplate

#: "Samma händelse?": same category, within this distance and time of each other.
DUPLICATE_DISTANCE_M = 250
DUPLICATE_WINDOW = datetime.timedelta(hours=48)


def template_list(*, user: Any, collaboration: Collaboration) -> QuerySet[ReportTemplate]:
    return access.restrict(user, ReportTemplate.objects.filter(collaboration=collaboration))


def active_categories(*, template: ReportTemplate) -> list[Category]:
    """The template's categories in use, main categories first with their sub-categories."""
    categories = list(template.categories.filter(is_active=True).select_related("parent"))
    mains = [c for c in categories if c.parent_id is None]
    ordered: list[Category] = []
    for main in mains:
        ordered.append(main)
        ordered.extend(c for c in categories if c.parent_id == main.pk)
    return ordered


def reportable_categories(*, template: ReportTemplate) -> list[Category]:
    """Categories a reporter answers: sub-categories, and main categories without any."""
    categories = active_categories(template=template)
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.pk not in parents]


def report_list(
    *,
    user: Any,
    collaboration: Collaboration,
    period_start: datetime.date | None = None,
    category: Category | None = None,
    area: Area | None = None,
) -> QuerySet[Report]:
    qs = Report.objects.filter(collaboration=collaboration).select_related(
        "category", "area", "unit", "owner_organisation", "reporter"
    )
    if period_start is not None:
        qs = qs.filter(period_start=period_start)
    if category is not None:
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if area is not None:
        qs = qs.filter(area=area)
    return access.restrict(user, qs)


def my_reports(*, user: Any) -> QuerySet[Report]:
    """The reports this person made, newest first (the basis of "Mina rapporter")."""
    return access.restrict(
        user,
        Report.objects.filter(reporter=user).select_related("collaboration", "category", "area"),
    )


@dataclass(frozen=True)
class ChecklistCell:
    category: Category
    answer: ChecklistAnswer | None

    @property
    def state(self) -> str:
        """``missing``, ``zero`` (inget att rapportera) or ``reported``."""
        if self.answer is None:
            return "missing"
        return "zero" if self.answer.report_id is None else "reported"


def checklist_for(
    *,
    user: Any,
    collaboration: Collaboration,
    template: ReportTemplate,
    area: Area,
    period_start: datetime.date,
    organisation_id: int,
    unit_id: int | None,
) -> list[ChecklistCell]:
    """One organisation/unit's answers for an area and week, one cell per reportable category."""
    answers = {
        a.category_id: a
        for a in access.restrict(
            user,
            ChecklistAnswer.objects.filter(
                collaboration=collaboration,
                area=area,
                period_start=period_start,
                owner_organisation_id=organisation_id,
                unit_id=unit_id,
            ).select_related("report"),
        )
    }
    return [ChecklistCell(c, answers.get(c.pk)) for c in reportable_categories(template=template)]


def _distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine), accurate enough for 'close in place'."""
    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def duplicate_candidates(*, user: Any, report: Report, limit: int = 5) -> list[Report]:
    """Other reports that may describe the same event: "samma händelse?"

    Same category; with points, within 250 m and 48 hours; without, the same area and week.
    """
    qs = (
        report_list(user=user, collaboration=report.collaboration)
        .filter(category=report.category)
        .exclude(pk=report.pk)
    )
    if report.occurred_at is not None:
        qs = qs.filter(
            occurred_at__gte=report.occurred_at - DUPLICATE_WINDOW,
            occurred_at__lte=report.occurred_at + DUPLICATE_WINDOW,
        )
    else:
        qs = qs.filter(period_start=report.period_start)
    if report.lon is not None and report.lat is not None:
        # Pre-filter by a bounding box in the database, then measure exactly.
        dlat = DUPLICATE_DISTANCE_M / 111_000
        dlon = dlat / max(math.cos(math.radians(report.lat)), 0.01)
        near = qs.filter(
            lon__gte=report.lon - dlon,
            lon__lte=report.lon + dlon,
            lat__gte=report.lat - dlat,
            lat__lte=report.lat + dlat,
        )
        found = [
            r
            for r in near[:200]
            if _distance_m(report.lon, report.lat, r.lon, r.lat) <= DUPLICATE_DISTANCE_M
        ]
        return found[:limit]
    if report.area_id is None:
        return []
    return list(qs.filter(area_id=report.area_id)[:limit])


# --- for the reporting pages --------------------------------------------------------------------


def template_in_use(*, user: Any, collaboration: Collaboration) -> ReportTemplate | None:
    """The template reporters answer now: the newest one in use (normally there is one)."""
    return (
        template_list(user=user, collaboration=collaboration)
        .filter(is_active=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def template_categories(*, template: ReportTemplate) -> list[Category]:
    """All of a template's categories, retired ones included, each main one before its subs."""
    categories = list(template.categories.all())
    ordered: list[Category] = []
    for main in (c for c in categories if c.parent_id is None):
        ordered.append(main)
        ordered.extend(c for c in categories if c.parent_id == main.pk)
    return ordered


def reporter_memberships(*, user: Any, collaboration: Collaboration) -> list[Membership]:
    """The person's own active memberships in the collaboration, oldest first.

    The first one is the default a report is made under, as in ``services.report_submit``.
    """
    return list(
        access.restrict(
            user,
            Membership.objects.filter(user=user, collaboration=collaboration, is_active=True),
        )
        .select_related("organisation", "unit__organisation")
        .order_by("pk")
    )


def reporter_units(*, user: Any, collaboration: Collaboration) -> list[Unit]:
    """Units a person may report for: their membership's unit, or (members of an organisation
    as a whole, such as a coordinator) any unit of that organisation."""
    memberships = reporter_memberships(user=user, collaboration=collaboration)
    own = {m.unit_id for m in memberships if m.unit_id is not None}
    whole = {m.organisation_id for m in memberships if m.unit_id is None}
    units = access.restrict(
        user,
        Unit.objects.filter(Q(pk__in=own) | Q(organisation_id__in=whole)).select_related(
            "organisation"
        ),
    )
    return list(units.order_by("organisation__name", "name"))


def my_report_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Report]:
    """The person's reports in one collaboration ("Mina rapporter"), newest first, trail loaded."""
    return (
        my_reports(user=user)
        .filter(collaboration=collaboration)
        .select_related("category__parent", "duplicate_of")
        .prefetch_related("personal_data_findings")
    )


@dataclass(frozen=True)
class TrailStep:
    """One step of a report's trail (återkoppling): what has happened to it, and when."""

    kind: str  # received, duplicate, personal_data_*, situation_picture, decision, action, answer
    at: datetime.datetime | None
    report: Report | None = None  # the other report, for "same event as"
    week: int | None = None  # the ISO week of the lägesbild the report is part of
    detail: str = ""  # the decision, or the action item's status
    done: bool = False  # the action item is done


def report_trail(*, report: Report, feedback: Any = None) -> list[TrailStep]:
    """What has happened to a report so far: received, linked as the same event, data handled,
    in the adopted lägesbild of week N, the meeting's decision and its action item.

    Uses ``personal_data_findings`` and ``duplicate_of`` as loaded (prefetch them for lists);
    ``feedback`` is the report's ``laget.situation.meetings.Feedback`` (see ``report_trails``).
    """
    steps = [TrailStep("received", report.created_at)]
    if report.duplicate_of_id is not None:
        steps.append(TrailStep("duplicate", None, report.duplicate_of))
    findings = list(report.personal_data_findings.all())
    for action in (PersonalDataAction.JUSTIFIED, PersonalDataAction.REDACTED):
        handled = [f.handled_at for f in findings if f.action == action]
        if handled:
            steps.append(TrailStep(f"personal_data_{action}", max(handled)))
    if feedback is not None and feedback.picture is not None:
        picture = feedback.picture
        week = picture.period_start.isocalendar().week
        steps.append(TrailStep("situation_picture", picture.adopted_at, week=week))
    if feedback is not None and feedback.item is not None:
        item = feedback.item
        steps.append(TrailStep("decision", item.decided_at, detail=item.get_decision_display()))
    if feedback is not None and feedback.action is not None:
        action = feedback.action
        done = action.status == "done"
        steps.append(
            TrailStep("action", action.done_at, detail=action.get_status_display(), done=done)
        )
        answer = getattr(action, "response", None)
        if answer is not None:  # the steering group's or council's answer to an escalation
            body = answer.group.name if answer.group is not None else answer.decided_by
            steps.append(TrailStep("answer", None, detail=f"{body}: {answer.text}"))
    return steps


def report_trails(*, user: Any, reports: Any) -> list[tuple[Report, list[TrailStep]]]:
    """Each report with its trail; the lägesbild, decision and action steps are loaded for all
    reports at once (a fixed number of queries per page, never one per report)."""
    from laget.situation.meetings import report_feedback  # situation builds on reporting

    reports = list(reports)
    feedback = report_feedback(user=user, reports=reports)
    return [(r, report_trail(report=r, feedback=feedback.get(r.pk))) for r in reports]


@dataclass(frozen=True)
class OverviewColumn:
    """Who answers the checklist: an organisation's unit, or the organisation without a unit."""

    organisation_id: int
    unit_id: int | None
    label: str


@dataclass(frozen=True)
class OverviewCell:
    reported: int
    zero: int
    missing: int

    @property
    def state(self) -> str:
        """``missing`` (nothing answered), ``partial`` or ``complete``."""
        if self.reported + self.zero == 0:
            return "missing"
        return "partial" if self.missing else "complete"


@dataclass(frozen=True)
class OverviewRow:
    area: Area
    cells: list[OverviewCell]


@dataclass(frozen=True)
class ChecklistOverview:
    """Which areas × units answered the week's checklist: the basis of "who did not report"."""

    columns: list[OverviewColumn]
    rows: list[OverviewRow]
    category_count: int

    @property
    def silent_columns(self) -> list[OverviewColumn]:
        """Units that answered nothing at all this week, in any area."""
        return [
            column
            for i, column in enumerate(self.columns)
            if all(row.cells[i].state == "missing" for row in self.rows)
        ]


def checklist_overview(
    *,
    user: Any,
    collaboration: Collaboration,
    template: ReportTemplate,
    period_start: datetime.date,
) -> ChecklistOverview:
    """The week's checklist answers per active area and reporting unit, in five queries.

    Columns are the units of the collaboration's reporters plus anyone else who answered.
    """
    category_ids = [c.pk for c in reportable_categories(template=template)]
    areas = list(
        access.restrict(user, Area.objects.filter(collaboration=collaboration, is_active=True))
    )
    counts = {
        (row["area_id"], row["owner_organisation_id"], row["unit_id"]): row
        for row in access.restrict(
            user,
            ChecklistAnswer.objects.filter(
                collaboration=collaboration,
                period_start=period_start,
                category_id__in=category_ids,
            ),
        )
        .values("area_id", "owner_organisation_id", "unit_id")
        .annotate(total=Count("pk"), reported=Count("report"))
        .order_by()
    }
    columns: dict[tuple[int, int | None], str] = {}
    for membership in access.restrict(
        user,
        Membership.objects.filter(
            collaboration=collaboration, is_active=True, role=Role.REPORTER
        ).select_related("organisation", "unit__organisation"),
    ):
        key = (membership.organisation_id, membership.unit_id)
        columns[key] = str(membership.unit) if membership.unit else membership.organisation.name
    answered = {(org, unit) for _area, org, unit in counts} - set(columns)
    if answered:
        units = Unit.objects.select_related("organisation").in_bulk(
            [u for _o, u in answered if u is not None]
        )
        organisations = Organisation.objects.in_bulk([o for o, _u in answered])
        for org, unit in answered:
            columns[(org, unit)] = str(units[unit]) if unit else organisations[org].name
    ordered = sorted(columns.items(), key=lambda item: item[1])
    total = len(category_ids)
    rows = []
    for area in areas:
        cells = []
        for (org, unit), _label in ordered:
            row = counts.get((area.pk, org, unit))
            answered_count = row["total"] if row else 0
            reported = row["reported"] if row else 0
            cells.append(
                OverviewCell(reported, answered_count - reported, max(total - answered_count, 0))
            )
        rows.append(OverviewRow(area, cells))
    return ChecklistOverview(
        [OverviewColumn(org, unit, label) for (org, unit), label in ordered], rows, total
    )
