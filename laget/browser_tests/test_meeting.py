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
from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.situation.choices import ActionStatus, MeetingDecision
from laget.situation.models import ActionItem, Meeting

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

    # Create the meeting: its agenda comes from the adopted lägesbild.
    page.goto(f"{live_server.url}{reverse('meetings:list', kwargs=ids)}")
    assert_accessible(page, label="the group's meetings")
    with page.expect_navigation():
        page.locator("form[action$='/moten/nytt/'] button[type=submit]").click()
    meeting = Meeting.objects.get(group=group)
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
