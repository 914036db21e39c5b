"""Writes of the export jobs: ask for one, run it in a worker, clean up expired ones.

``export_job_create`` stores the job and enqueues ``tasks.export_job_run_task`` once the
transaction commits; the worker calls ``export_job_run``, which never raises: whatever goes
wrong is stored on the job as a ``choices.ExportError`` the job page shows in the person's
language. Progress is saved as the builder reports it, each step in its own short transaction,
so the job page sees it while the file is being made.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation

from laget.audit import recorder
from laget.core.errors import field_error
from laget.jobs.choices import ExportError, ExportKind, ExportStep, JobStatus
from laget.jobs.files import ExportFile
from laget.jobs.models import MAX_BYTES, ExportJob
from laget.organisations.models import Collaboration

logger = logging.getLogger(__name__)


def export_job_cleanup(*, now: Any = None) -> int:
    """Delete every expired job (and its file); returns how many were deleted."""
    expired = ExportJob.objects.filter(expires_at__lte=now or timezone.now())
    count = 0
    for job in expired:
        job.content = b""  # the audit entry need not read the file it is deleting
        job.delete()
        count += 1
    return count


def export_job_create(
    *, user: Any, collaboration: Collaboration, kind: str, parameters: dict[str, Any]
) -> ExportJob:
    """Ask for an export of ``kind``; a worker makes the file (see the module).

    The caller has checked that ``user`` may export from ``collaboration``; the builder checks
    it again when it runs. The job is made in the language the person uses now.
    """
    if kind not in ExportKind.values:
        raise field_error("kind", ExportError.UNKNOWN_KIND.label, "unknown_kind")
    export_job_cleanup()
    job = ExportJob(
        collaboration=collaboration,
        requested_by=user,
        kind=kind,
        parameters=parameters,
        language=translation.get_language() or "sv",
    )
    with transaction.atomic():
        job.full_clean()
        job.save()
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from laget.jobs.tasks import export_job_run_task

    export_job_run_task.enqueue(job_id=job_id)


def _save_progress(job: ExportJob, percent: int, step: str) -> None:
    job.progress = max(job.progress, min(100, max(0, int(percent))))
    job.step = step
    job.save(update_fields=["progress", "step"])


def _claim(job_id: int) -> ExportJob | None:
    """Mark a queued job as running (only once, even with two workers)."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update()
            .select_related("requested_by", "collaboration")
            .filter(pk=job_id, status=JobStatus.QUEUED)
            .first()
        )
        if job is None:
            return None
        job.content = b""  # a queued job has no file; saves need not read the deferred field
        job.status = JobStatus.RUNNING
        job.step = ExportStep.LOADING
        job.progress = 5
        job.started_at = timezone.now()
        job.save(update_fields=["status", "step", "progress", "started_at"])
    return job


def _finish(job: ExportJob, file: ExportFile) -> None:
    if len(file.content) > MAX_BYTES:
        _fail(job, ExportError.TOO_LARGE)
        return
    _save_progress(job, 95, ExportStep.SAVING)
    job.content = file.content
    job.size = len(file.content)
    job.filename = file.filename[:200]
    job.content_type = file.content_type
    job.status = JobStatus.DONE
    job.step = ExportStep.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.full_clean()
        job.save(
            update_fields=[
                "content",
                "size",
                "filename",
                "content_type",
                "status",
                "step",
                "progress",
                "finished_at",
            ]
        )


def _fail(job: ExportJob, error: str) -> None:
    job.status = JobStatus.FAILED
    job.step = ExportStep.FAILED
    job.error = error
    job.content = b""
    job.size = 0
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "step", "error", "content", "size", "finished_at"])


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Make the file of a queued job, saving progress as it goes; a failure is stored, not raised.

    Returns the job (``None`` when it is gone or was already picked up by another worker).
    """
    from laget.jobs.exporters import BUILDERS

    job = _claim(job_id)
    if job is None:
        return None
    builder = BUILDERS.get(job.kind)
    with recorder.acting_as(job.requested_by), translation.override(job.language):
        try:
            if builder is None:
                _fail(job, ExportError.UNKNOWN_KIND)
                return job
            file = builder(job, lambda percent, step: _save_progress(job, percent, step))
            _finish(job, file)
        except Http404:
            _fail(job, ExportError.NO_ACCESS)
        except Exception:  # any other failure is shown as a translated error, never a 500
            logger.exception("Export job %s (%s) failed", job.pk, job.kind)
            _fail(job, ExportError.FAILED)
    return job
