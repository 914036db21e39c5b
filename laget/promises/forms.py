"""Forms of the promises app: they validate shape; the services validate meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.organisations.models import Collaboration
from laget.planning.choices import ProblemStatus
from laget.planning.models import Indicator, Measure, Problem
from laget.promises.choices import UPDATE_STATUSES, ActivityStatus
from laget.promises.models import MAX_TEXT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _prioritised(collaboration: Collaboration) -> Any:
    return Problem.objects.filter(
        collaboration=collaboration, status=ProblemStatus.PRIORITISED
    ).order_by("title")


class NewPromiseForm(forms.Form):
    """Start a draft from one of the collaboration's prioritised problems."""

    problem = forms.ModelChoiceField(
        label=_("Prioritised problem (focus area)"),
        queryset=Problem.objects.none(),
        help_text=_(
            "The title and the situation section are prefilled from the problem and the latest adopted lägesbild."
        ),
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(
        label=_("Period end"),
        widget=DATE,
        help_text=_("Any length from one month to a year (e.g. three months or a year)."),
    )

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = _prioritised(collaboration)


class PromiseForm(forms.Form):
    """The promise's public sections 1, 2, 4 and 5 (3 are the activities, 6 the signatures)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    problems = forms.ModelMultipleChoiceField(
        label=_("Focus problems"),
        queryset=Problem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    introduction = forms.CharField(
        label=_("1. Introduction and purpose"),
        required=False,
        max_length=MAX_TEXT,
        widget=TEXTAREA,
    )
    situation_summary = forms.CharField(
        label=_("2. The joint situation picture, the focus area and how it was arrived at"),
        required=False,
        max_length=MAX_TEXT,
        widget=TEXTAREA,
    )
    effects = forms.CharField(
        label=_("4. Effects sought"), required=False, max_length=MAX_TEXT, widget=TEXTAREA
    )
    how_to_follow = forms.CharField(
        label=_("5. How citizens can follow the work"),
        required=False,
        max_length=MAX_TEXT,
        widget=TEXTAREA,
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators to follow up"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    update_interval_days = forms.IntegerField(
        label=_("Progress updates due every (days)"), min_value=1, max_value=366, initial=30
    )
    diarienummer = forms.CharField(label=_("Diarienummer"), max_length=50, required=False)
    renewal_justification = forms.CharField(
        label=_("Why the need remains (renewal)"),
        required=False,
        max_length=MAX_TEXT,
        widget=TEXTAREA,
    )

    def __init__(
        self, *args: Any, collaboration: Collaboration, renewal: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = _prioritised(collaboration)
        self.fields["indicators"].queryset = Indicator.objects.filter(
            goal__collaboration=collaboration
        ).order_by("name")
        if not renewal:
            del self.fields["renewal_justification"]


class ActivityForm(forms.Form):
    """An activity: public part (title, description, party, period) and the non-public plan."""

    title = forms.CharField(label=_("Activity"), max_length=200)
    public_description = forms.CharField(
        label=_("Public description"), required=False, max_length=MAX_TEXT, widget=TEXTAREA
    )
    organisation = forms.ModelChoiceField(label=_("Party"), queryset=None)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)
    responsible = forms.CharField(
        label=_("Responsible (not public)"), max_length=300, required=False
    )
    resources = forms.CharField(
        label=_("Resources (not public)"), required=False, max_length=MAX_TEXT, widget=TEXTAREA
    )
    follow_up_plan = forms.CharField(
        label=_("How it is followed up (not public)"),
        required=False,
        max_length=MAX_TEXT,
        widget=TEXTAREA,
    )

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = collaboration.parties.order_by("name")


class MeasureChoiceForm(forms.Form):
    """Take an activity from a measure of the collaboration's åtgärdsplan."""

    measure = forms.ModelChoiceField(label=_("Measure in the action plan"), queryset=None)

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = (
            Measure.objects.filter(plan__collaboration=collaboration)
            .select_related("plan", "responsible_organisation")
            .order_by("-plan__year", "title")
        )
        self.fields["measure"].label_from_instance = lambda m: (
            f"{m.title} ({m.responsible_organisation.name}, {m.plan.year})"
        )


class ActivityUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in ActivityStatus if s in UPDATE_STATUSES],
    )
    public_text = forms.CharField(
        label=_("Public text"),
        required=False,
        max_length=MAX_TEXT,
        widget=TEXTAREA,
        help_text=_(
            "Shown on the public site. Required when the activity is changed or dropped: say why."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note (never public)"),
        required=False,
        max_length=MAX_TEXT,
        widget=TEXTAREA,
    )
    reported_on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class FollowUpForm(forms.Form):
    summary = forms.CharField(
        label=_("What was done (public)"), max_length=MAX_TEXT, widget=TEXTAREA
    )
    outcome = forms.CharField(
        label=_("How it went and the effects (public)"), max_length=MAX_TEXT, widget=TEXTAREA
    )
    lessons = forms.CharField(
        label=_("Lessons (not public)"), required=False, max_length=MAX_TEXT, widget=TEXTAREA
    )


class RenewForm(forms.Form):
    renewal_justification = forms.CharField(
        label=_("Why the need remains according to the joint situation picture"),
        max_length=MAX_TEXT,
        widget=TEXTAREA,
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)


class SettingsForm(forms.Form):
    gates_block = forms.BooleanField(
        label=_("Missing gates block signing"),
        required=False,
        help_text=_(
            "If not ticked, a promise can be signed with missing gates; the promise and the audit log record the warnings."
        ),
    )


class SignForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Sign for"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from laget.organisations.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
