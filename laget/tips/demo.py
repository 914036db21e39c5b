"""The demo's citizen tips (called from laget.demo.services.demo_load).

A handful per municipality: approved, rejected, closed with a response and a couple pending.
Invented texts, no personal data, points inside the demo's areas. Each demo tip has a fixed
reference (``public_id``), so loading the demo again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from laget.accounts.models import User
from laget.organisations.models import Collaboration
from laget.tips import services
from laget.tips.choices import TipChannel, TipStatus
from laget.tips.models import Tip


@dataclass(frozen=True)
class DemoTip:
    public_id: str
    service: str
    text: str
    lat: float
    lon: float
    days_ago: int
    status: str = TipStatus.PENDING
    public_text: str = ""
    note: str = ""
    response: str = ""
    channel: str = TipChannel.FORM


DEMO_TIPS: dict[str, list[DemoTip]] = {
    "fagersta": [
        DemoTip(
            "demofagersta2a1",
            "belysning",
            "Gatlyktan vid gångvägen bakom centrumhuset har varit släckt i två veckor. "
            "Det är helt mörkt på kvällarna.",
            60.0035,
            15.7925,
            20,
            TipStatus.CLOSED,
            response="Lyktan är lagad av gatuenheten.",
        ),
        DemoTip(
            "demofagersta2b2",
            "klotter",
            "Nytt klotter på busskuren vid Västanfors skola, på båda sidorna.",
            60.0130,
            15.7760,
            9,
            TipStatus.APPROVED,
            public_text="Nytt klotter på busskuren vid Västanfors skola.",
        ),
        DemoTip(
            "demofagersta2c3",
            "otrygg_plats",
            "Buskarna vid gångtunneln i Brandbergen har vuxit igen, det känns otryggt att gå "
            "där när det är mörkt.",
            59.9950,
            15.8100,
            6,
            TipStatus.APPROVED,
        ),
        DemoTip(
            "demofagersta2d4",
            "nedskrapning",
            "Mycket skräp och krossat glas vid parkeringen i centrum efter helgen.",
            60.0045,
            15.7950,
            4,
            TipStatus.REJECTED,
            note="Dubblett av ett tidigare tips om samma parkering.",
            channel=TipChannel.OPEN311,
        ),
        DemoTip(
            "demofagersta2e5",
            "skadegorelse",
            "Två parkbänkar i Brandbergsparken är sönderslagna.",
            59.9955,
            15.8080,
            2,
        ),
        DemoTip(
            "demofagersta2f6",
            "ordningsstorning",
            "Högljudda samlingar sent på kvällarna vid torget i centrum de senaste helgerna.",
            60.0040,
            15.7945,
            1,
            channel=TipChannel.OPEN311,
        ),
    ],
    "ludvika": [
        DemoTip(
            "demoludvika3a1",
            "klotter",
            "Klotter på gavelväggen vid stationen, syns tydligt från perrongen.",
            60.1490,
            15.1860,
            15,
            TipStatus.CLOSED,
            response="Klottret är sanerat.",
        ),
        DemoTip(
            "demoludvika3b2",
            "belysning",
            "Belysningen längs gång- och cykelvägen i Marnäs är trasig på en lång sträcka.",
            60.1565,
            15.2150,
            8,
            TipStatus.APPROVED,
        ),
        DemoTip(
            "demoludvika3c3",
            "otrygg_plats",
            "Den gamla lekplatsen i Gonäs är mörk och skymd, ungdomar samlas där på kvällarna.",
            60.1400,
            15.1610,
            3,
        ),
    ],
}


def tips_demo_load() -> None:
    """Create the demo's citizen tips; safe to run again."""
    now = timezone.now()
    for slug, tips in DEMO_TIPS.items():
        collaboration = Collaboration.objects.select_related("municipality").filter(slug=slug)
        collaboration = collaboration.first()
        moderator = User.objects.filter(username=f"samordnare.{slug}").first()
        if collaboration is None or moderator is None:
            continue
        existing = set(
            Tip.objects.filter(public_id__in=[t.public_id for t in tips]).values_list(
                "public_id", flat=True
            )
        )
        for demo in tips:
            if demo.public_id in existing:
                continue
            _create(collaboration, moderator, demo, now)


def _create(
    collaboration: Collaboration, moderator: User, demo: DemoTip, now: datetime.datetime
) -> None:
    tip = services.tip_submit(
        collaboration=collaboration,
        service=demo.service,
        text=demo.text,
        lat=demo.lat,
        lon=demo.lon,
        channel=demo.channel,
    )
    submitted = now - datetime.timedelta(days=demo.days_ago, hours=3)
    Tip.objects.filter(pk=tip.pk).update(public_id=demo.public_id, submitted_at=submitted)
    tip.refresh_from_db()
    if demo.status in (TipStatus.APPROVED, TipStatus.CLOSED):
        services.tip_approve(tip=tip, moderated_by=moderator, public_text=demo.public_text)
    elif demo.status == TipStatus.REJECTED:
        services.tip_reject(tip=tip, moderated_by=moderator, reason=demo.note)
    if demo.status == TipStatus.CLOSED:
        services.tip_close(tip=tip, moderated_by=moderator, public_response=demo.response)
    if demo.status != TipStatus.PENDING:
        moderated = submitted + datetime.timedelta(days=1)
        Tip.objects.filter(pk=tip.pk).update(
            moderated_at=moderated,
            closed_at=moderated + datetime.timedelta(days=2)
            if demo.status == TipStatus.CLOSED
            else None,
        )
