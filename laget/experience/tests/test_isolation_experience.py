"""THE isolation walk, limited to the experience bank's URLs (web and API), plus its other half:
a published Fagersta entry IS readable in Ludvika, which is the point of the bank."""

from __future__ import annotations

import pytest
from django.urls import reverse

from laget.conftest import verified_client
from laget.core.tests.test_isolation import (  # noqa: F401 – fixtures
    _openapi_operations,
    fagersta_objects,
    fill,
    isolation_leaks,
    make_persona,
    outsiders,
    project_routes,
)

pytestmark = pytest.mark.django_db


def _ours(route) -> bool:
    return route.name.startswith(("experience:", "api:entry_")) or "experience" in route.route


def test_the_walk_covers_the_banks_urls():
    names = {r.name for r in project_routes() if _ours(r)}
    assert {"experience:bank", "experience:detail", "experience:create"} <= names
    assert any(r.is_api for r in project_routes() if _ours(r))


def test_outsiders_get_nothing_of_fagerstas_drafts(outsiders, fagersta_objects):  # noqa: F811
    leaks = isolation_leaks(outsiders, fagersta_objects, only=_ours)
    assert leaks == [], "\n".join(leaks)


def test_fagersta_opens_every_bank_url(
    fagersta_objects,  # noqa: F811
    fagersta_coordinator,
    fagersta_police,
    county_officer,
):
    insiders = [
        make_persona("samordnare.fagersta", fagersta_coordinator),
        make_persona("polis.fagersta", fagersta_police),
        make_persona("regional.vastmanland", county_officer),
    ]
    openapi = _openapi_operations()
    ours: dict[str, set[int]] = {}
    for route in project_routes():
        if _ours(route):
            for item in fill(route, fagersta_objects):
                if item.names_object:
                    ours[item.url] = {p.request("get", item, openapi).status_code for p in insiders}
    assert len(ours) >= 5
    assert {url: c for url, c in ours.items() if 200 not in c and c != {405}} == {}


def test_a_published_fagersta_entry_is_visible_in_ludvika(ludvika_coordinator, published):
    client = verified_client(ludvika_coordinator)
    assert client.get(reverse("experience:detail", args=[published.pk])).status_code == 200
    listed = client.get(reverse("experience:bank")).content.decode()
    assert f'data-entry="{published.pk}"' in listed
    assert "Isoleringserfarenhet" not in listed
