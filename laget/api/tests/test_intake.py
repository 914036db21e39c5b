"""Report intake's fast paths: they must read exactly what the slow paths read, and see every
change of templates, categories and areas at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from laget import access
from laget.accounts.models import User
from laget.api import intake
from laget.api.prepared import PreparedQuery, statement_cursor
from laget.api.services import api_token_authenticate, api_token_create
from laget.api.tests.test_reports_api import Api, api_for, codes, report_body, reports_path
from laget.audit.recorder import _actor_labels
from laget.geography.models import Area
from laget.geography.services import area_update
from laget.organisations.models import Collaboration, Membership
from laget.reporting import services
from laget.reporting.choices import ReportSource
from laget.reporting.models import Category, Report, ReportTemplate


@pytest.fixture
def reporter_api(fagersta_reporter: User) -> Api:
    return api_for(fagersta_reporter)


def _fresh(username: str) -> User:
    return User.objects.get(username=username)


# --- memberships and the collaboration ----------------------------------------------------------


@pytest.mark.parametrize(
    "username",
    ["rapportor.fagersta", "samordnare.fagersta", "polis.fagersta", "regional.vastmanland"],
)
def test_primed_memberships_are_those_the_access_module_reads(username, demo):
    primed_user, plain_user = _fresh(username), _fresh(username)
    primed = intake.prime_memberships(primed_user)
    with CaptureQueriesContext(connection) as queries:
        from_access = access.active_memberships(primed_user)
        scope = access.scope_for(primed_user)
        labels = _actor_labels(primed_user)
    assert len(queries) == 0  # everything comes from the one prepared query
    assert from_access is primed
    expected = access.active_memberships(plain_user)
    assert [(m.pk, m.organisation.name, m.unit_id, m.role) for m in primed] == [
        (m.pk, m.organisation.name, m.unit_id, m.role) for m in expected
    ]
    assert scope == access.scope_for(plain_user)
    assert labels == _actor_labels(plain_user)


@pytest.mark.parametrize(
    "username",
    ["rapportor.fagersta", "samordnare.fagersta", "polis.fagersta", "regional.vastmanland"],
)
def test_memberships_read_with_the_token_are_those_the_access_module_reads(username, demo):
    user = _fresh(username)
    _token, secret = api_token_create(user=user, name="test")
    api_token_authenticate(secret)  # the first use stamps the token (an UPDATE and its entry)
    with CaptureQueriesContext(connection) as queries:
        authenticated = api_token_authenticate(secret, with_memberships=True)
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)
    primed = authenticated._laget_memberships
    expected = access.active_memberships(_fresh(username))
    assert [(m.pk, m.organisation.name, m.unit_id, m.role, m.collaboration_id) for m in primed] == [
        (m.pk, m.organisation.name, m.unit_id, m.role, m.collaboration_id) for m in expected
    ]
    assert all(m.collaboration.pk == m.collaboration_id for m in primed if m.collaboration_id)
    assert access.scope_for(authenticated) == access.scope_for(_fresh(username))
    assert _actor_labels(authenticated) == _actor_labels(_fresh(username))


def test_a_person_without_memberships_is_authenticated_with_none(fagersta_reporter):
    Membership.objects.filter(user=fagersta_reporter).update(is_active=False)
    _token, secret = api_token_create(user=fagersta_reporter, name="test")
    authenticated = api_token_authenticate(secret, with_memberships=True)
    assert authenticated == fagersta_reporter
    assert authenticated._laget_memberships == []
    assert api_token_authenticate(secret.replace("lgt_", "lgt_0"), with_memberships=True) is None


def test_an_inactive_membership_is_not_primed(fagersta_reporter, fagersta):
    Membership.objects.filter(user=fagersta_reporter).update(is_active=False)
    assert intake.prime_memberships(_fresh("rapportor.fagersta")) == []
    user = _fresh("rapportor.fagersta")
    intake.prime_memberships(user)
    with pytest.raises(Http404):
        intake.member_collaboration(user, fagersta.pk)


def test_a_member_gets_the_collaboration_without_a_query(fagersta):
    user = _fresh("rapportor.fagersta")
    intake.prime_memberships(user)
    with CaptureQueriesContext(connection) as queries:
        collaboration = intake.member_collaboration(user, fagersta.pk)
    assert len(queries) == 0
    assert collaboration == fagersta
    assert collaboration.municipality_id == fagersta.municipality_id


def test_others_reach_the_collaboration_only_as_access_object_lets_them(fagersta, ludvika):
    county_officer = _fresh("regional.vastmanland")  # Fagersta's county: may read it
    intake.prime_memberships(county_officer)
    assert intake.member_collaboration(county_officer, fagersta.pk) == fagersta
    outsider = _fresh("samordnare.ludvika")
    intake.prime_memberships(outsider)
    with pytest.raises(Http404):
        intake.member_collaboration(outsider, fagersta.pk)
    with pytest.raises(Http404):
        intake.member_collaboration(outsider, 999_999)


# --- categories: cached per template version, never stale ---------------------------------------


def _klotter(fagersta: Collaboration) -> Category:
    return Category.objects.get(
        template__collaboration=fagersta, template__is_active=True, key="klotter"
    )


def test_a_retired_category_is_refused_at_once(reporter_api, fagersta):
    assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201  # cached
    services.category_retire(category=_klotter(fagersta))
    response = reporter_api.post(reports_path(fagersta), report_body())
    assert response.status_code == 422
    assert codes(response) == {"category": ["retired"]}


def test_a_renamed_category_is_reported_under_its_new_name(reporter_api, fagersta):
    assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201
    klotter = _klotter(fagersta)
    services.category_rename(
        category=klotter, name="Klotter och tags", help_text="", involves_children=False
    )
    response = reporter_api.post(reports_path(fagersta), report_body())
    assert response.status_code == 201
    assert response.json()["category_label"] == "Skadegörelse: Klotter och tags"
    assert (
        response.json()["template_version"]
        == ReportTemplate.objects.get(pk=klotter.template_id).version
    )


def test_a_main_category_given_sub_categories_is_refused_at_once(reporter_api, fagersta):
    body = report_body(category="samling")  # a main category without sub-categories
    assert reporter_api.post(reports_path(fagersta), body).status_code == 201
    samling = Category.objects.get(
        template__collaboration=fagersta, template__is_active=True, key="samling"
    )
    services.category_add(template=samling.template, name="Vid skolan", parent=samling)
    response = reporter_api.post(reports_path(fagersta), body)
    assert response.status_code == 422
    assert codes(response) == {"category": ["category"]}


def test_a_new_category_can_be_reported_at_once(reporter_api, fagersta):
    assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201
    template = ReportTemplate.objects.get(collaboration=fagersta, is_active=True)
    added = services.category_add(template=template, name="Cykelstölder")
    response = reporter_api.post(reports_path(fagersta), report_body(category=added.key))
    assert response.status_code == 201
    assert response.json()["category"] == added.key


def test_another_template_in_use_changes_the_keys_at_once(reporter_api, fagersta):
    assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201
    other = services.template_add(collaboration=fagersta, preset="sociala_risker", use_now=True)
    response = reporter_api.post(reports_path(fagersta), report_body())
    assert response.status_code == 422
    assert codes(response) == {"category": ["category"]}
    response = reporter_api.post(reports_path(fagersta), report_body(category="narkotika"))
    assert response.status_code == 201
    assert Report.objects.get(pk=response.json()["id"]).category.template == other


def test_the_cache_hands_out_copies(reporter_api, fagersta):
    first = intake.reporting_category(fagersta, "klotter")
    first.name = "Ändrad i minnet"
    assert intake.reporting_category(fagersta, "klotter").name == "Klotter"


# --- areas: the freshness token read with the templates -----------------------------------------


def test_a_changed_area_is_seen_by_the_next_report(reporter_api, fagersta):
    first = reporter_api.post(reports_path(fagersta), report_body())
    assert first.json()["area_name"] == "Centrum"
    centrum = Area.objects.get(collaboration=fagersta, name="Centrum")
    area_update(area=centrum, name="Centrum", kind=centrum.kind, is_active=False)
    second = reporter_api.post(reports_path(fagersta), report_body())
    assert second.status_code == 201
    assert second.json()["area_name"] != "Centrum"


def test_the_category_query_also_reads_the_area_token(reporter_api, fagersta):
    """One query answers both: the point assignment after it needs none of its own."""
    assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201
    collaboration = Collaboration.objects.get(pk=fagersta.pk)
    with CaptureQueriesContext(connection) as queries:
        intake.reporting_category(collaboration, "klotter")
        area = services._locate(collaboration, None, 15.794, 60.004)
    assert len(queries) == 1
    assert area is not None and area.name == "Centrum"


# --- idempotency without a lookup first ---------------------------------------------------------


def test_a_retry_that_now_fails_a_check_still_gets_the_earlier_report(fagersta_reporter, fagersta):
    """Answered as before the change: a known key returns its report, whatever the body."""
    first, created = services.report_submit(
        user=fagersta_reporter,
        collaboration=fagersta,
        data=services.ReportInput(category=_klotter(fagersta), text="Klotter."),
        source=ReportSource.API,
        idempotency_key="k-1",
    )
    assert created
    retry, created = services.report_submit(
        user=fagersta_reporter,
        collaboration=fagersta,
        data=services.ReportInput(category=_klotter(fagersta), text="x" * 5000),  # too long now
        source=ReportSource.API,
        idempotency_key="k-1",
    )
    assert (retry.pk, created) == (first.pk, False)
    assert Report.objects.filter(idempotency_key="k-1").count() == 1


def test_a_new_key_that_fails_a_check_is_still_refused(fagersta_reporter, fagersta):
    with pytest.raises(Exception, match="too long"):
        services.report_submit(
            user=fagersta_reporter,
            collaboration=fagersta,
            data=services.ReportInput(category=_klotter(fagersta), text="x" * 5000),
            source=ReportSource.API,
            idempotency_key="k-2",
        )
    assert not Report.objects.filter(idempotency_key="k-2").exists()


# --- the prepared query helper ------------------------------------------------------------------


def test_a_prepared_query_reads_what_the_orm_reads(fagersta_reporter):
    query: PreparedQuery[Membership] = PreparedQuery(
        lambda user_id: Membership.objects.filter(user_id=user_id).select_related("organisation"),
        user_id=-900_002,
    )
    for user in User.objects.filter(username__in=["rapportor.fagersta", "samordnare.ludvika"]):
        got = query.fetch(user_id=user.pk)
        expected = list(Membership.objects.filter(user_id=user.pk).select_related("organisation"))
        assert [(m.pk, m.created_at, m.organisation.name) for m in got] == [
            (m.pk, m.created_at, m.organisation.name) for m in expected
        ]
        assert got and all(m._state.db == "default" and not m._state.adding for m in got)


def test_a_placeholder_must_be_one_parameter(demo):
    def build(**values: Any) -> Any:
        return Membership.objects.filter(user_id=values["user_id"], role="x")

    with pytest.raises(ValueError, match="is not one parameter"):
        PreparedQuery(build, user_id=1, role="nowhere").fetch(user_id=2)


# --- statements prepared by PostgreSQL ----------------------------------------------------------


def _prepared_statements() -> list[str]:
    if connection.vendor != "postgresql":
        return []  # SQLite keeps no server-side statements
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_hot_statements_are_prepared_and_still_counted(reporter_api, fagersta):
    assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201
    logged = [q["sql"] for q in captured.captured_queries]
    prepared = _prepared_statements()
    for table in ('INSERT INTO "reporting_report"', 'INSERT INTO "audit_auditentry"'):
        assert any(table in sql for sql in logged), table  # counted and logged as before
        assert any(s.startswith(table) for s in prepared) == (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        assert any('FROM "organisations_membership"' in s for s in prepared)
        # Django's own cursors keep binding on the client, and so never prepare (the first
        # request's UPDATE of the token's last use went through one).
        assert type(connection.connection.cursor()).__name__ == "Cursor"
        assert not any(s.startswith("UPDATE") for s in prepared)


def test_nothing_is_prepared_behind_a_transaction_pooler(reporter_api, fagersta, monkeypatch):
    """``DISABLE_SERVER_SIDE_CURSORS`` is how a database behind PgBouncer's transaction
    pooling is configured; such a pooler cannot keep prepared statements."""
    with statement_cursor(connection) as cursor:
        preparing = type(cursor.cursor).__name__ == "PreparingCursor"
    assert preparing == (connection.vendor == "postgresql")
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with statement_cursor(connection) as cursor:
        assert type(cursor.cursor).__name__ != "PreparingCursor"
    before = set(_prepared_statements())
    with CaptureQueriesContext(connection) as captured:
        assert reporter_api.post(reports_path(fagersta), report_body()).status_code == 201
    assert any('INSERT INTO "reporting_report"' in q["sql"] for q in captured.captured_queries)
    assert set(_prepared_statements()) == before
