"""Template tags of the annual app: the compliance summary on the county page."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("annual/_compliance_summary.html", takes_context=True)
def compliance_summary(context: Any, collaboration: Any) -> dict[str, Any]:
    """One cell of the county page: how the collaboration meets Lag 2023:196, from the
    summaries the view computed for all rows at once (``annual.selectors.compliance_many``)."""
    if collaboration is None:
        return {"collaboration": None}
    return {
        "collaboration": collaboration,
        "compliance": context["compliance"][collaboration.pk],
    }
