"""Services of the planning app: the joint approval, resets, refusals, the cause tree."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from laget.accounts.models import User
from laget.organisations.choices import OrganisationKind, Role
from laget.organisations.models import Collaboration, Membership, Organisation
from laget.planning import services
from laget.planning.choices import (
    Criterion,
    EvidenceKind,
    HypothesisStatus,
    Party,
    ProblemOrigin,
    ProblemStatus,
)
from laget.planning.models import (
    Cause,
    CauseAnalysis,
    PriorityApproval,
    Problem,
    ProblemEvidence,
)
from laget.planning.tests.conftest import SCORES
from laget.situation.choices import MeetingDecision
from laget.situation.meetings import agenda_item_decide, meeting_create
from laget.situation.services import situation_compile

pytestmark = pytest.mark.django_db


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- the joint approval -------------------------------------------------------------------------


def test_it_prioritises_a_problem_only_when_both_parties_have_approved(
    scored: Problem, fagersta_coordinator: User, fagersta_police: User
) -> None:
    services.priority_approve(user=fagersta_coordinator, problem=scored, party=Party.MUNICIPALITY)
    scored.refresh_from_db()
    assert scored.status == ProblemStatus.PROPOSED
    services.priority_approve(user=fagersta_police, problem=scored, party=Party.POLICE)
    scored.refresh_from_db()
    assert scored.status == ProblemStatus.PRIORITISED


def test_it_requires_the_police_approval_when_the_collaboration_has_a_police_party(
    scored: Problem, fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    assert services.required_parties(fagersta) == [Party.MUNICIPALITY, Party.POLICE]
    services.priority_approve(user=fagersta_coordinator, problem=scored, party=Party.MUNICIPALITY)
    scored.refresh_from_db()
    # Would be prioritised here if the police's approval were not required.
    assert scored.status == ProblemStatus.PROPOSED
    assert list(scored.approvals.values_list("party", flat=True)) == [Party.MUNICIPALITY]


def test_the_municipality_alone_prioritises_when_there_is_no_police_party(
    scored: Problem, fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    fagersta.parties.remove(*fagersta.parties.filter(kind=OrganisationKind.POLICE))
    services.priority_approve(user=fagersta_coordinator, problem=scored, party=Party.MUNICIPALITY)
    scored.refresh_from_db()
    assert scored.status == ProblemStatus.PRIORITISED


def test_the_police_cannot_approve_for_the_municipality(
    scored: Problem, fagersta_police: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.priority_approve(user=fagersta_police, problem=scored, party=Party.MUNICIPALITY)
    assert _codes(exc) == {"not_allowed"}
    assert not PriorityApproval.objects.filter(problem=scored).exists()


@pytest.mark.parametrize("party", [Party.MUNICIPALITY, Party.POLICE])
def test_a_reporter_cannot_approve(scored: Problem, fagersta_reporter: User, party: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.priority_approve(user=fagersta_reporter, problem=scored, party=party)
    assert _codes(exc) == {"not_allowed"}
    assert not PriorityApproval.objects.filter(problem=scored).exists()


def test_a_coordinator_of_another_kind_of_organisation_cannot_approve_for_the_municipality(
    scored: Problem, fagersta: Collaboration
) -> None:
    housing = Organisation.objects.get(name="Fagersta bostadsbolag (demo)")
    user = User.objects.get(username="grupp.fagersta")
    Membership.objects.create(
        user=user, collaboration=fagersta, organisation=housing, role=Role.COORDINATOR
    )
    with pytest.raises(ValidationError) as exc:
        services.priority_approve(user=user, problem=scored, party=Party.MUNICIPALITY)
    assert _codes(exc) == {"not_allowed"}


def test_an_administrator_of_the_municipality_approves_for_it(
    scored: Problem, fagersta_admin: User
) -> None:
    approval = services.priority_approve(
        user=fagersta_admin, problem=scored, party=Party.MUNICIPALITY
    )
    assert approval.organisation.kind == OrganisationKind.MUNICIPALITY


def test_it_refuses_an_approval_before_every_criterion_is_scored(
    problem: Problem, fagersta_coordinator: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.priority_approve(
            user=fagersta_coordinator, problem=problem, party=Party.MUNICIPALITY
        )
    assert _codes(exc) == {"not_assessed"}


def test_a_party_approves_only_once(scored: Problem, fagersta_coordinator: User) -> None:
    services.priority_approve(user=fagersta_coordinator, problem=scored, party=Party.MUNICIPALITY)
    with pytest.raises(ValidationError) as exc:
        services.priority_approve(
            user=fagersta_coordinator, problem=scored, party=Party.MUNICIPALITY
        )
    assert _codes(exc) == {"already_approved"}
    assert scored.approvals.count() == 1


def test_changing_the_assessment_withdraws_the_approvals(
    prioritised: Problem, fagersta_coordinator: User
) -> None:
    assert prioritised.status == ProblemStatus.PRIORITISED
    scores = dict(SCORES)
    scores[Criterion.COSTLY] = (3, "Nya kostnader.")
    services.priority_assess(user=fagersta_coordinator, problem=prioritised, scores=scores)
    prioritised.refresh_from_db()
    assert prioritised.status == ProblemStatus.PROPOSED
    assert not prioritised.approvals.exists()


def test_saving_the_same_assessment_keeps_the_approvals(
    prioritised: Problem, fagersta_coordinator: User
) -> None:
    services.priority_assess(user=fagersta_coordinator, problem=prioritised, scores=dict(SCORES))
    prioritised.refresh_from_db()
    assert prioritised.status == ProblemStatus.PRIORITISED
    assert prioritised.approvals.count() == 2


def test_it_refuses_a_score_outside_the_scale_and_stores_nothing(
    problem: Problem, fagersta_coordinator: User
) -> None:
    scores = dict(SCORES)
    scores[Criterion.VISIBLE] = (4, "")
    with pytest.raises(ValidationError) as exc:
        services.priority_assess(user=fagersta_coordinator, problem=problem, scores=scores)
    assert _codes(exc) == {"invalid_score"}
    assert not problem.assessments.exists()


def test_it_refuses_an_incomplete_assessment(problem: Problem, fagersta_coordinator: User) -> None:
    scores = dict(SCORES)
    del scores[Criterion.RESOURCES]
    with pytest.raises(ValidationError) as exc:
        services.priority_assess(user=fagersta_coordinator, problem=problem, scores=scores)
    assert _codes(exc) == {"incomplete"}


# --- status -------------------------------------------------------------------------------------


def test_deprioritising_needs_a_reason(prioritised: Problem, fagersta_coordinator: User) -> None:
    with pytest.raises(ValidationError) as exc:
        services.problem_deprioritise(user=fagersta_coordinator, problem=prioritised, reason=" ")
    assert exc.value.error_dict["reason"][0].code == "required"
    prioritised.refresh_from_db()
    assert prioritised.status == ProblemStatus.PRIORITISED
    assert prioritised.approvals.count() == 2


def test_a_deprioritised_problem_keeps_its_reason(
    prioritised: Problem, fagersta_coordinator: User
) -> None:
    services.problem_deprioritise(
        user=fagersta_coordinator, problem=prioritised, reason="Polisen har inga resurser i år."
    )
    prioritised.refresh_from_db()
    assert prioritised.status == ProblemStatus.DEPRIORITISED
    assert prioritised.status_reason == "Polisen har inga resurser i år."
    assert not prioritised.approvals.exists()


# --- problems -----------------------------------------------------------------------------------


def test_a_reporter_cannot_record_a_problem(
    fagersta: Collaboration, fagersta_reporter: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.problem_create(
            user=fagersta_reporter,
            collaboration=fagersta,
            owner_organisation=Organisation.objects.get(name="Fagersta kommun"),
            title="Klotter",
        )
    assert _codes(exc) == {"not_allowed"}


def test_it_refuses_an_area_of_another_municipality_and_stores_nothing(
    fagersta: Collaboration, ludvika: Collaboration, fagersta_coordinator: User
) -> None:
    before = Problem.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.problem_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            owner_organisation=Organisation.objects.get(name="Fagersta kommun"),
            title="Klotter",
            areas=[ludvika.areas.first()],
        )
    assert exc.value.error_dict["areas"][0].code == "foreign"
    assert Problem.objects.count() == before


def test_it_refuses_an_organisation_that_is_not_the_users_own(
    fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.problem_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            owner_organisation=Organisation.objects.get(name="Polisen – LPO Fagersta"),
            title="Klotter",
        )
    assert exc.value.error_dict["owner_organisation"][0].code == "not_own"


def test_it_refuses_a_report_of_another_collaboration_as_evidence(
    problem: Problem, ludvika: Collaboration, fagersta_coordinator: User
) -> None:
    report = ludvika.reports.first()
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            user=fagersta_coordinator, problem=problem, kind=EvidenceKind.REPORT, report=report
        )
    assert exc.value.error_dict["report"][0].code == "foreign"
    assert not ProblemEvidence.objects.filter(problem=problem).exists()


def test_a_problem_comes_from_a_meeting_decision_cause_analysis_needed(
    fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    group = fagersta.groups.get(name="EST-gruppen")
    from laget.analysis.compile import last_complete_period

    picture = situation_compile(
        user=fagersta_coordinator, group=group, period=last_complete_period(timezone.localdate())
    )
    meeting = meeting_create(user=fagersta_coordinator, picture=picture)
    first, second = list(meeting.items.order_by("position"))[:2]
    for item, decision in (
        (first, MeetingDecision.CAUSE_ANALYSIS),
        (second, MeetingDecision.MONITOR),
    ):
        agenda_item_decide(
            user=fagersta_coordinator,
            item=item,
            decision=decision,
            responsible=fagersta_coordinator
            if decision == MeetingDecision.CAUSE_ANALYSIS
            else None,
            due_date=timezone.localdate() + datetime.timedelta(days=14)
            if decision == MeetingDecision.CAUSE_ANALYSIS
            else None,
            notes="",
        )
    first.refresh_from_db()
    second.refresh_from_db()
    kommun = Organisation.objects.get(name="Fagersta kommun")
    problem = services.problem_create_from_agenda_item(
        user=fagersta_coordinator, item=first, owner_organisation=kommun, title=first.title
    )
    assert problem.origin == ProblemOrigin.MEETING and problem.agenda_item == first
    assert problem.category == first.category
    cell = problem.evidence.get()
    assert cell.kind == EvidenceKind.PICTURE_CELL and cell.picture == picture
    before = Problem.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.problem_create_from_agenda_item(
            user=fagersta_coordinator, item=second, owner_organisation=kommun, title="x"
        )
    assert _codes(exc) == {"decision"}
    assert Problem.objects.count() == before


def test_a_problem_comes_only_from_an_alert_of_an_adopted_picture(
    fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    from laget.analysis.compile import last_complete_period

    group = fagersta.groups.get(name="EST-gruppen")
    picture = situation_compile(
        user=fagersta_coordinator, group=group, period=last_complete_period(timezone.localdate())
    )
    picture.snapshot = {
        **picture.snapshot,
        "alerts": [{"category": None, "area": "all", "observed": 9, "mean": 2.0}],
    }
    picture.save(update_fields=["snapshot"])
    kommun = Organisation.objects.get(name="Fagersta kommun")
    with pytest.raises(ValidationError) as exc:
        services.problem_create_from_alert(
            user=fagersta_coordinator,
            picture=picture,
            alert_index=0,
            owner_organisation=kommun,
            title="Larm",
        )
    assert _codes(exc) == {"not_adopted"}
    picture.status = "adopted"
    picture.save(update_fields=["status"])
    with pytest.raises(ValidationError) as exc:
        services.problem_create_from_alert(
            user=fagersta_coordinator,
            picture=picture,
            alert_index=5,
            owner_organisation=kommun,
            title="Larm",
        )
    assert _codes(exc) == {"no_alert"}
    problem = services.problem_create_from_alert(
        user=fagersta_coordinator,
        picture=picture,
        alert_index=0,
        owner_organisation=kommun,
        title="Larm",
    )
    assert problem.origin == ProblemOrigin.ALERT and problem.alert_picture == picture
    assert "9" in problem.alert_text


# --- cause analysis -----------------------------------------------------------------------------


def test_a_cause_analysis_needs_a_prioritised_problem(
    scored: Problem, fagersta_coordinator: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.cause_analysis_create(
            user=fagersta_coordinator,
            problem=scored,
            decided_by="Styrgruppen",
            decided_on=datetime.date(2026, 10, 1),
            performed_by="Samordnaren",
        )
    assert _codes(exc) == {"not_prioritised"}
    assert not CauseAnalysis.objects.filter(problem=scored).exists()


def test_causes_are_numbered_by_their_place_in_the_tree(
    analysis: CauseAnalysis, fagersta_coordinator: User
) -> None:
    add = services.cause_add
    one = add(user=fagersta_coordinator, analysis=analysis, text="Mörkt")
    two = add(user=fagersta_coordinator, analysis=analysis, text="Ingen vuxen")
    one_one = add(user=fagersta_coordinator, analysis=analysis, parent=one, text="Trasig lampa")
    one_two = add(user=fagersta_coordinator, analysis=analysis, parent=one, text="Buskage")
    one_one_one = add(
        user=fagersta_coordinator, analysis=analysis, parent=one_one, text="Ingen felanmäler"
    )
    assert [c.number for c in (one, two, one_one, one_two, one_one_one)] == [
        "1",
        "2",
        "1.1",
        "1.2",
        "1.1.1",
    ]
    assert one_one_one.depth == 3


def test_the_cause_tree_goes_at_most_five_levels_deep(
    analysis: CauseAnalysis, fagersta_coordinator: User
) -> None:
    parent = None
    for level in range(1, 6):
        parent = services.cause_add(
            user=fagersta_coordinator, analysis=analysis, parent=parent, text=f"Varför {level}"
        )
    assert parent is not None and parent.depth == 5 and parent.number == "1.1.1.1.1"
    with pytest.raises(ValidationError) as exc:
        services.cause_add(
            user=fagersta_coordinator, analysis=analysis, parent=parent, text="Varför 6"
        )
    assert exc.value.error_dict["parent"][0].code == "too_deep"
    assert analysis.causes.count() == 5


def test_it_refuses_a_parent_cause_of_another_analysis(
    analysis: CauseAnalysis, fagersta_coordinator: User
) -> None:
    demo_cause = Cause.objects.exclude(analysis=analysis).first()
    assert demo_cause is not None  # the demo's analysis
    with pytest.raises(ValidationError) as exc:
        services.cause_add(
            user=fagersta_coordinator, analysis=analysis, parent=demo_cause, text="Fel träd"
        )
    assert exc.value.error_dict["parent"][0].code == "foreign"
    assert not analysis.causes.exists()


def test_event_steps_and_hypotheses(analysis: CauseAnalysis, fagersta_police: User) -> None:
    first = services.event_step_add(user=fagersta_police, analysis=analysis, text="Skolan stänger")
    second = services.event_step_add(user=fagersta_police, analysis=analysis, text="Samling")
    assert (first.position, second.position) == (1, 2)
    cause = services.cause_add(user=fagersta_police, analysis=analysis, text="Ingen vuxen")
    row = services.hypothesis_add(
        user=fagersta_police,
        analysis=analysis,
        cause=cause,
        problem_text="Skadegörelse",
        hypothesis="Sker när ingen vuxen är där",
        test="Jämför tider",
    )
    with pytest.raises(ValidationError) as exc:
        services.hypothesis_record_result(
            user=fagersta_police, hypothesis=row, result="", status=HypothesisStatus.SUPPORTED
        )
    assert exc.value.error_dict["result"][0].code == "required"
    services.hypothesis_record_result(
        user=fagersta_police,
        hypothesis=row,
        result="Stämmer med tiderna",
        status=HypothesisStatus.SUPPORTED,
    )
    row.refresh_from_db()
    assert row.status == HypothesisStatus.SUPPORTED


def test_the_demo_has_a_prioritised_problem_with_a_cause_analysis(
    fagersta: Collaboration,
) -> None:
    prioritised = Problem.objects.get(
        collaboration=fagersta, status=ProblemStatus.PRIORITISED, origin="manual"
    )
    assert set(prioritised.approvals.values_list("party", flat=True)) == {
        Party.MUNICIPALITY,
        Party.POLICE,
    }
    analysis = prioritised.cause_analysis
    assert {c.number for c in analysis.causes.all()} == {"1", "1.1", "1.1.1", "2", "2.1"}
    assert analysis.event_steps.count() == 3 and analysis.hypotheses.count() == 2
    assert Problem.objects.filter(collaboration=fagersta, status=ProblemStatus.PROPOSED).exists()


def test_it_refuses_personal_data_in_a_problem_and_stores_nothing(
    fagersta: Collaboration, fagersta_coordinator: User
) -> None:
    before = Problem.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.problem_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            owner_organisation=Organisation.objects.get(name="Fagersta kommun"),
            title="Klotter",
            description="Misstänkt är 19811218-9876, ring 070-123 45 67.",
        )
    assert exc.value.error_dict["description"][0].code == "personal_data"
    assert Problem.objects.count() == before


def test_it_refuses_personal_data_in_a_cause(
    analysis: CauseAnalysis, fagersta_coordinator: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.cause_add(
            user=fagersta_coordinator, analysis=analysis, text="Bilen ABC 123 står där"
        )
    assert exc.value.error_dict["text"][0].code == "personal_data"
    assert not analysis.causes.exists()
