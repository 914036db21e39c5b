"""Fixtures of the agreement tests: the demo's signatories and a complete draft."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from laget.accounts.models import User
from laget.agreements import services
from laget.agreements.choices import AgreementStatus
from laget.agreements.models import Agreement
from laget.organisations.models import Collaboration, Organisation
from laget.planning.choices import ProblemStatus
from laget.planning.models import Goal, Problem


def fresh(username: str) -> User:
    """A new user object (the access scope is cached on the object)."""
    return User.objects.get(username=username)


@pytest.fixture
def lpo_chief(demo: None) -> User:
    return fresh("lpochef.fagersta")


@pytest.fixture
def ks_chair(demo: None) -> User:
    return fresh("ksordf.fagersta")


@pytest.fixture
def kommun(fagersta: Collaboration) -> Organisation:
    return fagersta.parties.get(kind="kommun")


@pytest.fixture
def police(fagersta: Collaboration) -> Organisation:
    return fagersta.parties.get(kind="polis")


@pytest.fixture
def current(fagersta: Collaboration) -> Agreement:
    """The demo's agreement in force for Fagersta."""
    return Agreement.objects.get(collaboration=fagersta, status=AgreementStatus.IN_FORCE)


def complete_content(collaboration: Collaboration) -> dict[str, Any]:
    problems = list(
        Problem.objects.filter(collaboration=collaboration, status=ProblemStatus.PRIORITISED)
    )
    return {
        "title": "Ny överenskommelse",
        "period_start": datetime.date(2027, 1, 1),
        "period_end": datetime.date(2028, 12, 31),
        "problem_picture": "Otrygghet i centrum kvällstid.",
        "focus_problems": problems,
        "causes_summary": "Låg vuxennärvaro.",
        "goals": list(Goal.objects.filter(problem__in=problems)),
        "organisation_text": "Styrgruppen leder.",
        "follow_up_text": "Kvartalsvis i styrgruppen.",
        "communication_text": "Gemensamt på webben.",
        "breach_procedure": "Tas upp i styrgruppen.",
    }


@pytest.fixture
def draft(fagersta: Collaboration, fagersta_coordinator: User, current: Agreement) -> Agreement:
    """A new complete draft (version 3) made from the agreement in force."""
    agreement = services.agreement_new_version(user=fagersta_coordinator, agreement=current)
    return services.agreement_update(
        user=fagersta_coordinator, agreement=agreement, **complete_content(fagersta)
    )
