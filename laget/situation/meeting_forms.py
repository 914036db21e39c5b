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
    escalated_to = forms.ModelChoiceField(
        label=_("Raised to"),
        queryset=None,
        required=False,
        help_text=_("For an item raised to the local crime prevention council or steering group."),
    )
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

    def __init__(
        self,
        *args: Any,
        people: Any,
        bodies: Any,
        choices: Any = None,
        body_choices: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people
        self.fields["escalated_to"].queryset = bodies
        if body_choices is not None:  # likewise one list of steering bodies for every form
            self.fields["escalated_to"].choices = body_choices
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


class EscalationAnswerForm(forms.Form):
    """The steering group's or council's answer to an item raised to it."""

    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=300,
        required=False,
        help_text=_("The body or meeting that decided, e.g. the steering group's meeting."),
    )
    text = forms.CharField(
        label=_("Decision"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was decided and who does what. Never individuals."),
    )
