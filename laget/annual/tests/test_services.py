"""Services of the annual wheel: milestones, the standard årshjul, feeds, reminders, iCal."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from icalendar import Calendar

from laget.annual.choices import MilestoneKind, Recurrence
from laget.annual.ical import feed_calendar
from laget.annual.models import CalendarFeed, Milestone, ReminderSent
from laget.annual.selectors import due_soon, expand, feed_occurrences, wheel_months
from laget.annual.services import (
    feed_create,
    feed_revoke,
    feed_user,
    milestone_create,
    milestones_add_defaults,
    reminders_send,
)
from laget.core.selectors import start_tasks

D = datetime.date
TODAY = D(2026, 12, 20)


def _milestone(collaboration, user, **kwargs):
    values = {
        "collaboration": collaboration,
        "created_by": user,
        "title": "Budgetsamråd",
        "kind": MilestoneKind.BUDGET,
        "start_date": D(2026, 1, 5),
        "recurrence": Recurrence.YEARLY,
        "responsible": user,
    }
    values.update(kwargs)
    return milestone_create(**values)


@pytest.mark.django_db
def test_a_last_date_before_the_first_is_refused_and_nothing_is_stored(
    fagersta, fagersta_coordinator
):
    before = Milestone.objects.count()
    with pytest.raises(ValidationError) as error:
        _milestone(fagersta, fagersta_coordinator, end_date=D(2025, 12, 31))
    assert error.value.error_dict["end_date"][0].code == "end_before_start"
    assert Milestone.objects.count() == before


@pytest.mark.django_db
def test_the_responsible_person_must_belong_to_the_collaboration(
    fagersta, fagersta_coordinator, ludvika_coordinator
):
    with pytest.raises(ValidationError) as error:
        _milestone(fagersta, fagersta_coordinator, responsible=ludvika_coordinator)
    assert error.value.error_dict["responsible"][0].code == "not_a_member"
    assert not Milestone.objects.filter(title="Budgetsamråd").exists()


@pytest.mark.django_db
def test_the_standard_annual_wheel_is_added_once(fagersta, fagersta_coordinator):
    fagersta.milestones.all().delete()
    created = milestones_add_defaults(
        collaboration=fagersta, created_by=fagersta_coordinator, today=TODAY
    )
    months = sorted((m.start_date.month, m.kind) for m in created)
    assert months == [
        (1, MilestoneKind.SITUATION_REFRESH),
        (2, MilestoneKind.ACTION_PLAN),
        (6, MilestoneKind.FOLLOW_UP),
        (8, MilestoneKind.SITUATION_REFRESH),
        (10, MilestoneKind.BUDGET),
        (12, MilestoneKind.FOLLOW_UP),
    ]
    assert {m.responsible for m in created} == {fagersta_coordinator}
    assert {m.recurrence for m in created} == {Recurrence.YEARLY}
    again = milestones_add_defaults(
        collaboration=fagersta, created_by=fagersta_coordinator, today=TODAY
    )
    assert again == []
    assert fagersta.milestones.count() == 6


@pytest.mark.django_db
def test_the_demo_gives_fagersta_and_ludvika_an_annual_wheel(fagersta, ludvika):
    assert fagersta.milestones.count() == 6
    assert ludvika.milestones.count() == 6
    budget = fagersta.milestones.get(kind=MilestoneKind.BUDGET)
    assert budget.responsible.username == "admin.fagersta"
    assert fagersta.milestones.filter(responsible__username="samordnare.fagersta").count() == 5


@pytest.mark.django_db
def test_the_wheel_shows_twelve_months_across_the_year_end(fagersta, fagersta_coordinator):
    fagersta.milestones.all().delete()
    milestones_add_defaults(collaboration=fagersta, created_by=fagersta_coordinator, today=TODAY)
    months = wheel_months(user=fagersta_coordinator, collaboration=fagersta, today=TODAY)
    assert [m.first_day for m in months][:2] == [D(2026, 12, 1), D(2027, 1, 1)]
    assert months[-1].first_day == D(2027, 11, 1)
    dates = [o.date for m in months for o in m.occurrences]
    # 5 December 2026 has passed on 20 December; December 2027 is outside the twelve months.
    assert dates == [
        D(2027, 1, 15),
        D(2027, 2, 15),
        D(2027, 6, 10),
        D(2027, 8, 20),
        D(2027, 10, 1),
    ]


# Calendar feeds ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_feed_secret_is_stored_only_as_a_digest(fagersta_coordinator):
    feed, secret = feed_create(user=fagersta_coordinator)
    stored = CalendarFeed.objects.get(pk=feed.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.key_hash, stored.prefix}
    assert feed_user(secret) == fagersta_coordinator
    assert feed_user(secret + "x") is None
    assert feed_user(secret.replace("kal_", "lgt_", 1)) is None
    assert feed_user("nonsense") is None


@pytest.mark.django_db
def test_a_revoked_or_replaced_feed_opens_nothing(fagersta_coordinator, fagersta_reporter):
    _first, first_secret = feed_create(user=fagersta_coordinator)
    second, second_secret = feed_create(user=fagersta_coordinator)
    assert feed_user(first_secret) is None  # a new address replaces the old one
    assert feed_user(second_secret) == fagersta_coordinator
    with pytest.raises(Http404):  # only one's own, active feed
        feed_revoke(user=fagersta_reporter, feed_id=second.pk)
    feed_revoke(user=fagersta_coordinator, feed_id=second.pk)
    assert feed_user(second_secret) is None


@pytest.mark.django_db
def test_the_feed_holds_only_the_persons_own_collaborations(
    fagersta, ludvika, fagersta_coordinator, county_officer
):
    own = feed_occurrences(user=fagersta_coordinator, today=TODAY)
    assert own
    assert {o.milestone.collaboration_id for o in own} == {fagersta.pk}
    # A regional coordinator reads Fagersta's pages but is not a member: an empty feed.
    assert feed_occurrences(user=county_officer, today=TODAY) == []


@pytest.mark.django_db
def test_the_ical_feed_parses_back_with_stable_uids_all_day_dates_and_alarms(
    fagersta, fagersta_coordinator
):
    fagersta.milestones.all().delete()
    _milestone(
        fagersta,
        fagersta_coordinator,
        title="Uppföljning; styrgrupp, vår",
        recurrence=Recurrence.QUARTERLY,
        remind_days=10,
        description="Rapport till styrgruppen.\nMed bilagor, och mer.",
    )
    first = feed_calendar(feed_occurrences(user=fagersta_coordinator, today=TODAY), name="Läget")
    again = feed_calendar(feed_occurrences(user=fagersta_coordinator, today=TODAY), name="Läget")
    calendar = Calendar.from_ical(first)
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [
        D(2027, 1, 5),
        D(2027, 4, 5),
        D(2027, 7, 5),
        D(2027, 10, 5),
    ]
    assert all(type(e.decoded("dtstart")) is datetime.date for e in events)
    assert str(events[0]["summary"]) == "Uppföljning; styrgrupp, vår"
    assert "Med bilagor, och mer." in str(events[0]["description"])
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == 4
    assert uids == [str(e["uid"]) for e in Calendar.from_ical(again).walk("VEVENT")]
    alarm = events[0].walk("VALARM")[0]
    assert alarm.decoded("trigger") == datetime.timedelta(days=-10)
    assert all(len(line) <= 75 for line in first.split(b"\r\n"))  # folded lines


# Reminders --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_go_out_once_within_the_window(fagersta, fagersta_coordinator, fagersta_admin):
    Milestone.objects.all().delete()
    due = _milestone(
        fagersta,
        fagersta_coordinator,
        title="Lägesbild inför budget",
        start_date=TODAY + datetime.timedelta(days=10),
        recurrence=Recurrence.NONE,
        responsible=fagersta_admin,
    )
    _milestone(
        fagersta,
        fagersta_coordinator,
        title="Ännu inte aktuell",
        start_date=TODAY + datetime.timedelta(days=20),
        recurrence=Recurrence.NONE,
    )
    _milestone(
        fagersta,
        fagersta_coordinator,
        title="Redan passerad",
        start_date=TODAY - datetime.timedelta(days=1),
        recurrence=Recurrence.NONE,
    )
    assert reminders_send(today=TODAY) == 2  # the responsible administrator and the coordinator
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([fagersta_admin.email, fagersta_coordinator.email])
    assert all("Lägesbild inför budget" in m.subject for m in mail.outbox)
    assert "2026-12-30" in mail.outbox[0].body
    assert ReminderSent.objects.filter(milestone=due).count() == 2
    assert reminders_send(today=TODAY) == 0
    assert reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2
    # Ten days later the next milestone enters its window (14 days before).
    assert reminders_send(today=TODAY + datetime.timedelta(days=6)) == 1
    assert "Ännu inte aktuell" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_the_command_sends_the_reminders(fagersta, fagersta_coordinator, capsys):
    Milestone.objects.all().delete()
    _milestone(
        fagersta,
        fagersta_coordinator,
        start_date=D(2027, 1, 1),
        recurrence=Recurrence.YEARLY,
        remind_days=14,
    )
    call_command("send_reminders", "--date", "2026-12-18")
    assert "1 reminder(s) sent for 2026-12-18" in capsys.readouterr().out
    assert mail.outbox[0].to == [fagersta_coordinator.email]
    call_command("send_reminders", "--date", "2026-12-19")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_coordinators_see_a_start_task_when_a_milestone_is_due(
    fagersta, fagersta_coordinator, fagersta_reporter
):
    Milestone.objects.all().delete()
    today = datetime.date.today()
    _milestone(
        fagersta,
        fagersta_coordinator,
        title="Styrgruppens uppföljning",
        start_date=today + datetime.timedelta(days=3),
        recurrence=Recurrence.NONE,
    )
    assert [o.milestone.title for o in due_soon(user=fagersta_coordinator, collaboration=fagersta)]
    titles = [str(t.title) for t in start_tasks(fagersta_coordinator)]
    assert any("Styrgruppens uppföljning" in t for t in titles)
    assert not any(
        "Styrgruppens uppföljning" in str(t.title) for t in start_tasks(fagersta_reporter)
    )


def test_expand_sorts_occurrences_by_date():
    a = Milestone(title="B", start_date=D(2026, 3, 1), recurrence=Recurrence.NONE, remind_days=1)
    b = Milestone(title="A", start_date=D(2026, 2, 1), recurrence=Recurrence.NONE, remind_days=1)
    found = expand([a, b], start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert [o.milestone.title for o in found] == ["A", "B"]
    assert found[0].remind_on == D(2026, 1, 31)
