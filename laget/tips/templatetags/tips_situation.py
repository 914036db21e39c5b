"""The lägesbild's own section for citizen tips (laget.situation's picture page).

A separate, clearly labelled source: approved tips counted per tip type and area, beside –
never inside – the trained reporters' counts and alerts. A compiled lägesbild carries the
section frozen in its snapshot (``snapshot["tips"]``, added by ``situation_compile``); a
preview or an older version without it is counted as it stands now.
"""

from __future__ import annotations

from typing import Any

from django import template

from laget.tips.selectors import approved_tip_counts

register = template.Library()


@register.inclusion_tag("tips/_situation_section.html", takes_context=True)
def tips_section(context: dict[str, Any]) -> dict[str, Any]:
    collaboration = context.get("collaboration")
    period = context.get("period")
    picture = context.get("picture")
    if collaboration is None or period is None:
        return {"show": False}
    snapshot = getattr(picture, "snapshot", None) or {}
    section = snapshot.get("tips")
    frozen = section is not None
    if section is None:
        section = approved_tip_counts(
            collaboration=collaboration, start=period.start, end=period.end
        )
    return {"show": True, "section": section, "frozen": frozen, "collaboration": collaboration}
