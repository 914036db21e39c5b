"""Forms of the planning app: they validate shape; the services validate meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.planning.choices import (
    SCORES,
    TRAFFIC_LIGHT_HELP,
    AnalysisStatus,
    Criterion,
    EvidenceKind,
    Frequency,
    GoalType,
    HypothesisStatus,
    IndicatorSource,
    MeasureKind,
    MeasureMode,
    MeasureStatus,
    Perspective,
    PreventionLevel,
    TrafficLight,
)
from laget.planning.models import MAX_TEXT

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ProblemForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("May be put as a question: why does this happen here?"),
    )
    description = forms.CharField(
        label=_("Description"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, required=False)
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    time_pattern = forms.CharField(
        label=_("When it happens"),
        max_length=300,
        required=False,
        help_text=_("For example weekend evenings, the school holidays."),
    )
    affected_group = forms.CharField(label=_("Affected group"), max_length=300, required=False)
    owner_organisation = forms.ModelChoiceField(label=_("Owning organisation"), queryset=None)
    info_class = forms.ChoiceField(
        label=_("Information class"),
        choices=InformationClass.choices,
        initial=InformationClass.PARTNERS,
    )

    def __init__(
        self, *args: Any, categories: Any, areas: Any, organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["areas"].queryset = areas
        self.fields["owner_organisation"].queryset = organisations
        if organisations.count() == 1 and not self.is_bound:
            self.initial.setdefault("owner_organisation", organisations.first())


class ProblemFromSourceForm(forms.Form):
    """A problem from a meeting decision or an alert: the rest comes from the source."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    owner_organisation = forms.ModelChoiceField(label=_("Owning organisation"), queryset=None)
    info_class = forms.ChoiceField(
        label=_("Information class"),
        choices=InformationClass.choices,
        initial=InformationClass.PARTNERS,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        if organisations.count() == 1 and not self.is_bound:
            self.initial.setdefault("owner_organisation", organisations.first())


class AssessmentForm(forms.Form):
    """The prioritisation matrix for one problem: a score and a motivation per criterion."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion, label in Criterion.choices:
            self.fields[f"score_{criterion}"] = forms.TypedChoiceField(
                label=label, choices=SCORES, coerce=int
            )
            self.fields[f"motivation_{criterion}"] = forms.CharField(
                label=_("Motivation"), max_length=1000, required=False
            )

    def pairs(self) -> list[tuple[Any, Any]]:
        """The bound fields two by two (score, motivation) for the template."""
        return [(self[f"score_{c}"], self[f"motivation_{c}"]) for c in Criterion.values]

    def scores(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {c: (data[f"score_{c}"], data[f"motivation_{c}"]) for c in Criterion.values}


class StatusForm(forms.Form):
    ACTIONS = [
        ("deprioritise", _("Deprioritise")),
        ("reopen", _("Propose again")),
        ("close", _("Close")),
    ]
    action = forms.ChoiceField(label=_("Change"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_TEXT,
        required=False,
        widget=TEXTAREA,
        help_text=_("Required when the problem is deprioritised."),
    )


class EvidenceForm(forms.Form):
    """Link a report, a lägesbild cell (category × area of an adopted version) or statistics."""

    kind = forms.ChoiceField(
        label=_("Kind of evidence"),
        choices=EvidenceKind.choices,
        initial=EvidenceKind.STATISTICS,
        widget=forms.RadioSelect,
    )
    report = forms.IntegerField(
        label=_("Report number"),
        required=False,
        min_value=1,
        help_text=_("The number of a situation report of this collaboration."),
    )
    picture = forms.ModelChoiceField(label=_("Situation picture"), queryset=None, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False)
    text = forms.CharField(
        label=_("Statistics or other reference"),
        max_length=500,
        required=False,
        help_text=_("Source, figure and period, e.g. BRÅ NTU 2025, reported vandalism."),
    )

    def __init__(
        self, *args: Any, pictures: Any, categories: Any, areas: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picture"].queryset = pictures
        self.fields["picture"].label_from_instance = lambda p: (
            _("%(start)s – %(end)s, version %(version)s")
            % {"start": p.period_start, "end": p.period_end, "version": p.version}
        )
        self.fields["category"].queryset = categories
        self.fields["area"].queryset = areas

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == EvidenceKind.REPORT and not data.get("report"):
            self.add_error("report", _("Give the report's number."))
        elif kind == EvidenceKind.PICTURE_CELL and not data.get("picture"):
            self.add_error("picture", _("Choose an adopted situation picture."))
        elif kind == EvidenceKind.STATISTICS and not (data.get("text") or "").strip():
            self.add_error("text", _("Describe the statistics (source, figure, period)."))
        return data


class ApprovalForm(forms.Form):
    party = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class CauseAnalysisForm(forms.Form):
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=300,
        help_text=_("The group or decision that asked for the analysis."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    performed_by = forms.CharField(
        label=_("Performed by"),
        max_length=500,
        help_text=_("The people and organisations that make the analysis."),
    )
    place = forms.CharField(
        label=_("Place / situation"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    victim = forms.CharField(
        label=_("Victim / target"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    offender = forms.CharField(
        label=_("Offender"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    place_managers = forms.CharField(
        label=_("Place managers"),
        max_length=MAX_TEXT,
        required=False,
        widget=TEXTAREA,
        help_text=_("Who is responsible for the place: property owner, caretaker, shop staff."),
    )
    guardians = forms.CharField(
        label=_("Guardians"),
        max_length=MAX_TEXT,
        required=False,
        widget=TEXTAREA,
        help_text=_("Who protects the victim or target: neighbours, staff, friends."),
    )
    handlers = forms.CharField(
        label=_("Handlers"),
        max_length=MAX_TEXT,
        required=False,
        widget=TEXTAREA,
        help_text=_("Who has influence over the offender: parents, coaches, teachers."),
    )


class CauseAnalysisUpdateForm(CauseAnalysisForm):
    status = forms.ChoiceField(label=_("Status"), choices=AnalysisStatus.choices)


class CauseForm(forms.Form):
    text = forms.CharField(label=_("Cause"), max_length=1000)
    perspective = forms.ChoiceField(
        label=_("Perspective"),
        choices=[("", "---------"), *Perspective.choices],
        required=False,
    )


class EventStepForm(forms.Form):
    text = forms.CharField(label=_("What happens"), max_length=1000)
    preventable = forms.BooleanField(label=_("Can be prevented here"), required=False)


class HypothesisForm(forms.Form):
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=None, required=False)
    problem_text = forms.CharField(label=_("Problem"), max_length=1000)
    hypothesis = forms.CharField(label=_("Hypothesis about the cause"), max_length=1000)
    test = forms.CharField(label=_("Test"), max_length=1000)

    def __init__(self, *args: Any, causes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = causes


class HypothesisResultForm(forms.Form):
    result = forms.CharField(label=_("Result"), max_length=1000, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=HypothesisStatus.choices)


# --- step 4: goals, indicators and the åtgärdsplan ----------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CauseChoiceField(forms.ModelMultipleChoiceField):
    """Causes shown with their stable number, as the åtgärdsplan's ORSAK column does."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} {obj.text}"


class GoalForm(forms.Form):
    goal_type = forms.ChoiceField(label=_("Type of goal"), choices=GoalType.choices)
    text = forms.CharField(
        label=_("Goal"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Say what is to change (decrease, increase, develop), where, by how much compared "
            "with what, and by when."
        ),
    )
    indicator = forms.CharField(
        label=_("What is measured"),
        max_length=300,
        required=False,
        help_text=_("For example the number of reported bicycle thefts."),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    baseline = forms.FloatField(label=_("Baseline value"), required=False)
    baseline_period = forms.CharField(
        label=_("Baseline period"),
        max_length=100,
        required=False,
        help_text=_("For example 2025."),
    )
    target = forms.FloatField(label=_("Target value"), required=False)
    deadline = forms.DateField(label=_("To be reached by"), required=False, widget=DATE)
    causes = CauseChoiceField(
        label=_("Causes the goal addresses"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parent = forms.ModelChoiceField(label=_("Parent goal"), queryset=None, required=False)

    def __init__(self, *args: Any, causes: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["causes"].queryset = causes
        self.fields["parent"].queryset = goals


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    definition = forms.CharField(
        label=_("Definition"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=IndicatorSource.choices)
    category = forms.ModelChoiceField(
        label=_("Category (situation picture counts)"), queryset=None, required=False
    )
    area = forms.ModelChoiceField(
        label=_("Area (situation picture counts, optional)"), queryset=None, required=False
    )
    source_reference = forms.CharField(
        label=_("Statistics reference or survey question"), max_length=500, required=False
    )
    baseline_value = forms.FloatField(label=_("Baseline value"), required=False)
    baseline_period = forms.CharField(label=_("Baseline period"), max_length=100, required=False)
    target_value = forms.FloatField(label=_("Target value"), required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)

    def __init__(self, *args: Any, categories: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["area"].queryset = areas


class MeasurementForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    value = forms.FloatField(label=_("Value"))
    source_note = forms.CharField(label=_("Source note"), max_length=300, required=False)


class ActionPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


REASON_HELP = _("Why does the plan change? Required once the plan is adopted.")


class MeasureForm(forms.Form):
    """A measure: what, aimed at which causes, when, who and with what resources."""

    problem = forms.ModelChoiceField(label=_("Problem"), queryset=None)
    causes = CauseChoiceField(
        label=_("Causes (ORSAK)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one cause from the problem's cause analysis."),
    )
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=MAX_TEXT, required=False, widget=TEXTAREA
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    prevention_level = forms.ChoiceField(
        label=_("Prevention level"), choices=PreventionLevel.choices
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=None
    )
    responsible_person = forms.CharField(
        label=_("Responsible person"),
        max_length=200,
        help_text=_("Who is responsible, preferably with contact details."),
    )
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("To be done by"), widget=DATE)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, required=False)
    cost_sek = forms.IntegerField(label=_("Cost (SEK)"), min_value=0, required=False)
    operational_goals = forms.ModelMultipleChoiceField(
        label=_("Operational goals"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(label=_("One-off or ordinary"), choices=MeasureMode.choices)
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Why does the plan change?"),
        max_length=MAX_TEXT,
        required=False,
        widget=TEXTAREA,
        help_text=REASON_HELP,
    )

    def __init__(
        self,
        *args: Any,
        problems: Any,
        causes: Any,
        organisations: Any,
        goals: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["causes"].queryset = causes
        self.fields["responsible_organisation"].queryset = organisations
        self.fields["operational_goals"].queryset = goals


class MeasureUpdateForm(MeasureForm):
    """The measure's form for changes and follow-up (status, traffic light)."""

    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    status_reason = forms.CharField(
        label=_("Reason for the status"),
        max_length=MAX_TEXT,
        required=False,
        widget=TEXTAREA,
        help_text=_("Required when the measure is cancelled."),
    )
    traffic_light = forms.ChoiceField(
        label=_("Follow-up light"),
        choices=[("", _("Not followed up yet")), *TrafficLight.choices],
        required=False,
        help_text=format_lazy(
            "{} – {} {} – {} {} – {}",
            *[
                part
                for value, label in TrafficLight.choices
                for part in (label, TRAFFIC_LIGHT_HELP[value])
            ],
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["problem"]
        self.order_fields([*[n for n in self.fields if n != "reason"], "reason"])


class StepForm(forms.Form):
    text = forms.CharField(label=_("Step"), max_length=500)
    reason = forms.CharField(
        label=_("Why does the plan change?"),
        max_length=MAX_TEXT,
        required=False,
        help_text=REASON_HELP,
    )


class AdoptForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    text = forms.CharField(
        label=_("Decision"),
        max_length=5000,
        widget=TEXTAREA,
        help_text=_("The steering group's decision, as in the minutes."),
    )
