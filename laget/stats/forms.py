"""Forms of the statistics pages: the upload (with the choices a kind of file needs)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.stats.choices import ImportKind, Source
from laget.stats.files import MAX_BYTES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (CSV or XLSX, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1950,
        max_value=2100,
        help_text=_(
            "Only when the file does not say which year its figures are for. For kommungrupper: "
            "the year of the classification (2017 if empty)."
        ),
    )
    gender = forms.ChoiceField(
        label=_("Kolada: gender"),
        required=False,
        choices=[("T", _("Total (T)")), ("K", _("Women (K)")), ("M", _("Men (M)"))],
        initial="T",
    )
    series_name = forms.CharField(
        label=_("Other series: name"),
        required=False,
        max_length=150,
        help_text=_("E.g. “Kostnad för skadegörelse” or “Bränder i skolor”."),
    )
    unit = forms.CharField(label=_("Other series: unit"), required=False, max_length=60)
    source = forms.ChoiceField(
        label=_("Other series: source"), required=False, choices=Source.choices, initial="other"
    )
    is_count = forms.BooleanField(
        label=_("The figures are counts (can be shown per 100 000 inhabitants)"), required=False
    )
    category_key = forms.CharField(
        label=_("Lägesbild category key (optional)"), required=False, max_length=80
    )
    region_column = forms.CharField(
        label=_("Column with the municipality (name or code)"),
        required=False,
        max_length=100,
        help_text=_("The column's heading as written in the file; guessed when empty."),
    )
    year_column = forms.CharField(label=_("Column with the year"), required=False, max_length=100)
    value_column = forms.CharField(
        label=_("Column with the figures"), required=False, max_length=100
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 10 MB)."), code="size")
        return upload


class ComparisonForm(forms.Form):
    """The choices of the county comparison (a GET form)."""

    serie = forms.ChoiceField(label=_("Series"), required=False)
    ar = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    jamfor = forms.ChoiceField(
        label=_("Funnel around"),
        required=False,
        choices=[("national", _("the whole country's rate")), ("county", _("the county's rate"))],
    )
    spridning = forms.BooleanField(
        label=_("Widen the limits when the municipalities vary more than chance explains"),
        required=False,
    )

    def __init__(self, *args: object, series: list, years: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["serie"].choices = [(s.key, s.name) for s in series]
        self.fields["ar"].choices = [("", _("Latest"))] + [(y, str(y)) for y in years]
