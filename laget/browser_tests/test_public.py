"""The public site in a real browser: an anonymous visitor on a phone follows a promise, sees
its progress, the map and its table and searches the archive; a coordinator publishes a
lägesbild summary and it appears. Every public page passes axe-core.

Elements are found by stable attributes (data-*, names, hrefs), never by translated text.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import PHONE, AccessibilityAudit, assert_accessible, login
from laget.organisations.models import Collaboration
from laget.public.models import PublishedSummary
from laget.public.services import summary_unpublish
from laget.public.tests.factories import make_follow_up, make_promise
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

pytestmark = pytest.mark.browser


def test_an_anonymous_visitor_follows_a_promise_on_a_phone(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    earlier = make_promise(
        fagersta,
        title="Tryggare stationsområde",
        status="completed",
        start=datetime.date(2025, 1, 1),
        days=89,
    )
    make_follow_up(earlier)
    current = make_promise(fagersta, title="Ljusare Fagersta", previous=earlier, activities=3)
    page.set_viewport_size(PHONE)
    audit = AccessibilityAudit(page)

    audit.visit(f"{live_server.url}{reverse('public:index')}")
    with page.expect_navigation():
        page.locator("a[data-municipality='fagersta']").click()
    expect(page.locator(f"article[data-promise='{current.pk}']")).to_be_visible()
    expect(page.locator(f"article[data-promise='{current.pk}'] [data-status]")).to_have_count(3)
    audit.check("municipality")

    with page.expect_navigation():
        page.locator(f"article[data-promise='{current.pk}'] h3 a").click()
    expect(page.locator("[data-section]")).to_have_count(6)
    expect(page.locator("[data-status='changed']")).to_be_visible()
    expect(page.locator("a[data-link='previous']")).to_be_visible()
    expect(page.locator("a[data-link='poster']")).to_be_visible()
    audit.check("promise")

    with page.expect_navigation():
        page.locator("a[data-link='previous']").click()
    expect(page.locator("[data-section='follow-up']")).to_be_visible()
    audit.check("completed promise")

    with page.expect_navigation():
        page.locator("nav.public-nav a[href$='/karta/']").click()
    expect(page.locator("#public-map .leaflet-pane").first).to_be_attached()
    expect(page.locator("table[data-table='grid']")).to_be_visible()
    audit.check("map")

    with page.expect_navigation():
        page.locator("nav.public-nav a[href$='/arkiv/']").click()
    page.locator("input[name=q]").fill("stationsområde")
    with page.expect_navigation():
        page.locator("form.search-form button[type=submit]").click()
    expect(page.locator(f"[data-list='archive'] [data-promise='{earlier.pk}']")).to_be_visible()
    expect(page.locator("[data-list='archive'] [data-promise]")).to_have_count(1)
    audit.check("archive")

    with page.expect_navigation():
        page.locator("nav.public-nav a[href$='/lagesbild/']").click()
    audit.check("summaries")
    with page.expect_navigation():
        page.locator("[data-list='summaries'] a[data-summary]").first.click()
    expect(page.locator("table[data-table='summary']")).to_be_visible()
    audit.check("summary")
    audit.assert_clean()


def test_a_coordinator_publishes_a_summary_and_it_appears(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    picture = (
        SituationPicture.objects.filter(collaboration=fagersta, status=PictureStatus.ADOPTED)
        .order_by("-period_start", "-version")
        .first()
    )
    from laget.accounts.models import User

    coordinator = User.objects.get(username="samordnare.fagersta")
    for summary in PublishedSummary.objects.filter(picture=picture, unpublished_at=None):
        summary_unpublish(user=coordinator, summary=summary)

    login(page, live_server, "samordnare.fagersta")
    page.goto(
        f"{live_server.url}"
        + reverse(
            "situation:picture", kwargs={"collaboration_id": fagersta.pk, "picture_id": picture.pk}
        )
    )
    block = page.locator("[data-block='publish-summary']")
    block.locator("textarea[name=public_text]").fill(
        "Lugn vecka i centrum, mer klotter vid stationen."
    )
    with page.expect_navigation():
        block.locator("button[data-action='publish']").click()
    summary = PublishedSummary.objects.get(picture=picture, unpublished_at=None)
    expect(page.locator(f"[data-published='{summary.pk}']")).to_be_visible()
    assert_accessible(page, label="picture with the published summary")

    with page.expect_navigation():
        page.locator(f"[data-published='{summary.pk}'] a").click()
    expect(page.locator("[data-field='public-text']")).to_contain_text("Lugn vecka i centrum")
    assert_accessible(page, label="public summary")
