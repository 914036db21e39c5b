"""Fixtures of the planning tests: a fresh problem of Fagersta and a scored one."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from laget.organisations.models import Collaboration, Organisation
from laget.planning import services
from laget.planning.choices import Criterion, Party
from laget.planning.models import CauseAnalysis, Problem

SCORES = {c: (2, "Motiverat.") for c in Criterion.values}


@pytest.fixture
def problem(fagersta: Collaboration, fagersta_coordinator: Any) -> Problem:
    return services.problem_create(
        user=fagersta_coordinator,
        collaboration=fagersta,
        owner_organisation=Organisation.objects.get(name="Fagersta kommun"),
        title="Skadegörelse vid skolan",
        areas=[fagersta.areas.get(name="Västanfors")],
    )


@pytest.fixture
def scored(problem: Problem, fagersta_coordinator: Any) -> Problem:
    services.priority_assess(user=fagersta_coordinator, problem=problem, scores=dict(SCORES))
    return problem


@pytest.fixture
def prioritised(scored: Problem, fagersta_coordinator: Any, fagersta_police: Any) -> Problem:
    services.priority_approve(user=fagersta_coordinator, problem=scored, party=Party.MUNICIPALITY)
    services.priority_approve(user=fagersta_police, problem=scored, party=Party.POLICE)
    scored.refresh_from_db()
    return scored


@pytest.fixture
def analysis(prioritised: Problem, fagersta_coordinator: Any) -> CauseAnalysis:
    return services.cause_analysis_create(
        user=fagersta_coordinator,
        problem=prioritised,
        decided_by="Styrgruppen",
        decided_on=datetime.date(2026, 10, 1),
        performed_by="Samordnaren och kommunpolisen",
        place="Skolgården",
    )
