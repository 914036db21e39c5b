"""The export job's page (progress, then the download link) and the download itself.

The page works without JavaScript (a refresh link); with htmx it polls its own status fragment
every second until the job has finished (``request.htmx`` picks the fragment).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from laget import access
from laget.jobs import selectors
from laget.jobs.choices import ExportError, JobStatus
from laget.jobs.models import ExportJob
from laget.organisations.models import Collaboration


def _job(request: HttpRequest, collaboration_id: int, job_id: int) -> ExportJob:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    return selectors.export_job_get(user=request.user, collaboration=collaboration, job_id=job_id)


@login_required
def job_detail(request: HttpRequest, collaboration_id: int, job_id: int) -> HttpResponse:
    """How far the export has come; the download link once it is done."""
    job = _job(request, collaboration_id, job_id)
    context = {
        "collaboration": job.collaboration,
        "job": job,
        "error": ExportError(job.error).label if job.error in ExportError.values else "",
    }
    if getattr(request, "htmx", False):
        return render(request, "jobs/_status.html", context)
    return render(request, "jobs/detail.html", context)


@login_required
def job_download(request: HttpRequest, collaboration_id: int, job_id: int) -> HttpResponse:
    """The finished file (404 before it is done, after it failed and after it expired)."""
    job = _job(request, collaboration_id, job_id)
    if job.status != JobStatus.DONE or job.is_expired:
        raise Http404
    response = HttpResponse(selectors.export_job_content(job=job), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
