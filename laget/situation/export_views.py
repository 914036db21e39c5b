"""Exports of one stored lägesbild version (laget.situation.exports builds the files).

Each view reads the version with the page's own access rule (``views._picture``), so whoever may
open the version may export it and nobody else. Files are made synchronously; the CSV streams.
Making large documents as background tasks with a progress indicator remains to be done.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from laget.analysis import compile as compile_analysis
from laget.core.choices import InformationClass
from laget.organisations.models import Collaboration
from laget.situation import display, exports, selectors
from laget.situation.models import SituationPicture
from laget.situation.views import _picture

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _snapshot(request: HttpRequest, collaboration: Collaboration, picture: SituationPicture) -> Any:
    if picture.snapshot:
        return picture.snapshot
    period = compile_analysis.Period(picture.period_start, picture.period_end, picture.period_kind)
    return selectors.situation_snapshot(
        user=request.user, collaboration=collaboration, period=period
    )


def _head(
    request: HttpRequest, collaboration: Collaboration, picture: SituationPicture, page: Any
) -> exports.DocumentHead:
    status = _("%(status)s, version %(version)s") % {
        "status": picture.get_status_display(),
        "version": picture.version,
    }
    if picture.adopted_at:
        status += " – " + _("adopted %(when)s") % {
            "when": formats.date_format(timezone.localtime(picture.adopted_at), "j M Y")
        }
    return exports.DocumentHead(
        title=_("Situation picture: %(period)s") % {"period": page.period_label},
        collaboration=collaboration.name,
        group=picture.group.name,
        period=page.period_label,
        period_dates=page.period_dates,
        status=status,
        info_class=picture.get_info_class_display(),
        generated=_("Exported from Läget %(when)s")
        % {"when": formats.date_format(timezone.localtime(), "j M Y H:i")},
    )


def _public_head(head: exports.DocumentHead) -> None:
    """The public version is published as *offentlig*, whatever the version's own class."""
    head.title = _("Public version: %(title)s") % {"title": head.title}
    head.info_class = str(InformationClass.PUBLIC.label)


def _load(
    request: HttpRequest, collaboration_id: int, picture_id: int
) -> tuple[SituationPicture, dict[str, Any], display.Page, exports.DocumentHead]:
    collaboration, picture = _picture(request, collaboration_id, picture_id)
    snapshot = _snapshot(request, collaboration, picture)
    page = display.build_page(snapshot)
    return picture, snapshot, page, _head(request, collaboration, picture, page)


def _filename(picture: SituationPicture, suffix: str) -> str:
    return (
        f"lagesbild-{slugify(picture.group.name)}-{picture.period_start}-v{picture.version}{suffix}"
    )


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def picture_docx(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The lägesbild as a Word document."""
    picture, snapshot, page, head = _load(request, collaboration_id, picture_id)
    content = exports.picture_docx(
        head,
        page,
        assessment=picture.assessment,
        priorities=picture.priorities,
        hotspots=exports.hotspot_rows(snapshot),
    )
    return _file(content, DOCX, _filename(picture, ".docx"))


@login_required
def picture_pdf(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The lägesbild as a PDF."""
    picture, snapshot, page, head = _load(request, collaboration_id, picture_id)
    content = exports.picture_pdf(
        head,
        page,
        assessment=picture.assessment,
        priorities=picture.priorities,
        hotspots=exports.hotspot_rows(snapshot),
    )
    return _file(content, "application/pdf", _filename(picture, ".pdf"))


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
    _public_head(head)
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
def public_pdf(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """The public version as a PDF."""
    picture, snapshot, _page, head = _load(request, collaboration_id, picture_id)
    _public_head(head)
    content = exports.public_pdf(head, exports.public_table(snapshot))
    return _file(content, "application/pdf", _filename(picture, "-offentlig.pdf"))
