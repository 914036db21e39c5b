"""The parties' own lägesbilder and the joint lägesbild's dual approval.

Each party of a collaboration — the municipality, the police, a housing company — may compile
its own picture of a group's period privately (:class:`PartyPicture`): per category a count, a
traffic light and a trend, plus a written assessment. The figures start from the party's own
reports in Läget and the party may overwrite them with aggregated figures from its own systems
(the police's RAR statistics, say): counts only, never individual data. While it is a draft only
the party's coordinators, police and administrators read it (*begränsad*). Sharing it makes it
part of the collaboration's joint lägesbild (*samverkansparter*), whose snapshot records the
shared pictures and where they diverge (``laget.analysis.divergence``).

The joint lägesbild is adopted (*fastställd*) when the municipality and the police have both
approved the same version (:func:`situation_approve`); a collaboration without a police party
adopts on the municipality's approval alone.

Selectors first, then services (STYLE.md §3).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import compile as compile_analysis
from laget.analysis import divergence, pii
from laget.core.choices import InformationClass
from laget.organisations.choices import GroupKind
from laget.organisations.models import Collaboration, Group, Organisation
from laget.reporting.choices import Assessment, Trend
from laget.reporting.models import Category, ChecklistAnswer, Report
from laget.reporting.selectors import reportable_categories, template_in_use
from laget.situation.choices import PartyPictureStatus, PictureStatus
from laget.situation.models import (
    PartyFigure,
    PartyPicture,
    PictureApproval,
    SituationPicture,
)

#: The largest count a party may enter for one category and period.
MAX_COUNT = 100_000

_LIGHT_ORDER = {"": -1, Assessment.GREEN: 0, Assessment.YELLOW: 1, Assessment.RED: 2}


@dataclass(frozen=True)
class FigureInput:
    """What a party enters for one category (None / "" where it has no view)."""

    category_id: int
    count: int | None = None
    assessment: str = ""
    trend: str = ""


# --- selectors ---------------------------------------------------------------------------------


def represented_parties(*, user: Any, collaboration: Collaboration) -> list[Organisation]:
    """The collaboration's parties that ``user`` speaks for (coordinator, administrator, police)."""
    ids = access.represented_party_ids(user, collaboration)
    if not ids:
        return []
    return list(collaboration.parties.filter(pk__in=ids).order_by("name"))


def approving_parties(
    *, collaboration: Collaboration, kinds: list[str] | None = None
) -> list[Organisation]:
    """The parties that approve a joint lägesbild, one per kind (``access.joint_party_kinds``):
    the municipality and, when the collaboration has one, the police."""
    kinds = kinds if kinds is not None else access.joint_party_kinds(collaboration)
    parties = collaboration.parties.filter(kind__in=kinds).order_by("name")
    first = {}
    for organisation in parties:
        first.setdefault(organisation.kind, organisation)
    return [first[kind] for kind in kinds if kind in first]


def party_categories(*, user: Any, collaboration: Collaboration) -> list[Category]:
    """The categories a party's own picture has a row for: those reporters answer now."""
    template = template_in_use(user=user, collaboration=collaboration)
    return reportable_categories(template=template) if template is not None else []


def party_picture_latest(
    *, user: Any, group: Group, period: compile_analysis.Period, organisation: Organisation
) -> PartyPicture | None:
    """The party's latest own picture of the period that ``user`` may read, or None."""
    return (
        access.restrict(
            user,
            PartyPicture.objects.filter(
                group=group,
                period_kind=period.kind,
                period_start=period.start,
                owner_organisation=organisation,
            ),
        )
        .order_by("-version")
        .first()
    )


def party_figures(*, picture: PartyPicture) -> dict[int, FigureInput]:
    """The picture's figures by category."""
    return {
        f.category_id: FigureInput(f.category_id, f.count, f.assessment, f.trend)
        for f in picture.figures.all()
    }


