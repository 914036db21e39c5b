"""Fixtures of the API tests."""

from collections.abc import Iterator

import pytest

from laget.api import intake


@pytest.fixture(autouse=True)
def _fresh_category_cache() -> Iterator[None]:
    """Each test's transaction is rolled back, so the next test can reach the same template
    version with different categories (production versions only ever grow): start empty."""
    intake.clear_caches()
    yield
    intake.clear_caches()
