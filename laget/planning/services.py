"""Writes of the planning app: problems, prioritisation (with the joint approval) and the
cause analysis. Every service validates meaning, runs in a transaction and raises
``ValidationError`` with a code, so bad input never leaves a half-stored record.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import pii
from laget.core.choices import InformationClass
from laget.core.errors import field_error
from laget.geography.models import Area
from laget.organisations.choices import OrganisationKind, Role
from laget.organisations.models import Collaboration, Organisation
from laget.planning.choices import (
    MAX_CAUSE_DEPTH,
    MAX_SCORE,
    AnalysisStatus,
    Criterion,
    EvidenceKind,
    HypothesisStatus,
    Party,
    Perspective,
    ProblemOrigin,
    ProblemStatus,
)
from laget.planning.models import (
    Cause,
    CauseAnalysis,
    EventChainStep,
    Hypothesis,
    PriorityApproval,
    PriorityAssessment,
    Problem,
    ProblemEvidence,
)
from laget.reporting.models import Category, Report
from laget.situation.choices import MeetingDecision
from laget.situation.models import AgendaItem, SituationPicture
from laget.situation.snapshot import ALL_AREAS

#: Roles that may write problems, scores and cause analyses (the kommunal samordnare and the
#: kommunpolis "ser till att en orsaksanalys tas fram"; an administrator may stand in).
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.POLICE})
#: The organisation kind behind each party of the joint priority (``access.JOINT_APPROVER_ROLES``
#: says who approves for it).
PARTY_KINDS: dict[str, str] = {
    Party.MUNICIPALITY: OrganisationKind.MUNICIPALITY,
    Party.POLICE: OrganisationKind.POLICE,
}


# --- who may do what ----------------------------------------------------------------------------


def may_edit(user: Any, collaboration: Collaboration) -> bool:
    """Coordinators, administrators and the police of the collaboration write planning data."""
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & EDITOR_ROLES)


def _require_editor(user: Any, collaboration: Collaboration) -> None:
    if not may_edit(user, collaboration):
        raise ValidationError(
            _("Only coordinators, administrators and the police may change problems."),
            code="not_allowed",
        )


def required_parties(collaboration: Collaboration) -> list[str]:
    """The parties whose approval makes a problem *prioriterat* (``access.joint_party_kinds``):
    the municipality and the police; without a police party, the municipality alone."""
    kinds = access.joint_party_kinds(collaboration)
    return [party for party, kind in PARTY_KINDS.items() if kind in kinds]


def approver_organisation(user: Any, collaboration: Collaboration, party: str) -> Organisation:
    """The organisation through which ``user`` approves for ``party``, or a ValidationError."""
    if party not in PARTY_KINDS:
        raise field_error("party", _("Unknown party."), "invalid")
    organisation = access.joint_approver_organisation(user, collaboration, PARTY_KINDS[party])
    if organisation is None:
        if party == Party.MUNICIPALITY:
            message = _(
                "Only a coordinator or administrator of the municipality may approve the "
                "priority for the municipality."
            )
        else:
            message = _(
                "Only a police officer of the police may approve the priority for the police."
            )
        raise ValidationError(message, code="not_allowed")
    return organisation


def approvable_parties(user: Any, collaboration: Collaboration) -> list[str]:
    """The parties ``user`` may approve for in this collaboration."""
    parties = []
    for party in required_parties(collaboration):
        try:
            approver_organisation(user, collaboration, party)
        except ValidationError:
            continue
        parties.append(party)
    return parties


def _check_personal_data(**texts: str) -> None:
    """Refuse identity numbers, phone numbers, e-mail addresses and registration numbers.

    Problems and cause analyses describe places, situations and groups, never individuals;
    the texts are shared between the parties and kept for years.
    """
    for name, text in texts.items():
        if text and pii.find_personal_data(text):
            raise field_error(
                name,
                _(
                    "The text seems to contain personal data (an identity number, a phone "
                    "number, an e-mail address or a registration number). Describe places, "
                    "situations and groups, not people: remove it."
                ),
                "personal_data",
            )


# --- problems -----------------------------------------------------------------------------------


def _foreign() -> ValidationError:
    return ValidationError(_("The object belongs to another collaboration."), code="foreign")


def _check_owner(user: Any, collaboration: Collaboration, organisation: Organisation) -> None:
    if not organisation.collaborations.filter(pk=collaboration.pk).exists():
        raise field_error(
            "owner_organisation",
            _("The organisation is not a party of this collaboration."),
            "not_party",
        )
    scope = access.scope_for(user)
    if not scope.is_superuser and organisation.pk not in scope.organisations.get(
        collaboration.pk, set()
    ):
        raise field_error(
            "owner_organisation",
            _("You can only record problems for your own organisation."),
            "not_own",
        )


def _check_category(collaboration: Collaboration, category: Category | None) -> None:
    if category is not None and category.template.collaboration_id != collaboration.pk:
        raise field_error(
            "category", _("The category belongs to another collaboration."), "foreign"
        )


def _check_areas(collaboration: Collaboration, areas: Iterable[Area]) -> list[Area]:
    areas = list(areas)
    if any(a.collaboration_id != collaboration.pk for a in areas):
        raise field_error("areas", _("An area belongs to another collaboration."), "foreign")
    return areas


@transaction.atomic
def problem_create(
    *,
    user: Any,
    collaboration: Collaboration,
    owner_organisation: Organisation,
    title: str,
    description: str = "",
    category: Category | None = None,
    areas: Iterable[Area] = (),
    time_pattern: str = "",
    affected_group: str = "",
    info_class: str = InformationClass.PARTNERS,
    origin: str = ProblemOrigin.MANUAL,
    agenda_item: AgendaItem | None = None,
    alert_picture: SituationPicture | None = None,
    alert_key: str = "",
    alert_text: str = "",
) -> Problem:
    """Record a problem (proposed) by hand, from a meeting decision or from an alert."""
    _require_editor(user, collaboration)
    _check_owner(user, collaboration, owner_organisation)
    _check_category(collaboration, category)
    area_list = _check_areas(collaboration, areas)
    _check_personal_data(
        title=title,
        description=description,
        time_pattern=time_pattern,
        affected_group=affected_group,
    )
    if agenda_item is not None and agenda_item.meeting.collaboration_id != collaboration.pk:
        raise _foreign()
    if alert_picture is not None and alert_picture.collaboration_id != collaboration.pk:
        raise _foreign()
    problem = Problem(
        collaboration=collaboration,
        owner_organisation=owner_organisation,
        info_class=info_class,
        title=title.strip(),
        description=description.strip(),
        category=category,
        time_pattern=time_pattern.strip(),
        affected_group=affected_group.strip(),
        origin=origin,
        agenda_item=agenda_item,
        alert_picture=alert_picture,
        alert_key=alert_key,
        alert_text=alert_text,
        created_by=user,
    )
    problem.full_clean()
    problem.save()
    problem.areas.set(area_list)
    return problem


@transaction.atomic
def problem_update(
    *,
    user: Any,
    problem: Problem,
    title: str,
    description: str = "",
    category: Category | None = None,
    areas: Iterable[Area] = (),
    time_pattern: str = "",
    affected_group: str = "",
    info_class: str | None = None,
    owner_organisation: Organisation | None = None,
) -> Problem:
    """Change a problem's description (its status changes through the services below)."""
    collaboration = problem.collaboration
    _require_editor(user, collaboration)
    if owner_organisation is not None and owner_organisation.pk != problem.owner_organisation_id:
        _check_owner(user, collaboration, owner_organisation)
        problem.owner_organisation = owner_organisation
    _check_category(collaboration, category)
    area_list = _check_areas(collaboration, areas)
    _check_personal_data(
        title=title,
        description=description,
        time_pattern=time_pattern,
        affected_group=affected_group,
    )
    problem.title = title.strip()
    problem.description = description.strip()
    problem.category = category
    problem.time_pattern = time_pattern.strip()
    problem.affected_group = affected_group.strip()
    if info_class is not None:
        problem.info_class = info_class
    problem.full_clean()
    problem.save()
    problem.areas.set(area_list)
    return problem


