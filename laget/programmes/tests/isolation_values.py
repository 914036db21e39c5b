"""URL keywords of laget.programmes for THE isolation test (laget/core/tests/test_isolation.py).

``kwarg_values()`` returns keyword → function(FagerstaObjects) → list of values, each pointing at
an object that belongs to Fagersta (or to Västmanland, Fagersta's county, for county objects).
Here: a regional programme of Västmanland (county "19") with one of everything, created lazily
by Västmanland's regional coordinator.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

NAME = "Västmanlands isoleringsprogram"


def vastmanland_programme() -> dict[str, Any]:
    """The programme and one object of each kind (made once per test database state)."""
    from laget.accounts.models import User
    from laget.geography.models import County
    from laget.programmes import services
    from laget.programmes.models import Programme

    county = County.objects.get(code="19")
    programme = Programme.objects.filter(county=county, name=NAME).first()
    if programme is None:
        user = User.objects.get(username="regional.vastmanland")
        today = datetime.date(2026, 1, 1)
        programme = services.programme_create(
            user=user,
            county=county,
            name=NAME,
            period_start=today,
            period_end=today + datetime.timedelta(days=730),
        )
        signatory = services.signatory_add(
            user=user, programme=programme, organisation_name="Länsstyrelsen Västmanland"
        )
        area = services.area_create(
            user=user, programme=programme, number=1, name="Isoleringsområdet", convener=signatory
        )
        services.member_add(
            user=user, area=area, signatory=signatory, function_title="Samordnare", start_date=today
        )
        plan = services.plan_create(
            user=user,
            area=area,
            period_start=today,
            period_end=today + datetime.timedelta(days=180),
        )
        services.activity_add(
            user=user, plan=plan, title="Isoleringsseminarium", kind="seminar", planned_date=today
        )
        services.result_create(user=user, area=area, goal_type="process", text="Två seminarier.")
    area = programme.areas.get()
    plan = area.plans.get()
    if not programme.documents.exists():
        user = User.objects.get(username="regional.vastmanland")
        services.document_add(
            user=user, programme=programme, kind="declaration", title="Isoleringsförklaring"
        )
        services.meeting_add(user=user, area=area, held_on=datetime.date(2026, 2, 1))
        services.decision_add(
            user=user,
            programme=programme,
            meeting_date=datetime.date(2026, 2, 15),
            text="Styrgruppen fastställde aktivitetsplanen.",
            area=area,
        )
    if not programme.participants.exists():
        services.participant_add(
            user=User.objects.get(username="regional.vastmanland"),
            programme=programme,
            username="polis.fagersta",
            role="Sammankallande",
        )
    return {
        "programme": programme,
        "signatory": programme.signatories.get(),
        "area": area,
        "member": area.members.get(),
        "plan": plan,
        "activity": plan.activities.get(),
        "result": area.results.get(),
        "document": programme.documents.get(),
        "meeting": area.meetings.get(),
        "decision": programme.decisions.get(),
        "participant": programme.participants.get(),
    }


def _pk(name: str) -> Callable[[Any], list[Any]]:
    return lambda o: [vastmanland_programme()[name].pk]


def kwarg_values() -> dict[str, Callable[[Any], list[Any]]]:
    return {
        "programme_id": _pk("programme"),
        "prog_signatory_id": _pk("signatory"),
        "dev_area_id": _pk("area"),
        "wg_member_id": _pk("member"),
        "activity_plan_id": _pk("plan"),
        "prog_activity_id": _pk("activity"),
        "prog_result_id": _pk("result"),
        "prog_document_id": _pk("document"),
        "wg_meeting_id": _pk("meeting"),
        "sg_decision_id": _pk("decision"),
        "prog_participant_id": _pk("participant"),
    }


#: Keywords of this app that name no protected object (e.g. an official municipality code).
NON_OBJECT_KWARGS: set[str] = set()
