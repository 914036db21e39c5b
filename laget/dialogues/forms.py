"""Forms of the dialogue records."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.dialogues.choices import (
    CitizenDialogueForm,
    DialogueKind,
    ParticipantGroup,
    RemarkStatus,
)
from laget.dialogues.models import MAX_REMARK, MAX_TEXT


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
    feedback_given_on = forms.DateField(
        label=_("Feedback given on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the participants were told the result."),
    )
    info_class = forms.ChoiceField(
        label=_("Information class"),
        choices=InformationClass.choices,
        initial=InformationClass.PARTNERS,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CitizenPlanForm(forms.Form):
    """The nine points of "Checklista för planering av medborgardialog" (spec §3.10)."""

    plan_responsible = _text(
        _("1. Responsible for planning and execution"),
        _("Roles and organisations, not names of private persons."),
    )
    purpose = _text(_("2. Purpose, goals and limits"))
    plan_target_group = _text(
        _("3. Target group and barriers to participation"),
        _(
            "Who and how many? Other local actors? How do you reach people who usually do not "
            "take part or have low trust in the police?"
        ),
    )
    plan_influence = _text(
        _("4. Influence and degree of participation offered"),
        _("What the participants can influence; state it in the invitation."),
    )
    plan_forms = forms.MultipleChoiceField(
        label=_("5. Form of the dialogue"),
        choices=CitizenDialogueForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_forum = _text(
        _("6. Forum or meeting place"),
        _("An accessible place where the target group feels at home; existing forums."),
    )
    plan_questions = _text(
        _("7. Questions"),
        _("Open, non-leading questions about problems experienced in the neighbourhood."),
    )
    plan_documentation = _text(_("8. How answers are documented and analysed"))
    plan_feedback = _text(
        _("9. Plan for feedback"),
        _("How the result is handled and how participants can follow the continued work."),
    )


class InvitationForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Invitations sent on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def unit_field_name(unit_id: int) -> str:
    return f"unit_{unit_id}"


class StaffDialogueForm(forms.Form):
    """A staff dialogue's agenda and one head-count field per unit of the parties."""

    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=MAX_TEXT,
        required=False,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[unit_field_name(unit.pk)] = forms.IntegerField(
                label=str(unit), min_value=0, max_value=100000, required=False
            )

    def participants_by_unit(self) -> dict[str, int]:
        return {
            str(unit.pk): self.cleaned_data[unit_field_name(unit.pk)]
            for unit in self.units
            if self.cleaned_data.get(unit_field_name(unit.pk))
        }


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *DialogueKind.choices], required=False
    )


# --- Trygghetsvandringar ----------------------------------------------------------------------


def participant_field_name(group: str) -> str:
    return f"participants_{group}"


class _ParticipantsMixin:
    """One count field per group; ``participants()`` gathers them for the services."""

    def _add_participant_fields(self) -> None:
        for value, label in ParticipantGroup.choices:
            self.fields[participant_field_name(value)] = forms.IntegerField(  # type: ignore[attr-defined]
                label=label, min_value=0, max_value=100000, required=False, initial=0
            )

    def participants(self) -> dict[str, int]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return {
            value: data.get(participant_field_name(value)) or 0 for value in ParticipantGroup.values
        }


class SafetyWalkForm(_ParticipantsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    planned_on = forms.DateTimeField(
        label=_("Planned for"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=None)
    route_description = forms.CharField(
        label=_("Route description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
        help_text=_("Where the walk goes, e.g. from the station along the school path."),
    )
    route = forms.CharField(
        label=_("Route (GeoJSON LineString)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Filled in by drawing on the map; without a map, leave it empty."),
    )
    summary = _text(_("Summary"))
    info_class = forms.ChoiceField(
        label=_("Information class"),
        choices=InformationClass.choices,
        initial=InformationClass.PARTNERS,
    )

    def __init__(self, *args: Any, organisations: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations
        self.fields["area"].queryset = areas
        self._add_participant_fields()

    def clean_route(self) -> dict[str, Any] | None:
        raw = (self.cleaned_data.get("route") or "").strip()
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("The route is not valid GeoJSON."), code="json") from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The route is not valid GeoJSON."), code="json")
        return value

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "planned_on",
                "area",
                "organiser",
                "route_description",
                "route",
                "summary",
                "info_class",
            )
        }
        data["participants"] = self.participants()
        return data


class WalkedForm(_ParticipantsMixin, forms.Form):
    walked_on = forms.DateField(
        label=_("Walked on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = _text(_("Summary"), _("What the walk showed, in a few sentences."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_participant_fields()


class RemarkForm(forms.Form):
    text = forms.CharField(
        label=_("Remark (ANMÄRKNING)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_REMARK,
        help_text=_("What is wrong and where (an address or a landmark), never names."),
    )
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    problem_owner = forms.ModelChoiceField(
        label=_("Problem owner (PROBLEMÄGARE)"), queryset=None, required=False
    )
    problem_owner_text = forms.CharField(
        label=_("Other problem owner"),
        max_length=200,
        required=False,
        help_text=_("If the owner is not a party, e.g. “Fastighetsägaren”."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problem_owner"].queryset = organisations


class RemarkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RemarkStatus.choices)
    fixed_on = forms.DateField(
        label=_("Fixed on (ÅTGÄRDAT)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Required when the problem is fixed."),
    )
    response = forms.CharField(
        label=_("Response"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
        help_text=_("What the problem owner did, or why it will not be fixed (required then)."),
    )


class RemarkReportForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
