from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.organisations.models import Group, Organisation


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea, max_length=20000)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=300,
        help_text=_(
            "For example: Kommunstyrelsens ordförande and the head of the local police area."
        ),
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    owner_organisation = forms.ModelChoiceField(
        label=_("Owning organisation"), queryset=Organisation.objects.none()
    )
    info_class = forms.ChoiceField(
        label=_("Information class"),
        choices=InformationClass.choices,
        initial=InformationClass.PARTNERS,
    )

    def __init__(self, *args: Any, groups: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["owner_organisation"].queryset = organisations
