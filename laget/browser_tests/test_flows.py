"""What people do in Läget, in a real browser (Chromium through Playwright).

Elements are found by role and stable attributes (ids, names, hrefs), never by translated text,
so the tests hold in every language.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from laget.browser_tests.helpers import (
    DEMO_PASSWORD,
    PHONE,
    complete_two_factor,
    login,
    setup_page_key,
    wrong_totp_token,
)
from laget.geography.models import Area
from laget.organisations.models import Collaboration, Decision

pytestmark = pytest.mark.browser


def _url(live_server: Any, name: str, **kwargs: Any) -> str:
    return f"{live_server.url}{reverse(name, kwargs=kwargs)}"


def _path(name: str, **kwargs: Any) -> re.Pattern[str]:
    """A URL pattern matching exactly this page (query strings allowed)."""
    return re.compile(rf"^https?://[^/]+{re.escape(reverse(name, kwargs=kwargs))}(\?.*)?$")


def _submit(page: Page) -> None:
    """Press the main form's submit button and wait for the next page."""
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()


def _geojson_file(tmp_path: Any, name: str, lon: float, lat: float, size: float = 0.01) -> Any:
    """A GeoJSON file with a square polygon around (lon, lat), as people export from a GIS."""
    ring = [
        [lon - size, lat - size],
        [lon + size, lat - size],
        [lon + size, lat + size],
        [lon - size, lat + size],
        [lon - size, lat - size],
    ]
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": name},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


# --- Signing in ----------------------------------------------------------------------------


