"""Writes of the dialogue records: validate, then store in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import pii
from laget.core.choices import InformationClass
from laget.core.errors import field_error
from laget.dialogues.choices import (
    STAFF_KINDS,
    CitizenDialogueForm,
    DialogueKind,
    ParticipantGroup,
    RemarkStatus,
)
from laget.dialogues.models import MAX_REMARK, MAX_TEXT, Dialogue, SafetyWalk, WalkRemark
from laget.dialogues.selectors import citizen_checklist, collaboration_units
from laget.geography.models import Area
from laget.geography.services import point_area
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Organisation, Unit
from laget.reporting.models import Category, Report

#: Roles that record dialogues (samordnare, kommunpolis; an administrator may stand in).
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.POLICE})
TEXT_FIELDS = ("title", "participant_groups", "purpose", "outcome", "feedback")


def may_edit(user: Any, collaboration: Collaboration) -> bool:
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & EDITOR_ROLES)


def _require_editor(user: Any, collaboration: Collaboration) -> None:
    if not may_edit(user, collaboration):
        raise ValidationError(
            _("Only coordinators, administrators and the police may record dialogues."),
            code="not_allowed",
        )


def _check(
    collaboration: Collaboration, organisation: Organisation, kind: str, texts: dict[str, str]
) -> None:
    if kind not in DialogueKind.values:
        raise field_error("kind", _("Unknown kind of dialogue."), "invalid")
    if not organisation.collaborations.filter(pk=collaboration.pk).exists():
        raise field_error(
            "organisation", _("The organisation is not a party of this collaboration."), "not_party"
        )
    for name, text in texts.items():
        # Dialogue notes are about views and groups; what individuals said stays out.
        if text and pii.find_personal_data(text):
            raise field_error(
                name,
                _(
                    "The text seems to contain personal data (an identity number, a phone "
                    "number, an e-mail address or a registration number). Remove it."
                ),
                "personal_data",
            )


@transaction.atomic
def dialogue_create(
    *,
    user: Any,
    collaboration: Collaboration,
    kind: str,
    title: str,
    held_on: datetime.date,
    organisation: Organisation,
    participants_count: int = 0,
    participant_groups: str = "",
    purpose: str = "",
    outcome: str = "",
    feedback: str = "",
    feedback_given_on: datetime.date | None = None,
    info_class: str = InformationClass.PARTNERS,
) -> Dialogue:
    """Record a dialogue; a date after today records a planned one (it counts once held).

    A staff dialogue starts with the method's suggested agenda (VAD or HUR) to edit.
    """
    _require_editor(user, collaboration)
    texts = {
        "title": title,
        "participant_groups": participant_groups,
        "purpose": purpose,
        "outcome": outcome,
        "feedback": feedback,
    }
    _check(collaboration, organisation, kind, texts)
    _check_feedback_date(feedback, feedback_given_on, held_on)
    dialogue = Dialogue(
        collaboration=collaboration,
        kind=kind,
        held_on=held_on,
        feedback_given_on=feedback_given_on,
        agenda=default_agenda(kind),
        organisation=organisation,
        owner_organisation=organisation,
        participants_count=participants_count,
        info_class=info_class,
        created_by=user,
        **{name: value.strip() for name, value in texts.items()},
    )
    dialogue.full_clean()
    dialogue.save()
    return dialogue


@transaction.atomic
def dialogue_update(
    *,
    user: Any,
    dialogue: Dialogue,
    kind: str,
    title: str,
    held_on: datetime.date,
    organisation: Organisation,
    participants_count: int = 0,
    participant_groups: str = "",
    purpose: str = "",
    outcome: str = "",
    feedback: str = "",
    feedback_given_on: datetime.date | None = None,
    info_class: str | None = None,
) -> Dialogue:
    """Change a dialogue record (e.g. fill in the outcome once a planned dialogue is held)."""
    collaboration = dialogue.collaboration
    _require_editor(user, collaboration)
    texts = {
        "title": title,
        "participant_groups": participant_groups,
        "purpose": purpose,
        "outcome": outcome,
        "feedback": feedback,
    }
    _check(collaboration, organisation, kind, texts)
    _check_feedback_date(feedback, feedback_given_on, held_on)
    for name, value in texts.items():
        setattr(dialogue, name, value.strip())
    if kind != dialogue.kind and not dialogue.agenda.strip():
        dialogue.agenda = default_agenda(kind)
    dialogue.feedback_given_on = feedback_given_on
    dialogue.kind = kind
    dialogue.held_on = held_on
    dialogue.organisation = organisation
    dialogue.owner_organisation = organisation
    dialogue.participants_count = participants_count
    if info_class is not None:
        dialogue.info_class = info_class
    dialogue.full_clean()
    dialogue.save()
    return dialogue


def _check_feedback_date(
    feedback: str, feedback_given_on: datetime.date | None, held_on: datetime.date
) -> None:
    """Feedback is given after the dialogue, about something said: a date needs a text."""
    if feedback_given_on is None:
        return
    if not (feedback or "").strip():
        raise field_error(
            "feedback", _("Describe the feedback given before giving its date."), "required"
        )
    if feedback_given_on < held_on:
        raise field_error(
            "feedback_given_on",
            _("Feedback cannot be given before the dialogue is held."),
            "before_dialogue",
        )
    if feedback_given_on > timezone.localdate():
        raise field_error(
            "feedback_given_on", _("The feedback date cannot be in the future."), "future"
        )


@transaction.atomic
def dialogue_delete(*, user: Any, dialogue: Dialogue) -> None:
    _require_editor(user, dialogue.collaboration)
    dialogue.delete()


# --- Trygghetsvandringar (safety walks) -------------------------------------------------------

PERSONAL_DATA_MESSAGE = (
    "The text seems to contain personal data (an identity number, a phone "
    "number, an e-mail address or a registration number). Remove it."
)
#: A route is a line drawn by hand; thousands of points would only be a mistake.
MAX_ROUTE_POINTS = 1000
MAX_PARTICIPANTS = 100000


def _guard_texts(texts: dict[str, str]) -> None:
    """Protocols are shared with partners and may reach the public: no personal data."""
    for name, text in texts.items():
        if text and pii.find_personal_data(text):
            raise field_error(name, _(PERSONAL_DATA_MESSAGE), "personal_data")


def _check_lengths(texts: dict[str, str], limits: dict[str, int]) -> None:
    for name, limit in limits.items():
        if len(texts.get(name, "") or "") > limit:
            raise field_error(
                name,
                _("The text is too long (at most %(max)s characters).") % {"max": limit},
                "too_long",
            )


def _check_participants(participants: dict[str, Any] | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for group, value in (participants or {}).items():
        if group not in ParticipantGroup.values:
            raise field_error("participants", _("Unknown participant group."), "invalid")
        try:
            count = int(value or 0)
        except (TypeError, ValueError) as exc:
            raise field_error(
                "participants", _("Participant counts must be whole numbers."), "invalid"
            ) from exc
        if not 0 <= count <= MAX_PARTICIPANTS:
            raise field_error(
                "participants",
                _("Participant counts must be between 0 and %(max)s.") % {"max": MAX_PARTICIPANTS},
                "range",
            )
        if count:
            counts[group] = count
    return counts


def _check_route(route: dict[str, Any] | None) -> dict[str, Any] | None:
    """A GeoJSON LineString in WGS 84, or nothing (the description is the fallback)."""
    if not route:
        return None
    message = _("The route must be a GeoJSON LineString of at least two points (WGS 84).")
    if not isinstance(route, dict) or route.get("type") != "LineString":
        raise field_error("route", message, "invalid")
    coordinates = route.get("coordinates")
    if not isinstance(coordinates, list) or not 2 <= len(coordinates) <= MAX_ROUTE_POINTS:
        raise field_error("route", message, "invalid")
    clean = []
    for point in coordinates:
        try:
            lon, lat = float(point[0]), float(point[1])
        except (TypeError, ValueError, IndexError, KeyError) as exc:
            raise field_error("route", message, "invalid") from exc
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise field_error("route", message, "range")
        clean.append([round(lon, 6), round(lat, 6)])
    return {"type": "LineString", "coordinates": clean}


def _check_walk(
    collaboration: Collaboration, organiser: Organisation, area: Area | None, info_class: str
) -> None:
    if not organiser.collaborations.filter(pk=collaboration.pk).exists():
        raise field_error(
            "organiser", _("The organisation is not a party of this collaboration."), "not_party"
        )
    if area is not None and (area.collaboration_id != collaboration.pk or not area.is_active):
        raise field_error("area", _("Choose one of the collaboration's areas."), "area")
    if info_class not in InformationClass.values:
        raise field_error("info_class", _("Unknown information class."), "invalid")


def _walk_texts(title: str, route_description: str, summary: str) -> dict[str, str]:
    texts = {
        "title": (title or "").strip(),
        "route_description": (route_description or "").strip(),
        "summary": (summary or "").strip(),
    }
    if not texts["title"]:
        raise field_error("title", _("Give the walk a title."), "required")
    _check_lengths(texts, {"title": 200, "route_description": MAX_TEXT, "summary": MAX_TEXT})
    _guard_texts(texts)
    return texts


@transaction.atomic
def safety_walk_create(
    *,
    user: Any,
    collaboration: Collaboration,
    title: str,
    planned_on: datetime.datetime,
    organiser: Organisation,
    area: Area | None = None,
    route: dict[str, Any] | None = None,
    route_description: str = "",
    participants: dict[str, Any] | None = None,
    summary: str = "",
    info_class: str = InformationClass.PARTNERS,
) -> SafetyWalk:
    """Plan a trygghetsvandring; it stays planned until ``safety_walk_mark_walked``."""
    _require_editor(user, collaboration)
    texts = _walk_texts(title, route_description, summary)
    _check_walk(collaboration, organiser, area, info_class)
    walk = SafetyWalk(
        collaboration=collaboration,
        area=area,
        planned_on=planned_on,
        route=_check_route(route),
        organiser=organiser,
        owner_organisation=organiser,
        participants=_check_participants(participants),
        info_class=info_class,
        created_by=user,
        **texts,
    )
    walk.full_clean()
    walk.save()
    return walk


@transaction.atomic
def safety_walk_update(
    *,
    user: Any,
    walk: SafetyWalk,
    title: str,
    planned_on: datetime.datetime,
    organiser: Organisation,
    area: Area | None = None,
    route: dict[str, Any] | None = None,
    route_description: str = "",
    participants: dict[str, Any] | None = None,
    summary: str = "",
    info_class: str | None = None,
) -> SafetyWalk:
    """Change a walk's plan, route, head counts or summary."""
    collaboration = walk.collaboration
    _require_editor(user, collaboration)
    texts = _walk_texts(title, route_description, summary)
    info_class = walk.info_class if info_class is None else info_class
    _check_walk(collaboration, organiser, area, info_class)
    walk.route = _check_route(route)
    walk.participants = _check_participants(participants)
    for name, value in texts.items():
        setattr(walk, name, value)
    walk.planned_on = planned_on
    walk.organiser = organiser
    walk.owner_organisation = organiser
    walk.area = area
    walk.info_class = info_class
    walk.full_clean()
    walk.save()
    return walk


