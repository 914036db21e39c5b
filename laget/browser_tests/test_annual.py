"""The annual wheel in a real browser: the coordinator adds the standard årshjul, edits one
milestone and opens the Lag 2023:196 panel; both pages pass axe-core.

Elements are found by stable attributes (names, form actions), never by translated text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.annual.choices import MilestoneKind
from laget.annual.models import Milestone
from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration

pytestmark = pytest.mark.browser


def test_a_coordinator_adds_the_standard_wheel_and_edits_a_milestone(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    Milestone.objects.filter(collaboration=fagersta).delete()  # start without the demo's wheel
    login(page, live_server, "samordnare.fagersta")

    wheel = reverse("annual:wheel", args=[fagersta.pk])
    page.goto(f"{live_server.url}{wheel}")
    expect(page.locator("main section h3")).to_have_count(12)  # twelve months
    with page.expect_navigation():
        page.locator("form[action$='/arshjul/standard/'] button[type=submit]").click()
    assert fagersta.milestones.count() == 6
    expect(page.locator("main section li")).not_to_have_count(0)
    assert_accessible(page, label="årshjul")

    budget = fagersta.milestones.get(kind=MilestoneKind.BUDGET)
    with page.expect_navigation():
        page.locator(f"a[href$='/arshjul/{budget.pk}/']").click()
    page.locator("input[name=title]").fill("Budgetberedning med polisen")
    page.locator("input[name=remind_days]").fill("30")
    page.locator("select[name=recurrence]").select_option("yearly")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{wheel}")
    budget.refresh_from_db()
    assert (budget.title, budget.remind_days) == ("Budgetberedning med polisen", 30)
    expect(page.locator("main")).to_contain_text("Budgetberedning med polisen")

    with page.expect_navigation():
        page.locator("a[href$='/lagkrav/']").first.click()
    expect(page.locator("main table tbody tr")).to_have_count(3)
    assert_accessible(page, label="lagkrav")
