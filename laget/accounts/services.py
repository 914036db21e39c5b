"""Writes for accounts: TOTP enrolment and verification."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_start(*, user: Any) -> TOTPDevice:
    """Return the person's unconfirmed TOTP device, creating one with a fresh secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Läget", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a new device with its first code, and mark this session as verified."""
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            {"token": _("The code is wrong or has expired. Try the newest code.")}, code="token"
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    return device


def totp_verify(*, request: HttpRequest, device: TOTPDevice, token: str) -> None:
    """Check a code for an existing device and mark the session as verified."""
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            {"token": _("The code is wrong or has expired. Try the newest code.")}, code="token"
        )
    otp_login(request, device)
