"""Writes of the programmes app: programmes, documents, signatories, development areas and their
working groups, versioned activity plans with their workflow, activities with the deviation
log, expected results and issued steering-group packs.

Every service checks that the acting person is a regional coordinator of the programme's county
(or a superuser), validates meaning, calls ``full_clean()`` and runs in a transaction, so bad
input never leaves a half-stored record. Changes are audited by the model signals.

Decisions:

* **One working group per development area.** The Skåne programme had exactly that, so the
  group's convener, members and meetings hang on the area itself.
* **A slipped activity must say why.** An activity is slipped when it is postponed, cancelled or
  replaced, or when its new or actual date is later than planned; it is then refused without
  both a reason kind and a text. Every status update is kept in ``ActivityChange``.
* **Renewing a plan copies the open activities** (planned, in progress, postponed) into the new
  version, which starts as a draft; the earlier version stays as it was.
* **What an activity is stays as planned once the plan is submitted.** Its title, type, mode,
  target group, senders and planned date change only in a draft or returned plan
  (``activity_edit``); afterwards only its status, dates and outcome are updated, with a reason
  for any deviation. Only an activity added to the draft (not carried over) can be deleted; a
  submitted one is cancelled with its reason instead, so the deviation stays documented.
* **The steering group's decision log** (``SteeringGroupDecision``) keeps each decision or
  adjustment per meeting, optionally about one area or activity (an activity implies its area).
* **Participants beyond the county board** (``ProgrammeMember``) only read; every write here
  still requires a regional coordinator of the county.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import pii
from laget.core.errors import field_error
from laget.programmes.choices import (
    OPEN_ACTIVITY_STATUSES,
    ActivityStatus,
    DecisionKind,
    PlanStatus,
)
from laget.programmes.models import (
    Activity,
    ActivityChange,
    ActivityPlan,
    DevelopmentArea,
    ExpectedResult,
    Programme,
    ProgrammeDocument,
    ProgrammeMember,
    Signatory,
    SteeringGroupDecision,
    SteeringGroupPack,
    WorkingGroupMeeting,
    WorkingGroupMember,
)

#: Statuses that are a deviation in themselves (a reason is required).
DEVIATING_STATUSES = (ActivityStatus.POSTPONED, ActivityStatus.CANCELLED, ActivityStatus.REPLACED)
#: Plan statuses in which activities may be added.
EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)

PROGRAMME_FIELDS = (
    "name",
    "short_name",
    "period_start",
    "period_end",
    "national_link",
    "status",
    "description",
    "plan_cadence_months",
)


# --- helpers ------------------------------------------------------------------------------------


def may_manage(user: Any, county: Any) -> bool:
    """Regional coordinators of the county (and superusers) manage its programmes."""
    scope = access.scope_for(user)
    return scope.is_superuser or county.pk in scope.counties


def _require_manager(user: Any, programme: Programme) -> None:
    if not may_manage(user, programme.county):
        raise PermissionDenied


def _check_personal_data(**texts: str) -> None:
    """Programme texts describe organisations, roles and activities, never individuals."""
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


def _check_period(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise field_error(
            "period_end", _("The period cannot end before it starts."), "period_order"
        )


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def _set(obj: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


# --- programme ----------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, user: Any, county: Any, **fields: Any) -> Programme:
    """Start a regional programme for ``county``."""
    if not may_manage(user, county):
        raise PermissionDenied
    programme = Programme(county=county)
    _set(programme, fields, PROGRAMME_FIELDS)
    _check_period(programme.period_start, programme.period_end)
    _check_personal_data(description=programme.description)
    return _save(programme)


@transaction.atomic
def programme_update(*, user: Any, programme: Programme, **fields: Any) -> Programme:
    _require_manager(user, programme)
    _set(programme, fields, PROGRAMME_FIELDS)
    _check_period(programme.period_start, programme.period_end)
    _check_personal_data(description=programme.description)
    return _save(programme)


@transaction.atomic
def document_add(
    *,
    user: Any,
    programme: Programme,
    kind: str,
    title: str,
    adopted_on: datetime.date | None = None,
    reference: str = "",
) -> ProgrammeDocument:
    _require_manager(user, programme)
    return _save(
        ProgrammeDocument(
            programme=programme, kind=kind, title=title, adopted_on=adopted_on, reference=reference
        )
    )


DOCUMENT_FIELDS = ("kind", "title", "adopted_on", "reference")


@transaction.atomic
def document_update(*, user: Any, document: ProgrammeDocument, **fields: Any) -> ProgrammeDocument:
    _require_manager(user, document.programme)
    _set(document, fields, DOCUMENT_FIELDS)
    return _save(document)


@transaction.atomic
def document_delete(*, user: Any, document: ProgrammeDocument) -> None:
    _require_manager(user, document.programme)
    document.delete()


# --- signatories --------------------------------------------------------------------------------

SIGNATORY_FIELDS = (
    "organisation",
    "organisation_name",
    "signed_on",
    "in_operational_plan",
    "steering_role",
    "withdrawn_on",
)


def _check_signatory(signatory: Signatory) -> None:
    if signatory.organisation is not None:
        from laget.programmes.selectors import county_organisations

        county = signatory.programme.county
        if not county_organisations(county).filter(pk=signatory.organisation.pk).exists():
            raise field_error(
                "organisation",
                _("Choose an organisation that works in the county."),
                "foreign",
            )
    if signatory.organisation is not None and not signatory.organisation_name:
        signatory.organisation_name = signatory.organisation.name
    if not (signatory.organisation_name or "").strip():
        raise field_error(
            "organisation_name",
            _("Choose an organisation in Läget or write the organisation's name."),
            "required",
        )
    signatory.organisation_name = signatory.organisation_name.strip()
    clash = Signatory.objects.filter(
        programme=signatory.programme, organisation_name__iexact=signatory.organisation_name
    ).exclude(pk=signatory.pk)
    if clash.exists():
        raise field_error(
            "organisation_name",
            _("This organisation has already signed the programme."),
            "duplicate",
        )
    if (
        signatory.withdrawn_on
        and signatory.signed_on
        and signatory.withdrawn_on < signatory.signed_on
    ):
        raise field_error(
            "withdrawn_on", _("An organisation cannot withdraw before it signed."), "order"
        )


@transaction.atomic
def signatory_add(*, user: Any, programme: Programme, **fields: Any) -> Signatory:
    _require_manager(user, programme)
    signatory = Signatory(programme=programme)
    _set(signatory, fields, SIGNATORY_FIELDS)
    _check_signatory(signatory)
    return _save(signatory)


@transaction.atomic
def signatory_update(*, user: Any, signatory: Signatory, **fields: Any) -> Signatory:
    _require_manager(user, signatory.programme)
    _set(signatory, fields, SIGNATORY_FIELDS)
    _check_signatory(signatory)
    return _save(signatory)


# --- development areas and working groups -------------------------------------------------------

AREA_FIELDS = ("number", "name", "aliases", "rationale", "national_dependencies", "convener")


def _check_area(area: DevelopmentArea) -> None:
    if area.convener is not None and area.convener.programme_id != area.programme_id:
        raise field_error("convener", _("The convener must have signed this programme."), "foreign")
    clash = DevelopmentArea.objects.filter(programme=area.programme, number=area.number).exclude(
        pk=area.pk
    )
    if area.number is not None and clash.exists():
        raise field_error(
            "number", _("Another development area already has this number."), "duplicate"
        )
    _check_personal_data(rationale=area.rationale, national_dependencies=area.national_dependencies)


@transaction.atomic
def area_create(*, user: Any, programme: Programme, **fields: Any) -> DevelopmentArea:
    _require_manager(user, programme)
    area = DevelopmentArea(programme=programme)
    _set(area, fields, AREA_FIELDS)
    _check_area(area)
    return _save(area)


@transaction.atomic
def area_update(*, user: Any, area: DevelopmentArea, **fields: Any) -> DevelopmentArea:
    _require_manager(user, area.programme)
    _set(area, fields, AREA_FIELDS)
    _check_area(area)
    return _save(area)


MEMBER_FIELDS = (
    "signatory",
    "other_organisation",
    "function_title",
    "appointed_by",
    "anchored_with_manager",
    "hours_per_week",
    "hours_unregulated",
    "controls_own_time",
    "representation_scope",
    "start_date",
    "end_date",
    "end_reason",
)


def _check_member(member: WorkingGroupMember) -> None:
    member.other_organisation = (member.other_organisation or "").strip()
    if member.signatory is not None and member.signatory.programme_id != member.area.programme_id:
        raise field_error(
            "signatory", _("The organisation must have signed this programme."), "foreign"
        )
    if (member.signatory is None) == (not member.other_organisation):
        raise field_error(
            "signatory",
            _(
                "Choose a signatory organisation or write another organisation's name (one of the two)."
            ),
            "organisation",
        )
    if member.hours_unregulated and member.hours_per_week is not None:
        raise field_error(
            "hours_per_week",
            _("Give hours per week or mark the time as unregulated, not both."),
            "hours",
        )
    if member.end_date and member.start_date and member.end_date < member.start_date:
        raise field_error("end_date", _("A member cannot leave before joining."), "order")


@transaction.atomic
def member_add(*, user: Any, area: DevelopmentArea, **fields: Any) -> WorkingGroupMember:
    """Appoint someone (by function, not by name) to the area's working group."""
    _require_manager(user, area.programme)
    member = WorkingGroupMember(area=area)
    _set(member, fields, MEMBER_FIELDS)
    _check_member(member)
    return _save(member)


