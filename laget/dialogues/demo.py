"""The demo's dialogues (called from laget.demo.services.demo_load).

Fagersta renews its medborgarlöfte every three months, so it holds a VAD and a HUR staff
dialogue and a citizen dialogue in each of the last three quarters; Ludvika, with a yearly
promise, holds one of each this year. All texts are invented and name no one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from laget.accounts.models import User
from laget.core.choices import InformationClass
from laget.dialogues import selectors, services
from laget.dialogues.choices import DialogueKind, ParticipantGroup, RemarkStatus
from laget.dialogues.models import Dialogue, SafetyWalk
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


#: (text, lon, lat, problem owner: organisation kind or free text, status, days to fix / reason)
REMARKS: list[tuple[str, float, float, str, str, Any]] = [
    (
        "Trasig belysning i gångtunneln under Västanforsvägen, mörkt hela vägen igenom.",
        15.7905,
        60.0032,
        OrganisationKind.MUNICIPALITY,
        RemarkStatus.FIXED,
        4,
    ),
    (
        "Buskage skymmer sikten vid busshållplatsen på torget.",
        15.7952,
        60.0047,
        "Fastighetsägaren",
        RemarkStatus.IN_PROGRESS,
        None,
    ),
    (
        "Klotter och krossat glas vid cykelstället intill stationen.",
        15.7985,
        60.0021,
        OrganisationKind.MUNICIPALITY,
        RemarkStatus.OPEN,
        None,
    ),
    (
        "Mörk parkering bakom centrumhuset, ingen belysning efter kl. 22.",
        15.7930,
        60.0062,
        "Fastighetsägaren",
        RemarkStatus.WONT_FIX,
        "Parkeringen är privat och ägaren avböjer belysning; kommunen skyltar en upplyst väg.",
    ),
    (
        "Ungdomar samlas vid den stängda kiosken vid parken kvällstid, flera känner sig otrygga.",
        15.7962,
        60.0012,
        OrganisationKind.POLICE,
        RemarkStatus.OPEN,
        None,
    ),
]


def _walks(collaboration: Collaboration, today: datetime.date) -> None:
    """A walked safety walk in Centrum with remarks in every status, and one planned next month."""
    if SafetyWalk.objects.filter(collaboration=collaboration).exists():
        return
    coordinator = User.objects.get(username=f"samordnare.{collaboration.slug}")
    municipality = collaboration.parties.get(kind=OrganisationKind.MUNICIPALITY)
    centre = collaboration.areas.filter(name="Centrum").first()
    walked_on = today - datetime.timedelta(days=12)
    start = timezone.make_aware(datetime.datetime.combine(walked_on, datetime.time(18, 30)))
    walk = services.safety_walk_create(
        user=coordinator,
        collaboration=collaboration,
        title="Trygghetsvandring i centrum",
        planned_on=start,
        organiser=municipality,
        area=centre,
        route={
            "type": "LineString",
            "coordinates": [
                [15.7985, 60.0021],
                [15.7962, 60.0012],
                [15.7905, 60.0032],
                [15.7930, 60.0062],
                [15.7952, 60.0047],
            ],
        },
        route_description="Från stationen via parken och gångtunneln till torget.",
        # Public: the walk's outcome (counts of remarks and fixed ones) is on the public site.
        info_class=InformationClass.PUBLIC,
    )
    services.safety_walk_mark_walked(
        user=coordinator,
        walk=walk,
        walked_on=walked_on,
        participants={
            ParticipantGroup.RESIDENTS: 14,
            ParticipantGroup.PROPERTY_OWNERS: 2,
            ParticipantGroup.POLICE: 2,
            ParticipantGroup.MUNICIPALITY: 3,
            ParticipantGroup.ASSOCIATIONS: 4,
        },
        summary="Belysningen och sikten längs gångstråken var det som oroade flest deltagare.",
    )
    for text, lon, lat, owner, status, extra in REMARKS:
        party = collaboration.parties.filter(kind=owner).first()
        remark = services.walk_remark_add(
            user=coordinator,
            walk=walk,
            text=text,
            lat=lat,
            lon=lon,
            problem_owner=party,
            problem_owner_text="" if party else owner,
        )
        if status == RemarkStatus.FIXED:
            services.walk_remark_set_status(
                user=coordinator,
                remark=remark,
                status=status,
                fixed_on=walked_on + datetime.timedelta(days=extra),
                response="Armaturerna byttes av gatuenheten.",
            )
        elif status == RemarkStatus.WONT_FIX:
            services.walk_remark_set_status(
                user=coordinator, remark=remark, status=status, response=extra
            )
        elif status == RemarkStatus.IN_PROGRESS:
            services.walk_remark_set_status(
                user=coordinator,
                remark=remark,
                status=status,
                response="Fastighetsägaren har beställt beskärning.",
            )
    category = selectors.report_categories(collaboration=collaboration).first()
    converted = walk.remarks.get(number=3)
    if category is not None:
        services.walk_remark_to_report(user=coordinator, remark=converted, category=category)
    next_month = today + datetime.timedelta(days=30)
    services.safety_walk_create(
        user=coordinator,
        collaboration=collaboration,
        title="Trygghetsvandring i Brandbergen",
        planned_on=timezone.make_aware(datetime.datetime.combine(next_month, datetime.time(18))),
        organiser=municipality,
        area=collaboration.areas.filter(name="Brandbergen").first(),
        route_description="Runt bostadsområdet och längs skolvägen.",
    )


#: The nine-point checklist of Fagersta's latest citizen dialogue (spec §3.10), invented texts.
PLAN = {
    "plan_responsible": "Kommunens trygghetssamordnare planerar, kommunpolisen leder samtalen.",
    "plan_target_group": (
        "Boende och näringsidkare i centrum, cirka 40 personer. Unga nås via fritidsgården "
        "och föreningarna; inbjudan även på lätt svenska, arabiska och somaliska."
    ),
    "plan_influence": (
        "Synpunkterna används i den gemensamma lägesbilden och i valet av fokusområden; det "
        "står i inbjudan."
    ),
    "plan_forms": ["open_meeting", "focus_groups"],
    "plan_forum": "Biblioteket vid torget, en kväll i veckan efter arbetstid.",
    "plan_questions": (
        "Vilka platser i centrum upplever du som otrygga, och när? Vad har förändrats det "
        "senaste året?"
    ),
    "plan_documentation": (
        "Två antecknare per grupp; synpunkterna kodas efter plats och problemtyp och "
        "sammanställs i lägesbildsgruppen."
    ),
    "plan_feedback": (
        "Sammanfattning på kommunens webbplats och polisen.se inom två veckor; återkoppling "
        "vid nästa föreningsträff."
    ),
}


def _plans(collaboration: Collaboration, today: datetime.date) -> None:
    """Fill in what the latest citizen and staff dialogues miss (also on older demo databases)."""
    coordinator = User.objects.get(username=f"samordnare.{collaboration.slug}")
    held = Dialogue.objects.filter(collaboration=collaboration, held_on__lte=today)
    citizen = held.filter(kind=DialogueKind.CITIZEN).order_by("-held_on", "-pk").first()
    if citizen is not None:
        if not all(done for _n, _l, done in selectors.citizen_checklist(dialogue=citizen)):
            values = {name: getattr(citizen, name) for name in services.PLAN_TEXT_FIELDS}
            values.update({k: v for k, v in PLAN.items() if not values.get(k)})
            values["plan_forms"] = citizen.plan_forms or PLAN["plan_forms"]
            citizen = services.dialogue_plan_update(user=coordinator, dialogue=citizen, **values)
        if citizen.invitations_sent_on is None:
            services.dialogue_send_invitations(
                user=coordinator,
                dialogue=citizen,
                sent_on=citizen.held_on - datetime.timedelta(days=14),
            )
        if citizen.feedback and citizen.feedback_given_on is None:
            citizen.feedback_given_on = min(citizen.held_on + datetime.timedelta(days=7), today)
            citizen.save(update_fields=["feedback_given_on"])
    units = list(selectors.collaboration_units(collaboration=collaboration)[:4])
    for kind in (DialogueKind.STAFF_WHAT, DialogueKind.STAFF_HOW):
        staff = held.filter(kind=kind).order_by("-held_on", "-pk").first()
        if staff is None or (staff.agenda and staff.participants_by_unit):
            continue
        counts = staff.participants_by_unit or {
            str(unit.pk): 2 + index for index, unit in enumerate(units)
        }
        services.dialogue_staff_update(
            user=coordinator,
            dialogue=staff,
            agenda=staff.agenda or services.default_agenda(kind),
            participants_by_unit=counts,
        )


def dialogues_demo_load() -> None:
    """Create the demo's dialogues and safety walks; safe to run again."""
    today = timezone.localdate()
    for slug in ("fagersta", "ludvika"):
        collaboration = Collaboration.objects.filter(slug=slug).first()
        if collaboration is not None:
            _load(collaboration, today)
            if slug == "fagersta":
                _walks(collaboration, today)
                _plans(collaboration, today)
