"""The demo's dialogues (called from laget.demo.services.demo_load).

Fagersta renews its medborgarlöfte every three months, so it holds a VAD and a HUR staff
dialogue and a citizen dialogue in each of the last three quarters; Ludvika, with a yearly
promise, holds one of each this year. All texts are invented and name no one.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from laget.accounts.models import User
from laget.dialogues import services
from laget.dialogues.choices import DialogueKind
from laget.dialogues.models import Dialogue
from laget.organisations.choices import OrganisationKind
from laget.organisations.models import Collaboration

#: kind → (title, who holds it, participant groups, purpose, outcome, feedback)
TEXTS: dict[str, tuple[str, str, str, str, str, str]] = {
    DialogueKind.STAFF_WHAT: (
        "Medarbetardialog VAD – {area}",
        OrganisationKind.POLICE,
        "Kommunpoliser, områdespoliser, fältassistenter",
        "Vilka problem ser medarbetarna i {area} just nu?",
        "Otrygghet kring centrum kvällstid och skadegörelse i bostadsområden lyftes som de "
        "tydligaste problemen.",
        "Resultatet redovisades på lägesbildsgruppens möte veckan efter.",
    ),
    DialogueKind.STAFF_HOW: (
        "Medarbetardialog HUR – {area}",
        OrganisationKind.MUNICIPALITY,
        "Fältgrupp, fritidsgårdar, bovärdar, kommunpolis",
        "Hur kan parterna gemensamt minska otryggheten i {area}?",
        "Förslag: gemensamma kvällsvandringar, bättre belysning och fler öppettider på "
        "fritidsgården.",
        "Förslagen togs med i utkastet till medborgarlöfte.",
    ),
    DialogueKind.CITIZEN: (
        "Medborgardialog – trygghet i {area}",
        OrganisationKind.MUNICIPALITY,
        "Boende, föreningar, näringsidkare i centrum",
        "Vad upplever invånarna som otryggt i {area}, och vad vill de att parterna gör?",
        "Invånarna vill se mer vuxennärvaro kvällstid och bättre belysning längs gångstråken.",
        "Sammanfattning publicerad på kommunens webbplats och skickad till föreningarna.",
    ),
}
KINDS = (DialogueKind.STAFF_WHAT, DialogueKind.STAFF_HOW, DialogueKind.CITIZEN)


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _dates(slug: str, today: datetime.date) -> list[list[datetime.date]]:
    """For each cycle, the dates of the VAD, HUR and citizen dialogues (all in the past)."""
    if slug == "ludvika":
        start = datetime.date(today.year, 1, 1)
        return [[start + datetime.timedelta(days=d) for d in (20, 34, 55)]]
    cycles = []
    quarter = _quarter_start(today)
    for _index in range(3):
        cycles.append([min(quarter + datetime.timedelta(days=d), today) for d in (5, 12, 20)])
        quarter = _quarter_start(quarter - datetime.timedelta(days=1))
    return cycles


def _load(collaboration: Collaboration, today: datetime.date) -> None:
    if Dialogue.objects.filter(collaboration=collaboration).exists():
        return
    coordinator = User.objects.get(username=f"samordnare.{collaboration.slug}")
    area = collaboration.municipality.name
    for dates in _dates(collaboration.slug, today):
        for kind, held_on in zip(KINDS, dates, strict=True):
            title, holder, groups, purpose, outcome, feedback = TEXTS[kind]
            services.dialogue_create(
                user=coordinator,
                collaboration=collaboration,
                kind=kind,
                title=title.format(area=area),
                held_on=held_on,
                organisation=collaboration.parties.get(kind=holder),
                participants_count={DialogueKind.CITIZEN: 34}.get(kind, 12),
                participant_groups=groups,
                purpose=purpose.format(area=area),
                outcome=outcome,
                feedback=feedback,
            )


def dialogues_demo_load() -> None:
    """Create the demo's dialogues; safe to run again."""
    today = timezone.localdate()
    for slug in ("fagersta", "ludvika"):
        collaboration = Collaboration.objects.filter(slug=slug).first()
        if collaboration is not None:
            _load(collaboration, today)
