"""THE isolation walk (laget/core/tests/test_isolation.py), limited to this app's URLs, so the
app can be checked while other apps' routes are in flux."""

from __future__ import annotations

import pytest

from laget.core.tests.test_isolation import (  # noqa: F401 – fixtures
    fagersta_objects,
    insider_statuses,
    isolation_leaks,
    make_persona,
    outsiders,
)

pytestmark = pytest.mark.django_db


def _ours(route) -> bool:
    return route.name.startswith("programmes:") or "programmes" in route.route


def test_outsiders_get_nothing_of_vastmanlands_programme(outsiders, fagersta_objects):  # noqa: F811
    leaks = isolation_leaks(outsiders, fagersta_objects, only=_ours)
    assert leaks == [], "\n".join(leaks)


def test_vastmanlands_coordinator_opens_every_programme_url(fagersta_objects, county_officer):  # noqa: F811
    statuses = {
        url: codes
        for url, codes in insider_statuses(
            [make_persona("regional.vastmanland", county_officer)], fagersta_objects
        ).items()
        if "/program/" in url or "/programmes" in url
    }
    assert len(statuses) >= 20
    assert {url: c for url, c in statuses.items() if 200 not in c and c != {405}} == {}
