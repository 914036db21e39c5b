"""The funnel plot drawn as inline SVG (geometry here, markup in ``stats/_funnel.html``) and as
PNG with matplotlib for exports."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from laget.analysis.comparison import LEVELS, Funnel

WIDTH = 680
HEIGHT = 400
LEFT = 64
RIGHT = 16
TOP = 16
BOTTOM = 48


@dataclass
class SvgPoint:
    x: float
    y: float
    label: str
    code: str
    rate: float
    population: int
    position: str  # at 95 %
    position_998: str


@dataclass
class SvgFunnel:
    width: int
    height: int
    points: list[SvgPoint]
    #: level label ("95", "99.8") → SVG path of the upper and lower limit
    limits: list[tuple[str, str, str]]
    reference_y: float
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def _nice_step(span: float) -> float:
    raw = span / 5 if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _thousands(value: float) -> str:
    return f"{round(value):,}".replace(",", "\u00a0")


def funnel_svg(funnel: Funnel) -> SvgFunnel | None:
    """Screen geometry of a funnel plot: log population on x, rate per 100 000 on y."""
    if not funnel.points or not funnel.curve:
        return None
    n_low = funnel.curve[0][0]
    n_high = funnel.curve[-1][0]
    rates = [p.estimate.rate for p in funnel.points]
    # The 95 % limits at the largest population bound the interesting band; the axis covers
    # every point and that band with some room, starting at 0 only when the data come near it.
    band_low, band_high = funnel.curve[-1][1][LEVELS[0]]
    top = max(max(rates), band_high, funnel.reference_rate) * 1.08
    bottom_value = min(min(rates), band_low, funnel.reference_rate) * 0.9
    if bottom_value < top * 0.35:
        bottom_value = 0.0
    step = _nice_step(top - bottom_value)
    y_min = math.floor(bottom_value / step) * step
    y_max = max(math.ceil(top / step) * step, y_min + step)
    right = WIDTH - RIGHT
    bottom = HEIGHT - BOTTOM

    def x_of(n: float) -> float:
        return LEFT + (math.log(n) - math.log(n_low)) / (math.log(n_high) - math.log(n_low)) * (
            right - LEFT
        )

    def y_of(rate: float) -> float:
        clamped = min(max(rate, y_min), y_max)
        return bottom - (clamped - y_min) / (y_max - y_min) * (bottom - TOP)

    limits = []
    for level in LEVELS:
        upper = " ".join(
            f"{'M' if i == 0 else 'L'}{x_of(n):.1f},{y_of(lim[level][1]):.1f}"
            for i, (n, lim) in enumerate(funnel.curve)
        )
        lower = " ".join(
            f"{'M' if i == 0 else 'L'}{x_of(n):.1f},{y_of(lim[level][0]):.1f}"
            for i, (n, lim) in enumerate(funnel.curve)
        )
        limits.append((f"{level * 100:g}", upper, lower))
    points = [
        SvgPoint(
            round(x_of(p.estimate.population), 1),
            round(y_of(p.estimate.rate), 1),
            p.label,
            str(p.key),
            p.estimate.rate,
            p.estimate.population,
            p.comparison.positions[LEVELS[0]],
            p.comparison.positions[LEVELS[1]],
        )
        for p in funnel.points
    ]
    x_ticks = []
    for exponent in range(2, 8):
        for mantissa in (1, 2, 5):
            n = mantissa * 10**exponent
            if n_low <= n <= n_high:
                x_ticks.append((round(x_of(n), 1), _thousands(n)))
    y_ticks = []
    value = y_min
    while value <= y_max + 1e-9:
        y_ticks.append((round(y_of(value), 1), _thousands(value)))
        value += step
    return SvgFunnel(
        WIDTH,
        HEIGHT,
        points,
        limits,
        round(y_of(funnel.reference_rate), 1),
        x_ticks,
        y_ticks,
        LEFT,
        right,
        TOP,
        bottom,
    )


def funnel_png(funnel: Funnel, *, title: str, x_label: str, y_label: str) -> bytes:
    """The funnel plot as a PNG for exports (matplotlib, Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 4.2), dpi=120)
    axes = figure.add_subplot()
    ns = [n for n, _lim in funnel.curve]
    for level, style in zip(LEVELS, ("--", ":"), strict=True):
        axes.plot(ns, [lim[level][1] for _n, lim in funnel.curve], style, color="#555")
        axes.plot(ns, [lim[level][0] for _n, lim in funnel.curve], style, color="#555")
    axes.axhline(funnel.reference_rate, color="#1f4e79")
    for p in funnel.points:
        colour = {"above": "#b00020", "below": "#1b7f3a"}.get(
            p.comparison.positions[LEVELS[0]], "#333"
        )
        axes.plot(p.estimate.population, p.estimate.rate, "o", color=colour)
        axes.annotate(p.label, (p.estimate.population, p.estimate.rate), fontsize=7)
    axes.set_xscale("log")
    axes.set_title(title)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
