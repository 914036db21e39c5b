"""Report templates (mallar), categories, lägesrapporter and the weekly checklist.

A *reporting period* is an ISO week (Monday–Sunday), identified by its Monday. The weekly
checklist records an answer per area, category and unit for the period, so that *zero*
("inget att rapportera") is distinguished from *missing* (no answer at all).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.reporting.choices import (
    Assessment,
    ImportStatus,
    PersonalDataAction,
    ReportSource,
    TemplatePreset,
    Trend,
)

MAX_TEXT = 2000
MAX_COUNT = 10_000


class ReportTemplate(models.Model):
    """A collaboration's mall: the categories reporters answer and the assessment scale.

    ``version`` increases with every change of categories; reports remember the version they
    were made with, and categories are retired rather than deleted, so history never breaks.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="report_templates",
        verbose_name=_("collaboration"),
    )
    name = models.CharField(_("name"), max_length=150)
    preset = models.CharField(_("based on"), max_length=20, choices=TemplatePreset.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "name"], name="unique_template_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Category(models.Model):
    """A kategori (or sub-category) of a template. ``key`` never changes; the name may."""

    template = models.ForeignKey(
        ReportTemplate,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("template"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("main category"),
    )
    key = models.SlugField(_("key"), max_length=50)
    name = models.CharField(_("name"), max_length=150)
    help_text = models.TextField(_("help text"), blank=True, max_length=1000)
    involves_children = models.BooleanField(
        _("may involve children"),
        default=False,
        help_text=_("The form reminds that a situation report never replaces a report of concern."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    introduced_in = models.PositiveIntegerField(_("introduced in version"), default=1)
    retired_in = models.PositiveIntegerField(_("retired in version"), null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="unique_category_key")
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id else self.name


class Report(models.Model):
    """A lägesrapport: what a reporter saw, where, when, how often, and how serious it is."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("collaboration"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("category")
    )
    category_label = models.CharField(_("category when reported"), max_length=320)
    template_version = models.PositiveIntegerField(_("template version"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("reporter"),
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("unit"),
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
    )
    period_start = models.DateField(_("week"), db_index=True)
    occurred_at = models.DateTimeField(_("when"), null=True, blank=True)
    area = models.ForeignKey(
        "geography.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("area"),
    )
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    count = models.PositiveIntegerField(
        _("number of occurrences"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COUNT)],
    )
    assessment = models.CharField(
        _("assessment"), max_length=10, choices=Assessment.choices, blank=True
    )
    trend = models.CharField(_("trend"), max_length=10, choices=Trend.choices, blank=True)
    text = models.TextField(_("description"), blank=True, max_length=MAX_TEXT)
    personal_data_reason = models.TextField(
        _("reason for keeping personal data"), blank=True, max_length=500
    )
    source = models.CharField(_("source"), max_length=10, choices=ReportSource.choices)
    # NULL, not "", when absent: the unique constraint must ignore reports without a key.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("same event as"),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"], name="unique_report_idempotency_key"
            ),
        ]
        indexes = [models.Index(fields=["collaboration", "period_start", "category"])]

    def __str__(self) -> str:
        return f"{self.category_label} ({self.period_start:%G-W%V})"


class PersonalDataFinding(models.Model):
    """Personal data the guard found in a report's text. The value itself is never stored."""

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="personal_data_findings",
        verbose_name=_("report"),
    )
    kind = models.CharField(_("kind"), max_length=30)
    digest = models.CharField(_("fingerprint"), max_length=16)
    action = models.CharField(_("handling"), max_length=10, choices=PersonalDataAction.choices)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data finding")
        verbose_name_plural = _("personal data findings")

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_action_display()})"


class ChecklistAnswer(models.Model):
    """One answer of the weekly checklist: a report, or "inget att rapportera" (zero).

    No answer for an area, category, unit and week means *missing* — not zero.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="checklist_answers",
        verbose_name=_("collaboration"),
    )
    area = models.ForeignKey(
        "geography.Area",
        on_delete=models.PROTECT,
        related_name="checklist_answers",
        verbose_name=_("area"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="checklist_answers",
        verbose_name=_("category"),
    )
    period_start = models.DateField(_("week"))
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reporter"),
    )
    report = models.OneToOneField(
        Report,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checklist_answer",
        verbose_name=_("report"),
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            # Two partial constraints, because SQLite treats NULL units as distinct.
            models.UniqueConstraint(
                fields=["area", "category", "period_start", "owner_organisation", "unit"],
                condition=models.Q(unit__isnull=False),
                name="unique_checklist_answer_unit",
            ),
            models.UniqueConstraint(
                fields=["area", "category", "period_start", "owner_organisation"],
                condition=models.Q(unit__isnull=True),
                name="unique_checklist_answer_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} / {self.category} / {self.period_start}"

    @property
    def nothing_to_report(self) -> bool:
        return self.report_id is None


class ImportBatch(models.Model):
    """One uploaded file of reports (CSV or XLSX), from upload to the confirmed import.

    The parsed cells are kept here between the steps (column mapping, preview, confirm) so
    that nothing becomes a report before the person confirms. A batch is confirmed at most
    once; afterwards its cells are cleared and only the counts and the skipped rows' errors
    remain. Only the person who uploaded it sees it (``selectors.import_batch_list``).
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="import_batches",
        verbose_name=_("collaboration"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    #: The file's header row, one name per column.
    headers = models.JSONField(_("columns"), default=list)
    #: ``[[row number in the file, [cell, …]], …]``, cells as text; emptied once finished.
    rows = models.JSONField(_("rows"), default=list, blank=True)
    #: Report field → column index (``{"category": 0, "text": 3}``).
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    #: The preview: each row's values and errors as last checked (``imports.import_batch_check``).
    checked = models.JSONField(_("checked rows"), default=list, blank=True)
    #: Why the last confirmation in the background was refused (shown on the preview).
    error = models.TextField(_("error"), blank=True)
    #: After confirming: ``[{"row": n, "errors": [{"field": …, "message": …}]}, …]``.
    skipped = models.JSONField(_("skipped rows"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("reports created"), default=0)
    existing_count = models.PositiveIntegerField(_("already imported"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows skipped"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report import")
        verbose_name_plural = _("report imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
