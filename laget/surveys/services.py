"""Writes of the safety surveys: building, opening and closing, single-use codes, anonymous
answering, coding of free texts and indicator values. Validate first, then store atomically."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import pii
from laget.core.errors import field_error
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration
from laget.surveys.bank import BANK_BY_KEY
from laget.surveys.choices import (
    AGE_BANDS,
    BACKGROUND_KINDS,
    CHOICE_KINDS,
    GENDER_CHOICES,
    Anonymity,
    Handling,
    QuestionKind,
    SurveyStatus,
)
from laget.surveys.models import (
    MAX_FREE_TEXT,
    MAX_QUESTION,
    MAX_THEME,
    AccessCode,
    Answer,
    Choice,
    Question,
    Response,
    Survey,
    UsedFormToken,
)

#: Roles that build and run surveys (samordnare, kommunpolis; an administrator may stand in).
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.POLICE})
MAX_CODES = 2000
FORM_SALT = "laget.surveys.form"
FORM_MAX_AGE = 60 * 60 * 24 * 7  # a form may be left open for a week


def may_edit(user: Any, collaboration: Collaboration) -> bool:
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & EDITOR_ROLES)


def _require_editor(user: Any, collaboration: Collaboration) -> None:
    if not may_edit(user, collaboration):
        raise ValidationError(
            _("Only coordinators, administrators and the police may run surveys."),
            code="not_allowed",
        )


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(
            _("Questions can only be changed while the survey is a draft."), code="not_draft"
        )


def _no_personal_data(**texts: str) -> None:
    for name, text in texts.items():
        if text and pii.find_personal_data(text):
            raise field_error(
                name,
                _(
                    "The text seems to contain personal data (an identity number, a phone "
                    "number, an e-mail address or a registration number). Remove it."
                ),
                "personal_data",
            )


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().upper().encode()).hexdigest()


# --- building -------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    user: Any,
    collaboration: Collaboration,
    title: str,
    title_en: str = "",
    intro: str = "",
    intro_en: str = "",
    anonymity: str = Anonymity.OPEN_LINK,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    suppression_threshold: int = 5,
    round_of: Survey | None = None,
) -> Survey:
    _require_editor(user, collaboration)
    survey = Survey(
        collaboration=collaboration,
        title=title.strip(),
        title_en=title_en.strip(),
        intro=intro.strip(),
        intro_en=intro_en.strip(),
        anonymity=anonymity,
        opens_on=opens_on,
        closes_on=closes_on,
        suppression_threshold=suppression_threshold,
        round_of=round_of,
        public_token=secrets.token_urlsafe(18),
        created_by=user,
    )
    _validate_survey(survey)
    survey.save()
    return survey


def _validate_survey(survey: Survey) -> None:
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        raise field_error(
            "closes_on", _("The survey cannot close before it opens."), "end_before_start"
        )
    if survey.round_of is not None and survey.round_of.collaboration_id != survey.collaboration_id:
        raise field_error(
            "round_of", _("The earlier round must be of the same collaboration."), "x"
        )
    _no_personal_data(
        title=survey.title, title_en=survey.title_en, intro=survey.intro, intro_en=survey.intro_en
    )
    survey.full_clean()


@transaction.atomic
def survey_update(
    *,
    user: Any,
    survey: Survey,
    title: str,
    title_en: str = "",
    intro: str = "",
    intro_en: str = "",
    anonymity: str = Anonymity.OPEN_LINK,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    suppression_threshold: int = 5,
) -> Survey:
    _require_editor(user, survey.collaboration)
    if survey.status != SurveyStatus.DRAFT and anonymity != survey.anonymity:
        raise field_error(
            "anonymity", _("The way of answering cannot change once the survey has opened."), "x"
        )
    survey.title, survey.title_en = title.strip(), title_en.strip()
    survey.intro, survey.intro_en = intro.strip(), intro_en.strip()
    survey.anonymity = anonymity
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.suppression_threshold = suppression_threshold
    _validate_survey(survey)
    survey.save()
    return survey


def _fixed_choices(survey: Survey, kind: str) -> list[tuple[str, str, Any]]:
    if kind == QuestionKind.AREA:
        areas = survey.collaboration.areas.order_by("name")
        return [(area.name, "", area) for area in areas]
    if kind == QuestionKind.GENDER:
        return [(sv, en, None) for sv, en in GENDER_CHOICES]
    if kind == QuestionKind.AGE_BAND:
        return [(sv, en, None) for sv, en in AGE_BANDS]
    return []


@transaction.atomic
def question_add(
    *,
    user: Any,
    survey: Survey,
    kind: str,
    text_sv: str,
    text_en: str = "",
    required: bool = False,
    key: str = "",
    choices: Sequence[tuple[str, str]] = (),
) -> Question:
    """Add a question at the end; area, gender and age band get their fixed choices."""
    _require_editor(user, survey.collaboration)
    _require_draft(survey)
    if kind not in QuestionKind.values:
        raise field_error("kind", _("Unknown kind of question."), "invalid")
    if kind in BACKGROUND_KINDS and survey.questions.filter(kind=kind).exists():
        raise field_error(
            "kind", _("The survey already has this background question."), "duplicate_background"
        )
    key = key.strip()
    if key and survey.questions.filter(key=key).exists():
        raise field_error("key", _("Another question of the survey has this key."), "duplicate")
    cleaned = [(sv.strip(), en.strip()) for sv, en in choices if sv.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(cleaned) < 2:
        raise field_error("choices", _("Give at least two choices, one per line."), "few_choices")
    _no_personal_data(text_sv=text_sv, text_en=text_en)
    position = (survey.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question(
        survey=survey,
        position=position,
        kind=kind,
        text_sv=text_sv.strip()[:MAX_QUESTION],
        text_en=text_en.strip()[:MAX_QUESTION],
        required=required,
        key=key,
    )
    question.full_clean()
    question.save()
    rows = (
        [(sv, en, None) for sv, en in cleaned]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        else _fixed_choices(survey, kind)
    )
    for index, (sv, en, area) in enumerate(rows, start=1):
        choice = Choice(question=question, position=index, text_sv=sv, text_en=en, area=area)
        choice.full_clean()
        choice.save()
    return question


@transaction.atomic
def questions_add_from_bank(*, user: Any, survey: Survey, keys: Sequence[str]) -> list[Question]:
    """Add questions of the bank (``laget.surveys.bank``), skipping keys already in the survey."""
    _require_editor(user, survey.collaboration)
    _require_draft(survey)
    unknown = [key for key in keys if key not in BANK_BY_KEY]
    if unknown or not keys:
        raise field_error("keys", _("Choose questions from the bank."), "invalid")
    present = set(survey.questions.values_list("key", flat=True))
    present_kinds = set(survey.questions.values_list("kind", flat=True))
    added = []
    for key in keys:
        item = BANK_BY_KEY[key]
        if key in present or (item.kind in BACKGROUND_KINDS and item.kind in present_kinds):
            continue
        added.append(
            question_add(
                user=user,
                survey=survey,
                kind=item.kind,
                text_sv=item.text_sv,
                text_en=item.text_en,
                required=item.required,
                key=item.key,
                choices=item.choices,
            )
        )
    return added


@transaction.atomic
def question_move(*, user: Any, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above (``up``) or below."""
    survey = question.survey
    _require_editor(user, survey.collaboration)
    _require_draft(survey)
    ordered = list(survey.questions.order_by("position", "pk"))
    for index, item in enumerate(ordered, start=1):
        item.position = index
    at = next(i for i, item in enumerate(ordered) if item.pk == question.pk)
    other = at - 1 if up else at + 1
    if 0 <= other < len(ordered):
        ordered[at].position, ordered[other].position = (
            ordered[other].position,
            ordered[at].position,
        )
    for item in ordered:
        Question.objects.filter(pk=item.pk).update(position=item.position)


