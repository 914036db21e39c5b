"""The maps and charts of the lägesbild's PDF and Word exports, drawn with matplotlib as PNG.

Everything is drawn in memory on matplotlib's Agg canvas (no GUI, no pyplot state shared between
threads) from the snapshot and the page the lägesbild shows, so a document holds the same
figures as the screen. The numbers come from ``laget.analysis`` through the snapshot; this module
only draws them. Nothing here queries the database or the network: the map is vector shapes on a
plain background (no web tiles), with a scale bar, a north arrow and a legend.

Charts must stay readable when printed in black and white, so series differ by hatching, line
style and markers as well as by colour, and bars carry their values as labels. Every figure
comes with a caption that doubles as the image's alternative text in the documents.

The public version's figures (``public_figures``) are drawn from the public table only: areas
without any count on the map, and category totals with small counts left out. They never show
a report point or a hot-spot cell.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from laget.situation.display import Page

#: Figures are drawn at this resolution; 150 dpi prints sharply at the documents' widths.
DPI = 150
#: Greys and hatches that stay apart in black-and-white print.
INK = "#1a1a1a"
MID = "#6b6b6b"
LIGHT = "#d9d9d9"
HOT = "#c0392b"
#: km per degree of latitude, and of longitude at the equator (spherical Earth, enough for a map).
KM_PER_DEG_LAT = 111.195
KM_PER_DEG_LON = 111.320
#: Lengths a scale bar may have, in km.
SCALE_STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100)


@dataclass(frozen=True)
class Figure:
    """One drawn figure: the PNG, its title and a caption that is also its alternative text."""

    title: str
    caption: str
    png: bytes


@dataclass
class MapShapes:
    """The shapes under the map: the municipality's boundary and the collaboration's areas.

    Boundaries are GeoJSON geometries (Polygon or MultiPolygon, lon/lat) as stored on
    ``geography.Municipality`` and ``geography.Area``; an area without one is left off the map.
    """

    municipality: str = ""
    municipality_boundary: dict[str, Any] | None = None
    areas: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)


# --- drawing helpers --------------------------------------------------------------------------


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    figure = MplFigure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)  # the Agg canvas: PNG in memory, no GUI
    figure.patch.set_facecolor("white")
    return figure


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _rings(geometry: dict[str, Any] | None) -> list[list[list[tuple[float, float]]]]:
    """A Polygon's or MultiPolygon's polygons, each as its rings of (lon, lat)."""
    if not geometry:
        return []
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry") or {}
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in polygons]


class _Projection:
    """Lon/lat to kilometres east and north of a reference point (equirectangular)."""

    def __init__(self, lon0: float, lat0: float) -> None:
        self.lon0, self.lat0 = lon0, lat0
        self.kx = KM_PER_DEG_LON * max(math.cos(math.radians(lat0)), 0.01)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx, (lat - self.lat0) * KM_PER_DEG_LAT


def _scale_length(width_km: float) -> float:
    """A round scale-bar length of about a fifth of the map's width."""
    target = width_km / 5
    return max((s for s in SCALE_STEPS if s <= target), default=SCALE_STEPS[0])


def _scale_text(km: float) -> str:
    if km < 1:
        return _("%(m)s m") % {"m": round(km * 1000)}
    return _("%(km)s km") % {"km": f"{km:g}"}


def _draw_polygon(
    ax: Any, rings: list[list[tuple[float, float]]], project: _Projection, **style: Any
) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for ring in rings:
        if len(ring) < 3:
            continue
        points = [project(lon, lat) for lon, lat in ring]
        vertices += [*points, points[0]]
        codes += [Path.MOVETO, *[Path.LINETO] * (len(points) - 1), Path.CLOSEPOLY]
    if vertices:
        ax.add_patch(PathPatch(Path(vertices, codes), **style))


def _map_extent(
    coordinates: Sequence[tuple[float, float]], fallback: Sequence[tuple[float, float]]
) -> tuple[float, float, float, float] | None:
    """West, south, east and north of what the map must show (with a margin)."""
    points = list(coordinates) or list(fallback)
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    margin_lat = max((north - south) * 0.08, 0.003)
    margin_lon = max((east - west) * 0.08, 0.006)
    return west - margin_lon, south - margin_lat, east + margin_lon, north + margin_lat


