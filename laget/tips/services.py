"""Writes of citizen tips: submission (tip form and Open311) and moderation.

Every service validates everything first and raises ``ValidationError`` (with codes, one entry
per field) before anything is stored, so bad input never leaves a half-stored tip. Changes are
audit-logged by the recorder's model signals, with the moderator as the actor.
"""

from __future__ import annotations

import datetime
import logging
import math
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from laget import access
from laget.analysis import pii
from laget.geography.selectors import area_at, municipality_index
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration
from laget.tips.choices import TipChannel, TipService, TipStatus
from laget.tips.models import MAX_PLACE_LENGTH, MAX_RESPONSE_LENGTH, MAX_TEXT_LENGTH, Tip

logger = logging.getLogger(__name__)

#: Sweden's bounding box (WGS 84), with a small margin: the coarse first check of a point.
SWEDEN_LAT = (55.0, 69.2)
SWEDEN_LON = (10.5, 24.3)
#: Points this close (degrees, about 200 m) outside the municipality's boundary are still
#: accepted: the stored boundaries are simplified, and a tip on the border is still useful.
BOUNDARY_TOLERANCE = 0.002
#: Roles that moderate tips: the coordinators and administrators, and the police.
MODERATOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.POLICE})
#: The language of feedback e-mails to citizens (Swedish-first public service).
FEEDBACK_LANGUAGE = "sv"


# --- who may do what ----------------------------------------------------------------------------


def may_moderate(user: Any, collaboration: Collaboration) -> bool:
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & MODERATOR_ROLES)


def _require_moderator(user: Any, collaboration: Collaboration) -> None:
    if not may_moderate(user, collaboration):
        raise ValidationError(
            _("Only coordinators, administrators and the police may moderate tips."),
            code="not_allowed",
        )


# --- validation ---------------------------------------------------------------------------------


def _personal_data_message() -> str:
    return _(
        "The text seems to contain personal data (an identity number, a phone number, an "
        "e-mail address or a registration number). Describe the place and what happened, "
        "not people: remove it and send again."
    )


class _Errors:
    """Collects every error of a submission, so the citizen can correct all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def has(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


@lru_cache(maxsize=64)
def _boundary(municipality_id: int) -> BaseGeometry | None:
    from laget.geography.models import Municipality

    boundary = (
        Municipality.objects.filter(pk=municipality_id).values_list("boundary", flat=True).first()
    )
    if not boundary:
        return None
    return shape(boundary).buffer(BOUNDARY_TOLERANCE)


def municipality_boundary(collaboration: Collaboration) -> BaseGeometry | None:
    """The municipality's boundary with the tolerance, cached per process."""
    return _boundary(collaboration.municipality_id)


