"""The trygghetsvandring protocol as a PDF (TPL-18): the walk's header, then the table
NR | ANMÄRKNING | PROBLEMÄGARE | ÅTGÄRDAT, with the information class on every page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from laget.dialogues import selectors
from laget.dialogues.choices import ParticipantGroup, RemarkStatus
from laget.dialogues.models import SafetyWalk, WalkRemark


def _done(remark: WalkRemark) -> str:
    """The ÅTGÄRDAT column: the date when fixed, otherwise the status (and why not)."""
    if remark.status == RemarkStatus.FIXED and remark.fixed_on:
        return date_format(remark.fixed_on, "Y-m-d")
    text = remark.get_status_display()
    if remark.status == RemarkStatus.WONT_FIX and remark.response:
        text = f"{text}: {remark.response}"
    return text


def _table(pdf: Any, rows: list[list[str]], widths: tuple[float, ...]) -> None:
    """Like ``_Pdf.table`` but with the protocol's own column widths (ANMÄRKNING is widest)."""
    pdf.pdf.set_font("helvetica", "", 8)
    with pdf.pdf.table(first_row_as_headings=True, text_align="LEFT", col_widths=widths) as table:
        for row in rows:
            line = table.row()
            for value in row:
                line.cell(pdf.text(value))
    pdf.pdf.ln(2)


def walk_protocol_pdf(walk: SafetyWalk) -> bytes:
    from laget.situation.exports import DocumentHead, _Pdf

    now = timezone.localtime()
    planned = f"{timezone.localtime(walk.planned_on):%Y-%m-%d %H:%M}"
    walked = date_format(walk.walked_on, "Y-m-d") if walk.walked_on else _("not walked yet")
    status = _("Walked") if walk.walked_on else _("Planned")
    head = DocumentHead(
        title=_("Trygghetsvandringsprotokoll: %(title)s") % {"title": walk.title},
        collaboration=walk.collaboration.name,
        group=walk.organiser.name,
        period=walked if walk.walked_on else planned,
        period_dates=walked,
        status=str(status),
        info_class=walk.get_info_class_display(),
        generated=_("Generated %(when)s") % {"when": f"{now:%Y-%m-%d %H:%M}"},
    )
    pdf = _Pdf(head)
    facts = [
        [_("Field"), _("Value")],
        [_("Planned for"), planned],
        [_("Walked on"), walked],
        [_("Area"), walk.area.name if walk.area_id else "–"],
        [_("Organiser"), walk.organiser.name],
        [_("Route"), walk.route_description or "–"],
    ]
    pdf.table(facts)
    pdf.heading(_("Participants"))
    counts = walk.participants or {}
    rows = [[_("Group"), _("Number")]]
    rows += [[label, str(counts.get(value, 0))] for value, label in ParticipantGroup.choices]
    rows.append([_("Total"), str(walk.participants_total)])
    pdf.table(rows)
    if walk.summary:
        pdf.heading(_("Summary"))
        pdf.paragraph(walk.summary)
    pdf.heading(_("Remarks"))
    remarks = list(selectors.walk_remarks(walk=walk))
    if remarks:
        table = [["NR", "ANMÄRKNING", "PROBLEMÄGARE", "ÅTGÄRDAT"]]
        for remark in remarks:
            table.append(
                [
                    str(remark.number),
                    f"{remark.text} ({remark.lat:.5f}, {remark.lon:.5f})",
                    remark.problem_owner_name or "–",
                    _done(remark),
                ]
            )
        _table(pdf, table, (1, 6, 3, 2.5))
    else:
        pdf.paragraph(_("No remarks recorded."))
    return pdf.output()
