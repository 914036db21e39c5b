"""The read-only agreement API: members read the versions and signatures, outsiders get 404."""

from __future__ import annotations

import pytest

from laget.agreements.models import Agreement
from laget.api.tests.test_api import api_for

pytestmark = pytest.mark.django_db


def test_members_list_and_read_the_versions(fagersta_reporter, fagersta, current):
    response = api_for(fagersta_reporter).get(f"/collaborations/{fagersta.pk}/agreements")
    assert response.status_code == 200
    body = response.json()
    assert [a["version"] for a in body] == [2, 1]
    assert [a["status"] for a in body] == ["in_force", "superseded"]
    one = api_for(fagersta_reporter).get(f"/collaborations/{fagersta.pk}/agreements/{current.pk}")
    detail = one.json()
    assert detail["id"] == current.pk and detail["previous_id"] == body[1]["id"]
    assert {s["title"] for s in detail["signatures"]} == {"lpo_chief", "ks_chair"}
    assert detail["focus_problem_ids"] and detail["goal_ids"]


def test_outsiders_get_404(ludvika_coordinator, fagersta, current):
    client = api_for(ludvika_coordinator)
    assert client.get(f"/collaborations/{fagersta.pk}/agreements").status_code == 404
    response = client.get(f"/collaborations/{fagersta.pk}/agreements/{current.pk}")
    assert response.status_code == 404
    # Nor through the own collaboration's URL.
    ludvika_id = Agreement.objects.exclude(collaboration=fagersta).first().collaboration_id
    response = client.get(f"/collaborations/{ludvika_id}/agreements/{current.pk}")
    assert response.status_code == 404
