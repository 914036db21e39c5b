"""Forms of the annual wheel."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from laget.annual.choices import MilestoneKind, Recurrence
from laget.annual.models import MAX_REMIND_DAYS


class ResponsibleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    start_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    recurrence = forms.ChoiceField(
        label=_("Recurrence"), choices=Recurrence.choices, initial=Recurrence.YEARLY
    )
    end_date = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a milestone that keeps recurring."),
    )
    responsible = ResponsibleChoiceField(
        label=_("Responsible"), queryset=get_user_model().objects.none(), required=False
    )
    remind_days = forms.IntegerField(
        label=_("Reminder (days before)"), min_value=0, max_value=MAX_REMIND_DAYS, initial=14
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, max_length=3000, required=False
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = candidates
