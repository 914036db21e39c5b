"""Trygghetsundersökningar: surveys, their questions and the anonymous responses.

Anonymity is a property of the data model: a ``Response`` has no user, no IP address, no user
agent and no time of day (only the date), and an ``AccessCode`` (single-use link) records only
that it was used, never by which response. Responses, answers and used codes are written with
``bulk_create``/``update`` so that no model signal fires and the audit log holds no timestamped
trace that could link a used code to a response (see ``services.response_submit``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from laget.surveys.choices import Anonymity, Handling, QuestionKind, SurveyStatus

MAX_TITLE = 200
MAX_QUESTION = 500
MAX_FREE_TEXT = 2000
MAX_THEME = 100
DEFAULT_THRESHOLD = 5


def _localised(sv: str, en: str) -> str:
    """The English text on English pages when there is one, else the Swedish."""
    if en and (get_language() or "sv").startswith("en"):
        return en
    return sv


class Survey(models.Model):
    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("collaboration"),
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    title_en = models.CharField(_("title in English"), max_length=MAX_TITLE, blank=True)
    intro = models.TextField(_("introduction"), max_length=3000, blank=True)
    intro_en = models.TextField(_("introduction in English"), max_length=3000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    anonymity = models.CharField(
        _("answering"), max_length=20, choices=Anonymity.choices, default=Anonymity.OPEN_LINK
    )
    round_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_rounds",
        verbose_name=_("earlier round"),
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
    )
    public_token = models.CharField(_("link key"), max_length=40, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    #: Languages besides Swedish and English (codes of ``django.conf.locale.LANG_INFO``).
    extra_languages = models.JSONField(_("further languages"), default=list, blank=True)
    #: ``{"ar": {"title": "...", "intro": "..."}}``; a missing text falls back to Swedish.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("safety survey")
        verbose_name_plural = _("safety surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return _localised(self.title, self.title_en)

    @property
    def display_intro(self) -> str:
        return _localised(self.intro, self.intro_en)


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text_sv = models.CharField(_("question (Swedish)"), max_length=MAX_QUESTION)
    text_en = models.CharField(_("question (English)"), max_length=MAX_QUESTION, blank=True)
    required = models.BooleanField(_("required"), default=False)
    key = models.SlugField(
        _("key"),
        max_length=60,
        blank=True,
        help_text=_("The same key in two rounds makes the question comparable."),
    )
    #: ``{"ar": "..."}``: the question in the survey's further languages.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text_sv

    @property
    def text(self) -> str:
        return _localised(self.text_sv, self.text_en)


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text_sv = models.CharField(_("choice (Swedish)"), max_length=200)
    text_en = models.CharField(_("choice (English)"), max_length=200, blank=True)
    area = models.ForeignKey(
        "geography.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    #: ``{"ar": "..."}``: the choice in the survey's further languages.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text_sv

    @property
    def text(self) -> str:
        return _localised(self.text_sv, self.text_en)


class Response(models.Model):
    """One anonymous response: deliberately nothing but the survey and the date."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One answer: a chosen choice (one row per choice of a multiple choice), a scale value or a
    free text; free texts carry the coordinator's theme and handling status."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("choice"),
    )
    value = models.PositiveSmallIntegerField(
        _("value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    text = models.TextField(_("text"), max_length=MAX_FREE_TEXT, blank=True)
    theme = models.CharField(_("theme"), max_length=MAX_THEME, blank=True)
    handling = models.CharField(
        _("handling"), max_length=10, choices=Handling.choices, default=Handling.NEW
    )

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question_id}/{self.pk}"


class AccessCode(models.Model):
    """A single-use link: only a digest of the code is kept, and never which response used it."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="access_codes", verbose_name=_("survey")
    )
    code_hash = models.CharField(_("code digest"), max_length=64, unique=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("single-use code")
        verbose_name_plural = _("single-use codes")

    def __str__(self) -> str:
        return self.code_hash[:8]


class UsedFormToken(models.Model):
    """Digests of the form tokens of open-link responses, so one form cannot be sent twice."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self) -> str:
        return self.digest[:8]
