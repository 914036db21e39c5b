"""Survey texts in further languages (besides Swedish and English).

A survey lists its further languages in ``Survey.extra_languages`` and keeps their texts in the
``translations`` fields of the survey, its questions and choices. Any text without a translation
falls back to the Swedish text, so a survey may open with an incomplete translation; the builder
shows what is missing. Only the survey's own texts are translated: buttons and error messages
of the answering page stay in Swedish (the interface has no catalogue for these languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from laget.analysis import pii
from laget.surveys import services
from laget.surveys.models import MAX_QUESTION, MAX_TITLE, Choice, Question, Survey

BASE_LANGUAGES = ("sv", "en")
MAX_INTRO = 3000
MAX_CHOICE = 200

#: Languages spoken by many in Sweden that Django's LANG_INFO lacks (same shape as its entries).
EXTRA_LANG_INFO: dict[str, dict[str, Any]] = {
    "so": {"bidi": False, "code": "so", "name": gettext_noop("Somali"), "name_local": "Soomaali"},
    "ti": {"bidi": False, "code": "ti", "name": gettext_noop("Tigrinya"), "name_local": "ትግርኛ"},
}


def _info(code: str) -> dict[str, Any]:
    """Django's LANG_INFO entry for ``code`` or ours; {} for an unknown code."""
    return EXTRA_LANG_INFO.get(code) or LANG_INFO.get(code, {})


def allowed_codes() -> list[str]:
    """Codes Django knows a name for (fallback-only entries have none), plus Somali and
    Tigrinya, except sv and en."""
    known = {code for code, info in LANG_INFO.items() if "name" in info} | set(EXTRA_LANG_INFO)
    return sorted(known - set(BASE_LANGUAGES))


def language_label(code: str) -> str:
    """E.g. "arabiska (العربيّة)": the name in the interface language, then its own name."""
    info = _info(code)
    return f"{_(info['name'])} ({info['name_local']})"


def language_choices() -> list[tuple[str, str]]:
    return sorted(((c, language_label(c)) for c in allowed_codes()), key=lambda c: c[1].lower())


def is_rtl(code: str) -> bool:
    return bool(_info(code).get("bidi", False))


def own_name(code: str) -> str:
    if code == "sv":
        return "Svenska"
    if code == "en":
        return "English"
    return str(_info(code)["name_local"])


@dataclass(frozen=True)
class Text:
    """One translatable text: its form field name, the Swedish original and its length limit."""

    field: str
    swedish: str
    max_length: int
    current: str


def texts(survey: Survey, code: str) -> list[Text]:
    """Every translatable text of the survey, in page order."""
    own = survey.translations.get(code, {})
    rows = [Text("title", survey.title, MAX_TITLE, own.get("title", ""))]
    if survey.intro:
        rows.append(Text("intro", survey.intro, MAX_INTRO, own.get("intro", "")))
    for question in survey.questions.prefetch_related("choices"):
        rows.append(
            Text(
                f"q{question.pk}",
                question.text_sv,
                MAX_QUESTION,
                question.translations.get(code, ""),
            )
        )
        for choice in question.choices.all():
            rows.append(
                Text(f"c{choice.pk}", choice.text_sv, MAX_CHOICE, choice.translations.get(code, ""))
            )
    return rows


def missing(survey: Survey, code: str) -> list[Text]:
    """The texts still shown in Swedish in this language."""
    return [row for row in texts(survey, code) if not row.current]


def gaps(survey: Survey) -> list[tuple[str, str, int]]:
    """(code, label, number of missing texts) per further language."""
    return [(c, language_label(c), len(missing(survey, c))) for c in survey.extra_languages]


def text_in(obj: Any, code: str) -> str:
    """A question's or choice's text in ``code``, falling back to Swedish."""
    if code in BASE_LANGUAGES:
        return obj.text
    return obj.translations.get(code) or obj.text_sv


def survey_text_in(survey: Survey, name: str, code: str) -> str:
    """The survey's ``title`` or ``intro`` in ``code``, falling back to Swedish."""
    if code in BASE_LANGUAGES:
        return survey.display_title if name == "title" else survey.display_intro
    return survey.translations.get(code, {}).get(name) or getattr(survey, name)


# --- writes ---------------------------------------------------------------------------------


def _check_code(code: str) -> None:
    if code not in allowed_codes():
        raise ValidationError(
            {"code": [_("“%(code)s” is not a language code that can be used.") % {"code": code}]},
            code="unknown_language",
        )


@transaction.atomic
def language_add(*, user: Any, survey: Survey, code: str) -> Survey:
    services._require_editor(user, survey.collaboration)
    code = (code or "").strip()
    _check_code(code)
    if code in survey.extra_languages:
        raise ValidationError(
            {"code": [_("The survey already has this language.")]}, code="duplicate"
        )
    survey.extra_languages = [*survey.extra_languages, code]
    survey.save(update_fields=["extra_languages"])
    return survey


@transaction.atomic
def translations_save(*, user: Any, survey: Survey, code: str, values: Mapping[str, str]) -> Survey:
    """Store all texts of one language at once; any error stores nothing."""
    services._require_editor(user, survey.collaboration)
    if code not in survey.extra_languages:
        raise ValidationError(
            {"code": [_("Add the language to the survey first.")]}, code="not_added"
        )
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for row in texts(survey, code):
        value = (values.get(row.field) or "").strip()
        if len(value) > row.max_length:
            errors[row.field] = [
                _("At most %(max)s characters (this text has %(n)s).")
                % {"max": row.max_length, "n": len(value)}
            ]
        elif value and pii.find_personal_data(value):
            errors[row.field] = [_("The text seems to contain personal data. Remove it.")]
        cleaned[row.field] = value
    if errors:
        raise ValidationError(errors)
    own = {k: cleaned[k] for k in ("title", "intro") if cleaned.get(k)}
    survey.translations = {**survey.translations, code: own}
    survey.save(update_fields=["translations"])
    for question in survey.questions.prefetch_related("choices"):
        _store(question, code, cleaned.get(f"q{question.pk}", ""))
        for choice in question.choices.all():
            _store(choice, code, cleaned.get(f"c{choice.pk}", ""))
    return survey


def _store(obj: Question | Choice, code: str, value: str) -> None:
    own = {k: v for k, v in obj.translations.items() if k != code}
    if value:
        own[code] = value
    if own != obj.translations:
        obj.translations = own
        obj.save(update_fields=["translations"])
