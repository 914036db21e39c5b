"""Further survey languages: adding a language, translating, fallback to Swedish, RTL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from laget.surveys import languages
from laget.surveys.models import MAX_QUESTION, Question, Survey

pytestmark = pytest.mark.django_db


def _url(survey: Survey) -> str:
    return reverse(
        "surveys:translations",
        kwargs={"collaboration_id": survey.collaboration_id, "survey_id": survey.pk},
    )


def _public(survey: Survey) -> str:
    return reverse("public_surveys:answer", kwargs={"survey_token": survey.public_token})


def _evening(survey: Survey) -> Question:
    return survey.questions.get(text_sv="Går du ut på kvällen?")


def test_adding_a_language_and_refusing_unknown_or_twice(survey, fagersta_coordinator):
    languages.language_add(user=fagersta_coordinator, survey=survey, code="ar")
    survey.refresh_from_db()
    assert survey.extra_languages == ["ar"]
    for code in ("xx", "sv", "en", "zh-cn", "ar"):
        with pytest.raises(ValidationError) as exc:
            languages.language_add(user=fagersta_coordinator, survey=survey, code=code)
        assert "code" in exc.value.message_dict
    survey.refresh_from_db()
    assert survey.extra_languages == ["ar"]


def test_reporter_cannot_add_a_language(survey, fagersta_reporter):
    with pytest.raises(ValidationError):
        languages.language_add(user=fagersta_reporter, survey=survey, code="ar")
    survey.refresh_from_db()
    assert survey.extra_languages == []


def test_saving_translations_and_what_is_missing(survey, fagersta_coordinator):
    languages.language_add(user=fagersta_coordinator, survey=survey, code="ar")
    question = _evening(survey)
    yes = question.choices.get(text_sv="Ja")
    before = len(languages.missing(survey, "ar"))
    languages.translations_save(
        user=fagersta_coordinator,
        survey=survey,
        code="ar",
        values={
            "title": "استطلاع الأمان",
            f"q{question.pk}": "هل تخرج في المساء؟",
            f"c{yes.pk}": "نعم",
        },
    )
    survey.refresh_from_db()
    question.refresh_from_db()
    yes.refresh_from_db()
    assert survey.translations["ar"] == {"title": "استطلاع الأمان"}
    assert question.translations == {"ar": "هل تخرج في المساء؟"}
    assert yes.translations == {"ar": "نعم"}
    assert len(languages.missing(survey, "ar")) == before - 3
    assert languages.text_in(question.choices.get(text_sv="Nej"), "ar") == "Nej"


def test_too_long_text_stores_nothing(survey, fagersta_coordinator):
    languages.language_add(user=fagersta_coordinator, survey=survey, code="fi")
    question = _evening(survey)
    with pytest.raises(ValidationError) as exc:
        languages.translations_save(
            user=fagersta_coordinator,
            survey=survey,
            code="fi",
            values={"title": "Turvallisuuskysely", f"q{question.pk}": "x" * (MAX_QUESTION + 1)},
        )
    assert f"q{question.pk}" in exc.value.message_dict
    survey.refresh_from_db()
    question.refresh_from_db()
    assert survey.translations == {}
    assert question.translations == {}


def test_translations_for_a_language_not_added_are_refused(survey, fagersta_coordinator):
    with pytest.raises(ValidationError):
        languages.translations_save(
            user=fagersta_coordinator, survey=survey, code="ar", values={"title": "x"}
        )


def test_translations_page_per_persona(
    survey, client_for, fagersta_coordinator, fagersta_reporter, ludvika_coordinator
):
    assert client_for(ludvika_coordinator).get(_url(survey)).status_code == 404
    reporter = client_for(fagersta_reporter)
    assert reporter.get(_url(survey)).status_code == 403
    assert reporter.post(_url(survey), {"action": "add", "code": "ar"}).status_code == 403
    survey.refresh_from_db()
    assert survey.extra_languages == []
    client = client_for(fagersta_coordinator)
    page = client.get(_url(survey)).content.decode()
    assert 'value="ar"' in page and 'id="translations-note"' in page
    bad = client.post(_url(survey), {"action": "add", "code": "klingon"})
    assert bad.status_code == 400
    assert 'id="language-add-errors"' in bad.content.decode()
    added = client.post(_url(survey), {"action": "add", "code": "ar"})
    assert added.status_code == 302 and added["Location"].endswith("?lang=ar")
    form = client.get(_url(survey) + "?lang=ar").content.decode()
    question = _evening(survey)
    assert f'name="q{question.pk}"' in form and 'dir="rtl"' in form
    too_long = client.post(
        _url(survey), {"lang": "ar", "title": "عنوان", f"q{question.pk}": "x" * 501}
    )
    assert too_long.status_code == 400
    survey.refresh_from_db()
    assert survey.translations == {}
    saved = client.post(_url(survey), {"lang": "ar", "title": "عنوان"})
    assert saved.status_code == 302
    survey.refresh_from_db()
    assert survey.translations == {"ar": {"title": "عنوان"}}
    detail = client.get(
        reverse(
            "surveys:detail",
            kwargs={"collaboration_id": survey.collaboration_id, "survey_id": survey.pk},
        )
    ).content.decode()
    assert 'id="language-gaps"' in detail and 'data-lang="ar"' in detail


def test_answer_page_in_arabic_with_fallback_and_rtl(survey, fagersta_coordinator, client):
    languages.language_add(user=fagersta_coordinator, survey=survey, code="ar")
    question = _evening(survey)
    yes = question.choices.get(text_sv="Ja")
    languages.translations_save(
        user=fagersta_coordinator,
        survey=survey,
        code="ar",
        values={
            "title": "استطلاع الأمان",
            f"q{question.pk}": "هل تخرج في المساء؟",
            f"c{yes.pk}": "نعم",
        },
    )
    page = client.get(_public(survey) + "?lang=ar")
    assert page.status_code == 200
    html = page.content.decode()
    assert "استطلاع الأمان" in html and "هل تخرج في المساء؟" in html and "نعم" in html
    assert "Nej" in html  # no translation: falls back to Swedish
    assert '<div lang="ar" dir="rtl" id="survey-texts">' in html
    assert 'data-lang="sv"' in html and 'data-lang="en"' in html
    assert '<html lang="sv"' in html  # the chrome stays Swedish
    # a language the survey does not have falls back to Swedish
    other = client.get(_public(survey) + "?lang=fi").content.decode()
    assert "Går du ut på kvällen?" in other and 'dir="rtl"' not in other
    assert 'data-lang="ar"' in other and 'lang="ar"' in other


def test_a_new_round_keeps_the_languages_and_question_texts(survey, fagersta_coordinator):
    from laget.surveys import services

    languages.language_add(user=fagersta_coordinator, survey=survey, code="fa")
    question = _evening(survey)
    languages.translations_save(
        user=fagersta_coordinator,
        survey=survey,
        code="fa",
        values={"title": "نظرسنجی", f"q{question.pk}": "آیا شب‌ها بیرون می‌روید؟"},
    )
    new = services.survey_new_round(user=fagersta_coordinator, survey=survey, title="Omgång 2")
    assert new.extra_languages == ["fa"]
    assert new.translations == {"fa": {}}
    assert _evening(new).translations == {"fa": "آیا شب‌ها بیرون می‌روید؟"}
