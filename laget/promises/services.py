"""Writes of the promises app: drafting a medborgarlöfte, its activities, the method's gates,
the dual signature (which also publishes it), progress updates, the follow-up report and renewal.

Every service checks permissions and meaning first, runs in a transaction and raises
``ValidationError`` with a code, so bad input never leaves a half-stored record. Changes are
audited by the model signals; signing with missing gates is recorded explicitly as well.

Decisions (documented in docs/architecture.md):

* **Publishing is part of activation.** When the last required party (the municipality and,
  when the collaboration has one, the police – ``access.joint_party_kinds``) signs, the promise
  becomes *Gäller* and ``published_at`` is set in the same transaction. A separate publish step
  would let a signed promise stay unknown to citizens, which is what the evaluation criticised.
* **The cycle window** for the dialogue gates runs from the previous promise's period start
  (for a renewal) – or, for a first promise, from twelve months before the draft's period
  start – up to today. A renewal therefore counts only dialogues held since the cycle it
  renews began, and Fagersta's three-month cycles and Ludvika's yearly one both work.
* **The agreement gate** follows the spec's gating rules (§4): "i möjligaste mån", so a missing
  agreement in force is always a warning and never blocks, whatever the collaboration setting.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.agreements.selectors import agreement_in_force, signing_authority
from laget.analysis import pii
from laget.audit.models import AuditAction
from laget.audit.recorder import record
from laget.core.errors import field_error
from laget.dialogues.choices import DialogueKind
from laget.dialogues.selectors import dialogues_held
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Organisation
from laget.planning.choices import ProblemStatus
from laget.planning.models import Indicator, Measure, Problem
from laget.promises.choices import (
    FINISHED_STATUSES,
    REASON_STATUSES,
    UPDATE_STATUSES,
    ActivityStatus,
    PromiseStatus,
)
from laget.promises.models import (
    ActivityUpdate,
    Promise,
    PromiseActivity,
    PromiseFollowUp,
    PromiseSettings,
    PromiseSignature,
)
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

#: Roles that draft promises, add activities, post updates and write the follow-up report.
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.POLICE})
#: Roles that change the collaboration's promise settings.
SETTINGS_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
#: Shortest and longest period of a promise, in days (one month to thirteen months).
MIN_PERIOD_DAYS = 28
MAX_PERIOD_DAYS = 397
#: How far back the cycle of a first promise reaches (twelve months before its period start).
FIRST_CYCLE_DAYS = 365
#: The follow-up report may be written from this many days before the period's end.
FOLLOW_UP_WINDOW_DAYS = 31
#: Editable statuses: before anyone has signed.
EDITABLE_STATUSES = (PromiseStatus.DRAFT, PromiseStatus.READY)
PUBLIC_TEXT_FIELDS = ("title", "introduction", "situation_summary", "effects", "how_to_follow")


# --- who may do what ----------------------------------------------------------------------------


def may_edit(user: Any, collaboration: Collaboration) -> bool:
    """Coordinators, administrators and the police of the collaboration write promises."""
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & EDITOR_ROLES)


def may_change_settings(user: Any, collaboration: Collaboration) -> bool:
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & SETTINGS_ROLES)


def _require_editor(user: Any, collaboration: Collaboration) -> None:
    if not may_edit(user, collaboration):
        raise ValidationError(
            _("Only coordinators, administrators and the police may change medborgarlöften."),
            code="not_allowed",
        )


def _require_editable(promise: Promise) -> None:
    if promise.status not in EDITABLE_STATUSES or promise.signatures.exists():
        raise ValidationError(
            _(
                "The medborgarlöfte has been signed: its public sections and activities can "
                "no longer be changed. Renew it to make a new one."
            ),
            code="signed",
        )


def _check_personal_data(**texts: str) -> None:
    """Public texts of a promise never name people (the personal-data guard)."""
    for name, text in texts.items():
        if text and pii.find_personal_data(text):
            raise field_error(
                name,
                _(
                    "The text seems to contain personal data (an identity number, a phone "
                    "number, an e-mail address or a registration number). Remove it: the "
                    "medborgarlöfte is public."
                ),
                "personal_data",
            )


def _check_period(start: datetime.date, end: datetime.date, *, activity: bool = False) -> None:
    if end < start:
        raise field_error(
            "ends_on" if activity else "period_end",
            _("The period cannot end before it starts."),
            "end_before_start",
        )
    if activity:
        return
    days = (end - start).days + 1
    if days < MIN_PERIOD_DAYS:
        raise field_error(
            "period_end", _("A medborgarlöfte runs for at least one month."), "too_short"
        )
    if days > MAX_PERIOD_DAYS:
        raise field_error(
            "period_end", _("A medborgarlöfte runs for at most thirteen months."), "too_long"
        )


def _check_problems(collaboration: Collaboration, problems: Iterable[Problem]) -> list[Problem]:
    problems = list(problems)
    for problem in problems:
        if problem.collaboration_id != collaboration.pk:
            raise field_error(
                "problems", _("A problem belongs to another collaboration."), "foreign"
            )
        if problem.status != ProblemStatus.PRIORITISED:
            raise field_error(
                "problems",
                _("Only prioritised problems can be the focus of a medborgarlöfte."),
                "not_prioritised",
            )
    return problems


def _check_indicators(
    collaboration: Collaboration, indicators: Iterable[Indicator]
) -> list[Indicator]:
    indicators = list(indicators)
    if any(i.goal.collaboration_id != collaboration.pk for i in indicators):
        raise field_error(
            "indicators", _("An indicator belongs to another collaboration."), "foreign"
        )
    return indicators


def settings_for(collaboration: Collaboration) -> PromiseSettings:
    """The collaboration's settings, created on demand."""
    found, _created = PromiseSettings.objects.get_or_create(collaboration=collaboration)
    return found


