"""The samverkansöverenskommelse as a PDF: every section, the parties, the signatures with
names, titles and dates, the version and the information class (on every page)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from laget import access
from laget.agreements.models import Agreement


def _date(value: Any) -> str:
    return date_format(value, "Y-m-d") if value else "–"


def agreement_pdf(agreement: Agreement, *, user: Any) -> bytes:
    """The agreement version as a PDF; linked problems and goals as ``user`` may read them."""
    from laget.situation.exports import DocumentHead, _Pdf

    now = timezone.localtime()
    period = f"{_date(agreement.period_start)} – {_date(agreement.period_end)}"
    head = DocumentHead(
        title=agreement.title,
        collaboration=agreement.collaboration.name,
        group=_("Samverkansöverenskommelse, version %(version)s") % {"version": agreement.version},
        period=period,
        period_dates=period,
        status=agreement.get_status_display(),
        info_class=agreement.get_info_class_display(),
        generated=_("Generated %(when)s") % {"when": f"{now:%Y-%m-%d %H:%M}"},
    )
    pdf = _Pdf(head)
    pdf.paragraph(
        _("Version %(version)s · %(kind)s · %(status)s")
        % {
            "version": agreement.version,
            "kind": agreement.get_kind_display(),
            "status": agreement.get_status_display(),
        }
    )
    pdf.heading(_("Parties and period"))
    pdf.paragraph(", ".join(p.name for p in agreement.parties.order_by("name")) or "–")
    pdf.paragraph(_("Period: %(period)s") % {"period": period})
    pdf.heading(_("Joint problem picture"))
    pdf.paragraph(agreement.problem_picture or "–")
    pdf.heading(_("Focus areas"))
    problems = access.restrict(user, agreement.focus_problems.all())
    pdf.paragraph("\n".join(f"• {p.title}" for p in problems) or "–")
    pdf.heading(_("Probable underlying causes"))
    pdf.paragraph(agreement.causes_summary or "–")
    pdf.heading(_("Goals"))
    goals = access.restrict(user, agreement.goals.all())
    pdf.paragraph("\n".join(f"• {g.text}" for g in goals) or "–")
    pdf.heading(_("Organisation and division of responsibilities"))
    pdf.paragraph(agreement.organisation_text or "–")
    pdf.heading(_("Follow-up and documentation"))
    pdf.paragraph(agreement.follow_up_text or "–")
    pdf.heading(_("Communication"))
    pdf.paragraph(agreement.communication_text or "–")
    pdf.heading(_("If a party falls short"))
    pdf.paragraph(agreement.breach_procedure or "–")
    pdf.heading(_("Signatures"))
    signatures = agreement.signatures.select_related("organisation", "signed_by", "authority")
    rows = [[_("Party"), _("Signed by"), _("Title"), _("Date")]]
    for s in signatures:
        title = s.authority.get_title_display()
        if s.authority.delegation_reference:
            title = f"{title} ({s.authority.delegation_reference})"
        rows.append(
            [
                s.organisation.name,
                s.signed_by.get_full_name() or s.signed_by.username,
                title,
                f"{timezone.localtime(s.signed_at):%Y-%m-%d}",
            ]
        )
    if len(rows) > 1:
        pdf.table(rows)
    else:
        pdf.paragraph(_("Not signed yet."))
    return pdf.output()