@transaction.atomic
def safety_walk_mark_walked(
    *,
    user: Any,
    walk: SafetyWalk,
    walked_on: datetime.date,
    participants: dict[str, Any] | None = None,
    summary: str | None = None,
) -> SafetyWalk:
    """Record that the walk took place (not in the future), with who came and what was seen."""
    _require_editor(user, walk.collaboration)
    if walked_on is None:
        raise field_error("walked_on", _("Give the date of the walk."), "required")
    if walked_on > timezone.localdate():
        raise field_error(
            "walked_on", _("The walk cannot have taken place in the future."), "future"
        )
    if participants is not None:
        walk.participants = _check_participants(participants)
    if summary is not None:
        texts = _walk_texts(walk.title, walk.route_description, summary)
        walk.summary = texts["summary"]
    walk.walked_on = walked_on
    walk.full_clean()
    walk.save()
    return walk


def _check_remark(
    walk: SafetyWalk,
    text: str,
    lat: float | None,
    lon: float | None,
    problem_owner: Organisation | None,
    problem_owner_text: str,
) -> tuple[str, str, float, float]:
    text = (text or "").strip()
    owner_text = (problem_owner_text or "").strip()
    if not text:
        raise field_error("text", _("Describe the remark (ANMÄRKNING)."), "required")
    _check_lengths(
        {"text": text, "problem_owner_text": owner_text},
        {
            "text": MAX_REMARK,
            "problem_owner_text": 200,
        },
    )
    _guard_texts({"text": text, "problem_owner_text": owner_text})
    if lat is None or lon is None:
        raise field_error(
            "lat", _("Place the remark on the map or give its latitude and longitude."), "required"
        )
    try:
        point_area(collaboration=walk.collaboration, lon=lon, lat=lat)
    except ValidationError as exc:
        raise field_error(
            "lat", " ".join(exc.messages), exc.error_list[0].code or "outside"
        ) from exc
    if problem_owner is not None and owner_text:
        raise field_error(
            "problem_owner_text",
            _("Choose a party or name another problem owner, not both."),
            "both",
        )
    if (
        problem_owner is not None
        and not problem_owner.collaborations.filter(pk=walk.collaboration_id).exists()
    ):
        raise field_error(
            "problem_owner",
            _("The organisation is not a party of this collaboration."),
            "not_party",
        )
    return text, owner_text, float(lat), float(lon)


