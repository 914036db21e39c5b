"""Pages of the annual wheel and the calendar feed: permissions, 404s and bad input."""

import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from laget.annual.choices import MilestoneKind, Recurrence
from laget.annual.models import CalendarFeed, Milestone
from laget.annual.services import feed_create, feed_revoke

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


def _wheel(collaboration):
    return reverse("annual:wheel", kwargs={"collaboration_id": collaboration.pk})


def _form(user, **changes):
    data = {
        "title": "Trygghetsvandring",
        "kind": MilestoneKind.OTHER,
        "start_date": "2026-09-10",
        "recurrence": Recurrence.YEARLY,
        "end_date": "",
        "responsible": str(user.pk),
        "remind_days": "7",
        "description": "Med bostadsbolaget.",
    }
    data.update(changes)
    return data


def test_everyone_in_the_collaboration_reads_the_wheel_but_only_managers_change_it(
    client_for, fagersta, fagersta_reporter
):
    client = client_for(fagersta_reporter)
    page = client.get(_wheel(fagersta), headers=EN)
    assert page.status_code == 200
    text = page.content.decode()
    budget = fagersta.milestones.get(kind=MilestoneKind.BUDGET)
    assert budget.title in text
    assert "Add a milestone" not in text
    assert "Nora Lund" in text  # the responsible person (admin.fagersta) is shown
    create = reverse("annual:milestone_create", kwargs={"collaboration_id": fagersta.pk})
    assert client.get(create).status_code == 404
    assert client.post(create, _form(fagersta_reporter)).status_code == 404
    edit = reverse(
        "annual:milestone_update",
        kwargs={"collaboration_id": fagersta.pk, "milestone_id": budget.pk},
    )
    assert client.post(edit, _form(fagersta_reporter)).status_code == 404
    assert Milestone.objects.get(pk=budget.pk).title == budget.title


def test_outsiders_get_404(client_for, fagersta, ludvika_coordinator):
    client = client_for(ludvika_coordinator)
    assert client.get(_wheel(fagersta)).status_code == 404
    compliance = reverse("annual:compliance", kwargs={"collaboration_id": fagersta.pk})
    assert client.get(compliance).status_code == 404


def test_a_coordinator_adds_edits_and_removes_a_milestone(
    client_for, fagersta, fagersta_coordinator, fagersta_police
):
    client = client_for(fagersta_coordinator)
    create = reverse("annual:milestone_create", kwargs={"collaboration_id": fagersta.pk})
    response = client.post(create, _form(fagersta_police))
    assert response.status_code == 302
    milestone = fagersta.milestones.get(title="Trygghetsvandring")
    assert milestone.responsible == fagersta_police
    assert milestone.remind_days == 7
    edit = reverse(
        "annual:milestone_update",
        kwargs={"collaboration_id": fagersta.pk, "milestone_id": milestone.pk},
    )
    assert 'value="Trygghetsvandring"' in client.get(edit).content.decode()
    client.post(edit, _form(fagersta_police, title="Trygghetsvandring höst", recurrence="none"))
    milestone.refresh_from_db()
    assert (milestone.title, milestone.recurrence) == ("Trygghetsvandring höst", "none")
    delete = reverse(
        "annual:milestone_delete",
        kwargs={"collaboration_id": fagersta.pk, "milestone_id": milestone.pk},
    )
    assert client.get(delete).status_code == 200
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # GET only asks
    assert client.post(delete).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_bad_input_gives_clear_errors_and_stores_nothing(
    client_for, fagersta, fagersta_coordinator, ludvika_coordinator
):
    client = client_for(fagersta_coordinator)
    create = reverse("annual:milestone_create", kwargs={"collaboration_id": fagersta.pk})
    before = Milestone.objects.count()
    cases = [
        (_form(fagersta_coordinator, end_date="2026-01-01"), "cannot be before the first date"),
        (_form(ludvika_coordinator), "Select a valid choice"),
        (_form(fagersta_coordinator, responsible="999999"), "Select a valid choice"),
        (_form(fagersta_coordinator, start_date="2026-02-30"), "Enter a valid date"),
        (_form(fagersta_coordinator, remind_days="500"), "less than or equal to 90"),
        (_form(fagersta_coordinator, kind="fest"), "Select a valid choice"),
    ]
    for data, message in cases:
        response = client.post(create, data, headers=EN)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert Milestone.objects.count() == before


