"""Background export jobs: a file made by a task worker while the person watches its progress.

A job belongs to the collaboration it exports from and to the person who asked for it: only
they may see its page or download the file (``selectors.export_job_get``). The finished file is
kept in the database as bytes (no shared file storage is needed between web servers and
workers), at most ``MAX_BYTES``, and only until ``expires_at``; ``laget jobs_cleanup`` (and every
new job, in passing) deletes expired jobs with their files.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laget.jobs.choices import ExportError, ExportKind, ExportStep, JobStatus

#: The largest file a job may keep (bytes).
MAX_BYTES = 25 * 1024 * 1024
#: How long a job and its file are kept after they were asked for.
LIFETIME = datetime.timedelta(hours=24)


def _expiry() -> datetime.datetime:
    return timezone.now() + LIFETIME


class ExportJobManager(models.Manager["ExportJob"]):
    """Leaves the file's bytes out of every query; ``selectors.export_job_content`` reads them."""

    def get_queryset(self) -> models.QuerySet[ExportJob]:
        return super().get_queryset().defer("content")


class ExportJob(models.Model):
    """One export asked for by one person, made in the background (see the module)."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("collaboration"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ExportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="sv")
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(
        _("step"), max_length=20, choices=ExportStep.choices, default=ExportStep.QUEUED
    )
    content = models.BinaryField(_("file"), blank=True, default=b"", editable=False)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(
        _("size"), default=0, validators=[MaxValueValidator(MAX_BYTES)]
    )
    error = models.CharField(_("error"), max_length=20, choices=ExportError.choices, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=_expiry)

    objects = ExportJobManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [models.Index(fields=["expires_at"], name="jobs_export_expires")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
