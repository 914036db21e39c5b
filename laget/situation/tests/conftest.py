"""Fixtures for the lägesbild tests: EST-gruppen in Fagersta and a quick way to seed reports.

Reports are made with ``bulk_create`` (fast, and free to date them more than a year back); the
intake itself is tested in laget/reporting. Dates are relative to today, so the default period
of the page (the last complete week) is the one the known numbers are seeded in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from laget.analysis.compile import Period, last_complete_period
from laget.core.choices import InformationClass
from laget.organisations.models import Collaboration, Group, Organisation
from laget.reporting.choices import ReportSource
from laget.reporting.models import Category, ChecklistAnswer, PersonalDataFinding, Report


@pytest.fixture
def est_group(fagersta: Collaboration) -> Group:
    return fagersta.groups.get(name="EST-gruppen")


@pytest.fixture
def week() -> Period:
    """The page's default period: the last complete ISO week."""
    return last_complete_period(timezone.localdate())


@pytest.fixture
def category(fagersta: Collaboration) -> Callable[[str], Category]:
    def get(key: str) -> Category:
        return Category.objects.get(template__collaboration=fagersta, key=key)

    return get


@pytest.fixture
def area(fagersta: Collaboration) -> Callable[[str], Any]:
    return lambda name: fagersta.areas.get(name=name)


@pytest.fixture
def empty_fagersta(fagersta: Collaboration) -> Collaboration:
    """Fagersta without the demo's reports and checklist answers: only seeded numbers count.

    Raw deletes skip the per-row audit signals; the test's transaction is rolled back anyway.
    """
    using = connection.alias
    ChecklistAnswer.objects.filter(collaboration=fagersta)._raw_delete(using)
    PersonalDataFinding.objects.filter(report__collaboration=fagersta)._raw_delete(using)
    Report.objects.filter(collaboration=fagersta).update(duplicate_of=None)
    # links from other apps (a problem's evidence), hidden ones ("+") included
    for relation in Report._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        model = relation.related_model
        if model in (Report, PersonalDataFinding) or model._meta.auto_created:
            continue
        lookup = {f"{relation.field.name}__collaboration": fagersta}
        model._default_manager.filter(**lookup)._raw_delete(using)
    Report.objects.filter(collaboration=fagersta)._raw_delete(using)
    return fagersta


@pytest.fixture
def seed(empty_fagersta: Collaboration) -> Callable[..., list[Report]]:
    fagersta = empty_fagersta
    """``seed(category, area, day, count=1, n=1, **fields)`` → n reports stored at once."""
    kommun = Organisation.objects.get(name="Fagersta kommun")

    def make(
        category: Category,
        area: Any,
        day: datetime.date,
        count: int = 1,
        n: int = 1,
        hour: int | None = 12,
        **fields: Any,
    ) -> list[Report]:
        occurred = (
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))
            if hour is not None
            else None
        )
        defaults: dict[str, Any] = {
            "collaboration": fagersta,
            "category": category,
            "category_label": str(category),
            "template_version": 1,
            "owner_organisation": kommun,
            "info_class": InformationClass.PARTNERS,
            "period_start": day - datetime.timedelta(days=day.weekday()),
            "occurred_at": occurred,
            "area": area,
            "count": count,
            "source": ReportSource.IMPORT,
        }
        defaults.update(fields)
        return Report.objects.bulk_create(Report(**defaults) for _ in range(n))

    return make


CENTRUM_POINT = (15.794, 60.004)
BASELINE = [4, 3, 5, 4, 4, 3, 5, 4, 4, 3, 5, 4]  # the 12 weeks before, oldest first: mean 4


def _offsets() -> list[tuple[float, float]]:
    """Seven points spread over about 400 m around Centrum (several 250 m cells)."""
    lon, lat = CENTRUM_POINT
    return [
        (lon + dx * 0.002, lat + dy * 0.001)
        for dx, dy in [(0, 0), (1, 0), (0, 1), (1, 1), (-1, 0), (0, -1), (1, -1)]
    ]


@pytest.fixture
def known(seed, category, area, week):
    """Known numbers for the default week W (see each line)."""
    klotter, glaskross = category("klotter"), category("glaskross")
    centrum, vastanfors, brandbergen = area("Centrum"), area("Västanfors"), area("Brandbergen")
    monday = week.start
    # W: klotter in Centrum, 7 reports of 2 occurrences with points; one of them red
    for i, (lon, lat) in enumerate(_offsets()):
        seed(
            klotter,
            centrum,
            monday + datetime.timedelta(days=i % 7),
            count=2,
            lon=lon,
            lat=lat,
            assessment="red" if i == 0 else "yellow",
            hour=22,
        )
    # W: klotter in Västanfors 6, glaskross in Brandbergen 2 (green), one without an area
    seed(klotter, vastanfors, monday + datetime.timedelta(days=2), n=6, hour=8)
    seed(glaskross, brandbergen, monday + datetime.timedelta(days=5), count=2, assessment="green")
    seed(glaskross, None, monday, hour=None)
    # the 12 weeks before W: klotter in Centrum and Västanfors as BASELINE
    for weeks_back, count in zip(range(12, 0, -1), BASELINE, strict=True):
        day = monday - datetime.timedelta(weeks=weeks_back)
        seed(klotter, centrum, day, count=count)
        seed(klotter, vastanfors, day, count=count)
    # the same ISO week last year: klotter in Centrum 7
    last_year = week.same_last_year().start
    seed(klotter, centrum, last_year + datetime.timedelta(days=3), count=7)
    # never counted: a duplicate, and the police's own-organisation report
    original = Report.objects.filter(category=klotter, area=centrum, period_start=monday).first()
    seed(klotter, centrum, monday, count=9, duplicate_of=original)
    police = Organisation.objects.get(name="Polisen – LPO Fagersta")
    seed(
        klotter,
        centrum,
        monday,
        count=5,
        owner_organisation=police,
        info_class=InformationClass.OWN_ORGANISATION,
    )
    return {
        "klotter": klotter,
        "glaskross": glaskross,
        "centrum": centrum,
        "vastanfors": vastanfors,
        "brandbergen": brandbergen,
    }


@pytest.fixture
def adopt(fagersta_coordinator: Any, fagersta_police: Any) -> Callable[[Any], Any]:
    """``adopt(picture)``: the municipality's and the police's approvals, which adopt it."""
    from laget.situation import parties

    def run(picture: Any) -> Any:
        parties.situation_approve(user=fagersta_coordinator, picture=picture)
        return parties.situation_approve(user=fagersta_police, picture=picture)

    return run
