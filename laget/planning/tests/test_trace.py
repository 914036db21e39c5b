"""The traceability pages (laget.planning.trace): the chain from either end, what a user may
not read, isolation, a bounded number of queries, and the demo's complete chain."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laget.core.choices import InformationClass
from laget.organisations.models import Collaboration, Organisation
from laget.planning import plans, services, trace
from laget.planning.choices import (
    EvidenceKind,
    IndicatorSource,
    MeasureKind,
    ProblemOrigin,
    ProblemStatus,
    TrafficLight,
)
from laget.planning.models import Cause, Indicator, Measure, Problem, ProblemEvidence
from laget.reporting.models import Report

pytestmark = pytest.mark.django_db


def _url(kind: str, collaboration: Collaboration, **kwargs: Any) -> str:
    return reverse(
        f"planning:trace_{kind}", kwargs={"collaboration_id": collaboration.pk, **kwargs}
    )


@pytest.fixture
def meeting_problem(fagersta: Collaboration) -> Problem:
    return Problem.objects.get(collaboration=fagersta, origin=ProblemOrigin.MEETING)


@pytest.fixture
def manual_problem(fagersta: Collaboration) -> Problem:
    return Problem.objects.get(
        collaboration=fagersta, origin=ProblemOrigin.MANUAL, status=ProblemStatus.PRIORITISED
    )


def _cell_evidence(problem: Problem) -> ProblemEvidence:
    return problem.evidence.get(kind=EvidenceKind.PICTURE_CELL)


@pytest.mark.parametrize("slug", ["fagersta", "ludvika"])
def test_the_demo_has_two_prioritised_problems_with_analyses_and_a_full_chain(slug, demo):
    collaboration = Collaboration.objects.get(slug=slug)
    prioritised = Problem.objects.filter(
        collaboration=collaboration, status=ProblemStatus.PRIORITISED, cause_analysis__isnull=False
    )
    assert prioritised.count() == 2
    for problem in prioritised:
        assert problem.approvals.count() == 2  # the municipality and the police
        assert problem.cause_analysis.causes.exists()
        assert Indicator.objects.filter(goal__problem=problem, measurements__isnull=False).exists()
        assert problem.measures.filter(in_adopted_plan=True).exists()
    from_meeting = prioritised.get(origin=ProblemOrigin.MEETING)
    assert from_meeting.agenda_item.decision == "cause_analysis"
    assert from_meeting.agenda_item.meeting.picture.is_adopted
    lights = set(
        Measure.objects.filter(plan__collaboration=collaboration, in_adopted_plan=True).values_list(
            "traffic_light", flat=True
        )
    )
    assert {TrafficLight.GREEN, TrafficLight.YELLOW, TrafficLight.RED} <= lights


def test_a_measure_traces_back_to_its_problem_and_evidence_and_on_to_its_light(
    fagersta, fagersta_coordinator, manual_problem, client_for
):
    measure = manual_problem.measures.get(traffic_light=TrafficLight.RED)
    result = trace.trace_for(
        user=fagersta_coordinator,
        collaboration=fagersta,
        kind="measure",
        start=trace.start_object(fagersta_coordinator, fagersta, "measure", measure.pk),
    )
    (chain,) = result.chains
    assert chain.problem.label == manual_problem.title
    reports = [e for e in chain.evidence if e.kind == "report"]
    assert {e.pk for e in reports} == set(
        manual_problem.evidence.filter(kind=EvidenceKind.REPORT).values_list("report_id", flat=True)
    )
    assert [e.available for e in reports] == [True] * 3
    current = [m for m in chain.measures if m.entry.current]
    assert [m.entry.pk for m in current] == [measure.pk]
    assert current[0].entry.light == TrafficLight.RED
    assert {g.entry.pk for g in chain.goals} == set(
        manual_problem.goals.values_list("pk", flat=True)
    )

    html = client_for(fagersta_coordinator).get(_url("measure", fagersta, measure_id=measure.pk))
    text = html.content.decode()
    assert html.status_code == 200
    assert manual_problem.title in text
    assert (
        reverse(
            "reporting:report_detail",
            kwargs={"collaboration_id": fagersta.pk, "report_id": reports[0].pk},
        )
        in text
    )
    assert text.count('aria-current="true"') == 1


@pytest.mark.parametrize("kind", ["problem", "cause", "goal", "indicator"])
def test_every_kind_of_start_shows_the_chain_up_and_down(
    kind, fagersta, fagersta_coordinator, meeting_problem, client_for
):
    start = {
        "problem": meeting_problem,
        "cause": Cause.objects.filter(analysis__problem=meeting_problem).order_by("pk").last(),
        "goal": meeting_problem.goals.first(),
        "indicator": Indicator.objects.filter(goal__problem=meeting_problem).first(),
    }[kind]
    response = client_for(fagersta_coordinator).get(
        _url(kind, fagersta, **{f"{kind}_id": start.pk})
    )
    assert response.status_code == 200
    chain = response.context["trace"].chains[0]
    # upstream: the meeting decision and the lägesbild cell it came from
    assert [e.kind for e in chain.origin] == ["meeting"]
    assert chain.origin[0].pk == meeting_problem.agenda_item_id
    cell = _cell_evidence(meeting_problem)
    assert any(e.kind == "cell" and e.pk == cell.picture_id for e in chain.evidence)
    # downstream: causes, goals, the indicator with its latest measurement, the measure
    assert chain.causes and chain.goals and chain.measures
    indicator = chain.goals[0].indicators[0]
    assert "75" in indicator.detail  # the latest of the demo's measurements
    currents = [
        e
        for e in [chain.problem]
        + [g.entry for g in chain.goals]
        + [i for g in chain.goals for i in g.indicators]
        + [m.entry for m in chain.measures]
        + [n.entry for root in chain.causes for n in [root, *root.children]]
        if e.current
    ]
    assert [(e.kind, e.pk) for e in currents] == [(kind, start.pk)]


def test_a_lagesbild_cell_leads_forward_to_its_problem_and_measures(
    fagersta, fagersta_coordinator, meeting_problem, client_for
):
    cell = _cell_evidence(meeting_problem)
    url = trace.cell_trace_url(fagersta.pk, cell.picture_id, cell.category_id, cell.area_id)
    response = client_for(fagersta_coordinator).get(url)
    assert response.status_code == 200
    chains = response.context["trace"].chains
    assert [c.problem.pk for c in chains] == [meeting_problem.pk]
    text = response.content.decode()
    assert meeting_problem.title in text
    for measure in meeting_problem.measures.all():
        assert measure.title in text
    # and the lägesbild's include lists the cell with that very link
    cells = trace.picture_cells(user=fagersta_coordinator, picture=cell.picture)
    assert [c.url for c in cells] == [url]


def test_an_unreadable_problem_of_the_chain_is_shown_without_its_title(
    fagersta, fagersta_coordinator, fagersta_police, meeting_problem, client_for
):
    cell = _cell_evidence(meeting_problem)
    police = Organisation.objects.get(collaborations=fagersta, kind="polis")
    secret = services.problem_create(
        user=fagersta_police,
        collaboration=fagersta,
        owner_organisation=police,
        title="Hemlig spaningsinriktning vid Centrum",
        info_class=InformationClass.RESTRICTED,
    )
    ProblemEvidence.objects.create(
        problem=secret,
        kind=EvidenceKind.PICTURE_CELL,
        picture=cell.picture,
        category=cell.category,
        area=cell.area,
    )
    url = trace.cell_trace_url(fagersta.pk, cell.picture_id, cell.category_id, cell.area_id)
    response = client_for(fagersta_coordinator).get(url)
    assert response.status_code == 200
    assert response.context["trace"].hidden_problems == 1
    text = response.content.decode()
    assert "Hemlig spaningsinriktning" not in text
    assert meeting_problem.title in text
    # the police, who own it, see it
    police_view = client_for(fagersta_police).get(url).content.decode()
    assert "Hemlig spaningsinriktning" in police_view
    # and its own trace page answers 404 to the coordinator, as its page does
    own = client_for(fagersta_coordinator).get(_url("problem", fagersta, problem_id=secret.pk))
    assert own.status_code == 404


def test_an_unreadable_report_of_the_evidence_is_not_available(
    fagersta, fagersta_coordinator, fagersta_police, manual_problem, client_for
):
    report = (
        Report.objects.filter(pk__in=manual_problem.evidence.values("report_id"))
        .order_by("pk")
        .first()
    )
    Report.objects.filter(pk=report.pk).update(
        info_class=InformationClass.RESTRICTED,
        owner_organisation=Organisation.objects.get(collaborations=fagersta, kind="polis"),
    )
    response = client_for(fagersta_coordinator).get(
        _url("problem", fagersta, problem_id=manual_problem.pk)
    )
    entries = {e.pk: e for e in response.context["trace"].chains[0].evidence if e.kind == "report"}
    assert entries[report.pk].available is False
    assert entries[report.pk].label == ""
    link = reverse(
        "reporting:report_detail", kwargs={"collaboration_id": fagersta.pk, "report_id": report.pk}
    )
    assert link not in response.content.decode()


def test_another_municipality_gets_404(fagersta, ludvika_coordinator, manual_problem, client_for):
    client = client_for(ludvika_coordinator)
    measure = manual_problem.measures.first()
    cell = _cell_evidence(Problem.objects.get(collaboration=fagersta, origin=ProblemOrigin.MEETING))
    for url in (
        _url("problem", fagersta, problem_id=manual_problem.pk),
        _url("measure", fagersta, measure_id=measure.pk),
        trace.cell_trace_url(fagersta.pk, cell.picture_id, cell.category_id, cell.area_id),
    ):
        assert client.get(url).status_code == 404


def test_an_object_of_another_collaboration_in_the_url_gets_404(
    fagersta, ludvika_coordinator, manual_problem, client_for
):
    ludvika = Collaboration.objects.get(slug="ludvika")
    response = client_for(ludvika_coordinator).get(
        _url("problem", ludvika, problem_id=manual_problem.pk)
    )
    assert response.status_code == 404


def test_a_category_missing_from_the_picture_gets_404(
    fagersta, fagersta_coordinator, meeting_problem, client_for
):
    cell = _cell_evidence(meeting_problem)
    url = trace.cell_trace_url(fagersta.pk, cell.picture_id, 999999, cell.area_id)
    assert client_for(fagersta_coordinator).get(url).status_code == 404


def _grow(problem: Problem, user: Any) -> None:
    """Add causes, a goal with an indicator and measurements, and measures to the chain."""
    analysis = problem.cause_analysis
    causes = [services.cause_add(user=user, analysis=analysis, text=f"Orsak {i}") for i in range(4)]
    goal = plans.goal_create(
        user=user,
        problem=problem,
        goal_type="operational",
        text="Fler låsta dörrar.",
        causes=causes,
    )
    indicator = plans.indicator_create(
        user=user, goal=goal, name="Låsta dörrar", source=IndicatorSource.MANUAL
    )
    for month in range(1, 5):
        plans.measurement_add(
            user=user,
            indicator=indicator,
            period_start=datetime.date(2020, month, 1),
            period_end=datetime.date(2020, month, 28),
            value=month,
        )
    plan = problem.measures.first().plan
    for i in range(3):
        plans.measure_create(
            user=user,
            plan=plan,
            problem=problem,
            causes=causes[i:],
            title=f"Åtgärd {i}",
            kind=MeasureKind.SITUATIONAL,
            prevention_level="primary",
            responsible_organisation=Organisation.objects.get(name="Fagersta kommun"),
            responsible_person="Samordnaren",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 12, 31),
            operational_goals=[goal],
            reason="Test av kedjan.",
        )


def test_the_number_of_queries_does_not_grow_with_the_chain(
    fagersta, fagersta_coordinator, meeting_problem, client_for
):
    client = client_for(fagersta_coordinator)
    url = _url("problem", fagersta, problem_id=meeting_problem.pk)
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as before:
        first = client.get(url)
    _grow(meeting_problem, fagersta_coordinator)
    with CaptureQueriesContext(connection) as after:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert "Åtgärd 2" in second.content.decode()
    assert len(after) == len(before)
    assert len(before) <= 30


def test_the_lagesbild_include_links_the_traced_cells_for_readers_only(
    rf, fagersta, fagersta_coordinator, ludvika_coordinator, meeting_problem
):
    cell = _cell_evidence(meeting_problem)
    url = trace.cell_trace_url(fagersta.pk, cell.picture_id, cell.category_id, cell.area_id)
    request = rf.get("/")
    request.user = fagersta_coordinator
    html = render_to_string("planning/_trace_link.html", {"picture": cell.picture}, request=request)
    assert f'href="{url}"' in html
    request.user = ludvika_coordinator
    html = render_to_string("planning/_trace_link.html", {"picture": cell.picture}, request=request)
    assert url not in html and "<section" not in html