def _draw_map(
    shapes: MapShapes,
    *,
    points: Sequence[tuple[float, float, int]],
    hotspots: Sequence[list[list[tuple[float, float]]]],
    title: str,
    area_labels: bool = True,
) -> bytes:
    """The map: municipality, areas, optional points and hot-spot cells, scale bar, north, legend."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    area_rings = [(name, _rings(boundary)) for name, boundary in shapes.areas]
    area_rings = [(name, polys) for name, polys in area_rings if polys]
    municipality = _rings(shapes.municipality_boundary)
    focus = [(lon, lat) for lon, lat, _n in points]
    focus += [p for ring in hotspots for p in ring]
    focus += [p for _name, polys in area_rings for poly in polys for p in poly[0]]
    extent = _map_extent(focus, [p for poly in municipality for p in poly[0]])
    ratio = 0.75
    if extent is not None:
        west, south, east, north = extent
        project = _Projection((west + east) / 2, (south + north) / 2)
        (x0, y0), (x1, y1) = project(west, south), project(east, north)
        ratio = min(max((y1 - y0) / max(x1 - x0, 1e-6), 0.45), 1.3)
    figure = _figure(8, 8 * ratio + 0.6)
    ax = figure.add_subplot()
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_facecolor("white")
    ax.set_xticks([])
    ax.set_yticks([])
    if extent is None:
        ax.text(0.5, 0.5, _("No map data"), ha="center", va="center", transform=ax.transAxes)
        return _png(figure)
    west, south, east, north = extent
    project = _Projection((west + east) / 2, (south + north) / 2)
    handles: list[Any] = []
    for polygon in municipality:
        _draw_polygon(ax, polygon, project, facecolor="#f4f4f4", edgecolor=INK, linewidth=1.6)
    if municipality:
        handles.append(Line2D([], [], color=INK, linewidth=1.6, label=_("Municipality boundary")))
    for name, polygons in area_rings:
        for polygon in polygons:
            _draw_polygon(
                ax,
                polygon,
                project,
                facecolor="none",
                edgecolor=MID,
                linewidth=1.0,
                linestyle="--",
                hatch="..",
            )
        if area_labels:
            lon, lat = _label_point(polygons[0][0])
            x, y = project(lon, lat)
            ax.text(
                x,
                y,
                name,
                fontsize=7,
                ha="center",
                va="bottom",
                color=INK,
                bbox={
                    "boxstyle": "round,pad=0.2",
                    "facecolor": "white",
                    "edgecolor": "none",
                    "alpha": 0.8,
                },
            )
    if area_rings:
        handles.append(
            Patch(facecolor="none", edgecolor=MID, linestyle="--", hatch="..", label=_("Areas"))
        )
    for ring in hotspots:
        _draw_polygon(
            ax,
            [ring],
            project,
            facecolor=HOT,
            alpha=0.45,
            edgecolor=HOT,
            hatch="////",
            linewidth=0.8,
        )
    if hotspots:
        handles.append(
            Patch(facecolor=HOT, alpha=0.45, edgecolor=HOT, hatch="////", label=_("Hot spots"))
        )
    if points:
        xs, ys = zip(*(project(lon, lat) for lon, lat, _n in points), strict=True)
        sizes = [14 + 10 * min(n, 6) for _lon, _lat, n in points]
        ax.scatter(
            xs, ys, s=sizes, marker="o", facecolor=INK, edgecolor="white", linewidth=0.6, zorder=5
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markerfacecolor=INK,
                markeredgecolor="white",
                markersize=6,
                label=_("Reports (size: number)"),
            )
        )
    x0, y0 = project(west, south)
    x1, y1 = project(east, north)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    _scale_bar(ax, x0, y0, x1, y1)
    ax.annotate(
        "N",
        xy=(0.96, 0.96),
        xytext=(0.96, 0.84),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.4},
    )
    if handles:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.01),
            ncols=len(handles),
            fontsize=7,
            frameon=False,
        )
    return _png(figure)


def _label_point(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """Where an area's name goes: above the middle of its top edge, clear of the points."""
    lons = [lon for lon, _lat in ring]
    return (min(lons) + max(lons)) / 2, max(lat for _lon, lat in ring)


def _scale_bar(ax: Any, x0: float, y0: float, x1: float, y1: float) -> None:
    length = _scale_length(x1 - x0)
    left = x0 + (x1 - x0) * 0.04
    base = y0 + (y1 - y0) * 0.05
    tick = (y1 - y0) * 0.012
    ax.plot([left, left + length], [base, base], color=INK, linewidth=2.5, solid_capstyle="butt")
    for x in (left, left + length):
        ax.plot([x, x], [base - tick, base + tick], color=INK, linewidth=1.2)
    ax.text(
        left + length / 2,
        base + tick * 1.5,
        _scale_text(length),
        ha="center",
        va="bottom",
        fontsize=7,
    )


