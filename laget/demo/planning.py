"""Two invented problems for Fagersta: one prioritised with its cause analysis, one proposed.

They show the path of Brå's handbook from the lägesbild to the cause analysis: the scores of the
prioritisation matrix, the joint approval of the municipality and the police, the problem
triangle, a cause tree asking "varför?", an event chain and hypotheses. Every person is one of
the demo's invented users; running ``laget demo`` again changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from laget.accounts.models import User
from laget.organisations.models import Collaboration, Organisation
from laget.planning import services
from laget.planning.choices import Criterion, EvidenceKind, Party, Perspective
from laget.planning.models import Problem
from laget.reporting.models import Category, Report

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
    """Create Fagersta's two demo problems unless the collaboration already has problems."""
    collaboration = Collaboration.objects.filter(slug="fagersta").first()
    if collaboration is None or Problem.objects.filter(collaboration=collaboration).exists():
        return
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
