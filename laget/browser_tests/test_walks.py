"""A safety walk (trygghetsvandring) in a real browser: the coordinator plans a walk and draws its
route, marks it walked, adds a remark by latitude and longitude, follows it to ÅTGÄRDAT with a
date and downloads the protocol. The list, the detail page and the forms pass axe-core.

Elements are found by stable attributes (names, ids, data-*), never by translated text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from laget.browser_tests.helpers import assert_accessible, login
from laget.dialogues.choices import RemarkStatus
from laget.dialogues.models import SafetyWalk
from laget.organisations.models import Collaboration

pytestmark = pytest.mark.browser


def test_a_coordinator_records_a_safety_walk_and_follows_a_remark(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    kommun = fagersta.parties.get(kind="kommun")
    today = timezone.localdate().isoformat()
    login(page, live_server, "samordnare.fagersta")

    page.goto(f"{live_server.url}{reverse('dialogues:list', args=[fagersta.pk])}")
    with page.expect_navigation():
        page.locator("#walks-link").click()
    expect(page.locator("#walk-list-walked tbody tr[data-walk]")).to_have_count(1)  # the demo's
    assert_accessible(page, label="safety walk list")

    with page.expect_navigation():
        page.locator("#walk-create").click()
    expect(page.locator("#walk-map.leaflet-container")).to_be_visible()
    assert_accessible(page, label="safety walk form")
    page.locator("input[name=title]").fill("Kvällsvandring längs skolvägen")
    page.locator("input[name=planned_on]").fill(f"{today}T18:00")
    page.locator("select[name=organiser]").select_option(str(kommun.pk))
    page.locator("input[name=participants_residents]").fill("7")
    drawing = page.locator("#walk-map")
    drawing.scroll_into_view_if_needed()
    box = drawing.bounding_box()
    assert box is not None
    for share in (0.45, 0.55):
        drawing.click(position={"x": box["width"] * share, "y": box["height"] * share})
    expect(page.locator("textarea[name=route]")).to_have_value(re.compile(r'"LineString"'))
    with page.expect_navigation():
        page.locator("#walk-save").click()
    walk = SafetyWalk.objects.get(title="Kvällsvandring längs skolvägen")
    assert len(walk.route["coordinates"]) == 2
    expect(page.locator("#walk-state")).to_have_attribute("data-state", "planned")
    expect(page.locator("#remark-create")).to_have_count(0)

    with page.expect_navigation():
        page.locator("#walk-walked").click()
    page.locator("input[name=walked_on]").fill(today)
    page.locator("input[name=participants_police]").fill("2")
    assert_accessible(page, label="mark walked form")
    with page.expect_navigation():
        page.locator("#walk-walked-save").click()
    expect(page.locator("#walk-state")).to_have_attribute("data-state", "walked")
    walk.refresh_from_db()
    assert walk.participants == {"residents": 7, "police": 2}

    with page.expect_navigation():
        page.locator("#remark-create").click()
    assert_accessible(page, label="remark form")
    page.locator("textarea[name=text]").fill("Trasig lampa vid övergångsstället vid skolan")
    page.locator("input[name=lat]").fill("60.0040")
    page.locator("input[name=lon]").fill("15.7940")
    page.locator("input[name=problem_owner_text]").fill("Fastighetsägaren")
    with page.expect_navigation():
        page.locator("#remark-save").click()
    row = page.locator("#walk-remarks tr[data-number='1']")
    expect(row).to_have_attribute("data-status", "open")
    expect(page.locator("#walk-map .walk-marker")).to_have_count(1)  # the numbered remark
    assert_accessible(page, label="safety walk detail")

    with page.expect_navigation():
        row.locator("a[data-action=status]").click()
    page.locator("select[name=status]").select_option(RemarkStatus.FIXED)
    page.locator("input[name=fixed_on]").fill(today)
    assert_accessible(page, label="remark status form")
    with page.expect_navigation():
        page.locator("#remark-status-save").click()
    expect(page.locator("#walk-remarks tr[data-number='1']")).to_have_attribute(
        "data-status", "fixed"
    )
    remark = walk.remarks.get(number=1)
    assert (remark.status, remark.fixed_on.isoformat()) == (RemarkStatus.FIXED, today)

    with page.expect_download() as info:
        page.locator("#walk-protocol").click()
    content = Path(info.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "ÅTGÄRDAT" in text and "Trasig lampa" in text and today in text
