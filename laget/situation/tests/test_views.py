"""The lägesbild pages: what each persona sees and may do, and how many queries a page costs."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from laget.situation import services
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

EN = {"Accept-Language": "en"}


def group_url(group, name="situation:group", **kwargs):
    return reverse(
        name, kwargs={"collaboration_id": group.collaboration_id, "group_id": group.pk, **kwargs}
    )


def period_url(group, period, name="situation:period"):
    return group_url(group, name, period=period.start.isoformat())


def picture_url(picture, name="situation:picture"):
    return reverse(
        name, kwargs={"collaboration_id": picture.collaboration_id, "picture_id": picture.pk}
    )


def test_the_coordinator_sees_last_weeks_lagesbild_with_alerts_first(
    known,
    est_group,
    week,
    fagersta_coordinator,
    client_for,
):
    response = client_for(fagersta_coordinator).get(group_url(est_group), headers=EN)
    assert response.status_code == 200
    page = response.context["page"]
    assert response.context["period"] == week
    assert response.context["picture"] is None  # nothing saved yet: the figures as they stand
    reasons = [a["reason"] for a in page.alerts]
    assert "Klotter in Centrum: 14 reports against normally 4±2" in reasons
    klotter = next(r for r in page.rows if r.label == "Skadegörelse: Klotter")
    assert klotter.total.count == 20 and klotter.previous == 8 and klotter.vs_previous == "+12"
    assert klotter.vs_previous_percent == "+150 %"
    assert klotter.total.assessment == "red"
    content = response.content.decode()
    assert content.index("Klotter in Centrum: 14 reports") < content.index(
        "Reports by category and area"
    )
    assert 'id="situation-map-data"' in content and "situation.js" in content
    assert response.context["form"] is not None  # a coordinator may write


def test_the_page_shows_patterns_and_missing_units(
    known,
    est_group,
    fagersta_coordinator,
    client_for,
):
    response = client_for(fagersta_coordinator).get(group_url(est_group), headers=EN)
    page = response.context["page"]
    assert len(page.weekday_hour) == 7 and len(page.weekday_hour[0]["cells"]) == 24
    assert sum(row["cells"][22].value for row in page.weekday_hour) == 14
    assert page.seasonal_years
    assert any(u["unit"] == "Fältassistenter" for u in page.missing_units)
    assert page.hotspot_summary["significant"] >= 1
    assert len(response.context["map_data"]["points"]) == 7


def test_the_coordinator_writes_adopts_and_edits_into_a_new_version(
    known,
    est_group,
    week,
    fagersta_coordinator,
    fagersta_police,
    client_for,
):
    client = client_for(fagersta_coordinator)
    response = client.post(
        period_url(est_group, week, "situation:write"),
        {"assessment": "Klottret i centrum ökar.", "priorities": "Klotter i centrum."},
    )
    assert response.status_code == 302
    picture = SituationPicture.objects.get(group=est_group, period_start=week.start)
    assert picture.assessment == "Klottret i centrum ökar." and picture.version == 1
    assert client.post(picture_url(picture, "situation:adopt")).status_code == 302
    picture.refresh_from_db()
    assert picture.status == PictureStatus.DRAFT  # the police have not approved yet
    waiting = client.get(group_url(est_group), headers=EN).context["approval"]
    assert [o.name for o in waiting["waiting"]] == ["Polisen – LPO Fagersta"]
    assert waiting["may_approve"] == []
    police = client_for(fagersta_police)
    page = police.get(group_url(est_group), headers=EN)
    assert "Approve version 1 for Polisen – LPO Fagersta" in page.content.decode()
    assert police.post(picture_url(picture, "situation:adopt")).status_code == 302
    picture.refresh_from_db()
    assert picture.status == PictureStatus.ADOPTED

    response = client.get(group_url(est_group), headers=EN)
    assert response.context["picture"] == picture
    assert "version 1" in response.content.decode()
    client.post(
        period_url(est_group, week, "situation:write"),
        {"assessment": "Klottret i centrum ökar fortfarande.", "priorities": "Klotter."},
    )
    assert list(
        SituationPicture.objects.filter(group=est_group, period_start=week.start).values_list(
            "version", "status"
        )
    ) == [(2, "draft"), (1, "adopted")]
    old = client.get(picture_url(picture), headers=EN)
    assert old.context["picture"].assessment == "Klottret i centrum ökar."
    assert old.context["form"] is None  # an older version is read, never edited


def test_the_coordinator_compiles_a_draft(known, est_group, week, fagersta_coordinator, client_for):
    response = client_for(fagersta_coordinator).post(
        period_url(est_group, week, "situation:compile")
    )
    assert response.status_code == 302
    assert response["Location"] == period_url(est_group, week)
    picture = SituationPicture.objects.get(group=est_group, period_start=week.start)
    assert picture.snapshot["total"]["count"] == 23 and picture.status == PictureStatus.DRAFT


def test_a_reporter_reads_but_cannot_compile_write_or_adopt(
    est_group, week, fagersta_reporter, fagersta_coordinator, client_for
):
    picture = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    client = client_for(fagersta_reporter)
    response = client.get(group_url(est_group))
    assert response.status_code == 200 and response.context["form"] is None
    assert b"faststall" not in response.content
    assert client.post(picture_url(picture, "situation:adopt")).status_code == 404
    assert client.post(period_url(est_group, week, "situation:compile")).status_code == 404
    assert (
        client.post(
            period_url(est_group, week, "situation:write"), {"assessment": "x", "priorities": ""}
        ).status_code
        == 404
    )
    picture.refresh_from_db()
    assert picture.status == PictureStatus.DRAFT and picture.assessment == ""


def test_ludvika_sees_nothing_of_fagersta(
    est_group, week, fagersta_coordinator, ludvika_coordinator, client_for
):
    picture = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    client = client_for(ludvika_coordinator)
    for url in [
        reverse("situation:index", kwargs={"collaboration_id": est_group.collaboration_id}),
        group_url(est_group),
        period_url(est_group, week),
        group_url(est_group, "situation:picture_list"),
        picture_url(picture),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(picture_url(picture, "situation:adopt")).status_code == 404
    picture.refresh_from_db()
    assert picture.status == PictureStatus.DRAFT


def test_a_ludvika_picture_is_not_reachable_through_fagerstas_url(
    fagersta, ludvika, ludvika_coordinator, week, client_for, superuser_client
):
    fas = ludvika.groups.get(name="FAS-gruppen")
    picture = services.situation_compile(user=ludvika_coordinator, group=fas, period=week)
    url = reverse(
        "situation:picture", kwargs={"collaboration_id": fagersta.pk, "picture_id": picture.pk}
    )
    assert superuser_client.get(url).status_code == 404  # the picture is not Fagersta's


@pytest.fixture
def superuser_client(client_for, django_user_model):
    user = django_user_model.objects.create_superuser("super", "super@example.invalid", "x" * 12)
    return client_for(user)


@pytest.mark.parametrize("period", ["2026-13-01", "not-a-date", "2026-03-24"])  # a Tuesday
def test_a_period_that_is_not_a_period_start_answers_404(
    period, est_group, fagersta_coordinator, client_for
):
    url = group_url(est_group, "situation:period", period=period)
    assert client_for(fagersta_coordinator).get(url).status_code == 404


def test_a_future_period_answers_404(est_group, fagersta_coordinator, client_for):
    monday = timezone.localdate() + datetime.timedelta(days=14)
    monday -= datetime.timedelta(days=monday.weekday())
    url = group_url(est_group, "situation:period", period=monday.isoformat())
    assert client_for(fagersta_coordinator).get(url).status_code == 404


def test_only_situation_picture_groups_have_a_lagesbild(fagersta, fagersta_coordinator, client_for):
    steering = fagersta.groups.get(kind="styrgrupp")
    assert client_for(fagersta_coordinator).get(group_url(steering)).status_code == 404


def test_the_index_and_the_list(est_group, week, fagersta_coordinator, client_for):
    client = client_for(fagersta_coordinator)
    index = client.get(
        reverse("situation:index", kwargs={"collaboration_id": est_group.collaboration_id})
    )
    assert list(index.context["groups"]) == [est_group]
    services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    listing = client.get(group_url(est_group, "situation:picture_list"))
    # newest first: the demo's adopted lägesbild (laget.demo.planning) is of an earlier week
    assert [p.period_start for p in listing.context["pictures"]][:1] == [week.start]


def test_the_coordinator_sets_the_period_to_a_month(est_group, fagersta_coordinator, client_for):
    client = client_for(fagersta_coordinator)
    assert client.get(group_url(est_group, "situation:settings")).status_code == 200
    response = client.post(group_url(est_group, "situation:settings"), {"period_kind": "month"})
    assert response.status_code == 302
    page = client.get(group_url(est_group))
    assert page.context["period"].kind == "month" and page.context["period"].start.day == 1


def test_the_write_page_works_without_javascript(est_group, week, fagersta_coordinator, client_for):
    client = client_for(fagersta_coordinator)
    assert client.get(period_url(est_group, week, "situation:write")).status_code == 200
    response = client.post(
        period_url(est_group, week, "situation:write"),
        {"assessment": "Mejla anna@example.se", "priorities": ""},
    )
    assert response.status_code == 200  # shown again with the error
    assert response.context["form"].errors["assessment"]
    assert not SituationPicture.objects.filter(group=est_group, period_start=week.start).exists()


def test_the_page_costs_a_bounded_number_of_queries(
    known,
    est_group,
    week,
    fagersta_coordinator,
    client_for,
    django_assert_max_num_queries,
):
    client = client_for(fagersta_coordinator)
    client.get(group_url(est_group))  # warm the per-process caches (municipality extent)
    # the figures, plus the parties' pictures, the approvals, the own pictures' links and the
    # problems that rest on the picture's cells (traceability)
    with django_assert_max_num_queries(30):
        client.get(group_url(est_group))  # compiled on the spot
    services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    with django_assert_max_num_queries(20):
        client.get(group_url(est_group))  # the stored draft
