"""The medborgarlöfte's whole path in a real browser (issue 5, "Done when"): the coordinator
drafts a promise from a prioritised problem, adds an activity from the åtgärdsplan, fills the
public sections, sees the gates and marks it ready; the LPO-chef and kommunstyrelsens
ordförande sign it, which puts it in force and publishes it; the coordinator reports a changed
activity with its public reason, writes the follow-up report and renews the promise. The list,
detail and form pages pass axe-core.

Elements are found by stable attributes (ids, names, data-*), never by translated text.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.planning.models import Measure, Problem
from laget.promises.models import Promise

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def _switch_user(page: Page, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def test_a_promise_from_draft_to_renewal(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    problem = Problem.objects.filter(collaboration=fagersta, status="prioritised").first()
    measures = Measure.objects.filter(plan__collaboration=fagersta).order_by("pk")
    measure = measures.filter(responsible_organisation__kind="kommun").first()
    police_measure = measures.filter(responsible_organisation__kind="polis").first()
    today = timezone.localdate()
    # A period that is already in its last month, so the follow-up report can be written.
    start, end = today - datetime.timedelta(days=40), today + datetime.timedelta(days=10)
    before = set(Promise.objects.values_list("pk", flat=True))

    login(page, live_server, "samordnare.fagersta")
    page.goto(f"{live_server.url}{reverse('promises:list', args=[fagersta.pk])}")
    expect(page.locator("#promise-table tbody tr[data-promise-id]")).not_to_have_count(0)
    assert_accessible(page, label="medborgarlöften")

    _submit(page, "#new-promise")
    assert_accessible(page, label="nytt medborgarlöfte")
    page.locator("select[name=problem]").select_option(str(problem.pk))
    page.locator("input[name=period_start]").fill(start.isoformat())
    page.locator("input[name=period_end]").fill(end.isoformat())
    _submit(page, "#promise-new-form button[type=submit]")
    promise = Promise.objects.exclude(pk__in=before).get()
    assert promise.title == problem.title and promise.status == "draft"
    expect(page.locator("#gates")).to_be_visible()
    expect(page.locator("#gates li[data-gate=activities]")).to_have_attribute("data-ok", "0")

    # activities from the åtgärdsplan, one of each party
    for chosen in (measure, police_measure):
        page.locator("#activity-from-measure select[name=measure]").select_option(str(chosen.pk))
        _submit(page, "#activity-from-measure button[type=submit]")
    expect(page.locator("#activities tr[data-activity-id]")).to_have_count(2)
    assert {a.measure_id for a in promise.activities.all()} == {measure.pk, police_measure.pk}
    assert {a.organisation.kind for a in promise.activities.all()} == {"kommun", "polis"}

    # the public sections
    _submit(page, "#edit-promise")
    assert_accessible(page, label="redigera medborgarlöfte")
    page.locator("textarea[name=introduction]").fill(
        "Kommunen och polisen lovar att minska skadegörelsen i Brandbergen."
    )
    page.locator("textarea[name=effects]").fill("Färre skador och tryggare kvällar.")
    page.locator("textarea[name=how_to_follow]").fill("Följ arbetet på kommunens webbplats.")
    _submit(page, "#promise-form button[type=submit]")
    expect(page.locator("#gates")).to_have_attribute("data-missing", "0")
    assert_accessible(page, label="medborgarlöfte utkast")
    _submit(page, "#mark-ready")
    expect(page.locator("#promise-status")).to_have_attribute("data-status", "ready")

    # the two signatories
    detail = reverse("promises:detail", args=[fagersta.pk, promise.pk])
    for username in ("lpochef.fagersta", "ksordf.fagersta"):
        _switch_user(page, live_server, username)
        page.goto(f"{live_server.url}{detail}")
        _submit(page, "#sign-button")
    expect(page.locator("#promise-status")).to_have_attribute("data-status", "active")
    expect(page.locator("#promise-published")).to_be_visible()
    expect(page.locator("#signatures li[data-signed-organisation]")).to_have_count(2)
    promise.refresh_from_db()
    assert promise.status == "active" and promise.published_at is not None

    # a changed activity with its public reason
    _switch_user(page, live_server, "samordnare.fagersta")
    activity = promise.activities.get(measure=police_measure)
    page.goto(
        f"{live_server.url}{reverse('promises:activity_detail', args=[fagersta.pk, activity.pk])}"
    )
    page.locator("select[name=status]").select_option("changed")
    _submit(page, "#post-update")  # no reason: refused
    expect(page.locator("#update-form")).to_be_visible()
    assert not activity.updates.exists()
    page.locator("select[name=status]").select_option("changed")
    page.locator("textarea[name=public_text]").fill("Insatsen flyttas till lördagskvällar.")
    page.locator("textarea[name=internal_note]").fill("Bemanningen räcker inte på fredagar.")
    _submit(page, "#post-update")
    expect(page.locator("#activity-status")).to_have_attribute("data-status", "changed")
    expect(page.locator("#updates li[data-status=changed]")).to_have_count(1)
    assert_accessible(page, label="aktivitet")

    # the follow-up report
    page.goto(f"{live_server.url}{detail}")
    _submit(page, "#write-follow-up")
    assert_accessible(page, label="uppföljning")
    page.locator("textarea[name=summary]").fill("Belysningen byttes och polisen fanns på plats.")
    page.locator("textarea[name=outcome]").fill("Skadegörelsen minskade något.")
    page.locator("textarea[name=lessons]").fill("Börja beställningarna tidigare.")
    _submit(page, "#follow-up-form button[type=submit]")
    expect(page.locator("#follow-up")).to_be_visible()

    # renewal
    _submit(page, "#renew-promise")
    assert_accessible(page, label="förnya")
    page.locator("textarea[name=renewal_justification]").fill(
        "Lägesbilden visar att skadegörelsen fortsätter kvällstid."
    )
    _submit(page, "#renew-form button[type=submit]")
    renewal = Promise.objects.get(previous=promise)
    assert renewal.status == "draft"
    assert renewal.activities.count() == 2  # ongoing and changed activities are still relevant
    expect(page.locator("#promise-status")).to_have_attribute("data-status", "draft")
    expect(page.locator("#gates")).to_be_visible()
