from typing import Any

from django.db.models import QuerySet

from laget.api.models import ApiToken


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The person's own active tokens."""
    return ApiToken.objects.filter(user=user, revoked_at=None)