# --- the figures --------------------------------------------------------------------------------


def report_map(snapshot: dict[str, Any], shapes: MapShapes) -> Figure:
    """The period's report points, the areas, the municipality and the significant hot spots."""
    points = [(lon, lat, n) for lon, lat, _c, _a, n in snapshot["points"]]
    hotspots = [
        [(float(x), float(y)) for x, y in f["geometry"]["coordinates"][0]]
        for f in snapshot["hotspots"]["geojson"]["features"]
    ]
    title = _("Reports and hot spots")
    caption = _(
        "Map of %(municipality)s: %(points)s report locations (dots, larger for more "
        "occurrences), %(hotspots)s significant hot-spot cells (hatched squares), the areas "
        "(dotted outlines) and the municipality boundary."
    ) % {
        "municipality": shapes.municipality or _("the municipality"),
        "points": len(points),
        "hotspots": len(hotspots),
    }
    return Figure(title, caption, _draw_map(shapes, points=points, hotspots=hotspots, title=title))


def public_map(shapes: MapShapes) -> Figure:
    """The public version's map: the areas the table counts in, without any point or cell."""
    title = _("Areas")
    caption = _(
        "Map of the areas the table counts reports in, and the boundary of %(municipality)s. "
        "No report locations are shown."
    ) % {"municipality": shapes.municipality or _("the municipality")}
    return Figure(title, caption, _draw_map(shapes, points=[], hotspots=[], title=title))


