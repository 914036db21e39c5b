"""Writes for API tokens."""

import hashlib
import hmac
import secrets
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from laget.api import intake
from laget.api.models import ApiToken
from laget.api.prepared import PreparedQuery, PreparedWithRows
from laget.audit.recorder import acting_as

TOKEN_PREFIX = "lgt"  # noqa: S105 – a public marker, not a secret


def _active_token(prefix: str) -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user").filter(prefix=prefix, revoked_at=None)[:1]


#: The active token with this prefix and its user: one query, its SQL built once per connection.
_ACTIVE_TOKEN = PreparedQuery(_active_token, prefix="<prefix>")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the model and the secret (shown only once)."""
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, key_hash=_digest(secret))
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, user: Any, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at=None).first()
    if token is None:
        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


#: The same token with its user's active memberships (``laget.api.intake``): one statement.
_ACTIVE_TOKEN_AND_MEMBERSHIPS = PreparedWithRows(
    _ACTIVE_TOKEN, intake.MEMBERSHIPS, link="user_id", column="user_id"
)


def api_token_authenticate(secret: str, *, with_memberships: bool = False) -> Any | None:
    """The active user owning ``secret``, or None. Constant-time comparison of digests.

    ``with_memberships`` (report intake) reads the user's active memberships in the same
    statement and primes them for the request (``intake.prime_memberships``).
    """
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != TOKEN_PREFIX:
        return None
    memberships = None
    if with_memberships:
        found, memberships = _ACTIVE_TOKEN_AND_MEMBERSHIPS.fetch(prefix=parts[1])
    else:
        found = _ACTIVE_TOKEN.fetch(prefix=parts[1])
    token = found[0] if found else None
    if token is None or not hmac.compare_digest(token.key_hash, _digest(secret)):
        return None
    if not token.user.is_active:
        return None
    if memberships is not None:
        intake.prime_memberships(token.user, memberships)
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        token.last_used_at = now  # at most one write per five minutes per token
        with acting_as(token.user):
            token.save(update_fields=["last_used_at"])
    return token.user
