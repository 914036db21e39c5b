"""The lägesbild's PDF export in a real browser: a background job, its progress page, the file.

Elements are found by stable attributes (form actions, ids), never by translated text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from laget.accounts.models import User
from laget.analysis.compile import last_complete_period
from laget.browser_tests.helpers import assert_accessible, login
from laget.jobs.models import ExportJob
from laget.organisations.models import Collaboration
from laget.situation.services import situation_compile

pytestmark = pytest.mark.browser


def test_a_coordinator_exports_the_lagesbild_as_a_pdf_with_maps_and_charts(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    picture = situation_compile(
        user=User.objects.get(username="samordnare.fagersta"),
        group=fagersta.groups.get(name="EST-gruppen"),
        period=last_complete_period(timezone.localdate()),
    )
    login(page, live_server, "samordnare.fagersta")
    page.goto(
        live_server.url
        + reverse(
            "situation:picture", kwargs={"collaboration_id": fagersta.pk, "picture_id": picture.pk}
        )
    )
    with page.expect_navigation():
        page.locator("form[action$='/export/pdf/'] button[type=submit]").click()
    job = ExportJob.objects.get(requested_by__username="samordnare.fagersta")
    expect(page).to_have_url(re.compile(rf"/samverkan/{fagersta.pk}/export/{job.pk}/$"))
    expect(page.locator("#job-live[aria-live=polite]")).to_be_attached()
    download_link = page.locator("#job-download")
    expect(download_link).to_be_visible(timeout=30_000)  # the page polls until the job is done
    expect(page.locator("#job-status")).to_have_attribute("data-status", "done")
    assert_accessible(page, label="the export job's page")

    with page.expect_download() as info:
        download_link.click()
    content = Path(info.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    assert sum(len(p.images) for p in reader.pages) >= 3  # the map and the charts
    assert info.value.suggested_filename == job.filename
