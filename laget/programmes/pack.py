"""The steering-group pack (styrgruppsunderlag) of a programme, as a PDF made with fpdf2.

Per development area: the latest activity plan, the activity status table, the expected
results with their assessment and goal-quality remarks, and the flags; first, what changed
since the last pack that was issued. The content is also kept as a JSON snapshot when the pack
is issued, so the next pack can show the changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from laget.programmes import selectors
from laget.programmes.models import (
    Activity,
    DevelopmentArea,
    Programme,
    SteeringGroupDecision,
    SteeringGroupPack,
)


@dataclass
class PackData:
    programme: Programme
    areas: list[DevelopmentArea]
    flags: list[selectors.Flag]
    today: datetime.date
    snapshot: dict[str, Any]
    previous: SteeringGroupPack | None
    changes: list[str]
    decisions: list[SteeringGroupDecision]


def _origin(activity: Activity, by_id: dict[int, Activity]) -> int:
    """The first version of an activity that was copied from plan version to plan version."""
    seen = activity
    while seen.copied_from_id and seen.copied_from_id in by_id:
        seen = by_id[seen.copied_from_id]
    return seen.pk


def build_snapshot(
    programme: Programme, areas: list[DevelopmentArea], flags: list[selectors.Flag]
) -> dict[str, Any]:
    """What the pack says, in a form the next pack can compare with."""
    by_id = {a.pk: a for area in areas for plan in area.plans.all() for a in plan.activities.all()}
    data: dict[str, Any] = {"programme": programme.name, "areas": {}, "flags": []}
    for area in areas:
        plan = selectors.latest_plan(area)
        data["areas"][str(area.pk)] = {
            "name": str(area),
            "plan": {"version": plan.version, "status": plan.status} if plan else None,
            "activities": {
                str(_origin(a, by_id)): {"title": a.title, "status": a.status}
                for a in (plan.activities.all() if plan else [])
            },
            "results": {
                str(r.pk): {"text": r.text[:80], "assessment": r.assessment}
                for r in area.results.all()
            },
        }
    data["flags"] = sorted({f.message for f in flags})
    data["decisions"] = {
        str(d.pk): f"{d.meeting_date.isoformat()}: {d.text[:80]}" for d in programme.decisions.all()
    }
    return data


def changes_between(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Plain-language changes from the last issued pack to this one."""
    if not old:
        return [_("This is the first steering-group pack of the programme.")]
    changes: list[str] = []
    old_areas = old.get("areas", {})
    for key, area in new["areas"].items():
        before = old_areas.get(key)
        if before is None:
            changes.append(_("New development area: %(area)s") % {"area": area["name"]})
            continue
        plan, old_plan = area.get("plan"), before.get("plan")
        if plan and (not old_plan or plan["version"] != old_plan["version"]):
            changes.append(
                _("%(area)s: new activity plan version %(version)s")
                % {"area": area["name"], "version": plan["version"]}
            )
        for akey, activity in area["activities"].items():
            was = before.get("activities", {}).get(akey)
            if was is None:
                changes.append(
                    _("%(area)s: new activity “%(activity)s”")
                    % {"area": area["name"], "activity": activity["title"]}
                )
            elif was["status"] != activity["status"]:
                changes.append(
                    _("%(area)s: “%(activity)s” changed from %(old)s to %(new)s")
                    % {
                        "area": area["name"],
                        "activity": activity["title"],
                        "old": _status_label(was["status"]),
                        "new": _status_label(activity["status"]),
                    }
                )
        for rkey, result in area["results"].items():
            was = before.get("results", {}).get(rkey)
            if was is None:
                changes.append(
                    _("%(area)s: new expected result “%(goal)s”")
                    % {"area": area["name"], "goal": result["text"]}
                )
            elif was["assessment"] != result["assessment"]:
                changes.append(
                    _("%(area)s: the assessment of “%(goal)s” changed to %(assessment)s")
                    % {
                        "area": area["name"],
                        "goal": result["text"],
                        "assessment": _assessment_label(result["assessment"]),
                    }
                )
    old_decisions = old.get("decisions", {})
    changes += [
        _("New steering-group decision: %(decision)s") % {"decision": text}
        for key, text in new.get("decisions", {}).items()
        if key not in old_decisions
    ]
    old_flags = set(old.get("flags", []))
    new_flags = set(new.get("flags", []))
    changes += [_("New flag: %(flag)s") % {"flag": f} for f in sorted(new_flags - old_flags)]
    changes += [_("Resolved: %(flag)s") % {"flag": f} for f in sorted(old_flags - new_flags)]
    return changes or [_("No changes since the last steering-group pack.")]


def _status_label(value: str) -> str:
    from laget.programmes.choices import ActivityStatus

    return str(dict(ActivityStatus.choices).get(value, value)).lower()


def _assessment_label(value: str) -> str:
    from laget.programmes.choices import Assessment

    return str(dict(Assessment.choices).get(value, value)).lower()


def pack_data(programme: Programme, today: datetime.date | None = None) -> PackData:
    today = today or timezone.localdate()
    areas = selectors.programme_areas(programme)
    flags = selectors.programme_flags(programme, areas, today)
    snapshot = build_snapshot(programme, areas, flags)
    previous = programme.packs.order_by("-issued_at", "-pk").first()
    changes = changes_between(previous.snapshot if previous else None, snapshot)
    decisions = list(selectors.programme_decisions(programme))
    return PackData(programme, areas, flags, today, snapshot, previous, changes, decisions)


