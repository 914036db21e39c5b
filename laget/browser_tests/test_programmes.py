"""A regional programme in a real browser (issue 7): Dalarna's regional coordinator creates a
programme, adds a signatory, a development area with a working-group member, an activity plan
with an activity, edits the activity and deletes one added by mistake (after confirming), marks
the activity postponed (refused without a reason, then accepted with one), adds a process goal
and a result goal, sees the flags, renews the plan, records a steering-group decision and
downloads the steering-group pack. The list, programme, area, activity-edit and delete-confirm
pages pass axe-core.

Elements are found by stable attributes (ids, names, data-*), never by translated text.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from laget.browser_tests.helpers import assert_accessible, login
from laget.programmes.models import Programme

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_a_regional_programme_from_creation_to_the_steering_group_pack(
    page: Page, live_server: Any
) -> None:
    today = timezone.localdate()
    login(page, live_server, "regional.dalarna")
    page.goto(f"{live_server.url}{reverse('programmes:list', kwargs={'county_code': '20'})}")
    expect(page.locator("#programme-table tbody tr[data-programme-id]")).not_to_have_count(0)
    assert_accessible(page, label="regionala program")

    # The programme.
    _submit(page, "#new-programme")
    page.locator("input[name=name]").fill("Webbläsarprogrammet")
    page.locator("input[name=period_start]").fill(today.isoformat())
    page.locator("input[name=period_end]").fill((today + datetime.timedelta(days=730)).isoformat())
    page.locator("select[name=status]").select_option("active")
    _submit(page, "#programme-form-submit")
    programme = Programme.objects.get(name="Webbläsarprogrammet")
    expect(page.locator("#programme-status")).to_have_attribute("data-status", "active")

    # A signatory.
    _submit(page, "#new-signatory")
    page.locator("input[name=organisation_name]").fill("Polisregion Bergslagen")
    page.locator("input[name=steering_role]").fill("Regionpolischef")
    _submit(page, "#signatory-form-submit")
    expect(page.locator("#signatories tr[data-signatory-id]")).to_have_count(1)
    signatory = programme.signatories.get()
    expect(page.locator('#flags li[data-flag="signatory_without_group"]')).to_have_count(1)

    # A development area with its working group.
    _submit(page, "#new-area")
    expect(page.locator("input[name=number]")).to_have_value("1")
    page.locator("input[name=name]").fill("Avhopparverksamhet")
    page.locator("select[name=convener]").select_option(str(signatory.pk))
    _submit(page, "#area-form-submit")
    area = programme.areas.get()
    expect(page.locator('#flags li[data-flag="no_members"]')).to_have_count(1)
    _submit(page, "#new-member")
    page.locator("select[name=signatory]").select_option(str(signatory.pk))
    page.locator("input[name=function_title]").fill("Kommunpolis")
    page.locator("input[name=hours_per_week]").fill("4")
    page.locator("input[name=anchored_with_manager]").check()
    _submit(page, "#member-form-submit")
    expect(page.locator("#members tr[data-member-id]")).to_have_count(1)
    expect(page.locator('#flags li[data-flag="no_members"]')).to_have_count(0)

    # An activity plan with an activity.
    _submit(page, "#new-plan")
    _submit(page, "#plan-form-submit")
    expect(page.locator('#plans article[data-version="1"]')).to_have_attribute(
        "data-status", "draft"
    )
    _submit(page, "#new-activity")
    page.locator("input[name=title]").fill("Regional konferens")
    page.locator("select[name=kind]").select_option("conference")
    planned = today + datetime.timedelta(days=20)
    page.locator("input[name=planned_date]").fill(planned.isoformat())
    _submit(page, "#activity-form-submit")
    row = page.locator("#plan-1 tr[data-activity-id]")
    expect(row).to_have_attribute("data-status", "planned")
    assert_accessible(page, label="utvecklingsområde")

    # Edit the draft plan's activity (what it is, not where it stands).
    activity = area.plans.get().activities.get()
    _submit(page, f'[data-edit-activity="{activity.pk}"]')
    assert_accessible(page, label="ändra aktivitet")
    page.locator("input[name=target_group]").fill("Kommunernas samordnare")
    page.locator("select[name=mode]").select_option("hybrid")
    _submit(page, "#activity-form-submit")
    activity.refresh_from_db()
    assert (activity.mode, activity.target_group) == ("hybrid", "Kommunernas samordnare")

    # Delete an activity added by mistake, after ticking the confirmation.
    _submit(page, "#new-activity")
    page.locator("input[name=title]").fill("Felregistrerad aktivitet")
    page.locator("select[name=kind]").select_option("seminar")
    page.locator("input[name=planned_date]").fill(planned.isoformat())
    _submit(page, "#activity-form-submit")
    expect(page.locator("#plan-1 tr[data-activity-id]")).to_have_count(2)
    mistake = area.plans.get().activities.get(title="Felregistrerad aktivitet")
    _submit(page, f'[data-delete-activity="{mistake.pk}"]')
    assert_accessible(page, label="ta bort aktivitet")
    page.locator("input[name=confirm]").check()
    _submit(page, "#activity-delete-form-submit")
    expect(page.locator("#plan-1 tr[data-activity-id]")).to_have_count(1)

    # Postponed: refused without a reason, accepted with one.
    _submit(page, "#plan-1 tr[data-activity-id] th > a")
    page.locator("select[name=status]").select_option("postponed")
    page.locator("input[name=new_date]").fill((planned + datetime.timedelta(days=60)).isoformat())
    _submit(page, "#activity-update-form-submit")
    expect(page.locator("#activity-update-form .errorlist")).not_to_have_count(0)
    assert area.plans.get().activities.get().status == "planned"
    page.locator("select[name=deviation_kind]").select_option("staff_turnover")
    page.locator("textarea[name=deviation_text]").fill("Kommunpolisen bytte tjänst.")
    _submit(page, "#activity-update-form-submit")
    expect(page.locator("#plan-1 tr[data-activity-id]")).to_have_attribute(
        "data-status", "postponed"
    )

    # A process goal without indicator and a result goal with one.
    _submit(page, "#new-result")
    page.locator("select[name=goal_type]").select_option("process")
    page.locator("textarea[name=text]").fill("Två regionala konferenser genomförs senast 2027.")
    _submit(page, "#result-form-submit")
    _submit(page, "#new-result")
    page.locator("select[name=goal_type]").select_option("result")
    page.locator("textarea[name=text]").fill("En samverkansstruktur finns i minst tio kommuner.")
    page.locator("textarea[name=definitions]").fill("Samverkansstruktur: skriftlig rutin.")
    page.locator("input[name=indicator]").fill("Antal kommuner med skriftlig rutin")
    page.locator("input[name=target]").fill("10 kommuner")
    _submit(page, "#result-form-submit")
    expect(page.locator("#results article[data-result-id]")).to_have_count(2)
    expect(
        page.locator('#results article[data-goal-type="process"] .goal-remarks li')
    ).not_to_have_count(0)

    # The flags on the programme page.
    page.goto(
        f"{live_server.url}"
        f"{reverse('programmes:detail', kwargs={'county_code': '20', 'programme_id': programme.pk})}"
    )
    flags = page.locator("#flags li[data-flag]")
    codes = {flags.nth(i).get_attribute("data-flag") for i in range(flags.count())}
    assert {"slipped_activity", "goal_without_indicator", "goal_without_definition"} <= codes
    assert "signatory_without_group" not in codes
    assert_accessible(page, label="regionalt program")

    # Renew the plan: submit version 1, then a new version copies the postponed activity.
    page.locator(f'#areas tr[data-area-id="{area.pk}"] a').click()
    page.wait_for_url(f"**/omrade/{area.pk}/")
    _submit(page, "#plan-submit")
    expect(page.locator('#plans article[data-version="1"]')).to_have_attribute(
        "data-status", "submitted"
    )
    _submit(page, "#renew-plan")
    page.locator("input[name=period_start]").fill((today + datetime.timedelta(days=1)).isoformat())
    _submit(page, "#plan-form-submit")
    expect(page.locator('#plans article[data-version="2"] tr[data-activity-id]')).to_have_attribute(
        "data-status", "postponed"
    )

    # The steering-group pack, with a decision of the steering group in its log.
    page.goto(
        f"{live_server.url}"
        f"{reverse('programmes:detail', kwargs={'county_code': '20', 'programme_id': programme.pk})}"
    )
    _submit(page, "#new-decision")
    page.locator("textarea[name=text]").fill("Styrgruppen fastställde aktivitetsplanen.")
    page.locator("select[name=area]").select_option(str(area.pk))
    _submit(page, "#decision-form-submit")
    expect(page.locator("#decisions tr[data-decision-id]")).to_have_count(1)
    with page.expect_download() as info:
        page.locator("#issue-pack").click()
    path = Path(info.value.path())
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Webbläsarprogrammet" in text
    assert "Regional konferens" in text
    assert "Kommunpolisen bytte tjänst." in text
    assert "Styrgruppen fastställde aktivitetsplanen." in text
    assert programme.packs.count() == 1
