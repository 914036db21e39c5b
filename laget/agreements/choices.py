"""Choices of the samverkansöverenskommelse and its signatories."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    OVERARCHING = "overarching", _("First overarching agreement")
    FULL = "full", _("Full agreement")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNING = "signing", _("For signature")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


class SignatoryTitle(models.TextChoices):
    """Who may sign for a party (the handbook: LPO-chef and kommunstyrelsens ordförande, or a
    delegate with a documented delegation; other parties sign through their representative)."""

    LPO_CHIEF = "lpo_chief", _("Head of the local police area (lokalpolisområdeschef)")
    KS_CHAIR = "ks_chair", _("Chair of the municipal executive board (kommunstyrelsens ordförande)")
    DELEGATE = "delegate", _("Delegate (with documented delegation)")
    OTHER_PARTY = "other_party", _("Representative of another party")
