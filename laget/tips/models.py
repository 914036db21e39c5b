"""Citizen tips (medborgarrapporter): anonymous tips from the public, moderated before use.

A tip is kept apart from the trained reporters' lägesrapporter on purpose: it comes from an
unknown sender, is moderated by the collaboration, and enters the lägesbild only as its own,
labelled source. Which fields are public is decided here, by name: the public site and the
Open311 API read only ``public_id``, ``service``, ``public_text``, ``status``, the dates, the
``public_response`` and a coarsened location (``laget.tips.selectors``). ``text`` (what the
citizen wrote), ``place_text``, ``email``, ``moderation_note`` and the exact point never leave
the collaboration.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.tips.choices import TipChannel, TipService, TipStatus

#: The longest description a citizen may send (the form and Open311 alike).
MAX_TEXT_LENGTH = 2000
MAX_PLACE_LENGTH = 200
MAX_RESPONSE_LENGTH = 2000
PUBLIC_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud on the phone
PUBLIC_ID_LENGTH = 16  # 16 characters of 32 symbols: 80 random bits, not guessable


def new_public_id() -> str:
    """A random, unguessable reference for the citizen (and the Open311 service_request_id)."""
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


class Tip(models.Model):
    """One tip from a citizen about a place in the collaboration's municipality."""

    #: The audit log never keeps the citizen's address (it is blanked when the tip is handled).
    audit_omit_fields = ("email",)

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="tips",
        verbose_name=_("collaboration"),
    )
    public_id = models.CharField(
        _("reference"), max_length=32, unique=True, default=new_public_id, editable=False
    )
    service = models.CharField(_("tip type"), max_length=20, choices=TipService.choices)
    channel = models.CharField(
        _("channel"), max_length=10, choices=TipChannel.choices, default=TipChannel.FORM
    )
    # Not public: what the citizen wrote, kept as sent even when the public text is edited.
    text = models.TextField(_("description (as sent)"), max_length=MAX_TEXT_LENGTH)
    place_text = models.CharField(
        _("place in words"), max_length=MAX_PLACE_LENGTH, blank=True, default=""
    )
    # Public once approved: the moderated text.
    public_text = models.TextField(
        _("public description"), max_length=MAX_TEXT_LENGTH, blank=True, default=""
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    area = models.ForeignKey(
        "geography.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tips",
        verbose_name=_("area"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TipStatus.choices, default=TipStatus.PENDING
    )
    # Not public, and blanked when the tip is rejected or closed (retention: see docs).
    email = models.EmailField(_("e-mail for feedback"), blank=True, default="")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderation_note = models.TextField(
        _("reason for rejection"), max_length=MAX_RESPONSE_LENGTH, blank=True, default=""
    )
    public_response = models.TextField(
        _("public response"), max_length=MAX_RESPONSE_LENGTH, blank=True, default=""
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    feedback_sent_at = models.DateTimeField(_("feedback sent"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("citizen tip")
        verbose_name_plural = _("citizen tips")
        indexes = [models.Index(fields=["collaboration", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.public_id}"

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None
