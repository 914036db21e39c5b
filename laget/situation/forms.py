from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.reporting.choices import Assessment, Trend
from laget.situation.choices import PeriodKind
from laget.situation.models import MAX_TEXT
from laget.situation.parties import MAX_COUNT, FigureInput


class PictureTextForm(forms.Form):
    """The written parts of a lägesbild: the coordinator's assessment and the group's priorities."""

    assessment = forms.CharField(
        label=_("Coordinator's assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        required=False,
        help_text=_(
            "What the figures mean: what has changed, what may lie behind it, and what is "
            "uncertain. Describe places and events, never individuals."
        ),
    )
    priorities = forms.CharField(
        label=_("The group's priorities"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        required=False,
        help_text=_("What the group will work on first until the next situation picture."),
    )


class SettingsForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("Period of the situation picture"),
        choices=PeriodKind.choices,
        help_text=_("A group that meets every other week usually compiles two weeks at a time."),
    )


class PartyPictureForm(forms.Form):
    """A party's own picture: per category a number, a light and a trend, and an assessment.

    The fields per category are named ``count_<id>``, ``assessment_<id>`` and ``trend_<id>``;
    :meth:`rows` gives them to the template row by row.
    """

    assessment = forms.CharField(
        label=_("The party's assessment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
        required=False,
        help_text=_(
            "How your organisation sees the period. Aggregated figures and places only, "
            "never individuals."
        ),
    )

    def __init__(self, *args: Any, categories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            label = str(category)
            self.fields[f"count_{category.pk}"] = forms.IntegerField(
                label=_("Number: %(category)s") % {"category": label},
                required=False,
                min_value=0,
                max_value=MAX_COUNT,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
            )
            self.fields[f"assessment_{category.pk}"] = forms.ChoiceField(
                label=_("Assessment: %(category)s") % {"category": label},
                required=False,
                choices=[("", "–"), *Assessment.choices],
            )
            self.fields[f"trend_{category.pk}"] = forms.ChoiceField(
                label=_("Trend: %(category)s") % {"category": label},
                required=False,
                choices=[("", "–"), *Trend.choices],
            )

    def rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [
            (
                category,
                self[f"count_{category.pk}"],
                self[f"assessment_{category.pk}"],
                self[f"trend_{category.pk}"],
            )
            for category in self.categories
        ]

    def figures(self) -> list[FigureInput]:
        data = self.cleaned_data
        return [
            FigureInput(
                category.pk,
                data.get(f"count_{category.pk}"),
                data.get(f"assessment_{category.pk}") or "",
                data.get(f"trend_{category.pk}") or "",
            )
            for category in self.categories
        ]

    @staticmethod
    def initial_for(assessment: str, figures: dict[int, FigureInput]) -> dict[str, Any]:
        initial: dict[str, Any] = {"assessment": assessment}
        for category_id, figure in figures.items():
            initial[f"count_{category_id}"] = figure.count
            initial[f"assessment_{category_id}"] = figure.assessment
            initial[f"trend_{category_id}"] = figure.trend
        return initial