def party_prefill(
    *,
    user: Any,
    collaboration: Collaboration,
    organisation: Organisation,
    period: compile_analysis.Period,
    categories: list[Category],
) -> dict[int, FigureInput]:
    """Figures from the party's own reports of the period, to start its picture from.

    The count is the sum of occurrences, the light the most serious one reported and the trend
    the one reported most often. Categories without reports get a count of zero only when the
    party's reporters answered the weekly checklist for them; otherwise they stay empty.
    """
    wanted = [c.pk for c in categories]
    reports = access.restrict(
        user,
        Report.objects.filter(
            collaboration=collaboration,
            owner_organisation=organisation,
            category_id__in=wanted,
            period_start__in=period.weeks(),
            duplicate_of__isnull=True,
        ),
    )
    counts: dict[int, int] = {}
    lights: dict[int, str] = {}
    trends: dict[int, Counter[str]] = {}
    rows = reports.values_list("category_id", "count", "assessment", "trend")
    for category_id, count, assessment, trend in rows:  # one pass: a party's week is small
        counts[category_id] = counts.get(category_id, 0) + count
        if _LIGHT_ORDER.get(assessment, -1) > _LIGHT_ORDER.get(lights.get(category_id, ""), -1):
            lights[category_id] = assessment
        if trend:
            trends.setdefault(category_id, Counter())[trend] += 1
    answered = set(
        ChecklistAnswer.objects.filter(
            collaboration=collaboration,
            owner_organisation=organisation,
            period_start__in=period.weeks(),
            category_id__in=wanted,
        ).values_list("category_id", flat=True)
    )
    prefill: dict[int, FigureInput] = {}
    for category_id in wanted:
        count = counts.get(category_id)
        if count is None and category_id in answered:
            count = 0
        trend = trends[category_id].most_common(1)[0][0] if category_id in trends else ""
        prefill[category_id] = FigureInput(category_id, count, lights.get(category_id, ""), trend)
    return prefill


def shared_party_pictures(
    *, user: Any, group: Group, period: compile_analysis.Period
) -> list[PartyPicture]:
    """The latest shared version of each party's own picture of the period."""
    shared = access.restrict(
        user,
        PartyPicture.objects.filter(
            group=group,
            period_kind=period.kind,
            period_start=period.start,
            status=PartyPictureStatus.SHARED,
        ).select_related("owner_organisation"),
    ).order_by("owner_organisation__name", "-version")
    latest: dict[int, PartyPicture] = {}
    for picture in shared:
        latest.setdefault(picture.owner_organisation_id, picture)
    return list(latest.values())


def joint_section(*, user: Any, group: Group, period: compile_analysis.Period) -> dict[str, Any]:
    """The parties' shared pictures and their divergences, as stored in the joint snapshot."""
    pictures = shared_party_pictures(user=user, group=group, period=period)
    figures = {
        p.pk: list(p.figures.select_related("category__parent").order_by("pk")) for p in pictures
    }
    categories: dict[int, str] = {}
    for rows in figures.values():
        for f in rows:
            categories.setdefault(f.category_id, str(f.category))
    parties = [
        {
            "organisation": p.owner_organisation_id,
            "name": p.owner_organisation.name,
            "kind": p.owner_organisation.kind,
            "picture": p.pk,
            "version": p.version,
            "shared_at": p.shared_at.isoformat() if p.shared_at else None,
            "assessment": p.assessment,
            "figures": {
                str(f.category_id): {
                    "count": f.count,
                    "assessment": f.assessment,
                    "trend": f.trend,
                }
                for f in figures[p.pk]
            },
        }
        for p in pictures
    ]
    views = [
        divergence.PartyView(
            p.owner_organisation_id,
            {f.category_id: divergence.Figure(f.count, f.assessment, f.trend) for f in rows},
        )
        for p in pictures
        for rows in [figures[p.pk]]
    ]
    found = divergence.divergences(views, list(categories))
    return {
        "parties": parties,
        "categories": [[pk, label] for pk, label in categories.items()],
        "divergences": [
            {"category": d.category, "kind": d.kind, "parties": list(d.parties), "large": d.large}
            for d in found
        ],
    }


def picture_approvals(*, picture: SituationPicture) -> list[PictureApproval]:
    return list(picture.approvals.select_related("organisation", "approved_by"))


# --- services ----------------------------------------------------------------------------------


def _check_party(user: Any, group: Group, organisation: Organisation) -> None:
    if group.kind != GroupKind.SITUATION:
        raise ValidationError(
            _("Only a situation picture group compiles a situation picture."), code="group_kind"
        )
    if organisation.pk not in access.represented_party_ids(user, group.collaboration):
        raise ValidationError(
            _(
                "Only the party's coordinators, administrators and police may compile the "
                "party's own situation picture."
            ),
            code="not_party",
        )


