"""Exports of one stored lägesbild version (laget.situation.exports builds the files).

Each view reads the version with the page's own access rule (``views._picture``), so whoever may
open the version may export it and nobody else. The documents with maps and charts (Word, PDF
and the public PDF) take a few seconds: the page's buttons POST, which asks for a background
export job (``laget.jobs``) and leads to its progress page. A GET still answers with the file
at once (for links and scripts). The table and the points are small and made at once; the CSV
streams.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from laget.jobs.choices import ExportKind
from laget.jobs.services import export_job_create
from laget.situation import display, export_files, exports
from laget.situation.models import SituationPicture
from laget.situation.views import _picture

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _load(
    request: HttpRequest, collaboration_id: int, picture_id: int
) -> tuple[SituationPicture, dict[str, Any], display.Page, exports.DocumentHead]:
    _collaboration, picture = _picture(request, collaboration_id, picture_id)
    snapshot = export_files.picture_snapshot(user=request.user, picture=picture)
    page = display.build_page(snapshot)
    return picture, snapshot, page, export_files.picture_head(picture, page)


def _filename(picture: SituationPicture, suffix: str) -> str:
    return export_files.filename(picture, suffix)


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _document(
    request: HttpRequest, collaboration_id: int, picture_id: int, kind: str, job_kind: str
) -> HttpResponse:
    """POST: a background job, then its progress page. GET: the file at once."""
    collaboration, picture = _picture(request, collaboration_id, picture_id)
    if request.method == "POST":
        job = export_job_create(
            user=request.user,
            collaboration=collaboration,
            kind=job_kind,
            parameters={"picture_id": picture.pk},
        )
        return redirect("jobs:detail", collaboration_id=collaboration.pk, job_id=job.pk)
    file = export_files.picture_file(user=request.user, picture=picture, kind=kind)
    return _file(file.content, file.content_type, file.filename)


@login_required
@require_http_methods(["GET", "POST"])
def picture_docx(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The lägesbild as a Word document, with its maps and charts."""
    return _document(request, collaboration_id, picture_id, "docx", ExportKind.PICTURE_DOCX)


@login_required
@require_http_methods(["GET", "POST"])
def picture_pdf(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The lägesbild as a PDF, with its maps and charts."""
    return _document(request, collaboration_id, picture_id, "pdf", ExportKind.PICTURE_PDF)


@login_required
def table_csv(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The category × area table as CSV."""
    picture, _snap, page, _unused = _load(request, collaboration_id, picture_id)
    response = StreamingHttpResponse(
        exports.csv_lines(exports.table_rows(page)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(picture, ".csv")}"'
    return response


@login_required
def table_xlsx(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The category × area table as an Excel workbook."""
    picture, _snap, page, head = _load(request, collaboration_id, picture_id)
    content = exports.xlsx_bytes(exports.table_rows(page), title=head.period)
    return _file(content, XLSX, _filename(picture, ".xlsx"))


@login_required
def points_geojson(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The period's report points for partners' maps, rounded to about 100 m, no free text."""
    picture, snapshot, _page, _unused = _load(request, collaboration_id, picture_id)
    content = json.dumps(exports.points_geojson(snapshot), ensure_ascii=False)
    return _file(content.encode(), "application/geo+json", _filename(picture, ".geojson"))


@login_required
def public_version(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """Exactly what would be published (behind login until publishing exists)."""
    picture, snapshot, page, head = _load(request, collaboration_id, picture_id)
    table = exports.public_table(snapshot)
    export_files.public_head(head)
    context = {
        "collaboration": picture.collaboration,
        "picture": picture,
        "head": head,
        "page": page,
        "table": table,
        "note": exports.public_note(table),
    }
    return render(request, "situation/public.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def public_pdf(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The public version as a PDF, with the areas' map and the suppressed totals' chart."""
    return _document(request, collaboration_id, picture_id, "public_pdf", ExportKind.PUBLIC_PDF)
