"""Forms of the public site: the archive's search and the coordinator's publishing form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.public.models import MAX_PUBLIC_TEXT


class ArchiveSearchForm(forms.Form):
    """Search the archive of earlier promises by words and by year."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Year"), required=False, choices=())

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(str(y), str(y)) for y in years]]


class PublishForm(forms.Form):
    """The optional public text published with an adopted lägesbild's summary."""

    public_text = forms.CharField(
        label=_("Public text (optional)"),
        required=False,
        max_length=MAX_PUBLIC_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown with the table on the public site. Describe places and situations, never people."
        ),
    )