@transaction.atomic
def question_remove(*, user: Any, question: Question) -> None:
    _require_editor(user, question.survey.collaboration)
    _require_draft(question.survey)
    question.delete()


@transaction.atomic
def survey_open(*, user: Any, survey: Survey) -> Survey:
    _require_editor(user, survey.collaboration)
    if survey.status == SurveyStatus.OPEN:
        raise ValidationError(_("The survey is already open."), code="already_open")
    if not survey.questions.exists():
        raise ValidationError(
            _("Add at least one question before opening the survey."), code="no_questions"
        )
    survey.status = SurveyStatus.OPEN
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_close(*, user: Any, survey: Survey) -> Survey:
    _require_editor(user, survey.collaboration)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Only an open survey can be closed."), code="not_open")
    survey.status = SurveyStatus.CLOSED
    survey.save()
    return survey


@transaction.atomic
def survey_new_round(*, user: Any, survey: Survey, title: str) -> Survey:
    """A new draft with the same questions and keys, compared against ``survey``."""
    _require_editor(user, survey.collaboration)
    new = survey_create(
        user=user,
        collaboration=survey.collaboration,
        title=title,
        title_en=survey.title_en,
        intro=survey.intro,
        intro_en=survey.intro_en,
        anonymity=survey.anonymity,
        suppression_threshold=survey.suppression_threshold,
        round_of=survey,
    )
    # Further languages carry over; the title is new, so only the introductions are kept.
    new.extra_languages = list(survey.extra_languages)
    new.translations = {
        code: {k: v for k, v in texts.items() if k == "intro"}
        for code, texts in survey.translations.items()
    }
    new.save(update_fields=["extra_languages", "translations"])
    for question in survey.questions.prefetch_related("choices"):
        copy = Question.objects.create(
            survey=new,
            position=question.position,
            kind=question.kind,
            text_sv=question.text_sv,
            text_en=question.text_en,
            required=question.required,
            key=question.key,
            translations=dict(question.translations),
        )
        if question.kind == QuestionKind.AREA:
            rows = [(sv, en, area, {}) for sv, en, area in _fixed_choices(new, question.kind)]
        else:
            rows = [(c.text_sv, c.text_en, c.area, c.translations) for c in question.choices.all()]
        Choice.objects.bulk_create(
            Choice(
                question=copy, position=i, text_sv=sv, text_en=en, area=area, translations=dict(t)
            )
            for i, (sv, en, area, t) in enumerate(rows, start=1)
        )
    return new


