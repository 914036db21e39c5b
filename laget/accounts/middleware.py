from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

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
            if confirmed_totp_device(user) is None:
                return redirect(f"{reverse('accounts:totp_setup')}?next={request.get_full_path()}")
            return redirect(f"{reverse('accounts:totp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)
