"""Invented problems for Fagersta: two prioritised with their cause analyses, one proposed.

The second prioritised problem comes from the demo lägesbild: a recent week is compiled and
adopted by the municipality and the police, EST-gruppen meets on it and decides "orsaksanalys
behövs" for one of its items, and that decision becomes the problem. Together with goals,
indicators with measurements and the adopted åtgärdsplan the whole chain is there to trace.

They show the path of Brå's handbook from the lägesbild to the cause analysis: the scores of the
prioritisation matrix, the joint approval of the municipality and the police, the problem
triangle, a cause tree asking "varför?", an event chain and hypotheses. Every person is one of
the demo's invented users; running ``laget demo`` again changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from laget.accounts.models import User
from laget.analysis.compile import last_complete_period
from laget.organisations.choices import GroupKind
from laget.organisations.models import Collaboration, Group, Organisation
from laget.planning import plans, services
from laget.planning.choices import (
    Criterion,
    EvidenceKind,
    Frequency,
    GoalType,
    IndicatorSource,
    MeasureKind,
    MeasureMode,
    MeasureStatus,
    Party,
    Perspective,
    PreventionLevel,
    ProblemOrigin,
    TrafficLight,
)
from laget.planning.models import ActionPlan, Cause, Goal, Problem
from laget.reporting.models import Category, Report
from laget.situation import meetings, parties
from laget.situation.choices import ActionStatus, MeetingDecision
from laget.situation.models import ActionItem, AgendaItem
from laget.situation.services import situation_compile

#: The problem from EST-gruppen's meeting decision starts with this (the rest names the
#: lägesbild cell the group picked, which depends on the week's figures).
MEETING_PROBLEM_PREFIX = "Återkommande skadegörelse"
#: Categories the meeting prefers for its "orsaksanalys behövs" decision, in order.
MEETING_CATEGORIES = ("glaskross", "klotter", "brand", "belysning")

#: Scores (0–3) and motivations of the prioritised problem, criterion by criterion.
SCORES = {
    Criterion.EXTENSIVE: (2, "Flest lägesrapporter om skadegörelse i Brandbergen under hösten."),
    Criterion.INCREASED: (3, "Nära dubbelt så många rapporter som samma period i fjol."),
    Criterion.HIGH_COMPARED: (2, "Högre än i Västanfors och Centrum räknat per boende."),
    Criterion.COSTLY: (2, "Bostadsbolaget saneringskostnader har ökat kraftigt."),
    Criterion.VISIBLE: (3, "Klotter och krossade rutor syns för alla som passerar."),
    Criterion.INSECURITY: (2, "Boende har lyft otrygghet kvällstid vid medborgardialogen."),
    Criterion.INFLUENCE: (3, "Belysning, fastighetsskötsel och fritidsgården går att påverka."),
    Criterion.RESOURCES: (2, "Bovärdar och fältassistenter finns på plats."),
}
PROPOSED_SCORES = {c: (1, "") for c in Criterion.values}


@transaction.atomic
def demo_planning_load() -> None:
    """Create Fagersta's demo problems, then its goals and åtgärdsplan (each only once)."""
    collaboration = Collaboration.objects.filter(slug="fagersta").first()
    if collaboration is None:
        return
    if not Problem.objects.filter(collaboration=collaboration).exists():
        _problems(collaboration)
    if not Problem.objects.filter(
        collaboration=collaboration, origin=ProblemOrigin.MEETING
    ).exists():
        _meeting_problem(collaboration)
    if not ActionPlan.objects.filter(collaboration=collaboration).exists():
        _goals_and_plan(collaboration)
    meeting_problem = Problem.objects.filter(
        collaboration=collaboration, origin=ProblemOrigin.MEETING
    ).first()
    if meeting_problem is not None and not Goal.objects.filter(problem=meeting_problem).exists():
        # An older demo database: the plan is adopted already, so the measure is added to it.
        _meeting_problem_goals(collaboration, meeting_problem, adopted=True)


