import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.geography.choices import AreaKind

MAX_GEOJSON_BYTES = 2 * 1024 * 1024


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=AreaKind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=2000
    )
    boundary_file = forms.FileField(
        label=_("Boundary (GeoJSON file)"),
        required=False,
        help_text=_(
            "A GeoJSON file with a Polygon or MultiPolygon in WGS 84 (longitude, latitude)."
        ),
    )
    boundary_drawn = forms.CharField(widget=forms.HiddenInput, required=False)
    remove_boundary = forms.BooleanField(label=_("Remove the boundary"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_boundary_file(self) -> Any:
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if upload.size > MAX_GEOJSON_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."), code="size")
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise forms.ValidationError(_("The file is not valid GeoJSON."), code="format") from exc
        if data is None:
            raise forms.ValidationError(_("The file is not valid GeoJSON."), code="format")
        return data

    def clean_boundary_drawn(self) -> Any:
        text = self.cleaned_data.get("boundary_drawn") or ""
        if not text.strip():
            return None
        if len(text) > MAX_GEOJSON_BYTES:
            raise forms.ValidationError(_("The drawn boundary is too large."), code="size")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("The drawn boundary could not be read."), code="format"
            ) from exc

    def boundary(self) -> Any:
        """The uploaded file wins over a drawn polygon.

        Compared with None, not truthiness: a file holding ``{}`` or ``[]`` must reach the
        service and be rejected there, not silently save the area without a boundary.
        """
        uploaded = self.cleaned_data.get("boundary_file")
        return uploaded if uploaded is not None else self.cleaned_data.get("boundary_drawn")
