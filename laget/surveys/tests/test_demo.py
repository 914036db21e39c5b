"""The demo's Ludvika survey rounds: two rounds with the same keys, safe to load twice."""

import pytest

from laget.surveys import selectors
from laget.surveys.choices import Handling, SurveyStatus
from laget.surveys.demo import surveys_demo_load
from laget.surveys.models import Answer, Response, Survey

pytestmark = pytest.mark.django_db


def test_demo_has_two_comparable_closed_rounds_and_is_idempotent(ludvika):
    rounds = Survey.objects.filter(collaboration=ludvika).order_by("pk")
    assert rounds.count() == 2
    earlier, later = rounds
    assert later.round_of == earlier
    assert {earlier.status, later.status} == {SurveyStatus.CLOSED}
    assert Response.objects.filter(survey=earlier).count() == 250
    assert Response.objects.filter(survey=later).count() == 300
    assert set(earlier.questions.values_list("key", flat=True)) == set(
        later.questions.values_list("key", flat=True)
    )
    coded = Answer.objects.filter(question__survey=later).exclude(theme="")
    assert coded.exists()
    assert coded.filter(handling=Handling.HANDLED).exists()
    surveys_demo_load()
    assert Survey.objects.filter(collaboration=ludvika).count() == 2
    assert Response.objects.filter(survey__collaboration=ludvika).count() == 550


def test_demo_shows_a_significant_change_and_women_feel_less_safe(ludvika):
    later = Survey.objects.get(collaboration=ludvika, round_of__isnull=False)
    results = selectors.results(survey=later)
    safe = next(r for r in results.questions if r.question.key == "safe_evening")
    assert safe.comparison.significant and safe.comparison.difference > 0
    gender = next(b for b in safe.breakdowns if b.kind == "gender")
    shares = {row.label: row.agree.share for row in gender.rows if row.agree}
    assert shares["Kvinna"] < shares["Man"]


def test_choice_questions_compare_choice_by_choice(ludvika):
    later = Survey.objects.get(collaboration=ludvika, round_of__isnull=False)
    results = selectors.results(survey=later)
    avoid = next(r for r in results.questions if r.question.key == "avoid_places")
    yes = next(row for row in avoid.choices if row.choice.text_sv == "Ja")
    assert yes.comparison is not None
    assert yes.comparison.after.count == yes.count
    area = next(r for r in results.questions if r.question.key == "area")
    assert not area.has_comparison  # background questions are breakdowns, not compared


def test_the_complement_of_a_small_group_is_marked_as_such(ludvika):
    later = Survey.objects.get(collaboration=ludvika, round_of__isnull=False)
    results = selectors.results(survey=later)
    area = next(r for r in results.questions if r.question.key == "area")
    hidden = [row for row in area.choices if row.count is None]
    assert len(hidden) == 2  # the small area (3) and the smallest other, as its complement
    assert sorted(row.complement for row in hidden) == [False, True]
