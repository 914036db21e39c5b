"""Somali and Tigrinya: not in Django's LANG_INFO, so the survey languages carry their own entries."""

from __future__ import annotations

import pytest
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils import translation

from laget.surveys import languages


@pytest.mark.parametrize(("code", "native"), [("so", "Soomaali"), ("ti", "ትግርኛ")])
def test_somali_and_tigrinya_are_usable_codes_with_their_own_names(code, native):
    assert code not in LANG_INFO  # the reason for the own entries
    assert code in languages.allowed_codes()
    assert languages.own_name(code) == native
    assert languages.is_rtl(code) is False
    with translation.override("en"):
        assert languages.language_label(code).endswith(f"({native})")
    assert (code, languages.language_label(code)) in languages.language_choices()


def test_labels_use_the_english_name_in_english():
    with translation.override("en"):
        assert languages.language_label("so") == "Somali (Soomaali)"
        assert languages.language_label("ti") == "Tigrinya (ትግርኛ)"


def test_base_languages_and_django_languages_are_unchanged():
    codes = languages.allowed_codes()
    assert "sv" not in codes and "en" not in codes
    assert "ar" in codes and languages.is_rtl("ar")
    assert codes == sorted(codes) and len(codes) == len(set(codes))


@pytest.mark.django_db
def test_a_survey_can_get_somali_and_tigrinya_and_save_texts(survey, fagersta_coordinator):
    for code in ("so", "ti"):
        languages.language_add(user=fagersta_coordinator, survey=survey, code=code)
    survey.refresh_from_db()
    assert survey.extra_languages == ["so", "ti"]
    languages.translations_save(
        user=fagersta_coordinator, survey=survey, code="ti", values={"title": "መጽናዕቲ ድሕንነት"}
    )
    survey.refresh_from_db()
    assert languages.survey_text_in(survey, "title", "ti") == "መጽናዕቲ ድሕንነት"
    assert languages.survey_text_in(survey, "title", "so") == survey.title
    assert (
        dict((c, n) for c, _label, n in languages.gaps(survey))["ti"]
        < dict((c, n) for c, _label, n in languages.gaps(survey))["so"]
    )
    with pytest.raises(ValidationError):
        languages.language_add(user=fagersta_coordinator, survey=survey, code="so")