def test_a_reporter_signs_in_and_sees_their_collaboration(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    login(page, live_server, "rapportor.fagersta")

    expect(page).to_have_url(_path("core:start"))
    overview = reverse("organisations:overview", kwargs={"collaboration_id": fagersta.pk})
    expect(page.locator(f"main a[href='{overview}']")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text("Ali")  # the reporter's first name


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(
    page: Page, live_server: Any, demo: None
) -> None:
    page.goto(_url(live_server, "accounts:login"))
    page.locator("input[name=username]").fill("rapportor.fagersta")
    page.locator("input[name=password]").fill(DEMO_PASSWORD + "-wrong")
    _submit(page)

    expect(page).to_have_url(_path("accounts:login"))
    expect(page.locator("main .errorlist")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("rapportor.fagersta")
    expect(page.locator("input[name=password]")).to_have_value("")


def test_a_coordinator_is_taken_through_two_factor_enrolment_to_the_start_page(
    page: Page, live_server: Any, demo: None, settings: Any
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # django-otp makes the next attempt wait a second after a wrong code; the test does not wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0

    page.goto(_url(live_server, "accounts:login"))
    page.locator("input[name=username]").fill("samordnare.fagersta")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    _submit(page)

    # The coordinator has no authenticator yet: enrolment comes before anything else.
    expect(page).to_have_url(_path("accounts:totp_setup"))
    expect(page.locator("main img[src^='data:image/svg+xml']")).to_be_visible()
    page.goto(_url(live_server, "core:start"))
    expect(page).to_have_url(_path("accounts:totp_setup"))

    # A wrong code is refused…
    page.locator("input[name=token]").fill(wrong_totp_token(setup_page_key(page)))
    _submit(page)
    expect(page.locator("main .errorlist")).to_be_visible()
    assert not TOTPDevice.objects.filter(user__username="samordnare.fagersta", confirmed=True)

    # …the code from the key on the page is accepted.
    complete_two_factor(page, "samordnare.fagersta")
    expect(page).to_have_url(_path("core:start"))
    expect(page.locator("main .messages")).to_be_visible()
    assert TOTPDevice.objects.filter(user__username="samordnare.fagersta", confirmed=True)

    # Signing out and in again asks for a code, not for a new enrolment.
    with page.expect_navigation():
        page.locator("header form[action$='/logga-ut/'] button").click()
    login(page, live_server, "samordnare.fagersta")
    expect(page).to_have_url(_path("core:start"))


# --- The collaboration and its five steps ----------------------------------------------------


def test_the_coordinator_walks_through_the_five_steps(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    login(page, live_server, "samordnare.fagersta")
    overview = reverse("organisations:overview", kwargs={"collaboration_id": fagersta.pk})
    with page.expect_navigation():
        page.locator(f"main a[href='{overview}']").first.click()
    expect(page).to_have_url(_path("organisations:overview", collaboration_id=fagersta.pk))

    steps = page.locator("header nav.cycle-nav")
    expect(steps).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(steps.locator("ol > li > a")).to_have_count(5)
    expect(steps.locator("[aria-current]")).to_have_count(0)

    for number in range(1, 6):
        href = reverse("core:step", kwargs={"collaboration_id": fagersta.pk, "step": number})
        with page.expect_navigation():
            steps.locator(f"a[href='{href}']").click()
        expect(page).to_have_url(_path("core:step", collaboration_id=fagersta.pk, step=number))
        current = steps.locator("a[aria-current='page']")
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("href", href)
        expect(page.locator("main h1")).to_contain_text(str(number))
        expect(page.locator("main ul.checklist > li").first).to_be_visible()


# --- Areas -----------------------------------------------------------------------------------


def test_the_coordinator_creates_an_area_from_a_geojson_file(
    page: Page, live_server: Any, fagersta: Collaboration, tmp_path: Any
) -> None:
    upload = _geojson_file(tmp_path, "norra-centrum.geojson", lon=15.80, lat=60.00, size=0.004)
    login(page, live_server, "samordnare.fagersta")
    page.goto(_url(live_server, "geography:area_list", collaboration_id=fagersta.pk))
    create = reverse("geography:area_create", kwargs={"collaboration_id": fagersta.pk})
    with page.expect_navigation():
        page.locator(f"main a[href='{create}']").click()

    page.locator("input[name=name]").fill("Norra centrum")
    page.locator("select[name=kind]").select_option("residential")
    page.locator("textarea[name=description]").fill("Uppladdad från kommunens GIS.")
    page.locator("input[name=boundary_file]").set_input_files(upload)
    _submit(page)

    area = Area.objects.get(collaboration=fagersta, name="Norra centrum")
    assert area.boundary is not None
    assert area.boundary["type"] == "Polygon"
    expect(page).to_have_url(
        _path("geography:area_detail", collaboration_id=fagersta.pk, area_id=area.pk)
    )
    expect(page.locator("main h1")).to_have_text("Norra centrum")
    expect(page.locator("main .messages")).to_be_visible()
    expect(page.locator("#map.leaflet-container path.leaflet-interactive").first).to_be_attached()


def test_the_coordinator_draws_an_area_on_the_map(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    login(page, live_server, "samordnare.fagersta")
    page.goto(_url(live_server, "geography:area_create", collaboration_id=fagersta.pk))
    page.locator("input[name=name]").fill("Ritat område")
    page.locator("select[name=kind]").select_option("centre")

    drawing = page.locator("#map[data-map='area-draw']")
    expect(drawing).to_have_class(re.compile(r"\bleaflet-container\b"))
    box = drawing.bounding_box()
    assert box is not None
    # Four corners of a small square around the middle of the map, which Leaflet has fitted to
    # the municipality (the middle of Fagersta's bounding box lies inside Fagersta).
    cx, cy = box["width"] / 2, box["height"] / 2
    for dx, dy in [(-30, -30), (30, -30), (30, 30), (-30, 30)]:
        drawing.click(position={"x": cx + dx, "y": cy + dy})

    drawn = page.locator("input[name=boundary_drawn]")
    expect(drawn).to_have_value(re.compile(r"Polygon"))
    polygon = json.loads(drawn.input_value())
    assert polygon["type"] == "Polygon"
    assert len(polygon["coordinates"][0]) == 5  # four points, closed

    _submit(page)
    area = Area.objects.get(collaboration=fagersta, name="Ritat område")
    assert area.boundary is not None
    expect(page).to_have_url(
        _path("geography:area_detail", collaboration_id=fagersta.pk, area_id=area.pk)
    )
    expect(page.locator("main h1")).to_have_text("Ritat område")


def test_an_area_outside_the_municipality_is_refused(
    page: Page, live_server: Any, fagersta: Collaboration, tmp_path: Any
) -> None:
    stockholm = _geojson_file(tmp_path, "gamla-stan.geojson", lon=18.07, lat=59.325, size=0.004)
    before = Area.objects.filter(collaboration=fagersta).count()
    login(page, live_server, "samordnare.fagersta")
    page.goto(_url(live_server, "geography:area_create", collaboration_id=fagersta.pk))

    page.locator("input[name=name]").fill("Gamla stan")
    page.locator("select[name=kind]").select_option("centre")
    page.locator("input[name=boundary_file]").set_input_files(stockholm)
    _submit(page)

    expect(page).to_have_url(_path("geography:area_create", collaboration_id=fagersta.pk))
    expect(page.locator("main .errorlist")).to_be_visible()
    expect(page.locator("main .errorlist")).to_contain_text("Fagersta")
    expect(page.locator("input[name=name]")).to_have_value("Gamla stan")
    assert Area.objects.filter(collaboration=fagersta).count() == before
    assert not Area.objects.filter(name="Gamla stan").exists()


# --- Decisions -------------------------------------------------------------------------------


def test_the_coordinator_records_a_decision(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    title = "Beslut om lägesbildsgrupp (webbläsartest)"
    login(page, live_server, "samordnare.fagersta")
    page.goto(_url(live_server, "organisations:decision_list", collaboration_id=fagersta.pk))
    create = reverse("organisations:decision_create", kwargs={"collaboration_id": fagersta.pk})
    with page.expect_navigation():
        page.locator(f"main a[href='{create}']").click()

    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=text]").fill("EST-gruppen tar fram lägesbilden varannan vecka.")
    page.locator("input[name=decided_on]").fill("2026-03-10")
    page.locator("input[name=decided_by]").fill("Styrgruppen")
    page.locator("select[name=owner_organisation]").select_option(index=1)
    _submit(page)

    decision = Decision.objects.get(collaboration=fagersta, title=title)
    expect(page).to_have_url(
        _path(
            "organisations:decision_detail", collaboration_id=fagersta.pk, decision_id=decision.pk
        )
    )
    expect(page.locator("main h1")).to_have_text(title)

    page.goto(_url(live_server, "organisations:decision_list", collaboration_id=fagersta.pk))
    detail = reverse(
        "organisations:decision_detail",
        kwargs={"collaboration_id": fagersta.pk, "decision_id": decision.pk},
    )
    expect(page.locator(f"main table a[href='{detail}']")).to_have_text(title)


# --- Language, phones and isolation ----------------------------------------------------------


def test_the_language_button_switches_between_swedish_and_english(
    page: Page, live_server: Any, demo: None
) -> None:
    login(page, live_server, "rapportor.fagersta")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "sv")

    switch = page.locator("form[action='/i18n/setlang/'] button[name=language]")
    expect(switch).to_have_attribute("value", "en")
    with page.expect_navigation():
        switch.click()
    expect(page).to_have_url(_path("core:start"))
    expect(html).to_have_attribute("lang", "en")

    # The choice sticks on the next page, and the button now offers Swedish.
    page.goto(_url(live_server, "accounts:profile"))
    expect(html).to_have_attribute("lang", "en")
    expect(switch).to_have_attribute("value", "sv")
    with page.expect_navigation():
        switch.click()
    expect(page).to_have_url(_path("accounts:profile"))
    expect(html).to_have_attribute("lang", "sv")


def _has_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], f"{page.url} scrolls sideways: {widths}"


def test_pages_fit_a_phone_screen(page: Page, live_server: Any, fagersta: Collaboration) -> None:
    page.set_viewport_size(PHONE)
    login(page, live_server, "samordnare.fagersta")
    pages = [
        reverse("core:start"),
        reverse("geography:area_list", kwargs={"collaboration_id": fagersta.pk}),
        reverse("organisations:overview", kwargs={"collaboration_id": fagersta.pk}),
        reverse("organisations:decision_list", kwargs={"collaboration_id": fagersta.pk}),
        reverse("core:step", kwargs={"collaboration_id": fagersta.pk, "step": 1}),
    ]
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        assert page.evaluate("() => window.innerWidth") == PHONE["width"]
        _has_no_horizontal_scroll(page)


def test_an_outsider_gets_not_found_for_another_collaboration(
    page: Page, live_server: Any, fagersta: Collaboration
) -> None:
    login(page, live_server, "samordnare.ludvika")
    for path in [
        reverse("organisations:overview", kwargs={"collaboration_id": fagersta.pk}),
        reverse("geography:area_list", kwargs={"collaboration_id": fagersta.pk}),
        reverse("organisations:decision_list", kwargs={"collaboration_id": fagersta.pk}),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 404, path
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Fagersta")
