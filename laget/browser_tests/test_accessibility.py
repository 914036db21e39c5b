"""axe-core finds no serious or critical accessibility violations on Läget's pages.

Pages are grouped per persona (each browser test reloads the demo); every page's problems are
reported together. Forms are also checked after a failed submission, when errors are shown.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import (
    DEMO_PASSWORD,
    AccessibilityAudit,
    complete_two_factor,
    login,
    setup_page_key,
    wrong_totp_token,
)
from laget.geography.models import Area
from laget.organisations.models import Collaboration, Decision

pytestmark = pytest.mark.browser


def _submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()


def test_pages_for_people_who_are_not_signed_in(page: Page, live_server: Any, demo: None) -> None:
    audit = AccessibilityAudit(page)
    audit.visit(f"{live_server.url}{reverse('accounts:login')}")

    page.locator("input[name=username]").fill("rapportor.fagersta")
    page.locator("input[name=password]").fill("not-the-password")
    _submit(page)
    expect(page.locator("main .errorlist")).to_be_visible()
    audit.check("login page with an error")

    audit.visit(f"{live_server.url}{reverse('accounts:password_reset')}")
    audit.visit(f"{live_server.url}{reverse('core:about')}")
    audit.visit(f"{live_server.url}/finns-inte/", status=404)
    audit.assert_clean()


def test_the_reporters_start_page(page: Page, live_server: Any, demo: None) -> None:
    login(page, live_server, "rapportor.fagersta")
    audit = AccessibilityAudit(page)
    audit.check("reporter's start page")
    audit.visit(f"{live_server.url}{reverse('accounts:profile')}")
    audit.assert_clean()


def test_the_coordinators_pages(
    page: Page, live_server: Any, fagersta: Collaboration, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no one-second wait after the wrong code below
    audit = AccessibilityAudit(page)
    # Signing in: the enrolment page comes first for a coordinator without an authenticator.
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill("samordnare.fagersta")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    _submit(page)
    expect(page.locator("main code")).to_be_visible()
    audit.check("TOTP setup page")
    page.locator("input[name=token]").fill(wrong_totp_token(setup_page_key(page)))
    _submit(page)
    expect(page.locator("main .errorlist")).to_be_visible()
    audit.check("TOTP setup page with an error")
    complete_two_factor(page, "samordnare.fagersta")
    audit.check("coordinator's start page")

    def url(name: str, **kwargs: Any) -> str:
        return f"{live_server.url}{reverse(name, kwargs=kwargs)}"

    c = fagersta.pk
    audit.visit(url("organisations:overview", collaboration_id=c))
    for step in range(1, 6):
        audit.visit(url("core:step", collaboration_id=c, step=step))

    area = Area.objects.filter(collaboration=fagersta, boundary__isnull=False).order_by("pk")[0]
    audit.visit(url("geography:area_list", collaboration_id=c))
    audit.visit(url("geography:area_detail", collaboration_id=c, area_id=area.pk))
    audit.visit(url("geography:area_update", collaboration_id=c, area_id=area.pk))
    audit.visit(url("geography:area_create", collaboration_id=c))
    _submit(page)  # nothing filled in
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check("area form with errors")

    decision = Decision.objects.filter(collaboration=fagersta).order_by("pk")[0]
    audit.visit(url("organisations:decision_list", collaboration_id=c))
    audit.visit(url("organisations:decision_detail", collaboration_id=c, decision_id=decision.pk))
    audit.visit(url("organisations:decision_create", collaboration_id=c))
    page.locator("input[name=title]").fill("Utan datum")
    _submit(page)
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check("decision form with errors")

    audit.visit(url("organisations:membership_list", collaboration_id=c))
    audit.visit(url("organisations:group_list", collaboration_id=c))
    audit.visit(url("organisations:organisation_list", collaboration_id=c))
    audit.visit(url("accounts:profile"))
    audit.assert_clean()


def test_the_county_workspace(page: Page, live_server: Any, demo: None) -> None:
    login(page, live_server, "regional.vastmanland")
    audit = AccessibilityAudit(page)
    audit.check("regional coordinator's start page")
    audit.visit(f"{live_server.url}{reverse('organisations:county', kwargs={'county_code': '19'})}")
    audit.assert_clean()


def test_the_administrators_pages(page: Page, live_server: Any, demo: None) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from laget.accounts.models import User

    # An administrator who enrolled earlier is asked for a code.
    TOTPDevice.objects.create(
        user=User.objects.get(username="admin.fagersta"), name="phone", confirmed=True
    )
    audit = AccessibilityAudit(page)
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill("admin.fagersta")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    _submit(page)
    expect(page.locator("input[name=token]")).to_be_visible()
    audit.check("TOTP verification page")
    complete_two_factor(page, "admin.fagersta")
    audit.visit(f"{live_server.url}{reverse('audit:entry_list')}")
    audit.assert_clean()


def test_the_not_found_page_for_an_outsider(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    login(page, live_server, "samordnare.ludvika")
    audit = AccessibilityAudit(page)
    audit.visit(
        f"{live_server.url}{reverse('organisations:overview', kwargs={'collaboration_id': fagersta.pk})}",
        status=404,
    )
    audit.assert_clean()
