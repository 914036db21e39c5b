"""The pages and the API: access, forms with service errors, the pack download."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from laget.programmes.choices import ActivityStatus
from laget.programmes.demo import NAME
from laget.programmes.models import Activity, ActivityChange, Programme, SteeringGroupPack

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_programme(demo) -> Programme:
    return Programme.objects.get(name=NAME)


def test_the_countys_coordinator_sees_the_programme_with_its_flags(
    client_for, coordinator, demo_programme
):
    client = client_for(coordinator)
    url = reverse(
        "programmes:detail", kwargs={"county_code": "20", "programme_id": demo_programme.pk}
    )
    page = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert 'data-flag="signatory_without_group"' in page
    assert "Tullverket" in page
    assert page.count("data-area-id=") >= 4
    listing = client.get(reverse("programmes:list", kwargs={"county_code": "20"})).content.decode()
    assert f'data-programme-id="{demo_programme.pk}"' in listing


def test_another_countys_coordinator_and_a_municipality_get_404(
    client_for, other_coordinator, fagersta_coordinator, demo_programme
):
    area = demo_programme.areas.first()
    for user in (other_coordinator, fagersta_coordinator):
        client = client_for(user)
        for url in (
            reverse("programmes:list", kwargs={"county_code": "20"}),
            reverse(
                "programmes:detail", kwargs={"county_code": "20", "programme_id": demo_programme.pk}
            ),
            reverse("programmes:area", kwargs={"county_code": "20", "dev_area_id": area.pk}),
        ):
            assert client.get(url).status_code == 404
    # The right county code does not open another county's programme either.
    client = client_for(other_coordinator)
    url = reverse(
        "programmes:detail", kwargs={"county_code": "19", "programme_id": demo_programme.pk}
    )
    assert client.get(url).status_code == 404


def test_a_postponement_without_reason_is_refused_on_the_page(
    client_for, coordinator, demo_programme
):
    activity = Activity.objects.filter(
        plan__area__programme=demo_programme,
        status=ActivityStatus.PLANNED,
        plan__next_version__isnull=True,
    ).first()
    url = reverse(
        "programmes:activity_update", kwargs={"county_code": "20", "prog_activity_id": activity.pk}
    )
    client = client_for(coordinator)
    data = {
        "status": "postponed",
        "planned_date": activity.planned_date.isoformat(),
        "title": activity.title,
        "kind": activity.kind,
        "mode": activity.mode,
    }
    before = ActivityChange.objects.filter(activity=activity).count()
    response = client.post(url, data, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "choose the reason" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.PLANNED
    assert ActivityChange.objects.filter(activity=activity).count() == before
    data |= {"deviation_kind": "delayed_decision", "deviation_text": "Beslutet dröjde."}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.POSTPONED


def test_a_programme_is_created_from_the_form(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("programmes:create", kwargs={"county_code": "20"}),
        {
            "name": "Nytt program",
            "period_start": "2027-01-01",
            "period_end": "2026-01-01",
            "status": "draft",
            "plan_cadence_months": 6,
        },
        headers={"Accept-Language": "en"},
    )
    assert (
        response.status_code == 200 and not Programme.objects.filter(name="Nytt program").exists()
    )
    assert "cannot end before it starts" in response.content.decode()


def test_issuing_the_pack_downloads_a_pdf_and_keeps_its_snapshot(
    client_for, coordinator, demo_programme
):
    client = client_for(coordinator)
    url = reverse(
        "programmes:pack", kwargs={"county_code": "20", "programme_id": demo_programme.pk}
    )
    preview = client.get(url)
    assert preview["Content-Type"] == "application/pdf" and preview.content.startswith(b"%PDF")
    assert not SteeringGroupPack.objects.filter(programme=demo_programme).exists()
    issued = client.post(url)
    assert issued.content.startswith(b"%PDF")
    pack = SteeringGroupPack.objects.get(programme=demo_programme)
    assert pack.issued_by == coordinator and pack.snapshot["programme"] == NAME


def test_plan_actions_are_post_only_and_report_errors(client_for, coordinator, demo_programme):
    plan = demo_programme.areas.get(number=2).plans.order_by("-version").first()  # submitted
    client = client_for(coordinator)
    kwargs = {"county_code": "20", "activity_plan_id": plan.pk}
    assert client.get(reverse("programmes:plan_submit", kwargs=kwargs)).status_code == 405
    response = client.post(
        reverse("programmes:plan_present", kwargs=kwargs), {"presented_on": "2026-01-01"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"  # presenting needs quality assurance first
    client.post(reverse("programmes:plan_quality_assure", kwargs=kwargs))
    plan.refresh_from_db()
    assert plan.status == "quality_assured"


def test_the_api_lists_and_reads_the_countys_programmes_only(
    client_for, coordinator, other_coordinator, demo_programme
):
    from laget.api.services import api_token_create

    _, secret = api_token_create(user=coordinator, name="t")
    headers = {"Authorization": f"Bearer {secret}"}
    listing = client_for(coordinator).get("/api/v1/programmes", headers=headers).json()
    assert [p["name"] for p in listing] == [NAME]
    detail = (
        client_for(coordinator)
        .get(f"/api/v1/programmes/{demo_programme.pk}", headers=headers)
        .json()
    )
    assert len(detail["areas"]) == 4
    assert any(f["code"] == "signatory_without_group" for f in detail["flags"])
    _, other = api_token_create(user=other_coordinator, name="t")
    other_headers = {"Authorization": f"Bearer {other}"}
    assert (
        client_for(other_coordinator).get("/api/v1/programmes", headers=other_headers).json() == []
    )
    response = client_for(other_coordinator).get(
        f"/api/v1/programmes/{demo_programme.pk}", headers=other_headers
    )
    assert response.status_code == 404


def _url(name: str, **kwargs) -> str:
    return reverse(f"programmes:{name}", kwargs={"county_code": "20", **kwargs})


def test_the_forms_add_a_signatory_document_member_meeting_and_result(
    client_for, coordinator, programme, area
):
    from laget.organisations.models import Organisation

    client = client_for(coordinator)
    board = Organisation.objects.get(name="Länsstyrelsen Dalarna")
    response = client.post(
        _url("signatory_add", programme_id=programme.pk),
        {"organisation": board.pk, "organisation_name": "", "steering_role": "Landshövding"},
    )
    assert response.status_code == 302
    signatory = programme.signatories.get(organisation=board)
    assert signatory.organisation_name == "Länsstyrelsen Dalarna"
    client.post(
        _url("document_add", programme_id=programme.pk),
        {"kind": "declaration", "title": "Programförklaring", "adopted_on": "2026-05-01"},
    )
    assert programme.documents.get().adopted_on == datetime.date(2026, 5, 1)
    client.post(
        _url("member_add", dev_area_id=area.pk),
        {"signatory": signatory.pk, "function_title": "Samordnare", "start_date": "2026-06-01"},
    )
    member = area.members.get()
    page = client.get(_url("area", dev_area_id=area.pk)).content.decode()
    assert f'data-member-id="{member.pk}" data-active="1"' in page
    client.post(
        _url("member_end", wg_member_id=member.pk),
        {"end_date": "2026-07-01", "end_reason": "Slutat"},
    )
    member.refresh_from_db()
    assert member.end_date == datetime.date(2026, 7, 1)
    client.post(
        _url("meeting_add", dev_area_id=area.pk), {"held_on": "2026-06-10", "minutes": "Start."}
    )
    assert area.meetings.get().minutes == "Start."
    client.post(
        _url("result_create", dev_area_id=area.pk),
        {"goal_type": "process", "text": "Två seminarier senast 2027."},
    )
    result = area.results.get()
    response = client.post(
        _url("result_edit", prog_result_id=result.pk),
        {"goal_type": "process", "text": result.text, "assessment": "met"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200 and "Justify the assessment." in response.content.decode()
    result.refresh_from_db()
    assert result.assessment == ""


def test_a_returned_plan_shows_the_comment_and_cannot_be_renewed(
    client_for, coordinator, area, plan
):
    client = client_for(coordinator)
    client.post(_url("plan_submit", activity_plan_id=plan.pk))
    client.post(_url("plan_return", activity_plan_id=plan.pk), {"comment": "Ange vem som bidrar."})
    plan.refresh_from_db()
    assert (plan.status, plan.return_comment) == ("returned", "Ange vem som bidrar.")
    page = client.get(_url("area", dev_area_id=area.pk)).content.decode()
    assert "Ange vem som bidrar." in page and 'id="renew-plan"' not in page
    response = client.post(
        _url("plan_create", dev_area_id=area.pk),
        {"period_start": "2026-12-01", "period_end": "2027-06-01"},
    )
    assert response.status_code == 200 and area.plans.count() == 1


def test_the_programme_and_area_pages_load_in_few_queries(
    client_for, coordinator, demo_programme, django_assert_max_num_queries
):
    client = client_for(coordinator)
    client.get(_url("list"))  # warm the session and the scope
    area = demo_programme.areas.get(number=1)
    with django_assert_max_num_queries(25):
        assert client.get(_url("detail", programme_id=demo_programme.pk)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(_url("area", dev_area_id=area.pk)).status_code == 200
