"""Choices of the experience bank (erfarenhetsbank)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    """Draft → published → withdrawn. Only published entries are seen outside the owner."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EffectAssessment(models.TextChoices):
    """The author's own judgement of the measure's effect on the problem."""

    IMPROVED = "improved", _("The problem decreased")
    UNCHANGED = "unchanged", _("No clear change")
    WORSENED = "worsened", _("The problem increased")
    UNCLEAR = "unclear", _("Too early or not measured")
