"""Trygghetsvandringar: the rules of the services, the pages per persona, the protocol PDF and
the demo (a walked walk in Fagersta with remarks in every status)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from laget.dialogues import services
from laget.dialogues.choices import ParticipantGroup, RemarkStatus
from laget.dialogues.demo import dialogues_demo_load
from laget.dialogues.models import MAX_REMARK, SafetyWalk, WalkRemark
from laget.dialogues.selectors import report_categories
from laget.reporting.models import Report

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
#: A point in Fagersta's Centrum (demo data) and one in Ludvika.
INSIDE = {"lat": 60.0040, "lon": 15.7940}
OUTSIDE = {"lat": 60.149, "lon": 15.188}


def _walk(user, collaboration, **overrides):
    values = {
        "title": "Kvällsvandring i centrum",
        "planned_on": timezone.now() - datetime.timedelta(days=2),
        "organiser": collaboration.parties.get(kind="kommun"),
        "area": collaboration.areas.get(name="Centrum"),
        "route": {"type": "LineString", "coordinates": [[15.79, 60.003], [15.795, 60.005]]},
        "route_description": "Från stationen till torget.",
        "participants": {ParticipantGroup.RESIDENTS: 8, ParticipantGroup.POLICE: 1},
    }
    values.update(overrides)
    return services.safety_walk_create(user=user, collaboration=collaboration, **values)


def _walked(user, collaboration, **overrides):
    walk = _walk(user, collaboration, **overrides)
    return services.safety_walk_mark_walked(
        user=user, walk=walk, walked_on=timezone.localdate() - datetime.timedelta(days=1)
    )


def _remark(user, walk, **overrides):
    values = {"text": "Trasig lampa vid torget", **INSIDE, "problem_owner_text": "Fastighetsägaren"}
    values.update(overrides)
    return services.walk_remark_add(user=user, walk=walk, **values)


def _codes(exc: pytest.ExceptionInfo) -> set[str]:
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- services -------------------------------------------------------------------------------


def test_a_walk_is_planned_then_walked_and_its_remarks_numbered(fagersta, fagersta_coordinator):
    walk = _walk(fagersta_coordinator, fagersta)
    assert walk.walked_on is None and walk.participants_total == 9
    assert walk.owner_organisation == walk.organiser
    with pytest.raises(ValidationError) as exc:
        _remark(fagersta_coordinator, walk)
    assert _codes(exc) == {"not_walked"}
    services.safety_walk_mark_walked(
        user=fagersta_coordinator,
        walk=walk,
        walked_on=timezone.localdate(),
        participants={ParticipantGroup.RESIDENTS: 10, ParticipantGroup.OTHER: 0},
        summary="Mörka gångstråk",
    )
    walk.refresh_from_db()
    assert walk.walked_on == timezone.localdate()
    assert walk.participants == {ParticipantGroup.RESIDENTS: 10}
    first = _remark(fagersta_coordinator, walk)
    second = _remark(
        fagersta_coordinator,
        walk,
        text="Buskar skymmer",
        problem_owner=fagersta.parties.get(kind="kommun"),
        problem_owner_text="",
    )
    assert (first.number, second.number) == (1, 2)
    assert first.status == RemarkStatus.OPEN
    assert second.problem_owner_name == fagersta.parties.get(kind="kommun").name


def test_walk_bad_input_stores_nothing(fagersta, ludvika, fagersta_coordinator, fagersta_reporter):
    before = SafetyWalk.objects.count()
    cases = [
        ({}, fagersta_reporter, "not_allowed"),
        ({"organiser": ludvika.parties.get(kind="kommun")}, None, "not_party"),
        ({"area": ludvika.areas.first()}, None, "area"),
        ({"route": {"type": "Point", "coordinates": [15.7, 60.0]}}, None, "invalid"),
        ({"route": {"type": "LineString", "coordinates": [[15.7, 95], [15.7, 60]]}}, None, "range"),
        ({"participants": {"children": 3}}, None, "invalid"),
        ({"participants": {ParticipantGroup.RESIDENTS: -1}}, None, "range"),
        ({"summary": "Ring 070-123 45 67"}, None, "personal_data"),
        ({"title": "x" * 201}, None, "too_long"),
        ({"title": "  "}, None, "required"),
    ]
    for overrides, user, code in cases:
        with pytest.raises(ValidationError) as exc:
            _walk(user or fagersta_coordinator, fagersta, **overrides)
        assert code in _codes(exc), overrides
    walk = _walk(fagersta_coordinator, fagersta)
    with pytest.raises(ValidationError) as exc:
        services.safety_walk_mark_walked(
            user=fagersta_coordinator,
            walk=walk,
            walked_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert _codes(exc) == {"future"}
    walk.refresh_from_db()
    assert walk.walked_on is None
    assert SafetyWalk.objects.count() == before + 1


def test_remark_rules_and_bad_input_stores_nothing(fagersta, ludvika, fagersta_coordinator):
    walk = _walked(fagersta_coordinator, fagersta)
    cases = [
        ({"text": "x" * (MAX_REMARK + 1)}, "too_long"),
        ({"text": " "}, "required"),
        (OUTSIDE, "outside"),
        ({"lat": None}, "required"),
        ({"text": "Bil ABC 123 parkerad"}, "personal_data"),
        ({"problem_owner": fagersta.parties.get(kind="kommun")}, "both"),
        (
            {"problem_owner": ludvika.parties.get(kind="kommun"), "problem_owner_text": ""},
            "not_party",
        ),
    ]
    for overrides, code in cases:
        with pytest.raises(ValidationError) as exc:
            _remark(fagersta_coordinator, walk, **overrides)
        assert code in _codes(exc), overrides
    assert walk.remarks.count() == 0
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _remark(fagersta_coordinator, walk, **OUTSIDE)
    assert "outside Fagersta" in " ".join(exc.value.messages)


def test_status_rules(fagersta, fagersta_coordinator, fagersta_police):
    walk = _walked(fagersta_coordinator, fagersta)
    remark = _remark(fagersta_coordinator, walk)
    today = timezone.localdate()
    bad = [
        ({"status": RemarkStatus.FIXED}, "required"),
        ({"status": RemarkStatus.FIXED, "fixed_on": today + datetime.timedelta(days=1)}, "future"),
        (
            {"status": RemarkStatus.FIXED, "fixed_on": today - datetime.timedelta(days=30)},
            "before_walk",
        ),
        ({"status": RemarkStatus.WONT_FIX}, "required"),
        ({"status": "forgotten"}, "invalid"),
        ({"status": RemarkStatus.OPEN, "response": "x" * 5001}, "too_long"),
    ]
    for values, code in bad:
        with pytest.raises(ValidationError) as exc:
            services.walk_remark_set_status(user=fagersta_coordinator, remark=remark, **values)
        assert code in _codes(exc), values
        remark.refresh_from_db()
        assert (remark.status, remark.fixed_on) == (RemarkStatus.OPEN, None)
    services.walk_remark_set_status(
        user=fagersta_police, remark=remark, status=RemarkStatus.FIXED, fixed_on=today
    )
    remark.refresh_from_db()
    assert (remark.status, remark.fixed_on) == (RemarkStatus.FIXED, today)
    services.walk_remark_set_status(
        user=fagersta_coordinator,
        remark=remark,
        status=RemarkStatus.WONT_FIX,
        response="Privat mark",
    )
    remark.refresh_from_db()
    assert (remark.status, remark.fixed_on, remark.response) == (
        RemarkStatus.WONT_FIX,
        None,
        "Privat mark",
    )


def test_a_remark_becomes_a_report_once(fagersta, fagersta_coordinator, fagersta_reporter):
    walk = _walked(fagersta_coordinator, fagersta)
    remark = _remark(fagersta_coordinator, walk)
    category = report_categories(collaboration=fagersta).first()
    with pytest.raises(ValidationError):
        services.walk_remark_to_report(user=fagersta_reporter, remark=remark, category=category)
    before = Report.objects.count()
    report = services.walk_remark_to_report(
        user=fagersta_coordinator, remark=remark, category=category
    )
    remark.refresh_from_db()
    assert remark.report == report
    assert (report.lat, report.lon, report.category) == (remark.lat, remark.lon, category)
    assert "Trasig lampa vid torget" in report.text
    assert report.area == walk.area
    # It happened on the walk's day, in the week it is filed under.
    assert timezone.localtime(report.occurred_at).date() == walk.walked_on
    assert report.period_start <= walk.walked_on < report.period_start + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as exc:
        services.walk_remark_to_report(user=fagersta_coordinator, remark=remark, category=category)
    assert _codes(exc) == {"already_reported"}
    assert Report.objects.count() == before + 1


# --- demo -----------------------------------------------------------------------------------


def test_the_demo_walk_has_remarks_in_every_status_and_is_idempotent(fagersta):
    walks = SafetyWalk.objects.filter(collaboration=fagersta)
    walked = walks.exclude(walked_on=None).get()
    assert walks.filter(walked_on=None, planned_on__gt=timezone.now()).count() == 1
    remarks = walked.remarks.all()
    assert {r.status for r in remarks} == set(RemarkStatus.values)
    assert all(r.fixed_on for r in remarks if r.status == RemarkStatus.FIXED)
    assert all(r.response for r in remarks if r.status == RemarkStatus.WONT_FIX)
    assert remarks.exclude(report=None).count() == 1
    counts = (SafetyWalk.objects.count(), WalkRemark.objects.count(), Report.objects.count())
    dialogues_demo_load()
    assert counts == (
        SafetyWalk.objects.count(),
        WalkRemark.objects.count(),
        Report.objects.count(),
    )


# --- pages ----------------------------------------------------------------------------------


def _urls(fagersta):
    walk = fagersta.safety_walks.exclude(walked_on=None).get()
    remark = walk.remarks.get(number=1)
    ids = {"collaboration_id": fagersta.pk, "walk_id": walk.pk}
    return (
        walk,
        remark,
        {
            "list": reverse("dialogues:walk_list", kwargs={"collaboration_id": fagersta.pk}),
            "create": reverse("dialogues:walk_create", kwargs={"collaboration_id": fagersta.pk}),
            "detail": reverse("dialogues:walk_detail", kwargs=ids),
            "update": reverse("dialogues:walk_update", kwargs=ids),
            "walked": reverse("dialogues:walk_walked", kwargs=ids),
            "protocol": reverse("dialogues:walk_protocol", kwargs=ids),
            "remark_create": reverse("dialogues:remark_create", kwargs=ids),
            "remark_update": reverse(
                "dialogues:remark_update", kwargs={**ids, "remark_id": remark.pk}
            ),
            "remark_status": reverse(
                "dialogues:remark_status", kwargs={**ids, "remark_id": remark.pk}
            ),
            "remark_report": reverse(
                "dialogues:remark_report", kwargs={**ids, "remark_id": remark.pk}
            ),
        },
    )


def test_members_read_editors_write_outsiders_get_404(
    client_for,
    fagersta,
    fagersta_coordinator,
    fagersta_police,
    fagersta_reporter,
    fagersta_admin,
    ludvika_coordinator,
):
    walk, _remark_row, urls = _urls(fagersta)
    reader = client_for(fagersta_reporter)
    listing = reader.get(urls["list"]).content.decode()
    assert f'data-walk="{walk.pk}"' in listing and 'data-open-remarks="3"' in listing
    assert 'id="walk-create"' not in listing
    detail = reader.get(urls["detail"]).content.decode()
    assert detail.count("data-remark=") == 5 and 'data-action="status"' not in detail
    assert reader.get(urls["protocol"])["Content-Type"] == "application/pdf"
    for name in ("create", "update", "walked", "remark_create", "remark_status", "remark_report"):
        assert reader.get(urls[name]).status_code == 403, name
    for user in (fagersta_coordinator, fagersta_police, fagersta_admin):
        client = client_for(user)
        for name in ("create", "update", "walked", "remark_create", "remark_update"):
            assert client.get(urls[name]).status_code == 200, name
    outsider = client_for(ludvika_coordinator)
    for name in ("detail", "update", "protocol", "remark_status", "remark_report"):
        assert outsider.get(urls[name]).status_code == 404, name
    list_for_ludvika = outsider.get(
        reverse("dialogues:walk_list", kwargs={"collaboration_id": fagersta.pk})
    )
    assert list_for_ludvika.status_code == 404


def test_the_pages_plan_walk_and_follow_a_remark(client_for, fagersta, fagersta_coordinator):
    _demo_walk, _row, urls = _urls(fagersta)
    client = client_for(fagersta_coordinator)
    kommun = fagersta.parties.get(kind="kommun")
    data = {
        "title": "Skolvägen",
        "planned_on": "2026-01-10T18:00",
        "organiser": kommun.pk,
        "route": '{"type": "LineString", "coordinates": [[15.79, 60.0], [15.8, 60.01]]}',
        "info_class": "partners",
        "participants_residents": "5",
    }
    response = client.post(urls["create"], {**data, "route": "{not json"}, **EN)
    assert response.status_code == 200 and "not valid GeoJSON" in response.content.decode()
    assert not SafetyWalk.objects.filter(title="Skolvägen").exists()
    response = client.post(urls["create"], data)
    walk = SafetyWalk.objects.get(title="Skolvägen")
    assert response.status_code == 302
    assert walk.route["coordinates"][1] == [15.8, 60.01] and walk.participants == {"residents": 5}
    ids = {"collaboration_id": fagersta.pk, "walk_id": walk.pk}
    walked_url = reverse("dialogues:walk_walked", kwargs=ids)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(walked_url, {"walked_on": future}, **EN)
    assert response.status_code == 200 and "future" in response.content.decode()
    client.post(walked_url, {"walked_on": timezone.localdate().isoformat()})
    walk.refresh_from_db()
    assert walk.walked_on == timezone.localdate()
    remark_url = reverse("dialogues:remark_create", kwargs=ids)
    response = client.post(remark_url, {"text": "Mörkt", **OUTSIDE}, **EN)
    assert response.status_code == 200 and "outside" in response.content.decode()
    assert walk.remarks.count() == 0
    client.post(remark_url, {"text": "Mörkt", "problem_owner": kommun.pk, **INSIDE})
    remark = walk.remarks.get()
    status_url = reverse("dialogues:remark_status", kwargs={**ids, "remark_id": remark.pk})
    response = client.post(status_url, {"status": "fixed"}, **EN)
    assert response.status_code == 200 and "date" in response.content.decode()
    client.post(status_url, {"status": "fixed", "fixed_on": timezone.localdate().isoformat()})
    remark.refresh_from_db()
    assert remark.status == RemarkStatus.FIXED
    report_url = reverse("dialogues:remark_report", kwargs={**ids, "remark_id": remark.pk})
    category = report_categories(collaboration=fagersta).first()
    assert client.post(report_url, {"category": category.pk}).status_code == 302
    response = client.post(report_url, {"category": category.pk}, **EN)
    assert "already" in response.content.decode()
    remark.refresh_from_db()
    assert remark.report is not None


def test_the_protocol_pdf_has_the_table_and_the_information_class(
    client_for, fagersta, fagersta_reporter
):
    from pypdf import PdfReader

    walk, _remark_row, urls = _urls(fagersta)
    response = client_for(fagersta_reporter).get(urls["protocol"], **EN)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("NR", "ANMÄRKNING", "PROBLEMÄGARE", "ÅTGÄRDAT"):
        assert heading in text
    assert "Gångtunneln".lower() in text.lower()
    assert "Fastighetsägaren" in text
    fixed = walk.remarks.get(status=RemarkStatus.FIXED)
    assert f"{fixed.fixed_on:%Y-%m-%d}" in text
    assert all("Information class" in page.extract_text() for page in reader.pages)
    assert "Residents" in text and "25" in text  # participants by group and total


def test_public_outcomes_show_only_public_walked_walks(fagersta, fagersta_coordinator):
    from laget.dialogues.selectors import public_walk_outcomes

    # The demo's walked walk is public, its planned one internal; start from none public.
    SafetyWalk.objects.filter(collaboration=fagersta).update(info_class="partners")
    assert not public_walk_outcomes(collaboration=fagersta).exists()
    walk = _walked(fagersta_coordinator, fagersta, info_class="public")
    _walk(fagersta_coordinator, fagersta, info_class="public", title="Planerad")  # not walked
    remark = _remark(fagersta_coordinator, walk)
    services.walk_remark_set_status(
        user=fagersta_coordinator,
        remark=remark,
        status=RemarkStatus.FIXED,
        fixed_on=timezone.localdate(),
    )
    _remark(fagersta_coordinator, walk, text="Mörkt")
    outcomes = list(public_walk_outcomes(collaboration=fagersta))
    assert [(w.pk, w.remark_count, w.fixed_count) for w in outcomes] == [(walk.pk, 2, 1)]


def test_the_walk_pages_take_a_bounded_number_of_queries(
    client_for, fagersta, fagersta_coordinator, fagersta_reporter
):
    """The number of queries does not grow with the number of walks or remarks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walk, _remark_row, urls = _urls(fagersta)
    client = client_for(fagersta_reporter)

    def count(name: str) -> int:
        client.get(urls[name])
        with CaptureQueriesContext(connection) as context:
            assert client.get(urls[name]).status_code == 200
        return len(context.captured_queries)

    before = {name: count(name) for name in ("list", "detail")}
    for index in range(4):
        _remark(fagersta_coordinator, walk, text=f"Anmärkning {index}", problem_owner_text="")
    _walked(fagersta_coordinator, fagersta, title="Ytterligare en")
    assert {name: count(name) for name in ("list", "detail")} == before
    assert max(before.values()) <= 12
