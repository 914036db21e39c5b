"""Forms for reporting: the single report, the weekly checklist, the report filter, templates.

Forms check shape only. Meaning (a category of this collaboration, a point inside the
municipality, no future dates, personal data) is checked by the services; their errors land on
the fields here through ``apply_validation_error`` (ReportInput's field names are form fields).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from laget.geography.models import Area
from laget.organisations.models import Unit
from laget.reporting.choices import Assessment, TemplatePreset, Trend
from laget.reporting.models import MAX_COUNT, MAX_TEXT, Category
from laget.reporting.presets import ASSESSMENT_HELP, PRESETS
from laget.reporting.services import ChecklistItem, ReportInput, period_start_for

#: How many weeks back the reporting forms offer (older events: give a date and time).
REPORT_WEEKS = 8
#: How many weeks back the coordinator's filters offer.
FILTER_WEEKS = 53

WHEN_WEEK = "week"
WHEN_TIME = "time"
ANSWER_NONE = "none"
ANSWER_HAPPENED = "happened"
MAX_REASON = 500
#: The checklist's fields for a category that has happened.
DETAIL_FIELDS = ("count", "assessment", "trend", "text", "personal_data_reason")


def week_label(monday: datetime.date) -> str:
    """ "Week 18 (27 Apr–3 May 2026)": the ISO week number and its Monday–Sunday."""
    return _("Week %(number)s (%(start)s–%(end)s)") % {
        "number": monday.isocalendar().week,
        "start": date_format(monday, "j M"),
        "end": date_format(monday + datetime.timedelta(days=6), "j M Y"),
    }


def week_choices(count: int) -> list[tuple[str, str]]:
    """The current week and the ``count - 1`` before it, newest first (values: ISO Mondays)."""
    monday = period_start_for(timezone.localdate())
    weeks = [monday - datetime.timedelta(weeks=n) for n in range(count)]
    return [(w.isoformat(), week_label(w)) for w in weeks]


def current_week() -> str:
    return period_start_for(timezone.localdate()).isoformat()


def category_choices(categories: list[Category], *, mains_selectable: bool = False) -> list[Any]:
    """A grouped choice list: each main category an optgroup of its sub-categories.

    A main category without sub-categories is an option of its own. With ``mains_selectable``
    (filters) a main category is also offered, meaning "all of its sub-categories".
    """
    choices: list[Any] = []
    for main in (c for c in categories if c.parent_id is None):
        subs = [c for c in categories if c.parent_id == main.pk]
        if not subs:
            choices.append((str(main.pk), main.name))
            continue
        options = [(str(c.pk), c.name) for c in subs]
        if mains_selectable:
            options.insert(0, (str(main.pk), _("%(name)s (all)") % {"name": main.name}))
        choices.append((main.name, options))
    return choices


class CategorySelect(forms.Select):
    """A select whose options carry ``data-involves-children`` for the orosanmälan reminder."""

    def __init__(self, *args: Any, children: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children or set()

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.children:
            option["attrs"]["data-involves-children"] = "true"
        return option


class AssessmentRadioSelect(forms.RadioSelect):
    """Grön/gul/röd radios, each with the scale's help text beside its label."""

    option_template_name = "reporting/widgets/assessment_option.html"

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        option["help"] = ASSESSMENT_HELP.get(str(value), "")
        option["colour"] = str(value)
        return option


def assessment_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Assessment"),
        choices=Assessment.choices,
        widget=AssessmentRadioSelect,
        required=False,
    )


def trend_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Trend compared with the previous week"),
        choices=Trend.choices,
        widget=forms.RadioSelect(attrs={"class": "choice-row"}),
        required=False,
    )


def count_field(required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Number of occurrences"),
        min_value=1,
        max_value=MAX_COUNT,
        initial=1,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )


def text_field() -> forms.CharField:
    return forms.CharField(
        label=_("Description"),
        help_text=_("Describe places and events, not people: no names, numbers or plates."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MAX_TEXT,
    )


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for keeping the personal data"),
        help_text=_("Why the report needs it. Coordinators see the reason and can mask the data."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=MAX_REASON,
    )


def _unit_field(units: list[Unit]) -> forms.ModelChoiceField:
    """The units a person may report for; empty means the organisation as a whole."""
    return forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(pk__in=[u.pk for u in units]).select_related("organisation"),
        required=False,
        empty_label=_("The organisation as a whole"),
    )


