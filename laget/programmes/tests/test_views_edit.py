"""The edit, delete and decision-log pages: forms with service errors, confirmation before
deleting, refusals with a message, and 404 for other counties."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from laget.programmes import services
from laget.programmes.models import (
    Activity,
    ProgrammeDocument,
    SteeringGroupDecision,
    WorkingGroupMeeting,
    WorkingGroupMember,
)
from laget.programmes.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
D = datetime.timedelta
EN = {"Accept-Language": "en"}


def _url(name: str, **kwargs: int) -> str:
    return reverse(f"programmes:{name}", kwargs={"county_code": "20", **kwargs})


def test_a_document_is_edited_and_deleted_after_confirmation(client_for, coordinator, programme):
    document = services.document_add(
        user=coordinator, programme=programme, kind="declaration", title="Förklaring"
    )
    client = client_for(coordinator)
    page = client.get(_url("detail", programme_id=programme.pk)).content.decode()
    assert f'data-edit-document="{document.pk}"' in page
    response = client.post(
        _url("document_edit", prog_document_id=document.pk),
        {"kind": "action_programme", "title": "Handlingsprogram", "adopted_on": "2018-05-30"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.kind, document.title) == ("action_programme", "Handlingsprogram")

    url = _url("document_delete", prog_document_id=document.pk)
    confirm = client.get(url, headers=EN).content.decode()
    assert 'id="document-delete-form"' in confirm and "Handlingsprogram" in confirm
    # Without the confirm box ticked nothing is deleted.
    response = client.post(url, {}, headers=EN)
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert ProgrammeDocument.objects.filter(pk=document.pk).exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    assert not ProgrammeDocument.objects.filter(pk=document.pk).exists()


def test_a_member_is_edited_with_every_field(client_for, coordinator, area, signatory):
    member = services.member_add(
        user=coordinator, area=area, signatory=signatory, function_title="Polis", start_date=TODAY
    )
    client = client_for(coordinator)
    assert (
        f'data-edit-member="{member.pk}"'
        in client.get(_url("area", dev_area_id=area.pk)).content.decode()
    )
    url = _url("member_edit", wg_member_id=member.pk)
    data = {
        "signatory": signatory.pk,
        "function_title": "Lokalpolisområdeschef",
        "appointed_by": "Regionpolischefen",
        "hours_per_week": "2.5",
        "representation_scope": "Hela lokalpolisområdet",
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY - D(days=3)).isoformat(),
    }
    response = client.post(url, data, headers=EN)
    assert (
        response.status_code == 200 and "cannot leave before joining" in response.content.decode()
    )
    assert WorkingGroupMember.objects.get(pk=member.pk).function_title == "Polis"
    data |= {"end_date": (TODAY + D(days=30)).isoformat(), "end_reason": "Pension"}
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.function_title, member.end_date, member.end_reason) == (
        "Lokalpolisområdeschef",
        TODAY + D(days=30),
        "Pension",
    )
    assert str(member.hours_per_week) == "2.5"


def test_a_meeting_is_edited_and_deleted(client_for, coordinator, area):
    meeting = services.meeting_add(user=coordinator, area=area, held_on=TODAY, minutes="Start.")
    client = client_for(coordinator)
    page = client.get(_url("area", dev_area_id=area.pk)).content.decode()
    assert f'data-delete-meeting="{meeting.pk}"' in page
    url = _url("meeting_edit", wg_meeting_id=meeting.pk)
    assert 'value="Start."' not in client.get(url).content.decode()  # minutes are a textarea
    assert "Start." in client.get(url).content.decode()
    response = client.post(url, {"held_on": TODAY.isoformat(), "minutes": "Ring 070-123 45 67."})
    assert response.status_code == 200
    assert client.post(url, {"held_on": "2026-05-30", "minutes": "Nytt."}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.minutes) == (datetime.date(2026, 5, 30), "Nytt.")
    delete = _url("meeting_delete", wg_meeting_id=meeting.pk)
    assert client.post(delete, {"confirm": "on"}).status_code == 302
    assert not WorkingGroupMeeting.objects.filter(pk=meeting.pk).exists()


def test_an_activity_of_a_draft_is_edited_and_deleted_but_not_once_submitted(
    client_for, coordinator, area, plan, activity
):
    client = client_for(coordinator)
    page = client.get(_url("area", dev_area_id=area.pk)).content.decode()
    assert f'data-edit-activity="{activity.pk}"' in page
    assert f'data-delete-activity="{activity.pk}"' in page
    data = {
        "title": "Regional konferens om avhopp",
        "kind": "conference",
        "planned_date": (TODAY + D(days=45)).isoformat(),
        "mode": "hybrid",
        "target_group": "Socialtjänsten",
        "senders": "Länsstyrelsen",
    }
    assert client.post(_url("activity_edit", prog_activity_id=activity.pk), data).status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.mode, activity.planned_date) == (
        "Regional konferens om avhopp",
        "hybrid",
        TODAY + D(days=45),
    )
    spare = services.activity_add(
        user=coordinator, plan=plan, title="Extra", kind="seminar", planned_date=TODAY
    )
    response = client.post(_url("activity_delete", prog_activity_id=spare.pk), {"confirm": "on"})
    assert response.status_code == 302 and not Activity.objects.filter(pk=spare.pk).exists()

    services.plan_submit(user=coordinator, plan=plan)
    page = client.get(_url("area", dev_area_id=area.pk)).content.decode()
    assert f'data-edit-activity="{activity.pk}"' not in page
    response = client.post(
        _url("activity_edit", prog_activity_id=activity.pk), data | {"title": "Sent"}, headers=EN
    )
    assert response.status_code == 200 and "has been submitted" in response.content.decode()
    url = _url("activity_delete", prog_activity_id=activity.pk)
    refused = client.get(url, headers=EN).content.decode()
    assert 'id="delete-refused"' in refused and 'id="activity-delete-form"' not in refused
    response = client.post(url, {"confirm": "on"}, headers=EN)
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "Regional konferens om avhopp"
    followed = client.get(response["Location"], headers=EN).content.decode()
    assert "mark the activity as cancelled" in followed


def test_the_decision_log_is_kept_on_the_programme_page(
    client_for, coordinator, programme, area, activity
):
    client = client_for(coordinator)
    url = _url("decision_add", programme_id=programme.pk)
    form = client.get(url).content.decode()
    assert f'value="{activity.pk}"' in form
    response = client.post(
        url,
        {
            "meeting_date": TODAY.isoformat(),
            "kind": "adjustment",
            "text": "Konferensen flyttas till hösten.",
            "activity": activity.pk,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#decisions")
    decision = SteeringGroupDecision.objects.get(programme=programme)
    assert decision.area == area
    page = client.get(_url("detail", programme_id=programme.pk)).content.decode()
    assert f'data-decision-id="{decision.pk}"' in page and "Konferensen flyttas" in page
    edit = _url("decision_edit", sg_decision_id=decision.pk)
    response = client.post(edit, {"meeting_date": "", "kind": "decision", "text": "X"})
    assert response.status_code == 200
    response = client.post(
        edit, {"meeting_date": TODAY.isoformat(), "kind": "decision", "text": "Planen fastställs."}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.kind, decision.text, decision.activity) == (
        "decision",
        "Planen fastställs.",
        None,
    )
    delete = _url("decision_delete", sg_decision_id=decision.pk)
    assert client.post(delete, {"confirm": "on"}).status_code == 302
    assert not SteeringGroupDecision.objects.filter(programme=programme).exists()


def test_the_new_pages_are_404_for_another_county(
    client_for, coordinator, other_coordinator, programme, area, activity
):
    document = services.document_add(
        user=coordinator, programme=programme, kind="other", title="Bilaga"
    )
    meeting = services.meeting_add(user=coordinator, area=area, held_on=TODAY)
    member = services.member_add(
        user=coordinator, area=area, other_organisation="Svensk Handel", function_title="Chef",
        start_date=TODAY,
    )  # fmt: skip
    decision = services.decision_add(
        user=coordinator, programme=programme, meeting_date=TODAY, text="Beslut"
    )
    urls = [
        _url("document_edit", prog_document_id=document.pk),
        _url("document_delete", prog_document_id=document.pk),
        _url("member_edit", wg_member_id=member.pk),
        _url("meeting_edit", wg_meeting_id=meeting.pk),
        _url("meeting_delete", wg_meeting_id=meeting.pk),
        _url("activity_edit", prog_activity_id=activity.pk),
        _url("activity_delete", prog_activity_id=activity.pk),
        _url("decision_add", programme_id=programme.pk),
        _url("decision_edit", sg_decision_id=decision.pk),
        _url("decision_delete", sg_decision_id=decision.pk),
    ]
    client = client_for(other_coordinator)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"confirm": "on", "text": "x"}).status_code == 404, url
    assert ProgrammeDocument.objects.filter(pk=document.pk).exists()
    assert WorkingGroupMeeting.objects.filter(pk=meeting.pk).exists()
    assert SteeringGroupDecision.objects.filter(pk=decision.pk).count() == 1
    assert Activity.objects.filter(pk=activity.pk).exists()
