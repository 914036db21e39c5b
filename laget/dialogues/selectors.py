"""Reads of the dialogue records."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laget import access
from laget.core.choices import InformationClass
from laget.dialogues.choices import OPEN_REMARK_STATUSES, RemarkStatus
from laget.dialogues.models import Dialogue, SafetyWalk, WalkRemark
from laget.organisations.models import Unit
from laget.reporting.models import Category


def dialogues_held(
    *, collaboration: Any, start: datetime.date, end: datetime.date
) -> QuerySet[Dialogue]:
    """The dialogues of ``collaboration`` held between ``start`` and ``end`` (inclusive).

    Planned dialogues (a date after today) never count, whatever the window: the medborgarlöfte
    gates ask what has been done, not what is intended.
    """
    today = timezone.localdate()
    last = min(end, today)
    return Dialogue.objects.filter(
        collaboration=collaboration, held_on__gte=start, held_on__lte=last
    ).select_related("organisation")


def dialogues_for(*, user: Any, collaboration: Any, kind: str = "") -> QuerySet[Dialogue]:
    """The dialogues of ``collaboration`` that ``user`` may read, optionally of one kind."""
    queryset = access.restrict(
        user, Dialogue.objects.filter(collaboration=collaboration)
    ).select_related("organisation")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


#: The nine points of "Checklista för planering av medborgardialog" (spec §3.10), in order, each
#: with the Dialogue field that answers it. Point 8 is documentation/analysis of the answers.
CHECKLIST: tuple[tuple[str, Any], ...] = (
    ("plan_responsible", _("Responsible for planning and execution")),
    ("purpose", _("Purpose, goals and limits")),
    ("plan_target_group", _("Target group and barriers to participation")),
    ("plan_influence", _("Influence and degree of participation offered")),
    ("plan_forms", _("Form of the dialogue")),
    ("plan_forum", _("Forum or meeting place")),
    ("plan_questions", _("Questions")),
    ("plan_documentation", _("How answers are documented and analysed")),
    ("plan_feedback", _("Plan for feedback")),
)


def citizen_checklist(*, dialogue: Dialogue) -> list[tuple[str, Any, bool]]:
    """Each checklist point as (field, label, filled in?) – a point counts once it has content."""
    result = []
    for name, label in CHECKLIST:
        value = getattr(dialogue, name)
        done = bool(value) if name == "plan_forms" else bool((value or "").strip())
        result.append((name, label, done))
    return result


def collaboration_units(*, collaboration: Any) -> QuerySet[Unit]:
    """The units of the collaboration's parties: what staff participants are counted by."""
    return (
        Unit.objects.filter(organisation__in=collaboration.parties.all())
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def unit_participation(*, dialogue: Dialogue) -> list[tuple[Unit, int]]:
    """A staff dialogue's (unit, count) rows, for the units still in the collaboration."""
    counts = dialogue.participants_by_unit or {}
    return [
        (unit, int(counts[str(unit.pk)]))
        for unit in collaboration_units(collaboration=dialogue.collaboration)
        if str(unit.pk) in counts
    ]


# --- Trygghetsvandringar ----------------------------------------------------------------------


def walks_for(*, user: Any, collaboration: Any) -> QuerySet[SafetyWalk]:
    """The collaboration's safety walks ``user`` may read, each with its count of open remarks."""
    return (
        access.restrict(user, SafetyWalk.objects.filter(collaboration=collaboration))
        .select_related("organiser", "area")
        .annotate(
            open_remarks=Count("remarks", filter=Q(remarks__status__in=OPEN_REMARK_STATUSES)),
            remark_count=Count("remarks"),
        )
    )


def walk_remarks(*, walk: SafetyWalk) -> QuerySet[WalkRemark]:
    """The protocol's rows in NR order."""
    return walk.remarks.select_related("problem_owner", "report").order_by("number")


def report_categories(*, collaboration: Any) -> QuerySet[Category]:
    """Categories a remark can be reported under: those in use in the collaboration's templates."""
    return (
        Category.objects.filter(
            template__collaboration=collaboration, template__is_active=True, is_active=True
        )
        .select_related("template", "parent")
        .order_by("template__name", "name")
    )


def walk_map_data(
    *, walk: SafetyWalk | None, collaboration: Any, remarks: list[WalkRemark] | None = None
) -> dict[str, Any]:
    """What the walk maps draw: the municipality, the collaboration's areas, route and remarks."""
    municipality = collaboration.municipality
    areas = collaboration.areas.filter(is_active=True).exclude(boundary=None)
    return {
        "municipality": {"name": municipality.name, "boundary": municipality.boundary},
        "areas": [{"id": a.pk, "name": a.name, "boundary": a.boundary} for a in areas],
        "area_id": walk.area_id if walk is not None else None,
        "route": walk.route if walk is not None else None,
        "remarks": [
            {"number": r.number, "lat": r.lat, "lon": r.lon, "text": r.text[:120]}
            for r in remarks or []
        ],
    }


def public_walk_outcomes(*, collaboration: Any) -> QuerySet[SafetyWalk]:
    """Walked safety walks whose information class is public, with the number of remarks and of
    fixed ones – the only way the public site should read walks (issue 6: "the public site can
    show walk outcomes"). Remark texts, points and problem owners stay internal.
    """
    return (
        SafetyWalk.objects.filter(
            collaboration=collaboration,
            info_class=InformationClass.PUBLIC,
            walked_on__isnull=False,
        )
        .select_related("area")
        .annotate(
            remark_count=Count("remarks"),
            fixed_count=Count("remarks", filter=Q(remarks__status=RemarkStatus.FIXED)),
        )
        .only("pk", "title", "walked_on", "summary", "area__name", "collaboration_id")
        .order_by("-walked_on", "-pk")
    )