@transaction.atomic
def member_end(
    *, user: Any, member: WorkingGroupMember, end_date: datetime.date, end_reason: str = ""
) -> WorkingGroupMember:
    """Record that a member left; the seat stays in the group's history."""
    _require_manager(user, member.area.programme)
    if member.end_date is not None:
        raise ValidationError(_("This member has already left the working group."), code="ended")
    member.end_date = end_date
    member.end_reason = end_reason
    _check_member(member)
    return _save(member)


@transaction.atomic
def meeting_add(
    *, user: Any, area: DevelopmentArea, held_on: datetime.date, minutes: str = ""
) -> WorkingGroupMeeting:
    _require_manager(user, area.programme)
    _check_personal_data(minutes=minutes)
    return _save(WorkingGroupMeeting(area=area, held_on=held_on, minutes=minutes))


@transaction.atomic
def member_update(*, user: Any, member: WorkingGroupMember, **fields: Any) -> WorkingGroupMember:
    """Correct a seat: every field, including the dates and the reason for leaving."""
    _require_manager(user, member.area.programme)
    _set(member, fields, MEMBER_FIELDS)
    if member.end_date is None and (member.end_reason or "").strip():
        raise field_error(
            "end_reason", _("Give the end date as well as the reason for leaving."), "no_end"
        )
    _check_member(member)
    return _save(member)


