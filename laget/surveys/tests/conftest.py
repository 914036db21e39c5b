"""Fixtures of the survey tests: a small Fagersta survey, open for answers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from laget.surveys import services
from laget.surveys.choices import Anonymity, QuestionKind
from laget.surveys.models import Survey


def build_survey(
    user: Any, collaboration: Any, *, anonymity: str = Anonymity.OPEN_LINK, open_: bool = True
) -> Survey:
    survey = services.survey_create(
        user=user,
        collaboration=collaboration,
        title="Trygghetsenkät test",
        anonymity=anonymity,
        opens_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    services.questions_add_from_bank(
        user=user, survey=survey, keys=["area", "safe_evening", "problems", "improve", "gender"]
    )
    services.question_add(
        user=user,
        survey=survey,
        kind=QuestionKind.SINGLE,
        text_sv="Går du ut på kvällen?",
        text_en="Do you go out in the evening?",
        required=True,
        choices=[("Ja", "Yes"), ("Nej", "No")],
    )
    if open_:
        services.survey_open(user=user, survey=survey)
    return survey


@pytest.fixture
def survey(fagersta: Any, fagersta_coordinator: Any) -> Survey:
    return build_survey(fagersta_coordinator, fagersta)


def valid_data(survey: Survey) -> dict[str, list[str]]:
    """A complete, valid answer to ``build_survey``'s questions."""
    data: dict[str, list[str]] = {}
    for question in survey.questions.prefetch_related("choices"):
        field = f"q{question.pk}"
        choices = [str(c.pk) for c in question.choices.all()]
        if question.kind == QuestionKind.LIKERT:
            data[field] = ["4"]
        elif question.kind == QuestionKind.MULTIPLE:
            data[field] = choices[:2]
        elif question.kind == QuestionKind.FREE_TEXT:
            data[field] = ["Bättre belysning vid stationen."]
        else:
            data[field] = choices[:1]
    return data


def field_of(survey: Survey, kind: str) -> str:
    return f"q{survey.questions.filter(kind=kind).first().pk}"
