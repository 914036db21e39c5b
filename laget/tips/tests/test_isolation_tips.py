"""The generic isolation walk, narrowed to the citizen-tip URLs (quick to run while working on
laget.tips; the full walk in laget/core/tests/test_isolation.py covers them too)."""

import pytest

from laget.core.tests.test_isolation import (  # noqa: F401 – fixtures used by name
    fagersta_objects,
    isolation_leaks,
    make_persona,
    outsiders,
)

pytestmark = pytest.mark.django_db
NAMESPACES = ("tips:", "public_tips:", "open311:")


def _ours(route) -> bool:
    return route.name.startswith(NAMESPACES)


def test_outsiders_get_nothing_from_the_tip_urls(outsiders, fagersta_objects):  # noqa: F811
    leaks = isolation_leaks(outsiders, fagersta_objects, only=_ours)
    assert leaks == [], "\n".join(leaks)


def test_the_moderation_pages_open_for_fagersta(fagersta_objects, fagersta_coordinator):  # noqa: F811
    from laget.core.tests import test_isolation

    coordinator = make_persona("samordnare.fagersta", fagersta_coordinator)
    statuses = {
        item.url: coordinator.request("get", item, {}).status_code
        for route in test_isolation.project_routes()
        if route.name.startswith("tips:")
        for item in test_isolation.fill(route, fagersta_objects)
    }
    assert len(statuses) == 9  # the queue, and two tips × (detail, approve, reject, close)
    assert set(statuses.values()) == {200, 405}, statuses
    assert {"public_tips", "open311"} <= test_isolation.PUBLIC_NAMESPACES
