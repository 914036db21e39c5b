"""Template tags of the traceability pages, for pages of other apps (the lägesbild)."""

from __future__ import annotations

from typing import Any

from django import template

from laget.planning import trace

register = template.Library()


@register.simple_tag(takes_context=True)
def trace_cells(context: Any, picture: Any) -> list[trace.Cell]:
    """The cells of ``picture`` that readable problems rest on, each with its trace URL."""
    request = context.get("request")
    if request is None or picture is None:
        return []
    return trace.picture_cells(user=request.user, picture=picture)
