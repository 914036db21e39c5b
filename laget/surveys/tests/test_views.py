"""Pages of the safety surveys: permissions per persona, builder forms, results, answering."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from laget.surveys import services
from laget.surveys.choices import Anonymity, QuestionKind, SurveyStatus
from laget.surveys.models import Response, Survey
from laget.surveys.tests.conftest import build_survey, field_of, valid_data

pytestmark = pytest.mark.django_db


def _url(name, survey, **extra):
    return reverse(
        f"surveys:{name}",
        kwargs={"collaboration_id": survey.collaboration_id, "survey_id": survey.pk, **extra},
    )


def _public(survey, name="answer"):
    return reverse(f"public_surveys:{name}", kwargs={"survey_token": survey.public_token})


def test_list_and_results_are_readable_by_members_only(
    survey, client_for, fagersta_reporter, ludvika_coordinator, county_officer
):
    list_url = reverse("surveys:list", kwargs={"collaboration_id": survey.collaboration_id})
    reporter = client_for(fagersta_reporter)
    page = reporter.get(list_url)
    assert page.status_code == 200
    assert f'data-survey="{survey.pk}"' in page.content.decode()
    assert 'id="survey-create"' not in page.content.decode()
    assert reporter.get(_url("results", survey)).status_code == 200
    assert client_for(county_officer).get(_url("results", survey)).status_code == 200
    outsider = client_for(ludvika_coordinator)
    assert outsider.get(_url("detail", survey)).status_code == 404
    assert outsider.get(_url("results", survey)).status_code == 404
    assert outsider.post(_url("close", survey)).status_code == 404


def test_reporters_and_regional_readers_cannot_build(
    survey, client_for, fagersta_reporter, county_officer
):
    for user in (fagersta_reporter, county_officer):
        client = client_for(user)
        create = reverse("surveys:create", kwargs={"collaboration_id": survey.collaboration_id})
        assert client.get(create).status_code in (403, 404)
        assert client.post(_url("close", survey)).status_code in (403, 404)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN


def test_coordinator_builds_from_the_bank_and_opens(fagersta, client_for, fagersta_coordinator):
    client = client_for(fagersta_coordinator)
    create = reverse("surveys:create", kwargs={"collaboration_id": fagersta.pk})
    response = client.post(
        create,
        {"title": "Trygghet 2026", "anonymity": Anonymity.OPEN_LINK, "suppression_threshold": 5},
    )
    survey = Survey.objects.get(title="Trygghet 2026")
    assert response.status_code == 302
    response = client.post(_url("bank_add", survey), {"keys": ["safe_evening", "area"]})
    assert response.status_code == 302
    assert set(survey.questions.values_list("key", flat=True)) == {"safe_evening", "area"}
    page = client.get(_url("detail", survey))
    assert 'id="survey-open"' in page.content.decode()
    client.post(_url("open", survey))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert 'id="survey-qr"' in client.get(_url("detail", survey)).content.decode()


def test_police_may_build(fagersta, client_for, fagersta_police):
    create = reverse("surveys:create", kwargs={"collaboration_id": fagersta.pk})
    response = client_for(fagersta_police).post(
        create,
        {"title": "Polisens enkät", "anonymity": Anonymity.OPEN_LINK, "suppression_threshold": 5},
    )
    assert response.status_code == 302


def test_form_errors_are_shown(fagersta, client_for, fagersta_coordinator):
    client = client_for(fagersta_coordinator)
    create = reverse("surveys:create", kwargs={"collaboration_id": fagersta.pk})
    response = client.post(
        create,
        {
            "title": "",
            "anonymity": Anonymity.OPEN_LINK,
            "suppression_threshold": 1,
            "opens_on": "2026-05-01",
            "closes_on": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"title", "suppression_threshold"}
    survey = build_survey(fagersta_coordinator, fagersta, open_=False)
    response = client.post(
        _url("question_add", survey),
        {"kind": QuestionKind.SINGLE, "text_sv": "Fråga", "choices": "Bara ett"},
    )
    assert response.status_code == 200
    assert "choices" in response.context["form"].errors


def test_single_use_links_download_as_csv(fagersta, client_for, fagersta_coordinator):
    survey = build_survey(fagersta_coordinator, fagersta, anonymity=Anonymity.SINGLE_USE)
    response = client_for(fagersta_coordinator).post(_url("codes", survey), {"count": 3})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert len(lines) == 4
    code = lines[1].split(",")[0]
    assert f"?kod={code}" in lines[1]
    assert services.code_is_usable(survey, code)


def test_results_hide_small_groups(survey, client_for, fagersta_coordinator):
    for _i in range(6):
        services.response_submit(
            survey=survey,
            data=valid_data(survey),
            on=survey.opens_on,
            form_token=services.form_token_new(survey),
        )
    page = client_for(fagersta_coordinator).get(_url("results", survey))
    html = page.content.decode()
    assert page.status_code == 200
    results = page.context["results"]
    assert results.respondents == 6
    likert = next(r for r in results.questions if r.question.kind == QuestionKind.LIKERT)
    assert likert.likert.agree.count == 6
    area = next(b for b in likert.breakdowns if b.kind == QuestionKind.AREA)
    shown = {row.label: row.n for row in area.rows}
    assert max(n or 0 for n in shown.values()) == 6  # everyone in the first area
    gender = next(r for r in results.questions if r.question.kind == QuestionKind.GENDER)
    assert [row.count for row in gender.choices] == [6, 0, 0, 0]
    assert 'data-suppressed="1"' not in html
    # Two more in another gender group: 2 < 5 is hidden, and the complement too.
    data = valid_data(survey)
    gender_q = survey.questions.get(kind=QuestionKind.GENDER)
    data[f"q{gender_q.pk}"] = [str(gender_q.choices.all()[1].pk)]
    for _i in range(2):
        services.response_submit(
            survey=survey, data=data, on=survey.opens_on, form_token=services.form_token_new(survey)
        )
    page = client_for(fagersta_coordinator).get(_url("results", survey))
    gender = next(
        r for r in page.context["results"].questions if r.question.kind == QuestionKind.GENDER
    )
    assert [row.count for row in gender.choices] == [None, None, 0, 0]
    assert 'data-suppressed="1"' in page.content.decode()


def test_results_compare_with_the_earlier_round(ludvika, client_for, ludvika_coordinator):
    survey = Survey.objects.filter(collaboration=ludvika, round_of__isnull=False).first()
    page = client_for(ludvika_coordinator).get(_url("results", survey))
    results = page.context["results"]
    safe = next(r for r in results.questions if r.question.key == "safe_evening")
    assert safe.comparison is not None and safe.comparison.significant
    assert 'data-significant="1"' in page.content.decode()
    area = next(r for r in results.questions if r.question.key == "area")
    assert any(row.count is None for row in area.choices)  # the demo's small area


def test_coding_a_free_text_answer(survey, client_for, fagersta_coordinator, fagersta_reporter):
    services.response_submit(
        survey=survey,
        data=valid_data(survey),
        on=survey.opens_on,
        form_token=services.form_token_new(survey),
    )
    answer = survey.questions.get(kind=QuestionKind.FREE_TEXT).answers.get()
    url = _url("answer_code", survey, answer_id=answer.pk)
    assert (
        client_for(fagersta_reporter).post(url, {"theme": "X", "handling": "read"}).status_code
        == 403
    )
    client_for(fagersta_coordinator).post(url, {"theme": "Belysning", "handling": "handled"})
    answer.refresh_from_db()
    assert (answer.theme, answer.handling) == ("Belysning", "handled")
    assert client_for(fagersta_coordinator).get(url).status_code == 405


# --- the public answering pages ---


def test_citizen_answers_without_login(survey):
    client = Client()
    page = client.get(_public(survey))
    assert page.status_code == 200
    token = page.context["form_token"]
    data = {**valid_data(survey), "form_token": token, "lang": "sv"}
    response = client.post(_public(survey), data)
    assert response.status_code == 302
    assert response["Location"].startswith(_public(survey, "thanks"))
    assert Response.objects.filter(survey=survey).count() == 1
    again = client.post(_public(survey), data)
    assert again.status_code == 400
    assert Response.objects.filter(survey=survey).count() == 1


def test_empty_and_bad_posts_store_nothing_and_show_errors(survey):
    client = Client()
    assert client.post(_public(survey), {}).status_code == 400
    data = valid_data(survey)
    data[field_of(survey, QuestionKind.LIKERT)] = ["7"]
    data[field_of(survey, QuestionKind.FREE_TEXT)] = ["y" * 2500]
    data["form_token"] = services.form_token_new(survey)
    page = client.post(_public(survey), data)
    assert page.status_code == 400
    assert 'id="error-summary"' in page.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_english_version(survey):
    page = Client().get(_public(survey) + "?lang=en")
    html = page.content.decode()
    assert "Do you go out in the evening?" in html
    assert '<html lang="en"' in html


def test_closed_and_draft_surveys_show_a_clear_page(survey, fagersta, fagersta_coordinator):
    services.survey_close(user=fagersta_coordinator, survey=survey)
    page = Client().get(_public(survey))
    assert 'id="survey-closed"' in page.content.decode()
    assert Client().post(_public(survey), valid_data(survey)).status_code == 200
    assert not Response.objects.filter(survey=survey).exists()
    draft = build_survey(fagersta_coordinator, fagersta, open_=False)
    html = Client().get(_public(draft)).content.decode()
    assert "Går du ut på kvällen?" not in html and draft.title not in html
    assert Client().get("/enkat/nonexistent/").status_code == 404


def test_single_use_link_pages(fagersta, fagersta_coordinator):
    survey = build_survey(fagersta_coordinator, fagersta, anonymity=Anonymity.SINGLE_USE)
    (code,) = services.access_codes_generate(user=fagersta_coordinator, survey=survey, count=1)
    client = Client()
    assert 'id="survey-code-needed"' in client.get(_public(survey)).content.decode()
    page = client.get(_public(survey) + f"?kod={code}")
    assert 'id="survey-answer"' in page.content.decode()
    client.post(_public(survey), {**valid_data(survey), "kod": code})
    assert Response.objects.filter(survey=survey).count() == 1
    used = client.get(_public(survey) + f"?kod={code}").content.decode()
    assert 'id="survey-code-needed"' in used


def test_free_texts_are_shown_to_those_who_run_surveys_only(
    survey, client_for, fagersta_coordinator, fagersta_reporter
):
    services.response_submit(
        survey=survey,
        data=valid_data(survey),
        on=survey.opens_on,
        form_token=services.form_token_new(survey),
    )
    text = "Bättre belysning vid stationen."
    assert text in client_for(fagersta_coordinator).get(_url("results", survey)).content.decode()
    assert text not in client_for(fagersta_reporter).get(_url("results", survey)).content.decode()


def test_edit_and_new_round_pages(survey, client_for, fagersta_coordinator):
    client = client_for(fagersta_coordinator)
    assert client.get(_url("edit", survey)).status_code == 200
    response = client.post(
        _url("edit", survey),
        {"title": "Ny titel", "anonymity": Anonymity.SINGLE_USE, "suppression_threshold": 5},
    )
    assert response.status_code == 200  # the way of answering is fixed once open
    assert "anonymity" in response.context["form"].errors
    response = client.post(_url("new_round", survey), {"title": "Omgång 2"})
    new = Survey.objects.get(title="Omgång 2")
    assert response["Location"] == _url("detail", new)
    assert new.round_of == survey


def test_indicator_value_from_the_results_page(survey, fagersta, client_for, fagersta_coordinator):
    from laget.planning.choices import IndicatorSource
    from laget.planning.models import Goal, Indicator

    for _i in range(5):
        services.response_submit(
            survey=survey,
            data=valid_data(survey),
            on=survey.opens_on,
            form_token=services.form_token_new(survey),
        )
    indicator = Indicator.objects.create(
        goal=Goal.objects.filter(collaboration=fagersta).first(),
        name="Andel trygga",
        source=IndicatorSource.SURVEY,
    )
    client = client_for(fagersta_coordinator)
    page = client.get(_url("results", survey))
    assert 'id="indicator-form"' in page.content.decode()
    likert = survey.questions.get(kind=QuestionKind.LIKERT)
    client.post(
        _url("indicator", survey),
        {
            "question": likert.pk,
            "indicator": indicator.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert list(indicator.measurements.values_list("value", flat=True)) == [100.0]
    # A second value for the same period is refused by the planning service: nothing added.
    client.post(
        _url("indicator", survey),
        {
            "question": likert.pk,
            "indicator": indicator.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert indicator.measurements.count() == 1
