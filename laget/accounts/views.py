from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget.accounts import selectors, services
from laget.accounts.forms import ApiTokenForm, TokenForm
from laget.api import services as api_services
from laget.api.selectors import api_token_list
from laget.core.forms import apply_validation_error


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.filter(is_active=True).select_related(
        "organisation", "collaboration", "county", "unit"
    )
    context = {
        "memberships": memberships,
        "requires_2fa": selectors.requires_two_factor(request.user),
        "has_2fa": selectors.confirmed_totp_device(request.user) is not None,
        "tokens": api_token_list(user=request.user),
        "token_form": ApiTokenForm(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show the QR code, confirm with the first code."""
    if selectors.confirmed_totp_device(request.user) is not None and not request.user.is_verified():
        # Adding a device needs the existing second factor first; the password alone is not enough.
        return redirect(
            f"{reverse('accounts:totp_verify')}?{urlencode({'next': _next_url(request)})}"
        )
    device = services.totp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_confirm(
                request=request, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return redirect(_next_url(request))
    import segno

    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": _base32(device.bin_key),
        "next": _next_url(request),
    }
    return render(request, "accounts/totp_setup.html", context)


def _base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def totp_verify(request: HttpRequest) -> HttpResponse:
    device = selectors.confirmed_totp_device(request.user)
    if device is None:
        return redirect("accounts:totp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_verify(request=request, device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(_next_url(request))
    return render(request, "accounts/totp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name (at most 100 characters)."))
        return redirect("accounts:profile")
    _token, secret = api_services.api_token_create(
        user=request.user, name=form.cleaned_data["name"]
    )
    messages.success(
        request,
        _("Copy the new token now; it will not be shown again: %(secret)s") % {"secret": secret},
    )
    return redirect("accounts:profile")


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    api_services.api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")
