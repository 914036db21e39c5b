"""The demo's citizen promises (called from laget.demo.services.demo_load).

Fagersta renews its medborgarlöfte every three months: two earlier promises (completed, with
follow-up reports) and the current one (in force, published, with progress updates, one of
them a changed activity with its public reason), chained by ``previous``. Ludvika has a yearly
promise in force. Dates are relative to the day the demo is loaded. Everything is invented.

The rows are created directly (not through the services), because the services rightly refuse
to sign a promise whose period lies in the past; the states are the ones the services produce.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from laget.agreements.models import SigningAuthority
from laget.agreements.selectors import agreement_in_force
from laget.organisations.choices import OrganisationKind, Role
from laget.organisations.models import Collaboration, Membership
from laget.planning.choices import ProblemStatus
from laget.planning.models import Indicator, Measure, Problem
from laget.promises.choices import ActivityStatus, PromiseStatus
from laget.promises.models import (
    ActivityUpdate,
    Promise,
    PromiseActivity,
    PromiseFollowUp,
    PromiseSignature,
)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


FAGERSTA_TEXTS = {
    "introduction": (
        "Fagersta kommun och Polisen i Fagersta lovar att tillsammans arbeta för att minska "
        "skadegörelsen och öka tryggheten i Brandbergen. Medborgarlöftet bygger på vad du och "
        "andra boende har berättat för oss och på vad vi själva ser i vårt arbete."
    ),
    "situation_summary": (
        "Den gemensamma lägesbilden visar återkommande glaskross och skadegörelse kring "
        "Brandbergens centrum, främst fredags- och lördagskvällar. I medborgardialogen och i "
        "medarbetardialogerna lyftes den mörka gångtunneln och att skador lagas för sent. "
        "Kommunen och polisen har därför valt skadegörelsen i Brandbergen som fokusområde."
    ),
    "effects": (
        "Färre anmälda skadegörelsebrott i Brandbergen, att skador lagas inom en vecka och att "
        "fler boende känner sig trygga i gångtunneln på kvällen."
    ),
    "how_to_follow": (
        "Vi redovisar hur arbetet går på kommunens webbplats under Medborgarlöften varje månad "
        "och på medborgarmöten i Brandbergens centrum. Du kan också lämna tips via "
        "medborgarrapporten."
    ),
}

LUDVIKA_TEXTS = {
    "introduction": (
        "Ludvika kommun och Polisen i Ludvika lovar att under ett år arbeta tillsammans mot den "
        "öppna narkotikaförsäljningen vid resecentrum och för att fler ska känna sig trygga där."
    ),
    "situation_summary": (
        "Lägesbilden och medborgardialogen visar att många upplever resecentrum som otryggt "
        "kvällstid och att narkotika säljs öppet. Fokusområdet togs fram gemensamt i "
        "styrgruppen efter medarbetardialogerna."
    ),
    "effects": (
        "Ingen öppen försäljning vid resecentrum, vuxna på plats kvällstid och högre upplevd "
        "trygghet bland resenärerna."
    ),
    "how_to_follow": (
        "Vi berättar om arbetet på kommunens webbplats, i lokaltidningen och på ett öppet möte "
        "varje kvartal."
    ),
}


def _signatories(collaboration: Collaboration) -> list[tuple[Any, Any, Any, str]]:
    """(organisation, authority, user, title) for the municipality and the police."""
    result = []
    for kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.POLICE):
        organisation = collaboration.parties.filter(kind=kind).first()
        if organisation is None:
            continue
        authority = (
            SigningAuthority.objects.filter(
                collaboration=collaboration, organisation=organisation, is_active=True
            )
            .select_related("user")
            .first()
        )
        if authority is not None:
            result.append(
                (organisation, authority, authority.user, str(authority.get_title_display()))
            )
            continue
        membership = (
            Membership.objects.filter(
                collaboration=collaboration,
                organisation=organisation,
                role__in=[Role.COORDINATOR, Role.POLICE],
            )
            .select_related("user")
            .first()
        )
        if membership is not None:
            result.append((organisation, None, membership.user, str(membership.get_role_display())))
    return result


def _promise(
    collaboration: Collaboration,
    *,
    title: str,
    start: datetime.date,
    end: datetime.date,
    texts: dict[str, str],
    problems: list[Problem],
    indicators: list[Indicator],
    status: str,
    previous: Promise | None = None,
    justification: str = "",
    diarienummer: str = "",
    interval: int = 30,
) -> Promise:
    signed_on = start - datetime.timedelta(days=7)
    promise = Promise.objects.create(
        collaboration=collaboration,
        title=title,
        status=status,
        period_start=start,
        period_end=end,
        previous=previous,
        renewal_justification=justification,
        update_interval_days=interval,
        diarienummer=diarienummer,
        agreement=agreement_in_force(collaboration=collaboration, on=start),
        ready_at=_aware(signed_on - datetime.timedelta(days=3)),
        published_at=_aware(signed_on, 15),
        completed_at=_aware(end + datetime.timedelta(days=3)) if status == "completed" else None,
        **texts,
    )
    promise.problems.set(problems)
    promise.indicators.set(indicators)
    for hour, (organisation, authority, user, title_text) in enumerate(
        _signatories(collaboration), start=9
    ):
        signature = PromiseSignature.objects.create(
            promise=promise,
            organisation=organisation,
            authority=authority,
            signed_by=user,
            signer_name=(user.get_full_name() or user.get_username())[:200],
            signer_title=title_text[:200],
        )
        PromiseSignature.objects.filter(pk=signature.pk).update(signed_at=_aware(signed_on, hour))
    return promise


def _activity(
    promise: Promise, position: int, measure: Measure, status: str, description: str
) -> PromiseActivity:
    return PromiseActivity.objects.create(
        promise=promise,
        position=position,
        title=measure.title,
        public_description=description,
        organisation=measure.responsible_organisation,
        measure=measure,
        starts_on=promise.period_start,
        ends_on=promise.period_end,
        status=status,
        responsible=measure.responsible_person,
        resources="Inom ordinarie budget.",
        follow_up_plan="Följs upp månadsvis i beredningsgruppen mot åtgärdsplanen.",
    )


def _update(
    activity: PromiseActivity,
    status: str,
    day: datetime.date,
    text: str,
    note: str = "",
) -> None:
    ActivityUpdate.objects.create(
        activity=activity, status=status, public_text=text, internal_note=note, reported_on=day
    )


def _follow_up(promise: Promise, summary: str, outcome: str, lessons: str) -> None:
    PromiseFollowUp.objects.create(
        promise=promise, summary=summary, outcome=outcome, lessons=lessons
    )


def _problems(collaboration: Collaboration) -> list[Problem]:
    return list(
        Problem.objects.filter(
            collaboration=collaboration, status=ProblemStatus.PRIORITISED
        ).order_by("pk")[:1]
    )


def _measures(collaboration: Collaboration) -> list[Measure]:
    return list(
        Measure.objects.filter(plan__collaboration=collaboration)
        .select_related("responsible_organisation")
        .order_by("pk")
    )


def _fagersta(collaboration: Collaboration, today: datetime.date) -> None:
    measures = _measures(collaboration)
    problems = _problems(collaboration)
    if len(measures) < 3 or not problems:
        return
    indicators = list(Indicator.objects.filter(goal__collaboration=collaboration)[:2])
    municipal = [m for m in measures if m.responsible_organisation.kind == "kommun"]
    police = [m for m in measures if m.responsible_organisation.kind == "polis"]
    if not municipal or not police:
        return
    start3 = today - datetime.timedelta(days=20)
    start2 = _add_months(start3, -3)
    start1 = _add_months(start3, -6)
    title = "Tryggare Brandbergen"
    first = _promise(
        collaboration,
        title=title,
        start=start1,
        end=start2 - datetime.timedelta(days=1),
        texts=FAGERSTA_TEXTS,
        problems=problems,
        indicators=indicators,
        status=PromiseStatus.COMPLETED,
        diarienummer="KS 2026/101",
    )
    a1 = _activity(first, 1, municipal[0], ActivityStatus.DONE, "Nya armaturer i gångtunneln.")
    a2 = _activity(first, 2, police[0], ActivityStatus.DONE, "Polis i centrum fredagskvällar.")
    _update(
        a1,
        ActivityStatus.DONE,
        first.period_end - datetime.timedelta(days=20),
        "Armaturerna är utbytta och felanmälan av belysningen är öppen dygnet runt.",
    )
    _update(
        a2,
        ActivityStatus.DONE,
        first.period_end - datetime.timedelta(days=10),
        "Polisen var på plats tolv av tretton fredagskvällar.",
    )
    _follow_up(
        first,
        "Belysningen i gångtunneln byttes ut och polisen var i centrum nästan alla fredagskvällar.",
        "Anmälningarna om glaskross minskade något. Boende säger att tunneln känns ljusare, "
        "men skador lagas fortfarande för sent.",
        "Felanmälan behöver en tydligare rutin för kvällar och helger.",
    )
    second = _promise(
        collaboration,
        title=title,
        start=start2,
        end=start3 - datetime.timedelta(days=1),
        texts=FAGERSTA_TEXTS,
        problems=problems,
        indicators=indicators,
        status=PromiseStatus.COMPLETED,
        previous=first,
        justification=(
            "Lägesbilden visar att skadegörelsen minskat men fortfarande är hög kvällstid; "
            "skador lagas för sent."
        ),
        diarienummer="KS 2026/187",
    )
    # The repair measure ("Felanmälan … och lagning inom en vecka"), else the last municipal one.
    m_repair = next(
        (m for m in municipal if "lagning" in m.title.lower()),
        municipal[-1] if len(municipal) > 1 else municipal[0],
    )
    b1 = _activity(
        second,
        1,
        m_repair,
        ActivityStatus.DONE,
        "Skador i Brandbergen lagas inom en vecka, även kvällar och helger.",
    )
    b2 = _activity(second, 2, police[0], ActivityStatus.DONE, "Polis i centrum fredagskvällar.")
    _update(
        b1,
        ActivityStatus.DONE,
        second.period_end - datetime.timedelta(days=15),
        "Nio av tio skador lagades inom en vecka.",
    )
    _update(
        b2,
        ActivityStatus.DONE,
        second.period_end - datetime.timedelta(days=8),
        "Närvaron fortsatte enligt plan.",
    )
    _follow_up(
        second,
        "Felanmälan kvällar och helger infördes och polisen fortsatte sin närvaro i centrum.",
        "Nio av tio skador lagades inom en vecka och glaskrossen fortsatte att minska.",
        "Samarbetet med bostadsbolaget om felanmälan fungerade väl.",
    )
    current = _promise(
        collaboration,
        title=title,
        start=start3,
        end=_add_months(start3, 3) - datetime.timedelta(days=1),
        texts=FAGERSTA_TEXTS,
        problems=problems,
        indicators=indicators,
        status=PromiseStatus.ACTIVE,
        previous=second,
        justification=(
            "Den gemensamma lägesbilden visar att skadegörelsen har minskat men att "
            "otryggheten i gångtunneln består; boende vill att arbetet fortsätter."
        ),
        diarienummer="KS 2026/264",
    )
    c1 = _activity(
        current,
        1,
        m_repair,
        ActivityStatus.ONGOING,
        "Skador lagas inom en vecka, även kvällar och helger.",
    )
    c2 = _activity(current, 2, police[0], ActivityStatus.CHANGED, "Polis i centrum fredagskvällar.")
    fritid = [m for m in municipal if m not in (m_repair,)]
    if fritid:
        _activity(
            current,
            3,
            fritid[-1],
            ActivityStatus.ONGOING,
            "Trygghetsvandring med boende i gångtunneln.",
        )
    _update(
        c1,
        ActivityStatus.ONGOING,
        today - datetime.timedelta(days=6),
        "Sju skador har anmälts och lagats inom en vecka.",
    )
    _update(
        c2,
        ActivityStatus.CHANGED,
        today - datetime.timedelta(days=4),
        "Närvaron flyttas från fredagar till lördagskvällar, då de flesta skadorna nu sker.",
        note="Ändrat efter veckans lägesgenomgång; bemanningen räcker inte fredagar.",
    )


def _ludvika(collaboration: Collaboration, today: datetime.date) -> None:
    measures = _measures(collaboration)
    problems = _problems(collaboration)
    municipal = [m for m in measures if m.responsible_organisation.kind == "kommun"]
    police = [m for m in measures if m.responsible_organisation.kind == "polis"]
    if not problems or not municipal or not police:
        return
    start = _add_months(today, -4)
    promise = _promise(
        collaboration,
        title="Trygg vid resecentrum",
        start=start,
        end=_add_months(start, 12) - datetime.timedelta(days=1),
        texts=LUDVIKA_TEXTS,
        problems=problems,
        indicators=list(Indicator.objects.filter(goal__collaboration=collaboration)[:2]),
        status=PromiseStatus.ACTIVE,
        diarienummer="KS 2026/55",
        interval=60,
    )
    a1 = _activity(
        promise,
        1,
        municipal[0],
        ActivityStatus.ONGOING,
        "Stationsvärdar i vänthallen till sista bussen.",
    )
    a2 = _activity(
        promise,
        2,
        police[0],
        ActivityStatus.ONGOING,
        "Riktade insatser mot försäljningen vid resecentrum.",
    )
    _update(
        a1,
        ActivityStatus.ONGOING,
        today - datetime.timedelta(days=25),
        "Stationsvärdar finns på plats fem kvällar i veckan.",
    )
    _update(
        a2,
        ActivityStatus.ONGOING,
        today - datetime.timedelta(days=30),
        "Polisen har genomfört sex riktade insatser.",
    )


@transaction.atomic
def promises_demo_load() -> None:
    """Create the demo's citizen promises; safe to run again (skipped where promises exist)."""
    today = timezone.localdate()
    for slug, loader in (("fagersta", _fagersta), ("ludvika", _ludvika)):
        collaboration = Collaboration.objects.filter(slug=slug).first()
        if collaboration is None or Promise.objects.filter(collaboration=collaboration).exists():
            continue
        loader(collaboration, today)
