"""Fixtures of the promises tests: a ready-to-sign draft and the demo's signatories."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from laget.accounts.models import User
from laget.organisations.choices import OrganisationKind
from laget.organisations.models import Collaboration, Organisation
from laget.planning.choices import ProblemStatus
from laget.planning.models import Measure, Problem
from laget.promises import services
from laget.promises.models import Promise

TEXTS = {
    "introduction": "Kommunen och polisen lovar att tillsammans minska skadegörelsen.",
    "situation_summary": "Den gemensamma lägesbilden visar glaskross kvällstid.",
    "effects": "Färre skador och ökad trygghet.",
    "how_to_follow": "Följ arbetet på kommunens webbplats.",
}


def party(collaboration: Collaboration, kind: str) -> Organisation:
    return collaboration.parties.get(kind=kind)


def prioritised(collaboration: Collaboration) -> Problem:
    return (
        Problem.objects.filter(collaboration=collaboration, status=ProblemStatus.PRIORITISED)
        .order_by("pk")
        .first()
    )


def make_draft(
    user: User,
    collaboration: Collaboration,
    *,
    start: datetime.date | None = None,
    months: int = 3,
    activity: bool = True,
    **overrides: Any,
) -> Promise:
    start = start or timezone.localdate() + datetime.timedelta(days=30)
    end = start + datetime.timedelta(days=30 * months)
    promise = services.promise_create(
        user=user,
        collaboration=collaboration,
        title=overrides.pop("title", "Tryggare Brandbergen"),
        period_start=start,
        period_end=end,
        problems=[prioritised(collaboration)],
        **{**TEXTS, **overrides},
    )
    if activity:
        services.activity_add(
            user=user,
            promise=promise,
            title="Bättre belysning i gångtunneln",
            public_description="Nya armaturer.",
            organisation=party(collaboration, OrganisationKind.MUNICIPALITY),
            starts_on=start,
            ends_on=end,
            follow_up_plan="Månadsvis kontroll.",
        )
    return promise


@pytest.fixture
def lpochef(demo: None) -> User:
    return User.objects.get(username="lpochef.fagersta")


@pytest.fixture
def ksordf(demo: None) -> User:
    return User.objects.get(username="ksordf.fagersta")


@pytest.fixture
def draft(fagersta: Collaboration, fagersta_coordinator: User) -> Promise:
    return make_draft(fagersta_coordinator, fagersta)


@pytest.fixture
def fagersta_measure(fagersta: Collaboration) -> Measure:
    return Measure.objects.filter(plan__collaboration=fagersta).order_by("pk").first()
