"""Formatting of survey results (per cent with one decimal, the Swedish way in Swedish)."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    if value is None:
        return ""
    return f"{number_format(100 * value, 1)} %"


@register.filter
def permille(value: float | None) -> int:
    """The value of a <progress> bar out of 1000 (no inline styles: the CSP forbids them)."""
    return round(1000 * (value or 0))


@register.filter
def pval(value: float) -> str:
    """The p-value with its relation sign: "< 0,001" or "= 0,123"."""
    return "< " + number_format(0.001, 3) if value < 0.001 else "= " + number_format(value, 3)
