from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.analysis import compile as analysis


class PeriodKind(models.TextChoices):
    """How long a lägesbild period is: a per-group setting (EST-gruppen meets every other week)."""

    WEEK = analysis.WEEK, _("Week")
    TWO_WEEKS = analysis.TWO_WEEKS, _("Two weeks")
    MONTH = analysis.MONTH, _("Month")


class PictureStatus(models.TextChoices):
    """A lägesbild is a draft until the group adopts it (*fastställer*); then it is frozen."""

    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
