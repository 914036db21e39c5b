"""Writes for collaborations, organisations, groups, memberships and decisions."""

from __future__ import annotations

import datetime
import re
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
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


def _field_error(field: str, message: str, *, code: str) -> ValidationError:
    """A ValidationError on one form field that keeps its code (a plain dict would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})


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


@transaction.atomic
def party_create(*, collaboration: Collaboration, name: str, kind: str) -> Organisation:
    """Register a new organisation as a party of the collaboration."""
    name = name.strip()
    if collaboration.parties.filter(name__iexact=name).exists():
        raise _field_error(
            "name", _("An organisation with this name is already a party."), code="duplicate"
        )
    return organisation_create(name=name, kind=kind, collaborations=[collaboration])


@transaction.atomic
def party_add(*, collaboration: Collaboration, organisation: Organisation) -> Organisation:
    """Make an existing organisation a party of the collaboration as well.

    Only organisations from the same county qualify (see ``selectors.eligible_parties``): a local
    police area often serves several municipalities, and it should stay one organisation.
    """
    from laget.organisations.selectors import eligible_parties

    if collaboration.parties.filter(pk=organisation.pk).exists():
        raise _field_error(
            "organisation", _("The organisation is already a party."), code="duplicate"
        )
    if not eligible_parties(collaboration=collaboration).filter(pk=organisation.pk).exists():
        raise _field_error(
            "organisation",
            _("Only organisations from the same county can be added."),
            code="other_county",
        )
    organisation.collaborations.add(collaboration)
    return organisation


@transaction.atomic
def unit_create(*, organisation: Organisation, name: str) -> Unit:
    """Add a unit (verksamhet) to an organisation."""
    name = name.strip()
    if organisation.units.filter(name__iexact=name).exists():
        raise _field_error(
            "name", _("The organisation already has a unit with this name."), code="duplicate"
        )
    unit = Unit(organisation=organisation, name=name)
    unit.full_clean()
    unit.save()
    return unit


def _check_group_name(*, collaboration: Collaboration, name: str, group: Group | None) -> None:
    # Case-insensitive on purpose: "Styrgrupp" and "styrgrupp" would confuse every list.
    duplicates = Group.objects.filter(collaboration=collaboration, name__iexact=name)
    if group is not None:
        duplicates = duplicates.exclude(pk=group.pk)
    if duplicates.exists():
        raise _field_error(
            "name", _("The collaboration already has a group with this name."), code="duplicate"
        )


@transaction.atomic
def group_create(
    *,
    collaboration: Collaboration,
    kind: str,
    name: str,
    purpose: str = "",
    meeting_cadence: str = "",
) -> Group:
    """Set up a group of the collaboration (styrgrupp, lägesbildsgrupp …)."""
    name = name.strip()
    _check_group_name(collaboration=collaboration, name=name, group=None)
    group = Group(
        collaboration=collaboration,
        kind=kind,
        name=name,
        purpose=purpose,
        meeting_cadence=meeting_cadence.strip(),
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_update(
    *, group: Group, kind: str, name: str, purpose: str = "", meeting_cadence: str = ""
) -> Group:
    """Change a group's kind, name, purpose or meeting cadence."""
    name = name.strip()
    _check_group_name(collaboration=group.collaboration, name=name, group=group)
    group.kind = kind
    group.name = name
    group.purpose = purpose
    group.meeting_cadence = meeting_cadence.strip()
    group.full_clean()
    group.save(update_fields=["kind", "name", "purpose", "meeting_cadence"])
    return group


@transaction.atomic
def group_seat_add(*, group: Group, user: Any, role: str = GroupRole.MEMBER) -> GroupMembership:
    """Give a member of the collaboration a seat in one of its groups."""
    if not Membership.objects.filter(
        user=user, collaboration=group.collaboration, is_active=True
    ).exists():
        raise _field_error(
            "user", _("Only members of the collaboration can sit in its groups."), code="not_member"
        )
    if group.seats.filter(user=user).exists():
        raise _field_error(
            "user", _("The person already has a seat in this group."), code="duplicate"
        )
    seat = GroupMembership(group=group, user=user, role=role)
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def group_seat_remove(*, seat: GroupMembership) -> None:
    """Take a person's seat in a group away. Seats carry no history of their own."""
    seat.delete()


def _check_organisation_and_unit(
    *, collaboration: Collaboration | None, organisation: Organisation, unit: Unit | None
) -> None:
    if (
        collaboration is not None
        and not organisation.collaborations.filter(pk=collaboration.pk).exists()
    ):
        raise _field_error(
            "organisation",
            _("The organisation is not a party of this collaboration."),
            code="not_party",
        )
    if unit is not None and unit.organisation_id != organisation.pk:
        raise _field_error("unit", _("The unit belongs to another organisation."), code="unit")


