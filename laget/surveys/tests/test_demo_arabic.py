"""The demo's Arabic translation of Ludvika's safety survey: complete except place names."""

import pytest
from django.urls import reverse

from laget.surveys import languages
from laget.surveys.choices import SurveyStatus
from laget.surveys.demo import ARABIC_TITLE, surveys_demo_load
from laget.surveys.models import Survey

pytestmark = pytest.mark.django_db


def _current(ludvika) -> Survey:
    return Survey.objects.get(collaboration=ludvika, round_of__isnull=False)


def test_this_years_round_is_translated_into_arabic(ludvika):
    survey = _current(ludvika)
    assert survey.extra_languages == ["ar"]
    assert survey.translations["ar"]["title"] == ARABIC_TITLE
    assert survey.translations["ar"]["intro"]
    missing = languages.missing(survey, "ar")
    # Only place names (areas other than the centre) keep their Swedish names.
    area_names = set(ludvika.areas.exclude(name="Centrum").values_list("name", flat=True))
    assert {row.swedish for row in missing} <= area_names
    for question in survey.questions.prefetch_related("choices"):
        text = languages.text_in(question, "ar")
        assert any("\u0600" <= ch <= "\u06ff" for ch in text), question.key
    evening = survey.questions.get(key="avoid_places")
    assert [languages.text_in(c, "ar") for c in evening.choices.all()] == ["نعم", "لا", "لا أعرف"]


def test_loading_the_demo_again_keeps_one_arabic_language(ludvika):
    surveys_demo_load()
    assert _current(ludvika).extra_languages == ["ar"]


def test_the_answer_page_in_arabic_is_right_to_left(client, ludvika):
    survey = _current(ludvika)
    # The demo round is closed; open it again to see the answering page.
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN, closes_on=None)
    url = reverse("public_surveys:answer", kwargs={"survey_token": survey.public_token})
    html = client.get(url + "?lang=ar").content.decode()
    assert 'id="survey-texts"' in html and 'dir="rtl"' in html
    assert ARABIC_TITLE in html