@transaction.atomic
def walk_remark_add(
    *,
    user: Any,
    walk: SafetyWalk,
    text: str,
    lat: float | None,
    lon: float | None,
    problem_owner: Organisation | None = None,
    problem_owner_text: str = "",
) -> WalkRemark:
    """Add the next numbered row (NR) of the protocol; only a walk that has been walked has remarks."""
    _require_editor(user, walk.collaboration)
    if walk.walked_on is None:
        raise ValidationError(
            _("Mark the walk as walked before adding remarks."), code="not_walked"
        )
    text, owner_text, lat, lon = _check_remark(
        walk, text, lat, lon, problem_owner, problem_owner_text
    )
    # Lock the walk so that two remarks added at once do not get the same number.
    SafetyWalk.objects.select_for_update().filter(pk=walk.pk).first()
    number = (walk.remarks.aggregate(top=Max("number"))["top"] or 0) + 1
    remark = WalkRemark(
        walk=walk,
        number=number,
        text=text,
        lat=lat,
        lon=lon,
        problem_owner=problem_owner,
        problem_owner_text=owner_text,
    )
    remark.full_clean()
    remark.save()
    return remark


@transaction.atomic
def walk_remark_update(
    *,
    user: Any,
    remark: WalkRemark,
    text: str,
    lat: float | None,
    lon: float | None,
    problem_owner: Organisation | None = None,
    problem_owner_text: str = "",
) -> WalkRemark:
    """Correct a remark's text, place or problem owner (its number stays)."""
    _require_editor(user, remark.walk.collaboration)
    text, owner_text, lat, lon = _check_remark(
        remark.walk, text, lat, lon, problem_owner, problem_owner_text
    )
    remark.text, remark.lat, remark.lon = text, lat, lon
    remark.problem_owner = problem_owner
    remark.problem_owner_text = owner_text
    remark.full_clean()
    remark.save()
    return remark