def _validate_figures(figures: list[FigureInput], allowed: set[int]) -> None:
    errors: list[ValidationError] = []
    seen: set[int] = set()
    for figure in figures:
        if figure.category_id not in allowed:
            errors.append(
                ValidationError(
                    _("Unknown category: %(id)s.") % {"id": figure.category_id},
                    code="unknown_category",
                )
            )
        elif figure.category_id in seen:
            errors.append(ValidationError(_("A category is listed twice."), code="duplicate"))
        seen.add(figure.category_id)
        if figure.count is not None and not 0 <= figure.count <= MAX_COUNT:
            errors.append(
                ValidationError(
                    _("A number must be between 0 and %(max)s.") % {"max": MAX_COUNT},
                    code="count_range",
                )
            )
        if figure.assessment and figure.assessment not in Assessment.values:
            errors.append(ValidationError(_("Unknown assessment."), code="assessment"))
        if figure.trend and figure.trend not in Trend.values:
            errors.append(ValidationError(_("Unknown trend."), code="trend"))
    if errors:
        raise ValidationError({"figures": errors})


@transaction.atomic
def party_picture_save(
    *,
    user: Any,
    group: Group,
    period: compile_analysis.Period,
    organisation: Organisation,
    assessment: str,
    figures: list[FigureInput],
) -> PartyPicture:
    """Save the party's own picture of the period: its figures and its written assessment.

    The draft is edited in place; after a shared version the changes make version n + 1, a new
    private draft, and the shared version stays as it was shared. Nothing is stored when any
    figure or the text is invalid.
    """
    _check_party(user, group, organisation)
    assessment = assessment.strip()
    if pii.find_personal_data(assessment):
        raise ValidationError(
            {
                "assessment": ValidationError(
                    _(
                        "The text seems to contain personal data (an identity number, a phone "
                        "number, an e-mail address or a registration number). A party's "
                        "situation picture gives aggregated figures, never individual data: "
                        "remove it."
                    ),
                    code="personal_data",
                )
            }
        )
    categories = party_categories(user=user, collaboration=group.collaboration)
    _validate_figures(figures, {c.pk for c in categories})
    latest = (
        PartyPicture.objects.select_for_update()
        .filter(
            group=group,
            period_kind=period.kind,
            period_start=period.start,
            owner_organisation=organisation,
        )
        .order_by("-version")
        .first()
    )
    if latest is not None and not latest.is_shared:
        picture = latest
    else:
        picture = PartyPicture(
            collaboration_id=group.collaboration_id,
            group=group,
            owner_organisation=organisation,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            version=latest.version + 1 if latest is not None else 1,
            created_by=user,
        )
    picture.assessment = assessment
    picture.status = PartyPictureStatus.DRAFT
    picture.info_class = InformationClass.RESTRICTED
    picture.full_clean()
    picture.save()
    picture.figures.all().delete()
    rows = [
        PartyFigure(
            picture=picture,
            category_id=f.category_id,
            count=f.count,
            assessment=f.assessment,
            trend=f.trend,
        )
        for f in figures
        if f.count is not None or f.assessment or f.trend
    ]
    for row in rows:
        row.full_clean()
        row.save()  # one by one, so the audit log records each
    return picture


@transaction.atomic
def party_picture_share(*, user: Any, picture: PartyPicture) -> PartyPicture:
    """Share the party's draft with the collaboration: it becomes part of the joint lägesbild.

    The shared version is frozen. A joint draft of the same period takes the shared picture in
    at once (and its approvals are withdrawn, since it changed); an adopted joint version keeps
    what it was adopted with.
    """
    picture = PartyPicture.objects.select_for_update().get(pk=picture.pk)
    _check_party(user, picture.group, picture.owner_organisation)
    if picture.is_shared:
        raise ValidationError(_("This version has already been shared."), code="shared")
    picture.status = PartyPictureStatus.SHARED
    picture.info_class = InformationClass.PARTNERS
    picture.shared_at = timezone.now()
    picture.shared_by = user
    picture.full_clean()
    picture.save(update_fields=["status", "info_class", "shared_at", "shared_by", "updated_at"])
    period = compile_analysis.Period(picture.period_start, picture.period_end, picture.period_kind)
    joint = (
        SituationPicture.objects.select_for_update()
        .filter(group=picture.group, period_kind=period.kind, period_start=period.start)
        .order_by("-version")
        .first()
    )
    if joint is not None and not joint.is_adopted and joint.snapshot:
        joint.snapshot = {
            **joint.snapshot,
            "parties": joint_section(user=user, group=picture.group, period=period),
        }
        joint.save(update_fields=["snapshot", "updated_at"])
        approvals_withdraw(picture=joint)
    return picture


