"""Pages for the lägesbildsgrupp's meetings: the list, the agenda with decisions, the minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.organisations.choices import MANAGER_ROLES, GroupKind, Role
from laget.organisations.models import Collaboration, Group, GroupMembership
from laget.situation import meetings
from laget.situation.choices import ActionStatus, PictureStatus
from laget.situation.meeting_forms import (
    AttendanceForm,
    DecisionForm,
    EscalationAnswerForm,
    MeetingCreateForm,
)
from laget.situation.models import ActionItem, AgendaItem, Meeting, SituationPicture


def _group(
    request: HttpRequest, collaboration_id: int, group_id: int, action: str = access.VIEW
) -> tuple[Collaboration, Group]:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id, action)
    group = access.access_object(request.user, Group, group_id)
    if group.collaboration_id != collaboration.pk or group.kind != GroupKind.SITUATION:
        raise Http404
    if not meetings.may_read_meetings(request.user, group):
        raise Http404
    return collaboration, group


def _meeting(
    request: HttpRequest, collaboration_id: int, meeting_id: int, action: str = access.VIEW
) -> tuple[Collaboration, Meeting]:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id, action)
    meeting = access.access_object(request.user, Meeting, meeting_id)
    if meeting.collaboration_id != collaboration.pk:
        raise Http404
    if not meetings.may_read_meetings(request.user, meeting.group):
        raise Http404
    return collaboration, meeting


def _adopted_pictures(request: HttpRequest, group: Group) -> QuerySet[SituationPicture]:
    return access.restrict(
        request.user,
        SituationPicture.objects.filter(group=group, status=PictureStatus.ADOPTED).defer(
            "snapshot"
        ),
    ).order_by("-period_start", "-version")


@login_required
def meeting_list(request: HttpRequest, collaboration_id: int, group_id: int) -> HttpResponse:
    """The group's meetings, and (for coordinators) a new one about an adopted lägesbild."""
    collaboration, group = _group(request, collaboration_id, group_id)
    can_edit = request.user.has_perm("laget.manage_collaboration", collaboration)
    pictures = _adopted_pictures(request, group)
    form = MeetingCreateForm(
        initial={"picture": pictures.first(), "held_on": timezone.localdate()}, pictures=pictures
    )
    context = {
        "collaboration": collaboration,
        "group": group,
        "meetings": meetings.meeting_list(user=request.user, group=group),
        "form": form if can_edit else None,
    }
    return render(request, "situation/meeting_list.html", context)


