"""Reads of the programmes app: lookups through the county workspace, the programme's flags,
the goal-quality check of expected results and the content of the steering-group pack.

A programme belongs to a county. Every lookup starts at ``access.access_county`` (regional
coordinators of that county and superusers; everyone else gets 404) and then narrows to the
county's programmes, so an id from another county answers 404 as well. The programme and area
pages (and the pack preview) also open, read-only, for the programme's named participants
(``get_programme_to_read``, ``get_area_to_read`` via ``access.readable_programme_q``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import smart
from laget.planning import smart_text
from laget.programmes.choices import ActivityStatus, GoalType, Judgement
from laget.programmes.models import (
    Activity,
    ActivityPlan,
    DevelopmentArea,
    ExpectedResult,
    Programme,
    ProgrammeDocument,
    ProgrammeMember,
    Signatory,
    SteeringGroupDecision,
    WorkingGroupMeeting,
    WorkingGroupMember,
)
from laget.programmes.services import is_slipped

# --- lookups ------------------------------------------------------------------------------------


def programme_list(*, user: Any, county: Any) -> QuerySet[Programme]:
    """The county's programmes (``county`` comes from ``access.access_county``)."""
    if county.pk not in access.readable_county_ids(user):
        return Programme.objects.none()
    return Programme.objects.filter(county=county)


def programmes_for_user(*, user: Any) -> QuerySet[Programme]:
    """Every programme of the counties the user reads (API)."""
    return Programme.objects.filter(county__in=access.readable_county_ids(user)).select_related(
        "county"
    )


def _get(queryset: QuerySet[Any], pk: Any) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_programme(*, user: Any, county_code: str, programme_id: int) -> Programme:
    county = access.access_county(user, county_code)
    return _get(Programme.objects.filter(county=county).select_related("county"), programme_id)


def get_programme_to_read(*, user: Any, county_code: str, programme_id: int) -> Programme:
    """A programme its county's regional coordinators manage and its named participants read
    (``access.readable_programme_q``); 404 for everyone else."""
    return _get(
        Programme.objects.filter(access.readable_programme_q(user), county__code=county_code)
        .distinct()
        .select_related("county"),
        programme_id,
    )


def get_area_to_read(*, user: Any, county_code: str, area_id: int) -> DevelopmentArea:
    return _get(
        DevelopmentArea.objects.filter(
            access.readable_programme_q(user, prefix="programme"),
            programme__county__code=county_code,
        )
        .distinct()
        .select_related("programme__county", "convener"),
        area_id,
    )


def readable_programmes(*, user: Any) -> QuerySet[Programme]:
    """Every programme the user reads: as the county's coordinator or as a participant."""
    return (
        Programme.objects.filter(access.readable_programme_q(user))
        .distinct()
        .select_related("county")
        .order_by("county__code", "-period_start", "name")
    )


def get_participant(*, user: Any, county_code: str, participant_id: int) -> ProgrammeMember:
    county = access.access_county(user, county_code)
    return _get(
        ProgrammeMember.objects.filter(programme__county=county).select_related(
            "programme__county", "user"
        ),
        participant_id,
    )


def get_signatory(*, user: Any, county_code: str, signatory_id: int) -> Signatory:
    county = access.access_county(user, county_code)
    return _get(
        Signatory.objects.filter(programme__county=county).select_related("programme__county"),
        signatory_id,
    )


def get_area(*, user: Any, county_code: str, area_id: int) -> DevelopmentArea:
    county = access.access_county(user, county_code)
    return _get(
        DevelopmentArea.objects.filter(programme__county=county).select_related(
            "programme__county", "convener"
        ),
        area_id,
    )


def get_member(*, user: Any, county_code: str, member_id: int) -> WorkingGroupMember:
    county = access.access_county(user, county_code)
    return _get(
        WorkingGroupMember.objects.filter(area__programme__county=county).select_related(
            "area__programme__county", "signatory"
        ),
        member_id,
    )


