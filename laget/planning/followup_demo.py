"""Follow-ups of the demo measures in Ludvika and Fagersta: production, process and effect.

Runs after the planning demo and adds each municipality's follow-ups once, from a small content
dict per municipality (``FOLLOW_UPS``). Dates follow the demo plan's year and are never after
today; a follow-up whose dates have not come yet is left out, and so is the effect follow-up
when its after window has not passed or the demo's reports cannot give it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from laget.accounts.models import User
from laget.organisations.models import Collaboration
from laget.planning import followup
from laget.planning.choices import IndicatorSource, TrafficLight
from laget.planning.models import FollowUp, FollowUpKind, Indicator, Measure

#: The weeks of the demo's before and after windows.
DEMO_WEEKS = 12

#: Per municipality: follow-ups (measure title, days after the measure's start or None for its
#: end, fields) and the measure and comparison area of the effect follow-up (or None).
FOLLOW_UPS: dict[str, dict[str, Any]] = {
    "fagersta": {
        "follow_ups": (
            (
                "Byt armaturer och inför felanmälan av belysningen i gångtunneln",
                None,
                {
                    "kind": FollowUpKind.PRODUCTION,
                    "delivered_count": 12,
                    "delivered_unit": "belysningspunkter",
                    "text": "Alla armaturer i gångtunneln är utbytta och lyser.",
                    "traffic_light": TrafficLight.GREEN,
                    "public": True,
                },
            ),
            (
                "Byt armaturer och inför felanmälan av belysningen i gångtunneln",
                None,
                {
                    "kind": FollowUpKind.PROCESS,
                    "as_planned": False,
                    "deviations": "Leveransen av armaturerna blev två månader försenad; "
                    "bovärdarnas felanmälan kom i gång först i augusti.",
                    "hours": 46,
                    "cost_sek": 91000,
                    "traffic_light": TrafficLight.GREEN,
                },
            ),
            (
                "Öppen fritidsgård fredagar till kl. 23",
                120,
                {
                    "kind": FollowUpKind.PROCESS,
                    "as_planned": True,
                    "hours": 120,
                    "text": "Gården har haft öppet alla fredagar utom två; bemanningen räcker "
                    "till sommaren.",
                    "traffic_light": TrafficLight.YELLOW,
                },
            ),
        ),
        "effect": (
            "Byt armaturer och inför felanmälan av belysningen i gångtunneln",
            "Västanfors",
        ),
    },
    "ludvika": {
        "follow_ups": (
            (
                "Stationsvärdar i vänthallen till sista bussen",
                None,
                {
                    "kind": FollowUpKind.PRODUCTION,
                    "delivered_count": 5,
                    "delivered_unit": "kvällar i veckan",
                    "text": "Vänthallen har stationsvärd alla vardagskvällar till sista bussen.",
                    "traffic_light": TrafficLight.GREEN,
                    "public": True,
                },
            ),
            (
                "Stationsvärdar i vänthallen till sista bussen",
                None,
                {
                    "kind": FollowUpKind.PROCESS,
                    "as_planned": False,
                    "deviations": "Rekryteringen av stationsvärdar tog två månader längre än "
                    "planerat; kvällspassen kom i gång först i augusti.",
                    "hours": 230,
                    "cost_sek": 164000,
                    "traffic_light": TrafficLight.GREEN,
                },
            ),
            (
                "Fältgruppen på resecentrum torsdag–lördag kväll",
                120,
                {
                    "kind": FollowUpKind.PROCESS,
                    "as_planned": True,
                    "hours": 150,
                    "text": "Fältgruppen har varit på plats nästan alla planerade kvällar; "
                    "fler unga söker sig till fritidsgården i centrum.",
                    "traffic_light": TrafficLight.YELLOW,
                },
            ),
        ),
        "effect": ("Stationsvärdar i vänthallen till sista bussen", "Centrum"),
    },
}


@transaction.atomic
def followup_demo_load() -> None:
    """Add follow-ups to each municipality's demo measures (only once)."""
    today = timezone.localdate()
    for slug, content in FOLLOW_UPS.items():
        collaboration = Collaboration.objects.filter(slug=slug).first()
        if collaboration is not None:
            _follow_ups(collaboration, content, today)


def _follow_ups(
    collaboration: Collaboration, content: dict[str, Any], today: datetime.date
) -> None:
    measures = Measure.objects.filter(plan__collaboration=collaboration)
    if FollowUp.objects.filter(measure__in=measures).exists():
        return
    coordinator = User.objects.filter(username=f"samordnare.{collaboration.slug}").first()
    police = User.objects.filter(username=f"polis.{collaboration.slug}").first() or coordinator
    if coordinator is None:
        return
    by_title = {m.title: m for m in measures}
    for title, days, fields in content["follow_ups"]:
        measure = by_title.get(title)
        if measure is None:
            continue
        day = measure.end if days is None else measure.start + datetime.timedelta(days=days)
        day = min(day, today)
        if day < measure.start:
            continue
        followup.follow_up_create(user=coordinator, measure=measure, followed_up_on=day, **fields)
    if content.get("effect"):
        title, comparison = content["effect"]
        if (measure := by_title.get(title)) is not None:
            _effect(measure, police, collaboration, comparison, today)


def _effect(
    measure: Measure,
    user: User,
    collaboration: Collaboration,
    comparison_name: str,
    today: datetime.date,
) -> None:
    """The measure's effect on its problem's reported count, compared with another area.

    The demo's reports cover the last year, so the windows are placed from today: the after
    window ends a week ago, and the intervention period is the part of the measure's own
    period that fits before it (or the ten weeks before it, early in the year).
    """
    indicator = Indicator.objects.filter(
        goal__problem=measure.problem,
        source=IndicatorSource.SITUATION_COUNT,
        area__isnull=False,
    ).first()
    if indicator is None:
        return
    comparison = (
        collaboration.areas.exclude(pk=indicator.area_id).filter(name=comparison_name).first()
    )
    end = min(measure.end, today - datetime.timedelta(weeks=DEMO_WEEKS + 1))
    start = max(measure.start, end - datetime.timedelta(weeks=10))
    if start > end:
        start = end - datetime.timedelta(weeks=10)
    try:
        followup.effect_follow_up_run(
            user=user,
            measure=measure,
            indicator=indicator,
            intervention_start=start,
            intervention_end=end,
            weeks=DEMO_WEEKS,
            comparison_area=comparison,
            today=today,
        )
    except ValidationError:
        return  # a demo without the indicator's category: no effect follow-up
