from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    """What kind of place a user-defined area (område) is."""

    DISTRICT = "district", _("District")
    RESIDENTIAL = "residential", _("Residential area")
    CENTRE = "centre", _("Town centre")
    SCHOOL = "school", _("School area")
    INDUSTRIAL = "industrial", _("Industrial area")
    VILLAGE = "village", _("Village")
    OTHER = "other", _("Other")
