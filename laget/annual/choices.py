"""Choices of the annual wheel (årshjul)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MilestoneKind(models.TextChoices):
    """What a recurring milestone of the årshjul is about."""

    SITUATION_REFRESH = "lagesbild", _("Situation picture refresh")
    ACTION_PLAN = "atgardsplan", _("Action plan adoption")
    BUDGET = "budget", _("Budget")
    FOLLOW_UP = "uppfoljning", _("Follow-up report")
    STEERING_MEETING = "styrgrupp", _("Steering group meeting")
    OTHER = "annat", _("Other")


class Recurrence(models.TextChoices):
    """How often a milestone comes back, counted from its start date."""

    YEARLY = "yearly", _("Every year")
    QUARTERLY = "quarterly", _("Every quarter")
    MONTHLY = "monthly", _("Every month")
    NONE = "none", _("Once")
