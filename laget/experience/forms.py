"""Forms of the experience bank: the entry, publishing, withdrawing and the search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.experience.choices import EffectAssessment
from laget.experience.models import MAX_SHORT, MAX_TEXT
from laget.experience.services import EntryInput
from laget.planning.choices import MeasureKind, PreventionLevel
from laget.stats.choices import MunicipalityGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, help_text: Any = "", *, rows: int = 4, max_length: int = MAX_TEXT) -> Any:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        required=False,
        help_text=help_text,
    )


class EntryForm(forms.Form):
    """The content of an entry; the service checks meaning and personal data."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    problem = _text(
        _("The problem"),
        _("What the problem was, described so that another municipality recognises it."),
    )
    what_done = _text(_("What was done"))
    where = _text(
        _("Where"),
        _("The kind of place, written for other municipalities. Do not name areas or streets."),
        rows=2,
        max_length=MAX_SHORT,
    )
    category = forms.ChoiceField(
        label=_("Category of problem"),
        required=False,
        help_text=_("The report category the problem belongs to; the bank can be filtered by it."),
    )
    measure_kind = forms.ChoiceField(label=_("Kind of measure"), choices=MeasureKind.choices)
    prevention_level = forms.ChoiceField(
        label=_("Prevention level"), choices=PreventionLevel.choices
    )
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("Until"), widget=DATE)
    result = _text(_("Follow-up result"), _("What was delivered, and how the work went."))
    effect = forms.ChoiceField(
        label=_("Effect"), choices=[("", "–"), *EffectAssessment.choices], required=False
    )
    effect_text = _text(
        _("Effect assessment"),
        _(
            "What changed in the problem, and how sure you are (e.g. the indicator before and after)."
        ),
    )
    hours = forms.IntegerField(label=_("Hours used"), min_value=0, required=False)
    cost_sek = forms.IntegerField(label=_("Cost (SEK)"), min_value=0, required=False)
    contact_role = forms.CharField(
        label=_("Contact (a role, not a name)"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Crime prevention coordinator, Fagersta kommun”."),
    )

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = dict(categories)
        self.fields["category"].choices = [("", "–"), *categories]

    def to_input(self) -> EntryInput:
        data = dict(self.cleaned_data)
        key = data.pop("category", "") or ""
        data["category_key"] = key
        data["category_label"] = self.categories.get(key, "")
        return EntryInput(**{f: data.get(f) for f in EntryInput.__dataclass_fields__})


class PublishForm(forms.Form):
    no_personal_data = forms.BooleanField(
        label=_(
            "I have read the texts: they contain no personal data and name no person, area "
            "or street, and may be read by every municipality."
        ),
        required=False,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class SearchForm(forms.Form):
    """The bank's search: free text and filters, all optional."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    prevention_level = forms.ChoiceField(
        label=_("Prevention level"),
        choices=[("", _("All")), *PreventionLevel.choices],
        required=False,
    )
    measure_kind = forms.ChoiceField(
        label=_("Kind of measure"), choices=[("", _("All")), *MeasureKind.choices], required=False
    )
    group = forms.ChoiceField(
        label=_("Municipality group (SKR)"),
        choices=[("", _("All")), *MunicipalityGroup.choices],
        required=False,
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[str, str]],
        counties: list[tuple[str, str]],
        years: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All")), *categories]
        self.fields["county"].choices = [("", _("All")), *counties]
        self.fields["year"].choices = [("", _("All")), *((y, str(y)) for y in years)]
