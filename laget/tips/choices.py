"""Choices of citizen tips (medborgarrapporter)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TipStatus(models.TextChoices):
    """Where a tip is in moderation. Only approved and closed tips are ever public."""

    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Dealt with/closed")


#: The statuses the public site and the Open311 list may show.
PUBLIC_STATUSES = (TipStatus.APPROVED, TipStatus.CLOSED)


class TipService(models.TextChoices):
    """The fixed, documented set of tip types (the Open311 ``service_code``s).

    The codes are Swedish slugs so that they match the keys of the usual report categories
    (``laget.reporting.presets``) where the same phenomenon is meant; the lägesbild section
    uses that match to label tips with the collaboration's own category names.
    """

    GRAFFITI = "klotter", _("Graffiti")
    VANDALISM = "skadegorelse", _("Vandalism")
    LITTER = "nedskrapning", _("Litter")
    LIGHTING = "belysning", _("Broken lighting")
    UNSAFE_PLACE = "otrygg_plats", _("Unsafe place")
    DISORDER = "ordningsstorning", _("Public disorder")
    OTHER = "ovrigt", _("Other")


class TipChannel(models.TextChoices):
    """How the tip came in."""

    FORM = "form", _("Tip form")
    OPEN311 = "open311", _("Open311 API")


#: A short public description of each tip type (the Open311 service ``description``).
SERVICE_DESCRIPTIONS: dict[str, object] = {
    TipService.GRAFFITI: _("Graffiti or tagging on walls, signs or other surfaces."),
    TipService.VANDALISM: _(
        "Something broken or damaged on purpose: windows, benches, bus shelters."
    ),
    TipService.LITTER: _("Litter, dumped rubbish or broken glass in a public place."),
    TipService.LIGHTING: _("A street lamp or other lighting that is broken or missing."),
    TipService.UNSAFE_PLACE: _("A place that feels unsafe, for example dark, overgrown or hidden."),
    TipService.DISORDER: _("Noise, fights or other disorder in a public place."),
    TipService.OTHER: _("Anything else about safety in a public place."),
}