@transaction.atomic
def settings_update(
    *, user: Any, collaboration: Collaboration, gates_block: bool
) -> PromiseSettings:
    """Choose whether a missing gate blocks signing or only warns (coordinator/administrator)."""
    if not may_change_settings(user, collaboration):
        raise ValidationError(
            _("Only coordinators and administrators may change the medborgarlöfte settings."),
            code="not_allowed",
        )
    found = settings_for(collaboration)
    found.gates_block = bool(gates_block)
    found.full_clean()
    found.save()
    return found


# --- drafting -----------------------------------------------------------------------------------


def latest_adopted_picture(collaboration: Collaboration) -> SituationPicture | None:
    return (
        SituationPicture.objects.filter(collaboration=collaboration, status=PictureStatus.ADOPTED)
        .order_by("-period_end", "-pk")
        .first()
    )


def draft_texts_from_problem(problem: Problem) -> dict[str, str]:
    """Suggested title and section 2 text for a promise on ``problem``: the problem's title and
    description, and the latest adopted lägesbild's assessment (its period named)."""
    parts = [problem.description.strip()] if problem.description.strip() else []
    picture = latest_adopted_picture(problem.collaboration)
    if picture is not None and picture.assessment.strip():
        parts.append(
            _("From the joint situation picture %(start)s–%(end)s: %(text)s")
            % {
                "start": picture.period_start.isoformat(),
                "end": picture.period_end.isoformat(),
                "text": picture.assessment.strip(),
            }
        )
    return {"title": problem.title, "situation_summary": "\n\n".join(parts)[:5000]}


def _apply_texts(promise: Promise, texts: dict[str, str]) -> None:
    for name in PUBLIC_TEXT_FIELDS:
        if name in texts:
            setattr(promise, name, (texts[name] or "").strip())


@transaction.atomic
def promise_create(
    *,
    user: Any,
    collaboration: Collaboration,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    problems: Iterable[Problem] = (),
    indicators: Iterable[Indicator] = (),
    introduction: str = "",
    situation_summary: str = "",
    effects: str = "",
    how_to_follow: str = "",
    update_interval_days: int = 30,
    diarienummer: str = "",
    previous: Promise | None = None,
    renewal_justification: str = "",
) -> Promise:
    """Draft a medborgarlöfte for ``collaboration``."""
    _require_editor(user, collaboration)
    _check_period(period_start, period_end)
    problem_list = _check_problems(collaboration, problems)
    indicator_list = _check_indicators(collaboration, indicators)
    texts = {
        "title": title,
        "introduction": introduction,
        "situation_summary": situation_summary,
        "effects": effects,
        "how_to_follow": how_to_follow,
    }
    _check_personal_data(**texts, renewal_justification=renewal_justification)
    promise = Promise(
        collaboration=collaboration,
        period_start=period_start,
        period_end=period_end,
        update_interval_days=update_interval_days,
        diarienummer=diarienummer.strip(),
        previous=previous,
        renewal_justification=renewal_justification.strip(),
        agreement=agreement_in_force(collaboration=collaboration, on=period_start),
        created_by=user,
    )
    _apply_texts(promise, texts)
    promise.full_clean()
    promise.save()
    promise.problems.set(problem_list)
    promise.indicators.set(indicator_list)
    return promise


