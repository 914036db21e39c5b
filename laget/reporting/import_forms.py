"""Forms of the file import: upload, column mapping and confirmation (shape only).

What the file and its rows mean is checked by ``laget.reporting.imports``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.reporting.imports import EXTENSIONS, FIELDS, MAX_BYTES


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (separated by semicolons or commas, UTF-8 or Windows encoding) or Excel (XLSX). "
            "The first row names the columns. At most 5 MB and 10 000 rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            # Refused before the file is read; the service checks the same for other callers.
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."), code="size")
        return upload


class ImportMappingForm(forms.Form):
    """One choice per report field: which of the file's columns holds it, if any."""

    def __init__(self, *args: Any, headers: list[str], examples: list[list[str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("– not in the file –"))]
        for index, header in enumerate(headers):
            sample = next((row[index] for row in examples if index < len(row) and row[index]), "")
            label = f"{header} ({sample[:30]})" if sample else header
            choices.append((str(index), label))
        for field in FIELDS:
            self.fields[field.key] = forms.TypedChoiceField(
                label=field.label,
                help_text=field.help,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=field.key == "category",
            )

    def mapping(self) -> dict[str, int | None]:
        return {field.key: self.cleaned_data.get(field.key) for field in FIELDS}


class ImportConfirmForm(forms.Form):
    skip_errors = forms.BooleanField(
        label=_("Skip the rows with errors"),
        required=False,
        help_text=_("Without this, nothing is imported while any row has an error."),
    )
