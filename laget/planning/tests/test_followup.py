"""Follow-up of measures (step 5): production, process and effect follow-ups, the verdict's
wording, the steering group's report and the public summary, and who may do what."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from laget.accounts.models import User
from laget.analysis import indicators as math_
from laget.core.choices import InformationClass
from laget.geography.models import Area
from laget.organisations.models import Collaboration, Organisation
from laget.planning import followup, plans
from laget.planning.choices import IndicatorSource, MeasureStatus
from laget.planning.models import (
    ActionPlan,
    EffectFollowUp,
    FollowUp,
    FollowUpKind,
    Goal,
    Indicator,
    Measure,
)
from laget.reporting.models import Category, Report

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
#: A fixed "today" for the effect follow-ups: the windows below all lie before it.
TODAY = datetime.date(2026, 1, 15)
INTERVENTION = (datetime.date(2025, 3, 3), datetime.date(2025, 5, 25))
WEEKS = 13


@pytest.fixture(autouse=True)
def _english() -> object:
    """The assertions read the English texts (the source language); pages get EN headers."""
    with translation.override("en"):
        yield


def url(name: str, collaboration: Collaboration, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"collaboration_id": collaboration.pk, **kwargs})


@pytest.fixture
def plan(fagersta: Collaboration) -> ActionPlan:
    return ActionPlan.objects.get(collaboration=fagersta)


@pytest.fixture
def measure(plan: ActionPlan) -> Measure:
    return plan.measures.get(title="Polisiär närvaro i centrum fredagskvällar")


@pytest.fixture
def klotter(fagersta: Collaboration) -> Category:
    return Category.objects.filter(template__collaboration=fagersta, key="klotter").first()


@pytest.fixture
def areas(fagersta: Collaboration) -> tuple[Area, Area]:
    return (
        Area.objects.create(collaboration=fagersta, name="Målområdet"),
        Area.objects.create(collaboration=fagersta, name="Jämförelseområdet"),
    )


@pytest.fixture
def indicator(
    measure: Measure, klotter: Category, areas: tuple[Area, Area], fagersta_coordinator: User
) -> Indicator:
    goal = Goal.objects.filter(problem=measure.problem).order_by("pk").first()
    return plans.indicator_create(
        user=fagersta_coordinator,
        goal=goal,
        name="Klotter i målområdet",
        source=IndicatorSource.SITUATION_COUNT,
        category=klotter,
        area=areas[0],
    )


def _report(
    fagersta: Collaboration,
    category: Category,
    area: Area,
    day: datetime.date,
    count: int,
    **kw: Any,
) -> Report:
    return Report.objects.create(
        collaboration=fagersta,
        category=category,
        category_label=str(category),
        template_version=1,
        owner_organisation=Organisation.objects.get(name="Fagersta kommun"),
        info_class=kw.pop("info_class", InformationClass.PARTNERS),
        period_start=day - datetime.timedelta(days=day.weekday()),
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
        area=area,
        count=count,
        source="web",
        **kw,
    )


@pytest.fixture
def seeded(fagersta: Collaboration, klotter: Category, areas: tuple[Area, Area]) -> None:
    """24 reports in the 13 weeks before, 15 in the 13 weeks after; 20 and 20 in the comparison
    area; plus reports that must not count."""
    target, comparison = areas
    before_start = INTERVENTION[0] - datetime.timedelta(weeks=WEEKS)
    after_start = INTERVENTION[1] + datetime.timedelta(days=1)
    for i in range(24):
        _report(fagersta, klotter, target, before_start + datetime.timedelta(days=i * 3), 1)
    for i in range(15):
        _report(fagersta, klotter, target, after_start + datetime.timedelta(days=i * 5), 1)
    for start in (before_start, after_start):
        for i in range(10):
            _report(fagersta, klotter, comparison, start + datetime.timedelta(days=i * 7), 2)
    original = Report.objects.filter(area=target).order_by("pk").first()
    day = before_start + datetime.timedelta(days=2)
    _report(fagersta, klotter, target, day, 5, duplicate_of=original)
    _report(fagersta, klotter, target, day, 7, info_class=InformationClass.OWN_ORGANISATION)
    _report(fagersta, klotter, target, INTERVENTION[0] + datetime.timedelta(days=10), 9)
    other = Category.objects.filter(template__collaboration=fagersta).exclude(pk=klotter.pk)
    _report(fagersta, other.exclude(parent=klotter).first(), target, day, 11)


def _run(user: User, measure: Measure, indicator: Indicator, **kw: Any) -> FollowUp:
    values: dict[str, Any] = {
        "intervention_start": INTERVENTION[0],
        "intervention_end": INTERVENTION[1],
        "weeks": WEEKS,
        "today": TODAY,
    }
    values.update(kw)
    return followup.effect_follow_up_run(user=user, measure=measure, indicator=indicator, **values)


# --- effect follow-up ---------------------------------------------------------------------------


def test_an_effect_follow_up_counts_the_seeded_reports(
    seeded: None,
    measure: Measure,
    indicator: Indicator,
    areas: tuple[Area, Area],
    fagersta_police: User,
) -> None:
    follow_up = _run(fagersta_police, measure, indicator, comparison_area=areas[1])

    result = follow_up.effect.result
    assert follow_up.kind == FollowUpKind.EFFECT
    assert (sum(result["before"]), sum(result["after"])) == (24, 15)
    assert len(result["before"]) == len(result["after"]) == WEEKS
    assert result["plain"]["rate_ratio"] == pytest.approx(0.625)
    assert result["verdict"] == math_.NO_CLEAR_CHANGE
    comparison = result["comparison"]
    assert (sum(comparison["before"]), sum(comparison["after"])) == (20, 20)
    assert comparison["ratio"] == pytest.approx(0.625)
    assert comparison["ci_low"] == pytest.approx(0.2555, abs=1e-3)
    # The series spans before, intervention and after; the intervention's 9 are in it.
    assert sum(result["series"]) == 24 + 9 + 15


def test_the_verdict_says_what_happened_and_hedges(
    seeded: None, measure: Measure, indicator: Indicator, fagersta_police: User
) -> None:
    follow_up = _run(fagersta_police, measure, indicator)

    sentences = followup.verdict_sentences(follow_up.effect.result)
    assert sentences[0].startswith("The number of reports fell from 24 to 15 (\u221238 %)")
    assert "within what chance alone often gives" in sentences[1]
    assert sentences[-1] == followup.hedge()


RESULTS = [
    {"before": [30], "after": [10], "weeks": 1, "verdict": math_.DECREASE},
    {"before": [10], "after": [30], "weeks": 1, "verdict": math_.INCREASE},
    {"before": [10], "after": [11], "weeks": 1, "verdict": math_.NO_CLEAR_CHANGE},
    {"before": [0], "after": [0], "weeks": 1, "verdict": math_.TOO_LITTLE_DATA},
]
COMPARISONS = [
    {"area": "X", "before": [5], "after": [5], "verdict": v}
    for v in (math_.DECREASE, math_.INCREASE, math_.NO_CLEAR_CHANGE, math_.TOO_LITTLE_DATA)
]


@pytest.mark.parametrize("result", RESULTS)
@pytest.mark.parametrize("comparison", [None, *COMPARISONS])
def test_no_verdict_claims_a_cause(result: dict[str, Any], comparison: Any) -> None:
    data = dict(result, plain={"ci_low": 0.2, "ci_high": 0.8})
    if comparison:
        data["comparison"] = comparison
    sentences = followup.verdict_sentences(data)

    assert sentences[-1] == followup.hedge()
    assert "does not show that the measure caused" in sentences[-1]
    claims = " ".join(sentences[:-1]).lower()
    for word in ("caused", "because", "thanks to", "led to", "effect of the measure"):
        assert word not in claims


def test_the_after_window_must_follow_the_intervention(
    measure: Measure, indicator: Indicator, fagersta_coordinator: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        _run(fagersta_coordinator, measure, indicator, after_start=INTERVENTION[1])

    assert caught.value.error_dict["after_start"][0].code == "after_before_intervention"
    assert (
        not FollowUp.objects.filter(measure=measure)
        .exclude(effect=None)
        .filter(effect__indicator=indicator)
        .exists()
    )


def test_the_after_window_must_have_passed(
    measure: Measure, indicator: Indicator, fagersta_coordinator: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        _run(fagersta_coordinator, measure, indicator, today=INTERVENTION[1])

    assert caught.value.error_dict["after_start"][0].code == "after_not_over"


def test_a_comparison_area_of_another_municipality_is_refused(
    measure: Measure, indicator: Indicator, ludvika: Collaboration, fagersta_coordinator: User
) -> None:
    count = FollowUp.objects.count()
    with pytest.raises(ValidationError) as caught:
        _run(fagersta_coordinator, measure, indicator, comparison_area=ludvika.areas.first())

    assert caught.value.error_dict["comparison_area"][0].code == "foreign"
    assert FollowUp.objects.count() == count


def test_the_comparison_area_must_differ(
    measure: Measure, indicator: Indicator, areas: tuple[Area, Area], fagersta_coordinator: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        _run(fagersta_coordinator, measure, indicator, comparison_area=areas[0])

    assert caught.value.error_dict["comparison_area"][0].code == "same_area"


def test_the_effect_form_shows_errors_and_stores_nothing(
    client_for: Any, fagersta: Collaboration, measure: Measure, indicator: Indicator
) -> None:
    client = client_for(User.objects.get(username="samordnare.fagersta"))
    count = FollowUp.objects.count()
    response = client.post(
        url("effect_create", fagersta, measure_id=measure.pk),
        {
            "indicator": indicator.pk,
            "intervention_start": "2025-03-03",
            "intervention_end": "2025-05-25",
            "weeks": 13,
            "after_start": "2025-04-01",
        },
        **EN,
    )

    assert response.status_code == 400
    assert "The after window must start after the intervention period" in response.text
    assert FollowUp.objects.count() == count


def test_the_effect_page_shows_the_verdict_and_the_chart(
    client_for: Any,
    fagersta: Collaboration,
    seeded: None,
    measure: Measure,
    indicator: Indicator,
    areas: tuple[Area, Area],
    fagersta_police: User,
    fagersta_reporter: User,
) -> None:
    follow_up = _run(fagersta_police, measure, indicator, comparison_area=areas[1])
    kwargs = {"measure_id": measure.pk, "followup_id": follow_up.pk}
    client = client_for(fagersta_reporter)  # every member reads

    page = client.get(url("followup_detail", fagersta, **kwargs), **EN)
    chart = client.get(url("followup_chart", fagersta, **kwargs))

    assert page.status_code == 200
    with translation.override("en"):  # the requests left their own language active
        assert followup.hedge() in page.text
        caption = followup.effect_chart(follow_up.effect).caption
    assert f'alt="{caption}"' in page.text
    assert "Jämförelseområdet" in caption
    assert chart["Content-Type"] == "image/png"
    assert chart.content[:8] == b"\x89PNG\r\n\x1a\n"


# --- production and process follow-up -----------------------------------------------------------


def test_a_coordinator_adds_a_process_follow_up(
    client_for: Any, fagersta: Collaboration, measure: Measure, fagersta_coordinator: User
) -> None:
    client = client_for(fagersta_coordinator)
    response = client.post(
        url("followup_create", fagersta, measure_id=measure.pk),
        {
            "kind": "process",
            "followed_up_on": str(timezone.localdate()),
            "as_planned": "false",
            "deviations": "Två kvällar ställdes in.",
            "hours": "12",
        },
        **EN,
    )

    assert response.status_code == 302
    stored = FollowUp.objects.get(measure=measure, deviations="Två kvällar ställdes in.")
    assert (stored.as_planned, stored.hours, stored.author) == (False, 12, fagersta_coordinator)
    page = client.get(url("measure_detail", fagersta, measure_id=measure.pk), **EN)
    assert "Två kvällar ställdes in." in page.text
    assert "Not carried out as planned." in page.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "production"}, "delivered_count", "Say what was delivered"),
        ({"kind": "production", "delivered_count": "12"}, "delivered_unit", "Say what the number"),
        ({"kind": "process"}, "as_planned", "Say whether the measure"),
        ({"kind": "process", "as_planned": "false"}, "deviations", "Describe what deviated"),
        (
            {"kind": "production", "text": "Ring 070-123 45 67"},
            "text",
            "personal data",
        ),
        ({"kind": "process", "as_planned": "true", "followed_up_on": "2099-01-01"}, "", "future"),
    ],
)
def test_bad_follow_ups_are_refused_with_a_clear_error(
    client_for: Any,
    fagersta: Collaboration,
    measure: Measure,
    fagersta_coordinator: User,
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    count = FollowUp.objects.count()
    post = {"followed_up_on": str(timezone.localdate()), **data}
    response = client_for(fagersta_coordinator).post(
        url("followup_create", fagersta, measure_id=measure.pk), post, **EN
    )

    assert response.status_code == 400
    assert message in response.text
    assert FollowUp.objects.count() == count


# --- reports ------------------------------------------------------------------------------------


@pytest.fixture
def cancelled(plan: ActionPlan, fagersta_coordinator: User) -> Measure:
    measure = plan.measures.get(title="Öppen fritidsgård fredagar till kl. 23")
    return plans.measure_update(
        user=fagersta_coordinator,
        measure=measure,
        status=MeasureStatus.CANCELLED,
        status_reason="Ingen personal kunde bemanna gården kvällstid.",
        reason="Fritidsgården saknar personal.",
    )


@pytest.fixture
def effect(
    seeded: None, measure: Measure, indicator: Indicator, fagersta_police: User
) -> EffectFollowUp:
    return _run(fagersta_police, measure, indicator).effect


def test_the_pdf_report_holds_the_chart_and_the_cancelled_reason(
    client_for: Any,
    fagersta: Collaboration,
    plan: ActionPlan,
    cancelled: Measure,
    effect: EffectFollowUp,
    fagersta_coordinator: User,
) -> None:
    response = client_for(fagersta_coordinator).get(
        url("report_pdf", fagersta, plan_id=plan.pk), **EN
    )

    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    assert b"/Subtype /Image" in content
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Ingen personal kunde bemanna" in " ".join(text.split())
    assert "Measures not carried out" in text


def test_the_word_report_holds_the_chart_and_the_cancelled_reason(
    client_for: Any,
    fagersta: Collaboration,
    plan: ActionPlan,
    cancelled: Measure,
    effect: EffectFollowUp,
    fagersta_coordinator: User,
) -> None:
    response = client_for(fagersta_coordinator).get(
        url("report_docx", fagersta, plan_id=plan.pk), **EN
    )

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert any(name.startswith("word/media/") for name in archive.namelist())
    document = archive.read("word/document.xml").decode()
    assert "Ingen personal kunde bemanna gården kvällstid." in document
    assert followup.effect_chart(effect).caption.split(";")[0] in document
    assert "does not show that the measure caused" in document


def test_the_public_summary_leaves_out_names_and_private_texts(
    client_for: Any,
    fagersta: Collaboration,
    plan: ActionPlan,
    cancelled: Measure,
    effect: EffectFollowUp,
    fagersta_reporter: User,
    fagersta_coordinator: User,
) -> None:
    lighting = plan.measures.get(title__startswith="Byt armaturer")
    followup.follow_up_create(
        user=fagersta_coordinator,
        measure=lighting,
        kind=FollowUpKind.PROCESS,
        followed_up_on=max(lighting.start, timezone.localdate() - datetime.timedelta(days=1)),
        as_planned=False,
        deviations="Hemlig avvikelse.",
        text="Intern anteckning om enheten.",
    )
    response = client_for(fagersta_reporter).get(
        url("report_public", fagersta, plan_id=plan.pk), **EN
    )

    assert response.status_code == 200
    page = response.text
    assert "Ingen personal kunde bemanna gården kvällstid." in page
    assert followup.hedge() in page
    assert "Hemlig avvikelse." not in page
    assert "Intern anteckning" not in page
    assert "Maria Ekholm" not in page and "Anders Falk" not in page


# --- permissions --------------------------------------------------------------------------------


def test_readers_may_not_add_follow_ups(
    client_for: Any, fagersta: Collaboration, measure: Measure, fagersta_reporter: User
) -> None:
    client = client_for(fagersta_reporter)
    count = FollowUp.objects.count()

    form = client.get(url("followup_create", fagersta, measure_id=measure.pk))
    post = client.post(
        url("followup_create", fagersta, measure_id=measure.pk),
        {"kind": "process", "followed_up_on": "2026-06-01", "as_planned": "true"},
    )
    effect = client.post(url("effect_create", fagersta, measure_id=measure.pk), {})
    page = client.get(url("measure_detail", fagersta, measure_id=measure.pk), **EN)

    assert (form.status_code, post.status_code, effect.status_code) == (403, 403, 403)
    assert FollowUp.objects.count() == count
    assert "Add a process follow-up" not in page.text
    assert 'id="follow-up"' in page.text


def test_the_service_refuses_a_reader(measure: Measure, fagersta_reporter: User) -> None:
    with pytest.raises(ValidationError) as caught:
        followup.follow_up_create(
            user=fagersta_reporter,
            measure=measure,
            kind=FollowUpKind.PROCESS,
            followed_up_on=timezone.localdate(),
            as_planned=True,
        )
    assert caught.value.code == "not_allowed"


@pytest.mark.parametrize("name", ["report_pdf", "report_docx", "report_public"])
def test_another_municipality_gets_404_for_the_reports(
    client_for: Any, fagersta: Collaboration, plan: ActionPlan, ludvika_coordinator: User, name: str
) -> None:
    response = client_for(ludvika_coordinator).get(url(name, fagersta, plan_id=plan.pk))

    assert response.status_code == 404


def test_a_foreign_measure_gives_404(
    client_for: Any,
    fagersta: Collaboration,
    ludvika: Collaboration,
    measure: Measure,
    ludvika_coordinator: User,
    fagersta_coordinator: User,
) -> None:
    outsider = client_for(ludvika_coordinator)
    # The Fagersta measure under Ludvika's own collaboration id, and under Fagersta's.
    assert outsider.get(url("followup_create", ludvika, measure_id=measure.pk)).status_code == 404
    assert outsider.get(url("effect_create", fagersta, measure_id=measure.pk)).status_code == 404
    follow_up = FollowUp.objects.filter(measure__plan__collaboration=fagersta).first()
    assert follow_up is not None  # from the demo
    other_measure = Measure.objects.filter(plan__collaboration=fagersta).exclude(
        pk=follow_up.measure_id
    )[0]
    insider = client_for(fagersta_coordinator)
    wrong = url("followup_detail", fagersta, measure_id=other_measure.pk, followup_id=follow_up.pk)
    assert insider.get(wrong).status_code == 404


def test_the_demo_has_follow_ups_of_every_kind(fagersta: Collaboration) -> None:
    kinds = set(
        FollowUp.objects.filter(measure__plan__collaboration=fagersta).values_list(
            "kind", flat=True
        )
    )
    assert {FollowUpKind.PRODUCTION, FollowUpKind.PROCESS} <= kinds
    effect = EffectFollowUp.objects.get(follow_up__measure__plan__collaboration=fagersta)
    assert effect.follow_up.measure.title.startswith("Byt armaturer")
    assert effect.comparison_area is not None and effect.comparison_area.name == "Västanfors"
    assert effect.result["verdict"] in {
        math_.DECREASE,
        math_.INCREASE,
        math_.NO_CLEAR_CHANGE,
        math_.TOO_LITTLE_DATA,
    }
    assert sum(effect.result["before"]) > 0
