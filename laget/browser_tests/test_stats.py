"""Official statistics in a real browser: Dalarna's regional coordinator uploads a Brå-like file
full of irregularities, reads the per-row report, confirms, and opens the comparison with its
funnel plot and a municipality's page; a bad file is refused and stores nothing. Every page
passes axe-core.

Elements are found by stable attributes (ids, names, data-*), never by translated text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.stats.choices import ImportStatus
from laget.stats.models import ImportBatch, Value

pytestmark = pytest.mark.browser

FILES = Path(__file__).parent.parent / "stats" / "tests" / "files"


def test_import_a_bra_file_and_compare(page: Page, live_server: Any) -> None:
    login(page, live_server, "regional.dalarna")
    page.goto(f"{live_server.url}{reverse('stats:index')}")
    assert_accessible(page, label="statistics")
    with page.expect_navigation():
        page.locator("#stats-import-link").click()
    assert_accessible(page, label="statistics upload")
    page.locator("select[name=kind]").select_option("bra")
    page.locator("input[name=file]").set_input_files(str(FILES / "bra_2023.csv"))
    with page.expect_navigation():
        page.locator("#stats-upload").click()

    # The per-row report: nothing stored yet; unmatched, stadsdel and garbled rows are listed.
    expect(page.locator("#batch-status")).to_have_attribute("data-status", ImportStatus.PREVIEW)
    expect(page.locator('#report-table tr[data-label="Atlantis"]')).to_have_attribute(
        "data-outcome", "unmatched"
    )
    expect(
        page.locator('#report-table tr[data-label="Stockholm: Rinkeby-Kista"]')
    ).to_have_attribute("data-outcome", "skipped")
    expect(
        page.locator('#report-table tr[data-label="Hedemora"][data-outcome="error"]')
    ).to_have_count(1)
    assert_accessible(page, label="statistics preview")
    assert not Value.objects.filter(series__key__startswith="bra-", region_code="0180").exists()
    with page.expect_navigation():
        page.locator("#batch-confirm").click()
    expect(page.locator("#batch-status")).to_have_attribute("data-status", ImportStatus.CONFIRMED)
    fagersta = Value.objects.get(series__key="bra-anmalda-brott", region_code="1982", year=2023)
    assert fagersta.value == 1456

    # The county comparison: the funnel plot (inline SVG) and its data table.
    page.goto(f"{live_server.url}{reverse('stats:county', args=['20'])}")
    expect(page.locator("#funnel svg")).to_be_visible()
    expect(page.locator("#comparison-table tbody tr")).to_have_count(15)
    expect(page.locator("#stats-caveats")).to_be_visible()
    assert_accessible(page, label="county comparison")
    page.locator("select[name=serie]").select_option("bra-skadegorelse")
    page.locator("select[name=jamfor]").select_option("county")
    with page.expect_navigation():
        page.locator("#comparison-form button[type=submit]").click()
    expect(page.locator("#funnel svg")).to_be_visible()
    with page.expect_navigation():
        page.locator('#comparison-table tr[data-municipality="2085"] a').click()
    expect(page.locator('section[data-series="bra-anmalda-brott"]')).to_be_visible()
    expect(page.locator('[data-reference="group"]').first).to_be_visible()
    assert_accessible(page, label="municipality statistics")


def test_a_bad_file_is_refused_and_stores_nothing(
    page: Page, live_server: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "brott.csv"
    bad.write_text("Något;Annat\n1;2\n", encoding="utf-8")
    batches = ImportBatch.objects.count()
    login(page, live_server, "regional.dalarna")
    page.goto(f"{live_server.url}{reverse('stats:import')}")
    page.locator("select[name=kind]").select_option("bra")
    page.locator("input[name=file]").set_input_files(str(bad))
    with page.expect_navigation():
        page.locator("#stats-upload").click()
    expect(page.locator("#stats-upload-form .errorlist")).to_have_count(1)
    assert_accessible(page, label="statistics upload with an error")
    assert ImportBatch.objects.count() == batches