def _cell_evidence(
    *, user: Any, problem: Problem, picture: SituationPicture, category: Any, area: Any
) -> None:
    evidence = ProblemEvidence(
        problem=problem,
        kind=EvidenceKind.PICTURE_CELL,
        picture=picture,
        category=category,
        area=area,
        created_by=user,
    )
    evidence.full_clean()
    evidence.save()


@transaction.atomic
def problem_create_from_agenda_item(
    *,
    user: Any,
    item: AgendaItem,
    owner_organisation: Organisation,
    title: str,
    description: str = "",
    info_class: str = InformationClass.PARTNERS,
) -> Problem:
    """A problem from a meeting's decision "cause analysis needed", with its lägesbild cell."""
    if item.decision != MeetingDecision.CAUSE_ANALYSIS:
        raise ValidationError(
            _('Only an agenda item decided as "cause analysis needed" becomes a problem.'),
            code="decision",
        )
    meeting = item.meeting
    problem = problem_create(
        user=user,
        collaboration=meeting.collaboration,
        owner_organisation=owner_organisation,
        title=title,
        description=description,
        category=item.category,
        areas=[item.area] if item.area is not None else [],
        info_class=info_class,
        origin=ProblemOrigin.MEETING,
        agenda_item=item,
    )
    if item.category is not None:
        _cell_evidence(
            user=user,
            problem=problem,
            picture=meeting.picture,
            category=item.category,
            area=item.area,
        )
    return problem