def _problems(collaboration: Collaboration) -> None:
    """Two problems: one prioritised with its cause analysis, one proposed."""
    coordinator = User.objects.get(username="samordnare.fagersta")
    police = User.objects.get(username="polis.fagersta")
    municipality = Organisation.objects.get(name="Fagersta kommun")
    categories = Category.objects.filter(template__collaboration=collaboration)
    brandbergen = collaboration.areas.get(name="Brandbergen")
    centrum = collaboration.areas.get(name="Centrum")

    problem = services.problem_create(
        user=coordinator,
        collaboration=collaboration,
        owner_organisation=municipality,
        title="Varför ökar skadegörelsen kring Brandbergens centrum kvällstid?",
        description="Klotter och krossade rutor vid centrumhuset och gångtunneln, "
        "främst fredag och lördag kväll.",
        category=categories.filter(key="klotter").first(),
        areas=[brandbergen],
        time_pattern="Fredag–lördag, kl. 20–02",
        affected_group="Boende och butiker i centrumhuset",
    )
    for report in Report.objects.filter(
        collaboration=collaboration, area=brandbergen, category__key="klotter"
    ).order_by("-occurred_at")[:3]:
        services.evidence_add(
            user=coordinator, problem=problem, kind=EvidenceKind.REPORT, report=report
        )
    services.evidence_add(
        user=coordinator,
        problem=problem,
        kind=EvidenceKind.STATISTICS,
        text="Anmäld skadegörelse i Fagersta, Brå:s statistik, jämfört med föregående år.",
    )
    services.priority_assess(user=coordinator, problem=problem, scores=dict(SCORES))
    services.priority_approve(user=coordinator, problem=problem, party=Party.MUNICIPALITY)
    services.priority_approve(
        user=police, problem=problem, party=Party.POLICE, comment="Prioriteras i polisens plan."
    )
    problem.refresh_from_db()
    analysis = services.cause_analysis_create(
        user=coordinator,
        problem=problem,
        decided_by="Styrgrupp Tryggare Fagersta",
        decided_on=timezone.localdate() - datetime.timedelta(days=14),
        performed_by="Maria Ekholm (kommunen), Anders Falk (kommunpolis), bovärdarna",
        place="Gångtunneln och baksidan av centrumhuset: mörkt, utan insyn.",
        victim="Centrumhuset, busskuren och butikernas skyltfönster.",
        offender="En grupp unga som samlas kvällstid när fritidsgården har stängt.",
        place_managers="Fagersta bostadsbolag (demo), butiksägarna",
        guardians="Bovärdar, nattvandrare",
        handlers="Föräldrar, fältassistenter",
    )
    light = services.cause_add(
        user=coordinator,
        analysis=analysis,
        text="Gångtunneln är mörk",
        perspective=Perspective.PLACE,
    )
    broken = services.cause_add(
        user=coordinator, analysis=analysis, parent=light, text="Armaturerna är trasiga"
    )
    services.cause_add(
        user=coordinator,
        analysis=analysis,
        parent=broken,
        text="Ingen har ansvar för att felanmäla belysningen i tunneln",
    )
    gathering = services.cause_add(
        user=police,
        analysis=analysis,
        text="Unga samlas utan vuxna fredagskvällar",
        perspective=Perspective.OFFENDER,
    )
    services.cause_add(
        user=police,
        analysis=analysis,
        parent=gathering,
        text="Fritidsgården stänger kl. 21 på fredagar",
    )
    for text, preventable in (
        ("Fritidsgården stänger och gruppen går till centrum", True),
        ("Gruppen samlas i den mörka gångtunneln", True),
        ("Klotter och krossade rutor under natten", False),
    ):
        services.event_step_add(
            user=coordinator, analysis=analysis, text=text, preventable=preventable
        )
    services.hypothesis_add(
        user=coordinator,
        analysis=analysis,
        cause=broken,
        problem_text=problem.title,
        hypothesis="Skadegörelsen sker där belysningen är trasig",
        test="Jämför rapporternas platser med bovärdarnas karta över trasig belysning",
    )
    services.hypothesis_add(
        user=police,
        analysis=analysis,
        cause=gathering,
        problem_text=problem.title,
        hypothesis="Skadegörelsen ökar de kvällar fritidsgården är stängd",
        test="Jämför rapporternas tider med fritidsgårdens öppettider",
    )

    proposed = services.problem_create(
        user=coordinator,
        collaboration=collaboration,
        owner_organisation=municipality,
        title="Otrygghet vid busstationen i centrum sena kvällar",
        description="Samlingar av personer vid busstationen; resenärer undviker platsen.",
        category=categories.filter(key="samling").first(),
        areas=[centrum],
        time_pattern="Torsdag–lördag efter kl. 22",
        affected_group="Resenärer, särskilt äldre",
    )
    services.priority_assess(user=coordinator, problem=proposed, scores=dict(PROPOSED_SCORES))


