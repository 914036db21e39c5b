"""Pages of the public site (no login) and the coordinator's publishing buttons.

Public pages answer GET only, read only through ``laget.public.selectors``, set no cookie
(the language is chosen with ``?lang=en``, not with the signed-in site's POST form, so no CSRF
cookie is needed) and may be cached for five minutes by browsers and proxies when the visitor
is not signed in. An unknown municipality, a draft or unpublished promise or an unpublished
summary answers 404 to everyone, signed in or not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from laget import access
from laget.core.language import query_language
from laget.dialogues.selectors import public_walk_outcomes
from laget.public import poster, selectors, services
from laget.public.forms import ArchiveSearchForm, PublishForm
from laget.public.models import PublishedSummary
from laget.situation.models import SituationPicture

#: How long a browser or proxy may reuse a public page for a visitor who is not signed in.
PUBLIC_MAX_AGE = 300
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only; ``?lang=`` chooses the language; cacheable for anonymous visitors."""

    @require_safe
    @wraps(view)
    @query_language
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ("Cookie",))  # the two answers above differ by it
        return response

    return wrapper


def _context(request: HttpRequest, collaboration: Any = None, **extra: Any) -> dict[str, Any]:
    """What every public page needs: the municipality and the language query to keep."""
    lang = request.GET.get("lang", "")
    return {
        "collaboration": collaboration,
        "municipality": collaboration.municipality if collaboration is not None else None,
        "lq": f"?lang={lang}" if lang in LANGUAGE_CODES else "",
        "lang_amp": f"&lang={lang}" if lang in LANGUAGE_CODES else "",
        **extra,
    }


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """Every municipality using Läget."""
    collaborations = list(selectors.public_collaborations())
    return render(
        request, "public/index.html", _context(request, collaborations=collaborations, page="index")
    )


@public_page
def municipality(request: HttpRequest, municipality: str) -> HttpResponse:
    """The municipality's page: current promises with progress, summaries, map and archive."""
    collaboration = selectors.collaboration_by_slug(municipality)
    promises = [
        selectors.promise_progress(p)
        for p in selectors.current_promises(collaboration=collaboration)
    ]
    summaries = [
        selectors.summary_view(s)
        for s in selectors.published_summaries(collaboration=collaboration)[:3]
    ]
    archived = selectors.archived_promises(collaboration=collaboration)[:3]
    walks = public_walk_outcomes(collaboration=collaboration)[:3]
    context = _context(
        request,
        collaboration,
        promises=promises,
        summaries=summaries,
        archived=list(archived),
        walks=list(walks),
        page="municipality",
    )
    return render(request, "public/municipality.html", context)


def _promise_context(request: HttpRequest, municipality: str, promise_id: int) -> dict[str, Any]:
    collaboration = selectors.collaboration_by_slug(municipality)
    promise = selectors.public_promise(collaboration=collaboration, pk=promise_id)
    previous, following = selectors.renewal_chain(promise, collaboration)
    return _context(
        request,
        collaboration,
        promise=promise,
        progress=selectors.promise_progress(promise),
        indicators=selectors.indicator_values(promise),
        follow_up=selectors.follow_up(promise) if promise.status == "completed" else None,
        signatures=selectors.signatures(promise),
        previous=previous,
        following=following,
    )


@public_page
def promise_detail(request: HttpRequest, municipality: str, public_promise_id: int) -> HttpResponse:
    """One medborgarlöfte: the six public sections in order, progress and follow-up."""
    context = _promise_context(request, municipality, public_promise_id)
    context["page_url"] = request.build_absolute_uri(request.path)
    return render(request, "public/promise_detail.html", context)


@public_page
def promise_poster(request: HttpRequest, municipality: str, public_promise_id: int) -> HttpResponse:
    """The promise as a printable A4 poster (PDF)."""
    context = _promise_context(request, municipality, public_promise_id)
    url = request.build_absolute_uri(
        reverse(
            "public:promise",
            kwargs={"municipality": municipality, "public_promise_id": context["promise"].pk},
        )
    )
    content = poster.promise_poster(
        municipality=context["municipality"].name,
        promise=context["promise"],
        progress=context["progress"],
        signatures=context["signatures"],
        url=url,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="medborgarlofte-{municipality}-{context["promise"].pk}.pdf"'
    )
    return response


