"""Template tags of the promises app: the overdue flags on the collaboration page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("promises/_overdue.html", takes_context=True)
def promise_overdue(context: dict[str, Any], collaboration: Any) -> dict[str, Any]:
    """The collaboration's overdue promise items, for those who write promises only."""
    from laget.promises import selectors, services

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not services.may_edit(user, collaboration):
        return {"overdue": []}
    return {
        "overdue": selectors.promise_overdue_items(
            collaboration=collaboration, today=timezone.localdate()
        )
    }
