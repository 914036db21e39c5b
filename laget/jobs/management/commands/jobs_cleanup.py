"""``laget jobs_cleanup``: delete expired export jobs and their files (run it e.g. hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from laget.jobs.services import export_job_cleanup


class Command(BaseCommand):
    help = "Delete export jobs (and their files) whose time is up."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = export_job_cleanup()
        if options["verbosity"] > 0:
            self.stdout.write(f"Deleted {deleted} expired export job(s).")
