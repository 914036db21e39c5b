"""``?lang=`` on the pages without a login (the public site, the tip form): the language of one
response, without a cookie or a session.

The language is switched with ``translation.override`` for the view only, so it never outlives
the request in the thread (a plain ``activate`` would leak into whatever the thread does next –
in the tests, the next test).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request: HttpRequest) -> str:
    """The interface language ``?lang=`` asks for, or "" when it names none we have."""
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGE_CODES else ""


def query_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view in the language ``?lang=`` chooses (and say so in Content-Language)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lang = chosen_language(request)
        if not lang:
            return view(request, *args, **kwargs)
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = lang
        return response

    return wrapper