@public_page
def archive(request: HttpRequest, municipality: str) -> HttpResponse:
    """Earlier (completed) promises with their outcomes, newest first, searchable."""
    collaboration = selectors.collaboration_by_slug(municipality)
    years = selectors.promise_years(collaboration=collaboration)
    form = ArchiveSearchForm(request.GET or None, years=years)
    text, year = "", None
    if form.is_valid():
        text = form.cleaned_data["q"]
        year = int(form.cleaned_data["year"]) if form.cleaned_data["year"] else None
    found = list(selectors.archived_promises(collaboration=collaboration, text=text, year=year))
    outcomes = selectors.follow_ups(found)
    items = [(p, outcomes.get(p.pk)) for p in found]
    context = _context(
        request, collaboration, form=form, items=items, searched=bool(text or year), page="archive"
    )
    return render(request, "public/archive.html", context)


@public_page
def summary_list(request: HttpRequest, municipality: str) -> HttpResponse:
    """The municipality's published lägesbild summaries."""
    collaboration = selectors.collaboration_by_slug(municipality)
    summaries = [
        selectors.summary_view(s)
        for s in selectors.published_summaries(collaboration=collaboration)
    ]
    return render(
        request,
        "public/summary_list.html",
        _context(request, collaboration, summaries=summaries, page="summaries"),
    )


@public_page
def summary_detail(request: HttpRequest, municipality: str, summary_id: int) -> HttpResponse:
    """One published summary: the period, the public text and the suppressed table."""
    collaboration = selectors.collaboration_by_slug(municipality)
    summary = selectors.published_summary(collaboration=collaboration, pk=summary_id)
    context = _context(
        request, collaboration, view=selectors.summary_view(summary), page="summaries"
    )
    return render(request, "public/summary_detail.html", context)


@public_page
def map_page(request: HttpRequest, municipality: str) -> HttpResponse:
    """The public map of coarsened report counts and approved tips, with a table."""
    collaboration = selectors.collaboration_by_slug(municipality)
    data = selectors.map_data(collaboration=collaboration, today=timezone.localdate())
    layer = {
        "municipality": data.boundary,
        "areas": data.areas,
        "cells": data.geojson(),
        "labels": {"reports": _("Reports"), "tips": _("Citizen tips")},
    }
    context = _context(request, collaboration, data=data, layer=layer, page="map")
    return render(request, "public/map.html", context)


@public_page
def map_geojson(request: HttpRequest, municipality: str) -> HttpResponse:
    """The public map's cells as GeoJSON (counts per cell only)."""
    collaboration = selectors.collaboration_by_slug(municipality)
    data = selectors.map_data(collaboration=collaboration, today=timezone.localdate())
    return HttpResponse(
        json.dumps(data.geojson(), ensure_ascii=False), content_type="application/geo+json"
    )


# --- publishing (signed in, coordinators) -------------------------------------------------------


@login_required
@require_POST
def summary_publish(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    """Publish an adopted lägesbild's public summary (the button on the picture's page)."""
    picture = access.access_object(request.user, SituationPicture, picture_id, access.MANAGE)
    if picture.collaboration_id != collaboration_id:
        raise Http404
    back = reverse(
        "situation:picture", kwargs={"collaboration_id": collaboration_id, "picture_id": picture.pk}
    )
    form = PublishForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        services.summary_publish(
            user=request.user, picture=picture, public_text=form.cleaned_data["public_text"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("The summary is published on the public site."))
    return redirect(back)


@login_required
@require_POST
def summary_unpublish(request: HttpRequest, collaboration_id: int, summary_id: int) -> HttpResponse:
    """Take a published summary off the public site."""
    summary = access.access_object(request.user, PublishedSummary, summary_id, access.MANAGE)
    if summary.collaboration_id != collaboration_id:
        raise Http404
    try:
        services.summary_unpublish(user=request.user, summary=summary)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The summary is no longer on the public site."))
    if summary.picture_id is None:  # the version has been removed (gallring)
        return redirect("organisations:overview", collaboration_id=collaboration_id)
    return redirect(
        "situation:picture", collaboration_id=collaboration_id, picture_id=summary.picture_id
    )
