"""Forms of the samverkansöverenskommelse and its signatories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from laget.agreements.choices import AgreementKind, SignatoryTitle
from laget.agreements.models import MAX_TEXT
from laget.core.choices import InformationClass

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        required=False,
        help_text=help_text,
    )


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.problem.title}: {obj.text[:120]}"


class AgreementForm(forms.Form):
    """The agreement's content; everything but the title may be filled in over time (the
    checklist on the agreement page says what is still missing)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    period_start = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    period_end = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DATE,
        help_text=_("The agreement may span several years."),
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Other parties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The municipality and the police are always parties."),
    )
    problem_picture = _text(
        _("Joint problem picture"), _("The parties' shared view of the local problems.")
    )
    situation_picture = forms.ModelChoiceField(
        label=_("Adopted situation picture"), queryset=None, required=False
    )
    focus_problems = forms.ModelMultipleChoiceField(
        label=_("Focus areas (prioritised problems)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    causes_summary = _text(_("Probable underlying causes"))
    goals = GoalChoiceField(
        label=_("Goals"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    organisation_text = _text(
        _("Organisation and division of responsibilities"),
        _("The parties' roles, who does what, the groups that carry the work."),
    )
    follow_up_text = _text(_("Follow-up and documentation"))
    communication_text = _text(_("Communication"))
    breach_procedure = _text(_("If a party falls short"))
    info_class = forms.ChoiceField(
        label=_("Information class"),
        choices=[(c.value, c.label) for c in (InformationClass.PARTNERS, InformationClass.PUBLIC)],
        initial=InformationClass.PARTNERS,
    )

    def __init__(
        self,
        *args: Any,
        parties: Any,
        problems: Any,
        goals: Any,
        pictures: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties
        self.fields["focus_problems"].queryset = problems
        self.fields["goals"].queryset = goals
        self.fields["situation_picture"].queryset = pictures


class SignForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Sign for"), queryset=None)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class SigningAuthorityForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    person = PersonChoiceField(label=_("Person"), queryset=get_user_model().objects.none())
    title = forms.ChoiceField(label=_("Title"), choices=SignatoryTitle.choices)
    delegation_reference = forms.CharField(
        label=_("Delegation reference"),
        max_length=300,
        required=False,
        help_text=_("Required for a delegate: the decision that delegates the right to sign."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["person"].queryset = people
