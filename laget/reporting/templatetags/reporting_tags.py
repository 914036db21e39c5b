"""Small display helpers for the reporting templates."""

import datetime

from django import template

from laget.reporting.forms import week_label as _week_label

register = template.Library()


@register.filter
def week_label(monday: datetime.date | None) -> str:
    """ "Week 18 (27 Apr–3 May 2026)" for a period's Monday."""
    return _week_label(monday) if monday else ""
