"""Pages of the planning app: problems, the prioritisation matrix and the cause analysis.

Every page works as plain forms with redirects; editing is for coordinators, administrators
and the police (``services.may_edit``), approving follows the joint-approval rule.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.geography.models import Area
from laget.organisations.models import Collaboration
from laget.organisations.selectors import user_organisations
from laget.planning import selectors, services
from laget.planning.choices import (
    MAX_CAUSE_DEPTH,
    Criterion,
    EvidenceKind,
    Party,
    ProblemStatus,
)
from laget.planning.forms import (
    ApprovalForm,
    AssessmentForm,
    CauseAnalysisForm,
    CauseAnalysisUpdateForm,
    CauseForm,
    EventStepForm,
    EvidenceForm,
    HypothesisForm,
    HypothesisResultForm,
    ProblemForm,
    ProblemFromSourceForm,
    StatusForm,
)
from laget.planning.models import Cause, CauseAnalysis, Hypothesis, Problem, ProblemEvidence
from laget.reporting.models import Category, Report
from laget.situation.choices import MeetingDecision, PictureStatus
from laget.situation.meetings import may_read_meetings
from laget.situation.models import AgendaItem, SituationPicture

# --- lookups ------------------------------------------------------------------------------------


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id)


def _require_edit(request: HttpRequest, collaboration: Collaboration) -> None:
    if not services.may_edit(request.user, collaboration):
        raise PermissionDenied


def _problem(request: HttpRequest, collaboration: Collaboration, problem_id: int) -> Problem:
    problem = access.access_object(request.user, Problem, problem_id)
    if problem.collaboration_id != collaboration.pk:
        raise Http404
    return problem


def _analysis(request: HttpRequest, collaboration_id: int, problem_id: int) -> CauseAnalysis:
    """The problem's cause analysis for editing, else 404 (403 for members who may not edit)."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    analysis = selectors.analysis_for(problem)
    if analysis is None:
        raise Http404
    _require_edit(request, collaboration)
    return analysis


def _problem_url(problem: Problem) -> str:
    return reverse(
        "planning:problem_detail",
        kwargs={"collaboration_id": problem.collaboration_id, "problem_id": problem.pk},
    )


