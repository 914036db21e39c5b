"""Official statistics: series of values per municipality, county and the whole country.

Statistics are public facts (Brå's reported crimes, SCB's population, Kolada's key figures), so
they belong to no collaboration: every signed-in user reads them, regional coordinators and
superusers import them. Every value keeps its series (and so its source), year, the import
batch it came from and when it was imported.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.stats.choices import ImportKind, ImportStatus, Level, MunicipalityGroup, Source

#: The key of SCB's population series, which rates per 100 000 divide by.
POPULATION_KEY = "scb-folkmangd"


class Series(models.Model):
    """One statistical series, e.g. Brå's reported crimes (total) or SCB's population."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    is_count = models.BooleanField(
        _("is a count"),
        default=False,
        help_text=_("Counts (e.g. reported crimes) can be shown as rates per 100 000."),
    )
    category_key = models.SlugField(
        _("lägesbild category"),
        max_length=80,
        blank=True,
        help_text=_("The lägesbild category this series matches, e.g. skadegorelse."),
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    caveat = models.TextField(_("caveat"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["source", "name"]
        verbose_name = _("statistical series")
        verbose_name_plural = _("statistical series")

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One uploaded file: parsed and previewed first, stored only when confirmed."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="stats_imports",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    #: The choices made at upload (series name, unit, column mapping …).
    options = models.JSONField(_("options"), default=dict, blank=True)
    #: The values to store: [{"series": key, "region_code", "year", "value"}, …].
    rows = models.JSONField(_("parsed rows"), default=list, blank=True)
    #: The per-row report: [{"line", "label", "outcome", "reason", …}, …].
    report = models.JSONField(_("row report"), default=list, blank=True)
    #: The series the rows belong to: {key: {"name", "unit", "source", "is_count", …}}.
    series_meta = models.JSONField(_("series"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")

    def __str__(self) -> str:
        return self.file_name


class Value(models.Model):
    """One figure of a series for one region (municipality, county or country) and year."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="values", verbose_name=_("series")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    #: SCB's code: "00" the country, "19" a county, "1982" a municipality.
    region_code = models.CharField(_("region code"), max_length=4)
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stat_values",
        verbose_name=_("municipality"),
    )
    county = models.ForeignKey(
        "geography.County",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stat_values",
        verbose_name=_("county"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("import"),
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        ordering = ["series", "region_code", "year"]
        verbose_name = _("statistical value")
        verbose_name_plural = _("statistical values")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "region_code", "year"], name="unique_stat_value"
            )
        ]
        indexes = [models.Index(fields=["series", "year"], name="stats_value_series_year")]

    def __str__(self) -> str:
        return f"{self.series_id} {self.region_code} {self.year}: {self.value}"


class MunicipalityGroupAssignment(models.Model):
    """A municipality's SKR kommungrupp according to one classification year."""

    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.CASCADE,
        related_name="group_assignments",
        verbose_name=_("municipality"),
    )
    group = models.CharField(_("kommungrupp"), max_length=2, choices=MunicipalityGroup.choices)
    classification_year = models.PositiveSmallIntegerField(_("classification year"), default=2017)
    source = models.CharField(_("source"), max_length=200, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_assignments",
        verbose_name=_("import"),
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        ordering = ["municipality", "-classification_year"]
        verbose_name = _("kommungrupp assignment")
        verbose_name_plural = _("kommungrupp assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "classification_year"], name="unique_group_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.group}"
