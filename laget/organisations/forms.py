from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.accounts.models import User
from laget.core.choices import InformationClass
from laget.organisations.choices import GroupKind, GroupRole, OrganisationKind, Role
from laget.organisations.models import Group, Organisation, Unit


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


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea, max_length=3000, required=False
    )
    meeting_cadence = forms.CharField(
        label=_("Meeting cadence"),
        max_length=100,
        required=False,
        help_text=_("For example: every other week."),
    )


class SeatForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Role in group"), choices=GroupRole.choices, initial=GroupRole.MEMBER
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class PartyCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)


class PartyAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("Organisations that already take part in a collaboration in the same county."),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = candidates


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)


class MembershipForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "If nobody has an account with this address yet, one is created and the person is "
            "sent a link to choose a password."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        help_text=_("Only used for a new account; an existing account keeps its name."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(
        self, *args: Any, organisations: Any, units: Any, roles: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["unit"].queryset = units
        self.fields["role"].choices = roles


def membership_roles(*, may_appoint_administrators: bool) -> list[tuple[str, Any]]:
    """The roles a person can be given in a collaboration by this manager.

    Regional coordinators belong to a county, and only administrators appoint administrators.
    """
    excluded = {Role.REGIONAL_COORDINATOR}
    if not may_appoint_administrators:
        excluded.add(Role.ADMINISTRATOR)
    return [(value, label) for value, label in Role.choices if value not in excluded]
