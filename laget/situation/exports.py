"""Exports of a lägesbild: Word, PDF, the table as CSV/XLSX, GeoJSON and the public version.

Everything here is built from a stored version's snapshot through ``display.build_page``, so an
export says exactly what the page says, in the reader's language. Nothing here queries the
database. Shared documents may become *allmänna handlingar*, so every page of a document carries
the information class (``InformationClass``) in its header.

The *public version* (offentlig) is what may be published: counts per category and area only,
no free text, nothing finer than an area, and counts below ``rates.DEFAULT_THRESHOLD`` hidden
with ``rates.suppress_small`` (including the secondary suppression that keeps a hidden cell from
being worked out from its row's total).

PDFs are made with fpdf2 (pure Python). WeasyPrint would render the HTML page itself, but it
needs Debian's pango libraries, which a fresh machine lacks. fpdf2's built-in fonts cover
Windows-1252 (Swedish letters, dashes), and the rare character outside it is replaced.

The documents hold the maps and charts of ``charts`` (PNG images), each with its caption under
it and as the image's alternative text. A period without reports says so in a sentence of its
own instead of showing empty charts.
"""

from __future__ import annotations

import csv
import io
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from laget.analysis.rates import DEFAULT_THRESHOLD, suppress_small
from laget.situation.charts import Figure
from laget.situation.display import Page

#: Report points in the GeoJSON are rounded to this many decimals: 0.001° is about 111 m north–
#: south and 56 m east–west at 60° N, enough for a partner's map, too coarse to find a door.
POINT_DECIMALS = 3
#: Shown instead of a suppressed count.
SUPPRESSED = "–"


@dataclass
class DocumentHead:
    """What every export says about the lägesbild it comes from."""

    title: str
    collaboration: str
    group: str
    period: str
    period_dates: str
    status: str
    info_class: str
    generated: str

    @property
    def info_class_notice(self) -> str:
        return _("Information class: %(info_class)s") % {"info_class": self.info_class}

    @property
    def header_line(self) -> str:
        return " · ".join([self.collaboration, self.group, self.period, self.status])


@dataclass
class PublicTable:
    """The public version's table: one row per category, one column per area."""

    areas: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    threshold: int = DEFAULT_THRESHOLD


# --- the category × area table ------------------------------------------------------------------


def table_rows(page: Page) -> list[list[Any]]:
    """The category × area table with its changes, header first (for CSV and XLSX)."""
    header = [
        _("Category"),
        *page.areas,
        _("Total"),
        _("Previous period"),
        _("Change"),
        _("Same period last year"),
        _("Change"),
    ]
    rows: list[list[Any]] = [header]
    for row in [*page.rows, *([page.totals] if page.totals else [])]:
        rows.append(
            [
                row.label,
                *[cell.count for cell in row.cells],
                row.total.count,
                row.previous,
                row.vs_previous,
                row.last_year,
                row.vs_last_year,
            ]
        )
    return rows


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV lines (semicolon-separated, as Swedish Excel expects) for a StreamingHttpResponse."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # a byte-order mark, so Excel reads UTF-8
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(rows: Iterable[Iterable[Any]], *, title: str) -> bytes:
    """A one-sheet workbook with ``rows`` (the first is the header), written in streaming mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- GeoJSON for partners -----------------------------------------------------------------------


def points_geojson(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The period's report points, rounded to about 100 m, with category, area and count only."""
    labels = {c["id"]: c["label"] for c in snapshot["categories"]}
    areas = {a["id"]: a["name"] for a in snapshot["areas"]}
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(lon, POINT_DECIMALS), round(lat, POINT_DECIMALS)],
            },
            "properties": {
                "category": labels.get(category, ""),
                "area": areas.get(area) or "",
                "count": count,
            },
        }
        for lon, lat, category, area, count in snapshot["points"]
    ]
    return {"type": "FeatureCollection", "features": features}


