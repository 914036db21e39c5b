"""Fixtures for the organisations app: a second collaboration in Fagersta's county.

The local police area Fagersta also serves Norberg, so a Norberg collaboration is the natural
case for adding an organisation that is already a party elsewhere in the county.
"""

from __future__ import annotations

import pytest

from laget.accounts.models import User
from laget.geography.models import LocalPoliceArea, Municipality
from laget.organisations import services
from laget.organisations.choices import OrganisationKind, Role
from laget.organisations.models import Collaboration, Organisation


@pytest.fixture
def norberg(fagersta: Collaboration) -> Collaboration:
    collaboration = services.collaboration_create(
        name="Tryggare Norberg",
        slug="norberg",
        municipality=Municipality.objects.get(code="1962"),
        local_police_areas=list(LocalPoliceArea.objects.filter(name="Fagersta")),
    )
    services.party_create(
        collaboration=collaboration, name="Norbergs kommun", kind=OrganisationKind.MUNICIPALITY
    )
    return collaboration


@pytest.fixture
def norberg_coordinator(norberg: Collaboration) -> User:
    user = User.objects.create_user(
        username="samordnare.norberg", email="samordnare.norberg@demo.invalid", password="x"
    )
    services.membership_create(
        user=user,
        organisation=norberg.parties.get(name="Norbergs kommun"),
        role=Role.COORDINATOR,
        collaboration=norberg,
    )
    return user


@pytest.fixture
def fagersta_police_org(fagersta: Collaboration) -> Organisation:
    return fagersta.parties.get(kind=OrganisationKind.POLICE)


@pytest.fixture
def fagersta_municipality(fagersta: Collaboration) -> Organisation:
    return fagersta.parties.get(kind=OrganisationKind.MUNICIPALITY)


@pytest.fixture
def ludvika_municipality(ludvika: Collaboration) -> Organisation:
    return ludvika.parties.get(kind=OrganisationKind.MUNICIPALITY)