@transaction.atomic
def walk_remark_set_status(
    *,
    user: Any,
    remark: WalkRemark,
    status: str,
    fixed_on: datetime.date | None = None,
    response: str = "",
) -> WalkRemark:
    """Follow a remark towards ÅTGÄRDAT: fixed needs its date (not in the future), won't fix a reason."""
    walk = remark.walk
    _require_editor(user, walk.collaboration)
    if status not in RemarkStatus.values:
        raise field_error("status", _("Unknown status."), "invalid")
    response = (response or "").strip()
    _check_lengths({"response": response}, {"response": MAX_TEXT})
    _guard_texts({"response": response})
    if status == RemarkStatus.FIXED:
        if fixed_on is None:
            raise field_error("fixed_on", _("Give the date the problem was fixed."), "required")
        if fixed_on > timezone.localdate():
            raise field_error("fixed_on", _("The date fixed cannot be in the future."), "future")
        if walk.walked_on and fixed_on < walk.walked_on:
            raise field_error(
                "fixed_on", _("The date fixed cannot be before the walk."), "before_walk"
            )
    else:
        fixed_on = None
    if status == RemarkStatus.WONT_FIX and not response:
        raise field_error(
            "response", _("Give the reason why the problem will not be fixed."), "required"
        )
    remark.status = status
    remark.fixed_on = fixed_on
    remark.response = response
    remark.full_clean()
    remark.save()
    return remark


