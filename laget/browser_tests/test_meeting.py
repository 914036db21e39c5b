"""The lägesbildsgrupp's meeting in a real browser: adopt, create the meeting, decide, minutes.

Elements are found by stable attributes (names, form actions), never by translated text.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from laget.accounts.models import User
from laget.analysis.compile import last_complete_period
from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.situation.choices import ActionStatus, MeetingDecision
from laget.situation.meetings import agenda_item_decide, meeting_create
from laget.situation.models import ActionItem, Meeting, SituationPicture
from laget.situation.parties import situation_approve
from laget.situation.services import situation_compile

pytestmark = pytest.mark.browser


def test_a_coordinator_holds_a_meeting_about_the_adopted_lagesbild(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    group = fagersta.groups.get(name="EST-gruppen")
    coordinator = User.objects.get(username="samordnare.fagersta")
    ids = {"collaboration_id": fagersta.pk, "group_id": group.pk}
    login(page, live_server, "samordnare.fagersta")

    # Adopt the demo's lägesbild of last week: save it as a draft, then adopt it.
    page.goto(f"{live_server.url}{reverse('situation:group', kwargs=ids)}")
    with page.expect_navigation():
        page.locator("form[action$='/sammanstall/'] button[type=submit]").click()
    with page.expect_navigation():
        page.locator("form[action$='/faststall/'] button[type=submit]").click()
    # the police's approval (their own flow is tested in test_situation.py) adopts it
    # the newest: the demo (laget.demo.planning) has an adopted version of an earlier week
    picture = SituationPicture.objects.filter(group=group).latest("pk")
    situation_approve(user=User.objects.get(username="polis.fagersta"), picture=picture)

    # Create the meeting: its agenda comes from the adopted lägesbild.
    page.goto(f"{live_server.url}{reverse('meetings:list', kwargs=ids)}")
    assert_accessible(page, label="the group's meetings")
    with page.expect_navigation():
        page.locator("form[action$='/moten/nytt/'] button[type=submit]").click()
    meeting = Meeting.objects.filter(group=group).latest("pk")
    first = meeting.items.order_by("position").first()
    assert first is not None
    expect(page.locator(f"#item-{first.pk}")).to_be_visible()
    assert_accessible(page, label="the meeting's agenda")

    # Decide the first item: handled in the group, with a responsible person and a due date.
    form = page.locator(f"form[action$='/punkt/{first.pk}/']")
    prefix = f"item{first.pk}-"
    form.locator(f"select[name='{prefix}decision']").select_option(MeetingDecision.HANDLE)
    form.locator(f"select[name='{prefix}responsible']").select_option(str(coordinator.pk))
    due = timezone.localdate() + datetime.timedelta(days=14)
    form.locator(f"input[name='{prefix}due_date']").fill(due.isoformat())
    form.locator(f"textarea[name='{prefix}notes']").fill("Klottret saneras inom två veckor.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    action = ActionItem.objects.get(agenda_item=first)
    assert action.status == ActionStatus.OPEN and action.responsible == coordinator
    assert action.due_date == due

    # The minutes show the decision.
    page.goto(
        f"{live_server.url}"
        f"{reverse('meetings:minutes', kwargs={'collaboration_id': fagersta.pk, 'meeting_id': meeting.pk})}"
    )
    expect(page.locator("main table")).to_contain_text("Klottret saneras inom två veckor.")
    assert_accessible(page, label="the minutes")


def test_the_steering_group_answers_an_escalated_item(page: Page, live_server: Any) -> None:
    """The group raises an item to the steering group; a member answers it in the browser and
    the answer opens the group's next meeting."""
    fagersta = Collaboration.objects.get(slug="fagersta")
    group = fagersta.groups.get(name="EST-gruppen")
    coordinator = User.objects.get(username="samordnare.fagersta")
    picture = situation_compile(
        user=coordinator, group=group, period=last_complete_period(timezone.localdate())
    )
    situation_approve(user=coordinator, picture=picture)
    situation_approve(user=User.objects.get(username="polis.fagersta"), picture=picture)
    meeting = meeting_create(user=coordinator, picture=picture)
    item = meeting.items.order_by("position").first()
    agenda_item_decide(
        user=coordinator,
        item=item,
        decision=MeetingDecision.ESCALATE,
        escalated_to=fagersta.groups.get(name="Styrgrupp Tryggare Fagersta"),
        responsible=coordinator,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        notes="Behöver beslut om kameraövervakning.",
    )
    action = ActionItem.objects.get(agenda_item=item)

    login(page, live_server, "styrgrupp.fagersta")
    page.goto(
        f"{live_server.url}{reverse('meetings:escalations', kwargs={'collaboration_id': fagersta.pk})}"
    )
    assert_accessible(page, label="the items raised to the steering group")
    with page.expect_navigation():
        page.locator(f"main a[href$='/eskaleringar/{action.pk}/svar/']").click()
    page.locator("textarea[name=text]").fill("Kameror sätts upp vid stationen under våren.")
    assert_accessible(page, label="the answer form")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.response is not None
    expect(page.locator("#answered-heading + ul")).to_contain_text("Kameror sätts upp")

    nxt = meeting_create(user=coordinator, picture=picture)
    first = nxt.items.order_by("position").first()
    assert first.kind == "response" and first.carried_action_id == action.pk
