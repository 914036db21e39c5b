"""The lägesbild (situation picture) of a lägesbildsgrupp, and the group's settings for it.

A *lägesbild period* is the stretch of time one lägesbild covers: a week (Monday–Sunday), two
weeks (fortnights counted from a fixed Monday, so they line up across groups) or a calendar
month, chosen per group in :class:`SituationSettings`. The period is identified by its first
day. ``laget.analysis.compile`` defines the periods and their comparisons.

A lägesbild is compiled from the period's reports into a *snapshot* (JSON) and stays a draft
while the coordinator writes the assessment and the group's priorities. When the group adopts it
(*fastställer*) that version is frozen; any later change makes version n + 1, so an adopted
version can always be read as it was decided.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.situation.choices import PeriodKind, PictureStatus

MAX_TEXT = 10_000


class SituationSettings(models.Model):
    """A lägesbildsgrupp's settings for its lägesbild (per-group policy is data, not a setting)."""

    group = models.OneToOneField(
        "organisations.Group",
        on_delete=models.CASCADE,
        related_name="situation_settings",
        verbose_name=_("group"),
    )
    period_kind = models.CharField(
        _("period"), max_length=12, choices=PeriodKind.choices, default=PeriodKind.WEEK
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("situation picture settings")
        verbose_name_plural = _("situation picture settings")

    def __str__(self) -> str:
        return f"{self.group} ({self.get_period_kind_display()})"


class SituationPicture(models.Model):
    """One version of a group's lägesbild for one period (see the module's docstring)."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="situation_pictures",
        verbose_name=_("collaboration"),
    )
    group = models.ForeignKey(
        "organisations.Group",
        on_delete=models.PROTECT,
        related_name="situation_pictures",
        verbose_name=_("group"),
    )
    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=PictureStatus.choices, default=PictureStatus.DRAFT
    )
    snapshot = models.JSONField(_("compiled figures"), default=dict, blank=True)
    compiled_at = models.DateTimeField(_("compiled"), null=True, blank=True)
    assessment = models.TextField(_("coordinator's assessment"), blank=True, max_length=MAX_TEXT)
    priorities = models.TextField(_("the group's priorities"), blank=True, max_length=MAX_TEXT)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="situation_pictures",
        verbose_name=_("owning organisation"),
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "-version"]
        verbose_name = _("situation picture")
        verbose_name_plural = _("situation pictures")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period_kind", "period_start", "version"],
                name="unique_situation_picture_version",
            ),
            # At most one draft per period: edits go into it until it is adopted.
            models.UniqueConstraint(
                fields=["group", "period_kind", "period_start"],
                condition=models.Q(status=PictureStatus.DRAFT),
                name="unique_situation_picture_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.period_start} v{self.version}"

    @property
    def is_adopted(self) -> bool:
        return self.status == PictureStatus.ADOPTED