@transaction.atomic
def meeting_update(
    *, user: Any, meeting: WorkingGroupMeeting, held_on: datetime.date, minutes: str = ""
) -> WorkingGroupMeeting:
    _require_manager(user, meeting.area.programme)
    _check_personal_data(minutes=minutes)
    meeting.held_on = held_on
    meeting.minutes = minutes
    return _save(meeting)


@transaction.atomic
def meeting_delete(*, user: Any, meeting: WorkingGroupMeeting) -> None:
    _require_manager(user, meeting.area.programme)
    meeting.delete()


# --- activity plans -----------------------------------------------------------------------------


def latest_plan(area: DevelopmentArea) -> ActivityPlan | None:
    return area.plans.order_by("-version").first()


@transaction.atomic
def plan_create(
    *,
    user: Any,
    area: DevelopmentArea,
    period_start: datetime.date,
    period_end: datetime.date,
    note: str = "",
) -> ActivityPlan:
    """A new version of the area's activity plan. The first version starts empty; a renewal
    copies the previous version's open activities. A draft must be submitted first."""
    _require_manager(user, area.programme)
    _check_period(period_start, period_end)
    previous = latest_plan(area)
    if previous is not None and previous.status in EDITABLE_PLAN_STATUSES:
        raise ValidationError(
            _(
                "The latest version is still a draft or has been returned: submit it before "
                "starting a new one."
            ),
            code="draft_exists",
        )
    if previous is not None and period_start < previous.period_start:
        raise field_error(
            "period_start",
            _("A new version cannot start before the previous version."),
            "period_order",
        )
    number = (area.plans.aggregate(m=Max("version"))["m"] or 0) + 1
    plan = _save(
        ActivityPlan(
            area=area,
            version=number,
            period_start=period_start,
            period_end=period_end,
            note=note,
            previous=previous,
        )
    )
    if previous is not None:
        for activity in previous.activities.filter(status__in=OPEN_ACTIVITY_STATUSES):
            copy = Activity(
                plan=plan,
                copied_from=activity,
                **{
                    f.name: getattr(activity, f.name)
                    for f in Activity._meta.concrete_fields
                    if f.name not in ("id", "plan", "copied_from")
                },
            )
            _save(copy)
    return plan


