"""The medborgarlöfte API: list and read for members, POST a progress update."""

from __future__ import annotations

import pytest

from laget.api.tests.test_api import api_for
from laget.promises.choices import ActivityStatus, PromiseStatus
from laget.promises.models import ActivityUpdate

pytestmark = pytest.mark.django_db


def base(fagersta) -> str:
    return f"/collaborations/{fagersta.pk}/promises"


def test_members_list_and_read(fagersta, fagersta_reporter):
    api = api_for(fagersta_reporter)
    listed = api.get(base(fagersta))
    assert listed.status_code == 200
    body = listed.json()
    assert {p["status"] for p in body} == {"active", "completed"}
    active = next(p for p in body if p["status"] == PromiseStatus.ACTIVE)
    assert active["previous_id"] in {p["id"] for p in body}
    detail = api.get(f"{base(fagersta)}/{active['id']}").json()
    assert len(detail["signatures"]) == 2
    assert any(a["status"] == "changed" for a in detail["activities"])
    assert all(a["follow_up_plan"] for a in detail["activities"])


def test_outsiders_get_404(fagersta, ludvika_coordinator):
    promise = fagersta.promises.get(status=PromiseStatus.ACTIVE)
    api = api_for(ludvika_coordinator)
    assert api.get(base(fagersta)).status_code == 404
    assert api.get(f"{base(fagersta)}/{promise.pk}").status_code == 404


def test_post_an_update_with_the_same_validation(fagersta, fagersta_coordinator, fagersta_reporter):
    promise = fagersta.promises.get(status=PromiseStatus.ACTIVE)
    activity = promise.activities.order_by("position").first()
    path = f"/collaborations/{fagersta.pk}/promise-activities/{activity.pk}/updates"
    before = ActivityUpdate.objects.count()
    refused = api_for(fagersta_coordinator).post(path, {"status": "changed"})
    assert refused.status_code == 422
    assert refused.json()["codes"]["public_text"] == ["reason_required"]
    assert api_for(fagersta_reporter).post(path, {"status": "done"}).status_code == 422
    assert ActivityUpdate.objects.count() == before
    created = api_for(fagersta_coordinator).post(
        path, {"status": "done", "public_text": "Klart.", "internal_note": "Internt."}
    )
    assert created.status_code == 201
    assert created.json()["status"] == "done"
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    ludvika = activity.promise.collaboration.__class__.objects.get(slug="ludvika")
    wrong = f"/collaborations/{ludvika.pk}/promise-activities/{activity.pk}/updates"
    assert api_for(fagersta_coordinator).post(wrong, {"status": "done"}).status_code == 404
