"""Citizen tips in a real browser: an anonymous citizen on a phone sends a tip through the
form (the map sets the point; typed coordinates work too), sees the thanks page with the
reference; the coordinator approves the tip in the moderation queue. axe-core checks the form,
the thanks page and the queue.

Elements are found by stable attributes (names, data- attributes), never by translated text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import DESKTOP, PHONE, assert_accessible, login
from laget.organisations.models import Collaboration
from laget.tips.choices import TipStatus
from laget.tips.models import Tip

pytestmark = pytest.mark.browser


def test_a_citizen_sends_a_tip_on_a_phone_and_the_coordinator_approves_it(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    page.set_viewport_size(PHONE)
    form_url = reverse("public_tips:form", kwargs={"municipality": fagersta.slug})
    page.goto(f"{live_server.url}{form_url}")
    expect(page.locator("#tip-map .leaflet-interactive").first).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, label="tip form (phone)")

    page.locator("select[name=service]").select_option("belysning")
    # A tap on the map marks the point …
    page.locator("#tip-map").click()
    expect(page.locator("input[name=lat]")).not_to_have_value("")
    expect(page.locator("[data-clear-point]")).to_be_visible()
    # … and typed coordinates (the fallback without a map) replace it: Fagersta centrum.
    page.locator("input[name=lat]").fill("60.0040")
    page.locator("input[name=lon]").fill("15.7940")
    page.locator("textarea[name=text]").fill("Gatlyktan vid gångvägen är trasig sedan en vecka.")
    with page.expect_navigation():
        page.locator("[data-submit-tip]").click()

    reference = page.locator("[data-tip-reference]").inner_text().strip()
    tip = Tip.objects.get(public_id=reference)
    assert tip.status == TipStatus.PENDING and tip.service == "belysning"
    assert tip.area is not None and tip.area.name == "Centrum"
    assert_accessible(page, label="thanks page (phone)")
    with page.expect_navigation():
        page.locator("[data-follow-tip]").click()
    expect(page.locator("[data-tip-status]")).to_have_attribute("data-tip-status", "pending")
    assert_accessible(page, label="tip status page (phone)")

    page.set_viewport_size(DESKTOP)
    login(page, live_server, "samordnare.fagersta")
    queue_url = reverse("tips:queue", kwargs={"collaboration_id": fagersta.pk})
    page.goto(f"{live_server.url}{queue_url}")
    expect(page.locator(f"tr[data-tip='{reference}']")).to_be_visible()
    assert_accessible(page, label="moderation queue")

    with page.expect_navigation():
        page.locator(f"a[data-review='{reference}']").click()
    expect(page.locator("[data-tip-status]")).to_have_attribute("data-tip-status", "pending")
    assert_accessible(page, label="tip detail")
    page.locator("[data-approve-form] textarea[name=public_text]").fill(
        "Trasig gatlykta vid gångvägen."
    )
    with page.expect_navigation():
        page.locator("[data-approve]").click()
    expect(page).to_have_url(f"{live_server.url}{queue_url}")
    expect(page.locator(f"tr[data-tip='{reference}']")).to_have_count(0)
    tip.refresh_from_db()
    assert tip.status == TipStatus.APPROVED
    assert tip.public_text == "Trasig gatlykta vid gångvägen."


def test_the_form_works_without_javascript(browser: Any, live_server: Any, demo: None) -> None:
    context = browser.new_context(java_script_enabled=False, locale="sv-SE", viewport=PHONE)
    page = context.new_page()
    try:
        form_url = reverse("public_tips:form", kwargs={"municipality": "fagersta"})
        page.goto(f"{live_server.url}{form_url}")
        page.locator("select[name=service]").select_option("klotter")
        page.locator("input[name=place_text]").fill("Gångtunneln vid stationen")
        page.locator("textarea[name=text]").fill("Nytt klotter i gångtunneln.")
        with page.expect_navigation():
            page.locator("[data-submit-tip]").click()
        reference = page.locator("[data-tip-reference]").inner_text().strip()
        tip = Tip.objects.get(public_id=reference)
        assert tip.lat is None and tip.place_text == "Gångtunneln vid stationen"
    finally:
        context.close()