def _require_latest(plan: ActivityPlan) -> None:
    latest = latest_plan(plan.area)
    if latest is None or latest.pk != plan.pk:
        raise ValidationError(
            _("Only the latest version of an activity plan can be changed."), code="old_version"
        )


@transaction.atomic
def plan_submit(*, user: Any, plan: ActivityPlan) -> ActivityPlan:
    """The convener sends the plan to the county board's coordinator."""
    _require_manager(user, plan.area.programme)
    _require_latest(plan)
    if plan.status not in EDITABLE_PLAN_STATUSES:
        raise ValidationError(_("Only a draft or a returned plan can be submitted."), code="status")
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    return _save(plan)


@transaction.atomic
def plan_quality_assure(*, user: Any, plan: ActivityPlan) -> ActivityPlan:
    """The coordinator has quality-assured the plan."""
    _require_manager(user, plan.area.programme)
    _require_latest(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be quality-assured."), code="status")
    plan.status = PlanStatus.QUALITY_ASSURED
    plan.quality_assured_at = timezone.now()
    plan.quality_assured_by = user
    return _save(plan)


@transaction.atomic
def plan_return(*, user: Any, plan: ActivityPlan, comment: str) -> ActivityPlan:
    """The coordinator sends the plan back to the working group, saying what to change."""
    _require_manager(user, plan.area.programme)
    _require_latest(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be returned."), code="status")
    if not comment.strip():
        raise field_error("comment", _("Say what the working group should change."), "required")
    plan.status = PlanStatus.RETURNED
    plan.return_comment = comment.strip()
    return _save(plan)


@transaction.atomic
def plan_present(*, user: Any, plan: ActivityPlan, presented_on: datetime.date) -> ActivityPlan:
    """The quality-assured plan was presented to the steering group."""
    _require_manager(user, plan.area.programme)
    _require_latest(plan)
    if plan.status != PlanStatus.QUALITY_ASSURED:
        raise ValidationError(
            _("Only a quality-assured plan can be presented to the steering group."),
            code="status",
        )
    plan.status = PlanStatus.PRESENTED
    plan.presented_on = presented_on
    return _save(plan)


# --- activities ---------------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title",
    "kind",
    "planned_date",
    "new_date",
    "actual_date",
    "mode",
    "location",
    "target_group",
    "senders",
    "contributions",
    "status",
    "participants",
    "deviation_kind",
    "deviation_text",
)


def is_slipped(activity: Activity) -> bool:
    """Postponed, cancelled, replaced, or moved or held later than planned."""
    if activity.status in DEVIATING_STATUSES:
        return True
    later = [d for d in (activity.new_date, activity.actual_date) if d is not None]
    return any(d > activity.planned_date for d in later) if activity.planned_date else False


def _check_activity(activity: Activity) -> None:
    if activity.status == ActivityStatus.DONE and activity.actual_date is None:
        raise field_error(
            "actual_date", _("Give the date the activity was carried out."), "required"
        )
    if activity.actual_date and activity.status in (
        ActivityStatus.PLANNED,
        ActivityStatus.POSTPONED,
    ):
        raise field_error(
            "actual_date",
            _("An activity that has not been held has no actual date."),
            "not_held",
        )
    if (
        activity.status == ActivityStatus.POSTPONED
        and activity.new_date
        and activity.planned_date
        and activity.new_date <= activity.planned_date
    ):
        raise field_error(
            "new_date", _("A postponed activity's new date is after the planned date."), "order"
        )
    if is_slipped(activity):
        if not activity.deviation_kind:
            raise field_error(
                "deviation_kind",
                _(
                    "The activity deviates from the plan (postponed, cancelled, replaced or "
                    "later than planned): choose the reason."
                ),
                "deviation_required",
            )
        if not (activity.deviation_text or "").strip():
            raise field_error(
                "deviation_text",
                _("Explain the deviation in a few words: deviations must be documented."),
                "deviation_required",
            )
    _check_personal_data(
        contributions=activity.contributions, deviation_text=activity.deviation_text
    )


def _log(user: Any, activity: Activity) -> None:
    ActivityChange.objects.create(
        activity=activity,
        status=activity.status,
        new_date=activity.new_date,
        actual_date=activity.actual_date,
        deviation_kind=activity.deviation_kind,
        deviation_text=activity.deviation_text,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def activity_add(*, user: Any, plan: ActivityPlan, **fields: Any) -> Activity:
    _require_manager(user, plan.area.programme)
    _require_latest(plan)
    if plan.status not in EDITABLE_PLAN_STATUSES:
        raise ValidationError(
            _(
                "Activities are added to a draft or returned plan. Renew the plan to add "
                "activities after it has been submitted."
            ),
            code="status",
        )
    activity = Activity(plan=plan)
    _set(activity, fields, ACTIVITY_FIELDS)
    _check_activity(activity)
    _save(activity)
    _log(user, activity)
    return activity


@transaction.atomic
def activity_update(*, user: Any, activity: Activity, **fields: Any) -> Activity:
    """Update an activity's status, dates and outcome; a slip needs its reason."""
    _require_manager(user, activity.plan.area.programme)
    _require_latest(activity.plan)
    planned = activity.planned_date
    _set(activity, fields, ACTIVITY_FIELDS)
    if activity.planned_date != planned and activity.plan.status not in EDITABLE_PLAN_STATUSES:
        raise field_error(
            "planned_date",
            _(
                "The plan has been submitted: the planned date stays as planned. Give a new "
                "date and the reason for the deviation instead."
            ),
            "planned_date_fixed",
        )
    _check_activity(activity)
    _save(activity)
    _log(user, activity)
    return activity


#: What describes an activity (rather than where it stands): changed only in an editable plan.
ACTIVITY_DESCRIPTION_FIELDS = (
    "title",
    "kind",
    "planned_date",
    "mode",
    "location",
    "target_group",
    "senders",
    "contributions",
)


def activity_deletion_refusal(activity: Activity) -> str | None:
    """Why ``activity`` cannot be deleted, or None when it can."""
    latest = latest_plan(activity.plan.area)
    if latest is None or latest.pk != activity.plan_id:
        return _("Only the latest version of an activity plan can be changed.")
    if activity.plan.status not in EDITABLE_PLAN_STATUSES:
        return _(
            "Only an activity of a draft or returned plan can be deleted. Once the plan has "
            "been submitted, mark the activity as cancelled and give the reason instead."
        )
    if activity.copied_from_id is not None:
        return _(
            "The activity was carried over from an earlier version of the plan: mark it as "
            "cancelled and give the reason, so the deviation is documented."
        )
    return None


@transaction.atomic
def activity_edit(*, user: Any, activity: Activity, **fields: Any) -> Activity:
    """Change what an activity is (title, type, mode, target group, senders, planned date …)
    while its plan is still a draft or returned; afterwards only its status is updated."""
    _require_manager(user, activity.plan.area.programme)
    _require_latest(activity.plan)
    if activity.plan.status not in EDITABLE_PLAN_STATUSES:
        raise ValidationError(
            _(
                "The plan has been submitted: its activities can no longer be redescribed. "
                "Update the activity's status (with a reason for any deviation) or renew the plan."
            ),
            code="status",
        )
    _set(activity, fields, ACTIVITY_DESCRIPTION_FIELDS)
    _check_activity(activity)
    return _save(activity)


@transaction.atomic
def activity_delete(*, user: Any, activity: Activity) -> None:
    """Delete an activity that only exists in a draft or returned plan (a mistake, not a
    deviation); its steering-group decisions keep their text."""
    _require_manager(user, activity.plan.area.programme)
    refusal = activity_deletion_refusal(activity)
    if refusal:
        raise ValidationError(refusal, code="not_deletable")
    activity.delete()


# --- expected results ---------------------------------------------------------------------------

RESULT_FIELDS = (
    "goal_type",
    "text",
    "definitions",
    "indicator",
    "baseline",
    "target",
    "deadline",
    "unambiguous",
    "assessment",
    "justification",
    "continuation_owner",
)


def _check_result(result: ExpectedResult) -> None:
    if result.assessment and not (result.justification or "").strip():
        raise field_error("justification", _("Justify the assessment."), "justification_required")
    _check_personal_data(text=result.text, justification=result.justification)


@transaction.atomic
def result_create(*, user: Any, area: DevelopmentArea, **fields: Any) -> ExpectedResult:
    _require_manager(user, area.programme)
    result = ExpectedResult(area=area)
    _set(result, fields, RESULT_FIELDS)
    _check_result(result)
    return _save(result)


@transaction.atomic
def result_update(*, user: Any, result: ExpectedResult, **fields: Any) -> ExpectedResult:
    _require_manager(user, result.area.programme)
    _set(result, fields, RESULT_FIELDS)
    _check_result(result)
    return _save(result)


# --- steering-group pack ------------------------------------------------------------------------


@transaction.atomic
def pack_issue(*, user: Any, programme: Programme, snapshot: dict[str, Any]) -> SteeringGroupPack:
    """Record that a steering-group pack with ``snapshot`` was issued."""
    _require_manager(user, programme)
    return SteeringGroupPack.objects.create(
        programme=programme,
        issued_by=user if getattr(user, "is_authenticated", False) else None,
        snapshot=snapshot,
    )


# --- steering-group decision log ----------------------------------------------------------------

DECISION_FIELDS = ("meeting_date", "kind", "text", "area", "activity")


def _check_decision(decision: SteeringGroupDecision) -> None:
    decision.text = (decision.text or "").strip()
    if not decision.text:
        raise field_error("text", _("Write what the steering group decided."), "required")
    if decision.kind not in DecisionKind.values:
        raise field_error("kind", _("Choose a decision or an adjustment."), "invalid")
    if decision.area is not None and decision.area.programme_id != decision.programme_id:
        raise field_error("area", _("Choose a development area of this programme."), "foreign")
    if decision.activity is not None:
        activity_area = decision.activity.plan.area
        if activity_area.programme_id != decision.programme_id:
            raise field_error("activity", _("Choose an activity of this programme."), "foreign")
        if decision.area is None:
            decision.area = activity_area
        elif decision.area.pk != activity_area.pk:
            raise field_error(
                "activity",
                _("The activity belongs to another development area than the one chosen."),
                "area_mismatch",
            )
    _check_personal_data(text=decision.text)


@transaction.atomic
def decision_add(*, user: Any, programme: Programme, **fields: Any) -> SteeringGroupDecision:
    """Record a decision or adjustment of the steering group."""
    _require_manager(user, programme)
    decision = SteeringGroupDecision(
        programme=programme,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _set(decision, fields, DECISION_FIELDS)
    _check_decision(decision)
    return _save(decision)


@transaction.atomic
def decision_update(
    *, user: Any, decision: SteeringGroupDecision, **fields: Any
) -> SteeringGroupDecision:
    _require_manager(user, decision.programme)
    _set(decision, fields, DECISION_FIELDS)
    _check_decision(decision)
    return _save(decision)


@transaction.atomic
def decision_delete(*, user: Any, decision: SteeringGroupDecision) -> None:
    _require_manager(user, decision.programme)
    decision.delete()


# --- programme participants (read-only) ---------------------------------------------------------


@transaction.atomic
def participant_add(
    *, user: Any, programme: Programme, username: str, role: str = ""
) -> ProgrammeMember:
    """Let a named person beyond the county board (e.g. a convener at Kommunförbundet) read
    the programme, its development areas and the steering-group pack."""
    from django.contrib.auth import get_user_model

    _require_manager(user, programme)
    person = (
        get_user_model()
        .objects.filter(username__iexact=(username or "").strip(), is_active=True)
        .first()
    )
    if person is None:
        raise field_error("username", _("There is no active user with this user name."), "unknown")
    if ProgrammeMember.objects.filter(programme=programme, user=person).exists():
        raise field_error(
            "username", _("This person already takes part in the programme."), "duplicate"
        )
    return _save(
        ProgrammeMember(
            programme=programme,
            user=person,
            role=(role or "").strip(),
            added_by=user if getattr(user, "is_authenticated", False) else None,
        )
    )


@transaction.atomic
def participant_remove(*, user: Any, participant: ProgrammeMember) -> None:
    _require_manager(user, participant.programme)
    participant.delete()
