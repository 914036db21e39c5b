"""Importing reports from a file, in a real browser (Chromium through Playwright).

Elements are found by stable attributes (ids, names, data attributes), never by translated
text, so the test holds in every language.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.reporting.choices import ImportStatus, ReportSource
from laget.reporting.models import ImportBatch, Report

pytestmark = pytest.mark.browser


def _csv(tmp_path: Any) -> Any:
    """A housing company's log with its own column names; row 3 has an unknown category."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    path = tmp_path / "bovärdar.csv"
    path.write_text(
        "Löpnummer;Händelse;När;Var;Hur många;Anteckning\n"
        f"B-1;Klotter;{yesterday:%d/%m/%Y} 08:15;Centrum;2;Klotter på soprummet\n"
        f"B-2;Eldning;{yesterday:%d/%m/%Y} 22:40;Brandbergen;1;Eld i papperskorg\n"
        f"B-3;Skadegörelse: Glaskross;{yesterday:%Y-%m-%d};Brandbergen;1;Ruta i entrén\n",
        encoding="cp1252",  # as Excel on Windows saves "CSV (semikolonavgränsad)"
    )
    return path


def test_a_coordinator_imports_a_housing_companys_log_skipping_a_bad_row(
    page: Page, live_server: Any, fagersta: Collaboration, tmp_path: Any
) -> None:
    before = Report.objects.filter(source=ReportSource.IMPORT).count()
    login(page, live_server, "samordnare.fagersta")
    upload = reverse("imports:upload", kwargs={"collaboration_id": fagersta.pk})
    page.goto(f"{live_server.url}{upload}")
    assert_accessible(page, label="import: upload")

    page.locator("#upload-form input[name=file]").set_input_files(str(_csv(tmp_path)))
    with page.expect_navigation():
        page.locator("#upload-form button[type=submit]").click()

    # The column names are the company's own: "Löpnummer", "När" and "Anteckning" are guessed,
    # the others ("Händelse", "Var", "Hur många") the coordinator chooses.
    expect(page).to_have_url(re.compile(r"/rapporter/import/\d+/kolumner/$"))
    assert_accessible(page, label="import: columns")
    form = page.locator("#mapping-form")
    form.locator("select[name=external_id]").select_option("0")
    form.locator("select[name=category]").select_option("1")
    form.locator("select[name=occurred_at]").select_option("2")
    form.locator("select[name=area]").select_option("3")
    form.locator("select[name=count]").select_option("4")
    form.locator("select[name=text]").select_option("5")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # The preview: rows 2 and 4 are fine, row 3 names a category Fagersta does not have.
    expect(page).to_have_url(re.compile(r"/rapporter/import/\d+/$"))
    assert_accessible(page, label="import: preview")
    table = page.locator("#preview-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tr[data-row='2']")).to_have_attribute("data-valid", "1")
    expect(table.locator("tr[data-row='4']")).to_have_attribute("data-valid", "1")
    bad = table.locator("tr[data-row='3']")
    expect(bad).to_have_attribute("data-valid", "0")
    expect(bad.locator("li[data-field='category'][data-code='category']")).to_be_visible()
    assert Report.objects.filter(source=ReportSource.IMPORT).count() == before

    # Confirming without skipping is refused and stores nothing…
    confirm = page.locator("#confirm-form")
    with page.expect_navigation():
        confirm.locator("button[type=submit]").click()
    expect(page.locator("main .message--error")).to_be_visible()
    assert Report.objects.filter(source=ReportSource.IMPORT).count() == before

    # …skipping the bad row imports the two good ones.
    confirm.locator("input[name=skip_errors]").check()
    with page.expect_navigation():
        confirm.locator("button[type=submit]").click()
    expect(page.locator("#import-result dd[data-count='created']")).to_have_text("2")
    expect(page.locator("#import-result dd[data-count='skipped']")).to_have_text("1")
    assert_accessible(page, label="import: result")

    batch = ImportBatch.objects.get(uploaded_by__username="samordnare.fagersta")
    assert batch.status == ImportStatus.CONFIRMED
    stored = Report.objects.filter(idempotency_key__in=["import:B-1", "import:B-3"])
    assert sorted(r.category.key for r in stored) == ["glaskross", "klotter"]
    assert Report.objects.filter(source=ReportSource.IMPORT).count() == before + 2
