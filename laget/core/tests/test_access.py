"""The permission matrix of ``laget.access``: every persona × every information class.

Decisions are the model that carries an information class today, so the matrix creates one
decision per class for each of two owners (the municipality and the police) and checks which
of the eight each persona can see through ``restrict`` and open through ``access_object``.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from laget import access
from laget.accounts.models import User
from laget.audit.models import AuditAction, AuditEntry
from laget.core.choices import InformationClass
from laget.geography.models import Area, County
from laget.organisations.models import (
    Collaboration,
    Decision,
    Group,
    GroupMembership,
    Membership,
    Organisation,
    Unit,
)
from laget.organisations.services import decision_create

KOMMUN = "kommun"
POLIS = "polis"
SHARED = {
    (InformationClass.PUBLIC, KOMMUN),
    (InformationClass.PUBLIC, POLIS),
    (InformationClass.PARTNERS, KOMMUN),
    (InformationClass.PARTNERS, POLIS),
}
OWN_KOMMUN = {(InformationClass.OWN_ORGANISATION, KOMMUN)}
OWN_POLIS = {(InformationClass.OWN_ORGANISATION, POLIS)}
RESTRICTED_KOMMUN = {(InformationClass.RESTRICTED, KOMMUN)}
RESTRICTED_POLIS = {(InformationClass.RESTRICTED, POLIS)}

#: username → the (information class, owner) pairs of Fagersta's matrix decisions they may read.
#: Organisations in the demo: samordnare, rapportör, styrgrupp and admin work for the
#: municipality; polis for the police; grupp for the housing company.
EXPECTED_VISIBLE: dict[str, set[tuple[str, str]]] = {
    "samordnare.fagersta": SHARED | OWN_KOMMUN | RESTRICTED_KOMMUN,
    "admin.fagersta": SHARED | OWN_KOMMUN | RESTRICTED_KOMMUN,
    "polis.fagersta": SHARED | OWN_POLIS | RESTRICTED_POLIS,
    "rapportor.fagersta": SHARED | OWN_KOMMUN,  # a reporter never reads *begränsad*
    "styrgrupp.fagersta": SHARED | OWN_KOMMUN,
    "grupp.fagersta": SHARED,  # housing company: neither owner
    "regional.vastmanland": SHARED,  # Fagersta's county: shared classes only
    "samordnare.ludvika": set(),  # another collaboration
    "regional.dalarna": set(),  # another county
    "anonymous": set(),
}
MANAGERS = {"samordnare.fagersta", "admin.fagersta"}
PERSONAS = sorted(EXPECTED_VISIBLE)
#: Every model the access module knows about, for the "manage is never wider" check.
TENANT_MODELS = [Collaboration, Organisation, Unit, Group, GroupMembership, Membership, Decision]


def _persona(username: str) -> Any:
    if username == "anonymous":
        return AnonymousUser()
    return User.objects.get(username=username)


@pytest.fixture
def matrix(fagersta: Collaboration) -> dict[tuple[str, str], Decision]:
    """One Fagersta decision per information class and owner (municipality, police)."""
    owners = {
        KOMMUN: Organisation.objects.get(name="Fagersta kommun"),
        POLIS: Organisation.objects.get(name="Polisen – LPO Fagersta"),
    }
    decisions = {}
    for info_class in InformationClass.values:
        for owner_key, owner in owners.items():
            decisions[(info_class, owner_key)] = decision_create(
                collaboration=fagersta,
                owner_organisation=owner,
                title=f"Matrisbeslut {info_class} {owner_key}",
                text="Underlag.",
                decided_on=datetime.date(2026, 3, 1),
                decided_by="Styrgruppen",
                info_class=info_class,
            )
    return decisions


def _visible(user: Any, matrix: dict[tuple[str, str], Decision], action: str) -> set[Any]:
    by_pk = {d.pk: key for key, d in matrix.items()}
    queryset = Decision.objects.filter(pk__in=by_pk)
    return {
        by_pk[pk] for pk in access.restrict(user, queryset, action).values_list("pk", flat=True)
    }


@pytest.mark.parametrize("username", PERSONAS)
def test_it_narrows_decisions_to_the_persona_information_classes(username, matrix):
    assert _visible(_persona(username), matrix, access.VIEW) == EXPECTED_VISIBLE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_it_opens_exactly_the_visible_decisions_and_answers_404_for_the_rest(username, matrix):
    user = _persona(username)
    for key, decision in matrix.items():
        if key in EXPECTED_VISIBLE[username]:
            assert access.access_object(user, Decision, decision.pk) == decision
        else:
            with pytest.raises(Http404):
                access.access_object(user, Decision, decision.pk)


@pytest.mark.parametrize("username", PERSONAS)
def test_it_never_lets_manage_see_more_than_view(username, matrix):
    user = _persona(username)
    for model in TENANT_MODELS:
        queryset = model._default_manager.all()
        viewable = set(access.restrict(user, queryset, access.VIEW).values_list("pk", flat=True))
        managed = set(access.restrict(user, queryset, access.MANAGE).values_list("pk", flat=True))
        assert managed <= viewable, model._meta.label


def test_it_keeps_restricted_decisions_of_other_organisations_from_managers(
    fagersta_coordinator, matrix
):
    managed = _visible(fagersta_coordinator, matrix, access.MANAGE)
    assert (InformationClass.RESTRICTED, POLIS) not in managed
    assert (InformationClass.OWN_ORGANISATION, POLIS) not in managed
    assert (InformationClass.RESTRICTED, KOMMUN) in managed


@pytest.mark.parametrize("username", PERSONAS)
def test_it_lets_only_coordinators_and_administrators_manage_the_collaboration(username, fagersta):
    user = _persona(username)
    managed = access.restrict(user, Collaboration.objects.filter(pk=fagersta.pk), access.MANAGE)
    assert managed.exists() is (username in MANAGERS)
    if username in MANAGERS:
        assert access.access_object(user, Collaboration, fagersta.pk, access.MANAGE) == fagersta
    else:
        with pytest.raises(Http404):
            access.access_object(user, Collaboration, fagersta.pk, access.MANAGE)


@pytest.mark.parametrize("username", PERSONAS)
def test_it_shows_the_collaboration_and_its_areas_to_members_and_the_county_only(
    username, fagersta
):
    user = _persona(username)
    readers = {u for u in PERSONAS if EXPECTED_VISIBLE[u]}
    areas = set(fagersta.areas.values_list("pk", flat=True))
    visible_areas = set(
        access.restrict(user, Area.objects.filter(collaboration=fagersta)).values_list(
            "pk", flat=True
        )
    )
    assert visible_areas == (areas if username in readers else set())
    if username in readers:
        assert access.access_object(user, Collaboration, fagersta.pk) == fagersta
    else:
        with pytest.raises(Http404):
            access.access_object(user, Collaboration, fagersta.pk)


def test_it_shows_the_regional_coordinator_nothing_outside_the_county(county_officer, ludvika):
    assert not access.restrict(county_officer, Collaboration.objects.filter(pk=ludvika.pk)).exists()
    assert not access.restrict(
        county_officer, Decision.objects.filter(collaboration=ludvika)
    ).exists()
    assert not access.restrict(county_officer, Area.objects.filter(collaboration=ludvika)).exists()


def test_it_lets_a_regional_coordinator_open_only_their_own_county(county_officer):
    assert access.access_county(county_officer, "19").code == "19"
    with pytest.raises(Http404):
        access.access_county(county_officer, "20")
    with pytest.raises(Http404):
        access.access_county(county_officer, "99")
    with pytest.raises(Http404):
        access.access_county(AnonymousUser(), "19")


def test_it_answers_404_for_ids_that_are_not_numbers(fagersta_coordinator, fagersta):
    for bogus in ("abc", None, "1; DROP TABLE"):
        with pytest.raises(Http404):
            access.access_object(fagersta_coordinator, Collaboration, bogus)


def test_it_denies_models_the_access_module_does_not_know(fagersta_coordinator, fagersta):
    assert not access.restrict(fagersta_coordinator, County.objects.all()).exists()


def test_it_stops_access_when_the_membership_is_deactivated(fagersta_reporter, fagersta):
    Membership.objects.filter(user=fagersta_reporter).update(is_active=False)
    user = User.objects.get(pk=fagersta_reporter.pk)  # a fresh object: the scope is cached
    assert not access.restrict(user, Collaboration.objects.filter(pk=fagersta.pk)).exists()


def test_it_stops_access_when_the_account_is_deactivated(fagersta_coordinator, fagersta):
    User.objects.filter(pk=fagersta_coordinator.pk).update(is_active=False)
    user = User.objects.get(pk=fagersta_coordinator.pk)
    assert not access.restrict(user, Collaboration.objects.filter(pk=fagersta.pk)).exists()


def test_it_lets_a_superuser_see_everything(matrix):
    superuser = User.objects.create(
        username="root", email="root@example.invalid", is_superuser=True
    )
    assert _visible(superuser, matrix, access.VIEW) == set(matrix)


# --- rules permissions, derived from the same scope ----------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_it_answers_the_collaboration_permissions_like_the_queryset_filter(username, fagersta):
    user = _persona(username)
    viewable = access.restrict(user, Collaboration.objects.filter(pk=fagersta.pk)).exists()
    manageable = access.restrict(
        user, Collaboration.objects.filter(pk=fagersta.pk), access.MANAGE
    ).exists()
    assert user.has_perm("laget.view_collaboration", fagersta) is viewable
    assert user.has_perm("laget.manage_collaboration", fagersta) is manageable
    assert user.has_perm("laget.manage_collaboration", fagersta) is (username in MANAGERS)
    assert user.has_perm("laget.administer_collaboration", fagersta) is (
        username == "admin.fagersta"
    )


def test_it_grants_view_collaboration_to_the_county_and_not_beyond(
    county_officer, fagersta, ludvika
):
    assert county_officer.has_perm("laget.view_collaboration", fagersta)
    assert not county_officer.has_perm("laget.view_collaboration", ludvika)
    assert not county_officer.has_perm("laget.manage_collaboration", fagersta)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("regional.vastmanland", True),
        ("regional.dalarna", False),
        ("samordnare.fagersta", False),
        ("anonymous", False),
    ],
)
def test_it_grants_view_county_only_to_that_county_regional_coordinator(username, expected, demo):
    county = County.objects.get(code="19")
    assert _persona(username).has_perm("laget.view_county", county) is expected


def test_it_refuses_permissions_without_an_object(fagersta_coordinator):
    assert not fagersta_coordinator.has_perm("laget.view_collaboration", None)
    assert not fagersta_coordinator.has_perm("laget.manage_collaboration", None)


# --- reading begränsad information is logged --------------------------------------------------------


def test_it_logs_every_read_of_a_restricted_decision(fagersta_police, matrix, fagersta):
    decision = matrix[(InformationClass.RESTRICTED, POLIS)]
    before = AuditEntry.objects.filter(action=AuditAction.READ).count()
    access.access_object(fagersta_police, Decision, decision.pk)
    access.access_object(fagersta_police, Decision, decision.pk)
    entries = AuditEntry.objects.filter(action=AuditAction.READ).order_by("-id")
    assert entries.count() == before + 2
    entry = entries.first()
    assert entry.actor_id == fagersta_police.pk
    assert entry.model_label == "organisations.Decision"
    assert entry.object_pk == str(decision.pk)
    assert entry.collaboration_id == fagersta.pk
    assert entry.organisation_label == "Polisen – LPO Fagersta"


def test_it_does_not_log_reads_of_shared_decisions_or_refused_reads(
    fagersta_police, ludvika_coordinator, matrix
):
    before = AuditEntry.objects.filter(action=AuditAction.READ).count()
    access.access_object(fagersta_police, Decision, matrix[(InformationClass.PARTNERS, POLIS)].pk)
    with pytest.raises(Http404):
        access.access_object(
            ludvika_coordinator, Decision, matrix[(InformationClass.RESTRICTED, POLIS)].pk
        )
    assert AuditEntry.objects.filter(action=AuditAction.READ).count() == before
