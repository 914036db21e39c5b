"""The Lag 2023:196 compliance panel, its county column and the step 4 checklist."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from laget.analysis.compile import last_complete_period
from laget.annual.selectors import (
    MISSING,
    OK,
    WARNING,
    adopted_action_plan,
    compliance,
)
from laget.organisations.choices import Role
from laget.organisations.models import Group, Membership
from laget.organisations.selectors import step_status
from laget.planning.models import ActionPlan
from laget.situation.choices import PeriodKind, PictureStatus
from laget.situation.models import SituationPicture
from laget.situation.services import situation_compile

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}
PLAN_ITEM = "åtgärdsplaner är upprättade och antagna av styrgruppen"


@pytest.fixture(autouse=True)
def _english() -> object:
    """The assertions read the English texts (the source language); pages get EN headers."""
    with translation.override("en"):
        yield


def _adopted_picture(collaboration, coordinator, *, adopted_at):
    """An adopted weekly lägesbild of EST-gruppen (adoption itself is tested in situation)."""
    SituationPicture.objects.filter(collaboration=collaboration).update(
        status=PictureStatus.DRAFT, adopted_at=None
    )
    group = Group.objects.get(collaboration=collaboration, name="EST-gruppen")
    picture = situation_compile(
        user=coordinator, group=group, period=last_complete_period(timezone.localdate())
    )
    SituationPicture.objects.filter(pk=picture.pk).update(
        status=PictureStatus.ADOPTED, adopted_at=adopted_at, period_kind=PeriodKind.WEEK
    )
    return picture


def _adopted_plan(collaboration, *, adopted_on):
    """The collaboration's only åtgärdsplan, adopted on ``adopted_on``."""
    ActionPlan.objects.filter(collaboration=collaboration).delete()
    return ActionPlan.objects.create(
        collaboration=collaboration, year=adopted_on.year, status="adopted", adopted_on=adopted_on
    )


def _states(result):
    return [r.state for r in result.requirements]


def test_everything_in_place(fagersta, fagersta_coordinator):
    now = timezone.now()
    picture = _adopted_picture(fagersta, fagersta_coordinator, adopted_at=now)
    plan = _adopted_plan(fagersta, adopted_on=timezone.localdate())
    result = compliance(user=fagersta_coordinator, collaboration=fagersta)
    assert result.latest_picture.pk == picture.pk
    assert result.latest_weekly_picture.pk == picture.pk
    assert result.requirements[0].date == timezone.localdate(now)
    assert fagersta_coordinator in [m.user for m in result.coordinators]
    if plan is None:  # the planning app has no action plans yet
        assert _states(result) == [OK, MISSING, OK]
        assert "not yet recorded" in str(result.requirements[1].detail)
    else:
        assert _states(result) == [OK, OK, OK]
        assert result.complete
        assert result.action_plan.pk == plan.pk
        assert result.requirements[1].date == plan.adopted_on


def test_an_old_situation_picture_and_plan_are_warned_about(fagersta, fagersta_coordinator):
    adopted = timezone.now() - datetime.timedelta(days=400)
    _adopted_picture(fagersta, fagersta_coordinator, adopted_at=adopted)
    plan = _adopted_plan(fagersta, adopted_on=timezone.localdate() - datetime.timedelta(days=1500))
    result = compliance(user=fagersta_coordinator, collaboration=fagersta)
    assert result.requirements[0].state == WARNING
    assert "more than a year old" in str(result.requirements[0].detail)
    assert result.requirements[1].state == (MISSING if plan is None else WARNING)
    assert not result.complete
    # The same picture was current a year ago.
    earlier = compliance(
        user=fagersta_coordinator,
        collaboration=fagersta,
        today=timezone.localdate() - datetime.timedelta(days=300),
    )
    assert earlier.requirements[0].state == OK


def test_what_is_missing_links_to_where_to_fix_it(client_for, fagersta, fagersta_admin):
    SituationPicture.objects.filter(collaboration=fagersta).update(
        status=PictureStatus.DRAFT, adopted_at=None
    )
    ActionPlan.objects.filter(collaboration=fagersta).delete()
    Membership.objects.filter(collaboration=fagersta, role=Role.COORDINATOR).update(is_active=False)
    result = compliance(user=fagersta_admin, collaboration=fagersta)
    assert _states(result) == [MISSING, MISSING, MISSING]
    assert result.latest_picture is None and result.latest_weekly_picture is None
    cid = {"collaboration_id": fagersta.pk}
    assert result.requirements[0].fix_url == reverse("situation:index", kwargs=cid)
    assert result.requirements[2].fix_url == reverse("organisations:membership_list", kwargs=cid)
    page = client_for(fagersta_admin).get(reverse("annual:compliance", kwargs=cid), headers=EN)
    text = page.content.decode()
    assert "What is missing" in text
    assert "Nobody is designated as coordinator" in text
    assert reverse("organisations:membership_list", kwargs=cid) in text


def test_a_draft_plan_does_not_count(fagersta, fagersta_coordinator):
    ActionPlan.objects.filter(collaboration=fagersta).delete()
    ActionPlan.objects.create(collaboration=fagersta, year=2026, status="draft")
    assert adopted_action_plan(collaboration=fagersta) is None
    item = next(i for i in step_status(collaboration=fagersta, step=4).items if i.text == PLAN_ITEM)
    assert not item.done
    _adopted_plan(fagersta, adopted_on=datetime.date(2026, 2, 15))
    assert adopted_action_plan(collaboration=fagersta, user=fagersta_coordinator) is not None
    item = next(i for i in step_status(collaboration=fagersta, step=4).items if i.text == PLAN_ITEM)
    assert item.done


def test_the_county_page_shows_each_collaborations_state(
    client_for, fagersta, fagersta_coordinator, county_officer, django_assert_max_num_queries
):
    _adopted_picture(fagersta, fagersta_coordinator, adopted_at=timezone.now())
    _adopted_plan(fagersta, adopted_on=timezone.localdate())
    client = client_for(county_officer)
    # the Lag 2023:196 column costs four queries for the whole county, not four per row; the
    # county overview (issue 7) adds one query per fact (sources, sharing, agreements, promises,
    # groups, meetings, LPOs) – for the whole county, not per municipality
    with django_assert_max_num_queries(24):
        page = client.get(reverse("organisations:county", kwargs={"county_code": "19"}), headers=EN)
    text = page.content.decode()
    assert "Lag 2023:196" in text
    assert reverse("annual:compliance", kwargs={"collaboration_id": fagersta.pk}) in text
    assert "In place" in text


def test_readers_of_the_county_see_the_panel(client_for, fagersta, county_officer):
    page = client_for(county_officer).get(
        reverse("annual:compliance", kwargs={"collaboration_id": fagersta.pk}), headers=EN
    )
    assert page.status_code == 200
    assert "Coordination function" in page.content.decode()
    assert "Maria Ekholm" in page.content.decode()  # Fagersta's coordinator
