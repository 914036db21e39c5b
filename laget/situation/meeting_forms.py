"""Forms for the lägesbildsgrupp's meetings (shape only; meetings.py validates meaning)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.situation.choices import MeetingDecision
from laget.situation.models import MAX_TEXT


class MeetingCreateForm(forms.Form):
    picture = forms.ModelChoiceField(
        label=_("Situation picture"),
        queryset=None,
        help_text=_("The agenda is generated from this situation picture, alerts and red first."),
    )
    held_on = forms.DateField(
        label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, pictures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picture"].queryset = pictures


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=MeetingDecision.choices)
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=None, required=False)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe places and events, never individuals."),
    )

    def __init__(self, *args: Any, people: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people
        if choices is not None:  # one list for every item's form, not one query per form
            self.fields["responsible"].choices = choices


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attended"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members
