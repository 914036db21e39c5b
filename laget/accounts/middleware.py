from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from laget.accounts.selectors import confirmed_totp_device, requires_two_factor

#: Paths a person who still owes a second factor may open.
EXEMPT_PREFIXES = ("/static/", "/i18n/", "/konto/tvafaktor/", "/konto/logga-ut/", "/api/")


class RequireTwoFactorMiddleware:
    """Send people whose role requires TOTP to enrolment or verification before anything else.

    The API is exempt here because it authenticates with tokens, not sessions.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()
            and requires_two_factor(user)
        ):
            page = (
                "accounts:totp_setup"
                if confirmed_totp_device(user) is None
                else "accounts:totp_verify"
            )
            # Encoded, so that a query string in the requested address survives as one value.
            return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
