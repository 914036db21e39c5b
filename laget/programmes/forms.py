"""Forms of the programmes app: they validate shape; the services validate meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.programmes.choices import ActivityStatus
from laget.programmes.models import (
    Activity,
    ActivityPlan,
    DevelopmentArea,
    ExpectedResult,
    Programme,
    ProgrammeDocument,
    Signatory,
    SteeringGroupDecision,
    WorkingGroupMember,
)
from laget.programmes.selectors import county_organisations, programme_activities

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _dates(*names: str) -> dict[str, Any]:
    return dict.fromkeys(names, DATE)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "short_name",
            "period_start",
            "period_end",
            "status",
            "national_link",
            "description",
            "plan_cadence_months",
        ]
        widgets = {
            **_dates("period_start", "period_end"),
            "national_link": TEXTAREA,
            "description": TEXTAREA,
        }


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ProgrammeDocument
        fields = ["kind", "title", "adopted_on", "reference"]
        widgets = _dates("adopted_on")


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = [
            "organisation",
            "organisation_name",
            "signed_on",
            "in_operational_plan",
            "steering_role",
            "withdrawn_on",
        ]
        widgets = _dates("signed_on", "withdrawn_on")
        help_texts = {
            "organisation_name": _(
                "Write the name when the organisation is not in Läget (e.g. Tullverket); "
                "otherwise it is taken from the organisation chosen."
            )
        }

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = county_organisations(county)
        self.fields["organisation_name"].required = False


class AreaForm(forms.ModelForm):
    class Meta:
        model = DevelopmentArea
        fields = ["number", "name", "aliases", "convener", "rationale", "national_dependencies"]
        widgets = {"rationale": TEXTAREA, "national_dependencies": TEXTAREA}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["convener"].queryset = programme.signatories.all()


class MemberForm(forms.ModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = [
            "signatory",
            "other_organisation",
            "function_title",
            "appointed_by",
            "anchored_with_manager",
            "hours_per_week",
            "hours_unregulated",
            "controls_own_time",
            "representation_scope",
            "start_date",
        ]
        widgets = _dates("start_date")

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = programme.signatories.all()


class MemberEditForm(MemberForm):
    """Every field of a seat, including when and why the member left."""

    class Meta(MemberForm.Meta):
        fields = [*MemberForm.Meta.fields, "end_date", "end_reason"]
        widgets = _dates("start_date", "end_date")


class MemberEndForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    end_reason = forms.CharField(label=_("Reason for leaving"), max_length=200, required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.CharField(label=_("Minutes"), widget=TEXTAREA, required=False)


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActivityPlan
        fields = ["period_start", "period_end", "note"]
        widgets = {**_dates("period_start", "period_end"), "note": TEXTAREA}


class PlanReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should the working group change?"), widget=TEXTAREA)


class PlanPresentForm(forms.Form):
    presented_on = forms.DateField(label=_("Presented to the steering group on"), widget=DATE)


class ActivityForm(forms.ModelForm):
    """A new activity in a plan (planned or already under way)."""

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "planned_date",
            "mode",
            "location",
            "target_group",
            "senders",
            "contributions",
        ]
        widgets = {**_dates("planned_date"), "contributions": TEXTAREA}


class ActivityUpdateForm(forms.ModelForm):
    """Where an activity stands; a slip needs its reason (checked by the service). What the
    activity is (title, type, planned date …) is changed on its edit page while the plan is
    editable."""

    class Meta:
        model = Activity
        fields = [
            "status",
            "new_date",
            "actual_date",
            "participants",
            "deviation_kind",
            "deviation_text",
            "location",
            "contributions",
        ]
        widgets = {
            **_dates("new_date", "actual_date"),
            "deviation_text": TEXTAREA,
            "contributions": TEXTAREA,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ActivityStatus.choices


class ResultForm(forms.ModelForm):
    class Meta:
        model = ExpectedResult
        fields = [
            "goal_type",
            "text",
            "definitions",
            "indicator",
            "baseline",
            "target",
            "deadline",
            "unambiguous",
            "assessment",
            "justification",
            "continuation_owner",
        ]
        widgets = {
            **_dates("deadline"),
            "text": TEXTAREA,
            "definitions": TEXTAREA,
            "justification": TEXTAREA,
        }


class DecisionForm(forms.ModelForm):
    """A decision or adjustment of the steering group, optionally about an area or activity."""

    class Meta:
        model = SteeringGroupDecision
        fields = ["meeting_date", "kind", "text", "area", "activity"]
        widgets = {**_dates("meeting_date"), "text": TEXTAREA}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = programme.areas.all()
        self.fields["activity"].queryset = programme_activities(
            programme, also=self.instance.activity_id
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.plan.area.number}. {a.title}"


class ConfirmDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete it"), required=True)


class ParticipantForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.CharField(
        label=_("Role in the programme"),
        max_length=150,
        required=False,
        help_text=_("E.g. “Convener of the working group on exit, Kommunförbundet”."),
    )