@transaction.atomic
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
            raise _field_error(
                "role",
                _("A regional coordinator belongs to a county, not a collaboration."),
                code="county_role",
            )
    elif collaboration is None:
        raise ValidationError(_("Choose the collaboration for this role."), code="no_collaboration")
    _check_organisation_and_unit(collaboration=collaboration, organisation=organisation, unit=unit)
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


def _username_for_email(email: str) -> str:
    """A free username made from the part of the address before the @."""
    base = re.sub(r"[^\w.+-]", "", email.split("@", 1)[0].lower())[:140] or "person"
    username, number = base, 1
    while get_user_model().objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}{number}"
    return username


def _user_for_email(*, email: str, first_name: str, last_name: str) -> Any:
    """The account with this e-mail address, or a new one without a usable password."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email.strip())
    user = user_model.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user  # an existing account keeps its own name and settings
    user = user_model(
        username=_username_for_email(email),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


class _InvitationMail(PasswordResetForm):
    """Django's password-reset mail, sent to one chosen account.

    The stock form skips accounts without a usable password, which is exactly what a newly
    invited person has.
    """

    def __init__(self, user: Any) -> None:
        super().__init__({"email": user.email})
        self.invited_user = user

    def get_users(self, email: str) -> list[Any]:
        return [self.invited_user]


def _send_invitation(*, user: Any, collaboration: Collaboration, invited_by: Any) -> None:
    site = urlsplit(settings.SITE_URL)
    mail = _InvitationMail(user)
    if not mail.is_valid():
        return  # an address Django cannot mail; the membership still stands
    mail.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        subject_template_name="organisations/invitation_subject.txt",
        email_template_name="organisations/invitation_email.txt",
        extra_email_context={
            "collaboration": collaboration.name,
            "invited_by": str(invited_by) if invited_by is not None else "",
        },
    )


@transaction.atomic
def membership_invite(
    *,
    collaboration: Collaboration,
    email: str,
    organisation: Organisation,
    role: str,
    invited_by: Any,
    unit: Unit | None = None,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Add a person to the collaboration by e-mail address, creating their account if needed.

    A person without a usable password (new, or invited before and never signed in) gets an
    e-mail with a link to choose one, sent once the transaction has been committed.
    An ended membership with the same organisation and role is reactivated instead of
    duplicated.
    """
    if role == Role.REGIONAL_COORDINATOR:
        raise _field_error(
            "role",
            _("A regional coordinator belongs to a county, not a collaboration."),
            code="county_role",
        )
    if role == Role.ADMINISTRATOR and not invited_by.has_perm(
        "laget.administer_collaboration", collaboration
    ):
        raise _field_error(
            "role", _("Only an administrator can appoint administrators."), code="admin_role"
        )
    user = _user_for_email(email=email, first_name=first_name, last_name=last_name)
    membership = Membership.objects.filter(
        user=user, collaboration=collaboration, organisation=organisation, role=role
    ).first()
    if membership is not None and membership.is_active:
        raise ValidationError(
            _("The person already has this role for this organisation."), code="duplicate"
        )
    if membership is not None:
        _check_organisation_and_unit(
            collaboration=collaboration, organisation=organisation, unit=unit
        )
        membership.is_active = True
        membership.unit = unit
        membership.full_clean()
        membership.save(update_fields=["is_active", "unit"])
    else:
        membership = membership_create(
            user=user,
            organisation=organisation,
            role=role,
            collaboration=collaboration,
            unit=unit,
        )
    if not user.has_usable_password():
        transaction.on_commit(
            partial(_send_invitation, user=user, collaboration=collaboration, invited_by=invited_by)
        )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, ended_by: Any) -> Membership:
    """End a membership. The row stays (inactive) as history of who took part.

    When it was the person's last active membership of the collaboration, their group seats
    there go too: only members sit in groups.
    """
    if not membership.is_active:
        raise ValidationError(_("The membership has already ended."), code="ended")
    collaboration = membership.collaboration
    if membership.role == Role.ADMINISTRATOR:
        if not ended_by.has_perm("laget.administer_collaboration", collaboration):
            raise ValidationError(
                _("Only an administrator can end an administrator's membership."),
                code="admin_role",
            )
        other_admin_roles = Membership.objects.filter(
            user=membership.user,
            collaboration=collaboration,
            role=Role.ADMINISTRATOR,
            is_active=True,
        ).exclude(pk=membership.pk)
        if membership.user_id == ended_by.pk and not other_admin_roles.exists():
            raise ValidationError(
                _(
                    "You cannot end your own last administrator membership. Another "
                    "administrator has to do it, so that the collaboration keeps one."
                ),
                code="last_admin",
            )
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    still_member = Membership.objects.filter(
        user=membership.user, collaboration=collaboration, is_active=True
    ).exists()
    if collaboration is not None and not still_member:
        for seat in GroupMembership.objects.filter(
            user=membership.user, group__collaboration=collaboration
        ):
            group_seat_remove(seat=seat)
    return membership


@transaction.atomic
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
