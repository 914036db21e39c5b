"""Forms of the regional layer."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.regional.choices import RegionalPeriodKind
from laget.regional.models import MAX_TEXT


class PoliceAreaFilterForm(forms.Form):
    lpo = forms.TypedChoiceField(
        label=_("Local police area"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: object, police_areas: list[tuple[int, str]], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["lpo"].choices = [("", _("All local police areas")), *police_areas]


class CompileForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=RegionalPeriodKind.choices, initial=RegionalPeriodKind.QUARTER
    )
    day = forms.DateField(
        label=_("A day in the period"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The month, quarter or year that contains this day is compiled."),
    )

    def clean_day(self) -> datetime.date:
        day = self.cleaned_data["day"]
        if day.year < 2000:
            raise forms.ValidationError(_("Choose a day from the year 2000 or later."))
        return day


class AssessmentForm(forms.Form):
    assessment = forms.CharField(
        label=_("The county's assessment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        required=False,
    )
