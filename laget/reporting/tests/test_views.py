"""The reporting pages: Rapportera, the weekly checklist, Mina rapporter, the coordinator's list
and report detail, template management, and who may do what.

Assertions look at context, database state and URLs rather than at translated text, so they hold
in every language. Every refused input is checked to have stored nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from laget.core.selectors import start_tasks
from laget.reporting import services
from laget.reporting.choices import PersonalDataAction, ReportSource
from laget.reporting.forms import current_week
from laget.reporting.models import (
    Category,
    ChecklistAnswer,
    PersonalDataFinding,
    Report,
    ReportTemplate,
)
from laget.reporting.selectors import reportable_categories
from laget.reporting.services import ReportInput
from laget.reporting.views import SESSION_AREA

CENTRUM_POINT = {"lon": "15.7940", "lat": "60.0040"}
PHONE_TEXT = "Ring 070-123 45 67 om porten"
PERSONNUMMER_TEXT = "Ägaren har pnr 811228-9874"


def _url(name: str, collaboration, **kwargs) -> str:
    return reverse(f"reporting:{name}", kwargs={"collaboration_id": collaboration.pk, **kwargs})


@pytest.fixture
def est(fagersta) -> ReportTemplate:
    return fagersta.report_templates.get(preset="est")


@pytest.fixture
def klotter(est) -> Category:
    return est.categories.get(key="klotter")


@pytest.fixture
def centrum(fagersta):
    return fagersta.areas.get(name="Centrum")


@pytest.fixture
def reporter_client(client_for, fagersta_reporter) -> Client:
    return client_for(fagersta_reporter)


@pytest.fixture
def coordinator_client(client_for, fagersta_coordinator) -> Client:
    return client_for(fagersta_coordinator)


def report_data(category_, area_=None, **overrides) -> dict[str, str]:
    data = {
        "category": str(category_.pk),
        "area": str(area_.pk) if area_ else "",
        "lon": "",
        "lat": "",
        "when": "week",
        "week": current_week(),
        "occurred_at": "",
        "count": "2",
        "assessment": "yellow",
        "trend": "increased",
        "text": "Nytt klotter på busskuren vid torget",
    }
    data.update(overrides)
    return data


def new_reports(before: int):
    """Reports stored during the test (the demo already has a year of them)."""
    return Report.objects.filter(pk__gt=before)


@pytest.fixture
def before(demo) -> int:
    """The newest report before the test."""
    return Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def this_week() -> datetime.date:
    return services.period_start_for(timezone.localdate())


def submit(user, collaboration, category, **kwargs) -> Report:
    report, _created = services.report_submit(
        user=user, collaboration=collaboration, data=ReportInput(category=category, **kwargs)
    )
    return report


# --- Rapportera ---------------------------------------------------------------------------------


def test_the_report_form_offers_the_templates_categories_grouped(
    reporter_client, fagersta, est, ludvika, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = reporter_client.get(_url("report_create", fagersta))
    assert response.status_code == 200
    form = response.context["form"]
    groups = dict(form.fields["category"].choices[1:])
    assert "Skadegörelse" in groups  # a main category is an optgroup of its sub-categories
    assert {label for _value, label in groups["Skadegörelse"]} == {"Klotter", "Glaskross", "Brand"}
    offered = {int(v) for v, _l in form.fields["category"].widget.choices if str(v).isdigit()}
    offered |= {
        int(v)
        for _g, options in form.fields["category"].choices
        if isinstance(options, list)
        for v, _l in options
    }
    leaves = {c.pk for c in reportable_categories(template=est)}
    assert offered == leaves
    assert not offered & set(ludvika.report_templates.get().categories.values_list("pk", flat=True))
    assert form["week"].value() == current_week()
    assert form["when"].value() == "week"
    assert "unit" not in form.fields  # the reporter has one unit: it is used without asking
    content = response.content.decode()
    samling = est.categories.get(key="samling")
    assert f'value="{samling.pk}" data-involves-children="true"' in content
    assert 'id="report-map"' in content and 'id="report-map-data"' in content
    assert "<script>" not in content.replace('<script src="', "")  # no inline script (CSP)


def test_it_stores_a_report_and_shows_its_detail_page(
    reporter_client, fagersta, klotter, centrum, fagersta_reporter, before
):
    response = reporter_client.post(_url("report_create", fagersta), report_data(klotter, centrum))
    report = new_reports(before).get()
    assert response.status_code == 302
    assert response["Location"] == _url("report_detail", fagersta, report_id=report.pk)
    assert (report.category, report.area, report.count, report.assessment, report.trend) == (
        klotter,
        centrum,
        2,
        "yellow",
        "increased",
    )
    assert report.source == ReportSource.WEB
    assert report.unit.name == "Fältassistenter"
    assert report.period_start.isoformat() == current_week()
    detail = reporter_client.get(response["Location"])
    assert detail.status_code == 200
    assert [step.kind for step in detail.context["trail"]] == ["received"]


def test_a_point_on_the_map_assigns_the_area(reporter_client, fagersta, klotter, centrum, before):
    reporter_client.post(_url("report_create", fagersta), report_data(klotter, **CENTRUM_POINT))
    report = new_reports(before).get()
    assert report.area == centrum
    assert (report.lon, report.lat) == (15.794, 60.004)


def test_a_report_at_a_specific_time(reporter_client, fagersta, klotter, centrum, before):
    at = timezone.localtime() - datetime.timedelta(hours=3)
    data = report_data(klotter, centrum, when="time", occurred_at=at.strftime("%Y-%m-%dT%H:%M"))
    response = reporter_client.post(_url("report_create", fagersta), data)
    assert response.status_code == 302
    report = new_reports(before).get()
    assert report.occurred_at == at.replace(second=0, microsecond=0)
    assert report.period_start == services.period_start_for(at.date())


def test_it_remembers_the_last_area(reporter_client, fagersta, klotter, fagersta_reporter):
    brandbergen = fagersta.areas.get(name="Brandbergen")
    reporter_client.post(_url("report_create", fagersta), report_data(klotter, brandbergen))
    assert reporter_client.session[SESSION_AREA] == {str(fagersta.pk): brandbergen.pk}
    form = reporter_client.get(_url("report_create", fagersta)).context["form"]
    assert form["area"].value() == brandbergen.pk
    asked = fagersta.areas.get(name="Västanfors")
    form = reporter_client.get(_url("report_create", fagersta), {"area": asked.pk}).context["form"]
    assert form["area"].value() == asked.pk


def _future() -> str:
    return (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "999999"}, "category"),
        ({"category": "klotter"}, "category"),
        ({"area": "", **CENTRUM_POINT, "lon": "18.07", "lat": "59.33"}, "lon"),  # Stockholm
        ({"lon": "abc", "lat": "60.0"}, "lon"),
        ({"lon": "nan", "lat": "60.0"}, "lon"),
        ({"when": "time", "occurred_at": "FUTURE"}, "occurred_at"),
        ({"when": "time", "occurred_at": ""}, "occurred_at"),
        ({"when": "time", "occurred_at": "31.02.2026 kl 25"}, "occurred_at"),
        ({"week": "2001-01-01"}, "week"),
        ({"text": "x" * 2001}, "text"),
        ({"text": PERSONNUMMER_TEXT}, "text"),
        ({"count": "0"}, "count"),
        ({"count": "10001"}, "count"),
        ({"count": ""}, "count"),
        ({"area": ""}, "area"),  # neither an area nor a point
        ({"assessment": "purple"}, "assessment"),
        ({"trend": "sideways"}, "trend"),
    ],
)
def test_bad_input_is_a_form_error_and_stores_nothing(
    reporter_client, fagersta, klotter, centrum, overrides, field
):
    data = report_data(klotter, centrum, **overrides)
    if data["occurred_at"] == "FUTURE":
        data["occurred_at"] = _future()
    before = (Report.objects.count(), PersonalDataFinding.objects.count())
    response = reporter_client.post(_url("report_create", fagersta), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert (Report.objects.count(), PersonalDataFinding.objects.count()) == before


def test_a_category_of_ludvika_is_refused(reporter_client, fagersta, ludvika, centrum, before):
    narkotika = ludvika.report_templates.get().categories.get(key="narkotika")
    response = reporter_client.post(
        _url("report_create", fagersta), report_data(narkotika, centrum)
    )
    assert "category" in response.context["form"].errors
    assert not new_reports(before).exists()


def test_an_area_of_ludvika_is_refused(reporter_client, fagersta, ludvika, klotter, before):
    foreign = ludvika.areas.get(name="Centrum")
    response = reporter_client.post(_url("report_create", fagersta), report_data(klotter, foreign))
    assert "area" in response.context["form"].errors
    assert not new_reports(before).exists()


def test_personal_data_reveals_the_reason_field_and_a_reason_keeps_it(
    reporter_client, fagersta, klotter, centrum, before
):
    url = _url("report_create", fagersta)
    first = reporter_client.get(url)
    assert not first.context["form"].show_reason
    assert 'name="personal_data_reason"' not in first.content.decode()

    response = reporter_client.post(url, report_data(klotter, centrum, text=PHONE_TEXT))
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["text"]] == ["personal_data"]
    assert form.show_reason
    assert 'name="personal_data_reason"' in response.content.decode()
    assert not new_reports(before).exists()

    data = report_data(
        klotter, centrum, text=PHONE_TEXT, personal_data_reason="Fastighetsägarens jourtelefon"
    )
    response = reporter_client.post(url, data)
    report = new_reports(before).get()
    assert response.status_code == 302
    assert report.personal_data_reason == "Fastighetsägarens jourtelefon"
    finding = report.personal_data_findings.get()
    assert (finding.kind, finding.action) == ("phone", PersonalDataAction.JUSTIFIED)
    detail = reporter_client.get(response["Location"])
    assert "personal_data_justified" in [s.kind for s in detail.context["trail"]]


def test_the_children_reminder_shows_for_categories_that_may_involve_children(
    reporter_client, fagersta, est, centrum
):
    url = _url("report_create", fagersta)
    reminder = 'id="children-reminder" data-children-reminder'
    page = reporter_client.get(url).content.decode()
    assert f"{reminder} hidden>" in page  # no category chosen yet: hidden (report.js shows it)
    assert 'class="help-box"' in page  # and always in the help
    samling = est.categories.get(key="samling")
    response = reporter_client.post(url, report_data(samling, centrum, count="0"))
    assert response.context["form"].involves_children()
    assert f"{reminder}>" in response.content.decode()


def test_someone_who_is_not_a_member_cannot_report(
    client_for, county_officer, fagersta, klotter, before
):
    client = client_for(county_officer)  # reads Fagersta as the county, but is no member
    response = client.get(_url("report_create", fagersta))
    assert response.status_code == 200
    assert not response.context["setup"].is_member
    assert 'name="category"' not in response.content.decode()
    client.post(_url("report_create", fagersta), report_data(klotter, None, **CENTRUM_POINT))
    assert not new_reports(before).exists()


# --- detail: samma händelse? --------------------------------------------------------------------


@pytest.fixture
def two_close_reports(fagersta, klotter, fagersta_coordinator, fagersta_reporter):
    at = timezone.now() - datetime.timedelta(hours=2)
    first = submit(
        fagersta_coordinator, fagersta, klotter, lon=15.7940, lat=60.0040, occurred_at=at
    )
    second = submit(fagersta_reporter, fagersta, klotter, lon=15.7945, lat=60.0042, occurred_at=at)
    return first, second


def test_the_detail_page_offers_the_same_event_and_the_reporter_links_it(
    reporter_client, fagersta, two_close_reports
):
    first, second = two_close_reports
    url = _url("report_detail", fagersta, report_id=second.pk)
    response = reporter_client.get(url)
    assert first in response.context["candidates"]
    assert response.context["may_link"]
    link = _url("report_link_duplicate", fagersta, report_id=second.pk)
    assert link in response.content.decode()

    response = reporter_client.post(link, {"duplicate_of": first.pk})
    assert response.status_code == 302 and response["Location"] == url
    second.refresh_from_db()
    assert second.duplicate_of == first
    trail = reporter_client.get(url).context["trail"]
    assert [s.kind for s in trail] == ["received", "duplicate"]

    reporter_client.post(link, {"duplicate_of": ""})
    second.refresh_from_db()
    assert second.duplicate_of is None


def test_only_the_reporter_or_a_coordinator_may_link(
    client_for, fagersta_police, coordinator_client, fagersta, two_close_reports
):
    first, second = two_close_reports
    link = _url("report_link_duplicate", fagersta, report_id=second.pk)
    police = client_for(fagersta_police)
    assert not police.get(_url("report_detail", fagersta, report_id=second.pk)).context["may_link"]
    assert police.post(link, {"duplicate_of": first.pk}).status_code == 403
    second.refresh_from_db()
    assert second.duplicate_of is None
    assert coordinator_client.post(link, {"duplicate_of": first.pk}).status_code == 302
    second.refresh_from_db()
    assert second.duplicate_of == first


def test_linking_to_a_report_of_another_collaboration_is_not_found(
    reporter_client, fagersta, ludvika, two_close_reports, client_for, ludvika_coordinator
):
    _first, second = two_close_reports
    narkotika = ludvika.report_templates.get().categories.get(key="narkotika")
    foreign = submit(ludvika_coordinator, ludvika, narkotika, area=ludvika.areas.first())
    link = _url("report_link_duplicate", fagersta, report_id=second.pk)
    assert reporter_client.post(link, {"duplicate_of": foreign.pk}).status_code == 404
    assert reporter_client.post(link, {"duplicate_of": "x"}).status_code == 404
    assert reporter_client.get(link).status_code == 405
    second.refresh_from_db()
    assert second.duplicate_of is None


# --- personal data: flags and masking -----------------------------------------------------------


@pytest.fixture
def report_with_phone(fagersta, klotter, centrum, fagersta_reporter) -> Report:
    return submit(
        fagersta_reporter,
        fagersta,
        klotter,
        area=centrum,
        text=PHONE_TEXT,
        personal_data_reason="Kontakt till fastighetsägaren",
    )


def test_a_coordinator_sees_the_flags_but_never_the_values_and_masks_them(
    coordinator_client, fagersta, report_with_phone
):
    url = _url("report_detail", fagersta, report_id=report_with_phone.pk)
    response = coordinator_client.get(url)
    [(finding, _label)] = response.context["findings"]
    assert finding.kind == "phone"
    content = response.content.decode()
    assert finding.digest not in content
    redact = _url("report_redact", fagersta, report_id=report_with_phone.pk)
    assert redact in content

    assert coordinator_client.post(redact).status_code == 302
    report_with_phone.refresh_from_db()
    assert "070" not in report_with_phone.text
    assert report_with_phone.personal_data_findings.filter(
        action=PersonalDataAction.REDACTED
    ).exists()
    response = coordinator_client.get(url)
    assert not response.context["may_redact"]
    assert "personal_data_redacted" in [s.kind for s in response.context["trail"]]


def test_a_reporter_sees_no_flags_and_cannot_mask(reporter_client, fagersta, report_with_phone):
    response = reporter_client.get(_url("report_detail", fagersta, report_id=report_with_phone.pk))
    assert response.context["findings"] == []
    redact = _url("report_redact", fagersta, report_id=report_with_phone.pk)
    assert redact not in response.content.decode()
    assert reporter_client.post(redact).status_code == 404
    report_with_phone.refresh_from_db()
    assert "070-123 45 67" in report_with_phone.text


# --- the weekly checklist -----------------------------------------------------------------------


def checklist_data(categories, area, *, happened=None, skip=(), **extra) -> dict[str, str]:
    """Every category "nothing to report", except ``happened`` ({key: count}) and ``skip``."""
    happened = happened or {}
    data = {"area": str(area.pk), "week": current_week()}
    for category in categories:
        key = category.key
        if key in skip:
            continue
        if key in happened:
            data.update(
                {
                    f"{key}-answer": "happened",
                    f"{key}-count": str(happened[key]),
                    f"{key}-assessment": "red",
                    f"{key}-trend": "increased",
                    f"{key}-text": "Mycket klotter vid skolan",
                }
            )
        else:
            data[f"{key}-answer"] = "none"
    data.update(extra)
    return data


def test_the_checklist_first_asks_for_the_area(reporter_client, fagersta):
    response = reporter_client.get(_url("checklist", fagersta))
    assert response.status_code == 200
    assert "form" not in response.context
    scope = response.context["scope_form"]
    assert scope["week"].value() == current_week()
    assert "unit" not in scope.fields


def test_the_checklist_lists_every_reportable_category(
    reporter_client, fagersta, est, centrum, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = reporter_client.get(_url("checklist", fagersta), {"area": centrum.pk})
    rows = response.context["form"].rows()
    assert [r.category for r in rows] == reportable_categories(template=est)
    assert response.context["scope"]["area"] == centrum
    assert response.context["unit"].name == "Fältassistenter"
    assert all(row.answer.value() is None for row in rows)  # nothing is pre-answered as zero


def test_a_complete_checklist_is_stored_and_shows_the_weeks_states(
    reporter_client, fagersta, est, centrum, fagersta_reporter
):
    categories = reportable_categories(template=est)
    data = checklist_data(categories, centrum, happened={"klotter": 3})
    response = reporter_client.post(_url("checklist", fagersta), data)
    assert response.status_code == 302
    assert response["Location"].startswith(_url("checklist_status", fagersta) + "?")
    answers = ChecklistAnswer.objects.filter(
        area=centrum,
        reporter=fagersta_reporter,
        period_start=services.period_start_for(timezone.localdate()),
    )
    assert answers.count() == len(categories)
    klotter = answers.get(category__key="klotter").report
    assert (klotter.count, klotter.assessment, klotter.source) == (3, "red", "checklist")
    assert klotter.unit.name == "Fältassistenter"
    assert answers.filter(report=None).count() == len(categories) - 1

    status = reporter_client.get(response["Location"])
    states = {cell.category.key: cell.state for cell in status.context["cells"]}
    assert states["klotter"] == "reported"
    assert set(states.values()) == {"reported", "zero"}
    assert status.context["counts"] == {"missing": 0, "zero": len(categories) - 1, "reported": 1}
    assert reporter_client.session[SESSION_AREA] == {str(fagersta.pk): centrum.pk}
    # The next visit goes straight to the remembered area, with the answers filled in.
    again = reporter_client.get(_url("checklist", fagersta))
    initial = {r.category.key: r.answer.value() for r in again.context["form"].rows()}
    assert initial["klotter"] == "happened" and initial["glaskross"] == "none"


def test_an_unanswered_category_is_an_error_and_stores_nothing(
    reporter_client, fagersta, est, centrum, this_week
):
    categories = reportable_categories(template=est)
    data = checklist_data(categories, centrum, skip={"glaskross", "insyn"})
    response = reporter_client.post(_url("checklist", fagersta), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.non_field_errors().as_data()] == ["unanswered"]
    assert {"glaskross-answer", "insyn-answer"} <= set(form.errors)
    assert "klotter-answer" not in form.errors
    assert not ChecklistAnswer.objects.filter(period_start=this_week).exists()


def test_has_happened_needs_a_count(reporter_client, fagersta, est, centrum, this_week):
    categories = reportable_categories(template=est)
    data = checklist_data(categories, centrum, happened={"klotter": ""})
    response = reporter_client.post(_url("checklist", fagersta), data)
    assert "klotter-count" in response.context["form"].errors
    assert not ChecklistAnswer.objects.filter(period_start=this_week).exists()


def test_details_of_a_nothing_to_report_answer_are_ignored(
    reporter_client, fagersta, est, centrum, before
):
    categories = reportable_categories(template=est)
    data = checklist_data(categories, centrum, **{"klotter-count": "0", "klotter-text": "x" * 3000})
    response = reporter_client.post(_url("checklist", fagersta), data)
    assert response.status_code == 302
    assert not new_reports(before).exists()


def test_personal_data_in_the_checklist_asks_for_a_reason_next_to_its_category(
    reporter_client, fagersta, est, centrum, before, this_week
):
    categories = reportable_categories(template=est)
    data = checklist_data(
        categories, centrum, happened={"klotter": 1}, **{"klotter-text": PERSONNUMMER_TEXT}
    )
    response = reporter_client.post(_url("checklist", fagersta), data)
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["klotter-text"]] == ["personal_data"]
    assert form.reason_for == {"klotter"}
    assert 'name="klotter-personal_data_reason"' in response.content.decode()
    assert (
        not ChecklistAnswer.objects.filter(period_start=this_week).exists()
        and not new_reports(before).exists()
    )

    data["klotter-personal_data_reason"] = "Anmälan gäller fordonet"
    assert reporter_client.post(_url("checklist", fagersta), data).status_code == 302
    report = new_reports(before).get()
    assert report.personal_data_reason == "Anmälan gäller fordonet"


def test_the_checklist_refuses_an_area_of_another_collaboration(
    reporter_client, fagersta, ludvika, est, this_week
):
    foreign = ludvika.areas.get(name="Centrum")
    response = reporter_client.get(_url("checklist", fagersta), {"area": foreign.pk})
    assert "form" not in response.context
    assert "area" in response.context["scope_form"].errors
    categories = reportable_categories(template=est)
    response = reporter_client.post(
        _url("checklist", fagersta), checklist_data(categories, foreign)
    )
    assert response.status_code == 200
    assert not ChecklistAnswer.objects.filter(period_start=this_week).exists()


def test_the_checklist_refuses_a_future_or_unknown_week(
    reporter_client, fagersta, est, centrum, this_week
):
    categories = reportable_categories(template=est)
    future = (timezone.localdate() + datetime.timedelta(weeks=2)).isoformat()
    for week in (future, "2026-13-01", "nope"):
        response = reporter_client.post(
            _url("checklist", fagersta), checklist_data(categories, centrum, week=week)
        )
        assert "week" in response.context["scope_form"].errors
    assert not ChecklistAnswer.objects.filter(period_start=this_week).exists()


def test_the_status_page_without_a_valid_area_asks_for_one(reporter_client, fagersta):
    response = reporter_client.get(_url("checklist_status", fagersta), {"area": "x"})
    assert response.status_code == 200
    assert "cells" not in response.context
    assert "area" in response.context["scope_form"].errors


def test_the_coordinator_sees_which_areas_and_units_have_answered(
    reporter_client, coordinator_client, fagersta, est, centrum, django_assert_max_num_queries
):
    categories = reportable_categories(template=est)
    data = checklist_data(categories, centrum, happened={"klotter": 2}, skip=())
    reporter_client.post(_url("checklist", fagersta), data)

    with django_assert_max_num_queries(15):
        response = coordinator_client.get(_url("checklist_overview", fagersta))
    overview = response.context["overview"]
    labels = [c.label for c in overview.columns]
    column = next(i for i, label in enumerate(labels) if "Fältassistenter" in label)
    rows = {row.area.name: row.cells for row in overview.rows}
    assert rows["Centrum"][column].state == "complete"
    assert (rows["Centrum"][column].reported, rows["Centrum"][column].zero) == (
        1,
        len(categories) - 1,
    )
    assert rows["Brandbergen"][column].state == "missing"
    silent = {c.label for c in overview.silent_columns}
    assert labels[column] not in silent
    assert silent == set(labels) - {labels[column]}  # every other reporting unit is silent

    last_week = services.period_start_for(timezone.localdate()) - datetime.timedelta(weeks=1)
    response = coordinator_client.get(
        _url("checklist_overview", fagersta), {"week": last_week.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["week"] == last_week


# --- Mina rapporter and the coordinator's list --------------------------------------------------


def test_my_reports_shows_only_my_own_newest_first_with_a_trail(
    reporter_client,
    fagersta,
    klotter,
    centrum,
    fagersta_reporter,
    fagersta_coordinator,
    django_assert_max_num_queries,
):
    mine = [submit(fagersta_reporter, fagersta, klotter, area=centrum, count=n) for n in (1, 2, 3)]
    submit(fagersta_coordinator, fagersta, klotter, area=centrum)
    services.report_mark_duplicate(report=mine[2], duplicate_of=mine[0])
    with django_assert_max_num_queries(15):
        response = reporter_client.get(_url("my_reports", fagersta))
    rows = response.context["rows"]
    assert [report for report, _trail in rows][:3] == mine[::-1]
    assert {report.reporter for report, _trail in rows} == {fagersta_reporter}
    assert [s.kind for s in rows[0][1]] == ["received", "duplicate"]


def test_the_coordinators_list_filters_by_week_category_and_area(
    coordinator_client,
    fagersta,
    est,
    klotter,
    centrum,
    fagersta_reporter,
    django_assert_max_num_queries,
):
    brand = est.categories.get(key="brand")
    belysning = est.categories.get(key="belysning")
    brandbergen = fagersta.areas.get(name="Brandbergen")
    last_week = services.period_start_for(timezone.localdate()) - datetime.timedelta(weeks=1)
    a = submit(fagersta_reporter, fagersta, klotter, area=centrum)
    b = submit(fagersta_reporter, fagersta, brand, area=brandbergen)
    c = submit(fagersta_reporter, fagersta, belysning, area=centrum, period_start=last_week)
    url = _url("report_list", fagersta)

    mine = {a, b, c}

    def listed(**params) -> set[Report]:
        """The test's reports on the first page (the newest; the demo's are older)."""
        page = coordinator_client.get(url, params).context["page"].object_list
        return set(page) & mine

    assert listed() == {a, b, c}
    assert listed(week=last_week.isoformat()) == {c}
    assert listed(category=klotter.parent_id) == {a, b}  # a main category: all of its subs
    assert listed(category=klotter.pk) == {a}
    assert listed(area=centrum.pk) == {a, c}
    assert listed(area=centrum.pk, week=current_week()) == {a}
    assert listed(category="x", week="nope") == {a, b, c}  # a bad filter is shown, not a 500
    page = coordinator_client.get(url, {"category": klotter.pk, "area": centrum.pk})
    assert {(r.category_id, r.area_id) for r in page.context["page"]} == {(klotter.pk, centrum.pk)}

    for _n in range(30):
        submit(
            fagersta_reporter,
            fagersta,
            klotter,
            area=centrum,
            text=PHONE_TEXT,
            personal_data_reason="r",
        )
    with django_assert_max_num_queries(15):
        response = coordinator_client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == fagersta.reports.count()


# --- templates ----------------------------------------------------------------------------------


def test_a_coordinator_creates_a_template_from_a_preset_and_puts_it_in_use(
    coordinator_client, fagersta, est
):
    response = coordinator_client.get(_url("template_list", fagersta))
    assert list(response.context["templates"]) == [est]
    assert response.context["in_use"] == est

    response = coordinator_client.post(
        _url("template_create", fagersta),
        {"preset": "sociala_risker", "name": "Sociala risker Fagersta", "use_now": "on"},
    )
    created = fagersta.report_templates.get(name="Sociala risker Fagersta")
    assert response["Location"] == _url("template_detail", fagersta, template_id=created.pk)
    est.refresh_from_db()
    assert created.is_active and not est.is_active
    assert created.categories.filter(key="narkotika").exists()

    coordinator_client.post(_url("template_activate", fagersta, template_id=est.pk))
    est.refresh_from_db()
    created.refresh_from_db()
    assert est.is_active and not created.is_active


def test_creating_a_template_with_a_taken_name_or_unknown_preset_is_a_form_error(
    coordinator_client, fagersta, est
):
    url = _url("template_create", fagersta)
    response = coordinator_client.post(url, {"preset": "est", "name": est.name})
    assert "name" in response.context["form"].errors
    response = coordinator_client.post(url, {"preset": "custom"})
    assert "preset" in response.context["form"].errors
    assert fagersta.report_templates.count() == 1


def test_a_coordinator_adds_renames_and_retires_categories(
    coordinator_client, fagersta, est, klotter, fagersta_reporter, centrum
):
    version = est.version
    skadegorelse = klotter.parent
    add = _url("category_add", fagersta, template_id=est.pk)
    response = coordinator_client.post(
        add, {"name": "Stöld", "parent": skadegorelse.pk, "help_text": "", "involves_children": ""}
    )
    assert response.status_code == 302
    stold = est.categories.get(name="Stöld")
    assert stold.parent == skadegorelse and stold.introduced_in == version + 1

    old = submit(fagersta_reporter, fagersta, klotter, area=centrum)
    rename = _url("category_update", fagersta, template_id=est.pk, category_id=klotter.pk)
    assert coordinator_client.get(rename).context["form"]["name"].value() == "Klotter"
    coordinator_client.post(rename, {"name": "Klotter och tags", "help_text": "Nytt namn"})
    klotter.refresh_from_db()
    old.refresh_from_db()
    assert klotter.name == "Klotter och tags"
    assert old.category_label == "Skadegörelse: Klotter"  # history keeps its name

    retire = _url("category_retire", fagersta, template_id=est.pk, category_id=skadegorelse.pk)
    assert coordinator_client.get(retire).status_code == 200  # a confirmation page
    coordinator_client.post(retire)
    klotter.refresh_from_db()
    assert not klotter.is_active and klotter.retired_in == version + 3
    response = coordinator_client.get(_url("template_detail", fagersta, template_id=est.pk))
    retired = [c for c in response.context["categories"] if not c.is_active]
    assert {c.key for c in retired} == {"skadegorelse", "klotter", "glaskross", "brand", stold.key}
    assert Report.objects.filter(pk=old.pk).exists()
    # The retired categories are no longer offered to reporters.
    coordinator_client.post(retire)  # retiring twice is a message, not an error page
    assert est.categories.filter(is_active=False).count() == 5


def test_adding_a_category_with_bad_input_is_a_form_error(
    coordinator_client, fagersta, est, ludvika
):
    add = _url("category_add", fagersta, template_id=est.pk)
    before = est.categories.count()
    foreign = ludvika.report_templates.get().categories.first()
    for data in ({"name": ""}, {"name": "x" * 151}, {"name": "Ny", "parent": foreign.pk}):
        response = coordinator_client.post(add, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    klotter = est.categories.get(key="klotter")  # a sub-category cannot be a main category
    response = coordinator_client.post(add, {"name": "Ny", "parent": klotter.pk})
    assert "parent" in response.context["form"].errors
    assert est.categories.count() == before


def test_a_category_of_another_template_is_not_found_under_this_one(
    coordinator_client, fagersta, est
):
    other = services.template_add(collaboration=fagersta, preset="sociala_risker")
    narkotika = other.categories.get(key="narkotika")
    url = _url("category_update", fagersta, template_id=est.pk, category_id=narkotika.pk)
    assert coordinator_client.get(url).status_code == 404


# --- who may do what ----------------------------------------------------------------------------


MANAGER_PAGES = [
    ("report_list", {}),
    ("checklist_overview", {}),
    ("template_list", {}),
    ("template_create", {}),
    ("template_detail", {"template_id": "est"}),
    ("category_add", {"template_id": "est"}),
    ("category_update", {"template_id": "est", "category_id": "klotter"}),
    ("category_retire", {"template_id": "est", "category_id": "klotter"}),
]


def _kwargs(kwargs, est, klotter):
    values = {"est": est.pk, "klotter": klotter.pk}
    return {k: values[v] for k, v in kwargs.items()}


@pytest.mark.parametrize(("name", "kwargs"), MANAGER_PAGES)
def test_a_reporter_cannot_manage_reports_or_templates(
    reporter_client, coordinator_client, fagersta, est, klotter, name, kwargs
):
    url = _url(name, fagersta, **_kwargs(kwargs, est, klotter))
    assert coordinator_client.get(url).status_code == 200
    assert reporter_client.get(url).status_code == 404
    assert reporter_client.post(url, {"name": "Ny", "preset": "est"}).status_code == 404
    klotter.refresh_from_db()
    assert klotter.is_active and fagersta.report_templates.count() == 1
    assert est.categories.count() == Category.objects.filter(template=est).count()


ALL_PAGES = [
    *MANAGER_PAGES,
    ("report_create", {}),
    ("my_reports", {}),
    ("checklist", {}),
    ("checklist_status", {}),
    ("report_detail", {"report_id": "report"}),
    ("report_link_duplicate", {"report_id": "report"}),
    ("report_redact", {"report_id": "report"}),
    ("template_activate", {"template_id": "est"}),
]


@pytest.mark.parametrize(("name", "kwargs"), ALL_PAGES)
def test_the_ludvika_coordinator_gets_not_found_everywhere_in_fagersta(
    client_for, ludvika_coordinator, fagersta, est, klotter, report_with_phone, name, kwargs
):
    values = {"est": est.pk, "klotter": klotter.pk, "report": report_with_phone.pk}
    url = _url(name, fagersta, **{k: values[v] for k, v in kwargs.items()})
    client = client_for(ludvika_coordinator)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"duplicate_of": "", "name": "x", "preset": "est"}).status_code == 404
    report_with_phone.refresh_from_db()
    assert "070-123 45 67" in report_with_phone.text


def test_the_reporters_start_page_leads_to_the_weekly_report(fagersta_reporter, fagersta):
    urls = [task.url for task in start_tasks(fagersta_reporter)]
    assert _url("checklist", fagersta) in urls
    assert _url("my_reports", fagersta) in urls
