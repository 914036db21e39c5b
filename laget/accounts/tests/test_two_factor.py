"""The second factor (TOTP): who must use it, enrolment, verification and the middleware."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.accounts.models import User

MIDDLEWARE = "laget.accounts.middleware.RequireTwoFactorMiddleware"
TWO_FACTOR_USERS = [
    "samordnare.fagersta",
    "polis.fagersta",
    "admin.fagersta",
    "regional.vastmanland",
]


def signed_in(user: User) -> Client:
    """A client that has given the password but not (yet) the second factor."""
    client = Client()
    client.force_login(user)
    return client


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 1) % 10**device.digits:0{device.digits}d}"


def two_factor_stop(client: Client, path: str = "/") -> str | None:
    """Where the middleware sends the client instead of ``path``: "setup", "verify" or None."""
    response = client.get(path)
    if response.status_code != 302:
        return None
    target = urlsplit(response["Location"]).path
    return {
        reverse("accounts:totp_setup"): "setup",
        reverse("accounts:totp_verify"): "verify",
    }.get(target)


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("username", TWO_FACTOR_USERS)
def test_it_sends_people_without_a_device_to_enrolment(username: str, demo: Any) -> None:
    user = User.objects.get(username=username)
    assert two_factor_stop(signed_in(user)) == "setup"


@pytest.mark.parametrize("username", TWO_FACTOR_USERS)
def test_it_sends_people_with_a_device_to_verification(username: str, demo: Any) -> None:
    user = User.objects.get(username=username)
    confirmed_device(user)
    assert two_factor_stop(signed_in(user)) == "verify"


def test_it_lets_a_reporter_in_without_a_second_factor(fagersta_reporter):
    response = signed_in(fagersta_reporter).get(reverse("core:start"))
    assert response.status_code == 200
    assert response.context["user"] == fagersta_reporter


def test_it_lets_verified_sessions_through(client_for, fagersta_coordinator):
    response = client_for(fagersta_coordinator).get(reverse("core:start"))
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()


def test_it_asks_nobody_for_a_second_factor_when_it_is_turned_off(settings, fagersta_coordinator):
    settings.REQUIRE_2FA = False
    assert two_factor_stop(signed_in(fagersta_coordinator)) is None
    assert signed_in(fagersta_coordinator).get(reverse("core:start")).status_code == 200


def test_it_stops_working_when_the_middleware_is_removed(settings, fagersta_coordinator):
    """The protection lives in the middleware: without it the same request goes through."""
    assert two_factor_stop(signed_in(fagersta_coordinator)) == "setup"
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    assert two_factor_stop(signed_in(fagersta_coordinator)) is None


def test_it_keeps_the_whole_requested_address_as_next(fagersta_coordinator, fagersta):
    wanted = f"/samverkan/{fagersta.pk}/beslut/?sida=2&sortera=datum"
    response = signed_in(fagersta_coordinator).get(wanted)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [wanted]


def test_it_leaves_the_api_and_sign_out_reachable(fagersta_coordinator):
    client = signed_in(fagersta_coordinator)
    assert client.get("/api/v1/me").status_code == 401  # tokens, not sessions
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")


# --- enrolment ---------------------------------------------------------------------------------


def test_it_shows_a_qr_code_for_a_new_device(fagersta_coordinator):
    response = signed_in(fagersta_coordinator).get(reverse("accounts:totp_setup"))
    assert response.status_code == 200
    assert response.context["qr_data_uri"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=fagersta_coordinator)
    assert not device.confirmed
    assert response.context["secret"].replace(" ", "")  # the key to type by hand
    assert 'src="data:image/svg+xml' in response.content.decode()


def test_it_keeps_the_device_unconfirmed_after_a_wrong_code(fagersta_coordinator):
    client = signed_in(fagersta_coordinator)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=fagersta_coordinator)
    response = client.post(reverse("accounts:totp_setup"), {"token": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert not device.confirmed
    assert two_factor_stop(client) == "setup"


def test_it_confirms_the_device_with_the_right_code_and_follows_next(
    fagersta_coordinator, fagersta
):
    client = signed_in(fagersta_coordinator)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=fagersta_coordinator)
    target = reverse("organisations:overview", kwargs={"collaboration_id": fagersta.pk})
    response = client.post(
        reverse("accounts:totp_setup"), {"token": current_code(device), "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id
    assert two_factor_stop(client) is None
    assert client.get(target).status_code == 200


def test_it_ignores_a_next_address_on_another_site(fagersta_coordinator):
    client = signed_in(fagersta_coordinator)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=fagersta_coordinator)
    response = client.post(
        reverse("accounts:totp_setup") + "?next=https://evil.example/",
        {"token": current_code(device)},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_does_not_let_a_password_alone_enrol_a_second_device(fagersta_coordinator):
    """Someone with only the password must not replace an existing second factor."""
    existing = confirmed_device(fagersta_coordinator)
    client = signed_in(fagersta_coordinator)
    response = client.get(reverse("accounts:totp_setup"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:totp_verify")
    assert list(TOTPDevice.objects.filter(user=fagersta_coordinator)) == [existing]
    response = client.post(reverse("accounts:totp_setup"), {"token": "123456"})
    assert response.status_code == 302
    assert two_factor_stop(client) == "verify"


# --- verification ------------------------------------------------------------------------------


def test_it_verifies_the_session_with_the_right_code(fagersta_police, fagersta):
    device = confirmed_device(fagersta_police)
    client = signed_in(fagersta_police)
    target = reverse("organisations:decision_list", kwargs={"collaboration_id": fagersta.pk})
    response = client.post(
        reverse("accounts:totp_verify"), {"token": current_code(device), "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target
    assert two_factor_stop(client) is None


def test_it_refuses_a_wrong_code_at_verification(fagersta_police):
    device = confirmed_device(fagersta_police)
    client = signed_in(fagersta_police)
    response = client.post(reverse("accounts:totp_verify"), {"token": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert two_factor_stop(client) == "verify"


def test_it_refuses_a_code_that_was_already_used(fagersta_police):
    device = confirmed_device(fagersta_police)
    code = current_code(device)
    first = signed_in(fagersta_police)
    assert first.post(reverse("accounts:totp_verify"), {"token": code}).status_code == 302
    second = signed_in(fagersta_police)
    response = second.post(reverse("accounts:totp_verify"), {"token": code})
    assert response.status_code == 200
    assert two_factor_stop(second) == "verify"


def test_it_ignores_a_next_address_on_another_site_at_verification(fagersta_police):
    device = confirmed_device(fagersta_police)
    response = signed_in(fagersta_police).post(
        reverse("accounts:totp_verify"),
        {"token": current_code(device), "next": "//evil.example/steal"},
    )
    assert response["Location"] == "/"


def test_it_sends_verification_without_a_device_to_enrolment(fagersta_police):
    response = signed_in(fagersta_police).get(reverse("accounts:totp_verify"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:totp_setup")
