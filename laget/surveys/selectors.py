"""Reads of the safety surveys: lists, and the results of a survey computed with
``laget.analysis.surveys`` (shares with intervals, suppressed breakdowns, round comparison)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from laget import access
from laget.analysis import surveys as stats
from laget.organisations.models import Collaboration
from laget.surveys.choices import BACKGROUND_KINDS, CHOICE_KINDS, Handling, QuestionKind
from laget.surveys.models import Answer, Choice, Question, Survey


def survey_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Survey]:
    return (
        access.restrict(user, Survey.objects.filter(collaboration=collaboration))
        .annotate(response_count=Count("responses", distinct=True))
        .select_related("round_of")
    )


def response_count(*, survey: Survey) -> int:
    return survey.responses.count()


@dataclass
class ChoiceRow:
    choice: Choice
    count: int | None  # None: suppressed
    share: stats.Share | None
    comparison: stats.Comparison | None = None  # with the same choice in the earlier round
    complement: bool = False  # hidden only so that a smaller hidden cell cannot be derived


@dataclass
class BreakdownRow:
    label: str
    n: int | None  # None: suppressed
    agree: stats.Share | None
    complement: bool = False  # hidden only so that a smaller hidden group cannot be derived


@dataclass
class Breakdown:
    title: str
    kind: str
    rows: list[BreakdownRow]

    @property
    def has_suppressed(self) -> bool:
        return any(row.n is None for row in self.rows)


@dataclass
class QuestionResult:
    question: Question
    n: int
    choices: list[ChoiceRow] = field(default_factory=list)
    likert: stats.LikertSummary | None = None
    likert_rows: list[tuple[int, str, int, float]] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    comparison: stats.Comparison | None = None
    texts: list[Answer] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)
    handling: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count

    @property
    def has_suppressed(self) -> bool:
        return any(row.count is None for row in self.choices)

    @property
    def has_comparison(self) -> bool:
        return any(row.comparison is not None for row in self.choices)


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    questions: list[QuestionResult]
    threshold: int


def _likert_label(value: int) -> str:
    from laget.surveys.choices import LIKERT_LABELS
    from laget.surveys.models import _localised

    sv, en = LIKERT_LABELS[value]
    return _localised(sv, en)


def results(*, survey: Survey) -> SurveyResults:
    """Every question's result; background cells and breakdown groups under the survey's
    threshold are suppressed (``stats.suppress``)."""
    threshold = survey.suppression_threshold
    questions = list(survey.questions.prefetch_related("choices"))
    rows = list(
        Answer.objects.filter(response__survey=survey).values_list(
            "response_id", "question_id", "choice_id", "value"
        )
    )
    respondents = survey.responses.count()
    by_question: dict[int, list[tuple[int, int | None, int | None]]] = defaultdict(list)
    for response_id, question_id, choice_id, value in rows:
        by_question[question_id].append((response_id, choice_id, value))
    background = {
        q.pk: {rid: cid for rid, cid, _v in by_question[q.pk]}
        for q in questions
        if q.kind in BACKGROUND_KINDS
    }
    earlier = _earlier_likert(survey)
    earlier_choices = _earlier_choices(survey)
    out = []
    for question in questions:
        answers = by_question[question.pk]
        n = len({rid for rid, _c, _v in answers})
        result = QuestionResult(question=question, n=n)
        if question.kind in CHOICE_KINDS:
            counts = Counter(cid for _r, cid, _v in answers)
            shown: dict[str, int | None] = {
                str(c.pk): counts.get(c.pk, 0) for c in question.choices.all()
            }
            if question.kind in BACKGROUND_KINDS:
                shown = stats.suppress(shown, threshold)
            before = earlier_choices.get(question.key) if question.key else None
            for choice in question.choices.all():
                count = shown[str(choice.pk)]
                row = ChoiceRow(
                    choice=choice,
                    count=count,
                    share=stats.share(count, n) if count is not None and n else None,
                    complement=count is None and counts.get(choice.pk, 0) >= threshold,
                )
                if before is not None and count is not None and n and before[1]:
                    counts_before, n_before = before
                    if choice.text_sv in counts_before:
                        row.comparison = stats.compare(
                            counts_before[choice.text_sv], n_before, count, n
                        )
                result.choices.append(row)
        elif question.kind == QuestionKind.LIKERT:
            values = {rid: v for rid, _c, v in answers if v is not None}
            result.likert = stats.likert_summary(values.values())
            result.likert_rows = [
                (v, _likert_label(v), c, (c / n if n else 0.0))
                for v, c in result.likert.distribution.items()
            ]
            for bq in questions:
                if bq.kind in BACKGROUND_KINDS:
                    result.breakdowns.append(_breakdown(bq, background[bq.pk], values, threshold))
            if question.key and question.key in earlier and result.likert.n:
                agree_before, n_before = earlier[question.key]
                result.comparison = stats.compare(
                    agree_before, n_before, result.likert.agree.count, result.likert.n
                )
        else:
            result.texts = list(
                Answer.objects.filter(question=question).exclude(text="").order_by("pk")
            )
            themes = Counter(a.theme for a in result.texts if a.theme)
            result.themes = sorted(themes.items(), key=lambda item: (-item[1], item[0]))
            handled = Counter(a.handling for a in result.texts)
            result.handling = [(v, label, handled.get(v, 0)) for v, label in Handling.choices]
        out.append(result)
    return SurveyResults(survey=survey, respondents=respondents, questions=out, threshold=threshold)


def _breakdown(
    background_question: Question,
    group_of: dict[int, int | None],
    values: dict[int, int],
    threshold: int,
) -> Breakdown:
    groups: dict[int, list[int]] = defaultdict(list)
    for rid, value in values.items():
        cid = group_of.get(rid)
        if cid is not None:
            groups[cid].append(value)
    choices = list(background_question.choices.all())
    sizes = stats.suppress({str(c.pk): len(groups[c.pk]) for c in choices}, threshold)
    rows = []
    for choice in choices:
        size = sizes[str(choice.pk)]
        agree = None
        if size:
            summary = stats.likert_summary(groups[choice.pk])
            agree = summary.agree
        complement = size is None and len(groups[choice.pk]) >= threshold
        rows.append(BreakdownRow(label=choice.text, n=size, agree=agree, complement=complement))
    return Breakdown(
        title=str(QuestionKind(background_question.kind).label).lower(),
        kind=background_question.kind,
        rows=rows,
    )


def _earlier_likert(survey: Survey) -> dict[str, tuple[int, int]]:
    """For the earlier round: question key → (agreeing, answering) of its scale questions."""
    if survey.round_of_id is None:
        return {}
    out: dict[str, tuple[int, int]] = {}
    for question in survey.round_of.questions.filter(kind=QuestionKind.LIKERT).exclude(key=""):
        values = list(question.answers.exclude(value=None).values_list("value", flat=True))
        out[question.key] = (sum(1 for v in values if v in stats.AGREE_VALUES), len(values))
    return out


def _earlier_choices(survey: Survey) -> dict[str, tuple[dict[str, int], int]]:
    """For the earlier round: key → ({choice text: count}, answering) of its single and
    multiple choice questions (background questions are breakdowns, not compared)."""
    if survey.round_of_id is None:
        return {}
    out: dict[str, tuple[dict[str, int], int]] = {}
    questions = survey.round_of.questions.filter(
        kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE]
    ).exclude(key="")
    for question in questions:
        rows = list(question.answers.values_list("response_id", "choice__text_sv"))
        counts = Counter(text for _rid, text in rows)
        out[question.key] = (dict(counts), len({rid for rid, _t in rows}))
    return out


def agree_count(*, question: Question, area_choice: Choice | None = None) -> tuple[int, int]:
    """(agreeing, answering) for a scale question, optionally among those of one area."""
    answers = Answer.objects.filter(question=question).exclude(value=None)
    if area_choice is not None:
        answers = answers.filter(response__answers__choice=area_choice)
    values = list(answers.values_list("value", flat=True))
    return sum(1 for v in values if v in stats.AGREE_VALUES), len(values)


def free_text_answers(*, survey: Survey) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.FREE_TEXT)
        .exclude(text="")
        .select_related("question")
        .order_by("question__position", "pk")
    )


def indicator_candidates(*, collaboration: Collaboration) -> QuerySet[Any]:
    """Indicators of the collaboration whose values are entered (not computed from reports)."""
    from laget.planning.choices import IndicatorSource
    from laget.planning.models import Indicator

    return (
        Indicator.objects.filter(goal__collaboration=collaboration)
        .exclude(source=IndicatorSource.SITUATION_COUNT)
        .order_by("name")
    )
