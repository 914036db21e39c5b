"""Helpers shared by forms."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_validation_error(
    form: forms.BaseForm, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: on its field where it names one.

    ``field_map`` renames the service's field names to the form's (e.g. ``boundary`` →
    ``boundary_file``) so the message appears next to the input the person used.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (field_map or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


__all__ = ["NON_FIELD_ERRORS", "apply_validation_error"]
