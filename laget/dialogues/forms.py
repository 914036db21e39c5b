"""Forms of the dialogue records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.dialogues.choices import DialogueKind
from laget.dialogues.models import MAX_TEXT


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        required=False,
        help_text=help_text,
    )


class DialogueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DialogueKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A future date records a planned dialogue; it counts once it is held."),
    )
    organisation = forms.ModelChoiceField(label=_("Held by"), queryset=None)
    participants_count = forms.IntegerField(
        label=_("Number of participants"), min_value=0, max_value=100000, initial=0
    )
    participant_groups = forms.CharField(
        label=_("Participant groups"),
        max_length=500,
        required=False,
        help_text=_("Units or groups that took part, never names."),
    )
    purpose = _text(_("Purpose"))
    outcome = _text(_("Outcome"), _("What came out of the dialogue."))
    feedback = _text(_("Feedback given"), _("How and when the participants were told the result."))
    info_class = forms.ChoiceField(
        label=_("Information class"),
        choices=InformationClass.choices,
        initial=InformationClass.PARTNERS,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *DialogueKind.choices], required=False
    )
