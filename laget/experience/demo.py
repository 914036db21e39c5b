"""The demo's experience bank (called from laget.demo.services.demo_load).

Ludvika and Fagersta each share their followed-up demo measures (through the services, so the
checks run) and one experience from an earlier year that predates Läget (no measure behind it).
Texts are written for other municipalities: kinds of places, never the demo's area names or
people; the contact is a role. Runs once per collaboration.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from laget.accounts.models import User
from laget.experience import services
from laget.experience.choices import EffectAssessment, EntryStatus
from laget.experience.models import Entry
from laget.organisations.models import Collaboration
from laget.planning.models import Measure

#: Per collaboration: (measure title or None for an earlier experience, content).
ENTRIES: dict[str, list[tuple[str | None, dict[str, Any]]]] = {
    "fagersta": [
        (
            "Byt armaturer och inför felanmälan av belysningen i gångtunneln",
            {
                "title": "Ny belysning och veckovis felanmälan i en gångtunnel",
                "problem": "Klotter och krossade rutor ökade kvällstid kring ett lokalt centrum "
                "med en mörk gångtunnel utan insyn, främst fredag och lördag kväll.",
                "what_done": "Fastighetsägaren bytte alla armaturer i gångtunneln. Bovärdarna "
                "fick en rutin för att felanmäla trasig belysning varje vecka, så att ingen "
                "lampa är släckt länge.",
                "where": "Gångtunnel vid ett lokalt centrum i ett bostadsområde med "
                "hyreshus, Fagersta kommun.",
                "result": "12 belysningspunkter bytta. Leveransen av armaturerna blev två "
                "månader försenad; felanmälan kom i gång först efter sommaren.",
                "effect": EffectAssessment.IMPROVED,
                "effect_text": "Rapporterad skadegörelse vid centrumet minskade jämfört med "
                "halvåret före, mer än i ett jämförbart område. Siffrorna är små och kan bero "
                "på annat än belysningen.",
                "category_key": "klotter",
                "category_label": "Klotter",
                "contact_role": "Brottsförebyggande samordnare, Fagersta kommun",
            },
        ),
        (
            "Öppen fritidsgård fredagar till kl. 23",
            {
                "title": "Fritidsgården öppen till kl. 23 på fredagar",
                "problem": "Unga samlades utan vuxna vid ett centrum när fritidsgården stängde "
                "kl. 21 på fredagar; skadegörelse följde senare på kvällen.",
                "what_done": "Fritidsgården höll öppet till kl. 23 alla fredagar, med en extra "
                "fritidsledare. Skolorna informerade om de nya tiderna.",
                "where": "Kommunal fritidsgård nära ett lokalt centrum, Fagersta kommun.",
                "result": "Öppet alla fredagar utom två. Bemanningen räcker till sommaren, "
                "sedan behövs ett nytt beslut.",
                "effect": EffectAssessment.UNCLEAR,
                "effect_text": "För tidigt att säga. Fler unga kommer till gården på fredagar.",
                "category_key": "samling",
                "category_label": "Samlingar av personer",
                "contact_role": "Fritidschef, Fagersta kommun",
            },
        ),
        (
            None,
            {
                "title": "Klottersanering inom 24 timmar",
                "problem": "Klotter på fasader, busskurer och skyltar i ett centrum blev kvar "
                "i veckor och drog till sig mer klotter.",
                "what_done": "Kommunen, bostadsbolaget och butikerna kom överens om att "
                "sanera allt klotter inom 24 timmar. Ett gemensamt nummer tar emot anmälningar.",
                "where": "Centrum i en mindre stad, Fagersta kommun.",
                "result": "Nio av tio anmälningar sanerades inom ett dygn. Rutinen ingår nu i "
                "fastighetsskötseln.",
                "effect": EffectAssessment.IMPROVED,
                "effect_text": "Nytt klotter halverades under året enligt fastighetsägarnas "
                "loggar.",
                "category_key": "klotter",
                "category_label": "Klotter",
                "measure_kind": "situational",
                "prevention_level": "primary",
                "hours": 150,
                "cost_sek": 120000,
                "contact_role": "Brottsförebyggande samordnare, Fagersta kommun",
                "years_ago": 2,
            },
        ),
    ],
    "ludvika": [
        (
            "Stationsvärdar i vänthallen till sista bussen",
            {
                "title": "Stationsvärdar i vänthallen till sista bussen",
                "problem": "Öppen narkotikaförsäljning i ett resecentrums vänthall kvällstid, "
                "där unga väntar på bussen.",
                "what_done": "Kommunen förlängde stationsvärdarnas pass till sista bussen "
                "vardagar och anpassade schemat efter när bussarna går.",
                "where": "Vänthall och perrong vid resecentrum i en mindre stad, Ludvika kommun.",
                "result": "Stationsvärd alla vardagskvällar till sista bussen. Rekryteringen tog "
                "två månader längre än planerat.",
                "effect": EffectAssessment.IMPROVED,
                "effect_text": "Färre rapporter om narkotika vid resecentrum efter införandet "
                "än före; ett jämförelseområde förändrades mindre. Värdarnas närvaro kan "
                "också ha ändrat vad som rapporteras.",
                "category_key": "narkotika",
                "category_label": "Narkotika",
                "contact_role": "Brottsförebyggande samordnare, Ludvika kommun",
            },
        ),
        (
            "Fältgruppen på resecentrum torsdag–lördag kväll",
            {
                "title": "Fältgrupp på resecentrum torsdag–lördag kväll",
                "problem": "Unga rekryterades som springpojkar till narkotikaförsäljning vid "
                "ett resecentrum.",
                "what_done": "Fältgruppen var på plats tre kvällar i veckan och samarbetade "
                "med fritidsgården så att unga hade någonstans att gå.",
                "where": "Resecentrum och närliggande fritidsgård, Ludvika kommun.",
                "result": "På plats nästan alla planerade kvällar; fler unga söker sig till "
                "fritidsgården.",
                "effect": EffectAssessment.UNCLEAR,
                "effect_text": "Pågår; effekten följs upp när året är slut.",
                "category_key": "narkotika",
                "category_label": "Narkotika",
                "contact_role": "Samordnare för fältgruppen, Ludvika kommun",
            },
        ),
        (
            None,
            {
                "title": "Grannsamverkan mot bostadsinbrott i villaområden",
                "problem": "Bostadsinbrott i villaområden ökade under semesterveckorna.",
                "what_done": "Kommunen och polisen startade grannsamverkan med kontaktombud i "
                "varje kvarter, skyltar och sms-utskick inför semestern.",
                "where": "Villaområden i utkanten av tätorten och i en bruksort, Ludvika kommun.",
                "result": "Tolv områden anslöt med omkring 400 hushåll.",
                "effect": EffectAssessment.UNCHANGED,
                "effect_text": "Inbrotten var ungefär lika många som året före; de boende "
                "säger att de känner sig tryggare.",
                "category_key": "inbrott",
                "category_label": "Inbrott",
                "measure_kind": "social",
                "prevention_level": "primary",
                "hours": 90,
                "cost_sek": 25000,
                "contact_role": "Kommunpolis, Polisen lokalpolisområde Ludvika",
                "years_ago": 1,
            },
        ),
    ],
}


def demo_load() -> None:
    """Create (or find) the demo data of this app; idempotent."""
    for slug, entries in ENTRIES.items():
        collaboration = Collaboration.objects.filter(slug=slug).first()
        user = User.objects.filter(username=f"samordnare.{slug}").first()
        if collaboration is None or user is None:
            continue
        if Entry.objects.filter(collaboration=collaboration).exists():
            continue
        with transaction.atomic():
            for title, content in entries:
                _entry(collaboration, user, title, dict(content))


def _entry(
    collaboration: Collaboration, user: User, title: str | None, content: dict[str, Any]
) -> None:
    years_ago = content.pop("years_ago", None)
    if title is None:
        year = timezone.localdate().year - (years_ago or 1)
        data = services.EntryInput(
            period_start=datetime.date(year, 3, 1), period_end=datetime.date(year, 11, 30)
        )
        for field, value in content.items():
            setattr(data, field, value)
        services._check(data, collaboration)
        entry = Entry(
            collaboration=collaboration,
            municipality=collaboration.municipality,
            created_by=user,
        )
        services._apply(entry, data)
        entry.full_clean()
        entry.save()
    else:
        measure = Measure.objects.filter(plan__collaboration=collaboration, title=title).first()
        if measure is None or not services.is_followed_up(measure):
            return  # early in the year the demo has no follow-up yet
        data = services.prefill(user=user, measure=measure)
        for field, value in content.items():
            setattr(data, field, value)
        entry = services.entry_create(user=user, measure=measure, data=data)
    if entry.status == EntryStatus.DRAFT:
        services.entry_publish(user=user, entry=entry, no_personal_data=True)
