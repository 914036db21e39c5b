"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, against live_server.

* ``browser`` – one Chromium per test process (so one per pytest-xdist worker). A missing
  Chromium fails the test loudly; it is never a skip (skips fail the run, see no_skips.py).
* ``context`` / ``page`` – a fresh browser context per test: Swedish, desktop viewport, and no
  requests leave the live server (map tiles from tile.openstreetmap.org are aborted).
* ``login(page, live_server, username)`` – signs in through the real form and, when the person's
  role requires it, through TOTP enrolment or verification.
* ``assert_accessible(page)`` – runs axe-core and fails on serious or critical violations.

Browser tests use ``live_server``, so they run with ``transactional_db``: every test ends with a
flush of the database. The demo is loaded again right after that flush (see
``pytest_runtest_teardown``), committed, so the next test in the process starts from the demo
whether it is a browser test or an ordinary one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django.plugin import blocking_manager_key  # what the django_db_blocker fixture returns

from laget.browser_tests.helpers import DESKTOP, assert_accessible, login

__all__ = ["assert_accessible", "login"]  # the helpers live in helpers.py; tests import them there

CHROMIUM = os.environ.get("LAGET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these the closed network of CI makes Chromium stall on its own background calls.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Screenshots and HTML of the page when a browser test fails (var/ is not committed).
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "browser-test-failures"

expect.set_options(timeout=10_000)


# --- Browser, context, page ----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}. Install it with `apt-get install -y chromium` "
            "(or set LAGET_CHROMIUM). Browser tests never skip.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _only_live_server(live_server_url: str) -> Any:
    """A route handler: requests to the live server go through, everything else is aborted."""

    def handle(route: Any) -> None:
        if route.request.url.startswith(live_server_url):
            route.continue_()
        else:
            route.abort()

    return handle


@pytest.fixture
def context(browser: Browser, live_server: Any, demo: None) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport=DESKTOP,
        locale="sv-SE",  # Accept-Language: sv, as for Läget's users
        timezone_id="Europe/Stockholm",
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    context.route(re.compile(r".*"), _only_live_server(live_server.url))
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
            print(f"Page at failure: {page.url} (screenshot and HTML in {ARTIFACTS})")
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"Page at failure: {page.url} (no screenshot: {exc})")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """After a live-server test has flushed the database, put the demo back (committed).

    Without this the next test in the process would reload the demo itself, inside its own
    rolled-back transaction, and so would every test after it.
    """
    result = yield
    if "live_server" in getattr(item, "fixturenames", ()) and nextitem is not None:
        from laget.conftest import load_demo

        with item.config.stash[blocking_manager_key].unblock():
            load_demo()
    return result


@pytest.fixture(autouse=True)
def _settings_for_tests(_settings_for_tests: None, settings: Any) -> None:
    """The demo loaded once per session hashes passwords with Argon2, the tests' own with MD5."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
