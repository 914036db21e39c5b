"""Flags, the goal-quality check and the steering-group pack."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from laget.programmes import pack, selectors, services
from laget.programmes.choices import ActivityStatus, Judgement
from laget.programmes.demo import NAME
from laget.programmes.models import ExpectedResult, Programme
from laget.programmes.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def _codes(programme, today=TODAY):
    areas = selectors.programme_areas(programme)
    return sorted(f.code for f in selectors.programme_flags(programme, areas, today))


def test_an_empty_working_group_and_a_signatory_without_a_group_are_flagged(programme, area):
    assert _codes(programme) == ["no_members", "no_plan", "signatory_without_group"]


def test_the_flags_clear_when_the_group_is_staffed_and_planned(
    coordinator, programme, area, signatory, plan
):
    services.member_add(
        user=coordinator,
        area=area,
        signatory=signatory,
        function_title="Kommunpolis",
        start_date=TODAY,
    )
    services.member_add(
        user=coordinator,
        area=area,
        other_organisation="Region Dalarna",
        function_title="Strateg",
        start_date=TODAY,
    )
    assert _codes(programme) == []


def test_a_working_group_without_convener_from_one_organisation_is_flagged(
    coordinator, programme, signatory
):
    area = services.area_create(user=coordinator, programme=programme, number=2, name="Utan")
    services.member_add(
        user=coordinator,
        area=area,
        signatory=signatory,
        function_title="Kommunpolis",
        start_date=TODAY,
    )
    codes = _codes(programme)
    assert "no_convener" in codes and "single_organisation" in codes


def test_a_plan_older_than_the_cadence_is_flagged(programme, area, plan):
    assert "plan_overdue" not in _codes(programme, TODAY + D(days=150))
    assert "plan_overdue" in _codes(programme, TODAY + D(days=190))
    programme.plan_cadence_months = 12
    programme.save()
    assert "plan_overdue" not in _codes(programme, TODAY + D(days=190))


def test_slipped_and_overdue_activities_are_shown(coordinator, programme, activity):
    assert "activity_overdue" in _codes(programme, activity.planned_date + D(days=1))
    services.activity_update(
        user=coordinator,
        activity=activity,
        status=ActivityStatus.CANCELLED,
        deviation_kind="national_assignment",
        deviation_text="Nytt nationellt uppdrag.",
    )
    areas = selectors.programme_areas(programme)
    slipped = [
        f
        for f in selectors.programme_flags(programme, areas, TODAY)
        if f.code == "slipped_activity"
    ]
    assert len(slipped) == 1 and "Nytt nationellt uppdrag." in slipped[0].message


def test_goals_without_definition_or_indicator_are_flagged(coordinator, programme, area):
    services.result_create(user=coordinator, area=area, goal_type="process", text="Två seminarier.")
    codes = _codes(programme)
    assert codes.count("goal_without_definition") == 1
    assert codes.count("goal_without_indicator") == 1


def test_the_goal_quality_check_combines_smart_and_the_goal_analysis():
    vague = ExpectedResult(
        goal_type="result",
        text="En samverkansstruktur för avhopparverksamhet ska finnas.",
        definitions="",
    )
    quality = selectors.goal_quality(vague)
    assert not quality.has_definition and not quality.has_indicator and not quality.measurable
    assert quality.ambiguous_terms == ["samverkansstruktur"]
    assert "T" not in quality.letters
    assert len(quality.remarks) >= 4
    clear = ExpectedResult(
        goal_type="result",
        text="EST är etablerat i minst fem kommuner senast 2027.",
        definitions="EST etablerat: veckovis lägesbildsgrupp.",
        indicator="Antal kommuner med EST",
        baseline="1 kommun",
        target="5 kommuner",
        deadline=datetime.date(2027, 12, 31),
        unambiguous=Judgement.YES,
    )
    quality = selectors.goal_quality(clear)
    assert quality.measurable and quality.has_definition and quality.has_indicator
    assert {"M", "T"} <= set(quality.letters)
    assert quality.remarks == []


def test_the_demo_flags_tullverket_and_the_goal_without_indicator(demo):
    programme = Programme.objects.get(name=NAME)
    areas = selectors.programme_areas(programme)
    flags = selectors.programme_flags(programme, areas, datetime.date.today())
    messages = [f.message for f in flags if f.code == "signatory_without_group"]
    assert len(messages) == 1 and "Tullverket" in messages[0]
    assert any(f.code == "goal_without_indicator" for f in flags)
    assert any(f.code == "plan_overdue" for f in flags)
    statuses = {a.status for area in areas for p in area.plans.all() for a in p.activities.all()}
    assert statuses == set(ActivityStatus.values)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pack_shows_plans_activities_goals_flags_and_changes(
    coordinator, programme, area, activity
):
    services.result_create(
        user=coordinator, area=area, goal_type="result", text="Färre återfall i brott senast 2027."
    )
    data = pack.pack_data(programme, TODAY)
    text = _pdf_text(pack.pack_pdf(data))
    assert "Testprogrammet" in text
    assert "Regional konferens" in text
    assert "Färre återfall i brott" in text
    assert "Polisregion Bergslagen" in text  # the flag: a signatory without a working group
    services.pack_issue(user=coordinator, programme=programme, snapshot=data.snapshot)
    activity.refresh_from_db()
    services.activity_update(
        user=coordinator,
        activity=activity,
        status=ActivityStatus.POSTPONED,
        deviation_kind="pandemic",
        deviation_text="Smitta.",
    )
    with translation.override("en"):
        later = pack.pack_data(programme, TODAY)
    assert later.previous is not None
    assert any("Regional konferens" in c and "postponed" in c.lower() for c in later.changes)
    assert "Regional konferens" in _pdf_text(pack.pack_pdf(later))


def test_the_changes_follow_an_activity_across_plan_versions(
    coordinator, programme, area, plan, activity
):
    first = pack.pack_data(programme, TODAY).snapshot
    services.plan_submit(user=coordinator, plan=plan)
    services.plan_create(
        user=coordinator, area=area, period_start=TODAY + D(days=1), period_end=TODAY + D(days=200)
    )
    with translation.override("en"):
        changes = pack.changes_between(first, pack.pack_data(programme, TODAY).snapshot)
    assert any("version 2" in c for c in changes)
    assert not any("new activity “" in c.lower() for c in changes), changes
