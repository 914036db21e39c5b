"""The REST API: token authentication, tenancy, locating points, errors and token management."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from laget.accounts.models import User
from laget.api.models import ApiToken
from laget.api.services import api_token_authenticate, api_token_create
from laget.audit.models import AuditAction, AuditEntry
from laget.core.choices import InformationClass
from laget.organisations.models import Collaboration

CENTRUM = {"lon": 15.794, "lat": 60.004}  # inside Fagersta's area "Centrum"
FAGERSTA_OUTSIDE_AREAS = {"lon": 15.75, "lat": 60.02}  # in Fagersta kommun, in no area
STOCKHOLM = {"lon": 18.0686, "lat": 59.3293}


class Api:
    """A small API client: every request carries the bearer token (if any) and asks for English."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Accept-Language": "en"}
        if secret is not None:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers
        )


def api_for(user: User) -> Api:
    _token, secret = api_token_create(user=user, name="test")
    return Api(secret)


# --- authentication ----------------------------------------------------------------------------


def test_it_answers_401_with_a_detail_without_a_token(demo):
    response = Api(None).get("/collaborations")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "A valid API token is required."


@pytest.mark.parametrize(
    "secret",
    [
        "nonsense",
        "lgt_deadbeef_not-the-right-secret",
        "lgt__",
        "Basic dXNlcjpwYXNz",
    ],
)
def test_it_answers_401_for_a_bad_token(secret, demo):
    response = Api(secret).get("/collaborations")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_it_answers_401_for_a_token_with_a_right_prefix_but_wrong_secret(fagersta_coordinator):
    _token, secret = api_token_create(user=fagersta_coordinator, name="test")
    forged = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    assert Api(forged).get("/collaborations").status_code == 401
    assert Api(secret).get("/collaborations").status_code == 200


def test_it_answers_401_for_a_revoked_token(fagersta_coordinator):
    token, secret = api_token_create(user=fagersta_coordinator, name="test")
    assert Api(secret).get("/me").status_code == 200
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    assert Api(secret).get("/me").status_code == 401


def test_it_answers_401_for_the_token_of_a_deactivated_account(fagersta_coordinator):
    _token, secret = api_token_create(user=fagersta_coordinator, name="test")
    User.objects.filter(pk=fagersta_coordinator.pk).update(is_active=False)
    assert Api(secret).get("/me").status_code == 401


def test_it_does_not_accept_a_signed_in_session_instead_of_a_token(
    client_for, fagersta_coordinator
):
    response = client_for(fagersta_coordinator).get("/api/v1/collaborations")
    assert response.status_code == 401


def test_it_stores_only_a_digest_and_notes_when_the_token_was_used(fagersta_coordinator):
    token, secret = api_token_create(user=fagersta_coordinator, name="test")
    assert secret not in token.key_hash
    assert token.last_used_at is None
    assert api_token_authenticate(secret) == fagersta_coordinator
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_records_api_writes_as_done_by_the_token_owner(fagersta_coordinator):
    """The audit actor of an API request is the token's owner, not 'system'."""
    _token, secret = api_token_create(user=fagersta_coordinator, name="test")
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert Api(secret).get("/me").status_code == 200  # authenticating notes last_used_at
    entry = AuditEntry.objects.filter(id__gt=before, model_label="api.ApiToken").get()
    assert entry.action == AuditAction.UPDATE
    assert entry.actor_id == fagersta_coordinator.pk


# --- tenancy -----------------------------------------------------------------------------------


def test_it_lists_only_the_users_collaborations(fagersta_coordinator, fagersta):
    response = api_for(fagersta_coordinator).get("/collaborations")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [fagersta.pk]
    assert response.json()[0]["municipality_code"] == "1982"


def test_it_lists_the_county_collaborations_for_a_regional_coordinator(county_officer, fagersta):
    response = api_for(county_officer).get("/collaborations")
    assert [c["id"] for c in response.json()] == [fagersta.pk]


def test_it_describes_the_user(fagersta_police, fagersta):
    body = api_for(fagersta_police).get("/me").json()
    assert body["username"] == "polis.fagersta"
    assert [(m["role"], m["collaboration_id"]) for m in body["memberships"]] == [
        ("polis", fagersta.pk)
    ]


