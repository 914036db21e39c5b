"""The demo's regional programmes (called from laget.demo.services.demo_load).

"Dalarna tillsammans mot brott" is invented, modelled on the structure of the Skåne programme
2018–2020: six signatories (Tullverket without a working group, which the flags show), four
development areas with working groups and member turnover, two activity-plan versions, activities
in every status with deviation reasons, and result and process goals (one without an indicator).
Roles only, no personal names. Idempotent: nothing is created when the programme exists.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from laget.programmes import services
from laget.programmes.choices import (
    ActivityKind,
    ActivityMode,
    ActivityStatus,
    Assessment,
    DecisionKind,
    DeviationKind,
    DocumentKind,
    GoalType,
    Judgement,
    ProgrammeStatus,
)
from laget.programmes.models import Programme

NAME = "Dalarna tillsammans mot brott"


def _signatories(user: Any, programme: Programme, today: datetime.date) -> dict[str, Any]:
    from laget.organisations.models import Organisation

    signed = today - datetime.timedelta(days=420)
    rows = [
        ("lst", "Länsstyrelsen Dalarna", "Landshövding (ordförande)", True),
        ("polis", "Polisregion Bergslagen", "Regionpolischef", False),
        ("region", "Region Dalarna", "Regiondirektör", False),
        ("kriminalvarden", "Kriminalvården region Mitt", "Regionchef", False),
        ("tull", "Tullverket", "Avdelningschef, brottsbekämpning", False),
        ("kommuner", "Dalarnas kommunförbund", "Förbundsdirektör", False),
    ]
    lst = Organisation.objects.filter(name="Länsstyrelsen Dalarna").first()
    found = {}
    for key, name, role, in_plan in rows:
        found[key] = services.signatory_add(
            user=user,
            programme=programme,
            organisation=lst if key == "lst" else None,
            organisation_name=name,
            signed_on=signed,
            in_operational_plan=in_plan,
            steering_role=role,
        )
    return found


def _member(
    user: Any, area: Any, signatory: Any, title: str, start: datetime.date, **extra: Any
) -> Any:
    fields = {
        "signatory": signatory,
        "function_title": title,
        "appointed_by": extra.pop("appointed_by", "Styrgruppsrepresentanten"),
        "start_date": start,
        **extra,
    }
    return services.member_add(user=user, area=area, **fields)


@transaction.atomic
def demo_load() -> None:
    """Create (or find) the demo data of this app; idempotent."""
    from laget.accounts.models import User
    from laget.geography.models import County

    county = County.objects.filter(code="20").first()
    user = User.objects.filter(username="regional.dalarna").first()
    if (
        county is None
        or user is None
        or Programme.objects.filter(county=county, name=NAME).exists()
    ):
        return
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    programme = services.programme_create(
        user=user,
        county=county,
        name=NAME,
        short_name="DTMB",
        period_start=start,
        period_end=start + datetime.timedelta(days=3 * 365),
        status=ProgrammeStatus.ACTIVE,
        national_link=(
            "Regionalt handlingsprogram inom ramen för det nationella brottsförebyggande "
            "programmet Tillsammans mot brott."
        ),
        description=(
            "Länets gemensamma brottsförebyggande program. Styrgruppen består av "
            "undertecknande organisationers högsta chefer och möts två gånger per år."
        ),
    )
    services.document_add(
        user=user,
        programme=programme,
        kind=DocumentKind.DECLARATION,
        title="Programförklaring Dalarna tillsammans mot brott",
        adopted_on=start - datetime.timedelta(days=20),
    )
    services.document_add(
        user=user,
        programme=programme,
        kind=DocumentKind.ACTION_PROGRAMME,
        title="Handlingsprogram med fyra utvecklingsområden",
        adopted_on=start,
    )
    s = _signatories(user, programme, today)
    area_rows = [
        (1, "Utvecklad avhopparverksamhet i Dalarna", "Avhopparverksamhet", "polis"),
        (2, "Samverkan för färre återfall i brott", "Återfall", "kriminalvarden"),
        (3, "Stöd till lokalt brottsförebyggande arbete", "Lokalt arbete, EST", "lst"),
        (4, "Utvecklad samverkan mot mäns våld mot kvinnor", "MVK", "region"),
    ]
    areas = {}
    for number, name, aliases, convener in area_rows:
        areas[number] = services.area_create(
            user=user,
            programme=programme,
            number=number,
            name=name,
            aliases=aliases,
            convener=s[convener],
            rationale="Behovsinventering i länet under uppstartsåret; regional lägesbild.",
            national_dependencies=(
                "Beroende av Polismyndighetens nationella uppdrag om avhopparverksamhet."
                if number == 1
                else ""
            ),
        )
    # Working groups, with turnover.
    d = datetime.timedelta
    _member(
        user,
        areas[1],
        s["polis"],
        "Kommunpolis",
        start,
        anchored_with_manager=True,
        hours_per_week=4,
    )
    _member(
        user,
        areas[1],
        s["lst"],
        "Brottsförebyggande samordnare",
        start,
        hours_unregulated=True,
        controls_own_time=True,
    )
    _member(user, areas[1], s["kriminalvarden"], "Frivårdsinspektör", start, hours_unregulated=True)
    _member(
        user,
        areas[2],
        s["kriminalvarden"],
        "Utvecklingsledare",
        start,
        anchored_with_manager=True,
        hours_per_week=6,
    )
    _member(user, areas[2], s["region"], "Strateg, psykiatri", start, hours_unregulated=True)
    leaving = _member(
        user,
        areas[2],
        s["polis"],
        "Områdespolis",
        start,
        representation_scope="Eget lokalpolisområde",
    )
    services.member_end(
        user=user, member=leaving, end_date=today - d(days=150), end_reason="Ny tjänst"
    )
    _member(
        user,
        areas[2],
        s["polis"],
        "Områdespolis",
        today - d(days=120),
        representation_scope="Hela polisområdet",
    )
    _member(
        user,
        areas[3],
        s["lst"],
        "Brottsförebyggande samordnare",
        start,
        anchored_with_manager=True,
        hours_per_week=8,
        controls_own_time=True,
    )
    _member(user, areas[3], s["kommuner"], "Utvecklingsstrateg", start, hours_unregulated=True)
    _member(user, areas[3], s["polis"], "Kommunpolis", start)
    gone = _member(user, areas[4], s["kommuner"], "Konsult på uppdrag av förbundet", start)
    services.member_end(
        user=user, member=gone, end_date=today - d(days=200), end_reason="Förbundet omprioriterade"
    )
    _member(
        user,
        areas[4],
        s["region"],
        "Processledare våld i nära relationer",
        start,
        anchored_with_manager=True,
        hours_per_week=4,
    )
    _member(user, areas[4], s["lst"], "Handläggare, jämställdhet", start, hours_unregulated=True)
    services.meeting_add(
        user=user,
        area=areas[1],
        held_on=today - d(days=40),
        minutes="Genomgång av aktivitetsplanen inför styrgruppen.",
    )

    # Activity plans: version 1 eight months ago; version 2 two months ago (area 4 not renewed).
    plans = {}
    for number, area in areas.items():
        plans[number] = services.plan_create(
            user=user, area=area, period_start=today - d(days=240), period_end=today - d(days=60)
        )
    activities = {
        1: [
            (
                "Regional konferens om avhopparverksamhet",
                ActivityKind.CONFERENCE,
                -200,
                ActivityStatus.DONE,
            ),
            (
                "Handledning för kommunernas kontaktpersoner",
                ActivityKind.SUPERVISION,
                -90,
                ActivityStatus.POSTPONED,
            ),
            (
                "Nätverksträff avhopparverksamhet",
                ActivityKind.NETWORK_MEETING,
                30,
                ActivityStatus.PLANNED,
            ),
        ],
        2: [
            ("Pilotseminarium kortare straff", ActivityKind.SEMINAR, -150, ActivityStatus.DONE),
            ("Studiebesök på anstalt", ActivityKind.STUDY_VISIT, -100, ActivityStatus.CANCELLED),
            ("Andra pilotseminariet", ActivityKind.SEMINAR, 20, ActivityStatus.PLANNED),
        ],
        3: [
            (
                "Utbildning i EST för fem kommuner",
                ActivityKind.TRAINING,
                -180,
                ActivityStatus.IN_PROGRESS,
            ),
            (
                "Webbsänd föreläsning om lägesbilder",
                ActivityKind.WEBCAST,
                -120,
                ActivityStatus.REPLACED,
            ),
        ],
        4: [
            (
                "Utbildningsdag våld i nära relationer",
                ActivityKind.TRAINING,
                -170,
                ActivityStatus.DONE,
            ),
            (
                "Kampanj mot hedersrelaterat våld",
                ActivityKind.CAMPAIGN,
                -80,
                ActivityStatus.PLANNED,
            ),
        ],
    }
    made: dict[str, Any] = {}
    for number, rows in activities.items():
        for title, kind, offset, _status in rows:
            made[title] = services.activity_add(
                user=user,
                plan=plans[number],
                title=title,
                kind=kind,
                planned_date=today + d(days=offset),
                mode=ActivityMode.PHYSICAL
                if kind != ActivityKind.WEBCAST
                else ActivityMode.WEBCAST,
                target_group="Kommunernas brottsförebyggande samordnare",
                senders="Hela arbetsgruppen",
            )
    for rows in activities.values():
        for title, _kind, offset, status in rows:
            activity = made[title]
            if status == ActivityStatus.DONE:
                services.activity_update(
                    user=user,
                    activity=activity,
                    status=status,
                    actual_date=activity.planned_date,
                    participants=40 + offset % 7,
                )
            elif status == ActivityStatus.IN_PROGRESS:
                services.activity_update(
                    user=user, activity=activity, status=status, actual_date=activity.planned_date
                )
            elif status == ActivityStatus.POSTPONED:
                services.activity_update(
                    user=user,
                    activity=activity,
                    status=status,
                    new_date=today + d(days=45),
                    deviation_kind=DeviationKind.PANDEMIC,
                    deviation_text="Fysiska träffar ställdes in under smittspridningen.",
                )
            elif status == ActivityStatus.CANCELLED:
                services.activity_update(
                    user=user,
                    activity=activity,
                    status=status,
                    deviation_kind=DeviationKind.PARTNER_REPRIORITISATION,
                    deviation_text="Anstalten prioriterade sin interna verksamhet.",
                )
            elif status == ActivityStatus.REPLACED:
                services.activity_update(
                    user=user,
                    activity=activity,
                    status=status,
                    deviation_kind=DeviationKind.STAFF_TURNOVER,
                    deviation_text="Föreläsaren slutade; ersattes av en inspelad föreläsning.",
                )
    for plan in plans.values():
        services.plan_submit(user=user, plan=plan)
        services.plan_quality_assure(user=user, plan=plan)
        services.plan_present(user=user, plan=plan, presented_on=today - d(days=200))
    for number in (1, 2, 3):
        renewed = services.plan_create(
            user=user,
            area=areas[number],
            period_start=today - d(days=55),
            period_end=today + d(days=125),
        )
        if number == 3:
            services.activity_add(
                user=user,
                plan=renewed,
                title="Erfarenhetsutbyte mellan EST-kommunerna",
                kind=ActivityKind.NETWORK_MEETING,
                planned_date=today + d(days=60),
                mode=ActivityMode.HYBRID,
            )
        services.plan_submit(user=user, plan=renewed)
        if number in (1, 3):
            services.plan_quality_assure(user=user, plan=renewed)

    # Expected results.
    results = [
        (
            1,
            GoalType.RESULT,
            "En samverkansstruktur för avhopparverksamhet finns i länets kommuner senast 2027.",
            "",
            "Antal kommuner med skriftlig rutin",
            "0 kommuner 2025",
            "15 kommuner",
            "",
            "",
        ),
        (
            1,
            GoalType.PROCESS,
            "Genomföra två regionala konferenser om avhopparverksamhet.",
            "Konferens: heldag med minst tio kommuner.",
            "Antal genomförda konferenser",
            "0",
            "2",
            Assessment.PARTLY_MET,
            "En av två konferenser genomförd.",
        ),
        (
            2,
            GoalType.PROCESS,
            "Två pilotseminarier har hållits och utvecklingsförslag har redovisats för styrgruppen.",
            "Utvecklingsförslag: skriftlig promemoria.",
            "",
            "0",
            "2",
            "",
            "",
        ),
        (
            3,
            GoalType.RESULT,
            "EST är etablerat i minst fem kommuner i Dalarna.",
            "EST etablerat: lägesbildsgrupp som möts varje vecka.",
            "Antal kommuner med EST",
            "1 kommun",
            "5 kommuner",
            Assessment.NOT_MET,
            "Två kommuner har startat.",
        ),
        (
            4,
            GoalType.PROCESS,
            "Alla kommuner har erbjudits utbildning och konkret stöd om våld i nära relationer.",
            "Konkret stöd: minst ett verksamhetsbesök.",
            "Andel kommuner som erbjudits utbildning",
            "0 %",
            "100 %",
            Assessment.MET,
            "Samtliga 15 kommuner erbjöds utbildning.",
        ),
    ]
    for (
        number,
        goal_type,
        text,
        definitions,
        indicator,
        baseline,
        target,
        assessment,
        why,
    ) in results:
        services.result_create(
            user=user,
            area=areas[number],
            goal_type=goal_type,
            text=text,
            definitions=definitions,
            indicator=indicator,
            baseline=baseline,
            target=target,
            deadline=programme.period_end,
            unambiguous=Judgement.NO if not definitions else Judgement.YES,
            assessment=assessment,
            justification=why,
        )

    # The steering group's decision log.
    decisions = [
        (
            -200,
            DecisionKind.DECISION,
            "Styrgruppen fastställde aktivitetsplanerna för samtliga utvecklingsområden.",
            None,
        ),
        (
            -200,
            DecisionKind.ADJUSTMENT,
            "Studiebesöket på anstalt ställs in; arbetsgruppen återkommer med ett alternativ.",
            areas[2],
        ),
        (
            -50,
            DecisionKind.DECISION,
            "Länsstyrelsen får i uppdrag att bjuda in Svensk Handel till arbetsgruppen.",
            areas[1],
        ),
    ]
    for days, kind, text, area in decisions:
        services.decision_add(
            user=user,
            programme=programme,
            meeting_date=today + d(days=days),
            kind=kind,
            text=text,
            area=area,
        )

    # A participant beyond the county board reads the programme (read-only).
    if User.objects.filter(username="samordnare.ludvika").exists():
        services.participant_add(
            user=user,
            programme=programme,
            username="samordnare.ludvika",
            role="Kommunernas representant i arbetsgruppen för EST",
        )
