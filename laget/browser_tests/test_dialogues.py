"""A citizen dialogue planned in a real browser: the coordinator records it, sees the missing
checklist points, is refused "Bjud in", fills in the nine points and sends the invitations. The
dialogue pages (list, form, detail, checklist, a staff dialogue with its units) pass axe-core.

Elements are found by stable attributes (names, ids, data-*), never by translated text.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.dialogues.choices import DialogueKind
from laget.dialogues.models import Dialogue
from laget.organisations.models import Collaboration

pytestmark = pytest.mark.browser

PLAN = {
    "plan_responsible": "Trygghetssamordnaren planerar, kommunpolisen leder",
    "purpose": "Fånga upp otrygga platser kring stationen",
    "plan_target_group": "Pendlare och boende; unga nås via fritidsgården",
    "plan_influence": "Svaren styr valet av fokusområden",
    "plan_forum": "Stationshuset en vardagskväll",
    "plan_questions": "Var och när känner du dig otrygg?",
    "plan_documentation": "Antecknare i varje grupp, kodas per plats",
    "plan_feedback": "Sammanfattning på webbplatsen inom två veckor",
}


def test_a_coordinator_plans_a_citizen_dialogue_and_sends_invitations(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    kommun = fagersta.parties.get(kind="kommun")
    held_on = (timezone.localdate() + datetime.timedelta(days=21)).isoformat()
    login(page, live_server, "samordnare.fagersta")

    page.goto(f"{live_server.url}{reverse('dialogues:list', args=[fagersta.pk])}")
    assert_accessible(page, label="dialogue list")
    page.goto(f"{live_server.url}{reverse('dialogues:create', args=[fagersta.pk])}")
    assert_accessible(page, label="dialogue form")
    page.locator("select[name=kind]").select_option(DialogueKind.CITIZEN)
    page.locator("input[name=title]").fill("Dialog vid stationen")
    page.locator("input[name=held_on]").fill(held_on)
    page.locator("select[name=organisation]").select_option(str(kommun.pk))
    with page.expect_navigation():
        page.locator("#dialogue-save").click()
    dialogue = Dialogue.objects.get(title="Dialog vid stationen")

    checklist = page.locator("#dialogue-checklist")
    expect(checklist).to_have_attribute("data-complete", "false")
    expect(checklist.locator("li[data-done=false]")).to_have_count(9)
    assert_accessible(page, label="citizen dialogue with an empty checklist")

    # "Bjud in" before the checklist is complete is refused and stores nothing.
    with page.expect_navigation():
        page.locator("#dialogue-invite").click()
    expect(page.locator("#dialogue-checklist li[data-done=false]")).to_have_count(9)
    assert_accessible(page, label="refused invitation")
    dialogue.refresh_from_db()
    assert dialogue.invitations_sent_on is None

    with page.expect_navigation():
        page.locator("#dialogue-plan").click()
    assert_accessible(page, label="planning checklist form")
    for name, value in PLAN.items():
        page.locator(f"textarea[name={name}]").fill(value)
    page.locator("input[name=plan_forms][value=open_meeting]").check()
    page.locator("input[name=plan_forms][value=safety_walk]").check()
    with page.expect_navigation():
        page.locator("#dialogue-plan-save").click()

    expect(page.locator("#dialogue-checklist")).to_have_attribute("data-complete", "true")
    expect(page.locator("#dialogue-checklist li[data-done=true]")).to_have_count(9)
    with page.expect_navigation():
        page.locator("#dialogue-invite").click()
    expect(page.locator("#dialogue-invite")).to_have_count(0)
    dialogue.refresh_from_db()
    assert dialogue.invitations_sent_on == timezone.localdate()
    assert dialogue.plan_forms == ["open_meeting", "safety_walk"]
    assert_accessible(page, label="citizen dialogue with invitations sent")


def test_staff_dialogue_pages_pass_axe(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    staff = (
        Dialogue.objects.filter(collaboration=fagersta, kind=DialogueKind.STAFF_WHAT)
        .exclude(participants_by_unit={})
        .first()
    )
    assert staff is not None
    login(page, live_server, "samordnare.fagersta")
    page.goto(f"{live_server.url}{reverse('dialogues:detail', args=[fagersta.pk, staff.pk])}")
    expect(page.locator("#dialogue-units tbody tr[data-unit]")).not_to_have_count(0)
    assert_accessible(page, label="staff dialogue")
    with page.expect_navigation():
        page.locator("#dialogue-plan").click()
    expect(page.locator("textarea[name=agenda]")).not_to_be_empty()
    assert_accessible(page, label="staff dialogue agenda and units")