def approvals_withdraw(*, picture: SituationPicture) -> None:
    """Withdraw the approvals of a draft whose content changed (each deletion is audited)."""
    for approval in PictureApproval.objects.filter(picture=picture):
        approval.delete()


def _my_approvals(
    user: Any, collaboration: Collaboration, done: set[str], kinds: list[str]
) -> list[Organisation]:
    """The parties ``user`` may still approve for (one per kind not yet approved)."""
    mine = []
    for kind in kinds:
        organisation = access.joint_approver_organisation(user, collaboration, kind)
        if organisation is not None and kind not in done:
            mine.append(organisation)
    return mine


@transaction.atomic
def situation_approve(*, user: Any, picture: SituationPicture) -> SituationPicture:
    """Approve a joint lägesbild draft on behalf of the party ``user`` speaks for.

    The version is adopted (*fastställd*) — frozen from then on — when the municipality and,
    where the collaboration has a police party, the police have approved it: the same joint
    rule as a problem's priority (``access.joint_party_kinds``).
    """
    picture = SituationPicture.objects.select_for_update().get(pk=picture.pk)
    if picture.is_adopted:
        raise ValidationError(
            _("This version of the situation picture is already adopted."), code="adopted"
        )
    if not picture.snapshot:
        raise ValidationError(
            _("Compile the situation picture before adopting it."), code="not_compiled"
        )
    collaboration = picture.collaboration
    kinds = access.joint_party_kinds(collaboration)
    done = {a.organisation.kind for a in picture_approvals(picture=picture)}
    to_approve = _my_approvals(user, collaboration, done, kinds)
    if not to_approve:
        if any(access.joint_approver_organisation(user, collaboration, k) for k in kinds):
            raise ValidationError(
                _("Your party has already approved this version."), code="approved"
            )
        raise ValidationError(
            _(
                "Only the municipality's coordinators and the police approve the joint "
                "situation picture."
            ),
            code="not_party",
        )
    for organisation in to_approve:
        approval = PictureApproval(picture=picture, organisation=organisation, approved_by=user)
        approval.full_clean()
        approval.save()
    if set(kinds) <= done | {o.kind for o in to_approve}:
        picture.status = PictureStatus.ADOPTED
        picture.adopted_at = timezone.now()
        picture.adopted_by = user
        picture.full_clean()
        picture.save(update_fields=["status", "adopted_at", "adopted_by", "updated_at"])
    return picture


def approval_state(
    *, user: Any, picture: SituationPicture | None, collaboration: Collaboration
) -> dict[str, Any]:
    """What the page shows about the approvals: who approved, who is awaited, may I approve."""
    approvals = picture_approvals(picture=picture) if picture is not None else []
    done = {a.organisation.kind for a in approvals}
    kinds = access.joint_party_kinds(collaboration)
    parties = approving_parties(collaboration=collaboration, kinds=kinds)
    open_draft = picture is not None and not picture.is_adopted and bool(picture.snapshot)
    return {
        "approvals": approvals,
        "waiting": [o for o in parties if o.kind not in done],
        "may_approve": _my_approvals(user, collaboration, done, kinds) if open_draft else [],
    }


def parties_with_pictures(
    *, user: Any, collaboration: Collaboration, group: Group, period: compile_analysis.Period
) -> list[tuple[Organisation, PartyPicture | None]]:
    """The parties ``user`` speaks for, each with its latest own picture of the period."""
    result = []
    for organisation in represented_parties(user=user, collaboration=collaboration):
        picture = party_picture_latest(
            user=user, group=group, period=period, organisation=organisation
        )
        result.append((organisation, picture))
    return result


def party_pictures_since(*, user: Any, picture: SituationPicture) -> list[PartyPicture]:
    """Party pictures shared since an adopted version was made and not part of it (a new
    version would hold them)."""
    if not picture.is_adopted:
        return []
    section = (picture.snapshot or {}).get("parties") or {}
    included = {p["picture"] for p in section.get("parties", [])}
    period = compile_analysis.Period(picture.period_start, picture.period_end, picture.period_kind)
    latest = shared_party_pictures(user=user, group=picture.group, period=period)
    return [p for p in latest if p.pk not in included]
