"""The anonymous tip form: success, every kind of bad input, the honeypot and the rate limit."""

import pytest
from django.test import Client
from django.urls import reverse

from laget.tips.choices import TipStatus
from laget.tips.models import Tip
from laget.tips.tests.places import FAGERSTA_CENTRUM, LUDVIKA_CENTRUM, OSLO

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


def _url(slug="fagersta"):
    return reverse("public_tips:form", kwargs={"municipality": slug})


def _data(**changes):
    data = {
        "service": "otrygg_plats",
        "text": "Mörkt och igenvuxet vid gångtunneln.",
        "lat": FAGERSTA_CENTRUM[0],
        "lon": FAGERSTA_CENTRUM[1],
        "place_text": "",
        "email": "",
        "website": "",
    }
    data.update(changes)
    return data


def test_the_form_opens_without_login_with_the_map_and_the_honeypot(demo):
    page = Client().get(_url(), headers=EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="tip-map"' in html and 'id="tip-map-data"' in html
    assert 'name="lat"' in html and 'name="place_text"' in html
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html  # the honeypot
    assert Client().get(_url("finns-inte")).status_code == 404


def test_a_valid_tip_is_stored_once_and_the_thanks_page_shows_its_reference(demo):
    client = Client()
    before = Tip.objects.count()
    response = client.post(_url(), _data(email="medborgare@example.se"), headers=EN)
    assert response.status_code == 302
    tip = Tip.objects.latest("pk")
    assert Tip.objects.count() == before + 1
    assert tip.status == TipStatus.PENDING and tip.collaboration.slug == "fagersta"
    assert tip.public_id in response["Location"]
    thanks = client.get(response["Location"], headers=EN)
    assert thanks.status_code == 200
    assert tip.public_id in thanks.content.decode()
    assert "medborgare@example.se" not in thanks.content.decode()


def test_the_status_page_shows_only_the_public_fields(demo, fagersta_coordinator):
    from laget.tips.services import tip_approve

    Client().post(_url(), _data(text="Mörkt vid tunneln, hemligt ord Hemlighetstext."))
    tip = Tip.objects.latest("pk")
    url = reverse(
        "public_tips:status", kwargs={"municipality": "fagersta", "public_id": tip.public_id}
    )
    pending = Client().get(url, headers=EN).content.decode()
    assert tip.public_id in pending and "Hemlighetstext" not in pending
    tip_approve(tip=tip, moderated_by=fagersta_coordinator, public_text="Mörkt vid tunneln.")
    approved = Client().get(url, headers=EN).content.decode()
    assert "Mörkt vid tunneln." in approved and "Hemlighetstext" not in approved
    wrong_town = reverse(
        "public_tips:status", kwargs={"municipality": "ludvika", "public_id": tip.public_id}
    )
    assert Client().get(wrong_town).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service": ""}, "Choose what the tip is about."),
        ({"service": "bilbrand"}, "Unknown tip type."),
        ({"text": ""}, "This field is required."),
        ({"text": "x" * 2001}, "The text is too long"),
        ({"text": "Ring 070-123 45 67"}, "personal data"),
        ({"lat": "", "lon": ""}, "Mark the place on the map"),
        ({"lat": OSLO[0], "lon": OSLO[1]}, "outside Sweden"),
        ({"lat": LUDVIKA_CENTRUM[0], "lon": LUDVIKA_CENTRUM[1]}, "outside Fagersta"),
        ({"lat": "abc", "lon": "15"}, "decimal numbers"),
        ({"email": "fel@"}, "valid e-mail address"),
    ],
)
def test_bad_input_shows_a_clear_error_and_stores_nothing(demo, changes, message):
    before = Tip.objects.count()
    response = Client().post(_url(), _data(**changes), headers=EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The tip has not been sent" in html
    assert message in html
    assert Tip.objects.count() == before


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(demo):
    before = Tip.objects.count()
    response = Client().post(_url(), _data(website="http://spam.example"), headers=EN)
    assert response.status_code == 200
    assert "data-tip-reference" in response.content.decode()
    assert Tip.objects.count() == before


def test_a_flood_gets_429_and_stores_nothing_more(demo, settings):
    settings.TIPS_RATE_LIMITS = [(3, 600), (10, 86400)]
    client = Client()
    before = Tip.objects.count()
    for _ in range(3):
        assert client.post(_url(), _data()).status_code == 302
    refused = client.post(_url(), _data(), headers=EN)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "Too many tips" in refused.content.decode()
    assert Tip.objects.count() == before + 3
    # Another address is not affected; the IP is never stored with a tip.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(_url(), _data()).status_code == 302
    assert not any("127.0.0.1" in str(v) for v in Tip.objects.latest("pk").__dict__.values())


def test_bad_requests_count_towards_the_limit_too(demo, settings):
    settings.TIPS_RATE_LIMITS = [(2, 600)]
    client = Client()
    client.post(_url(), _data(text=""))
    client.post(_url(), _data(text=""))
    assert client.post(_url(), _data()).status_code == 429


def test_the_language_is_chosen_with_lang_like_the_rest_of_the_public_site(demo):
    page = Client().get(_url() + "?lang=en").content.decode()
    assert 'action="/offentligt/fagersta/tipsa/?lang=en"' in page
    assert '<html lang="en">' in page
    response = Client().post(_url() + "?lang=en", _data())
    assert response.status_code == 302 and response["Location"].endswith("?lang=en")