def get_plan(*, user: Any, county_code: str, plan_id: int) -> ActivityPlan:
    county = access.access_county(user, county_code)
    return _get(
        ActivityPlan.objects.filter(area__programme__county=county).select_related(
            "area__programme__county"
        ),
        plan_id,
    )


def get_activity(*, user: Any, county_code: str, activity_id: int) -> Activity:
    county = access.access_county(user, county_code)
    return _get(
        Activity.objects.filter(plan__area__programme__county=county).select_related(
            "plan__area__programme__county"
        ),
        activity_id,
    )


def get_result(*, user: Any, county_code: str, result_id: int) -> ExpectedResult:
    county = access.access_county(user, county_code)
    return _get(
        ExpectedResult.objects.filter(area__programme__county=county).select_related(
            "area__programme__county"
        ),
        result_id,
    )


def get_document(*, user: Any, county_code: str, document_id: int) -> ProgrammeDocument:
    county = access.access_county(user, county_code)
    return _get(
        ProgrammeDocument.objects.filter(programme__county=county).select_related(
            "programme__county"
        ),
        document_id,
    )


def get_meeting(*, user: Any, county_code: str, meeting_id: int) -> WorkingGroupMeeting:
    county = access.access_county(user, county_code)
    return _get(
        WorkingGroupMeeting.objects.filter(area__programme__county=county).select_related(
            "area__programme__county"
        ),
        meeting_id,
    )


def get_decision(*, user: Any, county_code: str, decision_id: int) -> SteeringGroupDecision:
    county = access.access_county(user, county_code)
    return _get(
        SteeringGroupDecision.objects.filter(programme__county=county).select_related(
            "programme__county", "area", "activity"
        ),
        decision_id,
    )


def programme_decisions(programme: Programme) -> QuerySet[SteeringGroupDecision]:
    """The steering group's decision log, newest meeting first."""
    return programme.decisions.select_related("area", "activity__plan", "created_by")


def programme_activities(programme: Programme, also: int | None = None) -> QuerySet[Activity]:
    """Activities a decision may be about: those of each area's latest plan version (and the
    activity ``also``, which a recorded decision already names)."""
    latest = Q(plan__area__programme=programme, plan__next_version__isnull=True)
    named = Q(plan__area__programme=programme, pk=also) if also else Q(pk__in=[])
    return (
        Activity.objects.filter(latest | named)
        .select_related("plan__area")
        .order_by("plan__area__number", "planned_date", "pk")
    )


def earlier_deviations(area: DevelopmentArea) -> list[Activity]:
    """Slipped activities that exist only in earlier plan versions: not carried into a later
    version (e.g. cancelled, replaced or held late), so the latest plan no longer shows them."""
    plans = sorted(area.plans.all(), key=lambda p: p.version)
    if len(plans) < 2:
        return []
    carried = {a.copied_from_id for p in plans for a in p.activities.all() if a.copied_from_id}
    return [
        activity
        for plan in plans[:-1]
        for activity in plan.activities.all()
        if activity.pk not in carried and is_slipped(activity)
    ]


def active_members(area: DevelopmentArea, today: datetime.date) -> list[WorkingGroupMember]:
    return [m for m in area.members.all() if m.end_date is None or m.end_date >= today]


def programme_areas(programme: Programme) -> list[DevelopmentArea]:
    """The programme's areas with members, plans, activities and results loaded up front."""
    return list(
        programme.areas.select_related("convener").prefetch_related(
            Prefetch("members", WorkingGroupMember.objects.select_related("signatory")),
            Prefetch("plans", ActivityPlan.objects.prefetch_related("activities")),
            "results",
        )
    )


def latest_plan(area: DevelopmentArea) -> ActivityPlan | None:
    """The latest version among the (prefetched) plans."""
    plans = list(area.plans.all())
    return max(plans, key=lambda p: p.version) if plans else None


def county_organisations(county: Any) -> Any:
    """Organisations in Läget that work in the county: its county board and the parties of
    the county's collaborations."""
    from laget.organisations.models import Organisation

    return (
        Organisation.objects.filter(
            Q(county=county) | Q(collaborations__municipality__county=county)
        )
        .distinct()
        .order_by("name")
    )


