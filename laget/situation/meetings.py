"""Meetings of the lägesbildsgrupp: the agenda in priority order, decisions and action items.

Services (writes) and selectors (reads) for ``Meeting``, ``AgendaItem`` and ``ActionItem``.
The agenda is built from the lägesbild's stored snapshot, so it shows what the group decided
on, even when later reports change the figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.accounts.models import User
from laget.analysis import pii
from laget.core.choices import InformationClass
from laget.organisations.choices import MANAGER_ROLES, GroupKind, Role
from laget.organisations.models import Decision, Group, GroupMembership, Membership
from laget.situation.choices import (
    ACTION_DECISIONS,
    ActionStatus,
    AgendaKind,
    MeetingDecision,
    PictureStatus,
)
from laget.situation.models import ActionItem, AgendaItem, Meeting, SituationPicture
from laget.situation.snapshot import ALL_AREAS


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item as computed from a snapshot, before it is stored."""

    kind: str
    category_id: int | None
    area_id: int | None
    title: str
    reason: str


def _cell_title(names: dict[Any, str], areas: dict[Any, str], category: Any, area: Any) -> str:
    area_name = _("all areas") if area == ALL_AREAS else (areas.get(area) or _("without area"))
    return f"{names.get(category, '?')} – {area_name}"


def agenda_from_snapshot(snapshot: dict[str, Any]) -> list[AgendaEntry]:
    """The lägesbild's items in priority order: alerts, red cells, yellow cells, the rest.

    Alerts come by significance (lowest p-value first); within a colour the larger counts come
    first. A category × area cell appears once, under its most urgent reason.
    """
    names = {c["id"]: c["label"] for c in snapshot.get("categories", [])}
    areas = {a["id"]: a["name"] for a in snapshot.get("areas", [])}
    entries: list[AgendaEntry] = []
    seen: set[tuple[Any, Any]] = set()
    for alert in sorted(snapshot.get("alerts", []), key=lambda a: a["p_value"]):
        key = (alert["category"], alert["area"])
        seen.add(key)
        reason = _("%(observed)s reports against normally %(mean)s") % {
            "observed": alert["observed"],
            "mean": round(alert["mean"], 1),
        }
        area = None if alert["area"] == ALL_AREAS else alert["area"]
        title = _cell_title(names, areas, *key)
        entries.append(AgendaEntry(AgendaKind.ALERT, alert["category"], area, title, reason))
    cells = sorted(
        (c for c in snapshot.get("cells", []) if c["count"] or c.get("assessment")),
        key=lambda c: -c["count"],
    )
    for kind, wanted in ((AgendaKind.RED, "red"), (AgendaKind.YELLOW, "yellow"), (None, None)):
        for cell in cells:
            key = (cell["category"], cell["area"])
            if key in seen or (wanted is not None and cell.get("assessment") != wanted):
                continue
            seen.add(key)
            reason = _("%(count)s occurrences this period") % {"count": cell["count"]}
            entries.append(
                AgendaEntry(
                    kind or AgendaKind.OTHER,
                    cell["category"],
                    cell["area"],
                    _cell_title(names, areas, *key),
                    reason,
                )
            )
    return entries


# --- selectors ---------------------------------------------------------------------------------


def may_read_meetings(user: Any, group: Group) -> bool:
    """Coordinators and administrators, the group's members and the collaboration's police."""
    scope = access.scope_for(user)
    roles = scope.roles.get(group.collaboration_id, set())
    if scope.is_superuser or group.collaboration_id in scope.managed_collaboration_ids():
        return True
    if Role.POLICE in roles:
        return True
    return GroupMembership.objects.filter(group=group, user=user).exists()


def meeting_list(*, user: Any, group: Group) -> QuerySet[Meeting]:
    """The group's meetings that ``user`` may see, newest first."""
    return access.restrict(user, Meeting.objects.filter(group=group)).select_related("picture")


def meeting_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda in order, with decisions, responsible people and action items."""
    return list(
        meeting.items.select_related(
            "responsible",
            "action__response",
            "carried_action__responsible",
            "category",
            "area",
            "escalated_to",
        )
        .prefetch_related("problems")
        .order_by("position")
    )


#: The bodies a lägesbildsgrupp raises items to (lyfts till lokala BRÅ eller styrgrupp).
ESCALATION_KINDS = (GroupKind.STEERING, GroupKind.LOCAL_COUNCIL)


def escalation_groups(*, collaboration_id: int) -> QuerySet[Group]:
    """The collaboration's steering groups and local crime prevention councils."""
    return Group.objects.filter(
        collaboration_id=collaboration_id, kind__in=ESCALATION_KINDS
    ).order_by("name")


