from django import forms
from django.utils.translation import gettext_lazy as _

from laget.situation.choices import PeriodKind
from laget.situation.models import MAX_TEXT


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
