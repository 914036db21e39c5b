"""Follow-ups of Fagersta's demo measures: production, process and one effect follow-up.

Runs after the planning demo and adds its follow-ups once. Dates follow the demo plan's year and
are never after today; a follow-up whose dates have not come yet is left out, and so is the
effect follow-up when its after window has not passed.
"""

from __future__ import annotations

import datetime

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


@transaction.atomic
def followup_demo_load() -> None:
    """Add follow-ups to Fagersta's demo measures (only once)."""
    collaboration = Collaboration.objects.filter(slug="fagersta").first()
    if collaboration is None:
        return
    measures = Measure.objects.filter(plan__collaboration=collaboration)
    if FollowUp.objects.filter(measure__in=measures).exists():
        return
    coordinator = User.objects.filter(username="samordnare.fagersta").first()
    police = User.objects.filter(username="polis.fagersta").first() or coordinator
    if coordinator is None:
        return
    today = timezone.localdate()
    by_title = {m.title: m for m in measures}

    def when(measure: Measure, day: datetime.date) -> datetime.date | None:
        day = min(day, today)
        return day if day >= measure.start else None

    lighting = by_title.get("Byt armaturer och inför felanmälan av belysningen i gångtunneln")
    if lighting is not None and (day := when(lighting, lighting.end)):
        followup.follow_up_create(
            user=coordinator,
            measure=lighting,
            kind=FollowUpKind.PRODUCTION,
            followed_up_on=day,
            delivered_count=12,
            delivered_unit="belysningspunkter",
            text="Alla armaturer i gångtunneln är utbytta och lyser.",
            traffic_light=TrafficLight.GREEN,
            public=True,
        )
        followup.follow_up_create(
            user=coordinator,
            measure=lighting,
            kind=FollowUpKind.PROCESS,
            followed_up_on=day,
            as_planned=False,
            deviations="Leveransen av armaturerna blev två månader försenad; bovärdarnas "
            "felanmälan kom i gång först i augusti.",
            hours=46,
            cost_sek=91000,
            traffic_light=TrafficLight.GREEN,
        )
    youth = by_title.get("Öppen fritidsgård fredagar till kl. 23")
    if youth is not None and (day := when(youth, youth.start + datetime.timedelta(days=120))):
        followup.follow_up_create(
            user=coordinator,
            measure=youth,
            kind=FollowUpKind.PROCESS,
            followed_up_on=day,
            as_planned=True,
            hours=120,
            text="Gården har haft öppet alla fredagar utom två; bemanningen räcker till sommaren.",
            traffic_light=TrafficLight.YELLOW,
        )
    if lighting is not None:
        _effect(lighting, police, collaboration, today)


def _effect(
    measure: Measure, user: User, collaboration: Collaboration, today: datetime.date
) -> None:
    """The lighting's effect on the reported graffiti, compared with Västanfors.

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
    comparison = collaboration.areas.exclude(pk=indicator.area_id).filter(name="Västanfors").first()
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
