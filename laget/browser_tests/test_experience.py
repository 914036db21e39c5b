"""The experience bank in a real browser: Fagersta's coordinator shares a followed-up measure
(refused first for a measure without follow-up and for a personnummer in the text), publishes
it, and Ludvika's coordinator finds it by filter; axe-core on the bank, the entry and the form.

Elements are found by stable attributes (ids, names, data-*), never by translated text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import DESKTOP, assert_accessible, login
from laget.experience.choices import EntryStatus
from laget.experience.models import Entry
from laget.organisations.models import Collaboration
from laget.planning.models import Measure

pytestmark = pytest.mark.browser

TITLE = "Webbtest: belysning och felanmälan i en gångtunnel"


def _fill(page: Page) -> None:
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=problem]").fill("Skadegörelse kvällstid i en mörk gångtunnel.")
    page.locator("textarea[name=what_done]").fill(
        "Armaturerna byttes och bovärdarna felanmäler trasig belysning varje vecka."
    )
    page.locator("textarea[name=where]").fill("Gångtunnel vid ett lokalt centrum, Fagersta kommun")
    page.locator("textarea[name=result]").fill("Tolv armaturer bytta; felanmälan varje vecka.")
    page.locator("select[name=effect]").select_option("improved")


def test_fagersta_shares_and_ludvika_finds_it(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    without = Measure.objects.filter(plan__collaboration=fagersta, follow_ups__isnull=True).first()
    with_follow_up = (
        Measure.objects.filter(plan__collaboration=fagersta, follow_ups__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    before = Entry.objects.count()
    login(page, live_server, "samordnare.fagersta")
    page.goto(f"{live_server.url}{reverse('experience:own_list', args=[fagersta.pk])}")
    expect(page.locator(f"#share-measures tr[data-measure='{without.pk}']")).to_have_attribute(
        "data-follow-ups", "0"
    )
    assert_accessible(page, label="our experiences")

    # A measure without follow-up: the page says so, and saving is refused.
    with page.expect_navigation():
        page.locator(f"a[data-share='{without.pk}']").click()
    expect(page.locator("#not-followed-up")).to_be_visible()
    _fill(page)
    with page.expect_navigation():
        page.locator("#entry-save").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert Entry.objects.count() == before

    # The followed-up measure: prefilled without area names; a personnummer is refused.
    page.goto(
        f"{live_server.url}{reverse('experience:create', args=[fagersta.pk, with_follow_up.pk])}"
    )
    expect(page.locator("#not-followed-up")).to_have_count(0)
    prefilled = page.locator("#entry-form").inner_html()
    assert "Brandbergen" not in prefilled and "Ekholm" not in prefilled
    expect(page.locator("input[name=contact_role]")).not_to_have_value("")
    assert_accessible(page, label="share form")
    _fill(page)
    page.locator("textarea[name=what_done]").fill("Kontakta 811218-9876 om armaturerna.")
    with page.expect_navigation():
        page.locator("#entry-save").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("textarea[name=what_done]")).to_have_attribute("aria-invalid", "true")
    assert Entry.objects.count() == before
    assert_accessible(page, label="share form with errors")
    page.locator("textarea[name=what_done]").fill(
        "Armaturerna byttes och bovärdarna felanmäler trasig belysning varje vecka."
    )
    with page.expect_navigation():
        page.locator("#entry-save").click()
    expect(page.locator("#entry-status")).to_have_attribute("data-status", EntryStatus.DRAFT)
    entry = Entry.objects.get(title=TITLE)
    assert_accessible(page, label="draft entry")
    # Publishing needs the confirmation.
    with page.expect_navigation():
        page.locator("#entry-publish").click()
    expect(page.locator("#entry-status")).to_have_attribute("data-status", EntryStatus.DRAFT)
    page.locator("input[name=no_personal_data]").check()
    with page.expect_navigation():
        page.locator("#entry-publish").click()
    expect(page.locator("#entry-status")).to_have_attribute("data-status", EntryStatus.PUBLISHED)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED

    # Ludvika's coordinator searches the bank and finds it by filter.
    other = page.context.browser.new_context(locale="sv-SE", viewport=DESKTOP)
    ludvika = other.new_page()
    try:
        login(ludvika, live_server, "samordnare.ludvika")
        ludvika.goto(f"{live_server.url}{reverse('experience:bank')}")
        assert_accessible(ludvika, label="experience bank")
        ludvika.locator("select[name=county]").select_option("19")
        ludvika.locator("select[name=category]").select_option(entry.category_key)
        ludvika.locator("select[name=prevention_level]").select_option(entry.prevention_level)
        ludvika.locator("input[name=q]").fill("webbtest")
        with ludvika.expect_navigation():
            ludvika.locator("#bank-search-submit").click()
        row = ludvika.locator(f"#bank-results tr[data-entry='{entry.pk}']")
        expect(row).to_have_count(1)
        expect(ludvika.locator("#bank-results tbody tr[data-entry]")).to_have_count(1)
        assert_accessible(ludvika, label="experience bank with filters")
        with ludvika.expect_navigation():
            row.locator("a").click()
        expect(ludvika.locator("#entry-status")).to_have_attribute(
            "data-status", EntryStatus.PUBLISHED
        )
        expect(ludvika.locator("#withdraw-form")).to_have_count(0)
        assert_accessible(ludvika, label="published entry")
        # Another county's filter hides it.
        ludvika.goto(f"{live_server.url}{reverse('experience:bank')}?county=20&q=webbtest")
        expect(ludvika.locator(f"#bank-results tr[data-entry='{entry.pk}']")).to_have_count(0)
    finally:
        other.close()
