"""Signing in, throttling of failed attempts, password reset and password hashing."""

from __future__ import annotations

import importlib
import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from laget.accounts.models import User

PASSWORD = "rapportorens-losenord-2026"
NEW_PASSWORD = "ett-nytt-langt-losenord-2026"


@pytest.fixture(autouse=True)
def _known_passwords(demo: None) -> None:
    """The demo was hashed with the production hasher; give the personas the test hasher's hash."""
    for user in User.objects.filter(username__in=["rapportor.fagersta", "samordnare.fagersta"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def log_in(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_signs_a_reporter_in_and_lands_on_the_start_page(fagersta_reporter):
    client = Client()
    response = log_in(client, fagersta_reporter.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")
    start = client.get(response["Location"])
    assert start.status_code == 200
    assert start.context["user"] == fagersta_reporter


def test_it_sends_a_coordinator_on_to_the_second_factor_after_the_password(fagersta_coordinator):
    client = Client()
    log_in(client, fagersta_coordinator.username, PASSWORD)
    response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:totp_setup"))


def test_it_refuses_a_wrong_password(fagersta_reporter):
    client = Client()
    response = log_in(client, fagersta_reporter.username, "fel-losenord")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("core:start")).status_code == 302  # still signed out


def test_it_locks_the_account_after_too_many_failures(fagersta_reporter):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, fagersta_reporter.username, "fel-losenord")
    response = log_in(client, fagersta_reporter.username, PASSWORD)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert not client.get(reverse("core:start")).wsgi_request.user.is_authenticated


def test_it_does_not_lock_before_the_limit(fagersta_reporter):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, fagersta_reporter.username, "fel-losenord")
    response = log_in(client, fagersta_reporter.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")


def test_it_mails_a_reset_link_that_sets_a_new_password(fagersta_reporter):
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": fagersta_reporter.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [fagersta_reporter.email]
    link = re.search(r"https?://[^/\s]+(/konto/losenord/aterstall/[^/\s]+/[^/\s]+/)", message.body)
    assert link is not None, message.body
    path = link.group(1)
    uidb64, token = path.rstrip("/").split("/")[-2:]
    assert path == reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token}
    )

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")

    fagersta_reporter.refresh_from_db()
    assert fagersta_reporter.check_password(NEW_PASSWORD)
    assert log_in(Client(), fagersta_reporter.username, NEW_PASSWORD).status_code == 302
    assert log_in(Client(), fagersta_reporter.username, PASSWORD).status_code == 200


def test_it_sends_no_mail_for_an_unknown_address(demo):
    response = Client().post(reverse("accounts:password_reset"), {"email": "okand@example.invalid"})
    assert response.status_code == 302  # the same answer: no hint whether the address exists
    assert mail.outbox == []


def test_it_refuses_a_tampered_reset_link(fagersta_reporter):
    Client().post(reverse("accounts:password_reset"), {"email": fagersta_reporter.email})
    path = re.search(r"(/konto/losenord/aterstall/[^/\s]+/)([^/\s]+)/", mail.outbox[0].body)
    response = Client().get(f"{path.group(1)}{path.group(2)[:-2]}xx/", follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_it_hashes_passwords_with_argon2_in_production():
    """The test settings use a fast hasher; the real settings module must start with Argon2."""
    production = importlib.import_module("laget.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        encoded = make_password(NEW_PASSWORD)  # fails if argon2-cffi is not installed
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password(NEW_PASSWORD, encoded)