@transaction.atomic
def access_codes_generate(*, user: Any, survey: Survey, count: int) -> list[str]:
    """Make ``count`` single-use codes; only their digests are stored, so the codes are
    returned once (the builder offers them as a CSV of links)."""
    _require_editor(user, survey.collaboration)
    if survey.anonymity != Anonymity.SINGLE_USE:
        raise ValidationError(
            _("Single-use codes are only for surveys answered through single-use links."),
            code="not_single_use",
        )
    if not 1 <= count <= MAX_CODES:
        raise field_error(
            "count",
            _("Make between 1 and %(max)s codes at a time.") % {"max": MAX_CODES},
            "out_of_range",
        )
    codes = [secrets.token_hex(5).upper() for _i in range(count)]
    AccessCode.objects.bulk_create(
        AccessCode(survey=survey, code_hash=_digest(code)) for code in codes
    )
    return codes


# --- answering ------------------------------------------------------------------------------


def survey_is_open(survey: Survey, on: datetime.date) -> bool:
    return (
        survey.status == SurveyStatus.OPEN
        and (survey.opens_on is None or survey.opens_on <= on)
        and (survey.closes_on is None or on <= survey.closes_on)
    )


def form_token_new(survey: Survey) -> str:
    """A signed random token that the open-link form carries, so that one form answers once."""
    return signing.dumps({"s": survey.pk, "n": secrets.token_urlsafe(16)}, salt=FORM_SALT)


