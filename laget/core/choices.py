"""Choices shared across apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InformationClass(models.TextChoices):
    """Who may read an object, beyond the permission rules of its collaboration.

    * ``public`` (offentlig) — may appear on the public site; anyone may read it.
    * ``partners`` (samverkansparter) — every party of the collaboration, and the county's
      regional coordinators, may read it.
    * ``own_organisation`` (egen organisation) — only members of the owning organisation.
    * ``restricted`` (begränsad) — only the owning organisation's coordinators, police and
      administrators; every read is written to the audit log.

    Documents shared between organisations may become *allmänna handlingar*, so the class is
    shown on every document and export.
    """

    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Collaboration partners")
    OWN_ORGANISATION = "own_organisation", _("Own organisation")
    RESTRICTED = "restricted", _("Restricted")