# --- goal quality -------------------------------------------------------------------------------

#: Phrases the evaluation of the Skåne programme found ambiguous unless defined
#: ("samverkansstruktur", "stödstruktur", "lokal samverkan", "konkret stöd").
AMBIGUOUS_TERMS = (
    "samverkansstruktur",
    "stödstruktur",
    "lokal samverkan",
    "konkret stöd",
    "kunskapsbaserad",
    "evidensbaserad",
    "collaboration structure",
    "support structure",
)


#: SMART findings that matter for a regional goal (a regional goal names no single place).
SMART_CODES = (smart.VAGUE_VERB, smart.NO_DEADLINE, smart.VAGUE_DEADLINE)


def _number(text: str) -> float | None:
    match = re.search(r"\d+(?:[.,]\d+)?", text or "")
    return float(match.group().replace(",", ".")) if match else None


@dataclass
class GoalQuality:
    """The goal analysis of one expected result (the evaluation's målanalys) plus SMART."""

    smart: smart.SmartResult
    has_definition: bool
    has_indicator: bool
    measurable: bool
    unambiguous: str  # Judgement value
    ambiguous_terms: list[str] = field(default_factory=list)

    @property
    def remarks(self) -> list[str]:
        """Plain-language remarks, most important first."""
        remarks: list[str] = []
        if not self.has_definition:
            remarks.append(_("Key terms are not defined."))
        if not self.has_indicator:
            remarks.append(_("No indicator or success criterion."))
        if not self.measurable:
            remarks.append(_("The goal is not measurable as written."))
        if self.unambiguous == Judgement.NO:
            remarks.append(_("Judged ambiguous or incoherent."))
        elif self.unambiguous == Judgement.UNKNOWN:
            remarks.append(_("Not yet judged whether the goal is unambiguous."))
        if self.ambiguous_terms and not self.has_definition:
            remarks.append(
                _("Ambiguous terms without a definition: %(terms)s")
                % {"terms": ", ".join(self.ambiguous_terms)}
            )
        for finding in self.smart.findings:
            if finding.blocking and finding.code in SMART_CODES:
                remarks.append(smart_text.message(finding))
        return remarks

    @property
    def letters(self) -> str:
        return "".join(letter for letter in smart.LETTERS if letter in self.smart.covered)


def goal_quality(result: ExpectedResult) -> GoalQuality:
    """Check a goal: SMART on its text and fields, plus the goal analysis questions."""
    checked = smart.check_goal(
        result.text,
        baseline=_number(result.baseline),
        target=_number(result.target),
        deadline=result.deadline,
        indicator=result.indicator,
    )
    text = (result.text or "").lower()
    return GoalQuality(
        smart=checked,
        has_definition=bool(result.definitions.strip()),
        has_indicator=bool(result.indicator.strip()),
        measurable="M" in checked.covered or bool(result.indicator.strip() and result.target),
        unambiguous=result.unambiguous,
        ambiguous_terms=[t for t in AMBIGUOUS_TERMS if t in text],
    )


# --- flags --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """Something the coordinators should act on, shown on the programme page and in the pack."""

    code: str
    message: str
    area: DevelopmentArea | None = None


def plan_due(plan: ActivityPlan, cadence_months: int) -> datetime.date:
    """When the plan version should have been renewed (its period start plus the cadence)."""
    return plan.period_start + relativedelta(months=cadence_months)


def programme_flags(
    programme: Programme, areas: list[DevelopmentArea], today: datetime.date
) -> list[Flag]:
    """Every flag of the programme, area by area after the programme-wide ones."""
    flags: list[Flag] = []
    seated: set[int] = set()
    for area in areas:
        seated |= {m.signatory_id for m in active_members(area, today) if m.signatory_id}
    signatories = [
        s for s in programme.signatories.all() if s.withdrawn_on is None or s.withdrawn_on > today
    ]
    for signatory in signatories:
        if signatory.pk not in seated:
            flags.append(
                Flag(
                    "signatory_without_group",
                    _("%(organisation)s has signed the programme but sits in no working group.")
                    % {"organisation": signatory.organisation_name},
                )
            )
    for area in areas:
        flags.extend(_area_flags(programme, area, today))
    return flags


