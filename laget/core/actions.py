"""The POST buttons of a page (open, close, remove, move …): run the service, say how it went.

A button has no form to put an error on, so a service's ``ValidationError`` becomes an error
message on the page the person is sent back to, and success a success message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def run_action(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Call ``action`` (a service); True when it succeeded. Its refusal becomes a message."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    if success:
        messages.success(request, success)
    return True
