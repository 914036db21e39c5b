"""Shared personas and fixtures (STYLE.md §6).

Personas, all built from the demo data so tests and the demo tell the same story:
* ``fagersta_coordinator`` – samordnare in Fagersta (the "owner" in most tests)
* ``fagersta_police`` – polis partner in the same collaboration
* ``fagersta_reporter`` – rapportör in Fagersta (no management rights)
* ``ludvika_coordinator`` – samordnare in Ludvika (the outsider for Fagersta's data)
* ``county_officer`` – regional samordnare for Västmanland (Fagersta's county)
* anonymous – the ``client`` fixture without login
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.test import Client

from laget.accounts.models import User
from laget.organisations.models import Collaboration

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told it is safe, which it is in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _settings_for_tests(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.REQUIRE_2FA = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the demo once per test database; each test then runs in a rolled-back transaction."""
    from laget.demo.services import demo_load

    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture
def demo(db: Any) -> None:
    """The full demo: geography, Ludvika, Fagersta, Dalarna and Västmanland.

    Loaded once per session; reloaded when a transactional (browser) test has flushed it.
    """
    from laget.demo.services import demo_load

    if not Collaboration.objects.filter(slug="fagersta").exists():
        demo_load()


@pytest.fixture
def fagersta(demo: None) -> Collaboration:
    return Collaboration.objects.get(slug="fagersta")


@pytest.fixture
def ludvika(demo: None) -> Collaboration:
    return Collaboration.objects.get(slug="ludvika")


def _user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def fagersta_coordinator(demo: None) -> User:
    return _user("samordnare.fagersta")


@pytest.fixture
def fagersta_police(demo: None) -> User:
    return _user("polis.fagersta")


@pytest.fixture
def fagersta_reporter(demo: None) -> User:
    return _user("rapportor.fagersta")


@pytest.fixture
def fagersta_admin(demo: None) -> User:
    return _user("admin.fagersta")


@pytest.fixture
def ludvika_coordinator(demo: None) -> User:
    return _user("samordnare.ludvika")


@pytest.fixture
def county_officer(demo: None) -> User:
    return _user("regional.vastmanland")


def verified_client(user: User) -> Client:
    """A logged-in client whose session has passed the second factor (like a real login + TOTP)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for() -> Any:
    """``client_for(user)`` → a logged-in, second-factor-verified test client."""
    return verified_client