def _area_flags(programme: Programme, area: DevelopmentArea, today: datetime.date) -> list[Flag]:
    flags: list[Flag] = []
    members = active_members(area, today)
    label = str(area)
    if area.convener_id is None:
        flags.append(
            Flag(
                "no_convener",
                _("%(area)s: the working group has no convener.") % {"area": label},
                area,
            )
        )
    if not members:
        flags.append(
            Flag(
                "no_members",
                _("%(area)s: the working group has no members.") % {"area": label},
                area,
            )
        )
    elif len({m.organisation_name for m in members}) == 1:
        flags.append(
            Flag(
                "single_organisation",
                _("%(area)s: every member of the working group comes from one organisation.")
                % {"area": label},
                area,
            )
        )
    plan = latest_plan(area)
    if plan is None:
        flags.append(
            Flag("no_plan", _("%(area)s: there is no activity plan.") % {"area": label}, area)
        )
    elif plan_due(plan, programme.plan_cadence_months) < today:
        flags.append(
            Flag(
                "plan_overdue",
                _(
                    "%(area)s: the activity plan (version %(version)s) was due for renewal on "
                    "%(due)s."
                )
                % {
                    "area": label,
                    "version": plan.version,
                    "due": plan_due(plan, programme.plan_cadence_months).isoformat(),
                },
                area,
            )
        )
    if plan is not None:
        for activity in plan.activities.all():
            if is_slipped(activity):
                flags.append(
                    Flag(
                        "slipped_activity",
                        _("%(area)s: “%(activity)s” is %(status)s – %(reason)s: %(text)s")
                        % {
                            "area": label,
                            "activity": activity.title,
                            "status": activity.get_status_display().lower(),
                            "reason": activity.get_deviation_kind_display() or "–",
                            "text": activity.deviation_text or "–",
                        },
                        area,
                    )
                )
        for activity in earlier_deviations(area):
            flags.append(
                Flag(
                    "slipped_earlier_version",
                    _(
                        "%(area)s: “%(activity)s” (only in version %(version)s) is %(status)s – "
                        "%(reason)s: %(text)s"
                    )
                    % {
                        "area": label,
                        "activity": activity.title,
                        "version": activity.plan.version,
                        "status": activity.get_status_display().lower(),
                        "reason": activity.get_deviation_kind_display() or "–",
                        "text": activity.deviation_text or "–",
                    },
                    area,
                )
            )
        for activity in plan.activities.all():
            if activity.status == ActivityStatus.PLANNED and activity.planned_date < today:
                flags.append(
                    Flag(
                        "activity_overdue",
                        _("%(area)s: “%(activity)s” was planned for %(date)s and has no update.")
                        % {
                            "area": label,
                            "activity": activity.title,
                            "date": activity.planned_date.isoformat(),
                        },
                        area,
                    )
                )
    for result in area.results.all():
        if not result.definitions.strip():
            flags.append(
                Flag(
                    "goal_without_definition",
                    _("%(area)s: the goal “%(goal)s” defines no key terms.")
                    % {"area": label, "goal": _short(result.text)},
                    area,
                )
            )
        if not result.indicator.strip():
            flags.append(
                Flag(
                    "goal_without_indicator",
                    _("%(area)s: the goal “%(goal)s” has no indicator.")
                    % {"area": label, "goal": _short(result.text)},
                    area,
                )
            )
    return flags


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def activity_counts(activities: list[Activity]) -> dict[str, int]:
    """Activities per status, plus "done of planned" (cancelled and replaced left out)."""
    counts = {status: 0 for status in ActivityStatus.values}
    for activity in activities:
        counts[activity.status] += 1
    return counts


def result_counts(results: list[ExpectedResult]) -> dict[str, int]:
    return {
        GoalType.RESULT: sum(r.goal_type == GoalType.RESULT for r in results),
        GoalType.PROCESS: sum(r.goal_type == GoalType.PROCESS for r in results),
    }