def _form_nonce(survey: Survey, token: str) -> str | None:
    try:
        data = signing.loads(token, salt=FORM_SALT, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != survey.pk or not data.get("n"):
        return None
    return str(data["n"])


def code_is_usable(survey: Survey, code: str) -> bool:
    return AccessCode.objects.filter(survey=survey, code_hash=_digest(code), used=False).exists()


def _field(question: Question) -> str:
    return f"q{question.pk}"


def _parse(survey: Survey, data: Mapping[str, Sequence[str]]) -> list[Answer]:
    """The answers in ``data`` (field ``q<id>`` → values), or a ValidationError per field."""
    errors: dict[str, list[ValidationError]] = {}
    answers: list[Answer] = []

    def fail(question: Question, message: str, code: str) -> None:
        errors.setdefault(_field(question), []).append(ValidationError(message, code=code))

    for question in survey.questions.prefetch_related("choices"):
        values = [v.strip() for v in data.get(_field(question), []) if v and v.strip()]
        if not values:
            if question.required:
                fail(question, _("This question needs an answer."), "required")
            continue
        if question.kind in CHOICE_KINDS:
            valid = {str(c.pk): c for c in question.choices.all()}
            if any(v not in valid for v in values) or len(set(values)) != len(values):
                fail(question, _("Choose among the choices given."), "invalid_choice")
            elif question.kind != QuestionKind.MULTIPLE and len(values) > 1:
                fail(question, _("Choose only one."), "one_choice")
            else:
                answers += [Answer(question=question, choice=valid[v]) for v in values]
        elif question.kind == QuestionKind.LIKERT:
            if len(values) != 1 or values[0] not in {"1", "2", "3", "4", "5"}:
                fail(question, _("Choose a value from 1 to 5."), "out_of_range")
            else:
                answers.append(Answer(question=question, value=int(values[0])))
        else:
            text = values[0] if len(values) == 1 else ""
            if len(values) != 1:
                fail(question, _("Give one text."), "invalid")
            elif len(text) > MAX_FREE_TEXT:
                fail(
                    question,
                    _("The text is too long (at most %(max)s characters).")
                    % {"max": MAX_FREE_TEXT},
                    "too_long",
                )
            elif pii.find_personal_data(text):
                fail(
                    question,
                    _(
                        "Your answer seems to contain personal data (an identity number, a phone "
                        "number, an e-mail address or a registration number). The survey is "
                        "anonymous: please remove it."
                    ),
                    "personal_data",
                )
            else:
                answers.append(Answer(question=question, text=text))
    if errors:
        raise ValidationError(errors)
    return answers


def response_submit(
    *,
    survey: Survey,
    data: Mapping[str, Sequence[str]],
    on: datetime.date,
    code: str = "",
    form_token: str = "",
) -> Response:
    """Store one anonymous response, all of it or nothing.

    Nothing about the person is stored: no user, IP address, user agent or time of day. The
    response, its answers, the used code and the used form token are written with
    ``bulk_create``/``update``, which send no model signals, so the audit log gets no entry
    whose time could tie a used code to a response.
    """
    if not survey_is_open(survey, on):
        raise ValidationError(_("This survey is not open for answers."), code="closed")
    nonce = None
    if survey.anonymity == Anonymity.SINGLE_USE:
        if not code.strip():
            raise ValidationError(
                _("This survey is answered through a personal single-use link."), code="no_code"
            )
    else:
        nonce = _form_nonce(survey, form_token)
        if nonce is None:
            raise ValidationError(
                _("The form has expired or is not valid. Open the survey again."),
                code="bad_token",
            )
    answers = _parse(survey, data)
    if not answers:
        raise ValidationError(_("Answer at least one question."), code="empty")
    duplicate = ValidationError(
        _("This link or form has already been used to answer. Thank you!"), code="duplicate"
    )
    try:
        with transaction.atomic():
            if nonce is not None:
                UsedFormToken.objects.bulk_create(
                    [UsedFormToken(survey=survey, digest=_digest(nonce))]
                )
            else:
                used = AccessCode.objects.filter(
                    survey=survey, code_hash=_digest(code), used=False
                ).update(used=True)
                if used != 1:
                    raise duplicate
            (response,) = Response.objects.bulk_create([Response(survey=survey, submitted_on=on)])
            if response.pk is None:  # backends that do not return keys from bulk_create
                response = Response.objects.filter(survey=survey).latest("pk")
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError as exc:
        raise duplicate from exc
    return response


# --- handling free texts and feeding indicators ------------------------------------------------


@transaction.atomic
def answer_code(*, user: Any, answer: Answer, theme: str, handling: str) -> Answer:
    """The coordinator's theme and handling status of a free-text answer."""
    _require_editor(user, answer.question.survey.collaboration)
    if answer.question.kind != QuestionKind.FREE_TEXT:
        raise ValidationError(_("Only free-text answers are coded."), code="not_free_text")
    if handling not in Handling.values:
        raise field_error("handling", _("Unknown handling status."), "invalid")
    theme = " ".join(theme.split())
    if len(theme) > MAX_THEME:
        raise field_error("theme", _("The theme is too long."), "too_long")
    _no_personal_data(theme=theme)
    answer.theme = theme
    answer.handling = handling
    answer.full_clean()
    answer.save(update_fields=["theme", "handling"])
    return answer


def indicator_value_record(
    *,
    user: Any,
    survey: Survey,
    question: Question,
    indicator: Any,
    period_start: datetime.date,
    period_end: datetime.date,
    area_choice: Choice | None = None,
) -> Any:
    """Record the share agreeing (4–5, in per cent) as a value of a planning indicator, through
    the planning app's own service for measurements (``laget.planning.plans.measurement_add``)."""
    from laget.planning.plans import measurement_add
    from laget.surveys import selectors

    _require_editor(user, survey.collaboration)
    if question.survey_id != survey.pk or question.kind != QuestionKind.LIKERT:
        raise field_error("question", _("Choose a scale question of this survey."), "invalid")
    if indicator.goal.collaboration_id != survey.collaboration_id:
        raise field_error("indicator", _("Choose an indicator of this collaboration."), "invalid")
    if area_choice is not None and area_choice.question.survey_id != survey.pk:
        raise field_error("area_choice", _("Choose an area of this survey."), "invalid")
    agree, n = selectors.agree_count(question=question, area_choice=area_choice)
    if n < survey.suppression_threshold:
        raise ValidationError(
            _("Too few answers (fewer than %(n)s) to use as a value.")
            % {"n": survey.suppression_threshold},
            code="too_few",
        )
    note = _("Survey “%(survey)s”: share agreeing (4–5), n = %(n)s") % {
        "survey": survey.title,
        "n": n,
    }
    if area_choice is not None:
        note += f" – {area_choice.text_sv}"
    return measurement_add(
        user=user,
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        value=round(100 * agree / n, 1),
        source_note=note[:300],
    )
