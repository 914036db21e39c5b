"""Values every page needs: the person's collaborations and counties for the navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from laget.core.selectors import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav": navigation_for(request.user, request=request),
        "oidc_enabled": bool(settings.OIDC_RP_CLIENT_ID),
        "map_tile_url": settings.MAP_TILE_URL,
    }