def _text(value: Any) -> str:
    """``value`` as text fpdf2's built-in fonts can show (Windows-1252)."""
    text = str(value).replace("\u2212", "-").replace("\u2009", " ")
    return text.encode("cp1252", errors="replace").decode("cp1252")


def pack_pdf(data: PackData) -> bytes:
    """The pack as an A4 PDF."""
    from fpdf import FPDF

    programme = data.programme
    header = _("Steering-group pack – %(programme)s") % {"programme": programme.name}
    generated = _("Generated %(date)s") % {"date": data.today.isoformat()}

    class Document(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", "", 8)
            self.cell(0, 5, _text(header), new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("helvetica", "", 8)
            self.cell(0, 5, _text(f"{generated} · {self.page_no()}"), align="C")

    pdf = Document(orientation="P", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_title(_text(_("Steering-group pack")))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def heading(text: str, size: int = 12) -> None:
        pdf.ln(2)
        pdf.set_font("helvetica", "B", size)
        pdf.multi_cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")

    def paragraph(text: str, style: str = "") -> None:
        pdf.set_font("helvetica", style, 9)
        pdf.multi_cell(0, 5, _text(text), new_x="LMARGIN", new_y="NEXT")

    def table(rows: list[list[Any]], widths: tuple[float, ...]) -> None:
        pdf.set_font("helvetica", "", 8)
        with pdf.table(first_row_as_headings=True, text_align="LEFT", col_widths=widths) as t:
            for row in rows:
                line = t.row()
                for value in row:
                    line.cell(_text(value))
        pdf.ln(2)

    heading(_("Steering-group pack"), 16)
    paragraph(
        f"{programme.name} ({programme.county}) · {programme.period_start.isoformat()} – "
        f"{programme.period_end.isoformat()}"
    )
    if data.previous is not None:
        paragraph(
            _("Changes since the pack of %(date)s")
            % {"date": timezone.localtime(data.previous.issued_at).date().isoformat()}
        )
    heading(_("Changes since the last pack"))
    for change in data.changes:
        paragraph(f"- {change}")
    heading(_("Flags"))
    programme_wide = [f for f in data.flags if f.area is None]
    if not data.flags:
        paragraph(_("No flags."))
    for flag in programme_wide:
        paragraph(f"- {flag.message}")
    heading(_("Steering-group decision log"))
    if not data.decisions:
        paragraph(_("No decision recorded."))
    for decision in data.decisions:
        about = decision.activity.title if decision.activity else ""
        about = about or (str(decision.area) if decision.area else "")
        paragraph(
            f"{decision.meeting_date.isoformat()} · {decision.get_kind_display()}"
            + (f" · {about}" if about else ""),
            "B",
        )
        paragraph(decision.text)
    for area in data.areas:
        pdf.add_page()
        heading(str(area), 14)
        convener = area.convener.organisation_name if area.convener else _("no convener")
        paragraph(_("Convener: %(convener)s") % {"convener": convener})
        plan = selectors.latest_plan(area)
        heading(_("Activity plan"))
        if plan is None:
            paragraph(_("No activity plan."))
        else:
            paragraph(
                _("Version %(version)s, %(start)s – %(end)s: %(status)s")
                % {
                    "version": plan.version,
                    "start": plan.period_start.isoformat(),
                    "end": plan.period_end.isoformat(),
                    "status": plan.get_status_display(),
                }
            )
            rows: list[list[Any]] = [
                [
                    _("Activity"),
                    _("Type"),
                    _("Planned"),
                    _("Held or new date"),
                    _("Status"),
                    _("Deviation"),
                ]
            ]
            for activity in plan.activities.all():
                when = activity.actual_date or activity.new_date
                deviation = (
                    f"{activity.get_deviation_kind_display()}: {activity.deviation_text}"
                    if activity.deviation_kind
                    else ""
                )
                rows.append(
                    [
                        activity.title,
                        activity.get_kind_display(),
                        activity.planned_date.isoformat(),
                        when.isoformat() if when else "",
                        activity.get_status_display(),
                        deviation,
                    ]
                )
            if len(rows) > 1:
                table(rows, (3, 1.5, 1.3, 1.3, 1.3, 3))
        earlier = selectors.earlier_deviations(area)
        if earlier:
            heading(_("Deviations in earlier versions"))
            rows = [[_("Version"), _("Activity"), _("Planned"), _("Status"), _("Deviation")]]
            for activity in earlier:
                rows.append(
                    [
                        str(activity.plan.version),
                        activity.title,
                        activity.planned_date.isoformat(),
                        activity.get_status_display(),
                        f"{activity.get_deviation_kind_display() or '–'}: "
                        f"{activity.deviation_text or '–'}",
                    ]
                )
            table(rows, (0.8, 3, 1.3, 1.3, 3.5))
        heading(_("Expected results"))
        results = list(area.results.all())
        if not results:
            paragraph(_("No expected results."))
        for result in results:
            quality = selectors.goal_quality(result)
            paragraph(f"{result.get_goal_type_display()}: {result.text}", "B")
            paragraph(
                _("Assessment: %(assessment)s") % {"assessment": result.get_assessment_display()}
                + (f" – {result.justification}" if result.justification else "")
            )
            paragraph(_("SMART: %(letters)s") % {"letters": quality.letters or "–"})
            for remark in quality.remarks:
                paragraph(f"  · {remark}", "I")
        area_flags = [f for f in data.flags if f.area is not None and f.area.pk == area.pk]
        heading(_("Flags"))
        if not area_flags:
            paragraph(_("No flags."))
        for flag in area_flags:
            paragraph(f"- {flag.message}")
    return bytes(pdf.output())
