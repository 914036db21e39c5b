"""Pages of the survey builder and the results. Every view starts from ``laget.access``;
coordinators, administrators and the police build and run surveys, every member reads results."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget import access
from laget.core.actions import run_action
from laget.core.forms import apply_validation_error
from laget.organisations.models import Collaboration
from laget.surveys import languages, selectors, services
from laget.surveys.choices import Anonymity, SurveyStatus
from laget.surveys.forms import (
    BankForm,
    CodesForm,
    CodingForm,
    IndicatorForm,
    NewRoundForm,
    QuestionForm,
    SurveyForm,
)
from laget.surveys.models import Answer, Question, Survey


def _collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    return access.access_object(request.user, Collaboration, collaboration_id)


def _survey(request: HttpRequest, collaboration: Collaboration, survey_id: int) -> Survey:
    survey = access.access_object(request.user, Survey, survey_id)
    if survey.collaboration_id != collaboration.pk:
        raise Http404
    return survey


def _require_editor(request: HttpRequest, collaboration: Collaboration) -> None:
    if not services.may_edit(request.user, collaboration):
        raise PermissionDenied


def _detail(survey: Survey) -> HttpResponse:
    return redirect("surveys:detail", collaboration_id=survey.collaboration_id, survey_id=survey.pk)


def _public_url(request: HttpRequest, survey: Survey) -> str:
    return request.build_absolute_uri(
        reverse("public_surveys:answer", kwargs={"survey_token": survey.public_token})
    )


@login_required
@require_GET
def survey_list(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "collaboration": collaboration,
            "surveys": selectors.survey_list(user=request.user, collaboration=collaboration),
            "can_edit": services.may_edit(request.user, collaboration),
        },
    )


@login_required
def survey_create(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    _require_editor(request, collaboration)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                user=request.user, collaboration=collaboration, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The survey has been created. Now add questions."))
            return _detail(survey)
    return render(
        request,
        "surveys/survey_form.html",
        {"collaboration": collaboration, "form": form, "survey": None},
    )


@login_required
def survey_edit(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    initial = {
        name: getattr(survey, name)
        for name in (
            "title",
            "title_en",
            "intro",
            "intro_en",
            "anonymity",
            "opens_on",
            "closes_on",
            "suppression_threshold",
        )
    }
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(user=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The survey has been saved."))
            return _detail(survey)
    return render(
        request,
        "surveys/survey_form.html",
        {"collaboration": collaboration, "form": form, "survey": survey},
    )


@login_required
@require_GET
def survey_detail(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    can_edit = services.may_edit(request.user, collaboration)
    public_url = _public_url(request, survey)
    qr_data_uri = ""
    if survey.anonymity == Anonymity.OPEN_LINK:
        import segno  # already a dependency (two-factor enrolment)

        qr_data_uri = segno.make(public_url, error="m").svg_data_uri(scale=4)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "collaboration": collaboration,
            "survey": survey,
            "questions": survey.questions.prefetch_related("choices"),
            "can_edit": can_edit,
            "is_draft": survey.status == SurveyStatus.DRAFT,
            "public_url": public_url,
            "qr_data_uri": qr_data_uri,
            "codes_form": CodesForm() if survey.anonymity == Anonymity.SINGLE_USE else None,
            "codes_total": survey.access_codes.count(),
            "codes_used": survey.access_codes.filter(used=True).count(),
            "response_count": selectors.response_count(survey=survey),
            "round_form": NewRoundForm(initial={"title": survey.title}),
            "language_gaps": languages.gaps(survey),
        },
    )


@login_required
def question_add(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(user=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The question has been added."))
            return _detail(survey)
    return render(
        request,
        "surveys/question_form.html",
        {"collaboration": collaboration, "survey": survey, "form": form},
    )


@login_required
def bank_add(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    form = BankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.questions_add_from_bank(
                user=request.user, survey=survey, keys=form.cleaned_data["keys"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s questions have been added from the bank.") % {"count": len(added)},
            )
            return _detail(survey)
    return render(
        request,
        "surveys/bank_form.html",
        {"collaboration": collaboration, "survey": survey, "form": form},
    )


def _question(request: HttpRequest, survey: Survey, question_id: int) -> Question:
    question = access.access_object(request.user, Question, question_id)
    if question.survey_id != survey.pk:
        raise Http404
    return question


@login_required
@require_POST
def question_move(
    request: HttpRequest, collaboration_id: int, survey_id: int, question_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    question = _question(request, survey, question_id)
    up = request.POST.get("direction") == "up"
    run_action(request, lambda: services.question_move(user=request.user, question=question, up=up))
    return _detail(survey)


@login_required
@require_POST
def question_remove(
    request: HttpRequest, collaboration_id: int, survey_id: int, question_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    question = _question(request, survey, question_id)
    run_action(
        request,
        lambda: services.question_remove(user=request.user, question=question),
        _("The question has been removed."),
    )
    return _detail(survey)


@login_required
@require_POST
def survey_open(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    run_action(
        request,
        lambda: services.survey_open(user=request.user, survey=survey),
        _("The survey is open for answers."),
    )
    return _detail(survey)


@login_required
@require_POST
def survey_close(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    run_action(
        request,
        lambda: services.survey_close(user=request.user, survey=survey),
        _("The survey is closed."),
    )
    return _detail(survey)


@login_required
@require_POST
def codes_generate(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    """Make single-use codes and hand them out once, as a CSV of links (only digests are kept)."""
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Make between 1 and 2000 codes at a time."))
        return _detail(survey)
    try:
        codes = services.access_codes_generate(
            user=request.user, survey=survey, count=form.cleaned_data["count"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _detail(survey)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="enkat-{survey.pk}-lankar.csv"'
    writer = csv.writer(response)
    writer.writerow(["kod", "lank"])
    base = _public_url(request, survey)
    for code in codes:
        writer.writerow([code, f"{base}?kod={code}"])
    return response


@login_required
@require_POST
def new_round(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    form = NewRoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new round a title."))
        return _detail(survey)
    try:
        new = services.survey_new_round(
            user=request.user, survey=survey, title=form.cleaned_data["title"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _detail(survey)
    messages.success(request, _("A new round has been created from the earlier one."))
    return _detail(new)


@login_required
@require_GET
def results(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    can_edit = services.may_edit(request.user, collaboration)
    indicators = selectors.indicator_candidates(collaboration=collaboration)
    return render(
        request,
        "surveys/results.html",
        {
            "collaboration": collaboration,
            "survey": survey,
            "results": selectors.results(survey=survey),
            "can_edit": can_edit,
            "coding_form": CodingForm(),
            "indicator_form": IndicatorForm(survey=survey, indicators=indicators)
            if can_edit and indicators.exists()
            else None,
        },
    )


@login_required
@require_POST
def answer_code(
    request: HttpRequest, collaboration_id: int, survey_id: int, answer_id: int
) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    answer = access.access_object(request.user, Answer, answer_id)
    if answer.question.survey_id != survey.pk:
        raise Http404
    form = CodingForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.answer_code(user=request.user, answer=answer, **form.cleaned_data),
            _("The answer has been coded."),
        )
    else:
        messages.error(
            request, _("Choose a handling status and a theme of at most 100 characters.")
        )
    url = reverse(
        "surveys:results", kwargs={"collaboration_id": collaboration.pk, "survey_id": survey.pk}
    )
    return redirect(f"{url}#answer-{answer.pk}")


@login_required
@require_POST
def indicator_value(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    form = IndicatorForm(
        request.POST,
        survey=survey,
        indicators=selectors.indicator_candidates(collaboration=collaboration),
    )
    url = reverse(
        "surveys:results", kwargs={"collaboration_id": collaboration.pk, "survey_id": survey.pk}
    )
    if not form.is_valid():
        messages.error(request, _("Choose a scale question, an indicator and a period."))
        return redirect(url)
    try:
        services.indicator_value_record(user=request.user, survey=survey, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value has been recorded for the indicator."))
    return redirect(url)


@login_required
def translations(request: HttpRequest, collaboration_id: int, survey_id: int) -> HttpResponse:
    """Further languages of a survey: add one, then translate its texts (``?lang=<code>``)."""
    collaboration = _collaboration(request, collaboration_id)
    survey = _survey(request, collaboration, survey_id)
    _require_editor(request, collaboration)
    code = request.POST.get("lang") or request.GET.get("lang") or ""
    if code not in survey.extra_languages:
        code = ""
    add_errors: list[str] = []
    field_errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    status = 200
    url = reverse(
        "surveys:translations",
        kwargs={"collaboration_id": collaboration.pk, "survey_id": survey.pk},
    )
    if request.method == "POST" and request.POST.get("action") == "add":
        new_code = request.POST.get("code", "")
        try:
            languages.language_add(user=request.user, survey=survey, code=new_code)
        except ValidationError as exc:
            add_errors = exc.messages
            status = 400
        else:
            messages.success(request, _("The language has been added. Now translate the texts."))
            return redirect(f"{url}?lang={new_code}")
    elif request.method == "POST" and code:
        values = {k: v for k, v in request.POST.items() if k[:1] in ("t", "i", "q", "c")}
        try:
            languages.translations_save(user=request.user, survey=survey, code=code, values=values)
        except ValidationError as exc:
            field_errors = {k: list(v) for k, v in exc.message_dict.items()}
            status = 400
        else:
            messages.success(request, _("The translations have been saved."))
            return redirect(f"{url}?lang={code}")
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=400)
    rows = []
    if code:
        for row in languages.texts(survey, code):
            rows.append(
                {
                    "row": row,
                    "value": values.get(row.field, row.current) if values else row.current,
                    "errors": field_errors.get(row.field, []),
                }
            )
    used = set(survey.extra_languages)
    return render(
        request,
        "surveys/translations.html",
        {
            "collaboration": collaboration,
            "survey": survey,
            "code": code,
            "code_label": languages.language_label(code) if code else "",
            "rtl": languages.is_rtl(code) if code else False,
            "rows": rows,
            "has_errors": bool(field_errors),
            "add_errors": add_errors,
            "choices": [c for c in languages.language_choices() if c[0] not in used],
            "gaps": languages.gaps(survey),
        },
        status=status,
    )