def _bars(
    labels: list[str],
    series: list[tuple[str, list[int | None], dict[str, Any]]],
    *,
    title: str,
    xlabel: str,
) -> bytes:
    """Horizontal grouped bars, one group per label, each bar labelled with its value."""
    figure = _figure(8, max(2.6, 1.1 + 0.42 * len(series) * len(labels) / 1.6))
    ax = figure.add_subplot()
    height = 0.8 / len(series)
    positions = list(range(len(labels)))
    for index, (name, values, style) in enumerate(series):
        ys = [p - 0.4 + height * (index + 0.5) for p in positions]
        widths = [v or 0 for v in values]
        bars = ax.barh(
            ys, widths, height=height * 0.95, label=name, edgecolor=INK, linewidth=0.6, **style
        )
        ax.bar_label(
            bars,
            labels=[_("not shown") if v is None else str(v) for v in values],
            padding=2,
            fontsize=7,
        )
    ax.set_yticks(positions, labels=labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.margins(x=0.12)
    ax.legend(fontsize=7, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def category_chart(page: Page) -> Figure | None:
    """Occurrences per category: this period, the previous one and the same period last year."""
    rows = [r for r in page.rows if r.total.count or r.previous or r.last_year]
    if not rows:
        return None
    title = _("Occurrences per category")
    series = [
        (_("This period"), [r.total.count for r in rows], {"color": INK}),
        (_("Previous period"), [r.previous for r in rows], {"color": LIGHT, "hatch": "///"}),
        (
            _("Same period last year"),
            [r.last_year for r in rows],
            {"color": "white", "hatch": "..."},
        ),
    ]
    png = _bars([r.label for r in rows], series, title=title, xlabel=_("Occurrences"))
    caption = _(
        "Bar chart of occurrences per category in %(period)s (solid bars), the previous period "
        "%(previous)s (striped) and the same period last year %(last_year)s (dotted); each "
        "bar is labelled with its number."
    ) % {
        "period": page.period_dates,
        "previous": page.previous_dates,
        "last_year": page.last_year_dates,
    }
    return Figure(title, caption, png)


def public_category_chart(rows: list[dict[str, Any]], threshold: int) -> Figure | None:
    """The public table's category totals; a suppressed total has no bar, only "not shown"."""
    rows = [r for r in rows if r["total"] is None or r["total"] > 0]
    if not rows:
        return None
    title = _("Occurrences per category")
    series = [(_("This period"), [r["total"] for r in rows], {"color": INK})]
    png = _bars([r["label"] for r in rows], series, title=title, xlabel=_("Occurrences"))
    caption = _(
        "Bar chart of occurrences per category this period. Totals from 1 to %(below)s are not "
        "shown."
    ) % {"below": threshold - 1}
    return Figure(title, caption, png)


def weekday_hour_chart(page: Page, matrix: list[list[int]]) -> Figure | None:
    """The weekday × hour heat map of the weeks before the period's end, values in the cells."""
    if not any(any(row) for row in matrix):
        return None
    title = _("Reports by weekday and hour")
    figure = _figure(8, 3.6)
    ax = figure.add_subplot()
    image = ax.imshow(matrix, cmap="Greys", aspect="auto", vmin=0, vmax=max(map(max, matrix)))
    peak = max(map(max, matrix))
    for day, row in enumerate(matrix):
        for hour, value in enumerate(row):
            if value:
                ax.text(
                    hour,
                    day,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if value > peak * 0.55 else INK,
                )
    ax.set_xticks(range(24), labels=page.hours, fontsize=7)
    ax.set_yticks(range(7), labels=[row["day"] for row in page.weekday_hour], fontsize=8)
    ax.set_xlabel(_("Hour of the day"))
    ax.set_ylabel(_("Weekday"))
    ax.set_title(title, loc="left", fontsize=11)
    bar = figure.colorbar(image, ax=ax, shrink=0.85)
    bar.set_label(_("Reports"))
    caption = _(
        "Heat map of %(total)s reports with a time of day, %(dates)s, by weekday (rows) and "
        "hour (columns); darker cells hold more reports and every non-empty cell shows its number."
    ) % {"total": page.weekday_hour_total, "dates": page.weekday_hour_dates}
    return Figure(title, caption, _png(figure))


LINE_STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v", "P")


def seasonal_chart(page: Page, seasonal: dict[str, Any]) -> Figure | None:
    """The seasonal pattern (årshjul): occurrences per month of each year and their mean."""
    rows: list[list[int | None]] = seasonal["rows"]
    if not any(v for row in rows for v in row if v):
        return None
    by_month = seasonal["by"] == "month"
    size = len(seasonal["mean"])
    labels = page.month_names if by_month else [str(b) for b in range(1, size + 1)]
    title = _("Seasonal pattern")
    figure = _figure(8, 3.4)
    ax = figure.add_subplot()
    xs = list(range(1, size + 1))
    for index, (year, row) in enumerate(zip(seasonal["years"], rows, strict=True)):
        ax.plot(
            xs,
            [math.nan if v is None else v for v in row],
            label=str(year),
            color=MID,
            linestyle=LINE_STYLES[index % len(LINE_STYLES)],
            marker=MARKERS[index % len(MARKERS)],
            markersize=3,
            linewidth=1,
        )
    mean = [math.nan if m is None else m for m in seasonal["mean"]]
    ax.plot(xs, mean, label=_("Mean"), color=INK, linewidth=2.4)
    for peak in seasonal["peaks"]:
        ax.axvspan(peak - 0.4, peak + 0.4, color=LIGHT, hatch="\\\\", alpha=0.6, zorder=0)
    ax.set_xticks(
        xs if by_month else xs[::4], labels=labels if by_month else labels[::4], fontsize=7
    )
    ax.set_xlabel(_("Month") if by_month else _("Week"))
    ax.set_ylabel(_("Occurrences"))
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(fontsize=7, ncols=min(4, len(rows) + 1), loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    peaks = ", ".join(page.seasonal_peaks) or _("none")
    caption = _(
        "Line chart of occurrences per month for each year (%(years)s, thin lines with "
        "markers) and their mean (thick line); months clearly above the average are shaded: "
        "%(peaks)s."
    ) % {"years": ", ".join(str(y) for y in seasonal["years"]), "peaks": peaks}
    return Figure(title, caption, _png(figure))


def picture_figures(snapshot: dict[str, Any], page: Page, shapes: MapShapes) -> list[Figure]:
    """Every figure of a lägesbild's document; a chart with nothing to show is left out."""
    figures = [
        report_map(snapshot, shapes),
        category_chart(page),
        weekday_hour_chart(page, snapshot["weekday_hour"]["matrix"]),
        seasonal_chart(page, snapshot["seasonal"]),
    ]
    return [f for f in figures if f is not None]


def public_figures(rows: list[dict[str, Any]], threshold: int, shapes: MapShapes) -> list[Figure]:
    """The public version's figures: the areas and the suppressed category totals only."""
    figures = [public_map(shapes), public_category_chart(rows, threshold)]
    return [f for f in figures if f is not None]
