"""Exports of the regional layer: the county overview (CSV, XLSX) and the regional lägesbild
(PDF with a chart, DOCX). Every figure comes from the stored snapshot, already suppressed."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from laget.regional.models import RegionalPicture
from laget.situation.charts import Figure
from laget.situation.exports import DocumentHead

SUPPRESSED = "–"


def _value(value: Any) -> Any:
    return SUPPRESSED if value is None else value


def _percent(change: dict[str, Any]) -> str:
    if change.get("difference") is None:
        return SUPPRESSED
    if change.get("percent") is None:
        return f"{change['difference']:+d}"
    return f"{change['difference']:+d} ({change['percent']:+.1f} %)"


def head(picture: RegionalPicture) -> DocumentHead:
    now = timezone.localtime()
    period = f"{picture.period_start:%Y-%m-%d} – {picture.period_end:%Y-%m-%d}"
    return DocumentHead(
        title=_("Regional situation picture, %(county)s") % {"county": picture.county.name},
        collaboration=picture.county.name,
        group=_("Version %(version)s") % {"version": picture.version},
        period=picture.get_period_kind_display(),
        period_dates=period,
        status=picture.get_status_display(),
        info_class=_("Shared with the county"),
        generated=_("Generated %(when)s") % {"when": f"{now:%Y-%m-%d %H:%M}"},
    )


def category_rows(snapshot: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            _("Category"),
            _("Count"),
            _("Previous period"),
            _("Change"),
            _("Same period last year"),
            _("Change"),
        ]
    ]
    for c in snapshot.get("categories", []):
        rows.append(
            [
                c["label"],
                _value(c["count"]),
                _value(c["previous"]),
                _percent(c["change_previous"]),
                _value(c["last_year"]),
                _percent(c["change_last_year"]),
            ]
        )
    return rows


def municipality_rows(snapshot: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            _("Municipality"),
            _("Shared"),
            _("Weeks"),
            _("Total"),
            _("Per 100 000 inhabitants (95 per cent interval)"),
        ]
    ]
    for m in snapshot.get("municipalities", []):
        rows.append(
            [
                m["name"],
                _("Yes") if m["shared"] else _("No"),
                m["weeks"],
                _value(m["total"]) if m["has_figures"] else "",
                ""
                if m["rate"] is None
                else f"{m['rate']:.1f}"
                + (
                    f" ({m['rate_interval'][0]:.1f}–{m['rate_interval'][1]:.1f})"
                    if m.get("rate_interval")
                    else ""
                ),
            ]
        )
    return rows


def suppression_note(snapshot: dict[str, Any]) -> str:
    return _(
        "Counts from 1 to %(limit)s are not shown (–), nor a further count where a total would "
        "give a hidden one away. Rates are per 100 000 inhabitants for the period, with an "
        "exact 95 %% interval: where the intervals of two municipalities overlap, the difference "
        "may be chance. Only what "
        "municipalities have shared with the county is included; reported incidents depend on "
        "who reports and how often, so a difference between municipalities is not by itself a "
        "difference in crime."
    ) % {"limit": snapshot.get("threshold", 5) - 1}


def sharing_note(snapshot: dict[str, Any]) -> str:
    shared = ", ".join(snapshot.get("shared", [])) or "–"
    not_shared = ", ".join(snapshot.get("not_shared", [])) or "–"
    return _("Shared for the period: %(shared)s. Not shared: %(not_shared)s.") % {
        "shared": shared,
        "not_shared": not_shared,
    }


def weekly_figure(snapshot: dict[str, Any]) -> Figure | None:
    """The county's shared reports per week of the period (suppressed weeks left out)."""
    weeks = [(w["week"], w["count"]) for w in snapshot.get("weekly", []) if w["count"] is not None]
    if not weeks:
        return None
    from laget.situation.charts import _figure, _png

    figure = _figure(7.5, 3.0)
    axes = figure.subplots()
    axes.bar([w[5:] for w, _n in weeks], [n for _w, n in weeks], color="#0b4f71")
    axes.set_ylabel(_("Reports"))
    axes.tick_params(axis="x", labelrotation=60, labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    title = _("Shared reports per week")
    caption = _("Reports per week in the county, all shared categories: %(weeks)s") % {
        "weeks": ", ".join(f"{w} {n}" for w, n in weeks)
    }
    return Figure(title, caption, _png(figure))


def picture_pdf(picture: RegionalPicture) -> bytes:
    from laget.situation.exports import _Pdf

    snapshot = picture.snapshot or {}
    pdf = _Pdf(head(picture), landscape=False)
    pdf.paragraph(sharing_note(snapshot))
    pdf.heading(_("The county's assessment"))
    pdf.paragraph(picture.assessment or "–")
    pdf.heading(_("By category"))
    pdf.table(category_rows(snapshot))
    pdf.heading(_("By municipality"))
    pdf.table(municipality_rows(snapshot))
    pdf.paragraph(suppression_note(snapshot))
    figure = weekly_figure(snapshot)
    if figure is not None:
        pdf.figures([figure])
    return pdf.output()


def picture_docx(picture: RegionalPicture) -> bytes:
    from docx import Document

    from laget.situation.exports import _docx_figures, _docx_table

    snapshot = picture.snapshot or {}
    document_head = head(picture)
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = document_head.header_line
    section.footer.paragraphs[0].text = document_head.generated
    document.add_heading(document_head.title, level=0)
    document.add_paragraph(
        f"{document_head.period} {document_head.period_dates} · {document_head.status}"
    )
    document.add_paragraph(sharing_note(snapshot))
    document.add_heading(_("The county's assessment"), level=1)
    document.add_paragraph(picture.assessment or "–")
    document.add_heading(_("By category"), level=1)
    _docx_table(document, category_rows(snapshot))
    document.add_heading(_("By municipality"), level=1)
    _docx_table(document, municipality_rows(snapshot))
    document.add_paragraph(suppression_note(snapshot))
    figure = weekly_figure(snapshot)
    if figure is not None:
        _docx_figures(document, [figure])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
