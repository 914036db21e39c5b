"""Values every page needs: the person's collaborations and counties for the navigation."""

from typing import Any

from django.http import HttpRequest

from laget.core.selectors import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    return {"nav": navigation_for(request.user, request=request)}