@transaction.atomic
def promise_create_from_problem(
    *,
    user: Any,
    problem: Problem,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Promise:
    """Draft a promise focused on a prioritised problem, its texts prefilled from the problem
    and the latest adopted lägesbild."""
    texts = draft_texts_from_problem(problem)
    return promise_create(
        user=user,
        collaboration=problem.collaboration,
        period_start=period_start,
        period_end=period_end,
        problems=[problem],
        **texts,
    )


@transaction.atomic
def promise_update(
    *,
    user: Any,
    promise: Promise,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    problems: Iterable[Problem] = (),
    indicators: Iterable[Indicator] = (),
    introduction: str = "",
    situation_summary: str = "",
    effects: str = "",
    how_to_follow: str = "",
    update_interval_days: int = 30,
    diarienummer: str = "",
    renewal_justification: str = "",
) -> Promise:
    """Change a promise before anyone has signed it."""
    collaboration = promise.collaboration
    _require_editor(user, collaboration)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    _require_editable(promise)
    _check_period(period_start, period_end)
    problem_list = _check_problems(collaboration, problems)
    indicator_list = _check_indicators(collaboration, indicators)
    texts = {
        "title": title,
        "introduction": introduction,
        "situation_summary": situation_summary,
        "effects": effects,
        "how_to_follow": how_to_follow,
    }
    _check_personal_data(**texts, renewal_justification=renewal_justification)
    if promise.previous_id and not renewal_justification.strip():
        raise field_error(
            "renewal_justification",
            _("A renewal must say why the need remains according to the joint situation picture."),
            "required",
        )
    _apply_texts(promise, texts)
    promise.period_start = period_start
    promise.period_end = period_end
    promise.update_interval_days = update_interval_days
    promise.diarienummer = diarienummer.strip()
    promise.renewal_justification = renewal_justification.strip()
    promise.agreement = agreement_in_force(collaboration=collaboration, on=period_start)
    promise.full_clean()
    promise.save()
    promise.problems.set(problem_list)
    promise.indicators.set(indicator_list)
    return promise


@transaction.atomic
def promise_withdraw(*, user: Any, promise: Promise) -> Promise:
    """Withdraw a promise that has not been signed (it stays in the records)."""
    _require_editor(user, promise.collaboration)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    _require_editable(promise)
    promise.status = PromiseStatus.WITHDRAWN
    promise.save(update_fields=["status", "updated_at"])
    return promise


# --- activities ---------------------------------------------------------------------------------


def _check_activity(
    promise: Promise,
    organisation: Organisation,
    measure: Measure | None,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> None:
    collaboration = promise.collaboration
    if not collaboration.parties.filter(pk=organisation.pk).exists():
        raise field_error(
            "organisation",
            _("The organisation is not a party of this collaboration."),
            "not_party",
        )
    if measure is not None and measure.plan.collaboration_id != collaboration.pk:
        raise field_error("measure", _("The measure belongs to another collaboration."), "foreign")
    _check_period(starts_on, ends_on, activity=True)


def _next_position(promise: Promise) -> int:
    return (promise.activities.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def activity_add(
    *,
    user: Any,
    promise: Promise,
    title: str,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    public_description: str = "",
    measure: Measure | None = None,
    responsible: str = "",
    resources: str = "",
    follow_up_plan: str = "",
) -> PromiseActivity:
    """Add an activity (from the åtgärdsplan or free-standing) to an unsigned promise."""
    _require_editor(user, promise.collaboration)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    _require_editable(promise)
    _check_activity(promise, organisation, measure, starts_on, ends_on)
    _check_personal_data(title=title, public_description=public_description)
    activity = PromiseActivity(
        promise=promise,
        position=_next_position(promise),
        title=title.strip(),
        public_description=public_description.strip(),
        organisation=organisation,
        measure=measure,
        starts_on=starts_on,
        ends_on=ends_on,
        responsible=responsible.strip(),
        resources=resources.strip(),
        follow_up_plan=follow_up_plan.strip(),
    )
    activity.full_clean()
    activity.save()
    return activity


def activity_texts_from_measure(measure: Measure, promise: Promise) -> dict[str, Any]:
    """An activity's fields prefilled from an åtgärdsplan measure, its dates kept within the
    promise's period."""
    follow_up = _("As in the action plan")
    if measure.follow_up_on:
        follow_up = _("As in the action plan; followed up on %(date)s") % {
            "date": measure.follow_up_on.isoformat()
        }
    starts_on = max(measure.start, promise.period_start)
    ends_on = min(measure.end, promise.period_end)
    if ends_on < starts_on:
        starts_on, ends_on = promise.period_start, promise.period_end
    resources = []
    if measure.hours:
        resources.append(_("%(hours)s hours") % {"hours": measure.hours})
    if measure.cost_sek:
        resources.append(_("%(cost)s SEK") % {"cost": measure.cost_sek})
    return {
        "title": measure.title,
        "public_description": measure.description,
        "organisation": measure.responsible_organisation,
        "measure": measure,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "responsible": measure.responsible_person,
        "resources": ", ".join(str(r) for r in resources),
        "follow_up_plan": str(follow_up),
    }


@transaction.atomic
def activity_add_from_measure(*, user: Any, promise: Promise, measure: Measure) -> PromiseActivity:
    """Add an activity taken from a measure of the collaboration's åtgärdsplan."""
    if measure.plan.collaboration_id != promise.collaboration_id:
        raise field_error("measure", _("The measure belongs to another collaboration."), "foreign")
    if promise.activities.filter(measure=measure).exists():
        raise field_error(
            "measure", _("This measure is already an activity of the promise."), "duplicate"
        )
    return activity_add(user=user, promise=promise, **activity_texts_from_measure(measure, promise))


@transaction.atomic
def activity_edit(
    *,
    user: Any,
    activity: PromiseActivity,
    title: str,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    public_description: str = "",
    responsible: str = "",
    resources: str = "",
    follow_up_plan: str = "",
) -> PromiseActivity:
    """Change an activity of an unsigned promise."""
    promise = activity.promise
    _require_editor(user, promise.collaboration)
    _require_editable(Promise.objects.select_for_update().get(pk=promise.pk))
    _check_activity(promise, organisation, activity.measure, starts_on, ends_on)
    _check_personal_data(title=title, public_description=public_description)
    activity.title = title.strip()
    activity.organisation = organisation
    activity.starts_on = starts_on
    activity.ends_on = ends_on
    activity.public_description = public_description.strip()
    activity.responsible = responsible.strip()
    activity.resources = resources.strip()
    activity.follow_up_plan = follow_up_plan.strip()
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_remove(*, user: Any, activity: PromiseActivity) -> None:
    """Remove an activity from an unsigned promise."""
    promise = activity.promise
    _require_editor(user, promise.collaboration)
    _require_editable(Promise.objects.select_for_update().get(pk=promise.pk))
    activity.delete()


# --- gates --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gate:
    """One check of the method before signing: ``ok`` or missing, with where to fix it.

    ``blocking`` gates stop signing when the collaboration's setting says so; the agreement
    gate is advisory only (the method: "i möjligaste mån").
    """

    key: str
    text: str
    ok: bool
    fix_url: str = ""
    blocking: bool = True


def cycle_window(
    promise: Promise, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The window whose dialogues count for ``promise``'s gates (see the module docstring)."""
    today = today or timezone.localdate()
    if promise.previous_id:
        start = promise.previous.period_start
    else:
        start = promise.period_start - datetime.timedelta(days=FIRST_CYCLE_DAYS)
    return start, max(today, start)


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # another app's page may not exist (yet)
        return ""


def promise_gates(promise: Promise, today: datetime.date | None = None) -> list[Gate]:
    """The method's gates for ``promise`` (spec §4 "Gating rules"), each ok or missing."""
    collaboration = promise.collaboration
    cid = collaboration.pk
    start, end = cycle_window(promise, today)
    held = set(
        dialogues_held(collaboration=collaboration, start=start, end=end).values_list(
            "kind", flat=True
        )
    )
    dialogue_url = _url("dialogues:list", collaboration_id=cid)
    promise_url = _url("promises:edit", collaboration_id=cid, promise_id=promise.pk)
    detail_url = _url("promises:detail", collaboration_id=cid, promise_id=promise.pk)
    window = {"start": start.isoformat(), "end": end.isoformat()}
    activities = list(promise.activities.all())
    agreement = agreement_in_force(collaboration=collaboration, on=promise.period_start)
    empty_sections = [
        str(Promise._meta.get_field(name).verbose_name)
        for name in ("introduction", "situation_summary", "effects", "how_to_follow")
        if not getattr(promise, name).strip()
    ]
    gates = [
        Gate(
            "staff_what",
            _(
                "A staff dialogue on WHAT (Medarbetardialog – VAD) held in this cycle (%(start)s–%(end)s)"
            )
            % window,
            DialogueKind.STAFF_WHAT in held,
            dialogue_url,
        ),
        Gate(
            "staff_how",
            _(
                "A staff dialogue on HOW (Medarbetardialog – HUR) held in this cycle (%(start)s–%(end)s)"
            )
            % window,
            DialogueKind.STAFF_HOW in held,
            dialogue_url,
        ),
        Gate(
            "citizen",
            _("A citizen dialogue (Medborgardialog) held in this cycle (%(start)s–%(end)s)")
            % window,
            DialogueKind.CITIZEN in held,
            dialogue_url,
        ),
        Gate(
            "problems",
            _("At least one prioritised problem as the focus"),
            promise.problems.filter(status=ProblemStatus.PRIORITISED).exists(),
            promise_url,
        ),
        Gate(
            "sections",
            _("All public sections filled")
            if not empty_sections
            else _("All public sections filled (missing: %(sections)s)")
            % {"sections": ", ".join(empty_sections)},
            not empty_sections,
            promise_url,
        ),
        Gate(
            "activities",
            _("At least one activity, each with a party and a period"),
            bool(activities)
            and all(a.organisation_id and a.starts_on and a.ends_on for a in activities),
            detail_url + "#activities" if detail_url else "",
        ),
        Gate(
            "follow_up_plan",
            _("A follow-up plan for every activity"),
            bool(activities) and all(a.follow_up_plan.strip() for a in activities),
            detail_url + "#activities" if detail_url else "",
        ),
        Gate(
            "agreement",
            _("A samverkansöverenskommelse in force on the period's start (%(date)s)")
            % {"date": promise.period_start.isoformat()},
            agreement is not None,
            _url("agreements:list", collaboration_id=cid),
            blocking=False,
        ),
    ]
    if promise.previous_id:
        gates.append(
            Gate(
                "renewal_justification",
                _("Why the need remains according to the joint situation picture (renewal)"),
                bool(promise.renewal_justification.strip()),
                promise_url,
            )
        )
    return gates


def missing_gates(promise: Promise, today: datetime.date | None = None) -> list[Gate]:
    return [gate for gate in promise_gates(promise, today) if not gate.ok]


def _check_gates(user: Any, promise: Promise, step: str) -> list[str]:
    """Refuse if a blocking gate is missing and the setting blocks; else return the warnings."""
    missing = missing_gates(promise)
    blocking = [g for g in missing if g.blocking]
    if blocking and settings_for(promise.collaboration).gates_block:
        raise ValidationError(
            [
                ValidationError(
                    _("The method's gates are not met: %(gate)s") % {"gate": g.text},
                    code="gate_missing",
                )
                for g in blocking
            ]
        )
    warnings = [g.text for g in missing]
    if warnings:
        record(
            action=AuditAction.UPDATE,
            model_label="promises.Promise",
            object_pk=promise.pk,
            object_repr=str(promise),
            collaboration_id=promise.collaboration_id,
            data={"step": step, "missing_gates": [g.key for g in missing]},
            actor=user,
        )
    return warnings


@transaction.atomic
def promise_mark_ready(*, user: Any, promise: Promise) -> Promise:
    """Mark a draft *Klar för underskrift* after checking the gates."""
    _require_editor(user, promise.collaboration)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.status != PromiseStatus.DRAFT:
        raise ValidationError(_("Only a draft can be made ready for signing."), code="not_draft")
    warnings = _check_gates(user, promise, "ready")
    promise.status = PromiseStatus.READY
    promise.ready_at = timezone.now()
    promise.signed_with_warnings = sorted(set(promise.signed_with_warnings) | set(warnings))
    promise.save(update_fields=["status", "ready_at", "signed_with_warnings", "updated_at"])
    return promise


@transaction.atomic
def promise_back_to_draft(*, user: Any, promise: Promise) -> Promise:
    """Take a ready promise back to draft (before anyone has signed)."""
    _require_editor(user, promise.collaboration)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.status != PromiseStatus.READY or promise.signatures.exists():
        raise ValidationError(
            _("Only a ready promise that nobody has signed can go back to draft."),
            code="not_ready",
        )
    promise.status = PromiseStatus.DRAFT
    promise.ready_at = None
    promise.save(update_fields=["status", "ready_at", "updated_at"])
    return promise


# --- signing ------------------------------------------------------------------------------------


def required_signatories(collaboration: Collaboration) -> list[Organisation]:
    """The parties that must sign: the municipality and, when there is one, the police."""
    kinds = access.joint_party_kinds(collaboration)
    return list(collaboration.parties.filter(kind__in=kinds).order_by("kind", "name"))


def signable_organisations(user: Any, promise: Promise) -> list[Organisation]:
    """The parties ``user`` may still sign for (an authority of A's signatories, valid today)."""
    if promise.status != PromiseStatus.READY:
        return []
    signed = set(promise.signatures.values_list("organisation_id", flat=True))
    result = []
    for organisation in promise.collaboration.parties.all():
        if organisation.pk in signed:
            continue
        if signing_authority(
            user=user, collaboration=promise.collaboration, organisation=organisation
        ):
            result.append(organisation)
    return result


@transaction.atomic
def promise_sign(
    *, user: Any, promise: Promise, organisation: Organisation | None = None
) -> PromiseSignature:
    """Sign a ready promise for a party; the last required signature activates and publishes it.

    Only a holder of a signing authority for that party (LPO-chef, kommunstyrelsens ordförande
    or a documented delegate, valid today) may sign. When the municipality and the police have
    both signed, the promise is *Gäller*, ``published_at`` is set, and the promise it renews
    is completed.
    """
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    collaboration = promise.collaboration
    if promise.status != PromiseStatus.READY:
        raise ValidationError(
            _("Only a medborgarlöfte that is ready for signing can be signed."),
            code="not_ready",
        )
    today = timezone.localdate()
    if organisation is None:
        candidates = signable_organisations(user, promise)
        if not candidates:
            raise ValidationError(
                _(
                    "You have no signing authority for a party that has not signed yet. Only "
                    "the lokalpolisområdeschef, kommunstyrelsens ordförande or their documented "
                    "delegates may sign."
                ),
                code="no_authority",
            )
        organisation = candidates[0]
    if not collaboration.parties.filter(pk=organisation.pk).exists():
        raise field_error(
            "organisation", _("The organisation is not a party of this collaboration."), "not_party"
        )
    authority = signing_authority(
        user=user, collaboration=collaboration, organisation=organisation, on=today
    )
    if authority is None:
        raise ValidationError(
            _(
                "You have no signing authority for %(organisation)s. Only the "
                "lokalpolisområdeschef, kommunstyrelsens ordförande or their documented "
                "delegates may sign."
            )
            % {"organisation": organisation.name},
            code="no_authority",
        )
    if promise.signatures.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s has already signed.") % {"organisation": organisation.name},
            code="already_signed",
        )
    warnings = _check_gates(user, promise, "sign")
    signature = PromiseSignature(
        promise=promise,
        organisation=organisation,
        authority=authority,
        signed_by=user,
        signer_name=(user.get_full_name() or user.get_username())[:200],
        signer_title=str(authority.get_title_display())[:200],
    )
    signature.full_clean()
    signature.save()
    promise.signed_with_warnings = sorted(set(promise.signed_with_warnings) | set(warnings))
    signed = set(promise.signatures.values_list("organisation_id", flat=True))
    required = {o.pk for o in required_signatories(collaboration)}
    if required <= signed:
        now = timezone.now()
        promise.status = PromiseStatus.ACTIVE
        promise.published_at = now
        if promise.agreement_id is None:
            promise.agreement = agreement_in_force(
                collaboration=collaboration, on=promise.period_start
            )
        for activity in promise.activities.filter(status=ActivityStatus.PLANNED):
            if activity.starts_on <= today:
                activity.status = ActivityStatus.ONGOING
                activity.save(update_fields=["status", "updated_at"])
        if promise.previous_id:
            previous = Promise.objects.select_for_update().get(pk=promise.previous_id)
            if previous.status == PromiseStatus.ACTIVE:
                previous.status = PromiseStatus.COMPLETED
                previous.completed_at = now
                previous.save(update_fields=["status", "completed_at", "updated_at"])
    promise.save()
    return signature


# --- progress updates ---------------------------------------------------------------------------


@transaction.atomic
def activity_update_create(
    *,
    user: Any,
    activity: PromiseActivity,
    status: str,
    public_text: str = "",
    internal_note: str = "",
    reported_on: datetime.date | None = None,
) -> ActivityUpdate:
    """Report progress on an activity of an active promise; the activity takes the status.

    A changed or dropped activity must say why, publicly (``public_text``). The internal
    note is never shown on the public site.
    """
    promise = activity.promise
    _require_editor(user, promise.collaboration)
    if promise.status != PromiseStatus.ACTIVE:
        raise ValidationError(
            _("Progress can only be reported on a medborgarlöfte that is in force."),
            code="not_active",
        )
    if status not in UPDATE_STATUSES:
        raise field_error("status", _("Choose a valid status."), "invalid")
    if status in REASON_STATUSES and not public_text.strip():
        raise field_error(
            "public_text",
            _("A changed or dropped activity must give its reason publicly."),
            "reason_required",
        )
    today = timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        raise field_error("reported_on", _("The date cannot be in the future."), "future")
    _check_personal_data(public_text=public_text, internal_note=internal_note)
    update = ActivityUpdate(
        activity=activity,
        status=status,
        public_text=public_text.strip(),
        internal_note=internal_note.strip(),
        reported_on=reported_on,
        created_by=user,
    )
    update.full_clean()
    update.save()
    latest = activity.updates.order_by("-reported_on", "-pk").first()
    activity.status = latest.status if latest else status
    activity.save(update_fields=["status", "updated_at"])
    return update


# --- follow-up and completion -------------------------------------------------------------------


def follow_up_opens_on(promise: Promise) -> datetime.date:
    """The first day the follow-up report may be written: the period's last month."""
    return promise.period_end - datetime.timedelta(days=FOLLOW_UP_WINDOW_DAYS - 1)


@transaction.atomic
def follow_up_write(
    *,
    user: Any,
    promise: Promise,
    summary: str,
    outcome: str,
    lessons: str = "",
    today: datetime.date | None = None,
) -> PromiseFollowUp:
    """Write (or revise) the end-of-period follow-up report; completes an ended promise."""
    _require_editor(user, promise.collaboration)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    today = today or timezone.localdate()
    if promise.status not in (PromiseStatus.ACTIVE, PromiseStatus.COMPLETED):
        raise ValidationError(
            _("Only a medborgarlöfte that has been in force can be followed up."),
            code="not_active",
        )
    if today < follow_up_opens_on(promise):
        raise ValidationError(
            _("The follow-up report can be written from %(date)s, in the period's last month.")
            % {"date": follow_up_opens_on(promise).isoformat()},
            code="too_early",
        )
    if not summary.strip():
        raise field_error("summary", _("Say what was done."), "required")
    if not outcome.strip():
        raise field_error("outcome", _("Say how it went and what the effects were."), "required")
    _check_personal_data(summary=summary, outcome=outcome, lessons=lessons)
    report = PromiseFollowUp.objects.filter(promise=promise).first() or PromiseFollowUp(
        promise=promise, created_by=user
    )
    report.summary = summary.strip()
    report.outcome = outcome.strip()
    report.lessons = lessons.strip()
    report.full_clean()
    report.save()
    complete_if_due(promise, today=today)
    return report


def complete_if_due(promise: Promise, *, today: datetime.date | None = None) -> bool:
    """Complete an active promise whose period has ended and whose follow-up report exists."""
    today = today or timezone.localdate()
    if (
        promise.status == PromiseStatus.ACTIVE
        and promise.period_end < today
        and PromiseFollowUp.objects.filter(promise=promise).exists()
    ):
        promise.status = PromiseStatus.COMPLETED
        promise.completed_at = timezone.now()
        promise.save(update_fields=["status", "completed_at", "updated_at"])
        return True
    return False


@transaction.atomic
def promises_complete_due(*, today: datetime.date | None = None) -> int:
    """Complete every promise that is due (used by ``laget send_reminders``)."""
    count = 0
    for promise in Promise.objects.filter(status=PromiseStatus.ACTIVE, follow_up__isnull=False):
        count += complete_if_due(promise, today=today)
    return count


# --- renewal ------------------------------------------------------------------------------------


@transaction.atomic
def promise_renew(
    *,
    user: Any,
    promise: Promise,
    renewal_justification: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Promise:
    """Create the next draft linked to ``promise``: texts, focus problems, indicators and the
    still-relevant activities (not done or dropped) are copied; the renewal must say why the
    need remains. The old promise is completed when the renewal is signed (or when its own
    period has ended and it has been followed up)."""
    _require_editor(user, promise.collaboration)
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.status not in (PromiseStatus.ACTIVE, PromiseStatus.COMPLETED):
        raise ValidationError(
            _("Only a medborgarlöfte that is in force or completed can be renewed."),
            code="not_renewable",
        )
    if promise.renewals.exclude(status=PromiseStatus.WITHDRAWN).exists():
        raise ValidationError(
            _("This medborgarlöfte has already been renewed."), code="already_renewed"
        )
    if not renewal_justification.strip():
        raise field_error(
            "renewal_justification",
            _("A renewal must say why the need remains according to the joint situation picture."),
            "required",
        )
    if period_start <= promise.period_start:
        raise field_error(
            "period_start",
            _("The renewal must start after the start of the promise it renews."),
            "too_early",
        )
    collaboration = promise.collaboration
    renewal = promise_create(
        user=user,
        collaboration=collaboration,
        title=promise.title,
        period_start=period_start,
        period_end=period_end,
        problems=promise.problems.filter(status=ProblemStatus.PRIORITISED),
        indicators=promise.indicators.all(),
        introduction=promise.introduction,
        situation_summary=promise.situation_summary,
        effects=promise.effects,
        how_to_follow=promise.how_to_follow,
        update_interval_days=promise.update_interval_days,
        previous=promise,
        renewal_justification=renewal_justification,
    )
    for position, activity in enumerate(
        promise.activities.exclude(status__in=FINISHED_STATUSES), start=1
    ):
        copy = PromiseActivity(
            promise=renewal,
            position=position,
            title=activity.title,
            public_description=activity.public_description,
            organisation=activity.organisation,
            measure=activity.measure,
            starts_on=period_start,
            ends_on=period_end,
            responsible=activity.responsible,
            resources=activity.resources,
            follow_up_plan=activity.follow_up_plan,
        )
        copy.full_clean()
        copy.save()
    return renewal


# --- never silently forgotten: the coordinators' weekly e-mail ----------------------------------

#: The overdue digest goes out on Mondays (``laget send_reminders`` runs daily).
OVERDUE_DIGEST_WEEKDAY = 0


def overdue_reminders_send(*, today: datetime.date | None = None) -> int:
    """On Mondays, e-mail each collaboration's coordinators what is overdue in its promises
    (progress updates and follow-up reports), and complete the promises that are due.

    Weekly rather than daily, so a flag that stays open for a while reminds without flooding;
    no record is needed because the weekday decides. Returns the number of e-mails sent.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from laget.organisations.models import Membership
    from laget.promises.selectors import promise_overdue_items

    today = today or timezone.localdate()
    promises_complete_due(today=today)
    if today.weekday() != OVERDUE_DIGEST_WEEKDAY:
        return 0
    sent = 0
    collaboration_ids = (
        Promise.objects.filter(status=PromiseStatus.ACTIVE)
        .values_list("collaboration_id", flat=True)
        .distinct()
    )
    for collaboration in Collaboration.objects.filter(pk__in=list(collaboration_ids)):
        items = promise_overdue_items(collaboration=collaboration, today=today)
        if not items:
            continue
        recipients = {
            m.user_id: m.user
            for m in Membership.objects.filter(
                collaboration=collaboration, is_active=True, role=Role.COORDINATOR
            ).select_related("user")
            if m.user.is_active and m.user.email
        }
        path = reverse("promises:list", kwargs={"collaboration_id": collaboration.pk})
        for recipient in recipients.values():
            language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
            with translation.override(language):
                subject = _("Medborgarlöften needing attention: %(collaboration)s") % {
                    "collaboration": collaboration.name
                }
                body = render_to_string(
                    "promises/overdue_email.txt",
                    {
                        "collaboration": collaboration,
                        "items": items,
                        "url": f"{settings.SITE_URL.rstrip('/')}{path}",
                    },
                )
            send_mail(subject, body, None, [recipient.email])
            sent += 1
    return sent
