"""The anonymous answering pages (no login). They read a survey only by its random link key,
show nothing of a draft, and store nothing unless a complete, valid response is posted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from laget.surveys import services
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


def _language(request: HttpRequest) -> str:
    lang = request.POST.get("lang") or request.GET.get("lang") or "sv"
    return lang if lang in LANGUAGES else "sv"


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, survey_token: str) -> HttpResponse:
    survey = _survey(survey_token)
    lang = _language(request)
    with translation.override(lang):
        return _answer(request, survey, lang)


def _answer(request: HttpRequest, survey: Survey, lang: str) -> HttpResponse:
    today = timezone.localdate()
    base = {"survey": survey, "lang": lang, "other_lang": "en" if lang == "sv" else "sv"}
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
        questions.append(
            {
                "question": question,
                "field": field,
                "errors": errors.get(field, []),
                "values": posted.get(field, []),
                "choices": list(question.choices.all()),
                "multiple": question.kind == QuestionKind.MULTIPLE,
            }
        )
    likert = [(str(v), sv if lang == "sv" else en) for v, (sv, en) in LIKERT_LABELS.items()]
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
    lang = _language(request)
    with translation.override(lang):
        return render(
            request,
            "surveys/public_thanks.html",
            {"survey": survey, "lang": lang, "show_title": survey.status != SurveyStatus.DRAFT},
        )
