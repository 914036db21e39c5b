"""What the lägesbild page shows, built from a snapshot: labels, change texts, heat levels.

The snapshot keeps numbers and ids; the words are chosen here, in the reader's language, so an
adopted lägesbild reads in Swedish or English alike. Nothing here queries the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _

from laget.analysis import alerts as alerts_analysis
from laget.analysis import divergence, patterns
from laget.analysis.compile import MONTH, TWO_WEEKS, Period
from laget.reporting.choices import Assessment, Trend
from laget.situation.snapshot import ALL_AREAS

WINDOW_KEYS = ("7d", "28d", "ytd", "365d")


def period_label(period: Period) -> str:
    """ "Week 13, 2026", "Weeks 13–14, 2026" or "March 2026"."""
    if period.kind == MONTH:
        return formats.date_format(period.start, "F Y")
    year, week, _day = period.start.isocalendar()
    if period.kind == TWO_WEEKS:
        last = period.end.isocalendar()[1]
        return _("Weeks %(first)s–%(last)s, %(year)s") % {"first": week, "last": last, "year": year}
    return _("Week %(week)s, %(year)s") % {"week": week, "year": year}


def date_range(start: datetime.date, end: datetime.date) -> str:
    return f"{formats.date_format(start, 'j M Y')} – {formats.date_format(end, 'j M Y')}"


def window_labels() -> dict[str, str]:
    return {
        "7d": _("Last 7 days"),
        "28d": _("Last 28 days"),
        "ytd": _("Year to date"),
        "365d": _("Last 365 days"),
    }


def percent_text(change: dict[str, Any]) -> str:
    """ "+25 %", "−50 %", "new" (from nothing) or "–" (nothing then and now)."""
    if change["new"]:
        return _("new")
    if change["percent"] is None:
        return "–"
    value = change["percent"]
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{formats.number_format(abs(value), 0)} %"


def absolute_text(change: dict[str, Any]) -> str:
    value = change["absolute"]
    return f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "±0"


@dataclass
class TableCell:
    count: int
    assessment: str
    assessment_label: str
    vs_previous: str
    vs_last_year: str


@dataclass
class TableRow:
    label: str
    retired: bool
    cells: list[TableCell]
    total: TableCell
    previous: int
    last_year: int
    vs_previous: str
    vs_previous_percent: str
    vs_last_year: str
    vs_last_year_percent: str


@dataclass
class HeatCell:
    value: int | None
    level: int


@dataclass
class Page:
    """The lägesbild page's content, ready for the template."""

    period_label: str
    period_dates: str
    previous_dates: str
    last_year_dates: str
    areas: list[str]
    rows: list[TableRow]
    totals: TableRow | None
    alerts: list[dict[str, Any]]
    windows: list[dict[str, Any]]
    compstat: list[dict[str, Any]]
    weekday_hour: list[dict[str, Any]]
    weekday_hour_dates: str
    weekday_hour_total: int
    seasonal_years: list[dict[str, Any]]
    seasonal_mean: list[HeatCell]
    seasonal_peaks: list[str]
    month_names: list[str]
    missing_units: list[dict[str, Any]]
    expected_units: int
    report_count: int
    hotspot_summary: dict[str, Any]
    hours: list[str] = field(default_factory=lambda: [f"{h:02d}" for h in range(24)])


def _assessment_label(code: str) -> str:
    return str(Assessment(code).label) if code in Assessment.values else ""


def _cell(data: dict[str, Any]) -> TableCell:
    return TableCell(
        count=data["count"],
        assessment=data["assessment"],
        assessment_label=_assessment_label(data["assessment"]),
        vs_previous=absolute_text(data["vs_previous"]),
        vs_last_year=absolute_text(data["vs_last_year"]),
    )


def _row(label: str, retired: bool, cells: list[TableCell], total: dict[str, Any]) -> TableRow:
    return TableRow(
        label=label,
        retired=retired,
        cells=cells,
        total=_cell(total),
        previous=total["previous"],
        last_year=total["last_year"],
        vs_previous=absolute_text(total["vs_previous"]),
        vs_previous_percent=percent_text(total["vs_previous"]),
        vs_last_year=absolute_text(total["vs_last_year"]),
        vs_last_year_percent=percent_text(total["vs_last_year"]),
    )


