"""The printable A4 poster of a medborgarlöfte (fpdf2, like the lägesbild's exports).

Large type for a notice board: the title, the period, the promise in short (introduction,
activities, effects, how to follow the work), who signed it and the public page's address.
Only the public fields the public site reads are used. fpdf2's built-in fonts cover
Windows-1252 (Swedish letters and dashes); any other character is replaced.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

#: Longest text of one section on the poster; the whole text is on the public page.
SECTION_LIMIT = 700


def _text(value: Any) -> str:
    text = str(value).replace("\u2212", "-").replace("\u2009", " ")
    return text.encode("cp1252", errors="replace").decode("cp1252")


def _short(text: str, limit: int = SECTION_LIMIT) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + " …"


def promise_poster(
    *,
    municipality: str,
    promise: Any,
    progress: Any,
    signatures: list[dict[str, Any]],
    url: str,
) -> bytes:
    """The poster as PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_title(_text(promise.title))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()

    def line(text: str, size: int, style: str = "", height: float | None = None) -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, height or size * 0.5, _text(text), new_x="LMARGIN", new_y="NEXT")

    start = formats.date_format(promise.period_start, "j F Y")
    period = f"{start} – {formats.date_format(promise.period_end, 'j F Y')}"
    line(_("Medborgarlöfte – %(municipality)s") % {"municipality": municipality}, 16, "B")
    pdf.ln(2)
    line(promise.title, 28, "B", 12)
    pdf.ln(1)
    line(period, 16)
    pdf.ln(4)

    def section(heading: str, body: str) -> None:
        if not body:
            return
        line(heading, 17, "B", 9)
        line(_short(body), 13, "", 6.5)
        pdf.ln(3)

    section(_("Why we make this promise"), promise.introduction)
    if progress.activities:
        line(_("What we will do"), 17, "B", 9)
        for item in progress.activities:
            activity = item.activity
            who = activity.organisation.name if activity.organisation_id else ""
            starts = formats.date_format(activity.starts_on, "j M Y")
            when = f"{starts} – {formats.date_format(activity.ends_on, 'j M Y')}"
            line("• " + activity.title, 14, "B", 7)
            line(", ".join(x for x in (who, when) if x), 12, "", 6)
        pdf.ln(3)
    section(_("What we want to achieve"), promise.effects)
    section(_("How you can follow the work"), promise.how_to_follow)
    if signatures:
        line(_("Signed by"), 17, "B", 9)
        for s in signatures:
            signed = s["signed_at"]
            date = formats.date_format(timezone.localtime(signed), "j M Y") if signed else ""
            title = ", ".join(x for x in (s["name"], s["title"]) if x)
            line(f"{s['organisation']}: {title} ({date})", 12, "", 6)
        pdf.ln(3)
    line(_("Follow the promise and its progress:"), 14, "B", 7)
    line(url, 14, "", 7)
    return bytes(pdf.output())
