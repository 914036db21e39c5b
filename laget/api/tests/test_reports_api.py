"""The reports API: categories, idempotent intake, validation errors, listing, tenancy, OpenAPI."""

from __future__ import annotations

import contextlib
import datetime
import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from laget.accounts.models import User
from laget.api.services import api_token_create
from laget.audit.models import AuditEntry
from laget.core.choices import InformationClass
from laget.organisations.models import Collaboration
from laget.reporting import services
from laget.reporting.choices import ReportSource
from laget.reporting.models import Category, PersonalDataFinding, Report

COPIES = 4
CENTRUM = {"lon": 15.794, "lat": 60.004}  # inside Fagersta's area "Centrum"
STOCKHOLM = {"lon": 18.0686, "lat": 59.3293}


class Api:
    """A token-carrying API client that asks for English and can send extra headers."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Accept-Language": "en"}
        if secret is not None:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any, key: str | None = None) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        headers = dict(self.headers)
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", headers=headers
        )


def api_for(user: User) -> Api:
    _token, secret = api_token_create(user=user, name="test")
    return Api(secret)


def report_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "category": "klotter",
        **CENTRUM,
        "count": 2,
        "assessment": "yellow",
        "trend": "increased",
        "text": "Klotter på busskuren vid torget.",
    }
    return {**body, **overrides}


def reports_path(collaboration: Collaboration) -> str:
    return f"/collaborations/{collaboration.pk}/reports"


def codes(response: Any) -> dict[str, list[str]]:
    return response.json()["codes"]


@pytest.fixture
def reporter_api(fagersta_reporter: User) -> Api:
    return api_for(fagersta_reporter)


# --- categories ----------------------------------------------------------------------------------


def test_it_lists_the_reportable_categories_with_keys_and_help(reporter_api, fagersta):
    response = reporter_api.get(f"/collaborations/{fagersta.pk}/categories")
    assert response.status_code == 200
    by_key = {c["key"]: c for c in response.json()}
    assert by_key["klotter"]["label"] == "Skadegörelse: Klotter"
    assert by_key["klotter"]["main_category"] == "skadegorelse"
    assert "skadegorelse" not in by_key  # a main category with sub-categories
    assert "samling" in by_key  # a main category without any
    assert {"help_text", "involves_children", "template", "template_version"} <= set(
        by_key["klotter"]
    )


def test_it_leaves_retired_categories_out(reporter_api, fagersta):
    klotter = Category.objects.get(template__collaboration=fagersta, key="klotter")
    services.category_retire(category=klotter)
    keys = {c["key"] for c in reporter_api.get(f"/collaborations/{fagersta.pk}/categories").json()}
    assert "klotter" not in keys
    assert "glaskross" in keys


# --- sending reports -----------------------------------------------------------------------------


def test_it_creates_a_report_and_answers_201(reporter_api, fagersta, fagersta_reporter):
    response = reporter_api.post(reports_path(fagersta), report_body())
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get(pk=body["id"])
    assert report.reporter == fagersta_reporter
    assert report.source == ReportSource.API
    assert report.area.name == "Centrum"
    assert body["area_name"] == "Centrum"
    assert body["category"] == "klotter"
    assert body["category_label"] == "Skadegörelse: Klotter"
    assert body["organisation"] == "Fagersta kommun"
    assert body["count"] == 2
    assert body["week"] == f"{report.period_start:%G-W%V}"
    assert "Idempotent-Replayed" not in response


@pytest.mark.django_db(transaction=True)
def test_a_report_costs_a_pinned_number_of_statements(
    reporter_api, fagersta, django_assert_max_num_queries
):
    """Counted as in production (each request commits), with the seal after the commit."""
    # The first request also builds the area index and the category cache and stamps the
    # token's last use.
    assert reporter_api.post(reports_path(fagersta), report_body(), key="warm").status_code == 201
    # Token (with its user) and, in the same statement on PostgreSQL, the user's memberships
    # with organisation, unit and collaboration (the scope, the collaboration, the reporting
    # membership and the audit label come from them; a second query elsewhere);
    # the active templates' versions with the area index's freshness (the category comes from
    # the cache); BEGIN, the report, its audit entry, COMMIT; then the entry's seal into the
    # chain. A new idempotency key costs no lookup: the unique constraint catches a retry.
    # PostgreSQL seals in one call of its SQL function; SQLite (development only) seals in
    # Python: BEGIN, lock, head, pending entries, the entry, head, COMMIT.
    statements = 7 if connection.vendor == "postgresql" else 14
    with django_assert_max_num_queries(statements) as captured:
        response = reporter_api.post(reports_path(fagersta), report_body(), key="pinned")
    if connection.vendor == "postgresql":  # elsewhere the seal is a few statements in Python
        assert "laget_audit_seal" in captured.captured_queries[-1]["sql"]
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()  # sealed, not pending
    assert response.status_code == 201
    assert response.json()["area_name"] == "Centrum"
    assert response.json()["organisation"] == "Fagersta kommun"


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"occurred_at": "three days ago"},
        {"lon": None, "lat": None, "area_id": None, "text": ""},
        {"assessment": "", "trend": "", "count": 10_000},
    ],
)
def test_created_report_matches_its_detail(reporter_api, fagersta, overrides):
    """The 201 body is built without the schema's validation: it must be exactly what the
    validated schema gives for the same report (``GET /reports/{id}``)."""
    if "occurred_at" in overrides:  # a fixed time must stay inside the allowed year
        overrides = {"occurred_at": (timezone.now() - datetime.timedelta(days=3)).isoformat()}
    created = reporter_api.post(reports_path(fagersta), report_body(**overrides))
    assert created.status_code == 201, created.json()
    detail = reporter_api.get(f"/reports/{created.json()['id']}")
    assert detail.status_code == 200
    assert created.content == detail.content
    assert created["Content-Type"] == detail["Content-Type"]


def test_a_retry_with_the_same_key_returns_the_same_report_with_200(reporter_api, fagersta):
    first = reporter_api.post(reports_path(fagersta), report_body(), key="sensor-42-0001")
    again = reporter_api.post(reports_path(fagersta), report_body(), key="sensor-42-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Report.objects.filter(idempotency_key="sensor-42-0001").count() == 1


def test_different_keys_make_different_reports(reporter_api, fagersta):
    a = reporter_api.post(reports_path(fagersta), report_body(), key="a")
    b = reporter_api.post(reports_path(fagersta), report_body(), key="b")
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_key_store_one_report(demo):
    """Several copies of one request at once (a client retrying on a timeout): the database's
    unique constraint lets one insert win; every other copy answers 200 with that report.

    SQLite's in-memory test database admits one writer at a time, so there the copies take
    turns; PostgreSQL runs them truly in parallel.
    """
    fagersta = Collaboration.objects.get(slug="fagersta")
    _token, secret = api_token_create(
        user=User.objects.get(username="rapportor.fagersta"), name="sensor"
    )
    start = threading.Barrier(COPIES)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    answers: list[tuple[int, int]] = []

    def send() -> None:
        api = Api(secret)  # a client of its own in each thread
        try:
            start.wait()
            with turns:
                response = api.post(reports_path(fagersta), report_body(), key="timeout-retry")
            answers.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _id in answers)
    assert statuses == [200] * (COPIES - 1) + [201]
    stored = Report.objects.get(idempotency_key="timeout-retry")
    assert {report_id for _status, report_id in answers} == {stored.pk}


def test_the_same_key_of_another_person_is_another_report(
    reporter_api, fagersta, fagersta_coordinator
):
    mine = reporter_api.post(reports_path(fagersta), report_body(), key="shared")
    theirs = api_for(fagersta_coordinator).post(reports_path(fagersta), report_body(), key="shared")
    assert (mine.status_code, theirs.status_code) == (201, 201)


def test_it_rejects_an_overlong_idempotency_key(reporter_api, fagersta):
    response = reporter_api.post(reports_path(fagersta), report_body(), key="k" * 101)
    assert response.status_code == 422
    assert not Report.objects.filter(collaboration=fagersta, source=ReportSource.API).exists()


def test_it_reports_for_a_whole_week(reporter_api, fagersta):
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 14)
    week = f"{monday:%G-W%V}"
    response = reporter_api.post(
        reports_path(fagersta), report_body(week=week, lon=None, lat=None, area_id=None)
    )
    assert response.status_code == 201
    assert response.json()["week"] == week
    assert response.json()["period_start"] == monday.isoformat()
    assert response.json()["occurred_at"] is None


def test_it_takes_an_area_instead_of_a_point(reporter_api, fagersta):
    area = fagersta.areas.get(name="Brandbergen")
    response = reporter_api.post(
        reports_path(fagersta), report_body(lon=None, lat=None, area_id=area.pk)
    )
    assert response.status_code == 201
    assert response.json()["area_id"] == area.pk


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"category": "finns-inte"}, "category", "category"),
        ({"category": "skadegorelse"}, "category", "category"),  # has sub-categories
        (STOCKHOLM, "lon", "outside"),
        ({"lon": 15.794, "lat": None}, "lon", "point"),
        ({"occurred_at": "2099-01-01T12:00:00+01:00"}, "occurred_at", "future"),
        ({"occurred_at": "2001-01-01T12:00:00+01:00"}, "occurred_at", "too_old"),
        ({"week": "2099-W01", "lon": None, "lat": None}, "period_start", "future"),
        ({"week": "vecka femtio"}, "week", "week"),
        ({"text": "x" * 2001}, "text", "too_long"),
        ({"count": 0}, "count", "min_value"),
        ({"count": 10_001}, "count", "max_value"),
        ({"assessment": "purple"}, "assessment", "invalid_choice"),
        ({"trend": "sideways"}, "trend", "invalid_choice"),
    ],
)
def test_it_answers_bad_reports_with_422_and_stores_nothing(
    reporter_api, fagersta, overrides, field, code
):
    before = Report.objects.count()
    response = reporter_api.post(reports_path(fagersta), report_body(**overrides))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"]
    assert field in body["errors"]
    assert code in codes(response)[field]
    assert Report.objects.count() == before


def test_it_rejects_an_area_of_another_collaboration(reporter_api, fagersta, ludvika):
    foreign = ludvika.areas.get(name="Centrum")
    response = reporter_api.post(
        reports_path(fagersta), report_body(lon=None, lat=None, area_id=foreign.pk)
    )
    assert response.status_code == 422
    assert codes(response) == {"area_id": ["area"]}


def test_it_answers_422_in_swedish_when_asked(fagersta_reporter, fagersta):
    api = api_for(fagersta_reporter)
    api.headers["Accept-Language"] = "sv"
    response = api.post(reports_path(fagersta), report_body(category="finns-inte"))
    assert response.status_code == 422
    assert response.json()["detail"] == "Okänd kategori."


def test_it_refuses_personal_data_without_a_reason(reporter_api, fagersta):
    text = "Bilen ABC 123 stod parkerad på gångvägen."
    response = reporter_api.post(reports_path(fagersta), report_body(text=text))
    assert response.status_code == 422
    assert codes(response) == {"text": ["personal_data"]}
    assert "vehicle registration number" in response.json()["detail"]
    kept = reporter_api.post(
        reports_path(fagersta),
        report_body(text=text, personal_data_reason="Fordonet är en del av händelsen."),
    )
    assert kept.status_code == 201
    findings = PersonalDataFinding.objects.filter(report_id=kept.json()["id"])
    assert [f.kind for f in findings] == ["vehicle_plate"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json at all", 400),
        ("", 422),
        ("[1, 2, 3]", 422),
        ('{"category": "klotter", "count": "many"}', 422),
        ('{"category": "klotter", "occurred_at": "yesterday"}', 422),
        ('{"category": ["klotter"]}', 422),
        ('{"count": 1}', 422),  # no category
        ('{"category": "klotter", "lon": NaN, "lat": 60}', 422),
    ],
)
def test_it_answers_malformed_bodies_with_an_error_not_a_crash(
    reporter_api, fagersta, body, status
):
    response = reporter_api.post(reports_path(fagersta), body)
    assert response.status_code == status
    assert "detail" in response.json()


def test_a_member_without_a_reporting_membership_gets_422(county_officer, fagersta):
    """The county officer reads Fagersta (regional overview) but is no member and cannot report."""
    response = api_for(county_officer).post(reports_path(fagersta), report_body())
    assert response.status_code == 422
    assert codes(response) == {"__all__": ["not_member"]}


def test_it_needs_a_token(fagersta):
    response = Api(None).post(reports_path(fagersta), report_body())
    assert response.status_code == 401
    assert not Report.objects.filter(source=ReportSource.API).exists()


def test_it_refuses_a_wrong_revoked_or_disowned_token(fagersta, fagersta_reporter):
    """The intake reads the token together with the memberships: every check of the token
    still applies."""
    token, secret = api_token_create(user=fagersta_reporter, name="test")
    prefix = secret.split("_")[1]
    forged = f"lgt_{prefix}_{'x' * 43}"  # the right prefix, not the secret
    assert Api(forged).post(reports_path(fagersta), report_body()).status_code == 401
    assert Api(secret).post(reports_path(fagersta), report_body()).status_code == 201
    fagersta_reporter.is_active = False
    fagersta_reporter.save(update_fields=["is_active"])
    assert Api(secret).post(reports_path(fagersta), report_body()).status_code == 401
    fagersta_reporter.is_active = True
    fagersta_reporter.save(update_fields=["is_active"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    assert Api(secret).post(reports_path(fagersta), report_body()).status_code == 401
    assert Report.objects.filter(source=ReportSource.API).count() == 1


# --- reading -------------------------------------------------------------------------------------


def _report(user: User, collaboration: Collaboration, key: str, **kwargs: Any) -> Report:
    data = services.ReportInput(
        category=Category.objects.get(template__collaboration=collaboration, key=key), **kwargs
    )
    report, _created = services.report_submit(user=user, collaboration=collaboration, data=data)
    return report


def test_it_reads_one_report(reporter_api, fagersta, fagersta_reporter):
    report = _report(fagersta_reporter, fagersta, "glaskross", **CENTRUM)
    response = reporter_api.get(f"/reports/{report.pk}")
    assert response.status_code == 200
    assert response.json()["category"] == "glaskross"
    assert response.json()["area_name"] == "Centrum"


def test_it_lists_reports_with_filters_and_pages(
    reporter_api, fagersta, fagersta_reporter, django_assert_max_num_queries
):
    """The demo has a year of reports; the ones made here must be found by each filter."""
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    brandbergen = fagersta.areas.get(name="Brandbergen")
    klotter = {_report(fagersta_reporter, fagersta, "klotter", **CENTRUM).pk for _ in range(3)}
    glaskross = _report(fagersta_reporter, fagersta, "glaskross", area=brandbergen).pk
    brand = _report(
        fagersta_reporter, fagersta, "brand", area=brandbergen, period_start=last_week
    ).pk
    path = reports_path(fagersta)
    in_fagersta = Report.objects.filter(collaboration=fagersta)

    def ids(**params: Any) -> set[int]:
        body = reporter_api.get(path, limit=500, **params).json()
        assert body["count"] == len(body["items"]) or len(body["items"]) == 500
        return {r["id"] for r in body["items"]}

    everything = reporter_api.get(path).json()
    assert everything["count"] == in_fagersta.count()
    assert [r["id"] for r in everything["items"][:5]] == sorted(
        klotter | {glaskross, brand}, reverse=True
    )  # newest first
    page = reporter_api.get(path, limit=2, offset=1).json()
    assert [r["id"] for r in page["items"]] == [r["id"] for r in everything["items"][1:3]]

    by_category = ids(category="klotter")
    assert klotter <= by_category
    assert by_category == set(
        in_fagersta.filter(category__key="klotter").values_list("pk", flat=True)[:500]
    )
    damage = ids(category="skadegorelse")  # a main category includes its sub-categories
    assert klotter | {glaskross, brand} <= damage
    in_brandbergen = ids(area_id=brandbergen.pk)
    assert {glaskross, brand} <= in_brandbergen and not klotter & in_brandbergen
    week = ids(week=f"{last_week:%G-W%V}")
    assert brand in week and not (klotter | {glaskross}) & week
    with django_assert_max_num_queries(8):  # token, scope, collaboration, count, one page
        assert reporter_api.get(path, limit=50).status_code == 200


def test_it_answers_422_for_bad_list_filters(reporter_api, fagersta):
    path = reports_path(fagersta)
    assert reporter_api.get(path, category="finns-inte").status_code == 422
    assert reporter_api.get(path, week="nästa vecka").status_code == 422
    assert reporter_api.get(path, limit=0).status_code == 422


def test_it_caps_the_page_size(reporter_api, fagersta, fagersta_reporter):
    _report(fagersta_reporter, fagersta, "klotter", **CENTRUM)
    response = reporter_api.get(reports_path(fagersta), limit=100_000)
    assert response.status_code == 200


def test_it_hides_another_organisations_own_reports(
    fagersta_coordinator, fagersta_police, fagersta
):
    police_only = _report(
        fagersta_police,
        fagersta,
        "inbrott",
        info_class=InformationClass.OWN_ORGANISATION,
        **CENTRUM,
    )
    coordinator = api_for(fagersta_coordinator)
    assert coordinator.get(f"/reports/{police_only.pk}").status_code == 404
    ids = {r["id"] for r in coordinator.get(reports_path(fagersta), limit=500).json()["items"]}
    assert police_only.pk not in ids
    assert api_for(fagersta_police).get(f"/reports/{police_only.pk}").status_code == 200


def test_another_collaboration_answers_404_everywhere(
    ludvika_coordinator, fagersta, fagersta_reporter
):
    report = _report(fagersta_reporter, fagersta, "klotter", **CENTRUM)
    api = api_for(ludvika_coordinator)
    before = Report.objects.count()
    for response in (
        api.get(f"/collaborations/{fagersta.pk}/categories"),
        api.get(reports_path(fagersta)),
        api.get(f"/reports/{report.pk}"),
        api.post(reports_path(fagersta), report_body(), key="x"),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert Report.objects.count() == before


# --- OpenAPI ------------------------------------------------------------------------------------


def test_the_openapi_document_describes_the_reports_api(demo):
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    paths = document["paths"]
    reports = paths["/api/v1/collaborations/{collaboration_id}/reports"]
    assert {"get", "post"} <= set(reports)
    assert "/api/v1/collaborations/{collaboration_id}/categories" in paths
    assert "/api/v1/reports/{report_id}" in paths
    assert {"200", "201"} <= set(reports["post"]["responses"])
    headers = [p["name"] for p in reports["post"]["parameters"] if p["in"] == "header"]
    assert headers == ["Idempotency-Key"]
    query = {p["name"] for p in reports["get"]["parameters"] if p["in"] == "query"}
    assert {"week", "category", "area_id", "limit", "offset"} <= query
