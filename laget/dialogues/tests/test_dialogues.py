"""Dialogue records: the gate selector, the rules of the services and the pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from laget.dialogues import services
from laget.dialogues.choices import DialogueKind
from laget.dialogues.models import Dialogue
from laget.dialogues.selectors import dialogues_held

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _create(user, collaboration, **overrides):
    values = {
        "kind": DialogueKind.CITIZEN,
        "title": "Medborgardialog i parken",
        "held_on": timezone.localdate(),
        "organisation": collaboration.parties.get(kind="kommun"),
        "participants_count": 20,
    }
    values.update(overrides)
    return services.dialogue_create(user=user, collaboration=collaboration, **values)


def test_the_demo_has_dialogues_in_each_of_fagerstas_last_three_quarters(fagersta, ludvika):
    today = timezone.localdate()
    held = dialogues_held(
        collaboration=fagersta, start=today - datetime.timedelta(days=300), end=today
    )
    assert held.count() == 9
    assert {d.kind for d in held} == set(DialogueKind.values)
    year = dialogues_held(collaboration=ludvika, start=datetime.date(today.year, 1, 1), end=today)
    assert {d.kind for d in year} == set(DialogueKind.values)


def test_planned_dialogues_do_not_count(fagersta, fagersta_coordinator):
    today = timezone.localdate()
    planned = _create(fagersta_coordinator, fagersta, held_on=today + datetime.timedelta(days=10))
    window = dialogues_held(
        collaboration=fagersta, start=today, end=today + datetime.timedelta(days=30)
    )
    assert planned not in window
    held = _create(fagersta_coordinator, fagersta, title="Hållen")
    assert held in dialogues_held(collaboration=fagersta, start=today, end=today)


def test_only_editors_record_and_bad_input_stores_nothing(
    fagersta, ludvika, fagersta_coordinator, fagersta_reporter
):
    before = Dialogue.objects.count()
    with pytest.raises(ValidationError):
        _create(fagersta_reporter, fagersta)
    with pytest.raises(ValidationError):
        _create(fagersta_coordinator, fagersta, outcome="Ring 070-123 45 67")
    with pytest.raises(ValidationError):
        _create(fagersta_coordinator, fagersta, organisation=ludvika.parties.get(kind="kommun"))
    with pytest.raises(ValidationError):
        _create(fagersta_coordinator, fagersta, kind="rumour")
    assert Dialogue.objects.count() == before


def test_pages_list_filter_create_and_protect(
    client_for, fagersta, fagersta_coordinator, fagersta_reporter, ludvika_coordinator
):
    url = reverse("dialogues:list", kwargs={"collaboration_id": fagersta.pk})
    response = client_for(fagersta_reporter).get(url, {"kind": DialogueKind.STAFF_HOW})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-kind="staff_how"' in text and 'data-kind="citizen"' not in text
    create = reverse("dialogues:create", kwargs={"collaboration_id": fagersta.pk})
    assert client_for(fagersta_reporter).get(create).status_code == 403
    client = client_for(fagersta_coordinator)
    kommun = fagersta.parties.get(kind="kommun")
    data = {
        "kind": DialogueKind.CITIZEN,
        "title": "Dialog på torget",
        "held_on": timezone.localdate().isoformat(),
        "organisation": kommun.pk,
        "participants_count": "-3",
        "info_class": "partners",
    }
    response = client.post(create, data, **EN)
    assert response.status_code == 200 and "greater than or equal to 0" in response.content.decode()
    assert not Dialogue.objects.filter(title="Dialog på torget").exists()
    response = client.post(create, {**data, "participants_count": "40"})
    dialogue = Dialogue.objects.get(title="Dialog på torget")
    detail = reverse(
        "dialogues:detail", kwargs={"collaboration_id": fagersta.pk, "dialogue_id": dialogue.pk}
    )
    assert response.status_code == 302 and response.url == detail
    assert client_for(ludvika_coordinator).get(detail).status_code == 404
    update = reverse(
        "dialogues:update", kwargs={"collaboration_id": fagersta.pk, "dialogue_id": dialogue.pk}
    )
    client.post(update, {**data, "participants_count": "41", "outcome": "Fler lampor"})
    dialogue.refresh_from_db()
    assert dialogue.participants_count == 41 and dialogue.outcome == "Fler lampor"
    delete = reverse(
        "dialogues:delete", kwargs={"collaboration_id": fagersta.pk, "dialogue_id": dialogue.pk}
    )
    assert client_for(fagersta_reporter).post(delete).status_code == 403
    assert client.post(delete).status_code == 302
    assert not Dialogue.objects.filter(pk=dialogue.pk).exists()


def test_the_list_takes_a_bounded_number_of_queries(
    client_for, fagersta, fagersta_reporter, django_assert_max_num_queries
):
    client = client_for(fagersta_reporter)
    url = reverse("dialogues:list", kwargs={"collaboration_id": fagersta.pk})
    client.get(url)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
