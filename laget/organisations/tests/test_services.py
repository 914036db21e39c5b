"""Services and selectors behind step 1's management pages: groups, parties, people."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from laget.accounts.models import User
from laget.geography.models import County
from laget.organisations import selectors, services
from laget.organisations.choices import GroupKind, GroupRole, OrganisationKind, Role
from laget.organisations.models import Group, GroupMembership, Membership, Organisation, Unit

NEW_EMAIL = "anna.berg@fagersta.example"


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _invite(collaboration, organisation, invited_by, **kwargs):
    values = {
        "collaboration": collaboration,
        "email": NEW_EMAIL,
        "organisation": organisation,
        "role": Role.REPORTER,
        "invited_by": invited_by,
        "first_name": "Anna",
        "last_name": "Berg",
    }
    return services.membership_invite(**{**values, **kwargs})


# --- groups -------------------------------------------------------------------------------------


def test_it_creates_a_group(fagersta):
    group = services.group_create(
        collaboration=fagersta,
        kind=GroupKind.WORKING,
        name="  Arbetsgrupp Västanfors ",
        purpose="Trygghetsvandringar.",
        meeting_cadence="Varje månad",
    )
    group.refresh_from_db()
    assert (group.collaboration, group.kind, group.name) == (
        fagersta,
        GroupKind.WORKING,
        "Arbetsgrupp Västanfors",
    )
    assert group.meeting_cadence == "Varje månad"


def test_it_rejects_a_duplicate_group_name_whatever_the_case(fagersta):
    before = Group.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.group_create(collaboration=fagersta, kind=GroupKind.WORKING, name="est-gruppen")
    assert "name" in exc.value.error_dict
    assert _codes(exc.value) == {"duplicate"}
    assert Group.objects.count() == before


def test_it_allows_the_same_group_name_in_another_collaboration(ludvika):
    group = services.group_create(
        collaboration=ludvika, kind=GroupKind.SITUATION, name="EST-gruppen"
    )
    assert group.collaboration == ludvika


def test_it_updates_a_group_and_keeps_its_own_name(fagersta):
    group = fagersta.groups.get(name="EST-gruppen")
    services.group_update(
        group=group,
        kind=GroupKind.SITUATION,
        name="EST-gruppen",
        purpose="Ny beskrivning",
        meeting_cadence="Varje vecka",
    )
    group.refresh_from_db()
    assert (group.purpose, group.meeting_cadence) == ("Ny beskrivning", "Varje vecka")


def test_it_rejects_renaming_a_group_to_the_name_of_another(fagersta):
    group = fagersta.groups.get(name="EST-gruppen")
    with pytest.raises(ValidationError) as exc:
        services.group_update(group=group, kind=group.kind, name="Arbetsgrupp Centrum")
    assert "name" in exc.value.error_dict
    group.refresh_from_db()
    assert group.name == "EST-gruppen"


def test_it_gives_a_member_a_seat(fagersta, fagersta_reporter):
    group = fagersta.groups.get(name="EST-gruppen")
    seat = services.group_seat_add(group=group, user=fagersta_reporter, role=GroupRole.CONVENER)
    assert GroupMembership.objects.get(pk=seat.pk).role == GroupRole.CONVENER


def test_it_rejects_a_seat_for_someone_who_is_not_a_member(fagersta, ludvika_coordinator):
    group = fagersta.groups.get(name="EST-gruppen")
    with pytest.raises(ValidationError) as exc:
        services.group_seat_add(group=group, user=ludvika_coordinator)
    assert _codes(exc.value) == {"not_member"}
    assert not group.seats.filter(user=ludvika_coordinator).exists()


def test_it_rejects_a_second_seat_in_the_same_group(fagersta, fagersta_coordinator):
    group = fagersta.groups.get(name="EST-gruppen")
    with pytest.raises(ValidationError) as exc:
        services.group_seat_add(group=group, user=fagersta_coordinator)
    assert _codes(exc.value) == {"duplicate"}
    assert group.seats.filter(user=fagersta_coordinator).count() == 1


def test_it_removes_a_seat(fagersta, fagersta_coordinator):
    seat = GroupMembership.objects.get(group__name="EST-gruppen", user=fagersta_coordinator)
    services.group_seat_remove(seat=seat)
    assert not GroupMembership.objects.filter(pk=seat.pk).exists()


def test_it_lists_seat_candidates_without_outsiders_or_seated_people(
    fagersta, fagersta_coordinator, fagersta_reporter, ludvika_coordinator
):
    group = fagersta.groups.get(name="EST-gruppen")
    candidates = set(selectors.seat_candidate_list(user=fagersta_coordinator, group=group))
    assert fagersta_reporter in candidates
    assert fagersta_coordinator not in candidates  # already seated
    assert ludvika_coordinator not in candidates


# --- parties and units --------------------------------------------------------------------------


def test_it_creates_a_party(fagersta):
    organisation = services.party_create(
        collaboration=fagersta, name="Fagersta föreningsråd", kind=OrganisationKind.ASSOCIATION
    )
    assert fagersta.parties.filter(pk=organisation.pk, kind=OrganisationKind.ASSOCIATION).exists()


def test_it_rejects_a_party_with_the_name_of_an_existing_party(fagersta):
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.party_create(
            collaboration=fagersta, name="fagersta kommun", kind=OrganisationKind.MUNICIPALITY
        )
    assert "name" in exc.value.error_dict
    assert Organisation.objects.count() == before


def test_it_adds_the_police_of_a_neighbouring_collaboration_as_party(
    norberg, fagersta, fagersta_police_org
):
    services.party_add(collaboration=norberg, organisation=fagersta_police_org)
    assert set(fagersta_police_org.collaborations.all()) == {fagersta, norberg}


def test_it_adds_the_county_board_of_the_same_county(fagersta):
    board = Organisation.objects.get(county=County.objects.get(code="19"))
    services.party_add(collaboration=fagersta, organisation=board)
    assert fagersta.parties.filter(pk=board.pk).exists()


def test_it_rejects_an_organisation_from_another_county(fagersta, ludvika_municipality):
    with pytest.raises(ValidationError) as exc:
        services.party_add(collaboration=fagersta, organisation=ludvika_municipality)
    assert _codes(exc.value) == {"other_county"}
    assert not fagersta.parties.filter(pk=ludvika_municipality.pk).exists()


def test_it_rejects_an_organisation_that_is_already_a_party(fagersta, fagersta_police_org):
    with pytest.raises(ValidationError) as exc:
        services.party_add(collaboration=fagersta, organisation=fagersta_police_org)
    assert _codes(exc.value) == {"duplicate"}


def test_it_offers_party_candidates_to_managers_only(
    norberg, norberg_coordinator, fagersta_police_org, fagersta_reporter, ludvika_municipality
):
    candidates = set(
        selectors.party_candidate_list(user=norberg_coordinator, collaboration=norberg)
    )
    assert fagersta_police_org in candidates
    assert ludvika_municipality not in candidates
    assert not norberg.parties.filter(pk__in=[o.pk for o in candidates]).exists()
    assert not selectors.party_candidate_list(user=fagersta_reporter, collaboration=norberg)


def test_it_creates_a_unit(fagersta_municipality):
    unit = services.unit_create(organisation=fagersta_municipality, name=" Biblioteket ")
    assert Unit.objects.get(pk=unit.pk).name == "Biblioteket"


def test_it_rejects_a_duplicate_unit_name(fagersta_municipality):
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(organisation=fagersta_municipality, name="socialtjänsten")
    assert "name" in exc.value.error_dict
    assert Unit.objects.count() == before


# --- people and roles ---------------------------------------------------------------------------


def test_it_invites_a_new_person_with_an_account_and_a_password_mail(
    fagersta, fagersta_municipality, fagersta_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite(fagersta, fagersta_municipality, fagersta_coordinator)
    user = User.objects.get(email=NEW_EMAIL)
    assert membership.user == user
    assert (membership.collaboration, membership.role, membership.is_active) == (
        fagersta,
        Role.REPORTER,
        True,
    )
    assert user.username == "anna.berg"
    assert (user.first_name, user.last_name) == ("Anna", "Berg")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEW_EMAIL]
    assert "Tryggare Fagersta" in message.subject
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link_prefix = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": "TOKEN"}
    ).removesuffix("TOKEN/")
    assert link_prefix in message.body
    token = message.body.split(link_prefix, 1)[1].split("/", 1)[0]
    assert default_token_generator.check_token(user, token)


def test_it_sends_no_mail_when_the_invitation_is_rolled_back(
    fagersta, fagersta_municipality, fagersta_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _invite(fagersta, fagersta_municipality, fagersta_coordinator)
    # The mail waits for the commit (as does the audit log's seal, laget.audit.recorder).
    mails = [c for c in callbacks if getattr(c, "func", c).__name__ == "_send_invitation"]
    assert len(mails) == 1
    assert mail.outbox == []


def test_it_reuses_an_existing_account_by_e_mail(
    fagersta,
    fagersta_municipality,
    fagersta_coordinator,
    ludvika_coordinator,
    django_capture_on_commit_callbacks,
):
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite(
            fagersta,
            fagersta_municipality,
            fagersta_coordinator,
            email=ludvika_coordinator.email.upper(),
            first_name="Someone",
            last_name="Else",
        )
    assert membership.user == ludvika_coordinator
    assert User.objects.count() == users_before
    ludvika_coordinator.refresh_from_db()
    assert ludvika_coordinator.first_name == "Sara"  # an existing account keeps its name
    assert mail.outbox == []  # they already have a password


def test_it_makes_a_free_username_when_the_address_part_is_taken(
    fagersta, fagersta_municipality, fagersta_coordinator
):
    membership = _invite(
        fagersta, fagersta_municipality, fagersta_coordinator, email="samordnare.fagersta@x.example"
    )
    assert membership.user.username == "samordnare.fagersta2"


def test_it_rejects_a_unit_of_another_organisation(
    fagersta,
    fagersta_municipality,
    fagersta_police_org,
    fagersta_coordinator,
    django_capture_on_commit_callbacks,
):
    police_unit = fagersta_police_org.units.first()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        _invite(fagersta, fagersta_municipality, fagersta_coordinator, unit=police_unit)
    assert "unit" in exc.value.error_dict
    assert not User.objects.filter(email=NEW_EMAIL).exists()  # no half-stored account
    assert mail.outbox == []


def test_it_rejects_an_organisation_that_is_not_a_party(
    fagersta, ludvika_municipality, fagersta_coordinator
):
    with pytest.raises(ValidationError) as exc:
        _invite(fagersta, ludvika_municipality, fagersta_coordinator)
    assert _codes(exc.value) == {"not_party"}
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_it_rejects_the_regional_coordinator_role_in_a_collaboration(
    fagersta, fagersta_municipality, fagersta_admin
):
    with pytest.raises(ValidationError) as exc:
        _invite(fagersta, fagersta_municipality, fagersta_admin, role=Role.REGIONAL_COORDINATOR)
    assert "role" in exc.value.error_dict
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_it_lets_only_administrators_appoint_administrators(
    fagersta, fagersta_municipality, fagersta_coordinator, fagersta_admin
):
    with pytest.raises(ValidationError) as exc:
        _invite(fagersta, fagersta_municipality, fagersta_coordinator, role=Role.ADMINISTRATOR)
    assert _codes(exc.value) == {"admin_role"}
    membership = _invite(fagersta, fagersta_municipality, fagersta_admin, role=Role.ADMINISTRATOR)
    assert membership.role == Role.ADMINISTRATOR


def test_it_rejects_a_role_the_person_already_has(
    fagersta, fagersta_municipality, fagersta_coordinator
):
    with pytest.raises(ValidationError) as exc:
        _invite(
            fagersta,
            fagersta_municipality,
            fagersta_coordinator,
            email=fagersta_coordinator.email,
            role=Role.COORDINATOR,
        )
    assert _codes(exc.value) == {"duplicate"}


def test_it_reactivates_an_ended_membership_instead_of_duplicating_it(
    fagersta, fagersta_reporter, fagersta_coordinator
):
    membership = fagersta.memberships.get(user=fagersta_reporter)
    services.membership_end(membership=membership, ended_by=fagersta_coordinator)
    again = _invite(
        fagersta,
        membership.organisation,
        fagersta_coordinator,
        email=fagersta_reporter.email,
        unit=None,
    )
    assert again.pk == membership.pk
    assert again.is_active
    assert again.unit is None
    assert Membership.objects.filter(user=fagersta_reporter, collaboration=fagersta).count() == 1


def test_it_sends_the_password_mail_again_to_someone_who_never_chose_one(
    fagersta,
    fagersta_municipality,
    fagersta_police_org,
    fagersta_coordinator,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(fagersta, fagersta_municipality, fagersta_coordinator)
        _invite(fagersta, fagersta_police_org, fagersta_coordinator, role=Role.GROUP_MEMBER)
    assert [m.to for m in mail.outbox] == [[NEW_EMAIL], [NEW_EMAIL]]


def test_it_ends_a_membership_and_keeps_it_as_history(
    fagersta, fagersta_reporter, fagersta_coordinator
):
    membership = fagersta.memberships.get(user=fagersta_reporter)
    services.membership_end(membership=membership, ended_by=fagersta_coordinator)
    membership.refresh_from_db()
    assert membership.is_active is False


def test_it_removes_group_seats_with_the_last_membership(
    fagersta, fagersta_police, fagersta_coordinator
):
    assert GroupMembership.objects.filter(user=fagersta_police).count() == 2
    membership = fagersta.memberships.get(user=fagersta_police)
    services.membership_end(membership=membership, ended_by=fagersta_coordinator)
    assert not GroupMembership.objects.filter(user=fagersta_police).exists()


def test_it_keeps_group_seats_while_another_membership_remains(
    fagersta, fagersta_police, fagersta_coordinator, fagersta_municipality
):
    services.membership_create(
        user=fagersta_police,
        organisation=fagersta_municipality,
        role=Role.GROUP_MEMBER,
        collaboration=fagersta,
    )
    membership = fagersta.memberships.get(user=fagersta_police, role=Role.POLICE)
    services.membership_end(membership=membership, ended_by=fagersta_coordinator)
    assert GroupMembership.objects.filter(user=fagersta_police).count() == 2


def test_it_refuses_to_end_an_administrators_own_last_administrator_membership(
    fagersta, fagersta_admin
):
    membership = fagersta.memberships.get(user=fagersta_admin, role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as exc:
        services.membership_end(membership=membership, ended_by=fagersta_admin)
    assert _codes(exc.value) == {"last_admin"}
    membership.refresh_from_db()
    assert membership.is_active


def test_it_lets_an_administrator_end_one_of_two_own_administrator_memberships(
    fagersta, fagersta_admin, fagersta_police_org
):
    services.membership_create(
        user=fagersta_admin,
        organisation=fagersta_police_org,
        role=Role.ADMINISTRATOR,
        collaboration=fagersta,
    )
    membership = fagersta.memberships.get(
        user=fagersta_admin,
        role=Role.ADMINISTRATOR,
        organisation__kind=OrganisationKind.MUNICIPALITY,
    )
    services.membership_end(membership=membership, ended_by=fagersta_admin)
    membership.refresh_from_db()
    assert membership.is_active is False


def test_it_lets_another_administrator_end_an_administrator_membership(
    fagersta, fagersta_admin, fagersta_municipality
):
    second = services.membership_invite(
        collaboration=fagersta,
        email="admin2@fagersta.example",
        organisation=fagersta_municipality,
        role=Role.ADMINISTRATOR,
        invited_by=fagersta_admin,
    )
    membership = fagersta.memberships.get(user=fagersta_admin, role=Role.ADMINISTRATOR)
    services.membership_end(membership=membership, ended_by=second.user)
    membership.refresh_from_db()
    assert membership.is_active is False


def test_it_refuses_a_coordinator_ending_an_administrator_membership(
    fagersta, fagersta_admin, fagersta_coordinator
):
    membership = fagersta.memberships.get(user=fagersta_admin, role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as exc:
        services.membership_end(membership=membership, ended_by=fagersta_coordinator)
    assert _codes(exc.value) == {"admin_role"}
    membership.refresh_from_db()
    assert membership.is_active


def test_it_refuses_to_end_an_ended_membership(fagersta, fagersta_reporter, fagersta_coordinator):
    membership = fagersta.memberships.get(user=fagersta_reporter)
    services.membership_end(membership=membership, ended_by=fagersta_coordinator)
    with pytest.raises(ValidationError) as exc:
        services.membership_end(membership=membership, ended_by=fagersta_coordinator)
    assert _codes(exc.value) == {"ended"}
