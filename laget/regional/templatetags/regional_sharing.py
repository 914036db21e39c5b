"""The lägesbild page's block for sharing an adopted picture with the county (issue 7)."""

from __future__ import annotations

from typing import Any

from django import template

from laget.regional.services import SHAREABLE_CLASSES

register = template.Library()


@register.inclusion_tag("regional/_sharing_block.html", takes_context=True)
def county_sharing_block(context: Any) -> dict[str, Any]:
    picture = context.get("picture")
    collaboration = context.get("collaboration")
    request = context.get("request")
    if (
        picture is None
        or getattr(picture, "pk", None) is None
        or not picture.is_adopted
        or request is None
    ):
        return {"show": False}  # a draft is never shared: nothing to say (and no query)
    county = None
    if picture.shared_with_county_at is not None:
        county = collaboration.municipality.county if collaboration.municipality_id else None
    return {
        "show": True,
        "picture": picture,
        "collaboration": collaboration,
        "county": county,
        "can_share": request.user.has_perm("laget.manage_collaboration", collaboration),
        "shareable": picture.info_class in SHAREABLE_CLASSES,
        "csrf_token": context.get("csrf_token"),
    }