def _table(snapshot: dict[str, Any]) -> tuple[list[str], list[TableRow], TableRow | None]:
    areas = snapshot["areas"]
    area_names = [a["name"] or _("Without area") for a in areas]
    cells = {(c["category"], c["area"]): c for c in snapshot["cells"]}
    totals = {t["category"]: t for t in snapshot["category_totals"]}
    rows = []
    for category in snapshot["categories"]:
        rows.append(
            _row(
                category["label"],
                not category["active"],
                [_cell(cells[(category["id"], a["id"])]) for a in areas],
                totals[category["id"]],
            )
        )
    area_totals = {t["area"]: t for t in snapshot["area_totals"]}
    total_row = (
        _row(
            _("All categories"),
            False,
            [_cell(area_totals[a["id"]]) for a in areas],
            snapshot["total"],
        )
        if rows
        else None
    )
    return area_names, rows, total_row


def _alerts(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    names = {c["id"]: c["name"] for c in snapshot["categories"]}
    areas = {a["id"]: a["name"] or _("without area") for a in snapshot["areas"]}
    template = _("%(category)s in %(area)s: %(observed)s reports against normally %(mean)s±%(sd)s")
    separator = formats.get_format("DECIMAL_SEPARATOR")
    result = []
    for alert in snapshot["alerts"]:
        area = _("all areas") if alert["area"] == ALL_AREAS else areas.get(alert["area"], "")
        result.append(
            {
                "reason": alerts_analysis.format_reason(
                    category=names.get(alert["category"], ""),
                    area=area,
                    observed=alert["observed"],
                    mean=alert["mean"],
                    sd=alert["sd"],
                    template=template,
                    decimal_separator=separator,
                ),
                "p_value": alert["p_value"],
                "method": _("EWMA chart")
                if alert["method"] == alerts_analysis.EWMA
                else _("Poisson test"),
                "baseline": ", ".join(str(v) for v in alert["baseline"]),
            }
        )
    return result


def _compstat(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {c["id"]: c["label"] for c in snapshot["categories"]}
    rows = []
    for entry in snapshot["compstat"]:
        category = entry["category"]
        values = []
        for key in WINDOW_KEYS:
            change = entry["values"][key]
            values.append(
                {
                    "current": change["current"],
                    "earlier": change["earlier"],
                    "percent": percent_text(change),
                }
            )
        rows.append(
            {
                "label": _("All categories") if category is None else labels.get(category, ""),
                "is_total": category is None,
                "values": values,
            }
        )
    # Categories with nothing in any window would only add empty lines.
    return [
        r for r in rows if r["is_total"] or any(v["current"] or v["earlier"] for v in r["values"])
    ]


def _weekday_hour(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    matrix = snapshot["weekday_hour"]["matrix"]
    levels = patterns.heat_levels(matrix)
    days = [str(WEEKDAYS[i]) for i in range(7)]
    return [
        {"day": day, "cells": [HeatCell(v, lv) for v, lv in zip(row, level_row, strict=True)]}
        for day, row, level_row in zip(days, matrix, levels, strict=True)
    ]


def _seasonal(snapshot: dict[str, Any]) -> tuple[list[dict[str, Any]], list[HeatCell], list[str]]:
    seasonal = snapshot["seasonal"]
    rows = seasonal["rows"]
    levels = patterns.heat_levels(rows) if rows else []
    years = [
        {"year": year, "cells": [HeatCell(v, lv) for v, lv in zip(row, lr, strict=True)]}
        for year, row, lr in zip(seasonal["years"], rows, levels, strict=True)
    ]
    mean_values = [None if m is None else round(m) for m in seasonal["mean"]]
    mean_levels = patterns.heat_levels([mean_values])[0]
    mean = [HeatCell(v, lv) for v, lv in zip(mean_values, mean_levels, strict=True)]
    peaks = [str(MONTHS[m]) for m in seasonal["peaks"]] if seasonal["by"] == "month" else []
    return years, mean, peaks


def build_page(snapshot: dict[str, Any]) -> Page:
    """The page's content for a snapshot (see ``snapshot.snapshot_build`` for its shape)."""

    def period(data: dict[str, str]) -> Period:
        return Period(
            datetime.date.fromisoformat(data["start"]),
            datetime.date.fromisoformat(data["end"]),
            data["kind"],
        )

    current = period(snapshot["period"])
    previous = period(snapshot["previous"])
    last_year = period(snapshot["last_year"])
    areas, rows, totals = _table(snapshot)
    windows = window_labels()
    years, mean, peaks = _seasonal(snapshot)
    weekday_hour = snapshot["weekday_hour"]
    return Page(
        period_label=period_label(current),
        period_dates=date_range(current.start, current.end),
        previous_dates=date_range(previous.start, previous.end),
        last_year_dates=date_range(last_year.start, last_year.end),
        areas=areas,
        rows=rows,
        totals=totals,
        alerts=_alerts(snapshot),
        windows=[
            {
                "label": windows[w["key"]],
                "dates": date_range(
                    datetime.date.fromisoformat(w["start"]), datetime.date.fromisoformat(w["end"])
                ),
                "earlier": date_range(
                    datetime.date.fromisoformat(w["earlier_start"]),
                    datetime.date.fromisoformat(w["earlier_end"]),
                ),
            }
            for w in snapshot["windows"]
        ],
        compstat=_compstat(snapshot),
        weekday_hour=_weekday_hour(snapshot),
        weekday_hour_dates=date_range(
            datetime.date.fromisoformat(weekday_hour["start"]),
            datetime.date.fromisoformat(weekday_hour["end"]),
        ),
        weekday_hour_total=weekday_hour["total"],
        seasonal_years=years,
        seasonal_mean=mean,
        seasonal_peaks=peaks,
        month_names=[formats.date_format(datetime.date(2000, m, 1), "M") for m in range(1, 13)],
        missing_units=snapshot["units"]["missing"],
        expected_units=snapshot["units"]["expected"],
        report_count=snapshot["report_count"],
        hotspot_summary=snapshot["hotspots"]["summary"],
    )


def map_data(snapshot: dict[str, Any], municipality: Any, areas: list[Any]) -> dict[str, Any]:
    """The map's data for json_script: boundaries, the period's points and the hot spots."""
    labels = {c["id"]: c["label"] for c in snapshot["categories"]}
    return {
        "municipality": {"name": municipality.name, "boundary": municipality.boundary},
        "areas": [
            {"id": a.pk, "name": a.name, "boundary": a.boundary} for a in areas if a.boundary
        ],
        "points": [
            {"lon": lon, "lat": lat, "label": labels.get(c, ""), "count": n}
            for lon, lat, c, _a, n in snapshot["points"]
        ],
        "hotspots": snapshot["hotspots"]["geojson"],
        "labels": {
            "points": _("Reports"),
            "hotspots": _("Hot spots"),
            "areas": _("Areas"),
            "reports": _("reports"),
        },
    }


@dataclass(frozen=True)
class PartyCell:
    count: int | None
    assessment: str  # green / yellow / red / ""
    assessment_label: str
    trend_label: str
    diverges: bool


@dataclass(frozen=True)
class PartyRow:
    label: str
    cells: list[PartyCell]
    divergence: str  # what diverges, in words ("" when the parties agree)


@dataclass(frozen=True)
class PartiesView:
    parties: list[dict[str, Any]]  # name, kind, picture, version, shared_at, assessment
    rows: list[PartyRow]
    divergence_count: int


def _divergence_text(kind: str, large: bool) -> str:
    if kind == divergence.ASSESSMENT:
        return _("Different assessments (far apart)") if large else _("Different assessments")
    if kind == divergence.TREND:
        return _("One party sees an increase, another a decrease")
    return _("Only one party sees a problem")


def parties_view(section: dict[str, Any] | None) -> PartiesView | None:
    """The joint lägesbild's part about the parties' own pictures, ready for the template."""
    if not section or not section.get("parties"):
        return None
    parties = section["parties"]
    found: dict[int, list[dict[str, Any]]] = {}
    for d in section.get("divergences", []):
        found.setdefault(d["category"], []).append(d)
    trend_labels = dict(Trend.choices)
    rows = []
    for category_id, label in section.get("categories", []):
        divergences = found.get(category_id, [])
        involved = {p for d in divergences for p in d["parties"]}
        cells = []
        for party in parties:
            figure = party["figures"].get(str(category_id), {})
            cells.append(
                PartyCell(
                    count=figure.get("count"),
                    assessment=figure.get("assessment", ""),
                    assessment_label=_assessment_label(figure.get("assessment", "")),
                    trend_label=str(trend_labels.get(figure.get("trend", ""), "")),
                    diverges=party["organisation"] in involved,
                )
            )
        text = "; ".join(_divergence_text(d["kind"], d["large"]) for d in divergences)
        rows.append(PartyRow(label, cells, text))
    rows.sort(key=lambda r: r.divergence == "")  # divergences first, otherwise in order
    shared = [
        {**p, "shared_at": datetime.datetime.fromisoformat(p["shared_at"])}
        if p.get("shared_at")
        else p
        for p in parties
    ]
    return PartiesView(shared, rows, sum(1 for r in rows if r.divergence))
