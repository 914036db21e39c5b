"""Reporting in a real browser: the weekly checklist on a phone, a report placed on the map, the
personal-data guard, and axe-core checks of every reporting page.

Elements are found by role, names, ids and data- attributes, never by translated text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from laget.browser_tests.helpers import PHONE, AccessibilityAudit, assert_accessible, login
from laget.organisations.models import Collaboration
from laget.reporting import services
from laget.reporting.models import ChecklistAnswer, PersonalDataFinding, Report
from laget.reporting.selectors import reportable_categories
from laget.reporting.services import ReportInput

pytestmark = pytest.mark.browser


def _path(name: str, **kwargs: Any) -> re.Pattern[str]:
    """A URL pattern matching exactly this page (query strings allowed)."""
    return re.compile(rf"^https?://[^/]+{re.escape(reverse(name, kwargs=kwargs))}(\?.*)?$")


def _submit(page: Page, form: str = "main form.stacked") -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").last.click()


def _newest_report_pk() -> int:
    return Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_reporter_fills_the_weekly_checklist_on_a_phone(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    page.set_viewport_size(PHONE)
    template = fagersta.report_templates.get(preset="est")
    keys = [c.key for c in reportable_categories(template=template)]
    centrum = fagersta.areas.get(name="Centrum")
    checklist = reverse("reporting:checklist", kwargs={"collaboration_id": fagersta.pk})
    login(page, live_server, "rapportor.fagersta")

    # The start page leads to the weekly report; the first visit asks for the area.
    with page.expect_navigation():
        page.locator(f"main a[href='{checklist}']").first.click()
    assert_accessible(page, label="checklist: choose the area")
    page.locator("main select[name=area]").select_option(str(centrum.pk))
    _submit(page, "main form[method=get]")

    # Every category is a fieldset with two big radio buttons; the details wait for "Has happened".
    items = page.locator("[data-check-item]")
    expect(items).to_have_count(len(keys))
    klotter = page.locator("#category-klotter")
    expect(klotter.locator("[data-check-details]")).to_be_hidden()
    happened = klotter.locator("label:has(input[value=happened])")
    assert happened.bounding_box()["height"] >= 44
    assert_accessible(page, label="checklist")

    # Only some answers: the rest are reported as missing, not taken as zero.
    for key in keys[:3]:
        page.locator(f"#category-{key} input[value=none]").check()
    _submit(page, "main form.checklist-form")
    expect(page.locator("#checklist-errors")).to_be_visible()
    expect(page.locator(f"#category-{keys[-1]}.check-item--error")).to_be_visible()
    assert not ChecklistAnswer.objects.filter(
        area=centrum,
        reporter__username="rapportor.fagersta",
        period_start=services.period_start_for(timezone.localdate()),
    ).exists()
    assert_accessible(page, label="checklist with errors")

    # Answer everything: one "Has happened" with a count, all others "Nothing to report".
    for key in keys:
        if key != "klotter":
            page.locator(f"#category-{key} input[value=none]").check()
    happened.click()
    details = klotter.locator("[data-check-details]")
    expect(details).to_be_visible()
    details.locator("input[name=klotter-count]").fill("3")
    details.locator("label:has(input[value=red])").click()
    details.locator("label:has(input[value=increased])").click()
    _submit(page, "main form.checklist-form")

    expect(page).to_have_url(_path("reporting:checklist_status", collaboration_id=fagersta.pk))
    expect(page.locator("tr[data-category=klotter]")).to_have_attribute("data-state", "reported")
    expect(page.locator("tr[data-state=zero]")).to_have_count(len(keys) - 1)
    expect(page.locator("tr[data-state=missing]")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, label="checklist status")
    report = Report.objects.get(
        checklist_answer__area=centrum,
        checklist_answer__reporter__username="rapportor.fagersta",
        category__key="klotter",
        period_start=services.period_start_for(timezone.localdate()),
    )
    assert (report.count, report.assessment, report.trend) == (3, "red", "increased")


def test_a_reporter_marks_the_place_on_the_map_and_sees_the_report(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    template = fagersta.report_templates.get(preset="est")
    klotter = template.categories.get(key="klotter")
    samling = template.categories.get(key="samling")
    centrum = fagersta.areas.get(name="Centrum")
    before = _newest_report_pk()
    login(page, live_server, "rapportor.fagersta")
    page.goto(reverse("reporting:report_create", kwargs={"collaboration_id": fagersta.pk}))
    expect(page.locator("#report-map.leaflet-container")).to_be_visible()
    assert_accessible(page, label="report form")

    # The reminder about orosanmälan follows the chosen category.
    reminder = page.locator("[data-children-reminder]")
    expect(reminder).to_be_hidden()
    page.locator("select[name=category]").select_option(str(samling.pk))
    expect(reminder).to_be_visible()
    page.locator("select[name=category]").select_option(str(klotter.pk))
    expect(reminder).to_be_hidden()

    # A click inside Centrum on the map marks the point; the area is taken from it.
    expect(page.locator("[data-when-part=time]")).to_be_hidden()
    area = page.locator(f"path.report-area-{centrum.pk}")
    area.click()
    expect(page.locator("input[name=lon]")).not_to_have_value("")
    expect(page.locator("[data-clear-point]")).to_be_visible()
    page.locator("input[name=count]").fill("2")
    page.locator("label:has(input[name=assessment][value=yellow])").click()
    _submit(page)

    report = Report.objects.get(pk__gt=before)
    expect(page).to_have_url(
        _path("reporting:report_detail", collaboration_id=fagersta.pk, report_id=report.pk)
    )
    assert (report.area, report.category, report.count, report.assessment) == (
        centrum,
        klotter,
        2,
        "yellow",
    )
    assert report.lon is not None and report.lat is not None
    expect(page.locator("main .trail")).to_be_visible()
    assert_accessible(page, label="report detail")


def test_the_personal_data_guard_asks_for_a_reason_and_keeps_it(
    page: Page, live_server: Any, context: BrowserContext, fagersta: Collaboration
) -> None:
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation({"latitude": 60.0041, "longitude": 15.7942})
    template = fagersta.report_templates.get(preset="est")
    glaskross = template.categories.get(key="glaskross")
    centrum = fagersta.areas.get(name="Centrum")
    before = _newest_report_pk()
    login(page, live_server, "rapportor.fagersta")
    page.goto(reverse("reporting:report_create", kwargs={"collaboration_id": fagersta.pk}))

    page.locator("select[name=category]").select_option(str(glaskross.pk))
    page.locator("[data-locate]").click()  # "Use my position"
    expect(page.locator("input[name=lat]")).to_have_value(re.compile(r"^60\.004"))
    page.locator("textarea[name=text]").fill("Krossad ruta i porten, ring 070-123 45 67")
    expect(page.locator("textarea[name=personal_data_reason]")).to_have_count(0)
    _submit(page)

    # Refused: the message is on the text, and the reason field appears. Nothing is stored.
    expect(page.locator("textarea[name=text][aria-invalid=true]")).to_be_visible()
    reason = page.locator("textarea[name=personal_data_reason]")
    expect(reason).to_be_visible()
    assert not Report.objects.filter(pk__gt=before).exists()
    assert_accessible(page, label="report form with the personal-data error")

    reason.fill("Fastighetsägarens jourtelefon, behövs för åtgärden")
    _submit(page)
    report = Report.objects.get(pk__gt=before)
    expect(page).to_have_url(
        _path("reporting:report_detail", collaboration_id=fagersta.pk, report_id=report.pk)
    )
    assert report.area == centrum  # from the position
    assert report.personal_data_reason.startswith("Fastighetsägarens jourtelefon")
    assert PersonalDataFinding.objects.filter(report=report, kind="phone").exists()
    expect(page.locator("main .trail__step--personal_data_justified")).to_be_visible()


def test_the_reporting_pages_are_accessible(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    template = fagersta.report_templates.get(preset="est")
    klotter = template.categories.get(key="klotter")
    reporter = fagersta.memberships.get(user__username="rapportor.fagersta").user
    report, _created = services.report_submit(
        user=reporter,
        collaboration=fagersta,
        data=ReportInput(
            category=klotter,
            area=fagersta.areas.get(name="Centrum"),
            text="Ring 070-123 45 67",
            personal_data_reason="Kontakt",
        ),
    )
    login(page, live_server, "samordnare.fagersta")
    audit = AccessibilityAudit(page)
    c = fagersta.pk
    t = template.pk

    def url(name: str, **kwargs: Any) -> str:
        return f"{live_server.url}{reverse(f'reporting:{name}', kwargs={'collaboration_id': c, **kwargs})}"

    audit.visit(url("report_list"))
    audit.visit(url("report_list") + f"?category={klotter.parent_id}&page=2")
    audit.visit(url("report_detail", report_id=report.pk))
    audit.visit(url("checklist_overview"))
    audit.visit(url("my_reports"))
    audit.visit(url("checklist"))
    audit.visit(url("checklist_status"))
    audit.visit(url("template_list"))
    audit.visit(url("template_create"))
    audit.visit(url("template_detail", template_id=t))
    audit.visit(url("category_add", template_id=t))
    audit.visit(url("category_update", template_id=t, category_id=klotter.pk))
    audit.visit(url("category_retire", template_id=t, category_id=klotter.pk))
    page.goto(url("category_add", template_id=t))
    _submit(page)  # an empty name: the form with its error
    expect(page.locator("main .errorlist")).to_be_visible()
    audit.check("category form with an error")

    # Masking: the coordinator's button removes the phone number from the text.
    page.goto(url("report_detail", report_id=report.pk))
    with page.expect_navigation():
        page.locator(
            f"form[action='{reverse('reporting:report_redact', kwargs={'collaboration_id': c, 'report_id': report.pk})}'] button"
        ).click()
    report.refresh_from_db()
    assert "070" not in report.text
    audit.check("report detail after masking")
    audit.assert_clean()
