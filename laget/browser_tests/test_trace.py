"""Traceability in a real browser: from a measure of the åtgärdsplan the coordinator follows
"Spårbarhet" back to the problem and the reports it rests on.

Elements are found by stable attributes (hrefs, aria-current), never by translated text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import assert_accessible, login
from laget.organisations.models import Collaboration
from laget.planning.choices import EvidenceKind, TrafficLight
from laget.planning.models import Measure

pytestmark = pytest.mark.browser


def test_the_coordinator_traces_a_measure_back_to_its_problem_and_reports(
    page: Page, live_server: Any
) -> None:
    fagersta = Collaboration.objects.get(slug="fagersta")
    measure = Measure.objects.get(
        plan__collaboration=fagersta, traffic_light=TrafficLight.RED, in_adopted_plan=True
    )
    problem = measure.problem
    report_ids = list(
        problem.evidence.filter(kind=EvidenceKind.REPORT).values_list("report_id", flat=True)
    )
    assert report_ids
    login(page, live_server, "samordnare.fagersta")
    page.goto(
        f"{live_server.url}{reverse('planning:measure_detail', args=[fagersta.pk, measure.pk])}"
    )
    trace = reverse("planning:trace_measure", args=[fagersta.pk, measure.pk])
    with page.expect_navigation():
        page.locator(f"a[href='{trace}']").first.click()
    assert page.url.endswith(trace)

    problem_link = reverse("planning:problem_detail", args=[fagersta.pk, problem.pk])
    expect(page.locator(f"main a[href='{problem_link}']").first).to_have_text(problem.title)
    for report_id in report_ids:
        report = reverse("reporting:report_detail", args=[fagersta.pk, report_id])
        expect(page.locator(f"a[href='{report}']")).to_be_visible()
    current = page.locator("[aria-current=true]")
    expect(current).to_have_count(1)
    measure_link = reverse("planning:measure_detail", args=[fagersta.pk, measure.pk])
    expect(current.locator(f"a[href='{measure_link}']")).to_have_text(measure.title)
    assert_accessible(page, label="the traceability page of a measure")
