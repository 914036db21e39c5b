from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laget import access
from laget.core.forms import apply_validation_error
from laget.geography import selectors, services
from laget.geography.forms import AreaForm
from laget.geography.models import Area
from laget.organisations.models import Collaboration


def _map_data(collaboration: Collaboration, areas: list[Area]) -> dict[str, Any]:
    municipality = collaboration.municipality
    return {
        "municipality": {"name": municipality.name, "boundary": municipality.boundary},
        "areas": [
            {"id": a.pk, "name": a.name, "boundary": a.boundary} for a in areas if a.boundary
        ],
    }


def _boundary_field(form: AreaForm) -> str:
    """Errors about an uploaded boundary belong next to the file input; a drawn one's on top."""
    return "boundary_file" if form.cleaned_data.get("boundary_file") is not None else "__all__"


@login_required
def area_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    areas = list(selectors.area_list(user=request.user, collaboration=collaboration))
    context = {
        "collaboration": collaboration,
        "areas": areas,
        "map_data": _map_data(collaboration, areas),
    }
    return render(request, "geography/area_list.html", context)


@login_required
def area_detail(request: HttpRequest, collaboration_id: int, area_id: int) -> HttpResponse:
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    area = access.access_object(request.user, Area, area_id)
    if area.collaboration_id != collaboration.pk:
        raise Http404
    context = {
        "collaboration": collaboration,
        "area": area,
        "map_data": _map_data(collaboration, [area]),
    }
    return render(request, "geography/area_detail.html", context)


@login_required
def area_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = access.access_object(
        request.user, Collaboration, collaboration_id, access.MANAGE
    )
    form = AreaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area = services.area_create(
                collaboration=collaboration,
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                boundary=form.boundary(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, {"boundary": _boundary_field(form)})
        else:
            messages.success(request, _("The area has been created."))
            return redirect(
                "geography:area_detail", collaboration_id=collaboration.pk, area_id=area.pk
            )
    context = {
        "collaboration": collaboration,
        "form": form,
        "map_data": _map_data(collaboration, []),
    }
    return render(request, "geography/area_form.html", context)


@login_required
def area_update(request: HttpRequest, collaboration_id: int, area_id: int) -> HttpResponse:
    collaboration = access.access_object(
        request.user, Collaboration, collaboration_id, access.MANAGE
    )
    area = access.access_object(request.user, Area, area_id, access.MANAGE)
    if area.collaboration_id != collaboration.pk:
        raise Http404
    initial = {
        "name": area.name,
        "kind": area.kind,
        "description": area.description,
        "is_active": area.is_active,
    }
    form = AreaForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.area_update(
                area=area,
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                boundary=form.boundary(),
                remove_boundary=data["remove_boundary"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, {"boundary": _boundary_field(form)})
        else:
            messages.success(request, _("The area has been saved."))
            return redirect(
                "geography:area_detail", collaboration_id=collaboration.pk, area_id=area.pk
            )
    context = {
        "collaboration": collaboration,
        "form": form,
        "area": area,
        "map_data": _map_data(collaboration, [area]),
    }
    return render(request, "geography/area_form.html", context)
