"""The "publish on the public site" block of an adopted lägesbild's page (laget.situation)."""

from __future__ import annotations

from typing import Any

from django import template

from laget.public import selectors, services
from laget.public.forms import PublishForm

register = template.Library()


@register.inclusion_tag("public/_publish_block.html", takes_context=True)
def publish_summary_block(context: dict[str, Any]) -> dict[str, Any]:
    """Whether the picture's summary is published, and the button for those who may publish."""
    picture = context.get("picture")
    request = context.get("request")
    if picture is None or request is None or not picture.is_adopted:
        return {"show": False}
    user = request.user
    collaboration = picture.collaboration
    return {
        "show": True,
        "picture": picture,
        "collaboration": collaboration,
        "summary": selectors.summary_for_picture(user=user, picture=picture),
        "may_publish": services.may_publish(user, collaboration),
        "form": PublishForm(),
        "csrf_token": context.get("csrf_token"),
    }
