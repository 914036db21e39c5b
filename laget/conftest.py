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
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from laget.accounts.models import User
from laget.organisations.models import Collaboration

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told it is safe, which it is in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts with no language active (messages are the English msgids, as after
    Django's management commands) and leaves none behind.

    Django's LocaleMiddleware activates the request's language in the thread and never
    deactivates it (the next request activates its own), so a test client request with
    ``Accept-Language: en`` or a Swedish page would otherwise decide the language of the
    tests that happen to run after it in the same process.
    """
    from django.utils import translation

    translation.deactivate_all()
    yield
    translation.deactivate_all()


@pytest.fixture(autouse=True)
def _settings_for_tests(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Fast hashing for the tests' own users; Argon2 still verifies the demo's passwords.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.REQUIRE_2FA = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


#: Apps whose rows are recreated by ``flush`` itself (post_migrate) or never part of the demo.
_NOT_SNAPSHOTTED = {"contenttypes", "auth", "sessions", "admin", "axes"}
_snapshot: list[tuple[Any, list[Any]]] = []


def load_demo() -> None:
    """Put the demo into an empty database: built once per process, then restored from memory.

    Browser tests run against a live server, so their database is flushed after every test;
    restoring a snapshot with ``bulk_create`` takes a fraction of a second, where building the
    demo again (290 municipalities, a year of reports, the audit chain) takes several.
    """
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from laget.demo.services import demo_load

    if not _snapshot:
        demo_load()
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label in _NOT_SNAPSHOTTED or model._meta.proxy:
                continue
            rows = list(model._base_manager.all())
            if rows:
                _snapshot.append((model, rows))
        return
    with transaction.atomic():
        for model, rows in _snapshot:
            model._base_manager.bulk_create(rows, batch_size=500)
        statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in _snapshot])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the demo once per test database; each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(db: Any) -> None:
    """The full demo: geography, Ludvika, Fagersta, Dalarna and Västmanland.

    Loaded once per session; reloaded when a transactional (browser) test has flushed it.
    """
    if not Collaboration.objects.filter(slug="fagersta").exists():
        load_demo()


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
