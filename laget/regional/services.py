"""Writes of the regional layer (issue 7): sharing a municipal lägesbild with the county, and the
county's regional lägesbild (compile, write the county's assessment, adopt).

Every service checks permissions and meaning first, runs in a transaction and raises
``ValidationError`` with a translated message, so bad input never leaves a half-stored record.

Decisions:

* **Only adopted lägesbilder are shared**, and only of the classes *öppen* or *samverkans­parter*
  (a picture of the class *egen organisation* or *begränsad* is never shared).
* **What is shared** is the count per category and week of the reports a county officer could
  read anyway (*öppen* and *samverkansparter*, duplicates counted once) within the picture's
  period — never areas, free text, places or people.
* **One source per week**: sharing a picture withdraws any other shared picture of the same
  collaboration whose period overlaps it (e.g. an older version of the same period), so a week
  is never counted twice.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.analysis import regional as analysis
from laget.core.choices import InformationClass
from laget.regional import selectors
from laget.regional.choices import RegionalStatus
from laget.regional.models import MAX_TEXT, RegionalPicture, SharedFigure
from laget.reporting.models import Report
from laget.situation.models import SituationPicture

SHAREABLE_CLASSES = (InformationClass.PUBLIC, InformationClass.PARTNERS)


def _require_manager(user: Any, picture: SituationPicture) -> None:
    if not user.has_perm("laget.manage_collaboration", picture.collaboration):
        raise PermissionDenied


def _withdraw(picture: SituationPicture) -> None:
    SharedFigure.objects.filter(picture=picture).delete()
    picture.shared_with_county_at = None
    picture.shared_with_county_by = None
    picture.save(update_fields=["shared_with_county_at", "shared_with_county_by", "updated_at"])


def weekly_figures(
    *, collaboration_id: int, municipality: Any, start: Any, end: Any, picture: Any = None
) -> list[SharedFigure]:
    """Unsaved ``SharedFigure`` rows: the count per category and week of the collaboration's
    reports of the classes the county may read, weeks ``start``–``end``, duplicates once."""
    sums = (
        Report.objects.filter(
            collaboration_id=collaboration_id,
            duplicate_of__isnull=True,
            info_class__in=SHAREABLE_CLASSES,
            period_start__gte=start,
            period_start__lte=end,
        )
        .values("category__key", "category__name", "period_start")
        .annotate(total=Sum("count"))
        .order_by("category__key", "period_start")
    )
    rows: dict[tuple[str, Any], SharedFigure] = {}
    for row in sums:
        key = (row["category__key"], row["period_start"])
        if key in rows:  # two categories with one key (template versions): one row
            rows[key].count += row["total"] or 0
            continue
        rows[key] = SharedFigure(
            county_id=municipality.county_id,
            municipality=municipality,
            picture=picture,
            category_key=row["category__key"],
            category_label=row["category__name"],
            week_start=row["period_start"],
            count=row["total"] or 0,
        )
    return list(rows.values())


def store_figures(*, municipality: Any, rows: list[SharedFigure]) -> None:
    """Store shared rows, replacing what the municipality shared before for the same weeks
    (a week always holds one share: the latest)."""
    weeks = {r.week_start for r in rows}
    if weeks:
        SharedFigure.objects.filter(municipality=municipality, week_start__in=weeks).delete()
    SharedFigure.objects.bulk_create(rows)


@transaction.atomic
def picture_share(*, user: Any, picture: SituationPicture) -> SituationPicture:
    """Share an adopted lägesbild with the länsstyrelse: store its category counts per week."""
    _require_manager(user, picture)
    picture = SituationPicture.objects.select_for_update().get(pk=picture.pk)
    if not picture.is_adopted:
        raise ValidationError(_("Only an adopted situation picture can be shared with the county."))
    if picture.info_class not in SHAREABLE_CLASSES:
        raise ValidationError(
            _("A situation picture of the class %(class)s cannot be shared with the county.")
            % {"class": InformationClass(picture.info_class).label}
        )
    municipality = picture.collaboration.municipality
    if municipality is None or municipality.county_id is None:
        raise ValidationError(_("The collaboration has no municipality in a county."))
    if picture.shared_with_county_at is not None:
        return picture
    overlapping = SituationPicture.objects.filter(
        collaboration_id=picture.collaboration_id,
        shared_with_county_at__isnull=False,
        period_start__lte=picture.period_end,
        period_end__gte=picture.period_start,
    ).exclude(pk=picture.pk)
    for other in overlapping:
        _withdraw(other)
    rows = weekly_figures(
        collaboration_id=picture.collaboration_id,
        municipality=municipality,
        start=picture.period_start,
        end=picture.period_end,
        picture=picture,
    )
    store_figures(municipality=municipality, rows=rows)
    picture.shared_with_county_at = timezone.now()
    picture.shared_with_county_by = user
    picture.save(update_fields=["shared_with_county_at", "shared_with_county_by", "updated_at"])
    return picture


@transaction.atomic
def picture_unshare(*, user: Any, picture: SituationPicture) -> SituationPicture:
    """Withdraw a lägesbild from the county: its figures leave the county level at once."""
    _require_manager(user, picture)
    picture = SituationPicture.objects.select_for_update().get(pk=picture.pk)
    if picture.shared_with_county_at is None:
        raise ValidationError(_("The situation picture is not shared with the county."))
    _withdraw(picture)
    return picture


def _require_county(user: Any, county: Any) -> None:
    if not user.has_perm("laget.view_county", county):
        raise PermissionDenied


@transaction.atomic
def regional_compile(*, user: Any, county: Any, period: analysis.Period) -> RegionalPicture:
    """Compile the county's shared figures for ``period`` into its draft regional lägesbild.

    After an adopted version the draft is version n + 1 and starts from its assessment.
    """
    _require_county(user, county)
    if period.start > timezone.localdate():
        raise ValidationError(_("The period has not begun yet."))
    latest = (
        RegionalPicture.objects.select_for_update()
        .filter(county=county, period_kind=period.kind, period_start=period.start)
        .order_by("-version")
        .first()
    )
    if latest is None:
        picture = RegionalPicture(
            county=county,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            created_by=user,
        )
    elif latest.is_adopted:
        picture = RegionalPicture(
            county=county,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            version=latest.version + 1,
            assessment=latest.assessment,
            created_by=user,
        )
    else:
        picture = latest
    picture.snapshot = selectors.regional_snapshot(user=user, county=county, period=period)
    picture.compiled_at = timezone.now()
    picture.full_clean()
    picture.save()
    return picture


@transaction.atomic
def regional_write(*, user: Any, picture: RegionalPicture, assessment: str) -> RegionalPicture:
    """Write the county's own assessment into a draft regional lägesbild."""
    _require_county(user, picture.county)
    picture = RegionalPicture.objects.select_for_update().get(pk=picture.pk)
    if picture.is_adopted:
        raise ValidationError(
            _("An adopted regional situation picture cannot be changed; compile it again.")
        )
    assessment = (assessment or "").strip()
    if len(assessment) > MAX_TEXT:
        raise ValidationError(
            _("The assessment is too long (at most %(max)s characters).") % {"max": MAX_TEXT}
        )
    from laget.situation.services import _check_personal_data

    _check_personal_data(assessment=assessment)
    picture.assessment = assessment
    picture.save(update_fields=["assessment", "updated_at"])
    return picture


@transaction.atomic
def regional_adopt(*, user: Any, picture: RegionalPicture) -> RegionalPicture:
    """Adopt (fastställa) a draft regional lägesbild; it is frozen from then on."""
    _require_county(user, picture.county)
    picture = RegionalPicture.objects.select_for_update().get(pk=picture.pk)
    if picture.is_adopted:
        raise ValidationError(_("The regional situation picture is already adopted."))
    if not picture.compiled_at:
        raise ValidationError(_("Compile the regional situation picture before adopting it."))
    if not picture.assessment.strip():
        raise ValidationError(_("Write the county's assessment before adopting."))
    picture.status = RegionalStatus.ADOPTED
    picture.adopted_at = timezone.now()
    picture.adopted_by = user
    picture.save(update_fields=["status", "adopted_at", "adopted_by", "updated_at"])
    return picture