def test_it_answers_404_for_another_collaboration(ludvika_coordinator, fagersta):
    api = api_for(ludvika_coordinator)
    for path in (f"/collaborations/{fagersta.pk}", f"/collaborations/{fagersta.pk}/areas"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_it_answers_404_for_an_area_of_another_collaboration(ludvika_coordinator, fagersta):
    area = fagersta.areas.get(name="Centrum")
    assert api_for(ludvika_coordinator).get(f"/areas/{area.pk}").status_code == 404


def test_it_shows_an_area_of_the_users_collaboration(fagersta_reporter, fagersta):
    area = fagersta.areas.get(name="Centrum")
    body = api_for(fagersta_reporter).get(f"/areas/{area.pk}").json()
    assert body["name"] == "Centrum"
    assert body["boundary"]["type"] == "Polygon"


def test_it_lists_areas_of_the_users_collaboration(fagersta_reporter, fagersta):
    body = api_for(fagersta_reporter).get(f"/collaborations/{fagersta.pk}/areas").json()
    assert {a["name"] for a in body} == set(fagersta.areas.values_list("name", flat=True))


def test_it_applies_information_classes_to_decisions(
    fagersta_coordinator, fagersta_police, fagersta
):
    restricted = fagersta.decisions.get(info_class=InformationClass.RESTRICTED)  # the police's
    assert api_for(fagersta_coordinator).get(f"/decisions/{restricted.pk}").status_code == 404
    reads = AuditEntry.objects.filter(action=AuditAction.READ, object_pk=str(restricted.pk))
    before = reads.count()
    response = api_for(fagersta_police).get(f"/decisions/{restricted.pk}")
    assert response.status_code == 200
    assert response.json()["info_class"] == "restricted"
    assert reads.count() == before + 1


def test_it_answers_422_for_ids_that_are_not_numbers(fagersta_coordinator):
    response = api_for(fagersta_coordinator).get("/collaborations/abc")
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."


# --- locating points ---------------------------------------------------------------------------


def test_it_locates_a_point_in_an_area(fagersta_reporter, fagersta):
    response = api_for(fagersta_reporter).post(f"/collaborations/{fagersta.pk}/locate", CENTRUM)
    assert response.status_code == 200
    centrum = fagersta.areas.get(name="Centrum")
    assert response.json() == {
        "municipality_code": "1982",
        "municipality_name": "Fagersta",
        "area_id": centrum.pk,
        "area_name": "Centrum",
    }


def test_it_locates_a_point_in_the_municipality_outside_every_area(fagersta_reporter, fagersta):
    response = api_for(fagersta_reporter).post(
        f"/collaborations/{fagersta.pk}/locate", FAGERSTA_OUTSIDE_AREAS
    )
    assert response.status_code == 200
    assert response.json()["municipality_code"] == "1982"
    assert response.json()["area_id"] is None
    assert response.json()["area_name"] is None


def test_it_rejects_a_point_outside_the_municipality(fagersta_reporter, fagersta):
    response = api_for(fagersta_reporter).post(f"/collaborations/{fagersta.pk}/locate", STOCKHOLM)
    assert response.status_code == 422
    assert "Fagersta" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"lon": 15.794, "lat": "abc"}, 422),
        ({"lon": 15.794}, 422),
        ({"lon": None, "lat": 60.0}, 422),
        ({"lon": [1], "lat": {"a": 1}}, 422),
        ([15.794, 60.004], 422),
        ("", 422),
        ("not json at all", 400),  # not JSON at all: a bad request, still no server error
    ],
)
def test_it_answers_malformed_bodies_with_an_error_not_a_crash(
    body, status, fagersta_reporter, fagersta
):
    response = api_for(fagersta_reporter).post(f"/collaborations/{fagersta.pk}/locate", body)
    assert response.status_code == status
    assert "detail" in response.json()


@pytest.mark.parametrize("body", ['{"lon": NaN, "lat": 60}', '{"lon": 1e999, "lat": 60}'])
def test_it_rejects_coordinates_that_are_not_finite(body, fagersta_reporter, fagersta):
    response = api_for(fagersta_reporter).post(f"/collaborations/{fagersta.pk}/locate", body)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_it_does_not_locate_in_another_collaboration(ludvika_coordinator, fagersta):
    response = api_for(ludvika_coordinator).post(f"/collaborations/{fagersta.pk}/locate", CENTRUM)
    assert response.status_code == 404


# --- OpenAPI -----------------------------------------------------------------------------------


def test_it_publishes_a_valid_openapi_document(demo):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/collaborations/{collaboration_id}/locate" in document["paths"]
    assert "TokenAuth" in document["components"]["securitySchemes"]


# --- tokens on the account page ----------------------------------------------------------------


def test_it_creates_a_token_on_the_account_page_and_shows_the_secret_once(
    client_for, fagersta_coordinator
):
    client = client_for(fagersta_coordinator)
    response = client.post(reverse("accounts:api_token_create"), {"name": "Lägesbildsexport"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    token = ApiToken.objects.get(user=fagersta_coordinator, name="Lägesbildsexport")
    page = client.get(reverse("accounts:profile"))
    (message,) = [str(m) for m in page.context["messages"]]
    secret = next(word for word in message.split() if word.startswith("lgt_"))
    assert api_token_authenticate(secret) == fagersta_coordinator
    assert token in page.context["tokens"]
    assert secret not in client.get(reverse("accounts:profile")).content.decode()


def test_it_refuses_a_token_without_a_name(client_for, fagersta_coordinator):
    client = client_for(fagersta_coordinator)
    response = client.post(reverse("accounts:api_token_create"), {"name": ""})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=fagersta_coordinator).exists()


def test_it_revokes_the_users_own_token(client_for, fagersta_coordinator):
    token, secret = api_token_create(user=fagersta_coordinator, name="test")
    client = client_for(fagersta_coordinator)
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Api(secret).get("/me").status_code == 401
    assert token not in client.get(reverse("accounts:profile")).context["tokens"]


def test_it_answers_404_when_revoking_someone_elses_token(
    client_for, fagersta_coordinator, ludvika_coordinator
):
    token, secret = api_token_create(user=fagersta_coordinator, name="test")
    response = client_for(ludvika_coordinator).post(
        reverse("accounts:api_token_revoke", kwargs={"token_id": token.pk})
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Api(secret).get("/me").status_code == 200


def test_it_only_revokes_with_post(client_for, fagersta_coordinator):
    token, _secret = api_token_create(user=fagersta_coordinator, name="test")
    response = client_for(fagersta_coordinator).get(
        reverse("accounts:api_token_revoke", kwargs={"token_id": token.pk})
    )
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_keeps_collaborations_in_the_api_and_the_web_in_step(fagersta_coordinator, client_for):
    """The API and the web navigation use the same access module."""
    api_ids = {c["id"] for c in api_for(fagersta_coordinator).get("/collaborations").json()}
    web = client_for(fagersta_coordinator).get(reverse("core:start"))
    assert {c.pk for c in web.context["nav"].collaborations} == api_ids
    assert api_ids == set(
        Collaboration.objects.filter(memberships__user=fagersta_coordinator).values_list(
            "pk", flat=True
        )
    )
