"""Template tags of the annual app: the compliance summary on the county page."""

from typing import Any

from django import template

from laget.annual.selectors import compliance

register = template.Library()


@register.inclusion_tag("annual/_compliance_summary.html", takes_context=True)
def compliance_summary(context: Any, collaboration: Any) -> dict[str, Any]:
    """One cell of the county page: how the collaboration meets Lag 2023:196."""
    request = context.get("request")
    if collaboration is None or request is None:
        return {"collaboration": None}
    return {
        "collaboration": collaboration,
        "compliance": compliance(user=request.user, collaboration=collaboration),
    }
