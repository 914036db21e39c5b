"""Which function makes the file of each kind of export job (``choices.ExportKind``).

Each builder gets the job and a progress callback and returns an ``files.ExportFile``. It checks
again that the person who asked may still read what is exported: access may have been withdrawn
between the click and the moment a worker picks the job up. ``Http404`` from the access module
means just that (``choices.ExportError.NO_ACCESS``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404

from laget import access
from laget.jobs.choices import ExportKind
from laget.jobs.files import ExportFile, Progress
from laget.jobs.models import ExportJob

Builder = Callable[[ExportJob, Progress], ExportFile]


def _picture(job: ExportJob, progress: Progress, kind: str) -> ExportFile:
    from laget.situation.export_files import picture_file
    from laget.situation.models import SituationPicture

    picture = access.access_object(
        job.requested_by, SituationPicture, job.parameters.get("picture_id")
    )
    if picture.collaboration_id != job.collaboration_id:
        raise Http404
    return picture_file(user=job.requested_by, picture=picture, kind=kind, progress=progress)


def _reports(job: ExportJob, progress: Progress, kind: str) -> ExportFile:
    from laget.organisations.models import Collaboration
    from laget.reporting.exports import report_export_file

    collaboration = access.access_object(
        job.requested_by, Collaboration, job.collaboration_id, access.MANAGE
    )
    return report_export_file(
        user=job.requested_by,
        collaboration=collaboration,
        filters=dict(job.parameters.get("filters") or {}),
        descriptions=bool(job.parameters.get("descriptions")),
        kind=kind,
        progress=progress,
    )


BUILDERS: dict[str, Builder] = {
    ExportKind.PICTURE_PDF: lambda job, progress: _picture(job, progress, "pdf"),
    ExportKind.PICTURE_DOCX: lambda job, progress: _picture(job, progress, "docx"),
    ExportKind.PUBLIC_PDF: lambda job, progress: _picture(job, progress, "public_pdf"),
    ExportKind.REPORTS_CSV: lambda job, progress: _reports(job, progress, "csv"),
    ExportKind.REPORTS_XLSX: lambda job, progress: _reports(job, progress, "xlsx"),
}
