"""The anonymous answering pages (no login). They read a survey only by its random link key,
show nothing of a draft, and store nothing unless a complete, valid response is posted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from laget.surveys import languages, services
from laget.surveys.choices import LIKERT_LABELS, Anonymity, QuestionKind, SurveyStatus
from laget.surveys.models import MAX_FREE_TEXT, Survey

LANGUAGES = ("sv", "en")


def _survey(survey_token: str) -> Survey:
    survey = (
        Survey.objects.select_related("collaboration").filter(public_token=survey_token).first()
    )
    if survey is None:
        raise Http404
    return survey


def _language(request: HttpRequest, survey: Survey | None = None) -> str:
    """sv, en or one of the survey's further languages; anything else means Swedish."""
    lang = request.POST.get("lang") or request.GET.get("lang") or "sv"
    if lang in LANGUAGES or (survey is not None and lang in survey.extra_languages):
        return lang
    return "sv"


def _chrome(lang: str) -> str:
    """The interface language: further languages have no catalogue, so their chrome is Swedish."""
    return lang if lang in LANGUAGES else "sv"


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, survey_token: str) -> HttpResponse:
    survey = _survey(survey_token)
    lang = _language(request, survey)
    with translation.override(_chrome(lang)):
        return _answer(request, survey, lang)


def _answer(request: HttpRequest, survey: Survey, lang: str) -> HttpResponse:
    today = timezone.localdate()
    base = {
        "survey": survey,
        "lang": lang,
        "other_lang": "en" if lang == "sv" else "sv",
        "languages": [
            (code, languages.own_name(code))
            for code in (*LANGUAGES, *survey.extra_languages)
            if code != lang
        ],
        "text_dir": "rtl" if languages.is_rtl(lang) else "ltr",
        "title": languages.survey_text_in(survey, "title", lang),
        "intro": languages.survey_text_in(survey, "intro", lang),
    }
    if not services.survey_is_open(survey, today):
        return render(
            request,
            "surveys/public_closed.html",
            {**base, "show_title": survey.status != SurveyStatus.DRAFT},
        )
    code = (request.POST.get("kod") or request.GET.get("kod") or "").strip()[:40]
    single_use = survey.anonymity == Anonymity.SINGLE_USE
    if single_use and (not code or not services.code_is_usable(survey, code)):
        return render(request, "surveys/public_code.html", {**base, "code": bool(code)})
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    posted: dict[str, list[str]] = {}
    form_token = ""
    if request.method == "POST":
        posted = {key: request.POST.getlist(key) for key in request.POST if key.startswith("q")}
        form_token = request.POST.get("form_token", "")
        try:
            services.response_submit(
                survey=survey, data=posted, on=today, code=code, form_token=form_token
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
            else:
                general = exc.messages
        else:
            url = reverse("public_surveys:thanks", kwargs={"survey_token": survey.public_token})
            return redirect(f"{url}?lang={lang}")
    if not single_use and not form_token:
        form_token = services.form_token_new(survey)
    questions = []
    for question in survey.questions.prefetch_related("choices"):
        field = f"q{question.pk}"
        choices = list(question.choices.all())
        for choice in choices:
            choice.shown = languages.text_in(choice, lang)
        questions.append(
            {
                "question": question,
                "text": languages.text_in(question, lang),
                "field": field,
                "errors": errors.get(field, []),
                "values": posted.get(field, []),
                "choices": choices,
                "multiple": question.kind == QuestionKind.MULTIPLE,
            }
        )
    likert = [(str(v), en if lang == "en" else sv) for v, (sv, en) in LIKERT_LABELS.items()]
    return render(
        request,
        "surveys/public_answer.html",
        {
            **base,
            "questions": questions,
            "likert": likert,
            "general_errors": general,
            "has_errors": bool(errors or general),
            "form_token": form_token,
            "code": code if single_use else "",
            "max_text": MAX_FREE_TEXT,
        },
        status=400 if (errors or general) else 200,
    )


@require_GET
def thanks(request: HttpRequest, survey_token: str) -> HttpResponse:
    survey = _survey(survey_token)
    lang = _language(request, survey)
    with translation.override(_chrome(lang)):
        return render(
            request,
            "surveys/public_thanks.html",
            {"survey": survey, "lang": lang, "show_title": survey.status != SurveyStatus.DRAFT},
        )
