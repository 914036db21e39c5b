"""Helpers for the browser tests: signing in (with TOTP) and axe-core accessibility checks."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

DEMO_PASSWORD = "demo-laget-2026"  # noqa: S105 – the published demo password (laget.demo.data)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: axe impacts that fail a test.
BLOCKING_IMPACTS = ("serious", "critical")


# --- Signing in ----------------------------------------------------------------------------


def totp_token(key: bytes, *, not_before: int | None = None, **params: int) -> str:
    """The current six-digit code for a TOTP key, or the next one after step ``not_before``.

    django-otp refuses a code whose time step it has already accepted; with its default
    tolerance of one step the following step's code is valid too, so no waiting is needed.
    ``params`` are a device's step, t0, digits and drift when they differ from the defaults.
    """
    from django_otp.oath import TOTP

    totp = TOTP(key, **params)
    if not_before is not None and totp.t() <= not_before:
        totp.time = time.time() + (not_before + 1 - totp.t()) * totp.step
    return str(totp.token()).zfill(6)


def wrong_totp_token(key: bytes) -> str:
    """A six-digit code that is certainly not accepted for this key right now."""
    from django_otp.oath import TOTP

    totp = TOTP(key)
    valid = set()
    for offset in (-2, -1, 0, 1, 2):
        totp.time = time.time() + offset * totp.step
        valid.add(str(totp.token()).zfill(6))
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def key_from_setup_page(text: str) -> bytes:
    """The key shown on the enrolment page: base32 in groups of four, unpadded."""
    compact = re.sub(r"\s+", "", text).upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


def setup_page_key(page: Page) -> bytes:
    """The key on the enrolment page (the ``<code>`` element next to the QR code)."""
    return key_from_setup_page(page.locator("main code").inner_text())


def complete_two_factor(page: Page, username: str) -> None:
    """On /konto/tvafaktor/…: enrol (reading the key off the page) or verify, then continue."""
    if "/konto/tvafaktor/verifiera/" in page.url:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        token = totp_token(
            device.bin_key,
            not_before=device.last_t,
            step=device.step,
            t0=device.t0,
            digits=device.digits,
            drift=device.drift,
        )
    else:
        token = totp_token(setup_page_key(page))
    page.locator("input[name=token]").fill(token)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/konto/tvafaktor/"))


def login(page: Page, live_server: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, then through the second factor when it is required."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/konto/logga-in/"))
    if "/konto/tvafaktor/" in page.url:
        complete_two_factor(page, username)


# --- Accessibility -------------------------------------------------------------------------


def accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the current page, one line per element."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page)
    lines: list[str] = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    at {', '.join(map(str, node['target']))}: {summary}"[:600])
    return lines


def assert_accessible(page: Page, *, label: str | None = None) -> None:
    """Run axe-core on the page; fail listing every serious or critical violation."""
    problems = accessibility_problems(page)
    if problems:
        pytest.fail(
            "\n".join([f"axe: serious/critical violations on {label or page.url}", *problems]),
            pytrace=False,
        )


class AccessibilityAudit:
    """Check several pages in one test and report every page's violations together.

    Each browser test flushes and reloads the demo, so grouping pages per persona keeps the
    suite fast without stopping at the first page with a problem.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.checked: list[str] = []
        self.problems: dict[str, list[str]] = {}

    def check(self, label: str | None = None) -> None:
        """Check the page as it is now (for example after a failed form submission)."""
        label = label or self.page.url
        self.checked.append(label)
        found = accessibility_problems(self.page)
        if found:
            self.problems[label] = found

    def visit(self, url: str, *, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == status, (
            f"{url} answered {response.status if response else None}, expected {status}"
        )
        expect(self.page.locator("main h1")).to_be_visible()
        self.check()

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        if self.problems:
            lines = [
                f"axe: serious/critical violations on {len(self.problems)} of "
                f"{len(self.checked)} checked pages"
            ]
            for label, found in self.problems.items():
                lines += [f"{label}:", *found]
            pytest.fail("\n".join(lines), pytrace=False)
