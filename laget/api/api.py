"""The REST API (django-ninja): token authentication, OpenAPI at /api/v1/openapi.json.

Each endpoint goes through the same access module as the web views. Errors are JSON with a
translated ``detail`` (the Accept-Language header chooses Swedish or English).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from laget.api.auth import TokenAuth

api = NinjaAPI(
    title="Läget API",
    version="1",
    description="Knowledge-based local crime prevention in collaboration. Authenticate with "
    "'Authorization: Bearer <token>'; create tokens on your account page.",
    auth=TokenAuth(),
    docs_url=None,  # the interactive docs load scripts from a CDN, which our CSP forbids
    urls_namespace="api",
)


def _detail(message: Any) -> dict[str, Any]:
    return {"detail": message}


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    message = " ".join(m for messages in errors.values() for m in messages)
    # Machine-readable codes beside the messages (e.g. "personal_data", "future", "outside").
    if hasattr(exc, "error_dict"):
        codes = {f: [e.code or "invalid" for e in items] for f, items in exc.error_dict.items()}
    else:
        codes = {"__all__": [e.code or "invalid" for e in exc.error_list]}
    return api.create_response(
        request, {"detail": message, "errors": errors, "codes": codes}, status=422
    )


@api.exception_handler(NinjaValidationError)
def request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": exc.errors}, status=422
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, _detail(_("Not found.")), status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, _detail(_("A valid API token is required.")), status=401)


api.add_router("", "laget.api.routers.router")
api.add_router("", "laget.api.routers_reporting.router")
api.add_router("", "laget.api.routers_planning.router")
api.add_router("", "laget.agreements.api.router")  # issue 5: agreements
api.add_router("", "laget.promises.api.router")  # issue 5: promises
api.add_router("", "laget.stats.api.router")  # issue 7: official statistics
api.add_router("", "laget.regional.api.router")  # issue 7: county overview, regional lägesbild
api.add_router("", "laget.programmes.api.router")  # issue 7: regional programmes
api.add_router("", "laget.experience.api.router")  # issue 7: experience bank
