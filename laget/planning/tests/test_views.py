"""Pages of the planning app: who may see and change what, and bad input that stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from laget.accounts.models import User
from laget.organisations.models import Collaboration, Organisation
from laget.planning import services
from laget.planning.choices import Criterion, Party, ProblemStatus
from laget.planning.models import Cause, CauseAnalysis, PriorityApproval, Problem

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}  # the texts below are checked in English


def _url(name: str, problem: Problem | None = None, **kwargs: Any) -> str:
    if problem is not None:
        kwargs = {"collaboration_id": problem.collaboration_id, "problem_id": problem.pk, **kwargs}
    return reverse(f"planning:{name}", kwargs=kwargs)


def test_members_see_the_problem_list_and_the_status_filter_narrows_it(
    client_for: Any, fagersta: Collaboration, fagersta_reporter: User, problem: Problem
) -> None:
    url = _url("problem_list", collaboration_id=fagersta.pk)
    response = client_for(fagersta_reporter).get(url)
    assert response.status_code == 200
    assert problem.title in response.content.decode()
    response = client_for(fagersta_reporter).get(url, {"status": ProblemStatus.PRIORITISED})
    assert problem.title not in response.content.decode()


def test_a_reporter_cannot_create_or_change_problems(
    client_for: Any, fagersta: Collaboration, fagersta_reporter: User, problem: Problem
) -> None:
    client = client_for(fagersta_reporter)
    before = Problem.objects.count()
    assert client.get(_url("problem_create", collaboration_id=fagersta.pk)).status_code == 403
    response = client.post(_url("problem_create", collaboration_id=fagersta.pk), {"title": "X"})
    assert response.status_code == 403
    assert client.get(_url("assess", problem)).status_code == 403
    response = client.post(_url("status", problem), {"action": "close", "reason": "x"})
    assert response.status_code == 403
    assert Problem.objects.count() == before
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PROPOSED


def test_another_municipality_gets_404(
    client_for: Any, ludvika_coordinator: User, problem: Problem
) -> None:
    client = client_for(ludvika_coordinator)
    assert client.get(_url("problem_detail", problem)).status_code == 404
    assert client.get(_url("analysis", problem)).status_code == 404
    assert client.post(_url("approve", problem), {"party": Party.MUNICIPALITY}).status_code == 404
    assert not problem.approvals.exists()


def test_a_coordinator_records_a_problem(
    client_for: Any, fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    kommun = Organisation.objects.get(name="Fagersta kommun")
    area = fagersta.areas.get(name="Centrum")
    response = client_for(fagersta_coordinator).post(
        _url("problem_create", collaboration_id=fagersta.pk),
        {
            "title": "Otrygghet i parken",
            "areas": [area.pk],
            "owner_organisation": kommun.pk,
            "info_class": "partners",
        },
    )
    problem = Problem.objects.get(title="Otrygghet i parken")
    assert response.status_code == 302 and response.url == _url("problem_detail", problem)
    assert list(problem.areas.all()) == [area]


def test_an_area_of_another_municipality_is_refused_and_nothing_stored(
    client_for: Any, fagersta: Collaboration, ludvika: Collaboration, fagersta_coordinator: User
) -> None:
    kommun = Organisation.objects.get(name="Fagersta kommun")
    before = Problem.objects.count()
    response = client_for(fagersta_coordinator).post(
        _url("problem_create", collaboration_id=fagersta.pk),
        {
            "title": "Fel kommun",
            "areas": [ludvika.areas.first().pk],
            "owner_organisation": kommun.pk,
            "info_class": "partners",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["areas"]
    assert Problem.objects.count() == before


def test_scoring_approving_and_the_matrix(
    client_for: Any, problem: Problem, fagersta_coordinator: User, fagersta_police: User
) -> None:
    data = {f"score_{c}": "3" for c in Criterion.values}
    data.update({f"motivation_{c}": "Därför" for c in Criterion.values})
    coordinator = client_for(fagersta_coordinator)
    assert coordinator.post(_url("assess", problem), data).status_code == 302
    assert services.assessment_total(problem) == 24
    coordinator.post(_url("approve", problem), {"party": Party.MUNICIPALITY})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PROPOSED
    client_for(fagersta_police).post(_url("approve", problem), {"party": Party.POLICE})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PRIORITISED
    response = coordinator.get(_url("matrix", collaboration_id=problem.collaboration_id))
    columns = response.context["matrix"].columns
    assert columns[0].problem == problem and columns[0].total == 24


def test_an_approval_by_a_role_that_may_not_approve_shows_an_error(
    client_for: Any, scored: Problem, fagersta_police: User
) -> None:
    response = client_for(fagersta_police).post(
        _url("approve", scored), {"party": Party.MUNICIPALITY}, follow=True, headers=EN
    )
    assert "Only a coordinator or administrator of the municipality" in response.content.decode()
    assert not PriorityApproval.objects.filter(problem=scored).exists()


def test_deprioritising_without_a_reason_shows_an_error(
    client_for: Any, scored: Problem, fagersta_coordinator: User
) -> None:
    response = client_for(fagersta_coordinator).post(
        _url("status", scored), {"action": "deprioritise", "reason": ""}
    )
    assert response.status_code == 400
    assert response.context["status_form"].errors["reason"]
    scored.refresh_from_db()
    assert scored.status == ProblemStatus.PROPOSED


def test_the_cause_tree_refuses_a_sixth_level_and_explains_the_limit(
    client_for: Any, analysis: CauseAnalysis, fagersta_coordinator: User
) -> None:
    parent = None
    for level in range(1, 6):
        parent = services.cause_add(
            user=fagersta_coordinator, analysis=analysis, parent=parent, text=f"Nivå {level}"
        )
    assert parent is not None
    client = client_for(fagersta_coordinator)
    page = client.get(_url("analysis", analysis.problem), headers=EN).content.decode()
    assert "at most 5 levels deep" in page
    assert _url("cause_why", analysis.problem, cause_id=parent.pk) not in page
    response = client.post(
        _url("cause_why", analysis.problem, cause_id=parent.pk),
        {f"cause{parent.pk}-text": "Nivå 6"},
        headers=EN,
    )
    assert response.status_code == 400
    assert "five levels" in response.content.decode()
    assert analysis.causes.count() == 5


def test_a_cause_of_another_problem_gives_404(
    client_for: Any, analysis: CauseAnalysis, fagersta_coordinator: User
) -> None:
    demo_cause = Cause.objects.exclude(analysis=analysis).first()
    response = client_for(fagersta_coordinator).post(
        _url("cause_why", analysis.problem, cause_id=demo_cause.pk),
        {f"cause{demo_cause.pk}-text": "Fel träd"},
    )
    assert response.status_code == 404
    assert not analysis.causes.exists()


def test_a_reporter_reads_the_analysis_but_cannot_add_causes(
    client_for: Any, analysis: CauseAnalysis, fagersta_reporter: User
) -> None:
    client = client_for(fagersta_reporter)
    page = client.get(_url("analysis", analysis.problem))
    assert page.status_code == 200 and "Skolgården" in page.content.decode()
    response = client.post(_url("cause_add", analysis.problem), {"root-text": "Mörkt"})
    assert response.status_code == 403
    assert not analysis.causes.exists()


def test_the_police_build_the_analysis_in_the_browser_forms(
    client_for: Any, prioritised: Problem, fagersta_police: User
) -> None:
    client = client_for(fagersta_police)
    response = client.post(
        _url("analysis", prioritised),
        {
            "decided_by": "Styrgruppen",
            "decided_on": "2026-10-01",
            "performed_by": "Kommunpolisen",
            "offender": "Unga",
        },
    )
    assert response.status_code == 302
    analysis = prioritised.cause_analysis
    client.post(_url("cause_add", prioritised), {"root-text": "Mörkt", "root-perspective": "place"})
    root = analysis.causes.get()
    client.post(
        _url("cause_why", prioritised, cause_id=root.pk), {f"cause{root.pk}-text": "Trasig"}
    )
    client.post(_url("event_step_add", prioritised), {"text": "Samling", "preventable": "on"})
    client.post(
        _url("hypothesis_add", prioritised),
        {"cause": root.pk, "problem_text": "P", "hypothesis": "H", "test": "T"},
    )
    assert [c.number for c in analysis.causes.order_by("depth")] == ["1", "1.1"]
    assert analysis.event_steps.get().preventable
    assert analysis.hypotheses.get().cause == root


def test_the_api_lists_problems_and_their_cause_analysis(
    fagersta: Collaboration, fagersta_coordinator: User, ludvika_coordinator: User
) -> None:
    from laget.api.tests.test_api import api_for

    api = api_for(fagersta_coordinator)
    response = api.get(f"/collaborations/{fagersta.pk}/problems?status=prioritised")
    assert response.status_code == 200
    # the demo's two prioritised problems; the one entered by hand has the deeper cause tree
    problems = response.json()
    assert len(problems) == 2
    (problem,) = [p for p in problems if p["title"].startswith("Varför ökar skadegörelsen")]
    assert problem["total"] is not None and len(problem["approvals"]) == 2
    response = api.get(f"/collaborations/{fagersta.pk}/problems/{problem['id']}/cause-analysis")
    numbers = [c["number"] for c in response.json()["causes"]]
    assert numbers == ["1", "2", "1.1", "2.1", "1.1.1"]
    outsider = api_for(ludvika_coordinator)
    response = outsider.get(f"/collaborations/{fagersta.pk}/problems/{problem['id']}")
    assert response.status_code == 404


def test_an_alert_of_a_draft_picture_is_explained_and_nothing_stored(
    client_for: Any, fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    from django.utils import timezone

    from laget.analysis.compile import last_complete_period
    from laget.situation.services import situation_compile

    picture = situation_compile(
        user=fagersta_coordinator,
        group=fagersta.groups.get(name="EST-gruppen"),
        period=last_complete_period(timezone.localdate()),
    )
    url = _url(
        "problem_from_alert", collaboration_id=fagersta.pk, picture_id=picture.pk, alert_index=0
    )
    client = client_for(fagersta_coordinator)
    before = Problem.objects.count()
    page = client.get(url, headers=EN)
    assert "adopted situation picture" in page.content.decode()
    assert 'name="title"' not in page.content.decode()
    kommun = Organisation.objects.get(name="Fagersta kommun")
    response = client.post(
        url, {"title": "Larm", "owner_organisation": kommun.pk, "info_class": "partners"}
    )
    assert response.status_code == 400
    assert Problem.objects.count() == before


@pytest.mark.parametrize("name", ["problem_list", "matrix"])
def test_list_pages_cost_the_same_number_of_queries_for_more_problems(
    client_for: Any, fagersta: Collaboration, fagersta_coordinator: User, name: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from laget.planning.tests.conftest import SCORES

    client = client_for(fagersta_coordinator)
    url = _url(name, collaboration_id=fagersta.pk)
    client.get(url)  # warm the session and caches

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    kommun = Organisation.objects.get(name="Fagersta kommun")
    for n in range(3):
        problem = services.problem_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            owner_organisation=kommun,
            title=f"Problem {n}",
            category=fagersta.report_templates.first().categories.first(),
            areas=list(fagersta.areas.all()[:2]),
        )
        services.priority_assess(user=fagersta_coordinator, problem=problem, scores=dict(SCORES))
    assert count() == before


def test_evidence_is_added_and_bad_evidence_stores_nothing(
    client_for: Any, problem: Problem, ludvika: Collaboration, fagersta_coordinator: User
) -> None:
    from django.utils import timezone

    from laget.analysis.compile import last_complete_period
    from laget.situation.services import situation_compile

    client = client_for(fagersta_coordinator)
    url = _url("evidence_add", problem)
    response = client.post(url, {"kind": "statistics", "text": "BRÅ NTU 2025: skadegörelse"})
    assert response.status_code == 302
    assert problem.evidence.get().text == "BRÅ NTU 2025: skadegörelse"
    foreign_report = ludvika.reports.first()
    response = client.post(url, {"kind": "report", "report": foreign_report.pk})
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["report"]
    draft = situation_compile(
        user=fagersta_coordinator,
        group=problem.collaboration.groups.get(name="EST-gruppen"),
        period=last_complete_period(timezone.localdate()),
    )
    klotter = problem.collaboration.report_templates.first().categories.get(key="klotter")
    response = client.post(
        url, {"kind": "picture_cell", "picture": draft.pk, "category": klotter.pk}
    )
    assert response.status_code == 400  # only adopted versions are offered
    assert response.context["evidence_form"].errors["picture"]
    draft.status = "adopted"
    draft.save(update_fields=["status"])
    response = client.post(
        url, {"kind": "picture_cell", "picture": draft.pk, "category": klotter.pk}
    )
    assert response.status_code == 302
    assert problem.evidence.count() == 2
