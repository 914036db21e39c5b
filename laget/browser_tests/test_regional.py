"""The regional layer in a real browser: Dalarna's regional coordinator opens the county
overview, filters it by local police area and exports it, compiles a regional lägesbild, writes
the county's assessment, adopts it and downloads it as PDF and Word; Ludvika's coordinator
withdraws and shares the adopted lägesbild with the county. Main pages pass axe-core.

Elements are found by stable attributes (ids, names, data-*), never by translated text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.geography.models import LocalPoliceArea
from laget.regional.models import RegionalPicture, SharedFigure
from laget.situation.models import SituationPicture

pytestmark = pytest.mark.browser


def test_the_county_compiles_adopts_and_exports_its_regional_picture(
    page: Page, live_server: Any
) -> None:
    login(page, live_server, "regional.dalarna")
    page.goto(f"{live_server.url}{reverse('organisations:county', kwargs={'county_code': '20'})}")
    expect(page.locator("#county-table tbody tr[data-municipality]")).to_have_count(15)
    expect(page.locator("tr[data-municipality='2085']")).to_have_attribute("data-in-laget", "yes")
    expect(page.locator("#county-map .leaflet-interactive").first).to_be_attached()
    assert_accessible(page, label="county overview")
    lpo = LocalPoliceArea.objects.get(name="Ludvika")
    page.locator("select[name=lpo]").select_option(str(lpo.pk))
    with page.expect_navigation():
        page.locator("#lpo-filter-submit").click()
    expect(page.locator("#county-table tbody tr[data-municipality]")).to_have_count(
        lpo.municipalities.count()
    )
    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    assert info.value.suggested_filename == "lan-20-oversikt.xlsx"
    with page.expect_download() as info:
        page.locator("#export-csv").click()
    assert "Ludvika;2085" in Path(info.value.path()).read_text(encoding="utf-8-sig")

    with page.expect_navigation():
        page.locator("#regional-pictures").click()
    assert_accessible(page, label="regional picture list")
    week = SharedFigure.objects.filter(county__code="20").latest("week_start").week_start
    page.locator("select[name=period_kind]").select_option("month")
    page.locator("input[name=day]").fill(week.isoformat())
    with page.expect_navigation():
        page.locator("#compile-submit").click()
    picture = RegionalPicture.objects.get(
        county__code="20", period_kind="month", period_start=week.replace(day=1)
    )
    expect(page.locator("#picture-facts")).to_have_attribute("data-status", "draft")
    expect(page.locator("tr[data-municipality='2085']")).to_have_attribute("data-shared", "yes")
    assert_accessible(page, label="regional picture")
    page.locator("textarea[name=assessment]").fill("Klottret ökar kring resecentrum i länet.")
    with page.expect_navigation():
        page.locator("#assessment-submit").click()
    with page.expect_navigation():
        page.locator("#adopt-submit").click()
    expect(page.locator("#picture-facts")).to_have_attribute("data-status", "adopted")
    picture.refresh_from_db()
    assert picture.is_adopted and "resecentrum" in picture.assessment
    with page.expect_download() as info:
        page.locator("#download-pdf").click()
    assert Path(info.value.path()).read_bytes()[:4] == b"%PDF"
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    assert info.value.suggested_filename.endswith(".docx")


def test_a_municipality_withdraws_and_shares_its_lagesbild(page: Page, live_server: Any) -> None:
    picture = SituationPicture.objects.get(
        collaboration__slug="ludvika", status="adopted", shared_with_county_at__isnull=False
    )
    login(page, live_server, "samordnare.ludvika")
    page.goto(
        f"{live_server.url}"
        + reverse(
            "situation:picture",
            kwargs={"collaboration_id": picture.collaboration_id, "picture_id": picture.pk},
        )
    )
    expect(page.locator("#county-sharing")).to_have_attribute("data-shared", "yes")
    assert_accessible(page, label="situation picture with sharing")
    with page.expect_navigation():
        page.locator("#county-unshare").click()
    expect(page.locator("#county-sharing")).to_have_attribute("data-shared", "no")
    assert not SharedFigure.objects.filter(picture=picture).exists()
    with page.expect_navigation():
        page.locator("#county-share").click()
    expect(page.locator("#county-sharing")).to_have_attribute("data-shared", "yes")
    assert SharedFigure.objects.filter(picture=picture).exists()
