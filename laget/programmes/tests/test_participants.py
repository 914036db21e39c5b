"""Programme participants beyond the county board (issue 7, part 5): a named person, e.g. a
convener at Kommunförbundet, reads the programme, its areas and the pack but changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from laget import access
from laget.accounts.models import User
from laget.programmes import services
from laget.programmes.models import ProgrammeMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def convener(demo: None) -> User:
    """Ludvika's coordinator stands in for a convener outside the county board."""
    return User.objects.get(username="samordnare.ludvika")


def _url(name: str, **kwargs: int) -> str:
    return reverse(f"programmes:{name}", kwargs={"county_code": "20", **kwargs})


def test_only_the_countys_coordinator_adds_a_known_user_once(
    coordinator, other_coordinator, convener, programme
):
    with pytest.raises(PermissionDenied):
        services.participant_add(
            user=other_coordinator, programme=programme, username=convener.username
        )
    with pytest.raises(ValidationError) as caught:
        services.participant_add(user=coordinator, programme=programme, username="ingen.alls")
    assert caught.value.error_dict["username"][0].code == "unknown"
    participant = services.participant_add(
        user=coordinator,
        programme=programme,
        username=convener.username.upper(),
        role=" Sammankallande ",
    )
    assert (participant.user, participant.role, participant.added_by) == (
        convener,
        "Sammankallande",
        coordinator,
    )
    with pytest.raises(ValidationError) as caught:
        services.participant_add(user=coordinator, programme=programme, username=convener.username)
    assert caught.value.error_dict["username"][0].code == "duplicate"
    with pytest.raises(PermissionDenied):
        services.participant_remove(user=other_coordinator, participant=participant)
    services.participant_remove(user=coordinator, participant=participant)
    assert not ProgrammeMember.objects.filter(programme=programme).exists()


def test_the_access_predicates_read_but_never_manage(
    coordinator, other_coordinator, convener, programme
):
    assert not convener.has_perm("laget.view_programme", programme)
    services.participant_add(user=coordinator, programme=programme, username=convener.username)
    convener = User.objects.get(pk=convener.pk)  # a fresh scope
    assert convener.has_perm("laget.view_programme", programme)
    assert not convener.has_perm("laget.manage_programme", programme)
    assert coordinator.has_perm("laget.manage_programme", programme)
    assert not other_coordinator.has_perm("laget.view_programme", programme)
    from laget.programmes.models import Programme

    readable = Programme.objects.filter(access.readable_programme_q(convener)).distinct()
    assert programme in readable
    assert not readable.exclude(participants__user=convener).exists()  # nothing of the county


def test_a_participant_reads_the_pages_without_controls_and_changes_nothing(
    client_for, coordinator, convener, programme, area, activity
):
    client = client_for(convener)
    detail = _url("detail", programme_id=programme.pk)
    area_url = _url("area", dev_area_id=area.pk)
    assert client.get(detail).status_code == 404  # not yet a participant
    services.participant_add(user=coordinator, programme=programme, username=convener.username)
    page = client.get(detail).content.decode()
    assert 'id="read-only"' in page and "Testprogrammet" in page
    for control in ('id="edit-programme"', 'id="issue-pack"', 'id="new-area"', "participants"):
        assert control not in page
    page = client.get(area_url).content.decode()
    assert "Regional konferens" in page
    for control in ('id="edit-area"', 'id="new-member"', "data-edit-activity", 'id="plan-submit"'):
        assert control not in page
    assert client.get(_url("pack", programme_id=programme.pk)).content.startswith(b"%PDF")
    assert client.post(_url("pack", programme_id=programme.pk)).status_code == 403
    assert not programme.packs.exists()
    # Every page that changes something stays closed.
    for url in (
        _url("edit", programme_id=programme.pk),
        _url("list"),
        _url("area_edit", dev_area_id=area.pk),
        _url("activity_edit", prog_activity_id=activity.pk),
        _url("decision_add", programme_id=programme.pk),
        _url("participant_add", programme_id=programme.pk),
    ):
        assert client.get(url).status_code == 404, url
    mine = client.get(reverse("programmes:mine")).content.decode()
    assert f'data-programme-id="{programme.pk}"' in mine


def test_the_coordinator_manages_participants_on_the_programme_page(
    client_for, coordinator, convener, programme
):
    client = client_for(coordinator)
    assert (
        'id="new-participant"'
        in client.get(_url("detail", programme_id=programme.pk)).content.decode()
    )
    add = _url("participant_add", programme_id=programme.pk)
    response = client.post(add, {"username": "ingen.alls"}, headers={"Accept-Language": "en"})
    assert response.status_code == 200 and "no active user" in response.content.decode()
    response = client.post(add, {"username": convener.username, "role": "Sammankallande"})
    assert response.status_code == 302
    participant = ProgrammeMember.objects.get(programme=programme)
    page = client.get(_url("detail", programme_id=programme.pk)).content.decode()
    assert f'data-participant-id="{participant.pk}"' in page
    remove = _url("participant_remove", prog_participant_id=participant.pk)
    assert client.post(remove, {"confirm": "on"}).status_code == 302
    assert not ProgrammeMember.objects.filter(programme=programme).exists()


def test_a_participant_finds_their_programmes_from_the_start_page(demo):
    """The demo makes Ludvika's coordinator a read-only participant of Dalarna's programme."""
    from django.urls import reverse

    from laget.accounts.models import User
    from laget.core.selectors import start_tasks

    ludvika = User.objects.get(username="samordnare.ludvika")
    assert reverse("programmes:mine") in [t.url for t in start_tasks(ludvika)]
    fagersta = User.objects.get(username="samordnare.fagersta")
    assert reverse("programmes:mine") not in [t.url for t in start_tasks(fagersta)]