@transaction.atomic
def walk_remark_to_report(*, user: Any, remark: WalkRemark, category: Category) -> Report:
    """Turn a remark into a lägesrapport so that it flows into the lägesbild (once only).

    The report carries the remark's text and point and the walk's date, under a category of the
    collaboration's template that the person chooses; it is the person's own report.
    """
    from laget.reporting.services import ReportInput, report_submit

    walk = remark.walk
    _require_editor(user, walk.collaboration)
    locked = WalkRemark.objects.select_for_update().get(pk=remark.pk)
    if locked.report_id is not None:
        raise ValidationError(
            _("This remark has already been turned into a report."), code="already_reported"
        )
    day = walk.walked_on or timezone.localdate(walk.planned_on)
    # The report happened during the walk: its day at the planned time of day (never later
    # than now), so that the report's week and time agree.
    planned = timezone.localtime(walk.planned_on)
    occurred = min(
        timezone.make_aware(datetime.datetime.combine(day, planned.time().replace(tzinfo=None))),
        timezone.now(),
    )
    report, _created = report_submit(
        user=user,
        collaboration=walk.collaboration,
        data=ReportInput(
            category=category,
            occurred_at=occurred,
            lon=remark.lon,
            lat=remark.lat,
            area=walk.area,
            text=_("Trygghetsvandring %(date)s, anmärkning %(number)s: %(text)s")
            % {"date": day.isoformat(), "number": remark.number, "text": remark.text},
            info_class=InformationClass.PARTNERS,
        ),
    )
    locked.report = report
    locked.save(update_fields=["report", "updated_at"])
    remark.report = report
    return report


# --- Citizen-dialogue planning checklist and staff dialogues (issue 6 items 4–5) ---------------

#: "Förslag till upplägg för VAD-dialog" (spec §3.3), the method's own Swedish wording.
AGENDA_WHAT = """Inledning
- Polisens styrmodell, verksamhetsidé och långsiktiga mål.
- Presentera process för medborgarlöften och medarbetarnas roll i processen.
- Presentera mötets syfte och mål.
- Presentera uppföljning av tidigare års lägesbild och medborgarlöften.

Grupparbete – VAD
- Steg 1: Lokal lägesbild
- Steg 2: Fokusområden
- Steg 3: Prioritera fokusområden
- Steg 4: Problembeskrivning och orsaksanalys

Summering
- Hur förmedlas mötets bidrag till det fortsatta arbetet?
- Vad tar vi med oss till nästa dialogmöte med fokus på aktivitetsplanering/HUR?
- Beskriv den fortsatta processen med medborgarlöften fram till nästa möte."""

#: "Förslag till upplägg för HUR-dialog" (spec §3.4).
AGENDA_HOW = """Inledning
- Presentera mötets syfte och mål.
- Summering från VAD-mötet.
- Presentera gemensam lägesbild inklusive medborgardialog/-er.
- Presentera gemensamma fokusområden och målbild.
- Presentera genomförd problembeskrivning och orsaksanalys.

Grupparbete – HUR
- Steg 1: Hur vi ska arbeta med de gemensamma fokusområdena?
- Steg 2: Prioritera aktiviteter

Summering
- Hur förmedlas mötets bidrag till det fortsatta arbetet?
- Beskrivning av den fortsatta processen med medborgarlöften."""

PLAN_TEXT_FIELDS = (
    "plan_responsible",
    "purpose",
    "plan_target_group",
    "plan_influence",
    "plan_forum",
    "plan_questions",
    "plan_documentation",
    "plan_feedback",
)


def default_agenda(kind: str) -> str:
    """The suggested agenda of a staff dialogue; citizen dialogues plan with the checklist."""
    return {DialogueKind.STAFF_WHAT: AGENDA_WHAT, DialogueKind.STAFF_HOW: AGENDA_HOW}.get(kind, "")


def _missing_message(dialogue: Dialogue) -> str:
    missing = [str(label) for key, label, done in citizen_checklist(dialogue=dialogue) if not done]
    return _("The planning checklist is not complete. Missing: %(points)s.") % {
        "points": "; ".join(missing)
    }


