"""The collaboration page's link to the citizen tips (laget.organisations' overview)."""

from __future__ import annotations

from typing import Any

from django import template

from laget.tips.choices import TipStatus
from laget.tips.models import Tip
from laget.tips.services import may_moderate

register = template.Library()


@register.inclusion_tag("tips/_overview_link.html", takes_context=True)
def tips_link(context: dict[str, Any], collaboration: Any) -> dict[str, Any]:
    """The moderation queue (with the number waiting) for moderators; the public form for all."""
    request = context.get("request")
    user = getattr(request, "user", None)
    moderator = user is not None and may_moderate(user, collaboration)
    pending = (
        Tip.objects.filter(collaboration=collaboration, status=TipStatus.PENDING).count()
        if moderator
        else 0
    )
    return {"collaboration": collaboration, "moderator": moderator, "pending": pending}
