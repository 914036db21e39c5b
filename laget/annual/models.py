"""The annual wheel (årshjul): recurring milestones, the reminders sent about them and the
personal calendar feeds that publish them to calendar apps."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.annual.choices import MilestoneKind, Recurrence

#: The longest reminder offset: a reminder more than a quarter ahead is rarely useful.
MAX_REMIND_DAYS = 90


class Milestone(models.Model):
    """A recurring milestone of a collaboration: lägesbild refresh, budget, follow-up report …

    Milestones are shared with every party of the collaboration (*samverkansparter*); they
    carry no information class of their own, so nothing *begränsad* can be stored here.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("collaboration"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    start_date = models.DateField(_("first date"))
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence.choices, default=Recurrence.YEARLY
    )
    end_date = models.DateField(
        _("last date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a milestone that keeps recurring."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible"),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("reminder (days before)"),
        default=14,
        validators=[MaxValueValidator(MAX_REMIND_DAYS)],
    )
    description = models.TextField(_("description"), blank=True, max_length=3000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ReminderSent(models.Model):
    """One reminder e-mail sent to one person about one occurrence (so it is sent only once)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("milestone")
    )
    occurrence = models.DateField(_("occurrence"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "occurrence", "recipient"], name="unique_reminder_sent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone} {self.occurrence} → {self.recipient}"


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a SHA-256 digest of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"
