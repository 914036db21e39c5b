"""Models of laget.regional (issue 7): what municipalities share with the county, and the
county's regional lägesbild compiled from it.

``SharedFigure`` is the compact, county-level copy of a shared municipal lägesbild: one row per
category and week with the count of reports — no areas, no free text, no people. It is written
when a municipality's coordinator shares an adopted lägesbild with the länsstyrelse and deleted
when they withdraw it, so the county level only ever holds what was shared. It belongs to a
county, not to a collaboration: only the county's regional coordinators (and superusers) read it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.regional.choices import RegionalPeriodKind, RegionalStatus

MAX_TEXT = 10_000


class SharedFigure(models.Model):
    """The count of one category in one week of one municipality's shared lägesbild."""

    county = models.ForeignKey(
        "geography.County",
        on_delete=models.CASCADE,
        related_name="shared_figures",
        verbose_name=_("county"),
    )
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.CASCADE,
        related_name="shared_figures",
        verbose_name=_("municipality"),
    )
    #: The shared lägesbild the row came from (withdrawing the share deletes its rows).
    picture = models.ForeignKey(
        "situation.SituationPicture",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shared_figures",
        verbose_name=_("situation picture"),
    )
    category_key = models.SlugField(_("category key"), max_length=50)
    category_label = models.CharField(_("category"), max_length=320)
    week_start = models.DateField(_("week"))
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering = ["municipality", "week_start", "category_key"]
        verbose_name = _("shared figure")
        verbose_name_plural = _("shared figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "category_key", "week_start"],
                name="unique_shared_figure",
            )
        ]
        indexes = [
            models.Index(fields=["county", "week_start"], name="regional_figure_county_week"),
            models.Index(fields=["week_start"], name="regional_figure_week"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.category_key} {self.week_start}: {self.count}"


class RegionalPicture(models.Model):
    """One version of a county's regional lägesbild for one period."""

    county = models.ForeignKey(
        "geography.County",
        on_delete=models.CASCADE,
        related_name="regional_pictures",
        verbose_name=_("county"),
    )
    period_kind = models.CharField(
        _("period"),
        max_length=10,
        choices=RegionalPeriodKind.choices,
        default=RegionalPeriodKind.QUARTER,
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=RegionalStatus.choices, default=RegionalStatus.DRAFT
    )
    snapshot = models.JSONField(_("compiled figures"), default=dict, blank=True)
    compiled_at = models.DateTimeField(_("compiled"), null=True, blank=True)
    assessment = models.TextField(_("the county's assessment"), blank=True, max_length=MAX_TEXT)
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
        verbose_name = _("regional situation picture")
        verbose_name_plural = _("regional situation pictures")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "period_kind", "period_start", "version"],
                name="unique_regional_picture_version",
            ),
            models.UniqueConstraint(
                fields=["county", "period_kind", "period_start"],
                condition=models.Q(status=RegionalStatus.DRAFT),
                name="unique_regional_picture_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.period_start} v{self.version}"

    @property
    def is_adopted(self) -> bool:
        return self.status == RegionalStatus.ADOPTED