def picture_alert(picture: SituationPicture, index: int) -> dict[str, Any]:
    """The ``index``-th alert of an adopted lägesbild's snapshot, or a ValidationError."""
    if not picture.is_adopted:
        raise ValidationError(
            _("Problems come from the alerts of an adopted situation picture."), code="not_adopted"
        )
    alerts = picture.snapshot.get("alerts", []) if isinstance(picture.snapshot, dict) else []
    if not 0 <= index < len(alerts):
        raise ValidationError(_("The situation picture has no such alert."), code="no_alert")
    return alerts[index]


def alert_description(picture: SituationPicture, alert: dict[str, Any]) -> tuple[str, str]:
    """The alert's key ("category:area") and a readable text for it."""
    names = {c["id"]: c["label"] for c in picture.snapshot.get("categories", [])}
    areas = {a["id"]: a["name"] for a in picture.snapshot.get("areas", [])}
    area = alert["area"]
    area_name = _("all areas") if area == ALL_AREAS else (areas.get(area) or _("without area"))
    text = _("%(category)s – %(area)s: %(observed)s reports against normally %(mean)s") % {
        "category": names.get(alert["category"], "?"),
        "area": area_name,
        "observed": alert["observed"],
        "mean": round(float(alert["mean"]), 1),
    }
    return f"{alert['category']}:{area}", text


@transaction.atomic
def problem_create_from_alert(
    *,
    user: Any,
    picture: SituationPicture,
    alert_index: int,
    owner_organisation: Organisation,
    title: str,
    description: str = "",
    info_class: str = InformationClass.PARTNERS,
) -> Problem:
    """A problem from an alert of an adopted lägesbild, keeping the alert and its cell."""
    alert = picture_alert(picture, alert_index)
    key, text = alert_description(picture, alert)
    collaboration = picture.collaboration
    category = Category.objects.filter(
        pk=alert["category"], template__collaboration=collaboration
    ).first()
    area = None
    if alert["area"] not in (ALL_AREAS, None):
        area = Area.objects.filter(pk=alert["area"], collaboration=collaboration).first()
    problem = problem_create(
        user=user,
        collaboration=collaboration,
        owner_organisation=owner_organisation,
        title=title,
        description=description,
        category=category,
        areas=[area] if area is not None else [],
        info_class=info_class,
        origin=ProblemOrigin.ALERT,
        alert_picture=picture,
        alert_key=key,
        alert_text=text[:500],
    )
    if category is not None:
        _cell_evidence(user=user, problem=problem, picture=picture, category=category, area=area)
    return problem


