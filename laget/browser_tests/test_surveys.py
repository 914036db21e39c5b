"""Safety surveys in a real browser: the coordinator builds a small survey from the question
bank and opens it, a citizen answers it anonymously on a phone (in Swedish, after a refused
answer), and the coordinator reads the results; builder, answering and results pass axe-core.

Elements are found by stable attributes (ids, names, data-*), never by translated text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import DESKTOP, PHONE, assert_accessible, login
from laget.organisations.models import Collaboration
from laget.surveys.choices import QuestionKind, SurveyStatus
from laget.surveys.models import Response, Survey

pytestmark = pytest.mark.browser


def test_build_answer_on_a_phone_and_read_the_results(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    login(page, live_server, "samordnare.fagersta")
    page.goto(f"{live_server.url}{reverse('surveys:list', args=[fagersta.pk])}")
    assert_accessible(page, label="survey list")
    with page.expect_navigation():
        page.locator("#survey-create").click()
    page.locator("input[name=title]").fill("Trygghet i Fagersta")
    page.locator("select[name=anonymity]").select_option("open_link")
    with page.expect_navigation():
        page.locator("#survey-save").click()
    survey = Survey.objects.get(collaboration=fagersta, title="Trygghet i Fagersta")

    with page.expect_navigation():
        page.locator("#bank-add").click()
    for key in ("area", "safe_evening", "improve"):
        page.locator(f"input[name=keys][value={key}]").check()
    with page.expect_navigation():
        page.locator("#bank-save").click()
    expect(page.locator("#question-list > li[data-question]")).to_have_count(3)
    assert_accessible(page, label="survey builder")
    with page.expect_navigation():
        page.locator("#survey-open").click()
    expect(page.locator("#survey-status")).to_have_attribute("data-status", SurveyStatus.OPEN)
    expect(page.locator("#survey-qr")).to_be_visible()
    public_url = page.locator("#public-link").get_attribute("href")

    # A citizen on a phone, signed out.
    citizen = page.context.browser.new_context(locale="sv-SE", viewport=PHONE)
    phone = citizen.new_page()
    try:
        phone.goto(public_url)
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(phone, label="answer page (phone)")
        likert = survey.questions.get(kind=QuestionKind.LIKERT)
        area = survey.questions.get(kind=QuestionKind.AREA)
        free = survey.questions.get(kind=QuestionKind.FREE_TEXT)
        centrum = area.choices.get(text_sv="Centrum")
        phone.locator(f"#q{area.pk}-{centrum.pk}").check()
        phone.locator(f"#q{likert.pk}-4").check()
        # Personal data in the free text: refused, nothing stored, the answers kept.
        phone.locator(f"#q{free.pk}").fill("Ring mig på 070-123 45 67")
        with phone.expect_navigation():
            phone.locator("#survey-submit").click()
        expect(phone.locator("#error-summary")).to_be_visible()
        assert not Response.objects.filter(survey=survey).exists()
        expect(phone.locator(f"#q{likert.pk}-4")).to_be_checked()
        assert_accessible(phone, label="answer page with errors (phone)")
        phone.locator(f"#q{free.pk}").fill("Bättre belysning vid stationen.")
        with phone.expect_navigation():
            phone.locator("#survey-submit").click()
        expect(phone.locator("#survey-thanks")).to_be_visible()
        assert Response.objects.filter(survey=survey).count() == 1
        # The English version of the same survey.
        phone.goto(public_url + "?lang=en")
        expect(phone.locator("html")).to_have_attribute("lang", "en")
    finally:
        citizen.close()

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{reverse('surveys:results', args=[fagersta.pk, survey.pk])}")
    expect(page.locator("#respondents")).to_have_attribute("data-n", "1")
    summary = page.locator(f"section[data-question='{likert.pk}'] .likert-summary")
    expect(summary).to_have_attribute("data-agree", "1")
    # One respondent: the area breakdown hides every group.
    expect(page.locator("table[data-breakdown=area] tr[data-suppressed]")).not_to_have_count(0)
    answer = free.answers.get()
    page.locator(f"#theme-{answer.pk}").fill("Belysning")
    page.locator(f"#handling-{answer.pk}").select_option("read")
    with page.expect_navigation():
        page.locator(f"#answer-{answer.pk} button[type=submit]").click()
    expect(page.locator(f"#answer-{answer.pk}")).to_have_attribute("data-handling", "read")
    expect(page.locator("tr[data-theme=Belysning]")).to_have_count(1)
    assert_accessible(page, label="survey results")


def test_the_demo_round_comparison_passes_axe(page: Page, live_server: Any) -> None:
    ludvika = Collaboration.objects.get(slug="ludvika")
    survey = Survey.objects.filter(collaboration=ludvika, round_of__isnull=False).first()
    login(page, live_server, "samordnare.ludvika")
    page.goto(f"{live_server.url}{reverse('surveys:results', args=[ludvika.pk, survey.pk])}")
    expect(page.locator(".comparison[data-significant='1']")).not_to_have_count(0)
    assert_accessible(page, label="survey results with comparison")


def test_the_coordinator_translates_a_survey_into_somali(page: Page, live_server: Any) -> None:
    from laget.accounts.models import User
    from laget.surveys import languages, services

    fagersta = Collaboration.objects.get(slug="fagersta")
    coordinator = User.objects.get(username="samordnare.fagersta")
    survey = services.survey_create(
        user=coordinator, collaboration=fagersta, title="Trygghet på kvällen"
    )
    services.questions_add_from_bank(user=coordinator, survey=survey, keys=["avoid_places"])
    login(page, live_server, "samordnare.fagersta")
    url = reverse("surveys:translations", args=[fagersta.pk, survey.pk])
    page.goto(f"{live_server.url}{url}")
    page.locator("#language-code").select_option("so")
    with page.expect_navigation():
        page.locator("#language-add").click()
    # Everything is missing at first: the title, the question and its three choices.
    expect(page.locator("#language-list li[data-lang=so]")).to_have_attribute("data-missing", "5")
    expect(page.locator("#translations-form .field[data-missing]")).to_have_count(5)
    assert_accessible(page, label="survey translations")
    question = survey.questions.get()
    yes, no, unknown = question.choices.all()
    page.locator("#tr-title").fill("Badbaadada fiidkii")
    page.locator(f"#tr-q{question.pk}").fill("Ma dhacdaa inaad waddo kale doorato?")
    page.locator(f"#tr-c{yes.pk}").fill("Haa")
    page.locator(f"#tr-c{no.pk}").fill("Maya")
    with page.expect_navigation():
        page.locator("#translations-save").click()
    # One choice is still missing and shown in Swedish.
    expect(page.locator("#language-list li[data-lang=so]")).to_have_attribute("data-missing", "1")
    expect(page.locator(f".field[data-field=c{unknown.pk}]")).to_have_attribute("data-missing", "1")
    survey.refresh_from_db()
    assert survey.translations["so"]["title"] == "Badbaadada fiidkii"
    no.refresh_from_db()
    assert languages.text_in(no, "so") == "Maya"
    assert languages.text_in(unknown, "so") == unknown.text_sv
    assert_accessible(page, label="survey translations after saving")


def test_a_citizen_answers_the_demo_survey_in_arabic(page: Page, live_server: Any) -> None:
    ludvika = Collaboration.objects.get(slug="ludvika")
    survey = Survey.objects.get(collaboration=ludvika, round_of__isnull=False)
    assert "ar" in survey.extra_languages
    # The demo round is closed: open it again for this test.
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN, closes_on=None)
    before = Response.objects.filter(survey=survey).count()
    url = reverse("public_surveys:answer", kwargs={"survey_token": survey.public_token})
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{url}?lang=ar")
    texts = page.locator("#survey-texts")
    expect(texts).to_have_attribute("dir", "rtl")
    expect(texts).to_have_attribute("lang", "ar")
    expect(texts.locator("h1")).to_have_text(survey.translations["ar"]["title"])
    likert = survey.questions.get(key="safe_evening")
    avoid = survey.questions.get(key="avoid_places")
    qtext = page.locator(f"#q{likert.pk}-fs .survey-qtext")
    expect(qtext).to_have_attribute("dir", "rtl")
    assert any("\u0600" <= ch <= "\u06ff" for ch in qtext.inner_text())
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, label="answer page in Arabic (right to left)")
    yes = avoid.choices.get(text_sv="Ja")
    expect(page.locator(f"label[for=q{avoid.pk}-{yes.pk}]")).to_have_text("نعم")
    page.locator(f"#q{likert.pk}-5").check()
    page.locator(f"#q{avoid.pk}-{yes.pk}").check()
    with page.expect_navigation():
        page.locator("#survey-submit").click()
    expect(page.locator("#survey-thanks")).to_be_visible()
    assert Response.objects.filter(survey=survey).count() == before + 1
    response = Response.objects.filter(survey=survey).order_by("-pk").first()
    assert response.answers.get(question=avoid).choice == yes