def escalations(*, user: Any, collaboration: Any) -> QuerySet[ActionItem]:
    """The items the collaboration's groups raised to the steering group or the council,
    awaiting an answer first, then answered ones, newest first."""
    return (
        access.restrict(
            user,
            ActionItem.objects.filter(
                collaboration=collaboration, agenda_item__decision=MeetingDecision.ESCALATE
            ),
        )
        .select_related(
            "agenda_item__meeting__group",
            "agenda_item__escalated_to",
            "responsible",
            "response",
        )
        .order_by("response", "-agenda_item__meeting__held_on", "-pk")
    )


def may_answer(*, user: Any, action: ActionItem) -> bool:
    """Coordinators and administrators, and the members of the body the item was raised to."""
    scope = access.scope_for(user)
    if scope.is_superuser:
        return True
    if scope.roles.get(action.collaboration_id, set()) & MANAGER_ROLES:
        return True
    target = action.agenda_item.escalated_to_id
    bodies = (
        [target]
        if target is not None
        else list(
            escalation_groups(collaboration_id=action.collaboration_id).values_list("pk", flat=True)
        )
    )
    return GroupMembership.objects.filter(group_id__in=bodies, user=user).exists()


def responsible_choices(*, collaboration_id: int) -> QuerySet[User]:
    """Who may be responsible for an action item: active members of the collaboration."""
    return (
        User.objects.filter(
            memberships__collaboration_id=collaboration_id, memberships__is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def group_members(*, group: Group) -> QuerySet[User]:
    """The people with a seat in the group (the possible attendees)."""
    return User.objects.filter(group_seats__group=group).order_by("first_name", "last_name")


@dataclass(frozen=True)
class Feedback:
    """What came of a report: the adopted lägesbild it is in, the decision and the action."""

    picture: SituationPicture | None = None
    item: AgendaItem | None = None
    action: ActionItem | None = None


def report_feedback(*, user: Any, reports: list[Any]) -> dict[int, Feedback]:
    """Feedback for each report, in two queries however many reports there are.

    A report is in the adopted lägesbild of its collaboration whose period holds its week; the
    decision is the one on that lägesbild's meetings for the report's category × area (or for
    its category in all areas).
    """
    if not reports:
        return {}
    collaborations = {r.collaboration_id for r in reports}
    first = min(r.period_start for r in reports)
    last = max(r.period_start for r in reports)
    pictures = list(
        access.restrict(
            user,
            SituationPicture.objects.filter(
                collaboration_id__in=collaborations,
                status=PictureStatus.ADOPTED,
                period_end__gte=first,
                period_start__lte=last,
            ).defer("snapshot"),
        ).order_by("period_start", "version")
    )
    items = list(
        AgendaItem.objects.filter(meeting__picture__in=pictures)
        .exclude(decision="")
        .exclude(kind=AgendaKind.RESPONSE)
        .select_related("action__response__group", "meeting")
        .order_by("meeting__held_on", "pk")
    )
    by_id = {p.pk: p for p in pictures}
    result: dict[int, Feedback] = {}
    for report in reports:
        picture = None
        for candidate in pictures:  # the latest adopted version wins
            if (
                candidate.collaboration_id == report.collaboration_id
                and candidate.period_start <= report.period_start <= candidate.period_end
            ):
                picture = candidate
        if picture is None:
            continue
        same_period = [
            i
            for i in items
            if by_id[i.meeting.picture_id].period_start == picture.period_start
            and i.meeting.group_id == picture.group_id
            and i.category_id == report.category_id
        ]
        exact = [i for i in same_period if i.area_id == report.area_id]
        wide = [i for i in same_period if i.area_id is None]
        item = (exact or wide or [None])[-1]
        action = getattr(item, "action", None) if item is not None else None
        result[report.pk] = Feedback(picture, item, action)
    return result


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *, user: Any, picture: SituationPicture, held_on: datetime.date | None = None
) -> Meeting:
    """Create the group's meeting about ``picture`` with its agenda in priority order.

    The lägesbild's items come first (see :func:`agenda_from_snapshot`), then every action item
    still open from the group's earlier meetings.
    """
    if picture.group.kind != GroupKind.SITUATION:
        raise ValidationError(_("Only a situation picture group holds these meetings."))
    if not picture.snapshot:
        raise ValidationError(
            _("Compile the situation picture before creating a meeting."), code="not_compiled"
        )
    meeting = Meeting(
        collaboration_id=picture.collaboration_id,
        group_id=picture.group_id,
        picture=picture,
        held_on=held_on or timezone.localdate(),
        created_by=user,
    )
    meeting.full_clean()
    meeting.save()
    items: list[AgendaItem] = []
    answered = (
        ActionItem.objects.filter(
            agenda_item__meeting__group_id=picture.group_id, response__isnull=False
        )
        .exclude(carried_to__kind=AgendaKind.RESPONSE)  # each answer is reported back once
        .select_related("agenda_item", "response__group")
        .order_by("response__decided_on", "pk")
    )
    for action in answered:
        body = action.response.group.name if action.response.group else action.response.decided_by
        items.append(
            AgendaItem(
                meeting=meeting,
                position=len(items) + 1,
                kind=AgendaKind.RESPONSE,
                title=action.agenda_item.title,
                reason=(
                    _("%(body)s decided %(date)s: %(text)s")
                    % {
                        "body": body,
                        "date": action.response.decided_on.isoformat(),
                        "text": action.response.text,
                    }
                )[:500],
                category_id=action.agenda_item.category_id,
                area_id=action.agenda_item.area_id,
                carried_action=action,
            )
        )
    for e in agenda_from_snapshot(picture.snapshot):
        items.append(
            AgendaItem(
                meeting=meeting,
                position=len(items) + 1,
                kind=e.kind,
                title=e.title[:300],
                reason=e.reason[:500],
                category_id=e.category_id,
                area_id=e.area_id,
            )
        )
    carried = (
        ActionItem.objects.filter(
            agenda_item__meeting__group_id=picture.group_id, status=ActionStatus.OPEN
        )
        .exclude(agenda_item__meeting=meeting)
        .select_related("agenda_item")
        .order_by("due_date", "pk")
    )
    for action in carried:
        items.append(
            AgendaItem(
                meeting=meeting,
                position=len(items) + 1,
                kind=AgendaKind.CARRIED,
                title=action.agenda_item.title,
                reason=_("Open action item, due %(date)s") % {"date": action.due_date.isoformat()},
                category_id=action.agenda_item.category_id,
                area_id=action.agenda_item.area_id,
                carried_action=action,
            )
        )
    for item in items:
        item.full_clean(exclude=["meeting"])
        item.save()  # one by one, so the audit log records each
    return meeting


def _personal_data_error(text: str) -> ValidationError | None:
    if not pii.find_personal_data(text):
        return None
    return ValidationError(
        _(
            "The text seems to contain personal data (an identity number, a phone number, an "
            "e-mail address or a registration number). Minutes describe places and events, not "
            "people: remove it."
        ),
        code="personal_data",
    )


def _validate_decision(
    item: AgendaItem,
    decision: str,
    responsible: User | None,
    due_date: datetime.date | None,
    notes: str,
    escalated_to: Group | None = None,
) -> None:
    errors: dict[str, ValidationError] = {}
    if decision == MeetingDecision.ESCALATE:
        bodies = escalation_groups(collaboration_id=item.meeting.collaboration_id)
        if escalated_to is None and bodies.exists():
            errors["escalated_to"] = ValidationError(
                _("Choose the steering group or council the item is raised to."),
                code="required",
            )
        elif escalated_to is not None and not bodies.filter(pk=escalated_to.pk).exists():
            errors["escalated_to"] = ValidationError(
                _("Choose one of the collaboration's steering groups or councils."),
                code="invalid_group",
            )
    needs_action = decision in ACTION_DECISIONS
    if needs_action and responsible is None:
        errors["responsible"] = ValidationError(
            _("This decision needs a responsible person."), code="required"
        )
    if (
        responsible is not None
        and not Membership.objects.filter(
            user=responsible, collaboration_id=item.meeting.collaboration_id, is_active=True
        ).exists()
    ):
        errors["responsible"] = ValidationError(
            _("The responsible person must be a member of the collaboration."), code="outsider"
        )
    if needs_action and due_date is None:
        errors["due_date"] = ValidationError(_("This decision needs a due date."), code="required")
    if due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = ValidationError(_("The due date cannot be in the past."), code="past")
    personal = _personal_data_error(notes)
    if personal is not None:
        errors["notes"] = personal
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agenda_item_decide(
    *,
    user: Any,
    item: AgendaItem,
    decision: str,
    responsible: User | None = None,
    due_date: datetime.date | None = None,
    notes: str = "",
    escalated_to: Group | None = None,
) -> AgendaItem:
    """Record the group's decision on an agenda item (nothing is stored when it is invalid).

    A decision that needs action gets an action item; on a carried item the carried action item
    is re-planned instead, so one task never becomes two.
    """
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    notes = notes.strip()
    _validate_decision(item, decision, responsible, due_date, notes, escalated_to)
    if item.kind == AgendaKind.RESPONSE and decision in ACTION_DECISIONS:
        raise ValidationError(
            {
                "decision": ValidationError(
                    _(
                        "An answer from the steering group or council is noted; to act on it, "
                        "decide on the lägesbild's item for the same category and area."
                    ),
                    code="response_item",
                )
            }
        )
    item.decision = decision
    item.escalated_to = escalated_to if decision == MeetingDecision.ESCALATE else None
    item.responsible = responsible
    item.due_date = due_date
    item.notes = notes
    item.decided_at = timezone.now()
    item.full_clean()
    item.save(
        update_fields=[
            "decision",
            "escalated_to",
            "responsible",
            "due_date",
            "notes",
            "decided_at",
        ]
    )
    if item.kind == AgendaKind.RESPONSE:
        return item  # the answered action item stays as it is
    action = item.carried_action or ActionItem.objects.filter(agenda_item=item).first()
    if decision in ACTION_DECISIONS:
        assert responsible is not None and due_date is not None  # _validate_decision
        if action is None:
            action = ActionItem(collaboration_id=item.meeting.collaboration_id, agenda_item=item)
        action.responsible = responsible
        action.due_date = due_date
        action.full_clean()
        action.save()
    elif action is not None and item.carried_action_id is None:
        action.delete()  # the group changed its mind: nothing to do any more
    return item


@transaction.atomic
def action_item_set_status(*, user: Any, action: ActionItem, status: str) -> ActionItem:
    """Mark an action item done (or open again); open ones go on the next meeting's agenda."""
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.full_clean()
    action.save(update_fields=["status", "done_at"])
    return action


@transaction.atomic
def meeting_attendance_set(*, user: Any, meeting: Meeting, attendee_ids: list[int]) -> Meeting:
    """Record who of the group's members attended the meeting."""
    members = set(group_members(group=meeting.group).values_list("pk", flat=True))
    chosen = set(attendee_ids)
    if not chosen <= members:
        raise ValidationError(
            {"attendees": _("Only the group's members can be recorded as attendees.")}
        )
    meeting.attendees.set(chosen)
    return meeting


@transaction.atomic
def escalation_answer(
    *,
    user: Any,
    action: ActionItem,
    decided_on: datetime.date,
    decided_by: str,
    text: str,
) -> ActionItem:
    """Record the steering group's or council's answer to an escalated item.

    The answer is a decision (``organisations.Decision``) of the body the item was raised to; the
    action item is done, and the answer goes on the group's next meeting agenda and into the
    trail of the reports behind the item.
    """
    action = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("agenda_item__escalated_to", "collaboration")
        .get(pk=action.pk)
    )
    if action.agenda_item.decision != MeetingDecision.ESCALATE:
        raise ValidationError(_("This item was not raised to a steering group."), code="kind")
    if action.response_id is not None:
        raise ValidationError(_("This item has already been answered."), code="answered")
    if not may_answer(user=user, action=action):
        raise ValidationError(
            _("Only the steering group's or council's members and the coordinators answer."),
            code="not_member",
        )
    text = text.strip()
    errors: dict[str, ValidationError] = {}
    if not text:
        errors["text"] = ValidationError(_("Write the decision."), code="required")
    personal = _personal_data_error(text)
    if personal is not None:
        errors["text"] = personal
    if decided_on > timezone.localdate():
        errors["decided_on"] = ValidationError(
            _("The decision date cannot be in the future."), code="future"
        )
    if errors:
        raise ValidationError(errors)
    membership = next(
        (
            m
            for m in access.active_memberships(user)
            if m.collaboration_id == action.collaboration_id
        ),
        None,
    )
    owner = membership.organisation if membership is not None else None
    if owner is None:
        owner = action.collaboration.parties.order_by("pk").first()
    body = action.agenda_item.escalated_to
    decision = Decision(
        collaboration=action.collaboration,
        group=body,
        owner_organisation=owner,
        info_class=InformationClass.PARTNERS,
        title=(_("Answer: %(title)s") % {"title": action.agenda_item.title})[:200],
        text=text,
        decided_on=decided_on,
        decided_by=decided_by.strip() or (body.name if body else ""),
        created_by=user,
    )
    decision.full_clean()
    decision.save()
    action.response = decision
    action.status = ActionStatus.DONE
    action.done_at = timezone.now()
    action.full_clean()
    action.save(update_fields=["response", "status", "done_at"])
    return action
