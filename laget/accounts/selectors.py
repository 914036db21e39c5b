"""Reads about people's accounts."""

from typing import Any

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.organisations.choices import TWO_FACTOR_ROLES


def requires_two_factor(user: Any) -> bool:
    """Coordinators, police, regional coordinators and administrators must use TOTP."""
    if not settings.REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(is_active=True, role__in=TWO_FACTOR_ROLES).exists()


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