@transaction.atomic
def dialogue_plan_update(
    *,
    user: Any,
    dialogue: Dialogue,
    plan_responsible: str = "",
    purpose: str = "",
    plan_target_group: str = "",
    plan_influence: str = "",
    plan_forms: list[str] | None = None,
    plan_forum: str = "",
    plan_questions: str = "",
    plan_documentation: str = "",
    plan_feedback: str = "",
) -> Dialogue:
    """Fill in the nine-point checklist of a citizen dialogue (spec §3.10); points may be left
    empty while planning, but not once invitations have gone out on the strength of them."""
    _require_editor(user, dialogue.collaboration)
    if dialogue.kind != DialogueKind.CITIZEN:
        raise ValidationError(
            _("Only citizen dialogues have a planning checklist."), code="not_citizen"
        )
    texts = {
        "plan_responsible": plan_responsible,
        "purpose": purpose,
        "plan_target_group": plan_target_group,
        "plan_influence": plan_influence,
        "plan_forum": plan_forum,
        "plan_questions": plan_questions,
        "plan_documentation": plan_documentation,
        "plan_feedback": plan_feedback,
    }
    texts = {name: (value or "").strip() for name, value in texts.items()}
    _check_lengths(texts, dict.fromkeys(texts, MAX_TEXT))
    _guard_texts(texts)
    forms = list(dict.fromkeys(plan_forms or []))
    if any(value not in CitizenDialogueForm.values for value in forms):
        raise field_error("plan_forms", _("Unknown form of dialogue."), "invalid")
    for name, value in texts.items():
        setattr(dialogue, name, value)
    dialogue.plan_forms = forms
    if dialogue.invitations_sent_on and any(
        not done for _key, _label, done in citizen_checklist(dialogue=dialogue)
    ):
        raise ValidationError(
            _("The invitations have gone out: every point of the checklist must stay filled in."),
            code="incomplete",
        )
    dialogue.full_clean()
    dialogue.save()
    return dialogue


@transaction.atomic
def dialogue_send_invitations(*, user: Any, dialogue: Dialogue, sent_on: datetime.date) -> Dialogue:
    """Mark a citizen dialogue's invitations sent ("Bjud in") – only with all nine points filled
    in, since the invitation must state purpose, influence and form (spec §2.7, §3.10)."""
    _require_editor(user, dialogue.collaboration)
    if dialogue.kind != DialogueKind.CITIZEN:
        raise ValidationError(
            _("Only citizen dialogues send invitations this way."), code="not_citizen"
        )
    if any(not done for _key, _label, done in citizen_checklist(dialogue=dialogue)):
        raise ValidationError(_missing_message(dialogue), code="incomplete")
    if sent_on is None:
        raise field_error("sent_on", _("Give the date the invitations were sent."), "required")
    if sent_on > timezone.localdate():
        raise field_error("sent_on", _("The invitations cannot be sent in the future."), "future")
    if sent_on > dialogue.held_on:
        raise field_error(
            "sent_on", _("Invitations are sent before the dialogue is held."), "after_dialogue"
        )
    dialogue.invitations_sent_on = sent_on
    dialogue.full_clean()
    dialogue.save(update_fields=["invitations_sent_on", "updated_at"])
    return dialogue


def _check_unit_counts(collaboration: Collaboration, counts: dict[Any, Any]) -> dict[str, int]:
    units = {str(unit.pk) for unit in collaboration_units(collaboration=collaboration)}
    clean: dict[str, int] = {}
    for key, value in (counts or {}).items():
        unit_id = str(key.pk if isinstance(key, Unit) else key)
        if unit_id not in units:
            raise field_error(
                "participants_by_unit",
                _("Choose units of the collaboration's organisations."),
                "unknown_unit",
            )
        try:
            count = int(value or 0)
        except (TypeError, ValueError) as exc:
            raise field_error(
                "participants_by_unit", _("Participant counts must be whole numbers."), "invalid"
            ) from exc
        if not 0 <= count <= MAX_PARTICIPANTS:
            raise field_error(
                "participants_by_unit",
                _("Participant counts must be between 0 and %(max)s.") % {"max": MAX_PARTICIPANTS},
                "range",
            )
        if count:
            clean[unit_id] = count
    return clean


@transaction.atomic
def dialogue_staff_update(
    *,
    user: Any,
    dialogue: Dialogue,
    agenda: str = "",
    participants_by_unit: dict[Any, Any] | None = None,
) -> Dialogue:
    """Record a staff dialogue's agenda and head count per unit (never names). The total of
    the units becomes the dialogue's number of participants when any unit is counted."""
    _require_editor(user, dialogue.collaboration)
    if dialogue.kind not in STAFF_KINDS:
        raise ValidationError(
            _("Only staff dialogues record participants by unit."), code="not_staff"
        )
    texts = {"agenda": (agenda or "").strip()}
    _check_lengths(texts, {"agenda": MAX_TEXT})
    _guard_texts(texts)
    counts = _check_unit_counts(dialogue.collaboration, participants_by_unit or {})
    dialogue.agenda = texts["agenda"]
    dialogue.participants_by_unit = counts
    if counts:
        dialogue.participants_count = sum(counts.values())
    dialogue.full_clean()
    dialogue.save()
    return dialogue
