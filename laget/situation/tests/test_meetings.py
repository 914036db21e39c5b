"""The lägesbildsgrupp's meeting: agenda order, carried action items, decisions, permissions,
and the feedback trail a reporter sees (återkoppling)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from laget.core.choices import InformationClass
from laget.reporting import selectors as reporting_selectors
from laget.reporting.models import Report
from laget.situation import meetings, services
from laget.situation.choices import ActionStatus, AgendaKind, MeetingDecision
from laget.situation.models import ActionItem, AgendaItem

EN = {"Accept-Language": "en"}
TODAY = datetime.date(2026, 1, 1)


def _snapshot() -> dict:
    """A hand-made snapshot: two categories × two areas, one alert, colours mixed."""
    return {
        "categories": [{"id": 1, "label": "Klotter"}, {"id": 2, "label": "Glaskross"}],
        "areas": [{"id": 10, "name": "Centrum"}, {"id": 20, "name": "Brandbergen"}],
        "alerts": [
            {"category": 2, "area": "all", "observed": 9, "mean": 2.0, "p_value": 0.01},
            {"category": 1, "area": 10, "observed": 14, "mean": 4.0, "p_value": 0.001},
        ],
        "cells": [
            {"category": 1, "area": 10, "count": 14, "assessment": "red"},  # has an alert
            {"category": 1, "area": 20, "count": 1, "assessment": "yellow"},
            {"category": 2, "area": 10, "count": 3, "assessment": ""},
            {"category": 2, "area": 20, "count": 2, "assessment": "red"},
            {"category": 2, "area": None, "count": 0, "assessment": ""},  # nothing: left out
        ],
    }


def test_the_agenda_puts_alerts_then_red_then_yellow_then_the_rest():
    entries = meetings.agenda_from_snapshot(_snapshot())
    assert [(e.kind, e.category_id, e.area_id) for e in entries] == [
        (AgendaKind.ALERT, 1, 10),  # the most significant alert first
        (AgendaKind.ALERT, 2, None),  # all areas
        (AgendaKind.RED, 2, 20),
        (AgendaKind.YELLOW, 1, 20),
        (AgendaKind.OTHER, 2, 10),
    ]
    assert entries[0].title == "Klotter – Centrum"


@pytest.fixture
def adopted(known, est_group, week, fagersta_coordinator, adopt):
    picture = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    return adopt(picture)


def _steering(item):
    return item.meeting.collaboration.groups.get(name="Styrgrupp Tryggare Fagersta")


def _decide(item, user, decision=MeetingDecision.HANDLE, **fields):
    values = {"responsible": user, "due_date": timezone.localdate() + datetime.timedelta(days=7)}
    values.update(fields)
    return meetings.agenda_item_decide(user=user, item=item, decision=decision, **values)


def test_a_meeting_on_known_data_starts_with_the_alerts(adopted, fagersta_coordinator):
    with translation.override("en"):  # the reasons are stored in the creator's language
        meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    items = meetings.meeting_items(meeting=meeting)
    alerts = [i for i in items if i.kind == AgendaKind.ALERT]
    assert len(alerts) == len(adopted.snapshot["alerts"]) == 3
    assert items[: len(alerts)] == alerts
    klotter = next(i for i in alerts if i.category.key == "klotter" and i.area is not None)
    assert klotter.area.name == "Centrum"
    assert klotter.reason == "14 reports against normally 4.0"
    order = [AgendaKind.ALERT, AgendaKind.RED, AgendaKind.YELLOW, AgendaKind.OTHER]
    ranks = [order.index(i.kind) for i in items]
    assert ranks == sorted(ranks)
    assert [i.position for i in items] == list(range(1, len(items) + 1))


def test_open_action_items_are_carried_to_the_next_meeting(adopted, fagersta_coordinator):
    first = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meetings.meeting_items(meeting=first)[0]
    _decide(item, fagersta_coordinator)
    action = ActionItem.objects.get(agenda_item=item)
    second = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    carried = meetings.meeting_items(meeting=second)[-1]
    assert carried.kind == AgendaKind.CARRIED and carried.carried_action == action
    # Re-planning the carried item moves the same task; it never becomes two.
    _decide(carried, fagersta_coordinator, due_date=timezone.localdate() + datetime.timedelta(30))
    assert ActionItem.objects.filter(agenda_item__meeting__picture=adopted).count() == 1
    meetings.action_item_set_status(
        user=fagersta_coordinator, action=action, status=ActionStatus.DONE
    )
    third = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    assert not third.items.filter(kind=AgendaKind.CARRIED).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"responsible": "ludvika"}, "responsible"),
        ({"responsible": None}, "responsible"),
        ({"due_date": datetime.date(2020, 1, 1)}, "due_date"),
        ({"due_date": None}, "due_date"),
        ({"notes": "Ring ägaren på 070-123 45 67."}, "notes"),
        ({"notes": "Personen 811218-9876 syns ofta där."}, "notes"),
    ],
)
def test_an_invalid_decision_stores_nothing(
    change, field, adopted, fagersta_coordinator, ludvika_coordinator
):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meetings.meeting_items(meeting=meeting)[0]
    if change.get("responsible") == "ludvika":
        change = {"responsible": ludvika_coordinator}
    with pytest.raises(ValidationError) as error:
        _decide(item, fagersta_coordinator, **change)
    assert field in error.value.message_dict
    item.refresh_from_db()
    assert item.decision == "" and item.notes == "" and item.responsible is None
    assert not ActionItem.objects.filter(agenda_item=item).exists()


def test_a_decision_without_action_needs_no_responsible(adopted, fagersta_coordinator):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meetings.meeting_items(meeting=meeting)[0]
    _decide(item, fagersta_coordinator, MeetingDecision.MONITOR, responsible=None, due_date=None)
    item.refresh_from_db()
    assert item.decision == MeetingDecision.MONITOR
    assert not ActionItem.objects.filter(agenda_item=item).exists()


# --- pages -------------------------------------------------------------------------------------


def _url(meeting, name="meetings:detail", **kwargs):
    return reverse(
        name,
        kwargs={"collaboration_id": meeting.collaboration_id, "meeting_id": meeting.pk, **kwargs},
    )


def test_the_coordinator_creates_a_meeting_and_decides(adopted, fagersta_coordinator, client_for):
    client = client_for(fagersta_coordinator)
    group = adopted.group
    url = reverse(
        "meetings:create",
        kwargs={"collaboration_id": group.collaboration_id, "group_id": group.pk},
    )
    response = client.post(url, {"picture": adopted.pk, "held_on": "2026-01-05"})
    meeting = adopted.meetings.get()
    assert response.status_code == 302 and response.url == _url(meeting)
    item = meeting.items.order_by("position").first()
    p = f"item{item.pk}-"
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    response = client.post(
        _url(meeting, "meetings:decide", item_id=item.pk),
        {
            p + "decision": MeetingDecision.CAUSE_ANALYSIS,
            p + "responsible": fagersta_coordinator.pk,
            p + "due_date": due,
            p + "notes": "Belysningen vid busskuren ses över.",
        },
    )
    assert response.status_code == 302
    assert ActionItem.objects.get(agenda_item=item).status == ActionStatus.OPEN
    minutes = client.get(_url(meeting, "meetings:minutes"), headers=EN)
    assert minutes.status_code == 200
    assert "Cause analysis needed" in minutes.content.decode()


def test_personal_data_in_notes_is_shown_on_the_form(adopted, fagersta_coordinator, client_for):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meeting.items.order_by("position").first()
    p = f"item{item.pk}-"
    response = client_for(fagersta_coordinator).post(
        _url(meeting, "meetings:decide", item_id=item.pk),
        {p + "decision": MeetingDecision.MONITOR, p + "notes": "Mejla kalle@example.se"},
        headers=EN,
    )
    assert response.status_code == 400
    assert "personal data" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).decision == ""


def test_who_may_read_and_edit_a_meeting(
    adopted,
    fagersta_coordinator,
    fagersta_police,
    fagersta_reporter,
    ludvika_coordinator,
    client_for,
):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meeting.items.order_by("position").first()
    decide = _url(meeting, "meetings:decide", item_id=item.pk)
    data = {f"item{item.pk}-decision": MeetingDecision.NO_ACTION}
    for name in ("meetings:detail", "meetings:minutes"):
        assert client_for(fagersta_police).get(_url(meeting, name)).status_code == 200
        assert client_for(fagersta_reporter).get(_url(meeting, name)).status_code == 404
        assert client_for(ludvika_coordinator).get(_url(meeting, name)).status_code == 404
    assert client_for(fagersta_police).post(decide, data).status_code == 404
    assert client_for(fagersta_reporter).post(decide, data).status_code == 404
    assert client_for(ludvika_coordinator).post(decide, data).status_code == 404
    assert AgendaItem.objects.get(pk=item.pk).decision == ""
    police_page = client_for(fagersta_police).get(_url(meeting))
    assert all(form is None for _item, form in police_page.context["rows"])


# --- återkoppling: the report's trail ------------------------------------------------------------


def test_the_trail_shows_the_lagesbild_the_decision_and_the_action(
    adopted, known, fagersta_coordinator, fagersta_reporter, client_for, week
):
    report = Report.objects.filter(
        category=known["klotter"],
        area=known["centrum"],
        period_start=week.start,
        info_class=InformationClass.PARTNERS,
        duplicate_of__isnull=True,
    ).first()
    Report.objects.filter(pk=report.pk).update(reporter=fagersta_reporter)
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meeting.items.get(category=known["klotter"], area=known["centrum"])
    _decide(item, fagersta_coordinator, MeetingDecision.ESCALATE, escalated_to=_steering(item))
    response = client_for(fagersta_reporter).get(
        reverse("reporting:my_reports", kwargs={"collaboration_id": report.collaboration_id}),
        headers=EN,
    )
    assert response.status_code == 200
    (row,) = [r for r in response.context["rows"] if r[0].pk == report.pk]
    kinds = [step.kind for step in row[1]]
    assert kinds == ["received", "situation_picture", "decision", "action"]
    assert row[1][1].week == week.start.isocalendar().week
    content = response.content.decode()
    assert f"Part of the situation picture of week {row[1][1].week}" in content
    assert "Raised to the local crime prevention council or steering group" in content


def test_the_trail_costs_the_same_queries_for_one_report_or_many(
    adopted, known, fagersta_coordinator, week
):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    _decide(meetings.meeting_items(meeting=meeting)[0], fagersta_coordinator)
    reports = list(
        Report.objects.filter(collaboration=adopted.collaboration, period_start=week.start)
        .select_related("duplicate_of")
        .prefetch_related("personal_data_findings")
    )
    assert len(reports) > 5
    counts = []
    for chosen in (reports[:1], reports):
        with CaptureQueriesContext(connection) as queries:
            reporting_selectors.report_trails(user=fagersta_coordinator, reports=chosen)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_meeting_page_costs_the_same_queries_however_long_the_agenda(
    adopted, fagersta_coordinator, client_for
):
    short = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    long = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    AgendaItem.objects.filter(meeting=short, position__gt=1).delete()
    assert long.items.count() > 3
    client = client_for(fagersta_coordinator)
    counts = []
    for meeting in (short, long):
        for name in ("meetings:detail", "meetings:minutes"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(_url(meeting, name)).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


def test_attendance_is_ticked_among_the_groups_members(
    adopted, fagersta_coordinator, fagersta_reporter
):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    meetings.meeting_attendance_set(
        user=fagersta_coordinator, meeting=meeting, attendee_ids=[fagersta_coordinator.pk]
    )
    assert list(meeting.attendees.all()) == [fagersta_coordinator]
    with pytest.raises(ValidationError):  # the reporter has no seat in EST-gruppen
        meetings.meeting_attendance_set(
            user=fagersta_coordinator, meeting=meeting, attendee_ids=[fagersta_reporter.pk]
        )
    assert list(meeting.attendees.all()) == [fagersta_coordinator]


def test_the_coordinator_marks_a_carried_action_done(adopted, fagersta_coordinator, client_for):
    first = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    _decide(meetings.meeting_items(meeting=first)[0], fagersta_coordinator)
    action = ActionItem.objects.get(agenda_item__meeting=first)
    second = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    url = _url(second, "meetings:action_status", action_id=action.pk)
    response = client_for(fagersta_coordinator).post(url, {"status": ActionStatus.DONE})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_at is not None
    third = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    other = _url(third, "meetings:action_status", action_id=action.pk)  # not on its agenda
    assert client_for(fagersta_coordinator).post(other, {"status": "open"}).status_code == 404


# --- items raised to the steering group or council, and their answers ------------------------


@pytest.fixture
def steering_member(demo):
    from laget.accounts.models import User

    return User.objects.get(username="styrgrupp.fagersta")


@pytest.fixture
def escalated(adopted, known, fagersta_coordinator):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meeting.items.get(category=known["klotter"], area=known["centrum"])
    _decide(item, fagersta_coordinator, MeetingDecision.ESCALATE, escalated_to=_steering(item))
    return ActionItem.objects.get(agenda_item=item)


def test_an_escalation_names_one_of_the_collaborations_steering_bodies(
    adopted, known, fagersta_coordinator, ludvika
):
    meeting = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    item = meeting.items.get(category=known["klotter"], area=known["centrum"])
    foreign = ludvika.groups.get(name="Lokalt BRÅ Ludvika")
    for target, code in ((None, "required"), (foreign, "invalid_group")):
        with pytest.raises(ValidationError) as exc:
            _decide(item, fagersta_coordinator, MeetingDecision.ESCALATE, escalated_to=target)
        assert exc.value.error_dict["escalated_to"][0].code == code
    item.refresh_from_db()
    assert item.decision == "" and not ActionItem.objects.filter(agenda_item=item).exists()


def test_the_steering_groups_answer_goes_back_to_the_group_and_the_reporter(
    escalated,
    adopted,
    known,
    week,
    steering_member,
    fagersta_coordinator,
    fagersta_reporter,
    client_for,
):
    report = Report.objects.filter(
        category=known["klotter"],
        area=known["centrum"],
        period_start=week.start,
        info_class=InformationClass.PARTNERS,
        duplicate_of__isnull=True,
    ).first()
    Report.objects.filter(pk=report.pk).update(reporter=fagersta_reporter)
    assert [
        a.pk
        for a in meetings.escalations(user=steering_member, collaboration=adopted.collaboration)
    ] == [escalated.pk]
    answered = meetings.escalation_answer(
        user=steering_member,
        action=escalated,
        decided_on=timezone.localdate(),
        decided_by="",
        text="Kommunen sätter upp kameror vid stationen; polisen ökar närvaron kvällstid.",
    )
    assert answered.status == ActionStatus.DONE and answered.response.group == _steering(
        escalated.agenda_item
    )
    assert answered.response.decided_by == "Styrgrupp Tryggare Fagersta"

    # the group's next meeting hears the answer first, and only once
    nxt = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    first = nxt.items.order_by("position").first()
    assert first.kind == AgendaKind.RESPONSE and first.carried_action == answered
    assert "kameror" in first.reason
    assert not nxt.items.filter(kind=AgendaKind.CARRIED, carried_action=answered).exists()
    after = meetings.meeting_create(user=fagersta_coordinator, picture=adopted)
    assert not after.items.filter(kind=AgendaKind.RESPONSE).exists()

    # the reporter's trail ends with the answer
    (row,) = reporting_selectors.report_trails(user=fagersta_reporter, reports=[report])
    kinds = [step.kind for step in row[1]]
    assert kinds[-1] == "answer" and "kameror" in row[1][-1].detail
    response = client_for(fagersta_reporter).get(
        reverse("reporting:my_reports", kwargs={"collaboration_id": report.collaboration_id}),
        headers=EN,
    )
    assert "Answer from the steering group or council" in response.content.decode()


def test_an_answer_needs_text_a_past_date_and_the_right_people(
    escalated, fagersta_reporter, steering_member
):
    with pytest.raises(ValidationError) as exc:
        meetings.escalation_answer(
            user=fagersta_reporter,
            action=escalated,
            decided_on=timezone.localdate(),
            decided_by="",
            text="Beslut.",
        )
    assert exc.value.code == "not_member"
    for day, text, field in (
        (timezone.localdate() + datetime.timedelta(days=1), "Beslut.", "decided_on"),
        (timezone.localdate(), "  ", "text"),
        (timezone.localdate(), "Ring 070-123 45 67 om detta.", "text"),
    ):
        with pytest.raises(ValidationError) as exc:
            meetings.escalation_answer(
                user=steering_member, action=escalated, decided_on=day, decided_by="", text=text
            )
        assert field in exc.value.error_dict
    escalated.refresh_from_db()
    assert escalated.response is None and escalated.status == ActionStatus.OPEN


def test_the_steering_member_answers_through_the_pages(
    escalated, steering_member, fagersta_reporter, ludvika_coordinator, client_for
):
    collaboration_id = escalated.collaboration_id
    list_url = reverse("meetings:escalations", kwargs={"collaboration_id": collaboration_id})
    answer_url = reverse(
        "meetings:escalation_answer",
        kwargs={"collaboration_id": collaboration_id, "escalation_id": escalated.pk},
    )
    client = client_for(steering_member)
    page = client.get(list_url, headers=EN)
    assert [a.pk for a, _may in page.context["waiting"]] == [escalated.pk]
    bad = client.post(answer_url, {"decided_on": "2999-01-01", "text": "Beslut."}, headers=EN)
    assert bad.status_code == 400 and "future" in bad.content.decode()
    ok = client.post(
        answer_url,
        {"decided_on": timezone.localdate().isoformat(), "decided_by": "", "text": "Beslut."},
    )
    assert ok.status_code == 302
    assert client.get(list_url).context["answered"][0].pk == escalated.pk
    assert client_for(fagersta_reporter).get(list_url).status_code == 404
    assert client_for(fagersta_reporter).get(answer_url).status_code == 404
    assert client_for(ludvika_coordinator).get(answer_url).status_code == 404
