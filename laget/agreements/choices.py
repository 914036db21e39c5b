"""Choices of the samverkansöverenskommelse and its signatories."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    OVERARCHING = "overarching", _("Första övergripande")
    FULL = "full", _("Fullständig")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SIGNING = "signing", _("För underskrift")
    IN_FORCE = "in_force", _("Gällande")
    EXPIRED = "expired", _("Utgången")
    SUPERSEDED = "superseded", _("Ersatt")


class SignatoryTitle(models.TextChoices):
    """Who may sign for a party (the handbook: LPO-chef and kommunstyrelsens ordförande, or a
    delegate with a documented delegation; other parties sign through their representative)."""

    LPO_CHIEF = "lpo_chief", _("Lokalpolisområdeschef")
    KS_CHAIR = "ks_chair", _("Kommunstyrelsens ordförande")
    DELEGATE = "delegate", _("Delegat (with documented delegation)")
    OTHER_PARTY = "other_party", _("Företrädare för annan aktör")