def _analysis_url(problem: Problem, anchor: str = "") -> str:
    url = reverse(
        "planning:analysis",
        kwargs={"collaboration_id": problem.collaboration_id, "problem_id": problem.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def _organisations(request: HttpRequest, collaboration: Collaboration) -> Any:
    return user_organisations(user=request.user, collaboration=collaboration)


# --- problems -----------------------------------------------------------------------------------


def _sources(request: HttpRequest, collaboration: Collaboration) -> dict[str, Any]:
    """Where new problems come from: undone meeting decisions and the latest alerts."""
    items = access.restrict(
        request.user,
        AgendaItem.objects.filter(
            meeting__collaboration=collaboration,
            decision=MeetingDecision.CAUSE_ANALYSIS,
            problems__isnull=True,
        ),
    ).select_related("meeting")
    picture = (
        access.restrict(
            request.user,
            SituationPicture.objects.filter(
                collaboration=collaboration, status=PictureStatus.ADOPTED
            ),
        )
        .order_by("-period_start", "-version")
        .first()
    )
    alerts = []
    if picture is not None:
        for index, alert in enumerate(picture.snapshot.get("alerts", [])):
            alerts.append((index, services.alert_description(picture, alert)[1]))
    return {"source_items": list(items[:20]), "alert_picture": picture, "alerts": alerts}


@login_required
def problem_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The collaboration's problems, filtered by status, and where new ones come from."""
    collaboration = _collaboration(request, collaboration_id)
    status = request.GET.get("status", "")
    if status not in ProblemStatus.values:
        status = ""
    problems = selectors.problem_list(
        user=request.user, collaboration=collaboration, status=status or None
    )
    can_edit = services.may_edit(request.user, collaboration)
    context = {
        "collaboration": collaboration,
        "problems": problems,
        "status": status,
        "statuses": ProblemStatus.choices,
        "can_edit": can_edit,
        **(_sources(request, collaboration) if can_edit else {}),
    }
    return render(request, "planning/problem_list.html", context)


def _problem_form(request: HttpRequest, collaboration: Collaboration, **kwargs: Any) -> ProblemForm:
    return ProblemForm(
        request.POST or None,
        categories=Category.objects.filter(
            template__collaboration=collaboration, is_active=True
        ).select_related("parent"),
        areas=Area.objects.filter(collaboration=collaboration),
        organisations=_organisations(request, collaboration),
        **kwargs,
    )


@login_required
def problem_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """Record a problem by hand."""
    collaboration = _collaboration(request, collaboration_id)
    _require_edit(request, collaboration)
    form = _problem_form(request, collaboration)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create(
                user=request.user, collaboration=collaboration, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The problem has been recorded."))
            return redirect(_problem_url(problem))
    context = {"collaboration": collaboration, "form": form, "title": _("New problem")}
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/problem_form.html", context, status=status)


@login_required
def problem_edit(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """Change a problem's description, category, areas and information class."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    _require_edit(request, collaboration)
    initial = {
        "title": problem.title,
        "description": problem.description,
        "category": problem.category_id,
        "areas": list(problem.areas.values_list("pk", flat=True)),
        "time_pattern": problem.time_pattern,
        "affected_group": problem.affected_group,
        "owner_organisation": problem.owner_organisation_id,
        "info_class": problem.info_class,
    }
    form = _problem_form(request, collaboration, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_update(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The problem has been saved."))
            return redirect(_problem_url(problem))
    context = {"collaboration": collaboration, "form": form, "problem": problem}
    context["title"] = _("Change the problem")
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/problem_form.html", context, status=status)


def _error_status(request: HttpRequest) -> int:
    """A refused submission answers 400; opening the page shows the explanation (200)."""
    return 400 if request.method == "POST" else 200


def _source_page(
    request: HttpRequest,
    collaboration: Collaboration,
    form: ProblemFromSourceForm,
    source: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    context = {"collaboration": collaboration, "form": form, **source}
    return render(request, "planning/problem_from_source.html", context, status=status)


@login_required
def problem_from_agenda_item(
    request: HttpRequest, collaboration_id: int, agenda_item_id: int
) -> HttpResponse:
    """A problem from a meeting's decision "cause analysis needed" (link it from the item)."""
    collaboration = _collaboration(request, collaboration_id)
    item = access.access_object(request.user, AgendaItem, agenda_item_id)
    meeting = item.meeting
    if meeting.collaboration_id != collaboration.pk or not may_read_meetings(
        request.user, meeting.group
    ):
        raise Http404
    _require_edit(request, collaboration)
    form = ProblemFromSourceForm(
        request.POST or None,
        organisations=_organisations(request, collaboration),
        initial={"title": item.title, "description": item.notes},
    )
    source = {"item": item, "meeting": meeting}
    if item.decision != MeetingDecision.CAUSE_ANALYSIS:
        source["error"] = _(
            'Only an agenda item decided as "cause analysis needed" becomes a problem.'
        )
        return _source_page(request, collaboration, form, source, status=_error_status(request))
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create_from_agenda_item(
                user=request.user, item=item, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The problem has been recorded."))
            return redirect(_problem_url(problem))
    status = 400 if request.method == "POST" else 200
    return _source_page(request, collaboration, form, source, status=status)


@login_required
def problem_from_alert(
    request: HttpRequest, collaboration_id: int, picture_id: int, alert_index: int
) -> HttpResponse:
    """A problem from an alert of an adopted lägesbild."""
    collaboration = _collaboration(request, collaboration_id)
    picture = access.access_object(request.user, SituationPicture, picture_id)
    if picture.collaboration_id != collaboration.pk:
        raise Http404
    _require_edit(request, collaboration)
    try:
        alert = services.picture_alert(picture, alert_index)
    except ValidationError as exc:
        form = ProblemFromSourceForm(organisations=_organisations(request, collaboration))
        source = {"picture": picture, "error": " ".join(exc.messages)}
        return _source_page(request, collaboration, form, source, status=_error_status(request))
    _key, text = services.alert_description(picture, alert)
    form = ProblemFromSourceForm(
        request.POST or None,
        organisations=_organisations(request, collaboration),
        initial={"title": text[:200]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create_from_alert(
                user=request.user, picture=picture, alert_index=alert_index, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The problem has been recorded."))
            return redirect(_problem_url(problem))
    status = 400 if request.method == "POST" else 200
    source = {"picture": picture, "alert_text": text}
    return _source_page(request, collaboration, form, source, status=status)


@login_required
def priority_matrix(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """The prioritisation matrix: criteria as rows, problems as columns, totals below."""
    collaboration = _collaboration(request, collaboration_id)
    matrix = selectors.priority_matrix(user=request.user, collaboration=collaboration)
    context = {"collaboration": collaboration, "matrix": matrix}
    return render(request, "planning/matrix.html", context)


def _evidence(request: HttpRequest, problem: Problem) -> list[ProblemEvidence]:
    """The problem's evidence; reports and pictures the reader may not open are not shown."""
    evidence = list(
        problem.evidence.select_related(
            "report__category__parent", "picture", "category__parent", "area"
        )
    )
    report_ids = {e.report_id for e in evidence if e.report_id}
    picture_ids = {e.picture_id for e in evidence if e.picture_id}
    readable_reports = set(
        access.restrict(request.user, Report.objects.filter(pk__in=report_ids)).values_list(
            "pk", flat=True
        )
    )
    readable_pictures = set(
        access.restrict(
            request.user, SituationPicture.objects.filter(pk__in=picture_ids)
        ).values_list("pk", flat=True)
    )
    for e in evidence:
        e.readable = (e.report_id is None or e.report_id in readable_reports) and (
            e.picture_id is None or e.picture_id in readable_pictures
        )
    return evidence


def _evidence_form(
    request: HttpRequest, collaboration: Collaboration, data: Any = None
) -> EvidenceForm:
    pictures = access.restrict(
        request.user,
        SituationPicture.objects.filter(
            collaboration=collaboration, status=PictureStatus.ADOPTED
        ).defer("snapshot"),
    ).order_by("-period_start", "-version")
    return EvidenceForm(
        data,
        pictures=pictures,
        categories=Category.objects.filter(template__collaboration=collaboration).select_related(
            "parent"
        ),
        areas=Area.objects.filter(collaboration=collaboration),
    )


def _detail_context(
    request: HttpRequest, collaboration: Collaboration, problem: Problem
) -> dict[str, Any]:
    can_edit = services.may_edit(request.user, collaboration)
    assessments = {a.criterion: a for a in problem.assessments.select_related("assessed_by")}
    approvals = {
        a.party: a for a in problem.approvals.select_related("approved_by", "organisation")
    }
    required = services.required_parties(collaboration)
    labels = dict(Party.choices)
    mine = services.approvable_parties(request.user, collaboration)
    return {
        "collaboration": collaboration,
        "problem": problem,
        "can_edit": can_edit,
        "evidence": _evidence(request, problem),
        "criteria": [(c, label, assessments.get(c)) for c, label in Criterion.choices],
        "total": services.assessment_total(problem),
        "approval_rows": [(p, labels[p], approvals.get(p)) for p in required],
        "approve_parties": [
            (p, labels[p])
            for p in mine
            if p not in approvals and problem.status == ProblemStatus.PROPOSED
        ],
        "approval_form": ApprovalForm(),
        "status_form": StatusForm() if can_edit else None,
        "evidence_form": _evidence_form(request, collaboration) if can_edit else None,
        "analysis": selectors.analysis_for(problem),
        "goals": list(problem.goals.select_related("parent")),
        "measures": list(problem.measures.select_related("plan")),
    }


@login_required
def problem_detail(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """A problem with its evidence, scores, approvals and the way to its cause analysis."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    context = _detail_context(request, collaboration, problem)
    return render(request, "planning/problem_detail.html", context)


@login_required
def priority_assess(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """Score the problem on the matrix's criteria (a change withdraws earlier approvals)."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    _require_edit(request, collaboration)
    initial: dict[str, Any] = {}
    for assessment in problem.assessments.all():
        initial[f"score_{assessment.criterion}"] = assessment.score
        initial[f"motivation_{assessment.criterion}"] = assessment.motivation
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        had_approvals = problem.approvals.exists()
        try:
            services.priority_assess(user=request.user, problem=problem, scores=form.scores())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The assessment has been saved."))
            if had_approvals and not problem.approvals.exists():
                messages.warning(
                    request,
                    _("The assessment changed, so the approvals were withdrawn: approve again."),
                )
            return redirect(_problem_url(problem))
    context = {"collaboration": collaboration, "problem": problem, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/assess.html", context, status=status)


@login_required
@require_POST
def priority_approve(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """One party's approval of the joint priority."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the party you approve for."))
        return redirect(_problem_url(problem))
    try:
        services.priority_approve(user=request.user, problem=problem, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        problem.refresh_from_db()
        if problem.status == ProblemStatus.PRIORITISED:
            messages.success(request, _("Both parties have approved: the problem is prioritised."))
        else:
            messages.success(request, _("Your approval has been recorded."))
    return redirect(_problem_url(problem))


@login_required
@require_POST
def problem_status(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """Deprioritise (with a reason), propose again or close a problem."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    _require_edit(request, collaboration)
    form = StatusForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        reason = form.cleaned_data["reason"]
        try:
            if action == "deprioritise":
                services.problem_deprioritise(user=request.user, problem=problem, reason=reason)
            elif action == "reopen":
                services.problem_reopen(user=request.user, problem=problem)
            else:
                services.problem_close(user=request.user, problem=problem, reason=reason)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect(_problem_url(problem))
    context = _detail_context(request, collaboration, problem)
    context["status_form"] = form
    return render(request, "planning/problem_detail.html", context, status=400)


@login_required
@require_POST
def evidence_add(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """Link a report (by its number) or a statistics reference to the problem."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    _require_edit(request, collaboration)
    form = _evidence_form(request, collaboration, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = None
            if data["kind"] == EvidenceKind.REPORT:
                report = (
                    access.restrict(request.user, Report.objects.all())
                    .filter(pk=data["report"])
                    .first()
                )
                if report is None:
                    raise ValidationError(
                        {"report": ValidationError(_("No such report."), code="not_found")}
                    )
            services.evidence_add(
                user=request.user,
                problem=problem,
                kind=data["kind"],
                report=report,
                picture=data["picture"],
                category=data["category"],
                area=data["area"],
                text=data["text"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The evidence has been added."))
            return redirect(_problem_url(problem) + "#evidence")
    context = _detail_context(request, collaboration, problem)
    context["evidence_form"] = form
    return render(request, "planning/problem_detail.html", context, status=400)


# --- cause analysis -----------------------------------------------------------------------------


def _analysis_context(
    request: HttpRequest,
    collaboration: Collaboration,
    problem: Problem,
    analysis: CauseAnalysis | None,
    **bound: Any,
) -> dict[str, Any]:
    can_edit = services.may_edit(request.user, collaboration)
    context: dict[str, Any] = {
        "collaboration": collaboration,
        "problem": problem,
        "analysis": analysis,
        "can_edit": can_edit,
        "max_depth": MAX_CAUSE_DEPTH,
    }
    if analysis is None:
        if can_edit and problem.status == ProblemStatus.PRIORITISED:
            context["analysis_form"] = bound.get("analysis_form") or CauseAnalysisForm(
                initial={"decided_on": timezone.localdate()}
            )
        return context
    tree = selectors.cause_tree(analysis=analysis)
    child_parent = bound.get("child_parent")
    for node in selectors.walk(tree):
        if not can_edit:
            continue
        if child_parent == node.cause.pk:
            node.form = bound["child_form"]  # with its errors, even at the depth limit
        elif node.can_deepen:
            node.form = CauseForm(prefix=f"cause{node.cause.pk}")
    hypotheses = list(analysis.hypotheses.select_related("cause"))
    result_forms = bound.get("result_forms", {})
    context.update(
        {
            "tree": tree,
            "steps": list(analysis.event_steps.all()),
            "hypotheses": [
                (
                    h,
                    result_forms.get(h.pk)
                    or HypothesisResultForm(
                        prefix=f"hyp{h.pk}", initial={"result": h.result, "status": h.status}
                    ),
                )
                for h in hypotheses
            ],
        }
    )
    if can_edit:
        context["analysis_form"] = bound.get("analysis_form") or CauseAnalysisUpdateForm(
            initial={name: getattr(analysis, name) for name in CauseAnalysisUpdateForm.base_fields}
        )
        context["cause_form"] = bound.get("cause_form") or CauseForm(prefix="root")
        context["step_form"] = bound.get("step_form") or EventStepForm()
        context["hypothesis_form"] = bound.get("hypothesis_form") or HypothesisForm(
            causes=analysis.causes.all(), initial={"problem_text": problem.title}
        )
    return context


@login_required
def analysis_page(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """The cause analysis (orsaksanalys): start it, and edit its triangle and status."""
    collaboration = _collaboration(request, collaboration_id)
    problem = _problem(request, collaboration, problem_id)
    analysis = selectors.analysis_for(problem)
    bound: dict[str, Any] = {}
    if request.method == "POST":
        _require_edit(request, collaboration)
        form_class = CauseAnalysisForm if analysis is None else CauseAnalysisUpdateForm
        form = form_class(request.POST)
        if form.is_valid():
            try:
                if analysis is None:
                    services.cause_analysis_create(
                        user=request.user, problem=problem, **form.cleaned_data
                    )
                else:
                    services.cause_analysis_update(
                        user=request.user, analysis=analysis, **form.cleaned_data
                    )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The cause analysis has been saved."))
                return redirect(_analysis_url(problem))
        bound["analysis_form"] = form
    context = _analysis_context(request, collaboration, problem, analysis, **bound)
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/analysis.html", context, status=status)


def _analysis_error(request: HttpRequest, analysis: CauseAnalysis, **bound: Any) -> HttpResponse:
    problem = analysis.problem
    context = _analysis_context(request, problem.collaboration, problem, analysis, **bound)
    return render(request, "planning/analysis.html", context, status=400)


@login_required
@require_POST
def cause_add(
    request: HttpRequest, collaboration_id: int, problem_id: int, cause_id: int | None = None
) -> HttpResponse:
    """Add a main cause, or (with ``cause_id``) the answer to "varför?" about that cause."""
    analysis = _analysis(request, collaboration_id, problem_id)
    parent = None
    if cause_id is not None:
        parent = access.access_object(request.user, Cause, cause_id)
        if parent.analysis_id != analysis.pk:
            raise Http404
    form = CauseForm(request.POST, prefix="root" if parent is None else f"cause{parent.pk}")
    if form.is_valid():
        try:
            cause = services.cause_add(
                user=request.user, analysis=analysis, parent=parent, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Cause %(number)s has been added.") % {"number": cause.number}
            )
            return redirect(_analysis_url(analysis.problem, f"cause-{cause.pk}"))
    if parent is None:
        return _analysis_error(request, analysis, cause_form=form)
    return _analysis_error(request, analysis, child_parent=parent.pk, child_form=form)


@login_required
@require_POST
def event_step_add(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """Add the next step of the event chain."""
    analysis = _analysis(request, collaboration_id, problem_id)
    form = EventStepForm(request.POST)
    if form.is_valid():
        try:
            services.event_step_add(user=request.user, analysis=analysis, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The step has been added."))
            return redirect(_analysis_url(analysis.problem, "event-chain"))
    return _analysis_error(request, analysis, step_form=form)


@login_required
@require_POST
def hypothesis_add(request: HttpRequest, collaboration_id: int, problem_id: int) -> HttpResponse:
    """Add a row to the hypothesis table."""
    analysis = _analysis(request, collaboration_id, problem_id)
    form = HypothesisForm(request.POST, causes=analysis.causes.all())
    if form.is_valid():
        try:
            services.hypothesis_add(user=request.user, analysis=analysis, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The hypothesis has been added."))
            return redirect(_analysis_url(analysis.problem, "hypotheses"))
    return _analysis_error(request, analysis, hypothesis_form=form)


@login_required
@require_POST
def hypothesis_result(
    request: HttpRequest, collaboration_id: int, problem_id: int, hypothesis_id: int
) -> HttpResponse:
    """Record the result of a hypothesis's test."""
    analysis = _analysis(request, collaboration_id, problem_id)
    hypothesis = access.access_object(request.user, Hypothesis, hypothesis_id)
    if hypothesis.analysis_id != analysis.pk:
        raise Http404
    form = HypothesisResultForm(request.POST, prefix=f"hyp{hypothesis.pk}")
    if form.is_valid():
        try:
            services.hypothesis_record_result(
                user=request.user, hypothesis=hypothesis, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The result has been saved."))
            return redirect(_analysis_url(analysis.problem, "hypotheses"))
    return _analysis_error(request, analysis, result_forms={hypothesis.pk: form})