def hotspot_rows(snapshot: dict[str, Any]) -> list[list[Any]]:
    """The significant hot-spot cells (instead of a map image): centre, count, z and p."""
    rows: list[list[Any]] = [[_("Centre (lat, lon)"), _("Reports"), "z", "p"]]
    for feature in snapshot["hotspots"]["geojson"]["features"]:
        ring = feature["geometry"]["coordinates"][0]
        lon = (ring[0][0] + ring[2][0]) / 2
        lat = (ring[0][1] + ring[2][1]) / 2
        props = feature["properties"]
        rows.append(
            [
                f"{lat:.{POINT_DECIMALS}f}, {lon:.{POINT_DECIMALS}f}",
                props["count"],
                props["z"],
                props["p"],
            ]
        )
    return rows


# --- the public version -------------------------------------------------------------------------


def public_table(snapshot: dict[str, Any], threshold: int = DEFAULT_THRESHOLD) -> PublicTable:
    """The period's counts per category and area with small counts suppressed (see module).

    Each category's row is suppressed on its own, so its total can be shown: with at least two
    cells hidden the total never gives one of them away. A total that is itself small is hidden
    too. Area totals and the grand total are not published: they would need suppression across
    rows as well.
    """
    areas = snapshot["areas"]
    counts = {(c["category"], c["area"]): c["count"] for c in snapshot["cells"]}
    table = PublicTable(areas=[a["name"] or _("Without area") for a in areas], threshold=threshold)
    for category in snapshot["categories"]:
        row = {a["id"]: counts.get((category["id"], a["id"]), 0) for a in areas}
        total = sum(row.values())
        shown = suppress_small(row, threshold)
        table.rows.append(
            {
                "label": category["label"],
                "cells": [shown[a["id"]] for a in areas],
                "total": None if 0 < total < threshold else total,
            }
        )
    return table


def public_rows(table: PublicTable) -> list[list[Any]]:
    """The public table as rows of text, suppressed cells shown as ``SUPPRESSED``."""

    def text(value: int | None) -> str:
        return SUPPRESSED if value is None else str(value)

    rows = [[_("Category"), *table.areas, _("Total")]]
    for row in table.rows:
        rows.append([row["label"], *[text(v) for v in row["cells"]], text(row["total"])])
    return rows


# --- documents ----------------------------------------------------------------------------------


def tips_rows(section: dict[str, Any] | None) -> list[list[Any]]:
    """The citizen tips' own section (``snapshot["tips"]``) as a table: type, area, number."""
    if not section or not section.get("by_service_and_area"):
        return []
    return [
        [_("Tip type"), _("Area"), _("Number")],
        *[
            [item["label"], item["area"] or _("No area"), item["count"]]
            for item in section["by_service_and_area"]
        ],
    ]


