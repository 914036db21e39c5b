"""Choices of the background export jobs: what is exported, how far it got, why it failed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class ExportKind(models.TextChoices):
    """What a job exports; each kind has a builder in ``laget.jobs.exporters``."""

    PICTURE_PDF = "picture_pdf", _("Situation picture (PDF)")
    PICTURE_DOCX = "picture_docx", _("Situation picture (Word)")
    PUBLIC_PDF = "public_pdf", _("Public version (PDF)")
    REPORTS_CSV = "reports_csv", _("Reports (CSV)")
    REPORTS_XLSX = "reports_xlsx", _("Reports (Excel)")


class ExportStep(models.TextChoices):
    """The short label of a job's progress, shown beside the progress bar."""

    QUEUED = "queued", _("Waiting for a free worker")
    LOADING = "loading", _("Reading the data")
    FIGURES = "figures", _("Drawing the maps and charts")
    DOCUMENT = "document", _("Writing the document")
    ROWS = "rows", _("Writing the rows")
    SAVING = "saving", _("Saving the file")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Stopped")


class ExportError(models.TextChoices):
    """Why a job failed, in words the person who asked for it can act on."""

    NO_ACCESS = "no_access", _("You may no longer read what this export was made from.")
    TOO_LARGE = (
        "too_large",
        _("The file became too large to be kept. Narrow the selection and export again."),
    )
    FAILED = (
        "failed",
        _("The export could not be made. Try again; if it fails again, tell your coordinator."),
    )
    UNKNOWN_KIND = "unknown_kind", _("This kind of export is not available.")
