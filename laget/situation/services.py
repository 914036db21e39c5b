"""Writes for the lägesbild: the group's settings, compiling and the written parts.

Adoption — the municipality's and the police's approvals — lives in ``parties``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.analysis import compile as compile_analysis
from laget.analysis import pii
from laget.core.choices import InformationClass
from laget.organisations.choices import MANAGER_ROLES, GroupKind
from laget.organisations.models import Group, Membership, Organisation
from laget.situation import parties, selectors
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture, SituationSettings
from laget.tips.selectors import approved_tip_counts  # issue 5: tips


def _check_group(group: Group) -> None:
    if group.kind != GroupKind.SITUATION:
        raise ValidationError(
            _("Only a situation picture group compiles a situation picture."), code="group_kind"
        )


@transaction.atomic
def situation_settings_update(*, group: Group, period_kind: str) -> SituationSettings:
    """Set how long the group's lägesbild periods are. Earlier lägesbilder keep their period."""
    _check_group(group)
    settings, _created = SituationSettings.objects.get_or_create(group=group)
    settings.period_kind = period_kind
    settings.full_clean()
    settings.save(update_fields=["period_kind", "updated_at"])
    return settings


def _owner_organisation(user: Any, group: Group) -> Organisation:
    """The compiling person's organisation in the collaboration (a coordinator's first)."""
    memberships = Membership.objects.filter(
        user=user, collaboration_id=group.collaboration_id, is_active=True
    ).select_related("organisation")
    chosen = sorted(memberships, key=lambda m: (m.role not in MANAGER_ROLES, m.pk))
    if chosen:
        return chosen[0].organisation
    fallback = group.collaboration.parties.order_by("pk").first()  # a superuser without a seat
    if fallback is None:
        raise ValidationError(_("The collaboration has no parties yet."), code="no_party")
    return fallback


def _latest(group: Group, period: compile_analysis.Period) -> SituationPicture | None:
    return (
        SituationPicture.objects.select_for_update()
        .filter(group=group, period_kind=period.kind, period_start=period.start)
        .order_by("-version")
        .first()
    )


def _next_version(picture: SituationPicture) -> SituationPicture:
    """A new draft that starts from an adopted version: the same texts, figures and classes."""
    return SituationPicture(
        collaboration_id=picture.collaboration_id,
        group_id=picture.group_id,
        period_kind=picture.period_kind,
        period_start=picture.period_start,
        period_end=picture.period_end,
        version=picture.version + 1,
        status=PictureStatus.DRAFT,
        snapshot=picture.snapshot,
        compiled_at=picture.compiled_at,
        assessment=picture.assessment,
        priorities=picture.priorities,
        owner_organisation_id=picture.owner_organisation_id,
        info_class=picture.info_class,
    )


@transaction.atomic
def situation_compile(
    *,
    user: Any,
    group: Group,
    period: compile_analysis.Period,
    info_class: str = InformationClass.PARTNERS,
) -> SituationPicture:
    """Compile the period's figures into the group's draft lägesbild and return it.

    The draft is created when there is none; after an adopted version the draft is version
    n + 1 and starts from its texts, so adopting never loses what was written.
    """
    _check_group(group)
    latest = _latest(group, period)
    if latest is not None and latest.is_adopted:
        picture = _next_version(latest)
        picture.created_by = user
    elif latest is not None:
        picture = latest
    else:
        picture = SituationPicture(
            collaboration_id=group.collaboration_id,
            group=group,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            owner_organisation=_owner_organisation(user, group),
            info_class=info_class,
            created_by=user,
        )
    snapshot = selectors.situation_snapshot(
        user=user,
        collaboration=group.collaboration,
        period=period,
        info_class=picture.info_class,
        owner_organisation_id=picture.owner_organisation_id,
    )
    snapshot["parties"] = parties.joint_section(user=user, group=group, period=period)
    # issue 5: tips – approved citizen tips, a separate source (never in the counts or alerts).
    snapshot["tips"] = approved_tip_counts(
        collaboration=group.collaboration, start=period.start, end=period.end
    )
    picture.snapshot = snapshot
    picture.compiled_at = timezone.now()
    picture.full_clean()
    if picture.pk is None:
        picture.save()
    else:
        picture.save(update_fields=["snapshot", "compiled_at", "updated_at"])
        parties.approvals_withdraw(picture=picture)  # the figures changed
    return picture


def _check_personal_data(**texts: str) -> None:
    """Joint documents describe places and events, never individuals (no personal data)."""
    errors = {}
    for name, text in texts.items():
        if pii.find_personal_data(text):
            errors[name] = ValidationError(
                _(
                    "The text seems to contain personal data (an identity number, a phone number, "
                    "an e-mail address or a registration number). A situation picture describes "
                    "places and events, not people: remove it."
                ),
                code="personal_data",
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def situation_write(
    *,
    user: Any,
    group: Group,
    period: compile_analysis.Period,
    assessment: str,
    priorities: str,
) -> SituationPicture:
    """Save the coordinator's assessment and the group's priorities for the period.

    The latest draft is edited in place (it is compiled first when there is none). After an
    adopted version the texts go into version n + 1, a new draft with the same figures, and the
    adopted version stays as it was decided.
    """
    assessment, priorities = assessment.strip(), priorities.strip()
    _check_personal_data(assessment=assessment, priorities=priorities)
    latest = _latest(group, period)
    if latest is None:
        latest = situation_compile(user=user, group=group, period=period)
    elif latest.is_adopted:  # keep the adopted figures; "compile" refreshes them on purpose
        latest = _next_version(latest)
        latest.created_by = user
    latest.assessment = assessment
    latest.priorities = priorities
    latest.full_clean()
    if latest.pk is None:
        latest.save()
    else:
        latest.save(update_fields=["assessment", "priorities", "updated_at"])
        parties.approvals_withdraw(picture=latest)  # the texts changed
    return latest