def _tips_sections(section: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """Medborgarrapporter: a separate, labelled source – never inside the reporters' counts."""
    if section is None:  # a version compiled before tips existed
        return []
    intro = _(
        "Approved tips from citizens, a separate source: they are not part of the counts, "
        "alerts or hot spots above. %(n)s approved tips this period."
    ) % {"n": section.get("total", 0)}
    rows = tips_rows(section)
    return [(_("Citizen tips"), [intro]), *([("", rows)] if rows else [])]


def _sections(
    page: Page,
    assessment: str,
    priorities: str,
    hotspots: list[list[Any]],
    tips: dict[str, Any] | None = None,
) -> list[tuple[str, Any]]:
    """The document's sections in order: (heading, paragraphs as str or a table as rows)."""
    compstat = [
        [
            _("Category"),
            *[f"{w['label']} ({w['dates']})" for w in page.windows],
        ]
    ]
    for row in page.compstat:
        compstat.append(
            [
                row["label"],
                *[f"{v['current']} / {v['earlier']} ({v['percent']})" for v in row["values"]],
            ]
        )
    missing = [
        _("%(unit)s: answered the weekly checklist for %(answered)s of %(weeks)s weeks")
        % {
            "unit": " – ".join(p for p in (unit["organisation"], unit["unit"]) if p),
            "answered": unit["answered_weeks"],
            "weeks": unit["weeks"],
        }
        for unit in page.missing_units
    ]
    summary = page.hotspot_summary
    return [
        (_("Coordinator's assessment"), [assessment or _("No assessment written yet.")]),
        (_("The group's priorities"), [priorities or _("No priorities written yet.")]),
        (
            _("Alerts"),
            [a["reason"] for a in page.alerts]
            or [_("No count is significantly above its normal level this period.")],
        ),
        (_("Reports by category and area"), table_rows(page)),
        (
            _("Development over time"),
            [_("Now / a year earlier (change) in each window ending on the period's last day.")],
        ),
        ("", compstat),
        (
            _("Hot spots"),
            [
                _("%(n)s significant hot spots (%(cell)s m squares, Getis-Ord Gi*).")
                % {"n": summary.get("significant", 0), "cell": round(summary.get("cell_m", 0))}
            ],
        ),
        *([("", hotspots)] if len(hotspots) > 1 else []),
        (
            _("Units that did not report this period"),
            missing or [_("Every unit with reporters answered the weekly checklist.")],
        ),
        *_tips_sections(tips),
    ]


def no_reports_note() -> str:
    return _("No reports were made in this period: there is nothing to count or to map.")


def _figures_heading() -> str:
    return _("Maps and charts")


def picture_docx(
    head: DocumentHead,
    page: Page,
    *,
    assessment: str,
    priorities: str,
    hotspots: list[list[Any]],
    figures: Iterable[Figure] = (),
    tips: dict[str, Any] | None = None,
) -> bytes:
    """The lägesbild as a Word document, the information class in every page's header."""
    from docx import Document

    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{head.info_class_notice} · {head.header_line}"
    section.footer.paragraphs[0].text = head.generated
    document.add_heading(head.title, level=0)
    if not page.report_count:
        document.add_paragraph(no_reports_note())
    facts = document.add_table(rows=0, cols=2)
    for label, value in _facts(head, page):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    for heading, content in _sections(page, assessment, priorities, hotspots, tips):
        if heading:
            document.add_heading(heading, level=1)
        if content and isinstance(content[0], list):
            _docx_table(document, content)
        else:
            for paragraph in content:
                document.add_paragraph(paragraph)
    _docx_figures(document, list(figures))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_figures(document: Any, figures: list[Figure]) -> None:
    """Each figure under its own heading, with its caption as alt text and as a caption."""
    from docx.shared import Cm

    if not figures:
        return
    document.add_heading(_figures_heading(), level=1)
    for figure in figures:
        document.add_heading(figure.title, level=2)
        document.add_picture(io.BytesIO(figure.png), width=Cm(16))
        picture = document.inline_shapes[-1]._inline
        picture.docPr.set("title", figure.title)
        picture.docPr.set("descr", figure.caption)
        document.add_paragraph(figure.caption, style="Caption")


def _facts(head: DocumentHead, page: Page) -> list[tuple[str, str]]:
    return [
        (_("Collaboration"), head.collaboration),
        (_("Group"), head.group),
        (_("Period"), f"{head.period} ({head.period_dates})"),
        (_("Status"), head.status),
        (_("Information class"), head.info_class),
        (_("Reports"), str(page.report_count)),
    ]


def _docx_table(document: Any, rows: list[list[Any]]) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG image, read from its header (IHDR, the first chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


class _Pdf:
    """An A4 fpdf2 document whose every page carries the information class and the lägesbild."""

    def __init__(self, head: DocumentHead, landscape: bool = False) -> None:
        from fpdf import FPDF

        outer = self

        class Document(FPDF):
            def header(self) -> None:
                self.set_font("helvetica", "B", 8)
                self.cell(0, 5, outer.text(head.info_class_notice), new_x="LMARGIN", new_y="NEXT")
                self.set_font("helvetica", "", 8)
                self.cell(0, 5, outer.text(head.header_line), new_x="LMARGIN", new_y="NEXT")
                self.ln(3)

            def footer(self) -> None:
                self.set_y(-12)
                self.set_font("helvetica", "", 8)
                self.cell(0, 5, outer.text(f"{head.generated} · {self.page_no()}"), align="C")

        self.pdf = Document(orientation="L" if landscape else "P", format="A4")
        self.pdf.core_fonts_encoding = "windows-1252"
        self.pdf.set_title(self.text(head.title))
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        self.pdf.set_font("helvetica", "B", 16)
        self.pdf.multi_cell(0, 9, self.text(head.title), new_x="LMARGIN", new_y="NEXT")

    @staticmethod
    def text(value: Any) -> str:
        """``value`` as text the built-in fonts can show (Windows-1252)."""
        text = str(value).replace("\u2212", "-").replace("\u2009", " ")
        return text.encode("cp1252", errors="replace").decode("cp1252")

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.pdf.set_font("helvetica", "B", 12)
        self.pdf.multi_cell(0, 7, self.text(text), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str) -> None:
        self.pdf.set_font("helvetica", "", 10)
        self.pdf.multi_cell(0, 5, self.text(text), new_x="LMARGIN", new_y="NEXT")

    def table(self, rows: list[list[Any]]) -> None:
        self.pdf.set_font("helvetica", "", 7 if len(rows[0]) > 8 else 8)
        widths = (3, *[1.5] * (len(rows[0]) - 1)) if len(rows[0]) > 2 else (1, 2)
        with self.pdf.table(
            first_row_as_headings=True, text_align="LEFT", col_widths=widths
        ) as table:
            for row in rows:
                line = table.row()
                for value in row:
                    line.cell(self.text(value))
        self.pdf.ln(2)

    def figure(self, figure: Figure) -> None:
        """The figure as wide as the page allows (on a new page if it does not fit)."""
        width_px, height_px = png_size(figure.png)
        ratio = height_px / width_px
        width = min(self.pdf.epw, 190)
        height = width * ratio
        if self.pdf.get_y() + height + 14 > self.pdf.page_break_trigger:
            self.pdf.add_page()
        self.heading(figure.title)
        self.pdf.image(
            io.BytesIO(figure.png),
            x=self.pdf.l_margin + (self.pdf.epw - width) / 2,
            w=width,
            h=height,
            alt_text=self.text(figure.caption),
            title=self.text(figure.title),
        )
        self.pdf.set_font("helvetica", "I", 8)
        self.pdf.multi_cell(0, 4, self.text(figure.caption), new_x="LMARGIN", new_y="NEXT")

    def figures(self, figures: list[Figure]) -> None:
        if not figures:
            return
        self.pdf.add_page()
        self.pdf.set_font("helvetica", "B", 14)
        self.pdf.multi_cell(0, 8, self.text(_figures_heading()), new_x="LMARGIN", new_y="NEXT")
        for figure in figures:
            self.figure(figure)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def picture_pdf(
    head: DocumentHead,
    page: Page,
    *,
    assessment: str,
    priorities: str,
    hotspots: list[list[Any]],
    figures: Iterable[Figure] = (),
    tips: dict[str, Any] | None = None,
) -> bytes:
    """The lägesbild as a PDF (landscape, for the wide table), the class on every page."""
    pdf = _Pdf(head, landscape=True)
    if not page.report_count:
        pdf.paragraph(no_reports_note())
    pdf.table([[_("Item"), _("Value")], *[[k, v] for k, v in _facts(head, page)]])
    for heading, content in _sections(page, assessment, priorities, hotspots, tips):
        if heading:
            pdf.heading(heading)
        if content and isinstance(content[0], list):
            pdf.table(content)
        else:
            for paragraph in content:
                pdf.paragraph(paragraph)
    pdf.figures(list(figures))
    return pdf.output()


def public_pdf(head: DocumentHead, table: PublicTable, figures: Iterable[Figure] = ()) -> bytes:
    """The public version as a PDF: the suppressed table, how it was protected, the figures.

    ``figures`` must come from ``charts.public_figures`` (areas and suppressed totals only).
    """
    pdf = _Pdf(head, landscape=True)
    if all(row["total"] == 0 and not any(c != 0 for c in row["cells"]) for row in table.rows):
        pdf.paragraph(no_reports_note())
    pdf.paragraph(public_note(table))
    pdf.table(public_rows(table))
    pdf.figures(list(figures))
    return pdf.output()


def public_note(table: PublicTable) -> str:
    return _(
        "Public version. Number of occurrences reported per category and area. Counts from 1 "
        "to %(below)s are not shown (–), nor the next smallest count when only one would be "
        "hidden. No descriptions or places finer than an area are included."
    ) % {"below": table.threshold - 1}
