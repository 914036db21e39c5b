from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from laget.audit.recorder import reset_actor, set_actor


class AuditActorMiddleware:
    """Make the signed-in person the actor of everything recorded during the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_actor(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
