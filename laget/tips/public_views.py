"""The public tip form (no login), its thanks page and a tip's public status page.

Included under the URL namespace ``public_tips``, which the isolation test treats as public:
these pages show only what a citizen may see (a pending tip's reference, type and status; a
moderated tip's public fields) and store nothing without valid input.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from laget.core.forms import apply_validation_error
from laget.core.language import chosen_language, query_language
from laget.organisations.models import Collaboration
from laget.tips import selectors, services, throttle
from laget.tips.choices import PUBLIC_STATUSES, TipChannel
from laget.tips.forms import TipForm
from laget.tips.models import new_public_id

#: The tip form's fields that go to ``services.tip_submit``.
SUBMITTED_FIELDS = ("service", "text", "lat", "lon", "place_text", "email")


def _language(request: HttpRequest) -> str:
    """Like the rest of the public site (``laget.public``): ``?lang=`` chooses the language
    without a cookie. Returns the query to keep on links and the form's action."""
    lang = chosen_language(request)  # the views run in it (``query_language``)
    return f"?lang={lang}" if lang else ""


def _context(request: HttpRequest, collaboration: Collaboration, **extra: Any) -> dict[str, Any]:
    """What the public layout (``public/base_public.html``) needs."""
    return {
        "collaboration": collaboration,
        "municipality": collaboration.municipality,
        "lq": _language(request),
        "page": "tip",
        **extra,
    }


def _collaboration(municipality: str) -> Collaboration:
    return get_object_or_404(
        Collaboration.objects.select_related("municipality"), slug=municipality
    )


def map_data(collaboration: Collaboration) -> dict[str, Any]:
    """The municipality's outline and its areas for the map (no web tiles: see tips.js)."""
    municipality = collaboration.municipality
    areas = collaboration.areas.filter(is_active=True, boundary__isnull=False).order_by("name")
    return {
        "municipality": {"name": municipality.name, "boundary": municipality.boundary},
        "areas": [{"id": a.pk, "name": a.name, "boundary": a.boundary} for a in areas],
    }


def rate_limited(request: HttpRequest, collaboration: Collaboration) -> HttpResponse:
    response = render(
        request, "public_tips/rate_limited.html", _context(request, collaboration), status=429
    )
    response["Retry-After"] = str(throttle.retry_after())
    return response


@require_http_methods(["GET", "POST"])
@query_language
def tip_form(request: HttpRequest, municipality: str) -> HttpResponse:
    collaboration = _collaboration(municipality)
    form = TipForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow(request):
            return rate_limited(request, collaboration)
        if form.is_honeypot_filled:
            # A robot: answer as if the tip was received, store nothing.
            context = _context(request, collaboration, reference=new_public_id(), tip=None)
            return render(request, "public_tips/thanks.html", context)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in SUBMITTED_FIELDS}
            try:
                tip = services.tip_submit(
                    collaboration=collaboration, channel=TipChannel.FORM, **data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc, {"location": "lat"})
            else:
                thanks = reverse(
                    "public_tips:thanks",
                    kwargs={"municipality": collaboration.slug, "public_id": tip.public_id},
                )
                return redirect(thanks + _language(request))
    context = _context(request, collaboration, form=form, map_data=map_data(collaboration))
    return render(request, "public_tips/tip_form.html", context)


def _tip(collaboration: Collaboration, public_id: str) -> Any:
    tip = selectors.public_tip(collaboration=collaboration, public_id=public_id)
    if tip is None:
        raise Http404
    return tip


@require_GET
@query_language
def thanks(request: HttpRequest, municipality: str, public_id: str) -> HttpResponse:
    collaboration = _collaboration(municipality)
    tip = _tip(collaboration, public_id)
    context = _context(request, collaboration, reference=tip.public_id, tip=tip)
    return render(request, "public_tips/thanks.html", context)


@require_GET
@query_language
def status(request: HttpRequest, municipality: str, public_id: str) -> HttpResponse:
    collaboration = _collaboration(municipality)
    tip = _tip(collaboration, public_id)
    context = _context(request, collaboration, tip=tip, is_public=tip.status in PUBLIC_STATUSES)
    return render(request, "public_tips/status.html", context)
