"""The background task that makes an export job's file (``services.export_job_run``)."""

from __future__ import annotations

from django_tasks import task

from laget.jobs import services


@task()
def export_job_run_task(job_id: int) -> None:
    services.export_job_run(job_id=job_id)