@login_required
@require_POST
def meeting_create(request: HttpRequest, collaboration_id: int, group_id: int) -> HttpResponse:
    """Create a meeting with its agenda generated from an adopted lägesbild."""
    collaboration, group = _group(request, collaboration_id, group_id, access.MANAGE)
    form = MeetingCreateForm(request.POST, pictures=_adopted_pictures(request, group))
    if not form.is_valid():
        messages.error(request, _("Choose an adopted situation picture and a date."))
        return redirect("meetings:list", collaboration_id=collaboration.pk, group_id=group.pk)
    try:
        meeting = meetings.meeting_create(
            user=request.user,
            picture=form.cleaned_data["picture"],
            held_on=form.cleaned_data["held_on"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("meetings:list", collaboration_id=collaboration.pk, group_id=group.pk)
    messages.success(request, _("The meeting and its agenda have been created."))
    return redirect("meetings:detail", collaboration_id=collaboration.pk, meeting_id=meeting.pk)


def _meeting_context(
    request: HttpRequest, collaboration: Collaboration, meeting: Meeting
) -> dict[str, Any]:
    can_edit = request.user.has_perm("laget.manage_collaboration", collaboration)
    people = meetings.responsible_choices(collaboration_id=collaboration.pk)
    bodies = meetings.escalation_groups(collaboration_id=collaboration.pk)
    items = meetings.meeting_items(meeting=meeting)
    choices = [("", "---------")] + [(u.pk, u.get_full_name() or u.username) for u in people]
    body_choices = [("", "---------")] + [(g.pk, g.name) for g in bodies]
    rows = []
    for item in items:
        initial = {
            "decision": item.decision,
            "escalated_to": item.escalated_to_id,
            "responsible": item.responsible_id,
            "due_date": item.due_date,
            "notes": item.notes,
        }
        form = DecisionForm(
            initial=initial,
            people=people,
            bodies=bodies,
            choices=choices,
            body_choices=body_choices,
            prefix=f"item{item.pk}",
        )
        rows.append((item, form if can_edit else None))
    members = meetings.group_members(group=meeting.group)
    attendance = AttendanceForm(
        initial={"attendees": list(meeting.attendees.values_list("pk", flat=True))},
        members=members,
    )
    return {
        "collaboration": collaboration,
        "meeting": meeting,
        "group": meeting.group,
        "picture": meeting.picture,
        "rows": rows,
        "can_edit": can_edit,
        "can_plan": request.user.has_perm("laget.represent_party", collaboration),
        "attendance": attendance if can_edit else None,
        "attendees": list(meeting.attendees.order_by("first_name", "last_name")),
        "members": list(members),
    }


@login_required
def meeting_detail(request: HttpRequest, collaboration_id: int, meeting_id: int) -> HttpResponse:
    """The meeting's agenda in priority order, with a decision form per item for coordinators."""
    collaboration, meeting = _meeting(request, collaboration_id, meeting_id)
    context = _meeting_context(request, collaboration, meeting)
    return render(request, "situation/meeting_detail.html", context)


@login_required
def meeting_minutes(request: HttpRequest, collaboration_id: int, meeting_id: int) -> HttpResponse:
    """The minutes (protokoll): attendees, decisions and action items; printable."""
    collaboration, meeting = _meeting(request, collaboration_id, meeting_id)
    context = _meeting_context(request, collaboration, meeting)
    return render(request, "situation/meeting_minutes.html", context)


@login_required
def item_decide(
    request: HttpRequest, collaboration_id: int, meeting_id: int, item_id: int
) -> HttpResponse:
    """Record the decision on one agenda item."""
    collaboration, meeting = _meeting(request, collaboration_id, meeting_id, access.MANAGE)
    item = access.access_object(request.user, AgendaItem, item_id, access.MANAGE)
    if item.meeting_id != meeting.pk:
        raise Http404
    people = meetings.responsible_choices(collaboration_id=collaboration.pk)
    bodies = meetings.escalation_groups(collaboration_id=collaboration.pk)
    form = DecisionForm(request.POST or None, people=people, bodies=bodies, prefix=f"item{item.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            meetings.agenda_item_decide(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The decision has been recorded."))
            url = f"{meeting_url(collaboration.pk, meeting.pk)}#item-{item.pk}"
            return redirect(url)
    context = {"collaboration": collaboration, "meeting": meeting, "item": item, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "situation/meeting_item.html", context, status=status)


def meeting_url(collaboration_id: int, meeting_id: int) -> str:
    return reverse(
        "meetings:detail", kwargs={"collaboration_id": collaboration_id, "meeting_id": meeting_id}
    )


@login_required
@require_POST
def meeting_attendance(
    request: HttpRequest, collaboration_id: int, meeting_id: int
) -> HttpResponse:
    """Tick who of the group's members attended."""
    collaboration, meeting = _meeting(request, collaboration_id, meeting_id, access.MANAGE)
    form = AttendanceForm(request.POST, members=meetings.group_members(group=meeting.group))
    if form.is_valid():
        ids = [u.pk for u in form.cleaned_data["attendees"]]
        meetings.meeting_attendance_set(user=request.user, meeting=meeting, attendee_ids=ids)
        messages.success(request, _("The attendance has been saved."))
    else:
        messages.error(request, _("Only the group's members can be recorded as attendees."))
    return redirect("meetings:detail", collaboration_id=collaboration.pk, meeting_id=meeting.pk)


@login_required
@require_POST
def action_status(
    request: HttpRequest, collaboration_id: int, meeting_id: int, action_id: int
) -> HttpResponse:
    """Mark an action item done, or open again."""
    collaboration, meeting = _meeting(request, collaboration_id, meeting_id, access.MANAGE)
    action = access.access_object(request.user, ActionItem, action_id, access.MANAGE)
    on_agenda = meeting.items.filter(Q(pk=action.agenda_item_id) | Q(carried_action=action))
    if not on_agenda.exists():
        raise Http404
    status = request.POST.get("status", "")
    if status not in ActionStatus.values:
        messages.error(request, _("Unknown status."))
    else:
        meetings.action_item_set_status(user=request.user, action=action, status=status)
        messages.success(request, _("The action item has been updated."))
    return redirect("meetings:detail", collaboration_id=collaboration.pk, meeting_id=meeting.pk)


def _may_read_escalations(request: HttpRequest, collaboration: Collaboration) -> bool:
    scope = access.scope_for(request.user)
    roles = scope.roles.get(collaboration.pk, set())
    if scope.is_superuser or roles & (MANAGER_ROLES | {Role.POLICE}):
        return True
    bodies = meetings.escalation_groups(collaboration_id=collaboration.pk)
    return GroupMembership.objects.filter(group__in=bodies, user=request.user).exists()


@login_required
def escalation_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    """Items raised to the steering group or council: awaiting an answer, then answered."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    if not _may_read_escalations(request, collaboration):
        raise Http404
    actions = list(meetings.escalations(user=request.user, collaboration=collaboration))
    rows = [(a, meetings.may_answer(user=request.user, action=a)) for a in actions]
    context = {
        "collaboration": collaboration,
        "waiting": [(a, may) for a, may in rows if a.response_id is None],
        "answered": [a for a, _may in rows if a.response_id is not None],
    }
    return render(request, "situation/escalation_list.html", context)


@login_required
def escalation_answer(
    request: HttpRequest, collaboration_id: int, escalation_id: int
) -> HttpResponse:
    """The steering group's or council's answer to one escalated item (its action item)."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    action = access.access_object(request.user, ActionItem, escalation_id)
    if action.collaboration_id != collaboration.pk or action.agenda_item.decision != "escalate":
        raise Http404
    if not meetings.may_answer(user=request.user, action=action):
        raise Http404
    body = action.agenda_item.escalated_to
    form = EscalationAnswerForm(
        request.POST or None,
        initial={"decided_on": timezone.localdate(), "decided_by": body.name if body else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.escalation_answer(user=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("The answer has been recorded; it goes to the group's next meeting."),
            )
            return redirect("meetings:escalations", collaboration_id=collaboration.pk)
    context = {"collaboration": collaboration, "action": action, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "situation/escalation_answer.html", context, status=status)
