"""Writes for collaborations, organisations, groups, memberships and decisions."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laget.organisations.choices import GroupRole, Role
from laget.organisations.models import (
    Collaboration,
    Decision,
    Group,
    GroupMembership,
    Membership,
    Organisation,
    Unit,
)


@transaction.atomic
def collaboration_create(
    *, name: str, slug: str, municipality: Any, local_police_areas: list[Any], description: str = ""
) -> Collaboration:
    """Start a collaboration for one municipality with its local police area(s)."""
    collaboration = Collaboration(
        name=name, slug=slug, municipality=municipality, description=description
    )
    collaboration.full_clean()
    collaboration.save()
    collaboration.local_police_areas.set(local_police_areas)
    return collaboration


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, collaborations: list[Collaboration], county: Any = None
) -> Organisation:
    """Register an organisation and make it a party of the given collaborations."""
    organisation = Organisation(name=name, kind=kind, county=county)
    organisation.full_clean()
    organisation.save()
    organisation.collaborations.set(collaborations)
    return organisation


def unit_create(*, organisation: Organisation, name: str) -> Unit:
    unit = Unit(organisation=organisation, name=name.strip())
    unit.full_clean()
    unit.save()
    return unit


def group_create(
    *,
    collaboration: Collaboration,
    kind: str,
    name: str,
    purpose: str = "",
    meeting_cadence: str = "",
) -> Group:
    group = Group(
        collaboration=collaboration,
        kind=kind,
        name=name.strip(),
        purpose=purpose,
        meeting_cadence=meeting_cadence,
    )
    group.full_clean()
    group.save()
    return group


def group_seat_add(*, group: Group, user: Any, role: str = GroupRole.MEMBER) -> GroupMembership:
    """Give a member of the collaboration a seat in one of its groups."""
    if not Membership.objects.filter(
        user=user, collaboration=group.collaboration, is_active=True
    ).exists():
        raise ValidationError(
            _("Only members of the collaboration can sit in its groups."), code="not_member"
        )
    seat = GroupMembership(group=group, user=user, role=role)
    seat.full_clean()
    seat.save()
    return seat


def membership_create(
    *,
    user: Any,
    organisation: Organisation,
    role: str,
    collaboration: Collaboration | None = None,
    county: Any = None,
    unit: Unit | None = None,
) -> Membership:
    """Give a person a role in a collaboration (or, for regional coordinators, a county)."""
    if role == Role.REGIONAL_COORDINATOR:
        if county is None or collaboration is not None:
            raise ValidationError(
                _("A regional coordinator belongs to a county, not a collaboration."),
                code="county_role",
            )
    elif collaboration is None:
        raise ValidationError(_("Choose the collaboration for this role."), code="no_collaboration")
    if (
        collaboration is not None
        and not organisation.collaborations.filter(pk=collaboration.pk).exists()
    ):
        raise ValidationError(
            _("The organisation is not a party of this collaboration."), code="not_party"
        )
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."), code="unit")
    membership = Membership(
        user=user,
        organisation=organisation,
        role=role,
        collaboration=collaboration,
        county=county,
        unit=unit,
    )
    membership.full_clean()
    membership.save()
    return membership


def membership_deactivate(*, membership: Membership) -> Membership:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    return membership


def decision_create(
    *,
    collaboration: Collaboration,
    owner_organisation: Organisation,
    title: str,
    text: str,
    decided_on: datetime.date,
    decided_by: str,
    info_class: str,
    group: Group | None = None,
    created_by: Any = None,
) -> Decision:
    """Record a decision of the collaboration or one of its groups."""
    if group is not None and group.collaboration_id != collaboration.pk:
        raise ValidationError(_("The group belongs to another collaboration."), code="group")
    if not owner_organisation.collaborations.filter(pk=collaboration.pk).exists():
        raise ValidationError(
            _("The organisation is not a party of this collaboration."), code="not_party"
        )
    decision = Decision(
        collaboration=collaboration,
        owner_organisation=owner_organisation,
        title=title.strip(),
        text=text,
        decided_on=decided_on,
        decided_by=decided_by,
        info_class=info_class,
        group=group,
        created_by=created_by,
    )
    decision.full_clean()
    decision.save()
    return decision
