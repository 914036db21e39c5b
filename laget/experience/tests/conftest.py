"""Fixtures of the experience-bank tests: Fagersta's measures with and without follow-up."""

from __future__ import annotations

from typing import Any

import pytest

from laget.experience import services
from laget.experience.models import Entry
from laget.planning.models import Measure


@pytest.fixture
def followed_up(fagersta: Any) -> Measure:
    """Fagersta's first followed-up demo measure (the lighting in the tunnel)."""
    return (
        Measure.objects.filter(plan__collaboration=fagersta, follow_ups__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )


@pytest.fixture
def not_followed_up(fagersta: Any) -> Measure:
    return (
        Measure.objects.filter(plan__collaboration=fagersta, follow_ups__isnull=True)
        .order_by("pk")
        .first()
    )


def clean_input(user: Any, measure: Measure, **changes: Any) -> services.EntryInput:
    """The prefilled content with neutral texts (the demo's texts name areas)."""
    data = services.prefill(user=user, measure=measure)
    data.title = "Belysning och felanmälan i en gångtunnel"
    data.what_done = "Armaturerna byttes och bovärdarna felanmäler trasig belysning varje vecka."
    data.where = "Gångtunnel vid ett lokalt centrum"
    data.problem = "Skadegörelse kvällstid i en mörk gångtunnel."
    data.result = "Tolv belysningspunkter bytta."
    data.effect_text = ""
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def draft(fagersta_coordinator: Any, followed_up: Measure) -> Entry:
    return services.entry_create(
        user=fagersta_coordinator,
        measure=followed_up,
        data=clean_input(fagersta_coordinator, followed_up, title="Testerfarenhet utkast"),
    )


@pytest.fixture
def published(fagersta_coordinator: Any, followed_up: Measure) -> Entry:
    entry = services.entry_create(
        user=fagersta_coordinator,
        measure=followed_up,
        data=clean_input(
            fagersta_coordinator,
            followed_up,
            title="Testerfarenhet publicerad",
            what_done="Reflexvästar till nattvandrarna och armaturer i tunneln.",
        ),
    )
    return services.entry_publish(user=fagersta_coordinator, entry=entry, no_personal_data=True)
