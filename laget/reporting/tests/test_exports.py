"""The report list's CSV and XLSX exports: the list's filters, its access rule, and free text only
when a manager asks for it and never where the personal-data guard found something."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from laget.jobs.models import ExportJob
from laget.reporting import exports
from laget.reporting.forms import current_week
from laget.reporting.models import Report
from laget.reporting.services import ReportInput, report_submit

EN = {"Accept-Language": "en"}
PHONE_TEXT = "Ring 070-123 45 67 om porten"
PLAIN_TEXT = "Klotter på skolans gavel."


def export_url(name, collaboration):
    return reverse(f"report_exports:{name}", kwargs={"collaboration_id": collaboration.pk})


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


@pytest.fixture
def reports(fagersta, fagersta_reporter):
    klotter = fagersta.report_templates.get(preset="est").categories.get(key="klotter")

    def submit(**fields):
        report, _created = report_submit(
            user=fagersta_reporter,
            collaboration=fagersta,
            data=ReportInput(category=klotter, area=fagersta.areas.get(name="Centrum"), **fields),
        )
        return report

    return {
        "plain": submit(text=PLAIN_TEXT, assessment="red"),
        "phone": submit(text=PHONE_TEXT, personal_data_reason="Bovärdens nummer"),
        "klotter": klotter,
    }


@pytest.fixture
def coordinator(fagersta_coordinator, client_for):
    return client_for(fagersta_coordinator)


def test_the_csv_has_the_lists_filters_and_columns(
    fagersta, reports, coordinator, django_assert_max_num_queries
):
    klotter = reports["klotter"]
    centrum = fagersta.areas.get(name="Centrum")
    params = {"week": current_week(), "category": klotter.pk, "area": centrum.pk}
    with django_assert_max_num_queries(12):  # a fixed number, however many reports
        response = coordinator.get(export_url("csv", fagersta), params, headers=EN)
        assert response.status_code == 200 and response.streaming
        rows = read_csv(response)
    assert rows[0] == [
        "Week",
        "Category",
        "Area",
        "Number",
        "Assessment",
        "Trend",
        "Unit",
        "Organisation",
        "Source",
        "Received",
    ]
    expected = Report.objects.filter(
        collaboration=fagersta, period_start=current_week(), category=klotter, area=centrum
    )
    assert len(rows) - 1 == expected.count() >= 2
    assert {(r[1], r[2]) for r in rows[1:]} == {(str(klotter), "Centrum")}
    assert [r[4] for r in rows[1:] if r[4]][:1] == ["Red – serious"]
    assert all(PLAIN_TEXT not in cell for row in rows for cell in row)  # not asked for


def test_descriptions_come_only_when_ticked_and_never_with_personal_data(
    fagersta, reports, coordinator
):
    params = {"week": current_week(), "category": reports["klotter"].pk, "descriptions": "1"}
    rows = read_csv(coordinator.get(export_url("csv", fagersta), params, headers=EN))
    assert rows[0][-1] == "Description"
    texts = [r[-1] for r in rows[1:]]
    assert PLAIN_TEXT in texts
    assert next(r for r in rows if r[-1] == PLAIN_TEXT)[4] == "Red – serious"
    assert PHONE_TEXT not in texts
    assert "(withheld: the text holds personal data)" in texts
    assert not any("070-123" in cell for row in rows for cell in row)


def test_the_xlsx_has_the_same_rows(fagersta, reports, coordinator):
    params = {"week": current_week(), "category": reports["klotter"].pk, "descriptions": "1"}
    csv_rows = read_csv(coordinator.get(export_url("csv", fagersta), params, headers=EN))
    response = coordinator.get(export_url("xlsx", fagersta), params, headers=EN)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert rows == csv_rows


def test_a_bad_filter_exports_like_the_list_shows(fagersta, reports, coordinator):
    """An invalid filter shows every report on the list, and the export follows the list."""
    response = coordinator.get(export_url("csv", fagersta), {"week": "nope"})
    rows = read_csv(response)
    assert len(rows) - 1 == Report.objects.filter(collaboration=fagersta).count()


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_reporters_and_ludvika_cannot_export(
    name, fagersta, reports, fagersta_reporter, ludvika_coordinator, client_for, client
):
    url = export_url(name, fagersta)
    assert client_for(fagersta_reporter).get(url).status_code == 404
    assert client_for(ludvika_coordinator).get(url).status_code == 404
    assert client.get(url).status_code == 302  # to the login page


def test_the_report_list_offers_the_export(fagersta, coordinator):
    response = coordinator.get(
        reverse("reporting:report_list", kwargs={"collaboration_id": fagersta.pk})
    )
    html = response.content.decode()
    assert export_url("csv", fagersta) in html and export_url("xlsx", fagersta) in html
    assert 'name="descriptions"' in html


# --- long lists: background export jobs -----------------------------------------------------------


def test_a_short_list_posted_from_the_list_is_answered_at_once(fagersta, reports, coordinator):
    params = {"week": current_week(), "category": reports["klotter"].pk}
    response = coordinator.post(export_url("csv", fagersta), params, headers=EN)
    assert response.status_code == 200 and response.streaming
    assert read_csv(response) == read_csv(
        coordinator.get(export_url("csv", fagersta), params, headers=EN)
    )
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_a_long_list_is_exported_by_a_background_job_with_the_same_rows(
    name, fagersta, reports, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 1)
    params = {"week": current_week(), "category": reports["klotter"].pk, "descriptions": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(export_url(name, fagersta), params, headers=EN)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "jobs:detail", kwargs={"collaboration_id": fagersta.pk, "job_id": job.pk}
    )
    assert job.kind == f"reports_{name}" and job.status == "done", job.error
    assert job.parameters == {
        "filters": {"week": current_week(), "category": str(reports["klotter"].pk)},
        "descriptions": True,
    }
    download = coordinator.get(
        reverse("jobs:download", kwargs={"collaboration_id": fagersta.pk, "job_id": job.pk})
    )
    expected = read_csv(coordinator.get(export_url("csv", fagersta), params, headers=EN))
    if name == "csv":
        rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(download.content)).active
        rows = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert rows == expected
    assert PHONE_TEXT not in download.content.decode("utf-8", errors="ignore")


def test_a_reporter_cannot_start_a_report_export_job(
    fagersta, reports, fagersta_reporter, client_for, monkeypatch
):
    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 0)
    response = client_for(fagersta_reporter).post(export_url("csv", fagersta), {})
    assert response.status_code == 404
    assert not ExportJob.objects.exists()