def _number(value: Any) -> float | None:
    """A finite float from a number or a string (decimal comma accepted), else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _check_location(
    errors: _Errors,
    collaboration: Collaboration,
    lat: Any,
    lon: Any,
    place_text: str,
) -> tuple[float | None, float | None]:
    given_lat = lat not in (None, "")
    given_lon = lon not in (None, "")
    if not given_lat and not given_lon:
        if not place_text:
            errors.add(
                "location",
                _("Mark the place on the map, give its coordinates or describe it in words."),
                "location_required",
            )
        return None, None
    lat_value, lon_value = _number(lat), _number(lon)
    if not given_lat or not given_lon:
        errors.add("location", _("Give both latitude and longitude."), "incomplete")
        return None, None
    if lat_value is None or lon_value is None:
        errors.add(
            "location",
            _("Latitude and longitude must be decimal numbers, e.g. 60.004 and 15.794."),
            "invalid",
        )
        return None, None
    if not (
        SWEDEN_LAT[0] <= lat_value <= SWEDEN_LAT[1] and SWEDEN_LON[0] <= lon_value <= SWEDEN_LON[1]
    ):
        errors.add(
            "location",
            _("The place is outside Sweden. Mark a place in %(municipality)s.")
            % {"municipality": collaboration.municipality.name},
            "outside_sweden",
        )
        return None, None
    boundary = municipality_boundary(collaboration)
    if boundary is not None and not boundary.covers(Point(lon_value, lat_value)):
        index = municipality_index()
        if len(index) and index.locate(lon_value, lat_value) is None:
            # In Sweden's bounding box but in no Swedish municipality: Norway, Finland, the sea.
            errors.add(
                "location",
                _("The place is outside Sweden. Mark a place in %(municipality)s.")
                % {"municipality": collaboration.municipality.name},
                "outside_sweden",
            )
            return None, None
        errors.add(
            "location",
            _(
                "The place is outside %(municipality)s. Tips to this service must be about "
                "places in %(municipality)s."
            )
            % {"municipality": collaboration.municipality.name},
            "outside_municipality",
        )
        return None, None
    return lat_value, lon_value


def _check_text(errors: _Errors, field: str, text: str, *, limit: int, required: bool) -> None:
    if not text:
        if required:
            errors.add(field, _("This field is required."), "required")
        return
    if len(text) > limit:
        errors.add(
            field,
            _("The text is too long: at most %(limit)d characters (now %(length)d).")
            % {"limit": limit, "length": len(text)},
            "too_long",
        )
        return
    if pii.find_personal_data(text):
        errors.add(field, _personal_data_message(), "personal_data")


def _clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# --- submission ---------------------------------------------------------------------------------


def tip_submit(
    *,
    collaboration: Collaboration,
    service: str,
    text: str,
    lat: Any = None,
    lon: Any = None,
    place_text: str = "",
    email: str = "",
    channel: str = TipChannel.FORM,
) -> Tip:
    """Store a citizen's tip as *pending* after checking every field; nothing on any error.

    ``lat``/``lon`` may be numbers or strings (the form and Open311 send text); a tip needs a
    point inside the municipality or a place in words (Open311's ``address_string``).
    """
    errors = _Errors()
    service = _clean(service)
    text = _clean(text)
    place_text = _clean(place_text)
    email = _clean(email)
    if not service:
        errors.add("service", _("Choose what the tip is about."), "required")
    elif service not in TipService.values:
        errors.add("service", _("Unknown tip type."), "unknown_service")
    _check_text(errors, "text", text, limit=MAX_TEXT_LENGTH, required=True)
    _check_text(errors, "place_text", place_text, limit=MAX_PLACE_LENGTH, required=False)
    lat_value, lon_value = _check_location(
        errors, collaboration, lat, lon, "" if errors.has("place_text") else place_text
    )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", _("Enter a valid e-mail address, or leave it empty."), "invalid")
        if len(email) > 254:
            errors.add("email", _("The e-mail address is too long."), "too_long")
    if channel not in TipChannel.values:
        channel = TipChannel.FORM
    errors.raise_if_any()
    area = (
        area_at(collaboration, lon_value, lat_value)
        if lat_value is not None and lon_value is not None
        else None
    )
    tip = Tip(
        collaboration=collaboration,
        service=service,
        channel=channel,
        text=text,
        place_text=place_text,
        lat=lat_value,
        lon=lon_value,
        area=area,
        email=email,
    )
    with transaction.atomic():
        tip.full_clean()
        tip.save()
    return tip


# --- moderation ---------------------------------------------------------------------------------


def _require_status(tip: Tip, *statuses: str) -> None:
    if tip.status not in statuses:
        raise ValidationError(
            _("The tip has already been handled (%(status)s).")
            % {"status": tip.get_status_display()},
            code="wrong_status",
        )


def _single_text(field: str, text: str, *, limit: int, required: bool) -> None:
    errors = _Errors()
    _check_text(errors, field, text, limit=limit, required=required)
    errors.raise_if_any()


def tip_approve(*, tip: Tip, moderated_by: Any, public_text: str = "") -> Tip:
    """Approve a pending tip; ``public_text`` (default: the citizen's text) is what the public
    sees – a moderator may remove details there, the original stays in ``text``."""
    _require_moderator(moderated_by, tip.collaboration)
    _require_status(tip, TipStatus.PENDING)
    public_text = _clean(public_text) or tip.text
    _single_text("public_text", public_text, limit=MAX_TEXT_LENGTH, required=True)
    tip.public_text = public_text
    tip.status = TipStatus.APPROVED
    tip.moderated_at = timezone.now()
    tip.moderated_by = moderated_by
    with transaction.atomic():
        tip.full_clean()
        tip.save()
    _send_feedback(tip, template="tips/email/approved.txt")
    return tip


def tip_reject(*, tip: Tip, moderated_by: Any, reason: str) -> Tip:
    """Reject a pending tip with a reason (kept internal; the citizen is told it was not
    published). The e-mail address is blanked: it has served its purpose."""
    _require_moderator(moderated_by, tip.collaboration)
    _require_status(tip, TipStatus.PENDING)
    reason = _clean(reason)
    _single_text("moderation_note", reason, limit=MAX_RESPONSE_LENGTH, required=True)
    tip.moderation_note = reason
    tip.status = TipStatus.REJECTED
    tip.moderated_at = timezone.now()
    tip.moderated_by = moderated_by
    with transaction.atomic():
        tip.full_clean()
        tip.save()
    _send_feedback(tip, template="tips/email/rejected.txt", forget_email=True)
    return tip


def tip_close(*, tip: Tip, moderated_by: Any, public_response: str) -> Tip:
    """Close an approved tip with a public response (what was done). Blanks the e-mail."""
    _require_moderator(moderated_by, tip.collaboration)
    _require_status(tip, TipStatus.APPROVED)
    public_response = _clean(public_response)
    _single_text("public_response", public_response, limit=MAX_RESPONSE_LENGTH, required=True)
    now = timezone.now()
    tip.public_response = public_response
    tip.status = TipStatus.CLOSED
    tip.closed_at = now
    tip.moderated_at = now
    tip.moderated_by = moderated_by
    with transaction.atomic():
        tip.full_clean()
        tip.save()
    _send_feedback(tip, template="tips/email/closed.txt", forget_email=True)
    return tip


def _send_feedback(tip: Tip, *, template: str, forget_email: bool = False) -> None:
    """Tell the citizen the outcome when they left an e-mail address (in Swedish).

    A failing mail server must not undo the decision: the error is logged (without the
    address) and the decision stands. After the last message (rejected, closed) the address
    is blanked – it was given only for this feedback.
    """
    if not tip.email:
        return
    public_path = reverse(
        "public_tips:status",
        kwargs={"municipality": tip.collaboration.slug, "public_id": tip.public_id},
    )
    with translation.override(FEEDBACK_LANGUAGE):
        context = {
            "tip": tip,
            "collaboration": tip.collaboration,
            "status_url": settings.SITE_URL.rstrip("/") + public_path,
        }
        subject = _("Your tip to %(collaboration)s (%(reference)s)") % {
            "collaboration": tip.collaboration.name,
            "reference": tip.public_id,
        }
        body = render_to_string(template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [tip.email])
    except Exception:  # any transport error: the decision stands, the log says why
        logger.exception("Feedback e-mail for tip %s could not be sent", tip.pk)
        sent = False
    else:
        sent = True
    update: list[str] = []
    if sent:
        tip.feedback_sent_at = timezone.now()
        update.append("feedback_sent_at")
    if forget_email:
        tip.email = ""
        update.append("email")
    if update:
        tip.save(update_fields=update)


# --- retention ----------------------------------------------------------------------------------

#: An approved tip that is never closed keeps its feedback address at most this long.
EMAIL_RETENTION_DAYS = 180


def tips_forget_emails(*, older_than_days: int = EMAIL_RETENTION_DAYS) -> int:
    """Blank the feedback e-mail of tips submitted more than ``older_than_days`` ago.

    Rejecting or closing a tip blanks its address at once; this catches the tips left approved
    (or pending) for long, so that no address is kept longer than its purpose needs. Returns
    the number of tips changed. Saved one by one, so that the audit log records each change.
    """
    if older_than_days < 0:
        raise ValidationError(_("The number of days cannot be negative."), code="invalid")
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    changed = 0
    with transaction.atomic():
        for tip in Tip.objects.filter(submitted_at__lt=cutoff).exclude(email="").order_by("pk"):
            tip.email = ""
            tip.save(update_fields=["email"])
            changed += 1
    return changed
