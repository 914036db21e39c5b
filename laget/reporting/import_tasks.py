"""Background work of the file import: checking and importing large files (``imports``)."""

from __future__ import annotations

from django_tasks import task

from laget.reporting import imports
from laget.reporting.choices import ImportStatus
from laget.reporting.models import ImportBatch


@task()
def import_batch_check_task(batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("uploaded_by", "collaboration").get(pk=batch_id)
    if batch.status == ImportStatus.CHECKING:
        imports.import_batch_check(batch=batch)


@task()
def import_batch_confirm_task(batch_id: int, skip_errors: bool) -> None:
    imports.import_batch_run(batch_id=batch_id, skip_errors=skip_errors)
