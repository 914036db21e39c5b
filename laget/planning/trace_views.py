"""The traceability pages (spårbarhet): one page per starting object shows the whole chain."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from laget import access
from laget.organisations.models import Collaboration
from laget.planning import trace


def _render(request: HttpRequest, result: trace.Trace) -> HttpResponse:
    context = {
        "collaboration": result.collaboration,
        "trace": result,
        "start": result.start,
    }
    return render(request, "planning/trace.html", context)


@login_required
def trace_object(
    request: HttpRequest, collaboration_id: int, kind: str, **ids: int
) -> HttpResponse:
    """The chain around a problem, cause, goal, indicator or measure.

    ``kind`` comes from the URL pattern; ``ids`` holds the one id keyword of that kind
    (``problem_id``, ``cause_id``, ``goal_id``, ``indicator_id`` or ``measure_id``).
    """
    (object_id,) = ids.values()
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    start = trace.start_object(request.user, collaboration, kind, object_id)
    result = trace.trace_for(user=request.user, collaboration=collaboration, kind=kind, start=start)
    return _render(request, result)


@login_required
def trace_cell(
    request: HttpRequest,
    collaboration_id: int,
    picture_id: int,
    category_id: int,
    area_id: int | None = None,
) -> HttpResponse:
    """The chain from a cell (category × area, or the category in all areas) of a lägesbild."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    cell = trace.start_cell(request.user, collaboration, picture_id, category_id, area_id)
    result = trace.trace_for(user=request.user, collaboration=collaboration, kind="cell", cell=cell)
    return _render(request, result)
