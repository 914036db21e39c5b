from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from laget import access
from laget.core import cycle
from laget.core.selectors import start_tasks
from laget.organisations import selectors as org_selectors
from laget.organisations.models import Collaboration


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The start page: what this person should do now."""
    return render(request, "core/start.html", {"tasks": start_tasks(request.user)})


@login_required
def step(request: HttpRequest, collaboration_id: int, step: int) -> HttpResponse:
    """One step of the cycle for a collaboration, with the book's definition of done."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    current = cycle.step(step)
    if current is None:
        raise Http404
    can_manage = request.user.has_perm("laget.manage_collaboration", collaboration)
    status = org_selectors.step_status(
        collaboration=collaboration, step=step, can_manage=can_manage
    )
    return render(
        request,
        "core/step.html",
        {"collaboration": collaboration, "step": current, "status": status},
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: answers 200 when the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
