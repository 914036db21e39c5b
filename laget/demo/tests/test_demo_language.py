"""The demo is created in Swedish whatever language is active when it is loaded."""

import pytest
from django.utils import translation

from laget.demo import services

pytestmark = pytest.mark.django_db  # demo_load runs in a transaction


def test_the_demo_loads_in_swedish_even_when_english_is_active(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(services, "_demo_load", lambda: seen.append(translation.get_language()))
    with translation.override("en"):
        services.demo_load()
        assert translation.get_language() == "en"  # restored afterwards
    assert seen == ["sv"]
