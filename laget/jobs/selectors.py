"""Reads of the export jobs: only the person who asked for a job ever sees it."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from laget import access
from laget.jobs.models import ExportJob
from laget.organisations.models import Collaboration


def export_job_get(*, user: Any, collaboration: Collaboration, job_id: Any) -> ExportJob:
    """One of the person's own jobs in ``collaboration``, or 404 (for everybody else too)."""
    job = access.access_object(user, ExportJob, job_id)
    if job.collaboration_id != collaboration.pk or job.requested_by_id != user.pk:
        raise Http404
    return job


def export_job_content(*, job: ExportJob) -> bytes:
    """The finished file's bytes (left out of every other query, see ``models``)."""
    content = ExportJob.objects.filter(pk=job.pk).values_list("content", flat=True).get()
    return bytes(content or b"")