def _goals_and_plan(collaboration: Collaboration) -> None:
    """Goals with indicators and an adopted åtgärdsplan for the prioritised problem.

    One operational goal deliberately lacks a time (T), so the SMART check shows something; the
    plan has measures in all three traffic-light states, steps, a change with its reason and
    one measure added after the adoption ("utanför antagen plan").
    """
    problem = (
        Problem.objects.filter(collaboration=collaboration, cause_analysis__isnull=False)
        .exclude(origin=ProblemOrigin.MEETING)
        .order_by("pk")
        .first()
    )
    if problem is None:
        return
    coordinator = User.objects.get(username="samordnare.fagersta")
    steering = User.objects.get(username="styrgrupp.fagersta")
    municipality = Organisation.objects.get(name="Fagersta kommun")
    police = collaboration.parties.filter(kind="polis").first() or municipality
    today = timezone.localdate()
    year = today.year
    causes = {c.number: c for c in Cause.objects.filter(analysis__problem=problem)}

    effect = plans.goal_create(
        user=coordinator,
        problem=problem,
        goal_type=GoalType.EFFECT,
        text=f"Minska antalet rapporterade klotter och skadegörelser i Brandbergens centrum. "
        f"De uppgick under år {year - 1} till 40 stycken och ska under år {year} minska med "
        f"minst 10 stycken.",
        indicator="rapporterade klotter och skadegörelser",
        place="Brandbergens centrum",
        baseline=40,
        baseline_period=str(year - 1),
        target=30,
        deadline=datetime.date(year, 12, 31),
        causes=list(causes.values()),
    )
    light_goal = plans.goal_create(
        user=coordinator,
        problem=problem,
        goal_type=GoalType.OPERATIONAL,
        parent=effect,
        text=f"Öka andelen fungerande armaturer i gångtunneln i Brandbergen från 40 % till "
        f"100 % senast {year}-06-30.",
        indicator="andel fungerande armaturer",
        place="gångtunneln i Brandbergen",
        baseline=40,
        target=100,
        deadline=datetime.date(year, 6, 30),
        causes=[causes["1"], causes["1.1"]],
    )
    evening_goal = plans.goal_create(
        user=coordinator,
        problem=problem,
        goal_type=GoalType.OPERATIONAL,
        parent=effect,
        # No time on purpose: the SMART check shows that T is missing.
        text="Öka antalet fredagskvällar med öppen fritidsgård i Brandbergen från 10 till 30.",
        indicator="fredagskvällar med öppen fritidsgård",
        place="fritidsgården i Brandbergen",
        baseline=10,
        target=30,
        causes=[causes["2"], causes["2.1"]],
    )
    counted = plans.indicator_create(
        user=coordinator,
        goal=effect,
        name="Rapporterat klotter i Centrum",
        definition="Summan av lägesrapporternas antal för klotter i Centrum per månad, "
        "dubbletter borträknade.",
        unit="antal",
        source=IndicatorSource.SITUATION_COUNT,
        category=Category.objects.filter(
            template__collaboration=collaboration, key="klotter"
        ).first(),
        area=collaboration.areas.get(name="Centrum"),
        baseline_value=4,
        baseline_period=str(year - 1),
        target_value=2,
        target_date=datetime.date(year, 12, 31),
        frequency=Frequency.MONTH,
    )
    plans.indicator_refresh(indicator=counted)
    lamps = plans.indicator_create(
        user=coordinator,
        goal=light_goal,
        name="Fungerande armaturer i gångtunneln",
        definition="Andel av tunnelns armaturer som lyser vid bovärdarnas kontroll.",
        unit="%",
        source=IndicatorSource.MANUAL,
        baseline_value=40,
        baseline_period=str(year - 1),
        target_value=100,
        target_date=datetime.date(year, 6, 30),
        frequency=Frequency.QUARTER,
    )
    for quarter, value in ((1, 60), (2, 90)):
        start = datetime.date(year - 1, 3 * quarter - 2, 1)
        end = datetime.date(year - 1, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
        plans.measurement_add(
            user=coordinator,
            indicator=lamps,
            period_start=start,
            period_end=end,
            value=value,
            source_note="Bovärdarnas kontroll",
        )

    plan = plans.action_plan_create(
        user=coordinator,
        collaboration=collaboration,
        year=year,
        title="Tryggare Brandbergen",
    )
    common = {"user": coordinator, "plan": plan, "problem": problem}
    lighting = plans.measure_create(
        **common,
        causes=[causes["1.1"], causes["1.1.1"]],
        title="Byt armaturer och inför felanmälan av belysningen i gångtunneln",
        description="Fastighetsägaren byter armaturerna; bovärdarna felanmäler varje vecka.",
        kind=MeasureKind.SITUATIONAL,
        prevention_level=PreventionLevel.SECONDARY,
        responsible_organisation=municipality,
        responsible_person="Maria Ekholm, samordnare, 0223-123 45",
        start=datetime.date(year, 1, 15),
        end=datetime.date(year, 6, 30),
        hours=40,
        cost_sek=85000,
        operational_goals=[light_goal],
        follow_up_on=datetime.date(year, 9, 1),
        steps=["Inventera armaturerna", "Byt trasiga armaturer", "Rutin för felanmälan"],
    )
    youth = plans.measure_create(
        **common,
        causes=[causes["2.1"]],
        title="Öppen fritidsgård fredagar till kl. 23",
        kind=MeasureKind.SOCIAL,
        prevention_level=PreventionLevel.PRIMARY,
        responsible_organisation=municipality,
        responsible_person="Fritidsgårdens föreståndare",
        start=datetime.date(year, 2, 1),
        end=datetime.date(year, 12, 31),
        hours=300,
        operational_goals=[evening_goal],
        steps=["Bemanning fredagar", "Informera i skolorna"],
    )
    patrol = plans.measure_create(
        **common,
        causes=[causes["2"]],
        title="Polisiär närvaro i centrum fredagskvällar",
        kind=MeasureKind.SITUATIONAL,
        prevention_level=PreventionLevel.SECONDARY,
        responsible_organisation=police,
        responsible_person="Anders Falk, kommunpolis",
        start=datetime.date(year, 3, 1),
        end=datetime.date(year, 5, 31),
        mode=MeasureMode.ONE_OFF,
    )
    meeting_problem = Problem.objects.filter(
        collaboration=collaboration, origin=ProblemOrigin.MEETING
    ).first()
    if meeting_problem is not None:
        _meeting_problem_goals(collaboration, meeting_problem, plan=plan)
    plans.action_plan_adopt(
        user=steering,
        plan=plan,
        decided_on=min(datetime.date(year, 2, 17), today),  # after the beslut om samverkan
        text="Styrgruppen antar åtgärdsplanen Tryggare Brandbergen.",
    )
    plans.measure_update(
        user=coordinator,
        measure=lighting,
        end=datetime.date(year, 8, 31),
        reason="Leveransen av armaturerna är försenad till sommaren.",
    )
    plans.measure_update(
        user=coordinator,
        measure=lighting,
        status=MeasureStatus.DONE,
        traffic_light=TrafficLight.GREEN,
    )
    plans.measure_update(
        user=coordinator,
        measure=youth,
        status=MeasureStatus.ONGOING,
        traffic_light=TrafficLight.YELLOW,
    )
    plans.measure_update(
        user=coordinator,
        measure=patrol,
        status=MeasureStatus.DONE,
        traffic_light=TrafficLight.RED,
    )
    plans.measure_create(
        **common,
        causes=[causes["1"]],
        title="Trygghetsvandring i gångtunneln med boende",
        kind=MeasureKind.SOCIAL,
        prevention_level=PreventionLevel.PRIMARY,
        responsible_organisation=municipality,
        responsible_person="Maria Ekholm, samordnare",
        start=datetime.date(year, 4, 1),
        end=datetime.date(year, 4, 30),
        mode=MeasureMode.ONE_OFF,
        reason="Boende bad om en trygghetsvandring vid medborgardialogen.",
    )


def _meeting_item(meeting: Any) -> AgendaItem | None:
    """The agenda item the group decides needs a cause analysis: a cell with an area, of the
    preferred categories, outside Brandbergen's klotter (the first problem is about that)."""
    items = (
        AgendaItem.objects.filter(meeting=meeting, category__isnull=False, area__isnull=False)
        .exclude(category__key="klotter", area__name="Brandbergen")
        .select_related("category", "area")
        .order_by("position")
    )
    for key in MEETING_CATEGORIES:
        found = items.filter(category__key=key).first()
        if found is not None:
            return found
    return items.first()


def _meeting_problem(collaboration: Collaboration) -> None:
    """Adopt a recent week's lägesbild, meet on it and turn one item into a prioritised problem.

    The week before the last complete one is used, so the last complete week stays free for
    whoever compiles it next. The meeting's action item is marked done once the problem exists,
    so it does not come back on the next agenda.
    """
    group = Group.objects.filter(collaboration=collaboration, kind=GroupKind.SITUATION).first()
    if group is None:
        return
    coordinator = User.objects.get(username="samordnare.fagersta")
    police = User.objects.get(username="polis.fagersta")
    municipality = Organisation.objects.get(name="Fagersta kommun")
    today = timezone.localdate()
    period = last_complete_period(today - datetime.timedelta(days=7))
    picture = situation_compile(user=coordinator, group=group, period=period)
    parties.situation_approve(user=coordinator, picture=picture)
    parties.situation_approve(user=police, picture=picture)
    picture.refresh_from_db()
    meeting = meetings.meeting_create(
        user=coordinator, picture=picture, held_on=period.end + datetime.timedelta(days=2)
    )
    item = _meeting_item(meeting)
    if item is None:
        return
    meetings.agenda_item_decide(
        user=coordinator,
        item=item,
        decision=MeetingDecision.CAUSE_ANALYSIS,
        responsible=coordinator,
        due_date=today + datetime.timedelta(days=21),
        notes="Kommunen och polisen gör en orsaksanalys tillsammans med bovärdarna.",
    )
    item.refresh_from_db()
    what = item.category.name.lower()
    problem = services.problem_create_from_agenda_item(
        user=coordinator,
        item=item,
        owner_organisation=municipality,
        title=f"{MEETING_PROBLEM_PREFIX}: {what} i {item.area.name}",
        description=f"Lägesbilden för vecka {period.start.isocalendar().week} visar "
        f"{what} i {item.area.name} vecka efter vecka; EST-gruppen beslutade att en "
        "orsaksanalys behövs.",
    )
    for report in Report.objects.filter(
        collaboration=collaboration, area=item.area, category=item.category
    ).order_by("-occurred_at")[:2]:
        services.evidence_add(
            user=coordinator, problem=problem, kind=EvidenceKind.REPORT, report=report
        )
    for action in ActionItem.objects.filter(agenda_item=item):
        meetings.action_item_set_status(user=coordinator, action=action, status=ActionStatus.DONE)
    scores = {c: (2, "Bedömt vid EST-gruppens möte.") for c in Criterion.values}
    scores[Criterion.VISIBLE] = (3, "Skadorna syns för alla som passerar.")
    services.priority_assess(user=coordinator, problem=problem, scores=scores)
    services.priority_approve(user=coordinator, problem=problem, party=Party.MUNICIPALITY)
    services.priority_approve(user=police, problem=problem, party=Party.POLICE)
    problem.refresh_from_db()
    analysis = services.cause_analysis_create(
        user=coordinator,
        problem=problem,
        decided_by="EST-gruppen",
        decided_on=meeting.held_on,
        performed_by="Samordnaren, kommunpolisen och bovärdarna",
        place="Entréer och cykelrum utan insyn, där skador står kvar länge.",
        victim="Fastighetsägarnas entréer, cykelrum och gemensamma lokaler.",
        offender="Unga som rör sig i området sena kvällar.",
        place_managers="Fastighetsägarna, bostadsbolaget (demo)",
        guardians="Bovärdar, nattvandrare",
        handlers="Föräldrar, fältassistenter",
    )
    slow = services.cause_add(
        user=coordinator,
        analysis=analysis,
        text="Skadorna lagas inte förrän efter flera veckor",
        perspective=Perspective.PLACE,
    )
    services.cause_add(
        user=coordinator,
        analysis=analysis,
        parent=slow,
        text="Ingen rutin för att felanmäla skador kvällar och helger",
    )
    services.cause_add(
        user=police,
        analysis=analysis,
        text="Unga saknar en plats att vara på sena kvällar",
        perspective=Perspective.OFFENDER,
    )
    services.event_step_add(
        user=coordinator,
        analysis=analysis,
        text="En skada står kvar och fler skador följer på samma plats",
        preventable=True,
    )
    services.hypothesis_add(
        user=coordinator,
        analysis=analysis,
        cause=slow,
        problem_text=problem.title,
        hypothesis="Nya skador uppstår där gamla skador står kvar",
        test="Jämför rapporternas platser med fastighetsägarnas lista över olagade skador",
    )


def _meeting_problem_goals(
    collaboration: Collaboration,
    problem: Problem,
    *,
    plan: ActionPlan | None = None,
    adopted: bool = False,
) -> None:
    """A goal with a measured indicator and a measure in the plan for the meeting's problem."""
    coordinator = User.objects.get(username="samordnare.fagersta")
    municipality = Organisation.objects.get(name="Fagersta kommun")
    causes = {c.number: c for c in Cause.objects.filter(analysis__problem=problem)}
    if not causes:
        return
    year = timezone.localdate().year
    area = problem.areas.first()
    place = area.name if area is not None else "området"
    goal = plans.goal_create(
        user=coordinator,
        problem=problem,
        goal_type=GoalType.OPERATIONAL,
        text=f"Öka andelen skador i {place} som lagas inom en vecka från 50 % till 100 % "
        f"senast {year}-10-31.",
        indicator="andel skador lagade inom en vecka",
        place=place,
        baseline=50,
        target=100,
        deadline=datetime.date(year, 10, 31),
        causes=[causes["1"], causes["1.1"]],
    )
    repaired = plans.indicator_create(
        user=coordinator,
        goal=goal,
        name=f"Skador i {place} lagade inom en vecka",
        definition="Andel av de felanmälda skadorna som är lagade inom sju dagar.",
        unit="%",
        source=IndicatorSource.MANUAL,
        baseline_value=50,
        baseline_period=str(year - 1),
        target_value=100,
        target_date=datetime.date(year, 10, 31),
        frequency=Frequency.QUARTER,
    )
    for quarter, value in ((3, 60), (4, 75)):
        start = datetime.date(year - 1, 3 * quarter - 2, 1)
        end = datetime.date(year - 1 + (quarter == 4), (3 * quarter) % 12 + 1, 1)
        plans.measurement_add(
            user=coordinator,
            indicator=repaired,
            period_start=start,
            period_end=end - datetime.timedelta(days=1),
            value=value,
            source_note="Fastighetsägarnas felanmälningar",
        )
    plan = plan or ActionPlan.objects.filter(collaboration=collaboration).first()
    if plan is None:
        return
    measure = plans.measure_create(
        user=coordinator,
        plan=plan,
        problem=problem,
        causes=[causes["1.1"]],
        title=f"Felanmälan kvällar och helger och lagning inom en vecka i {place}",
        kind=MeasureKind.SITUATIONAL,
        prevention_level=PreventionLevel.SECONDARY,
        responsible_organisation=municipality,
        responsible_person="Bostadsbolagets förvaltare (demo)",
        description="Bovärdarna felanmäler skador samma kväll; fastighetsägarna lagar dem "
        "inom en vecka.",
        start=datetime.date(year, 3, 1),
        end=datetime.date(year, 10, 31),
        operational_goals=[goal],
        steps=["Rutin för felanmälan kvällstid", "Uppföljning av lagningstiden varje månad"],
        reason="Tillkom efter EST-gruppens orsaksanalys." if adopted else "",
    )
    plans.measure_update(
        user=coordinator,
        measure=measure,
        status=MeasureStatus.ONGOING,
        traffic_light=TrafficLight.YELLOW,
        reason="Arbetet har börjat." if adopted else "",
    )