class ReportForm(forms.Form):
    """One lägesrapport ("Rapportera")."""

    category = forms.ChoiceField(label=_("Category"), widget=CategorySelect)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Choose an area"),
    )
    lon = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=-90, max_value=90)
    when = forms.ChoiceField(
        label=_("When"),
        choices=[(WHEN_WEEK, _("During the week")), (WHEN_TIME, _("At a specific time"))],
        widget=forms.RadioSelect(attrs={"class": "choice-row"}),
        initial=WHEN_WEEK,
    )
    week = forms.ChoiceField(label=_("Week"), required=False)
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    count = count_field(required=True)
    assessment = assessment_field()
    trend = trend_field()
    text = text_field()
    personal_data_reason = reason_field()

    def __init__(
        self,
        *args: Any,
        categories: list[Category],
        areas: Any,
        units: list[Unit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        leaves = {c.pk for c in categories} - {c.parent_id for c in categories if c.parent_id}
        self.categories = {c.pk: c for c in categories if c.pk in leaves}
        children = {str(pk) for pk, c in self.categories.items() if c.involves_children}
        self.fields["category"].choices = [
            ("", _("Choose a category")),
            *category_choices(categories),
        ]
        self.fields["category"].widget.children = children
        self.fields["area"].queryset = areas
        self.fields["week"].choices = week_choices(REPORT_WEEKS)
        self.fields["week"].initial = current_week()
        if len(units) > 1:
            self.fields["unit"] = _unit_field(units)
        else:
            del self.fields["unit"]  # the one unit (or none) is used; nothing to choose
        self.show_reason = bool(self.data.get("personal_data_reason"))

    def clean_category(self) -> Category:
        # The choices already limit the value to this template's reportable categories.
        return self.categories[int(self.cleaned_data["category"])]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        needs_time = data.get("when") == WHEN_TIME and data.get("occurred_at") is None
        if needs_time and "occurred_at" not in self.errors:
            self.add_error("occurred_at", _("Give the date and time, or choose “During the week”."))
        has_point = data.get("lon") is not None and data.get("lat") is not None
        if data.get("area") is None and not has_point and "area" not in self.errors:
            self.add_error("area", _("Choose an area or mark the place on the map."))
        return data

    def involves_children(self) -> bool:
        """Whether the chosen category may involve children (the reminder is shown at once)."""
        value = self["category"].value()
        try:
            category = self.categories.get(int(value))
        except (TypeError, ValueError):
            return False
        return bool(category and category.involves_children)

    def report_input(self, default_unit: Unit | None) -> ReportInput:
        data = self.cleaned_data
        at_time = data["when"] == WHEN_TIME
        return ReportInput(
            category=data["category"],
            count=data["count"],
            unit=data.get("unit") or default_unit,
            occurred_at=data["occurred_at"] if at_time else None,
            period_start=None if at_time else datetime.date.fromisoformat(data["week"]),
            area=data["area"],
            lon=data["lon"],
            lat=data["lat"],
            assessment=data["assessment"],
            trend=data["trend"],
            text=data["text"],
            personal_data_reason=data["personal_data_reason"],
        )


class ChecklistScopeForm(forms.Form):
    """Which weekly checklist: area, week and (for people in several units) the unit."""

    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), empty_label=_("Choose an area")
    )
    week = forms.ChoiceField(label=_("Week"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, areas: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["week"].choices = week_choices(REPORT_WEEKS)
        self.fields["week"].initial = current_week()
        if len(units) > 1:
            self.fields["unit"] = _unit_field(units)
        else:
            del self.fields["unit"]

    def clean_week(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["week"])


@dataclass
class ChecklistRow:
    """One category of the checklist page, with its bound fields."""

    category: Category
    answer: forms.BoundField
    count: forms.BoundField
    assessment: forms.BoundField
    trend: forms.BoundField
    text: forms.BoundField
    reason: forms.BoundField
    show_reason: bool

    @property
    def has_detail_errors(self) -> bool:
        return any(
            f.errors for f in (self.count, self.assessment, self.trend, self.text, self.reason)
        )


class ChecklistForm(forms.Form):
    """The weekly checklist: for every category "Nothing to report" or "Has happened" (+ details).

    Field names are ``<category key>-<field>``, the keys ``services.checklist_submit`` uses for
    its errors, so each error lands next to its category.
    """

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        answer_required = _("Choose “Nothing to report” or “Has happened”.")
        for category in categories:
            key = category.key
            self.fields[f"{key}-answer"] = forms.ChoiceField(
                label=str(category),
                choices=[
                    (ANSWER_NONE, _("Nothing to report")),
                    (ANSWER_HAPPENED, _("Has happened")),
                ],
                widget=forms.RadioSelect(attrs={"class": "choice-row"}),
                error_messages={"required": answer_required},
            )
            self.fields[f"{key}-count"] = count_field(required=False)
            self.fields[f"{key}-assessment"] = assessment_field()
            self.fields[f"{key}-trend"] = trend_field()
            self.fields[f"{key}-text"] = text_field()
            self.fields[f"{key}-personal_data_reason"] = reason_field()
        self.reason_for: set[str] = {
            c.key for c in categories if self.data.get(f"{c.key}-personal_data_reason")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        missing = 0
        for category in self.categories:
            key = category.key
            answer = data.get(f"{key}-answer")
            if answer is None:
                missing += 1
            elif answer == ANSWER_NONE:
                # Details typed before choosing "Nothing to report" are ignored, not errors.
                for field in DETAIL_FIELDS:
                    self.errors.pop(f"{key}-{field}", None)
            elif (
                answer == ANSWER_HAPPENED
                and data.get(f"{key}-count") is None
                and f"{key}-count" not in self.errors
            ):
                self.add_error(f"{key}-count", _("Give the number of occurrences."))
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "Answer every category: %(count)s category has no answer.",
                    "Answer every category: %(count)s categories have no answer.",
                    missing,
                )
                % {"count": missing},
                code="unanswered",
            )
        return data

    def rows(self) -> list[ChecklistRow]:
        rows = []
        for category in self.categories:
            key = category.key
            rows.append(
                ChecklistRow(
                    category,
                    self[f"{key}-answer"],
                    self[f"{key}-count"],
                    self[f"{key}-assessment"],
                    self[f"{key}-trend"],
                    self[f"{key}-text"],
                    self[f"{key}-personal_data_reason"],
                    key in self.reason_for,
                )
            )
        return rows

    def items(self) -> list[ChecklistItem]:
        data = self.cleaned_data
        items = []
        for category in self.categories:
            key = category.key
            if data[f"{key}-answer"] == ANSWER_NONE:
                items.append(ChecklistItem(category, nothing_to_report=True))
                continue
            report = ReportInput(
                category=category,
                count=data[f"{key}-count"],
                assessment=data[f"{key}-assessment"],
                trend=data[f"{key}-trend"],
                text=data[f"{key}-text"],
                personal_data_reason=data[f"{key}-personal_data_reason"],
            )
            items.append(ChecklistItem(category, nothing_to_report=False, report=report))
        return items


class WeekForm(forms.Form):
    """The week of the coordinator's checklist overview."""

    week = forms.ChoiceField(label=_("Week"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["week"].choices = week_choices(FILTER_WEEKS)

    def chosen_week(self) -> datetime.date:
        value = self.cleaned_data.get("week") if self.is_valid() else None
        return datetime.date.fromisoformat(value or current_week())


class ReportFilterForm(forms.Form):
    """The coordinator's report list: filter by week, category and area (all optional)."""

    week = forms.ChoiceField(label=_("Week"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )

    def __init__(self, *args: Any, categories: list[Category], areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {c.pk: c for c in categories}
        self.fields["week"].choices = [("", _("All weeks")), *week_choices(FILTER_WEEKS)]
        self.fields["category"].choices = [
            ("", _("All categories")),
            *category_choices(categories, mains_selectable=True),
        ]
        self.fields["area"].queryset = areas

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments for ``selectors.report_list``."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "period_start": datetime.date.fromisoformat(data["week"]) if data["week"] else None,
            "category": self.categories.get(int(data["category"])) if data["category"] else None,
            "area": data["area"],
        }


class TemplateCreateForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Based on"),
        choices=[(value, label) for value, label in TemplatePreset.choices if value in PRESETS],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the preset's name."),
    )
    use_now = forms.BooleanField(
        label=_("Use this template for new reports now"),
        required=False,
        help_text=_(
            "The template in use until now stays, with its reports, but is no longer offered."
        ),
    )


class CategoryForm(forms.Form):
    """Add a category, or rename one (the form without ``parent``)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    parent = forms.ModelChoiceField(
        label=_("Main category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("None – this is a main category"),
    )
    help_text = forms.CharField(
        label=_("Help text"),
        help_text=_("Shown to reporters next to the category."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
    involves_children = forms.BooleanField(
        label=_("May involve children"),
        help_text=_(
            "The form then reminds that a situation report never replaces a report of concern."
        ),
        required=False,
    )

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents


class DuplicateForm(forms.Form):
    """Link a report to another one of the same event (empty: remove the link)."""

    duplicate_of = forms.IntegerField(required=False, min_value=1)
