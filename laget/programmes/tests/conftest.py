"""Fixtures of the programmes tests: Dalarna's regional coordinator and a small programme."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from laget.accounts.models import User
from laget.geography.models import County
from laget.programmes import services

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def dalarna(demo: None) -> County:
    return County.objects.get(code="20")


@pytest.fixture
def coordinator(demo: None) -> User:
    return User.objects.get(username="regional.dalarna")


@pytest.fixture
def other_coordinator(demo: None) -> User:
    return User.objects.get(username="regional.vastmanland")


@pytest.fixture
def programme(coordinator: User, dalarna: County) -> Any:
    return services.programme_create(
        user=coordinator,
        county=dalarna,
        name="Testprogrammet",
        period_start=TODAY,
        period_end=TODAY + datetime.timedelta(days=730),
    )


@pytest.fixture
def signatory(coordinator: User, programme: Any) -> Any:
    return services.signatory_add(
        user=coordinator, programme=programme, organisation_name="Polisregion Bergslagen"
    )


@pytest.fixture
def area(coordinator: User, programme: Any, signatory: Any) -> Any:
    return services.area_create(
        user=coordinator,
        programme=programme,
        number=1,
        name="Avhopparverksamhet",
        convener=signatory,
    )


@pytest.fixture
def plan(coordinator: User, area: Any) -> Any:
    return services.plan_create(
        user=coordinator,
        area=area,
        period_start=TODAY,
        period_end=TODAY + datetime.timedelta(days=180),
    )


@pytest.fixture
def activity(coordinator: User, plan: Any) -> Any:
    return services.activity_add(
        user=coordinator,
        plan=plan,
        title="Regional konferens",
        kind="conference",
        planned_date=TODAY + datetime.timedelta(days=30),
    )
