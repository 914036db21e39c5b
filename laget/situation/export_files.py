"""The lägesbild's export files, built for a person: Word, PDF and the public version's PDF.

The export views call these for an immediate download and the background export jobs
(``laget.jobs``) call them with a ``progress`` callback, so both make exactly the same file.
The caller has already checked that ``user`` may read the version; the snapshot (stored, or
compiled on the spot for a version without one) and the map's shapes are read here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laget import access
from laget.analysis import compile as compile_analysis
from laget.core.choices import InformationClass
from laget.geography.models import Area
from laget.situation import charts, display, exports, selectors
from laget.situation.models import SituationPicture

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

#: Progress steps of a lägesbild export (key → label shown on the job page).
STEPS = {
    "figures": gettext_lazy("Drawing the maps and charts"),
    "document": gettext_lazy("Writing the document"),
}

#: ``progress(percent, step)``: called as the file is made (``step`` is a key of ``STEPS``).
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class ExportFile:
    """A finished export: its bytes, the file name to offer and its content type."""

    content: bytes
    filename: str
    content_type: str


def _no_progress(percent: int, step: str) -> None:
    return None


def picture_snapshot(*, user: Any, picture: SituationPicture) -> dict[str, Any]:
    """The version's stored snapshot, or (a version without one) the figures as they stand."""
    if picture.snapshot:
        return picture.snapshot
    period = compile_analysis.Period(picture.period_start, picture.period_end, picture.period_kind)
    return selectors.situation_snapshot(
        user=user, collaboration=picture.collaboration, period=period
    )


def picture_head(picture: SituationPicture, page: display.Page) -> exports.DocumentHead:
    """What every page of the version's documents says about it."""
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
        collaboration=picture.collaboration.name,
        group=picture.group.name,
        period=page.period_label,
        period_dates=page.period_dates,
        status=status,
        info_class=picture.get_info_class_display(),
        generated=_("Exported from Läget %(when)s")
        % {"when": formats.date_format(timezone.localtime(), "j M Y H:i")},
    )


def public_head(head: exports.DocumentHead) -> None:
    """The public version is published as *offentlig*, whatever the version's own class."""
    head.title = _("Public version: %(title)s") % {"title": head.title}
    head.info_class = str(InformationClass.PUBLIC.label)


def map_shapes(*, user: Any, picture: SituationPicture) -> charts.MapShapes:
    """The municipality's boundary and the collaboration's areas the person may see."""
    collaboration = picture.collaboration
    areas = access.restrict(user, Area.objects.filter(collaboration=collaboration, is_active=True))
    municipality = collaboration.municipality
    return charts.MapShapes(
        municipality=municipality.name,
        municipality_boundary=municipality.boundary,
        areas=[(a.name, a.boundary) for a in areas.order_by("name")],
    )


def filename(picture: SituationPicture, suffix: str) -> str:
    return (
        f"lagesbild-{slugify(picture.group.name)}-{picture.period_start}-v{picture.version}{suffix}"
    )


def picture_file(
    *, user: Any, picture: SituationPicture, kind: str, progress: Progress = _no_progress
) -> ExportFile:
    """The version as ``kind`` ("pdf", "docx" or "public_pdf"), with its maps and charts."""
    snapshot = picture_snapshot(user=user, picture=picture)
    page = display.build_page(snapshot)
    head = picture_head(picture, page)
    shapes = map_shapes(user=user, picture=picture)
    progress(20, "figures")
    if kind == "public_pdf":
        public_head(head)
        table = exports.public_table(snapshot)
        figures = charts.public_figures(table.rows, table.threshold, shapes)
        progress(60, "document")
        content = exports.public_pdf(head, table, figures)
        return ExportFile(content, filename(picture, "-offentlig.pdf"), PDF)
    figures = charts.picture_figures(snapshot, page, shapes)
    progress(60, "document")
    document = exports.picture_docx if kind == "docx" else exports.picture_pdf
    content = document(
        head,
        page,
        assessment=picture.assessment,
        priorities=picture.priorities,
        hotspots=exports.hotspot_rows(snapshot),
        figures=figures,
        tips=snapshot.get("tips"),
    )
    if kind == "docx":
        return ExportFile(content, filename(picture, ".docx"), DOCX)
    return ExportFile(content, filename(picture, ".pdf"), PDF)
