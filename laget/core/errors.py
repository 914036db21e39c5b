"""Errors raised by services."""

from typing import Any

from django.core.exceptions import ValidationError


def field_error(field: str, message: Any, code: str) -> ValidationError:
    """A ValidationError on one field that keeps its ``code``.

    ``ValidationError({field: message}, code=...)`` silently drops the code, which the API and
    the tests rely on.
    """
    return ValidationError({field: ValidationError(message, code=code)})
