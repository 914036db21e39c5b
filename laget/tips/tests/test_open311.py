"""Open311 GeoReport v2: a real client's sequence, the public list and every refusal."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from laget.tips import services
from laget.tips.choices import TipService, TipStatus
from laget.tips.models import Tip
from laget.tips.tests.places import FAGERSTA_CENTRUM, OSLO

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}
BASE = "/open311/v2"


def _post(client, **changes):
    data = {
        "jurisdiction_id": "fagersta",
        "service_code": "belysning",
        "lat": FAGERSTA_CENTRUM[0],
        "long": FAGERSTA_CENTRUM[1],
        "description": "Gatlyktan vid torget är trasig.",
        "email": "medborgare@example.se",
        "first_name": "Ska",
        "last_name": "Inte Sparas",
        "api_key": "anything",
    }
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}/requests.json", data, headers=EN)  # form-encoded


def test_a_real_client_sequence_service_list_post_then_get(demo):
    client = Client()
    services_response = client.get(f"{BASE}/services.json?jurisdiction_id=fagersta")
    assert services_response.status_code == 200
    listed = services_response.json()
    assert [s["service_code"] for s in listed] == list(TipService.values)
    assert {"service_name", "description", "metadata", "type"} <= set(listed[0])
    code = listed[0]["service_code"]
    definition = client.get(f"{BASE}/services/{code}.json?jurisdiction_id=fagersta")
    assert definition.status_code == 200 and definition.json()["service_code"] == code

    created = _post(client, service_code=code)
    assert created.status_code == 200
    body = created.json()
    assert isinstance(body, list) and len(body) == 1
    request_id = body[0]["service_request_id"]
    assert body[0]["service_notice"]
    tip = Tip.objects.get(public_id=request_id)
    assert tip.status == TipStatus.PENDING and tip.channel == "open311"
    assert tip.email == "medborgare@example.se"
    assert "Sparas" not in json.dumps(list(Tip.objects.filter(pk=tip.pk).values()), default=str)

    looked_up = client.get(f"{BASE}/requests/{request_id}.json")
    assert looked_up.status_code == 200
    (item,) = looked_up.json()
    assert item["service_request_id"] == request_id
    assert item["status"] == "open" and item["service_code"] == code
    # Pending: no text, no location, no e-mail.
    assert "description" not in item and "lat" not in item
    assert "medborgare@example.se" not in looked_up.content.decode()


def test_a_json_body_is_accepted_too(demo):
    response = Client().post(
        f"{BASE}/requests.json",
        json.dumps(
            {
                "jurisdiction_id": "fagersta",
                "service_code": "klotter",
                "lat": 60.004,
                "long": 15.794,
                "description": "Klotter på elskåpet.",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Tip.objects.filter(public_id=response.json()[0]["service_request_id"]).exists()


def test_an_address_string_may_replace_the_point(demo):
    response = _post(Client(), lat=None, long=None, address_string="Gångtunneln vid stationen")
    assert response.status_code == 200


def test_approved_tips_are_listed_with_a_coarse_location_and_without_private_fields(
    demo, fagersta, fagersta_coordinator
):
    tip = services.tip_submit(
        collaboration=fagersta,
        service="klotter",
        text="Klotter vid skolan, originaltext.",
        lat="60.00437",
        lon="15.79412",
        email="medborgare@example.se",
    )
    services.tip_approve(tip=tip, moderated_by=fagersta_coordinator, public_text="Klotter.")
    pending = services.tip_submit(
        collaboration=fagersta, service="klotter", text="Väntande tips.", lat="60.004", lon="15.794"
    )
    response = Client().get(f"{BASE}/requests.json?jurisdiction_id=fagersta&service_code=klotter")
    assert response.status_code == 200
    items = {i["service_request_id"]: i for i in response.json()}
    assert tip.public_id in items and pending.public_id not in items
    item = items[tip.public_id]
    assert item["description"] == "Klotter." and item["status"] == "open"
    assert (item["lat"], item["long"]) != (60.00437, 15.79412)
    assert abs(item["lat"] - 60.00437) < 0.005 and abs(item["long"] - 15.79412) < 0.01
    html = response.content.decode()
    assert "originaltext" not in html and "medborgare@example.se" not in html
    assert "Väntande" not in html
    closed = Client().get(f"{BASE}/requests.json?jurisdiction_id=fagersta&status=closed").json()
    assert tip.public_id not in {i["service_request_id"] for i in closed}


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"service_code": None}, "service_code is required"),
        ({"service_code": "bilbrand"}, "service_code: Unknown tip type."),
        ({"description": None}, "description is required"),
        ({"description": "x" * 2001}, "too long"),
        ({"description": "Ring 070-123 45 67"}, "personal data"),
        ({"lat": "abc"}, "decimal numbers"),
        ({"long": None}, "both latitude and longitude"),
        ({"lat": OSLO[0], "long": OSLO[1]}, "outside Sweden"),
        ({"lat": "60.149", "long": "15.188"}, "outside Fagersta"),
        ({"email": "fel@"}, "valid e-mail"),
        ({"jurisdiction_id": None}, "jurisdiction_id is required"),
    ],
)
def test_bad_requests_get_400_with_the_spec_error_array_and_store_nothing(demo, changes, fragment):
    before = Tip.objects.count()
    response = _post(Client(), **changes)
    assert response.status_code == 400
    body = response.json()
    assert isinstance(body, list) and body
    assert all(set(e) == {"code", "description"} and e["code"] == 400 for e in body)
    assert any(fragment in e["description"] for e in body), body
    assert Tip.objects.count() == before


def test_unknown_things_are_404(demo):
    client = Client()
    assert client.get(f"{BASE}/requests/finnsinte.json").status_code == 404
    assert client.get(f"{BASE}/services/bilbrand.json?jurisdiction_id=fagersta").status_code == 404
    assert client.get(f"{BASE}/services.json?jurisdiction_id=oslo").status_code == 404
    assert _post(client, jurisdiction_id="oslo").status_code == 404


def test_xml_is_refused_with_a_clear_error(demo):
    response = Client().get(f"{BASE}/services.xml", headers=EN)
    assert response.status_code == 400
    assert "JSON" in response.json()[0]["description"]


def test_a_bad_json_body_is_400(demo):
    response = Client().post(
        f"{BASE}/requests.json", "{not json", content_type="application/json", headers=EN
    )
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_bad_list_filters_are_400(demo):
    client = Client()
    base = f"{BASE}/requests.json?jurisdiction_id=fagersta"
    assert client.get(base + "&status=pending").status_code == 400
    assert client.get(base + "&start_date=igår").status_code == 400
    assert client.get(base + "&service_code=bilbrand").status_code == 400
    ok = client.get(base + "&start_date=2026-01-01T00:00:00Z&end_date=2030-01-01")
    assert ok.status_code == 200


def test_a_flood_gets_429_and_stores_nothing(demo, settings):
    settings.TIPS_RATE_LIMITS = [(2, 600)]
    client = Client()
    assert _post(client).status_code == 200
    assert _post(client).status_code == 200
    before = Tip.objects.count()
    refused = _post(client)
    assert refused.status_code == 429
    assert refused.json()[0]["code"] == 429
    assert Tip.objects.count() == before


def test_the_form_and_the_api_share_one_limit(demo, settings):
    settings.TIPS_RATE_LIMITS = [(1, 600)]
    client = Client()
    assert _post(client).status_code == 200
    form = reverse("public_tips:form", kwargs={"municipality": "fagersta"})
    assert (
        client.post(
            form, {"service": "klotter", "text": "x", "lat": "60.004", "lon": "15.794"}
        ).status_code
        == 429
    )


def test_the_list_by_service_request_id_shows_each_as_its_status_allows(
    demo, fagersta, fagersta_coordinator
):
    pending = services.tip_submit(
        collaboration=fagersta,
        service="klotter",
        text="Hemligt väntande.",
        lat="60.004",
        lon="15.794",
    )
    ids = f"{pending.public_id},demofagersta2b2"
    response = Client().get(
        f"{BASE}/requests.json?jurisdiction_id=fagersta&service_request_id={ids}"
    )
    assert response.status_code == 200
    items = {i["service_request_id"]: i for i in response.json()}
    assert set(items) == {pending.public_id, "demofagersta2b2"}
    assert "description" not in items[pending.public_id]
    assert items["demofagersta2b2"]["description"]
    assert "Hemligt" not in response.content.decode()


def test_the_api_describes_itself_in_openapi(demo):
    schema = Client().get(f"{BASE}/openapi.json").json()
    assert {"/open311/v2/services.json", "/open311/v2/requests.json"} <= set(schema["paths"])
    assert "post" in schema["paths"]["/open311/v2/requests.json"]
