"""Services of the safety surveys: building, answering (all or nothing), coding, indicators."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from laget.audit.models import AuditEntry
from laget.surveys import selectors, services
from laget.surveys.choices import Anonymity, Handling, QuestionKind, SurveyStatus
from laget.surveys.models import AccessCode, Answer, Response, UsedFormToken
from laget.surveys.tests.conftest import build_survey, field_of, valid_data

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _submit(survey, data=None, **kwargs):
    if survey.anonymity == Anonymity.OPEN_LINK and "form_token" not in kwargs:
        kwargs["form_token"] = services.form_token_new(survey)
    return services.response_submit(
        survey=survey,
        data=valid_data(survey) if data is None else data,
        on=timezone.localdate(),
        **kwargs,
    )


def _nothing_stored(survey) -> bool:
    return (
        not Response.objects.filter(survey=survey).exists()
        and not Answer.objects.filter(question__survey=survey).exists()
        and not UsedFormToken.objects.filter(survey=survey).exists()
    )


# --- building ---


def test_bank_adds_questions_with_keys_and_fixed_choices(survey, fagersta):
    keys = list(survey.questions.values_list("key", flat=True))
    assert keys[:5] == ["area", "safe_evening", "problems", "improve", "gender"]
    area = survey.questions.get(kind=QuestionKind.AREA)
    assert set(area.choices.values_list("text_sv", flat=True)) == set(
        fagersta.areas.values_list("name", flat=True)
    )
    assert survey.questions.get(kind=QuestionKind.GENDER).choices.count() == 4


def test_bank_skips_questions_already_present(survey, fagersta_coordinator):
    survey.status = SurveyStatus.DRAFT
    survey.save()
    added = services.questions_add_from_bank(
        user=fagersta_coordinator, survey=survey, keys=["area", "trust_police"]
    )
    assert [q.key for q in added] == ["trust_police"]


def test_reporters_cannot_build(fagersta, fagersta_reporter):
    with pytest.raises(ValidationError) as exc:
        services.survey_create(user=fagersta_reporter, collaboration=fagersta, title="X")
    assert _codes(exc.value) == {"not_allowed"}


def test_questions_cannot_change_once_open(survey, fagersta_coordinator):
    with pytest.raises(ValidationError) as exc:
        services.question_add(
            user=fagersta_coordinator,
            survey=survey,
            kind=QuestionKind.FREE_TEXT,
            text_sv="Något mer?",
        )
    assert _codes(exc.value) == {"not_draft"}


def test_choice_questions_need_two_choices_and_one_background_of_each(
    fagersta, fagersta_coordinator
):
    survey = build_survey(fagersta_coordinator, fagersta, open_=False)
    with pytest.raises(ValidationError) as exc:
        services.question_add(
            user=fagersta_coordinator,
            survey=survey,
            kind=QuestionKind.SINGLE,
            text_sv="Fråga",
            choices=[("Ja", "")],
        )
    assert _codes(exc.value) == {"few_choices"}
    with pytest.raises(ValidationError) as exc:
        services.question_add(
            user=fagersta_coordinator, survey=survey, kind=QuestionKind.AREA, text_sv="Område"
        )
    assert _codes(exc.value) == {"duplicate_background"}


def test_question_move_and_remove(fagersta, fagersta_coordinator):
    survey = build_survey(fagersta_coordinator, fagersta, open_=False)
    first, second = list(survey.questions.all())[:2]
    services.question_move(user=fagersta_coordinator, question=second, up=True)
    assert survey.questions.first().pk == second.pk
    services.question_remove(user=fagersta_coordinator, question=first)
    assert not survey.questions.filter(pk=first.pk).exists()


def test_open_needs_questions(fagersta, fagersta_coordinator):
    empty = services.survey_create(user=fagersta_coordinator, collaboration=fagersta, title="T")
    with pytest.raises(ValidationError) as exc:
        services.survey_open(user=fagersta_coordinator, survey=empty)
    assert _codes(exc.value) == {"no_questions"}


def test_new_round_copies_questions_and_links_the_earlier_round(survey, fagersta_coordinator):
    new = services.survey_new_round(user=fagersta_coordinator, survey=survey, title="Omgång 2")
    assert new.round_of == survey
    assert new.status == SurveyStatus.DRAFT
    assert list(new.questions.values_list("key", "kind")) == list(
        survey.questions.values_list("key", "kind")
    )
    assert new.public_token != survey.public_token


# --- answering ---


def test_a_valid_response_is_stored_anonymously(survey):
    response = _submit(survey)
    assert response.submitted_on == timezone.localdate()
    field_names = {f.name for f in Response._meta.get_fields()}
    assert field_names == {"id", "survey", "submitted_on", "answers"}
    multiple = survey.questions.get(kind=QuestionKind.MULTIPLE)
    assert Answer.objects.filter(response=response, question=multiple).count() == 2
    assert Answer.objects.filter(response=response).count() == 7
    # No audit entry whose time could tie the response to a person or a code.
    assert not AuditEntry.objects.filter(model_label__in=["surveys.Response", "surveys.Answer"])


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        (QuestionKind.LIKERT, "6", "out_of_range"),
        (QuestionKind.LIKERT, "0", "out_of_range"),
        (QuestionKind.LIKERT, "fyra", "out_of_range"),
        (QuestionKind.SINGLE, "999999", "invalid_choice"),
        (QuestionKind.AREA, "abc", "invalid_choice"),
        (QuestionKind.FREE_TEXT, "x" * 2001, "too_long"),
        (QuestionKind.FREE_TEXT, "Ring mig på 070-123 45 67", "personal_data"),
        (QuestionKind.FREE_TEXT, "Mitt personnummer är 19811218-9876", "personal_data"),
    ],
)
def test_bad_input_stores_nothing(survey, kind, value, code):
    data = valid_data(survey)
    data[field_of(survey, kind)] = [value]
    with pytest.raises(ValidationError) as exc:
        _submit(survey, data)
    assert code in _codes(exc.value)
    assert _nothing_stored(survey)


def test_two_choices_on_a_single_choice_question_are_refused(survey):
    data = valid_data(survey)
    question = survey.questions.get(kind=QuestionKind.GENDER)
    data[f"q{question.pk}"] = [str(c.pk) for c in question.choices.all()[:2]]
    with pytest.raises(ValidationError) as exc:
        _submit(survey, data)
    assert _codes(exc.value) == {"one_choice"}
    assert _nothing_stored(survey)


def test_a_choice_of_another_question_is_refused(survey):
    data = valid_data(survey)
    other = survey.questions.get(kind=QuestionKind.GENDER).choices.first()
    data[field_of(survey, QuestionKind.AREA)] = [str(other.pk)]
    with pytest.raises(ValidationError):
        _submit(survey, data)
    assert _nothing_stored(survey)


def test_required_question_and_empty_response(survey):
    data = valid_data(survey)
    required = survey.questions.get(required=True)
    del data[f"q{required.pk}"]
    with pytest.raises(ValidationError) as exc:
        _submit(survey, data)
    assert _codes(exc.value) == {"required"}
    assert _nothing_stored(survey)


def test_empty_response_is_refused(fagersta, fagersta_coordinator):
    survey = build_survey(fagersta_coordinator, fagersta, open_=False)
    survey.questions.filter(required=True).update(required=False)
    services.survey_open(user=fagersta_coordinator, survey=survey)
    with pytest.raises(ValidationError) as exc:
        _submit(survey, {})
    assert _codes(exc.value) == {"empty"}
    assert _nothing_stored(survey)


def test_closed_draft_and_out_of_period_surveys_take_no_answers(survey, fagersta_coordinator):
    services.survey_close(user=fagersta_coordinator, survey=survey)
    with pytest.raises(ValidationError) as exc:
        _submit(survey)
    assert _codes(exc.value) == {"closed"}
    services.survey_open(user=fagersta_coordinator, survey=survey)
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError):
        _submit(survey)
    assert _nothing_stored(survey)


def test_the_same_form_cannot_answer_twice(survey):
    token = services.form_token_new(survey)
    _submit(survey, form_token=token)
    with pytest.raises(ValidationError) as exc:
        _submit(survey, form_token=token)
    assert _codes(exc.value) == {"duplicate"}
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_forged_or_foreign_form_token_is_refused(survey, fagersta, fagersta_coordinator):
    other = build_survey(fagersta_coordinator, fagersta)
    for token in ["", "forged", services.form_token_new(other)]:
        with pytest.raises(ValidationError) as exc:
            _submit(survey, form_token=token)
        assert _codes(exc.value) == {"bad_token"}
    assert _nothing_stored(survey)


def test_single_use_codes_answer_once(fagersta, fagersta_coordinator):
    survey = build_survey(fagersta_coordinator, fagersta, anonymity=Anonymity.SINGLE_USE)
    codes = services.access_codes_generate(user=fagersta_coordinator, survey=survey, count=3)
    assert len(set(codes)) == 3
    assert not AccessCode.objects.filter(code_hash__in=codes).exists()  # only digests
    _submit(survey, code=codes[0])
    with pytest.raises(ValidationError) as exc:
        _submit(survey, code=codes[0])
    assert _codes(exc.value) == {"duplicate"}
    with pytest.raises(ValidationError) as exc:
        _submit(survey, code="UNKNOWN")
    assert _codes(exc.value) == {"duplicate"}
    with pytest.raises(ValidationError) as exc:
        _submit(survey, code="")
    assert _codes(exc.value) == {"no_code"}
    assert Response.objects.filter(survey=survey).count() == 1
    assert AccessCode.objects.filter(survey=survey, used=True).count() == 1


def test_a_bad_answer_does_not_use_up_the_code(fagersta, fagersta_coordinator):
    survey = build_survey(fagersta_coordinator, fagersta, anonymity=Anonymity.SINGLE_USE)
    (code,) = services.access_codes_generate(user=fagersta_coordinator, survey=survey, count=1)
    data = valid_data(survey)
    data[field_of(survey, QuestionKind.LIKERT)] = ["9"]
    with pytest.raises(ValidationError):
        _submit(survey, data, code=code)
    assert services.code_is_usable(survey, code)
    _submit(survey, code=code)


def test_codes_only_for_single_use_surveys_and_in_range(survey, fagersta, fagersta_coordinator):
    with pytest.raises(ValidationError) as exc:
        services.access_codes_generate(user=fagersta_coordinator, survey=survey, count=5)
    assert _codes(exc.value) == {"not_single_use"}
    single = build_survey(fagersta_coordinator, fagersta, anonymity=Anonymity.SINGLE_USE)
    with pytest.raises(ValidationError):
        services.access_codes_generate(user=fagersta_coordinator, survey=single, count=0)
    assert not AccessCode.objects.filter(survey=single).exists()


# --- coding and indicators ---


def test_free_text_is_coded_with_theme_and_handling(
    survey, fagersta_coordinator, fagersta_reporter
):
    _submit(survey)
    answer = Answer.objects.get(question__survey=survey, question__kind=QuestionKind.FREE_TEXT)
    services.answer_code(
        user=fagersta_coordinator, answer=answer, theme="  Belysning ", handling=Handling.READ
    )
    answer.refresh_from_db()
    assert (answer.theme, answer.handling) == ("Belysning", Handling.READ)
    result = selectors.results(survey=survey)
    free = next(r for r in result.questions if r.question.kind == QuestionKind.FREE_TEXT)
    assert free.themes == [("Belysning", 1)]
    with pytest.raises(ValidationError):
        services.answer_code(
            user=fagersta_reporter, answer=answer, theme="X", handling=Handling.HANDLED
        )
    with pytest.raises(ValidationError):
        services.answer_code(user=fagersta_coordinator, answer=answer, theme="X", handling="odd")
    other = Answer.objects.filter(question__survey=survey, value=4).first()
    with pytest.raises(ValidationError):
        services.answer_code(
            user=fagersta_coordinator, answer=other, theme="X", handling=Handling.READ
        )


def _indicator(collaboration, user):
    from laget.planning.choices import IndicatorSource
    from laget.planning.models import Goal, Indicator

    goal = Goal.objects.filter(collaboration=collaboration).first()
    assert goal is not None, "the demo has goals"
    return Indicator.objects.create(
        goal=goal, name="Andel trygga på kvällen", source=IndicatorSource.SURVEY
    )


def test_results_feed_an_indicator(survey, fagersta, fagersta_coordinator):
    for _i in range(4):
        _submit(survey)
    data = valid_data(survey)
    data[field_of(survey, QuestionKind.LIKERT)] = ["2"]
    _submit(survey, data)
    indicator = _indicator(fagersta, fagersta_coordinator)
    likert = survey.questions.get(kind=QuestionKind.LIKERT)
    today = timezone.localdate()
    measurement = services.indicator_value_record(
        user=fagersta_coordinator,
        survey=survey,
        question=likert,
        indicator=indicator,
        period_start=today.replace(day=1),
        period_end=today,
    )
    assert measurement.value == 80.0  # 4 of 5 agree
    assert "n = 5" in measurement.source_note


def test_too_few_answers_are_not_used_as_indicator_value(survey, fagersta, fagersta_coordinator):
    _submit(survey)
    indicator = _indicator(fagersta, fagersta_coordinator)
    today = timezone.localdate()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.indicator_value_record(
            user=fagersta_coordinator,
            survey=survey,
            question=survey.questions.get(kind=QuestionKind.LIKERT),
            indicator=indicator,
            period_start=today,
            period_end=today,
        )
    assert _codes(exc.value) == {"too_few"}
    assert not indicator.measurements.exists()