@transaction.atomic
def evidence_add(
    *,
    user: Any,
    problem: Problem,
    kind: str,
    report: Report | None = None,
    picture: SituationPicture | None = None,
    category: Category | None = None,
    area: Area | None = None,
    text: str = "",
) -> ProblemEvidence:
    """Link a report, a lägesbild cell or a statistics reference to the problem."""
    collaboration = problem.collaboration
    _require_editor(user, collaboration)
    if kind == EvidenceKind.REPORT:
        if report is None:
            raise field_error("report", _("Choose a report."), "required")
        if report.collaboration_id != collaboration.pk:
            raise field_error(
                "report", _("The report belongs to another collaboration."), "foreign"
            )
    elif kind == EvidenceKind.PICTURE_CELL:
        if picture is None or picture.collaboration_id != collaboration.pk:
            raise field_error(
                "picture", _("Choose a situation picture of this collaboration."), "foreign"
            )
        if not picture.is_adopted:
            raise field_error(
                "picture", _("Link an adopted version of the situation picture."), "not_adopted"
            )
        if category is None:
            raise field_error("category", _("Choose the category of the entry."), "required")
        _check_category(collaboration, category)
        if area is not None:
            _check_areas(collaboration, [area])
    elif kind == EvidenceKind.STATISTICS and not text.strip():
        raise field_error(
            "text", _("Describe the statistics (source, figure, period)."), "required"
        )
    _check_personal_data(text=text)
    evidence = ProblemEvidence(
        problem=problem,
        kind=kind,
        report=report if kind == EvidenceKind.REPORT else None,
        picture=picture if kind == EvidenceKind.PICTURE_CELL else None,
        category=category if kind == EvidenceKind.PICTURE_CELL else None,
        area=area if kind == EvidenceKind.PICTURE_CELL else None,
        text=text.strip(),
        created_by=user,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


# --- prioritisation -----------------------------------------------------------------------------


def _reset_approvals(problem: Problem) -> bool:
    """Withdraw the approvals: the decision was made on other grounds. True if any existed."""
    had = False
    for approval in problem.approvals.all():
        approval.delete()  # one by one, so each withdrawal is in the audit log
        had = True
    if problem.status == ProblemStatus.PRIORITISED:
        problem.status = ProblemStatus.PROPOSED
        problem.save(update_fields=["status", "updated_at"])
    return had


@transaction.atomic
def priority_assess(
    *, user: Any, problem: Problem, scores: dict[str, tuple[int, str]]
) -> list[PriorityAssessment]:
    """Score the problem on every criterion of the matrix (0–3, with a motivation).

    A change after an approval withdraws the approvals: the parties approved other figures.
    """
    _require_editor(user, problem.collaboration)
    if problem.status in (ProblemStatus.CLOSED,):
        raise ValidationError(_("A closed problem is no longer assessed."), code="status")
    missing = [c for c in Criterion.values if c not in scores]
    unknown = [c for c in scores if c not in Criterion.values]
    if missing or unknown:
        raise ValidationError(_("Score every criterion of the matrix."), code="incomplete")
    existing = {a.criterion: a for a in problem.assessments.all()}
    changed = False
    saved = []
    for criterion in Criterion.values:
        score, motivation = scores[criterion]
        if not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
            raise field_error(f"score_{criterion}", _("Give a score from 0 to 3."), "invalid_score")
        motivation = (motivation or "").strip()
        _check_personal_data(**{f"motivation_{criterion}": motivation})
        assessment = existing.get(criterion) or PriorityAssessment(
            problem=problem, criterion=criterion
        )
        if assessment.pk is None or (assessment.score, assessment.motivation) != (
            score,
            motivation,
        ):
            changed = True
            assessment.score = score
            assessment.motivation = motivation
            assessment.assessed_by = user
            assessment.full_clean()
            assessment.save()
        saved.append(assessment)
    if changed:
        _reset_approvals(problem)
    return saved


def assessment_total(problem: Problem) -> int | None:
    """The matrix's total for a problem, or None while it is not scored on every criterion."""
    rows = list(problem.assessments.all())
    if len(rows) < len(Criterion.values):
        return None
    return sum(a.score for a in rows)


@transaction.atomic
def priority_approve(
    *, user: Any, problem: Problem, party: str, comment: str = ""
) -> PriorityApproval:
    """One party's approval of the joint priority; with every required party's, *prioriterat*.

    The municipality approves through a coordinator or administrator of a kommun organisation,
    the police through a polis of the police organisation (Lag 2023:196 asks for a joint
    decision); a collaboration without a police party needs the municipality's alone.
    """
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    collaboration = problem.collaboration
    if party not in required_parties(collaboration):
        raise field_error("party", _("This collaboration has no such party."), "invalid")
    organisation = approver_organisation(user, collaboration, party)
    if problem.status != ProblemStatus.PROPOSED:
        raise ValidationError(
            _("Only a proposed problem can be approved as prioritised."), code="status"
        )
    if assessment_total(problem) is None:
        raise ValidationError(
            _("Score the problem on every criterion of the matrix before approving."),
            code="not_assessed",
        )
    if problem.approvals.filter(party=party).exists():
        raise ValidationError(_("This party has already approved."), code="already_approved")
    _check_personal_data(comment=comment)
    approval = PriorityApproval(
        problem=problem,
        party=party,
        organisation=organisation,
        approved_by=user,
        comment=comment.strip(),
    )
    approval.full_clean()
    approval.save()
    approved = set(problem.approvals.values_list("party", flat=True))
    if set(required_parties(collaboration)) <= approved:
        problem.status = ProblemStatus.PRIORITISED
        problem.status_reason = ""
        problem.save(update_fields=["status", "status_reason", "updated_at"])
    return approval


@transaction.atomic
def problem_deprioritise(*, user: Any, problem: Problem, reason: str) -> Problem:
    """Set the problem aside (*bortprioriterat*); the reason is required and kept."""
    _require_editor(user, problem.collaboration)
    if not reason.strip():
        raise field_error(
            "reason", _("Give the reason why the problem is not prioritised."), "required"
        )
    if problem.status == ProblemStatus.CLOSED:
        raise ValidationError(_("The problem is closed."), code="status")
    _check_personal_data(reason=reason)
    _reset_approvals(problem)
    problem.status = ProblemStatus.DEPRIORITISED
    problem.status_reason = reason.strip()
    problem.full_clean()
    problem.save(update_fields=["status", "status_reason", "updated_at"])
    return problem


@transaction.atomic
def problem_reopen(*, user: Any, problem: Problem) -> Problem:
    """Propose a deprioritised or closed problem again (it needs new approvals)."""
    _require_editor(user, problem.collaboration)
    if problem.status == ProblemStatus.PROPOSED:
        raise ValidationError(_("The problem is already proposed."), code="status")
    _reset_approvals(problem)
    problem.status = ProblemStatus.PROPOSED
    problem.status_reason = ""
    problem.save(update_fields=["status", "status_reason", "updated_at"])
    return problem


@transaction.atomic
def problem_close(*, user: Any, problem: Problem, reason: str = "") -> Problem:
    """Close a problem the collaboration no longer works on."""
    _require_editor(user, problem.collaboration)
    if problem.status == ProblemStatus.CLOSED:
        raise ValidationError(_("The problem is already closed."), code="status")
    _check_personal_data(reason=reason)
    problem.status = ProblemStatus.CLOSED
    problem.status_reason = reason.strip()
    problem.full_clean()
    problem.save(update_fields=["status", "status_reason", "updated_at"])
    return problem


# --- cause analysis -----------------------------------------------------------------------------

TRIANGLE_FIELDS = ("place", "victim", "offender", "place_managers", "guardians", "handlers")


@transaction.atomic
def cause_analysis_create(
    *,
    user: Any,
    problem: Problem,
    decided_by: str,
    decided_on: datetime.date,
    performed_by: str,
    **triangle: str,
) -> CauseAnalysis:
    """Start the orsaksanalys of a prioritised problem (one per problem)."""
    _require_editor(user, problem.collaboration)
    if problem.status != ProblemStatus.PRIORITISED:
        raise ValidationError(
            _("A cause analysis is made for a prioritised problem."), code="not_prioritised"
        )
    if CauseAnalysis.objects.filter(problem=problem).exists():
        raise ValidationError(_("The problem already has a cause analysis."), code="exists")
    unknown = set(triangle) - set(TRIANGLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field."), code="invalid")
    _check_personal_data(decided_by=decided_by, performed_by=performed_by, **triangle)
    analysis = CauseAnalysis(
        problem=problem,
        decided_by=decided_by.strip(),
        decided_on=decided_on,
        performed_by=performed_by.strip(),
        created_by=user,
        **{k: (v or "").strip() for k, v in triangle.items()},
    )
    analysis.full_clean()
    analysis.save()
    return analysis


@transaction.atomic
def cause_analysis_update(
    *,
    user: Any,
    analysis: CauseAnalysis,
    decided_by: str,
    decided_on: datetime.date,
    performed_by: str,
    status: str = AnalysisStatus.DRAFT,
    **triangle: str,
) -> CauseAnalysis:
    """Change who decided and performs the analysis, the problem triangle and the status."""
    _require_editor(user, analysis.problem.collaboration)
    unknown = set(triangle) - set(TRIANGLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field."), code="invalid")
    _check_personal_data(decided_by=decided_by, performed_by=performed_by, **triangle)
    analysis.decided_by = decided_by.strip()
    analysis.decided_on = decided_on
    analysis.performed_by = performed_by.strip()
    analysis.status = status
    for name, value in triangle.items():
        setattr(analysis, name, (value or "").strip())
    analysis.full_clean()
    analysis.save()
    return analysis


@transaction.atomic
def cause_add(
    *,
    user: Any,
    analysis: CauseAnalysis,
    text: str,
    parent: Cause | None = None,
    perspective: str = "",
) -> Cause:
    """Add a cause: a main cause (no parent) or the answer to "varför?" about ``parent``.

    The tree goes at most five "varför?" deep. The number is the parent's number plus the next
    free position among its siblings (1, 1.2, 1.2.1) and never changes.
    """
    _require_editor(user, analysis.problem.collaboration)
    if parent is not None and parent.analysis_id != analysis.pk:
        raise field_error("parent", _("The cause belongs to another analysis."), "foreign")
    depth = 1 if parent is None else parent.depth + 1
    if depth > MAX_CAUSE_DEPTH:
        raise field_error(
            "parent",
            _("The cause tree goes at most five levels of “why?” deep."),
            "too_deep",
        )
    if perspective and perspective not in Perspective.values:
        raise field_error("perspective", _("Unknown perspective."), "invalid")
    _check_personal_data(text=text)
    # Lock the analysis so two people adding a cause at once do not get the same number.
    CauseAnalysis.objects.select_for_update().filter(pk=analysis.pk).first()
    siblings = Cause.objects.filter(analysis=analysis, parent=parent)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    number = str(position) if parent is None else f"{parent.number}.{position}"
    cause = Cause(
        analysis=analysis,
        parent=parent,
        number=number,
        position=position,
        depth=depth,
        text=text.strip(),
        perspective=perspective,
    )
    cause.full_clean()
    cause.save()
    return cause


@transaction.atomic
def event_step_add(
    *, user: Any, analysis: CauseAnalysis, text: str, preventable: bool = False
) -> EventChainStep:
    """Add the next step of the event chain (händelsekedja)."""
    _require_editor(user, analysis.problem.collaboration)
    _check_personal_data(text=text)
    CauseAnalysis.objects.select_for_update().filter(pk=analysis.pk).first()
    position = (analysis.event_steps.aggregate(m=Max("position"))["m"] or 0) + 1
    step = EventChainStep(
        analysis=analysis, position=position, text=text.strip(), preventable=preventable
    )
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def hypothesis_add(
    *,
    user: Any,
    analysis: CauseAnalysis,
    problem_text: str,
    hypothesis: str,
    test: str,
    cause: Cause | None = None,
) -> Hypothesis:
    """Add a row to the hypothesis table: problem | hypothesis about the cause | test."""
    _require_editor(user, analysis.problem.collaboration)
    if cause is not None and cause.analysis_id != analysis.pk:
        raise field_error("cause", _("The cause belongs to another analysis."), "foreign")
    _check_personal_data(problem_text=problem_text, hypothesis=hypothesis, test=test)
    row = Hypothesis(
        analysis=analysis,
        cause=cause,
        problem_text=problem_text.strip(),
        hypothesis=hypothesis.strip(),
        test=test.strip(),
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def hypothesis_record_result(
    *, user: Any, hypothesis: Hypothesis, result: str, status: str
) -> Hypothesis:
    """Record what the test showed: the hypothesis is supported or rejected (or still open)."""
    _require_editor(user, hypothesis.analysis.problem.collaboration)
    if status not in HypothesisStatus.values:
        raise field_error("status", _("Unknown status."), "invalid")
    if status != HypothesisStatus.UNTESTED and not result.strip():
        raise field_error("result", _("Describe the result of the test."), "required")
    _check_personal_data(result=result)
    hypothesis.result = result.strip()
    hypothesis.status = status
    hypothesis.full_clean()
    hypothesis.save(update_fields=["result", "status"])
    return hypothesis