def test_a_milestone_of_another_collaboration_is_not_found_through_this_one(
    client_for, fagersta, ludvika, fagersta_admin
):
    other = ludvika.milestones.first()
    client = client_for(fagersta_admin)
    for name in ("annual:milestone_update", "annual:milestone_delete"):
        url = reverse(name, kwargs={"collaboration_id": fagersta.pk, "milestone_id": other.pk})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Milestone.objects.filter(pk=other.pk).exists()


def test_the_standard_wheel_is_added_with_one_click(client_for, fagersta, fagersta_admin):
    fagersta.milestones.all().delete()
    client = client_for(fagersta_admin)
    url = reverse("annual:defaults_add", kwargs={"collaboration_id": fagersta.pk})
    assert client.get(url).status_code == 405
    client.post(url)
    assert fagersta.milestones.count() == 6
    assert set(fagersta.milestones.values_list("responsible", flat=True)) == {fagersta_admin.pk}
    client.post(url)
    assert fagersta.milestones.count() == 6


def test_the_feed_address_is_shown_once_and_can_be_revoked(
    client, client_for, fagersta, fagersta_reporter
):
    member = client_for(fagersta_reporter)
    create = reverse("annual:feed_create", kwargs={"collaboration_id": fagersta.pk})
    assert member.post(create).status_code == 302
    page = member.get(_wheel(fagersta), headers=EN).content.decode()
    assert "/kalender/kal_" in page
    path = re.search(r'value="https?://testserver(/kalender/kal_[^"]+\.ics)"', page).group(1)
    assert "/kalender/kal_" not in member.get(_wheel(fagersta)).content.decode()
    response = client.get(path)  # a calendar app: not signed in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    titles = {str(e["summary"]) for e in events}
    assert titles <= set(fagersta.milestones.values_list("title", flat=True))
    assert len(events) == 6
    revoke = reverse("annual:feed_revoke", kwargs={"collaboration_id": fagersta.pk})
    member.post(revoke)
    assert client.get(path).status_code == 404
    assert not CalendarFeed.objects.filter(user=fagersta_reporter, revoked_at=None).exists()


def test_unknown_and_revoked_feeds_answer_404(client, fagersta_coordinator):
    feed, secret = feed_create(user=fagersta_coordinator)
    url = reverse("annual:feed", kwargs={"token": secret})
    assert client.get(url).status_code == 200
    assert client.get(url.replace(secret, secret[:-2] + "zz")).status_code == 404
    assert client.get(reverse("annual:feed", kwargs={"token": "kal_0000_x"})).status_code == 404
    feed_revoke(user=fagersta_coordinator, feed_id=feed.pk)
    assert client.get(url).status_code == 404


def test_a_county_officer_reads_the_wheel_but_gets_no_feed(client_for, fagersta, county_officer):
    client = client_for(county_officer)
    page = client.get(_wheel(fagersta), headers=EN).content.decode()
    assert "Your calendar" not in page
    create = reverse("annual:feed_create", kwargs={"collaboration_id": fagersta.pk})
    assert client.post(create).status_code == 404
    assert not CalendarFeed.objects.filter(user=county_officer).exists()


def test_the_steps_checklist_ticks_a_planned_follow_up(client_for, fagersta, fagersta_reporter):
    from laget.organisations.selectors import step_status

    status = step_status(collaboration=fagersta, step=4)
    follow_up = next(i for i in status.items if i.text == "uppföljning är inplanerad")
    assert follow_up.done
    fagersta.milestones.filter(kind=MilestoneKind.FOLLOW_UP).delete()
    status = step_status(collaboration=fagersta, step=4)
    follow_up = next(i for i in status.items if i.text == "uppföljning är inplanerad")
    assert not follow_up.done
    page = client_for(fagersta_reporter).get(
        reverse("core:step", kwargs={"collaboration_id": fagersta.pk, "step": 5}), headers=EN
    )
    assert _wheel(fagersta) in page.content.decode()


def test_the_wheel_is_drawn_as_svg_with_a_text_alternative(client_for, fagersta, fagersta_reporter):
    from laget.annual.selectors import wheel_months
    from laget.annual.wheel import wheel_segments

    months = wheel_months(user=fagersta_reporter, collaboration=fagersta)
    segments = wheel_segments(months)
    assert len(segments) == 12
    assert sum(s.count for s in segments) == 6  # the demo's six yearly milestones
    assert segments[0].path.startswith("M 160.0 10.0 ")  # this month starts at twelve o'clock
    page = client_for(fagersta_reporter).get(_wheel(fagersta), headers=EN).content.decode()
    assert page.count("<path ") == 12
    assert 'role="img" aria-labelledby="wheel-title wheel-desc"' in page
    assert "The list below gives every milestone." in page
