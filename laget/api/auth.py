"""Token authentication of the API (``Authorization: Bearer <token>``)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from laget.api.services import api_token_authenticate
from laget.audit.recorder import set_actor


class TokenAuth(HttpBearer):
    """The token's owner, or 401. ``with_memberships`` (report intake) also reads the owner's
    active memberships in the token's statement, primed for the request's permission checks."""

    def __init__(self, *, with_memberships: bool = False) -> None:
        super().__init__()
        self.with_memberships = with_memberships

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token, with_memberships=self.with_memberships)
        if user is not None:
            request.user = user
            # The audit middleware ran before the token was read and saw nobody; record this
            # request's changes as the token owner's (the middleware restores the actor after).
            set_actor(user)
        return user
