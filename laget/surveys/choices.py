"""Choices of the safety surveys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Anonymity(models.TextChoices):
    OPEN_LINK = "open_link", _("Open link (anyone with the link answers once per form)")
    SINGLE_USE = "single_use_links", _("Single-use links (each code answers once)")


class QuestionKind(models.TextChoices):
    SINGLE = "single_choice", _("Single choice")
    MULTIPLE = "multiple_choice", _("Multiple choice")
    LIKERT = "likert", _("Scale 1–5 (agree/disagree)")
    FREE_TEXT = "free_text", _("Free text")
    AREA = "area", _("Area of residence")
    GENDER = "gender", _("Gender (coarse)")
    AGE_BAND = "age_band", _("Age band")


#: Kinds whose answers are choices (rows of Choice).
CHOICE_KINDS = frozenset(
    {
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.AREA,
        QuestionKind.GENDER,
        QuestionKind.AGE_BAND,
    }
)
#: Background questions: each at most once per survey, used for breakdowns.
BACKGROUND_KINDS = (QuestionKind.AREA, QuestionKind.GENDER, QuestionKind.AGE_BAND)


class Handling(models.TextChoices):
    NEW = "new", _("New")
    READ = "read", _("Read")
    HANDLED = "handled", _("Handled")


#: The Likert labels (value → Swedish, English), fixed so that rounds compare.
LIKERT_LABELS: dict[int, tuple[str, str]] = {
    1: ("Instämmer inte alls", "Strongly disagree"),
    2: ("Instämmer delvis inte", "Somewhat disagree"),
    3: ("Varken eller", "Neither"),
    4: ("Instämmer delvis", "Somewhat agree"),
    5: ("Instämmer helt", "Strongly agree"),
}
#: Coarse gender choices (Swedish, English).
GENDER_CHOICES: list[tuple[str, str]] = [
    ("Kvinna", "Woman"),
    ("Man", "Man"),
    ("Annat", "Other"),
    ("Vill ej svara", "Prefer not to say"),
]
#: Age bands (Swedish, English).
AGE_BANDS: list[tuple[str, str]] = [
    ("16–24 år", "16–24"),
    ("25–44 år", "25–44"),
    ("45–64 år", "45–64"),
    ("65 år eller äldre", "65 or older"),
    ("Vill ej svara", "Prefer not to say"),
]
