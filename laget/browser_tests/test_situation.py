"""The lägesbild in a real browser: a coordinator writes the assessment and adopts it.

Elements are found by role and stable attributes (names, form actions, ids), never by translated
text, so the test holds in every language.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

pytestmark = pytest.mark.browser


def test_a_coordinator_writes_the_assessment_and_adopts_the_lagesbild(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    group = fagersta.groups.get(name="EST-gruppen")
    login(page, live_server, "samordnare.fagersta")
    page.goto(
        f"{live_server.url}{reverse('situation:index', kwargs={'collaboration_id': fagersta.pk})}"
    )
    with page.expect_navigation():
        page.locator(
            f"main a[href='{reverse('situation:group', kwargs={'collaboration_id': fagersta.pk, 'group_id': group.pk})}']"
        ).click()
    expect(page.locator("#situation-map .leaflet-pane").first).to_be_attached()
    expect(page.locator("#situation-map-data")).to_be_attached()
    assert_accessible(page, label="the lägesbild (not saved yet)")

    page.locator("textarea[name=assessment]").fill(
        "Klottret i centrum har ökat de senaste veckorna."
    )
    page.locator("textarea[name=priorities]").fill(
        "1. Klotter i centrum.\n2. Belysning i Brandbergen."
    )
    with page.expect_navigation():
        page.locator("form[action$='/bedomning/'] button[type=submit]").click()
    picture = SituationPicture.objects.get(group=group)
    assert picture.status == PictureStatus.DRAFT and picture.version == 1
    expect(page.locator("textarea[name=assessment]")).to_have_value(
        "Klottret i centrum har ökat de senaste veckorna."
    )

    with page.expect_navigation():
        page.locator("form[action$='/faststall/'] button[type=submit]").click()
    picture.refresh_from_db()
    assert (
        picture.status == PictureStatus.ADOPTED
        and picture.adopted_by.username == "samordnare.fagersta"
    )
    version_link = page.locator(
        f"main a[href='{reverse('situation:picture', kwargs={'collaboration_id': fagersta.pk, 'picture_id': picture.pk})}']"
    )
    expect(version_link).to_have_text(re.compile(r"\b1\b"))
    expect(page.locator(".status--adopted")).to_be_visible()
    expect(page.locator("form[action$='/faststall/']")).to_have_count(0)
    assert_accessible(page, label="the adopted lägesbild")
    if os.environ.get("LAGET_SCREENSHOTS"):
        page.screenshot(path=os.environ["LAGET_SCREENSHOTS"], full_page=True)
