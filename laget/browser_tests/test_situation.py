"""The lägesbild in a real browser: the coordinator writes the assessment and approves, the
police share their own picture and approve, and the joint lägesbild is adopted.

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
from laget.organisations.models import Collaboration, Organisation
from laget.reporting.models import Category
from laget.situation.choices import PictureStatus
from laget.situation.models import PartyPicture, SituationPicture

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
    # the newest: the demo (laget.demo.planning) has an adopted version of an earlier week
    picture = SituationPicture.objects.filter(group=group).latest("pk")
    assert picture.status == PictureStatus.DRAFT and picture.version == 1
    expect(page.locator("textarea[name=assessment]")).to_have_value(
        "Klottret i centrum har ökat de senaste veckorna."
    )

    # The municipality approves; the joint picture waits for the police.
    with page.expect_navigation():
        page.locator("form[action$='/faststall/'] button[type=submit]").click()
    picture.refresh_from_db()
    assert picture.status == PictureStatus.DRAFT
    assert [a.organisation.name for a in picture.approvals.all()] == ["Fagersta kommun"]
    expect(page.locator("form[action$='/faststall/']")).to_have_count(0)
    expect(page.locator(".approvals .badge--missing")).to_have_count(1)

    # The police compile their own picture from their own figures, share it, and approve.
    page.context.clear_cookies()
    login(page, live_server, "polis.fagersta")
    polis = Organisation.objects.get(name="Polisen – LPO Fagersta")
    klotter = Category.objects.get(template__collaboration=fagersta, key="klotter")
    period = picture.period_start.isoformat()
    party_url = reverse(
        "situation:party",
        kwargs={
            "collaboration_id": fagersta.pk,
            "group_id": group.pk,
            "period": period,
            "organisation_id": polis.pk,
        },
    )
    page.goto(
        f"{live_server.url}{reverse('situation:period', kwargs={'collaboration_id': fagersta.pk, 'group_id': group.pk, 'period': period})}"
    )
    with page.expect_navigation():
        page.locator(f"main a[href='{party_url}']").click()
    assert_accessible(page, label="the police's own picture")
    page.locator(f"input[name=count_{klotter.pk}]").fill("9")
    page.locator(f"select[name=assessment_{klotter.pk}]").select_option("green")
    page.locator(f"select[name=trend_{klotter.pk}]").select_option("decreased")
    page.locator("textarea[name=assessment]").fill("Färre anmälda klotterbrott än förra veckan.")
    with page.expect_navigation():
        page.locator("main form:not([action]) button[type=submit]").click()
    own = PartyPicture.objects.get(owner_organisation=polis)
    assert own.status == "draft" and own.figures.get(category=klotter).count == 9
    with page.expect_navigation():
        page.locator("form[action$='/dela/'] button[type=submit]").click()
    own.refresh_from_db()
    assert own.is_shared
    # back on the joint picture: the police's column, the divergence from the reports, approve
    expect(page.locator(".parties-table")).to_contain_text("Polisen – LPO Fagersta")
    with page.expect_navigation():
        page.locator("form[action$='/faststall/'] button[type=submit]").click()
    picture.refresh_from_db()
    assert picture.status == PictureStatus.DRAFT  # sharing changed the draft: approve anew
    page.context.clear_cookies()
    login(page, live_server, "samordnare.fagersta")
    page.goto(
        f"{live_server.url}{reverse('situation:picture', kwargs={'collaboration_id': fagersta.pk, 'picture_id': picture.pk})}"
    )
    with page.expect_navigation():
        page.locator("form[action$='/faststall/'] button[type=submit]").click()
    picture.refresh_from_db()
    assert (
        picture.status == PictureStatus.ADOPTED
        and picture.adopted_by.username == "samordnare.fagersta"
    )
    assert picture.snapshot["parties"]["parties"][0]["name"] == "Polisen – LPO Fagersta"
    version_link = page.locator(
        f"main a[href='{reverse('situation:picture', kwargs={'collaboration_id': fagersta.pk, 'picture_id': picture.pk})}']"
    )
    expect(version_link).to_have_text(re.compile(r"\b1\b"))
    expect(page.locator(".status--adopted")).to_be_visible()
    expect(page.locator("form[action$='/faststall/']")).to_have_count(0)
    assert_accessible(page, label="the adopted lägesbild")
    if os.environ.get("LAGET_SCREENSHOTS"):
        page.screenshot(path=os.environ["LAGET_SCREENSHOTS"], full_page=True)
