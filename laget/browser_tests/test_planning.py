"""From a problem to its cause analysis in a real browser: the coordinator records and scores a
problem and approves it for the municipality, the police approve it for the police, and the
coordinator builds a cause tree two levels deep and a hypothesis.

Elements are found by stable attributes (names, form actions), never by translated text.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from laget.accounts.models import User
from laget.analysis.compile import last_complete_period
from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.planning.choices import Criterion, Party, ProblemStatus
from laget.planning.models import Problem
from laget.situation.choices import MeetingDecision
from laget.situation.meetings import agenda_item_decide, meeting_create
from laget.situation.services import situation_compile

pytestmark = pytest.mark.browser

TITLE = "Varför krossas rutorna vid idrottsplatsen?"


def _sign_in_as(page: Page, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def test_a_problem_is_prioritised_jointly_and_gets_a_cause_analysis(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    login(page, live_server, "samordnare.fagersta")

    # Record the problem by hand.
    page.goto(f"{live_server.url}{reverse('planning:problem_list', args=[fagersta.pk])}")
    with page.expect_navigation():
        page.locator("a[href$='/planering/problem/nytt/']").click()
    page.locator("input[name=title]").fill(TITLE)
    area = fagersta.areas.get(name="Västanfors")
    page.locator(f"input[name=areas][value='{area.pk}']").check()
    page.locator("input[name=time_pattern]").fill("Helgnätter")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    problem = Problem.objects.get(title=TITLE)
    detail = reverse("planning:problem_detail", args=[fagersta.pk, problem.pk])
    expect(page).to_have_url(f"{live_server.url}{detail}")

    # Score it on every criterion of the matrix.
    with page.expect_navigation():
        page.locator("a[href$='/prioritering/']").first.click()
    for criterion in Criterion.values:
        page.locator(f"select[name=score_{criterion}]").select_option("2")
        page.locator(f"input[name=motivation_{criterion}]").fill("Bedömt i EST-gruppen")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#problem-total")).to_have_text("16")

    # The municipality approves; the problem is not prioritised until the police do too.
    with page.expect_navigation():
        page.locator(
            f"form.approve-form:has(input[name=party][value={Party.MUNICIPALITY}]) button"
        ).click()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PROPOSED
    assert_accessible(page, label="the problem page")
    page.goto(f"{live_server.url}{reverse('planning:matrix', args=[fagersta.pk])}")
    expect(page.locator("table.matrix")).to_contain_text(TITLE)
    assert_accessible(page, label="the prioritisation matrix")

    _sign_in_as(page, live_server, "polis.fagersta")
    page.goto(f"{live_server.url}{detail}")
    expect(page.locator(f"input[name=party][value={Party.MUNICIPALITY}]")).to_have_count(0)
    with page.expect_navigation():
        page.locator(
            f"form.approve-form:has(input[name=party][value={Party.POLICE}]) button"
        ).click()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PRIORITISED

    # The coordinator starts the cause analysis and asks "why?" twice.
    _sign_in_as(page, live_server, "samordnare.fagersta")
    page.goto(f"{live_server.url}{reverse('planning:analysis', args=[fagersta.pk, problem.pk])}")
    page.locator("input[name=decided_by]").fill("Styrgrupp Tryggare Fagersta")
    page.locator("input[name=decided_on]").fill("2026-10-01")
    page.locator("input[name=performed_by]").fill("Samordnaren och kommunpolisen")
    page.locator("textarea[name=place]").fill("Idrottsplatsens omklädningsrum, obelyst baksida")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    analysis = problem.cause_analysis

    page.locator("input[name=root-text]").fill("Baksidan är mörk och utan insyn")
    with page.expect_navigation():
        page.locator("form[action$='/orsaksanalys/orsak/'] button[type=submit]").click()
    root = analysis.causes.get()
    node = page.locator(f"#cause-{root.pk}")
    node.locator("summary").first.click()
    node.locator(f"input[name=cause{root.pk}-text]").fill("Belysningen släcks kl. 22")
    with page.expect_navigation():
        node.locator("button[type=submit]").first.click()
    child = analysis.causes.get(parent=root)
    assert (root.number, child.number) == ("1", "1.1")
    expect(page.locator(f"#cause-{child.pk}")).to_contain_text("Belysningen släcks kl. 22")

    form = page.locator("form[action$='/orsaksanalys/hypotes/']")
    form.locator("select[name=cause]").select_option(str(child.pk))
    form.locator("input[name=hypothesis]").fill("Rutorna krossas efter att belysningen släckts")
    form.locator("input[name=test]").fill("Jämför rapporternas tider med belysningens schema")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("table.hypotheses")).to_contain_text("belysningen släckts")
    assert analysis.hypotheses.get().cause == child
    assert_accessible(page, label="the cause analysis")


def test_a_meeting_decision_cause_analysis_needed_becomes_a_problem(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    coordinator = User.objects.get(username="samordnare.fagersta")
    group = fagersta.groups.get(name="EST-gruppen")
    picture = situation_compile(
        user=coordinator, group=group, period=last_complete_period(timezone.localdate())
    )
    meeting = meeting_create(user=coordinator, picture=picture)
    item = meeting.items.order_by("position").first()
    assert item is not None
    agenda_item_decide(
        user=coordinator,
        item=item,
        decision=MeetingDecision.CAUSE_ANALYSIS,
        responsible=coordinator,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
        notes="Orsaksanalys till nästa möte.",
    )
    login(page, live_server, "samordnare.fagersta")
    page.goto(f"{live_server.url}{reverse('planning:problem_list', args=[fagersta.pk])}")
    link = page.locator(f"a[href$='/planering/problem/fran-mote/{item.pk}/']")
    with page.expect_navigation():
        link.click()
    assert_accessible(page, label="a problem from a meeting decision")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    problem = Problem.objects.get(agenda_item=item)
    assert problem.category_id == item.category_id
    assert problem.evidence.get().picture == picture
    expect(page.locator(f"a[href$='#item-{item.pk}']")).to_be_visible()
