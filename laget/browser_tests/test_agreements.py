"""The samverkansöverenskommelse in a real browser: the coordinator drafts an agreement, sees
what is missing, completes it and sends it for signature; the lokalpolisområdeschef and the
kommunstyrelsens ordförande sign it and it is in force. The list, detail, form, signatories and
dialogue pages pass axe-core.

Elements are found by stable attributes (ids, names, data-*), never by translated text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.agreements.choices import AgreementStatus
from laget.agreements.models import Agreement
from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.planning.choices import ProblemStatus
from laget.planning.models import Goal, Problem

pytestmark = pytest.mark.browser

TEXTS = {
    "problem_picture": "Otrygghet i centrum kvällstid och skadegörelse i bostadsområden.",
    "causes_summary": "Låg vuxennärvaro kvällstid och bristande belysning.",
    "organisation_text": "Styrgruppen leder; samordnaren och kommunpolisen driver arbetet.",
    "follow_up_text": "Uppföljning varje kvartal i styrgruppen, dokumenteras i Läget.",
    "communication_text": "Gemensam kommunikation på kommunens webbplats.",
    "breach_procedure": "Brister tas upp i styrgruppen vid nästa möte.",
}


def _sign(page: Page, live_server: Any, username: str, detail: str, organisation: int) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)
    page.goto(f"{live_server.url}{detail}")
    page.locator("#agreement-sign-form select[name=organisation]").select_option(str(organisation))
    with page.expect_navigation():
        page.locator("#agreement-sign").click()
    expect(page.locator(f"[data-signature='{organisation}']")).to_have_count(1)


def test_an_agreement_is_drafted_completed_and_signed_by_both(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    kommun = fagersta.parties.get(kind="kommun")
    police = fagersta.parties.get(kind="polis")
    login(page, live_server, "samordnare.fagersta")

    listing = reverse("agreements:list", args=[fagersta.pk])
    page.goto(f"{live_server.url}{listing}")
    expect(page.locator("#agreement-list [data-status='in_force']")).to_have_count(1)
    assert_accessible(page, label="agreement list")
    with page.expect_navigation():
        page.locator("#agreement-create").click()
    assert_accessible(page, label="agreement form")
    page.locator("input[name=title]").fill("Samverkansöverenskommelse 2027–2028")
    with page.expect_navigation():
        page.locator("#agreement-save").click()

    agreement = Agreement.objects.get(collaboration=fagersta, status=AgreementStatus.DRAFT)
    detail = reverse("agreements:detail", args=[fagersta.pk, agreement.pk])
    expect(page).to_have_url(f"{live_server.url}{detail}")
    expect(page.locator("#agreement-missing [data-missing]")).not_to_have_count(0)
    assert_accessible(page, label="agreement detail (draft)")
    # Sending while something is missing is refused.
    with page.expect_navigation():
        page.locator("#agreement-send").click()
    expect(page.locator("#agreement-status")).to_have_attribute("data-status", "draft")

    with page.expect_navigation():
        page.locator("#agreement-edit").click()
    page.locator("input[name=period_start]").fill("2027-01-01")
    page.locator("input[name=period_end]").fill("2028-12-31")
    for name, text in TEXTS.items():
        page.locator(f"textarea[name={name}]").fill(text)
    problems = Problem.objects.filter(collaboration=fagersta, status=ProblemStatus.PRIORITISED)
    for problem in problems:
        page.locator(f"input[name=focus_problems][value='{problem.pk}']").check()
    for goal in Goal.objects.filter(problem__in=problems):
        page.locator(f"input[name=goals][value='{goal.pk}']").check()
    with page.expect_navigation():
        page.locator("#agreement-save").click()
    expect(page.locator("#agreement-complete")).to_have_count(1)
    with page.expect_navigation():
        page.locator("#agreement-send").click()
    expect(page.locator("#agreement-status")).to_have_attribute("data-status", "signing")

    _sign(page, live_server, "lpochef.fagersta", detail, police.pk)
    expect(page.locator("#agreement-status")).to_have_attribute("data-status", "signing")
    _sign(page, live_server, "ksordf.fagersta", detail, kommun.pk)
    expect(page.locator("#agreement-status")).to_have_attribute("data-status", "in_force")
    assert_accessible(page, label="agreement detail (in force)")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.previous is None
    assert Agreement.objects.get(collaboration=fagersta, version=2).status == "superseded"


def test_signatories_and_dialogue_pages_are_accessible(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    login(page, live_server, "samordnare.fagersta")
    page.goto(f"{live_server.url}{reverse('agreements:authorities', args=[fagersta.pk])}")
    expect(page.locator("#authority-list [data-authority]")).to_have_count(2)
    assert_accessible(page, label="signatories")

    page.goto(f"{live_server.url}{reverse('dialogues:list', args=[fagersta.pk])}")
    expect(page.locator("#dialogue-list [data-dialogue]")).to_have_count(9)
    assert_accessible(page, label="dialogue list")
    with page.expect_navigation():
        page.locator("#dialogue-create").click()
    assert_accessible(page, label="dialogue form")
    page.locator("select[name=kind]").select_option("citizen")
    page.locator("input[name=title]").fill("Medborgardialog på torget")
    page.locator("select[name=organisation]").select_option(
        str(fagersta.parties.get(kind="kommun").pk)
    )
    page.locator("input[name=participants_count]").fill("25")
    with page.expect_navigation():
        page.locator("#dialogue-save").click()
    expect(page.locator("#dialogue-kind")).to_have_attribute("data-kind", "citizen")
    assert_accessible(page, label="dialogue detail")
