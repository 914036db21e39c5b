"""Follow-up of a measure in a real browser: the coordinator records a process follow-up, runs
an effect follow-up with a comparison area and sees the verdict (with its hedge) and the chart,
then opens the plan's public summary.

Elements are found by stable attributes (names, ids, form actions), never by translated text.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.planning import followup
from laget.planning.models import FollowUp, Indicator, Measure

pytestmark = pytest.mark.browser

DEVIATION = "Två fredagar ställdes in på grund av sjukdom."


def test_a_coordinator_follows_up_a_measure(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    measure = Measure.objects.get(
        plan__collaboration=fagersta, title="Polisiär närvaro i centrum fredagskvällar"
    )
    indicator = Indicator.objects.get(
        goal__problem=measure.problem, source="situation_count", area__name="Centrum"
    )
    comparison = fagersta.areas.get(name="Västanfors")
    today = timezone.localdate()
    login(page, live_server, "samordnare.fagersta")
    measure_url = reverse("planning:measure_detail", args=[fagersta.pk, measure.pk])

    # A process follow-up: not as planned, with the deviation.
    page.goto(f"{live_server.url}{measure_url}")
    expect(page.locator("#follow-up")).to_be_visible()
    with page.expect_navigation():
        page.locator("#follow-up a[href$='/uppfoljning/ny/?kind=process']").click()
    page.locator("select[name=kind]").select_option("process")
    page.locator("select[name=as_planned]").select_option("false")
    page.locator("textarea[name=deviations]").fill(DEVIATION)
    page.locator("input[name=hours]").fill("24")
    assert_accessible(page, label="the follow-up form")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#follow-up")).to_contain_text(DEVIATION)
    assert FollowUp.objects.filter(measure=measure, deviations=DEVIATION, hours=24).exists()
    assert_accessible(page, label="the measure page with its follow-ups")

    # An effect follow-up with a comparison area; the windows lie within the demo's year.
    with page.expect_navigation():
        page.locator("#follow-up a[href$='/uppfoljning/effekt/']").click()
    start = today - datetime.timedelta(weeks=30)
    end = today - datetime.timedelta(weeks=20)
    page.locator("select[name=indicator]").select_option(str(indicator.pk))
    page.locator("input[name=intervention_start]").fill(start.isoformat())
    page.locator("input[name=intervention_end]").fill(end.isoformat())
    page.locator("input[name=weeks]").fill("10")
    page.locator("select[name=comparison_area]").select_option(str(comparison.pk))
    assert_accessible(page, label="the effect follow-up form")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    effect = FollowUp.objects.filter(measure=measure, kind="effect").latest("pk").effect
    assert effect.comparison_area == comparison and effect.weeks == 10
    verdict = page.locator("#verdict p")
    with translation.override("sv"):  # the browser asks for the default language
        expect(verdict.last).to_have_text(followup.hedge())
    image = page.locator("#effect-chart img")
    expect(image).to_have_attribute("alt", page.locator("#effect-chart figcaption").inner_text())
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page, label="the effect follow-up with its chart")

    # The public summary, reachable from the plan page.
    page.goto(
        f"{live_server.url}{reverse('planning:plan_detail', args=[fagersta.pk, measure.plan_id])}"
    )
    with page.expect_navigation():
        page.locator("#follow-up-report a[href$='/sammanfattning/']").click()
    expect(page.locator("#not-carried-out")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(DEVIATION)
    assert_accessible(page, label="the public summary")
