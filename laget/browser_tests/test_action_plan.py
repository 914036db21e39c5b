"""From a prioritised problem with its cause analysis to an adopted åtgärdsplan in a real
browser: the coordinator writes a goal and sees the SMART check, starts next year's plan and
adds a measure aimed at a cause, the steering group member adopts the plan, and the coordinator
changes the measure with a reason that appears in the change log.

Elements are found by stable attributes (names, ids, form actions), never by translated text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import AccessibilityAudit, assert_accessible, login
from laget.organisations.models import Collaboration, Organisation
from laget.planning.choices import PlanStatus
from laget.planning.models import ActionPlan, Cause, Goal, Indicator, Problem

pytestmark = pytest.mark.browser

GOAL = (
    "Minska antalet rapporterade klotter i Brandbergens centrum. De uppgick under år 2025 "
    "till 40 stycken och ska minska med minst 10 stycken."
)
REASON = "Leveransen av armaturerna är försenad."


def _sign_in_as(page: Page, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def test_a_prioritised_problem_gets_goals_and_an_adopted_action_plan(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    problem = Problem.objects.get(
        collaboration=fagersta, cause_analysis__isnull=False, origin="manual"
    )
    cause = Cause.objects.get(analysis__problem=problem, number="1.1")
    year = timezone.localdate().year + 1
    login(page, live_server, "samordnare.fagersta")

    # A goal, with the SMART check updating while typing (htmx) and shown on the goal page.
    page.goto(
        f"{live_server.url}{reverse('planning:problem_detail', args=[fagersta.pk, problem.pk])}"
    )
    with page.expect_navigation():
        page.locator("#goals a[href$='/mal/nytt/']").click()
    page.locator("select[name=goal_type]").select_option("effect")
    page.locator("textarea[name=text]").fill(GOAL)
    expect(page.locator("#smart-check tr[data-letter=T]")).to_have_attribute(
        "data-covered", "false"
    )
    expect(page.locator("#smart-check tr[data-letter=R]")).to_have_attribute("data-covered", "true")
    assert_accessible(page, label="the goal form with its SMART check")
    with page.expect_navigation():
        page.locator("#goal-form button[type=submit]").click()
    goal = Goal.objects.get(problem=problem, text=GOAL)
    assert goal.smart_letters == "SMAR"
    expect(page.locator("#smart-parameters")).to_have_text("S, M, A, R")
    expect(page.locator("li[data-code=no_deadline]")).to_be_visible()
    assert_accessible(page, label="the goal page")

    # Next year's plan and a measure aimed at cause 1.1.
    page.goto(f"{live_server.url}{reverse('planning:plan_list', args=[fagersta.pk])}")
    page.locator("input[name=year]").fill(str(year))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    plan = ActionPlan.objects.get(collaboration=fagersta, year=year)
    with page.expect_navigation():
        page.locator("a[href$='/atgard/ny/']").click()
    page.locator("select[name=problem]").select_option(str(problem.pk))
    page.locator(f"input[name=causes][value='{cause.pk}']").check()
    page.locator("input[name=title]").fill("Nya armaturer i gångtunneln")
    page.locator("select[name=kind]").select_option("situational")
    page.locator("select[name=prevention_level]").select_option("secondary")
    kommun = Organisation.objects.get(name="Fagersta kommun")
    page.locator("select[name=responsible_organisation]").select_option(str(kommun.pk))
    page.locator("input[name=responsible_person]").fill("Maria Ekholm")
    page.locator("input[name=start]").fill(f"{year}-02-01")
    page.locator("input[name=end]").fill(f"{year}-05-31")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    measure = plan.measures.get()
    assert list(measure.causes.all()) == [cause]
    assert_accessible(page, label="the measure page")

    # The steering group member adopts the plan.
    _sign_in_as(page, live_server, "styrgrupp.fagersta")
    plan_url = f"{live_server.url}{reverse('planning:plan_detail', args=[fagersta.pk, plan.pk])}"
    page.goto(plan_url)
    page.locator("#adopt textarea[name=text]").fill("Styrgruppen antar åtgärdsplanen.")
    with page.expect_navigation():
        page.locator("#adopt button[type=submit]").click()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED
    assert plan.adoption_decision.group.kind == "styrgrupp"

    # A change of the adopted plan needs a reason, which the log then shows.
    _sign_in_as(page, live_server, "samordnare.fagersta")
    page.goto(
        f"{live_server.url}{reverse('planning:measure_detail', args=[fagersta.pk, measure.pk])}"
    )
    change = page.locator("#change form")
    change.locator("input[name=end]").fill(f"{year}-08-31")
    with page.expect_navigation():
        change.locator("button[type=submit]").click()
    expect(page.locator("#change .errorlist")).to_be_visible()  # no reason: refused
    measure.refresh_from_db()
    assert measure.end.month == 5
    change = page.locator("#change form")
    change.locator("input[name=end]").fill(f"{year}-08-31")
    change.locator("textarea[name=reason]").fill(REASON)
    with page.expect_navigation():
        change.locator("button[type=submit]").click()
    measure.refresh_from_db()
    assert measure.end.month == 8
    page.goto(plan_url)
    expect(page.locator("#change-log")).to_contain_text(REASON)
    expect(page.locator("#plan-table")).to_contain_text("Nya armaturer i gångtunneln")
    assert_accessible(page, label="the action plan")


def test_the_step_four_pages_are_accessible(page: Page, live_server: Any) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    plan = ActionPlan.objects.get(collaboration=fagersta)
    login(page, live_server, "samordnare.fagersta")
    audit = AccessibilityAudit(page)
    audit.visit(f"{live_server.url}{reverse('planning:goal_list', args=[fagersta.pk])}")
    audit.visit(f"{live_server.url}{reverse('planning:plan_list', args=[fagersta.pk])}")
    for indicator in Indicator.objects.filter(goal__collaboration=fagersta):
        audit.visit(
            f"{live_server.url}"
            f"{reverse('planning:indicator_detail', args=[fagersta.pk, indicator.pk])}"
        )
    outside = next(m for m in plan.measures.all() if m.outside_adopted_plan)
    audit.visit(
        f"{live_server.url}{reverse('planning:measure_detail', args=[fagersta.pk, outside.pk])}"
    )
    expect(page.locator("#outside-plan")).to_be_visible()
    audit.assert_clean()
