"""Forms of the survey builder (the answering form is built from the questions in the view)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.surveys.bank import BANK
from laget.surveys.choices import Anonymity, Handling, QuestionKind
from laget.surveys.models import MAX_QUESTION, MAX_THEME, MAX_TITLE
from laget.surveys.services import MAX_CODES


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    title_en = forms.CharField(label=_("Title in English"), max_length=MAX_TITLE, required=False)
    intro = forms.CharField(
        label=_("Introduction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text=_("Say who asks, why, that the survey is anonymous and how results are used."),
    )
    intro_en = forms.CharField(
        label=_("Introduction in English"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    anonymity = forms.ChoiceField(
        label=_("Answering"), choices=Anonymity.choices, initial=Anonymity.OPEN_LINK
    )
    opens_on = forms.DateField(
        label=_("Opens on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Closes on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    suppression_threshold = forms.IntegerField(
        label=_("Smallest group shown in breakdowns"),
        min_value=3,
        max_value=50,
        initial=5,
        help_text=_("Groups with fewer respondents are hidden in the results."),
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text_sv = forms.CharField(label=_("Question in Swedish"), max_length=MAX_QUESTION)
    text_en = forms.CharField(
        label=_("Question in English"), max_length=MAX_QUESTION, required=False
    )
    choices = forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=3000,
        help_text=_(
            "For single and multiple choice: one choice per line, Swedish and English "
            "separated by | (e.g. Ja | Yes)."
        ),
    )
    key = forms.SlugField(label=_("Key (for comparing rounds)"), max_length=60, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)

    def clean_choices(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["choices"].splitlines():
            if not line.strip():
                continue
            sv, _sep, en = line.partition("|")
            rows.append((sv.strip()[:200], en.strip()[:200]))
        return rows


class BankForm(forms.Form):
    keys = forms.MultipleChoiceField(
        label=_("Questions from the bank"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(q.key, q.text_sv) for q in BANK],
    )


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of single-use links"), min_value=1, max_value=MAX_CODES, initial=100
    )


class NewRoundForm(forms.Form):
    title = forms.CharField(label=_("Title of the new round"), max_length=MAX_TITLE)


class CodingForm(forms.Form):
    theme = forms.CharField(label=_("Theme"), max_length=MAX_THEME, required=False)
    handling = forms.ChoiceField(label=_("Handling"), choices=Handling.choices)


class IndicatorForm(forms.Form):
    question = forms.ModelChoiceField(label=_("Scale question"), queryset=None)
    area_choice = forms.ModelChoiceField(
        label=_("Only respondents in area"), queryset=None, required=False
    )
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, survey: Any, indicators: Any, **kwargs: Any) -> None:
        from laget.surveys.models import Choice

        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = survey.questions.filter(kind=QuestionKind.LIKERT)
        self.fields["question"].label_from_instance = lambda q: q.text
        self.fields["area_choice"].queryset = Choice.objects.filter(
            question__survey=survey, question__kind=QuestionKind.AREA
        )
        self.fields["area_choice"].label_from_instance = lambda c: c.text
        self.fields["indicator"].queryset = indicators
