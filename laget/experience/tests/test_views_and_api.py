"""The bank's pages and read API: search, entry, sharing a measure, publishing, withdrawing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from laget.api.tests.test_api import api_for
from laget.conftest import verified_client
from laget.experience.choices import EntryStatus
from laget.experience.models import Entry

pytestmark = pytest.mark.django_db

MARKERS = ("Brandbergen", "Västanfors", "Ängelsberg", "Tryggare Fagersta", "Ekholm")


def _form_data(**changes):
    data = {
        "title": "Belysning i en gångtunnel",
        "problem": "Skadegörelse kvällstid i en mörk gångtunnel.",
        "what_done": "Armaturerna byttes.",
        "where": "Gångtunnel vid ett lokalt centrum",
        "category": "klotter",
        "measure_kind": "situational",
        "prevention_level": "secondary",
        "period_start": "2026-01-15",
        "period_end": "2026-08-31",
        "result": "Tolv belysningspunkter bytta.",
        "effect": "improved",
        "effect_text": "",
        "hours": "46",
        "cost_sek": "91000",
        "contact_role": "Brottsförebyggande samordnare, Fagersta kommun",
    }
    data.update(changes)
    return data


def test_the_bank_lists_published_entries_without_fagerstas_names(
    ludvika_coordinator, published, draft
):
    response = verified_client(ludvika_coordinator).get(reverse("experience:bank"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-entry="{published.pk}"' in html
    assert f'data-entry="{draft.pk}"' not in html
    assert not [m for m in MARKERS if m in html]


def test_the_bank_filters_from_the_query_string(ludvika_coordinator, published):
    client = verified_client(ludvika_coordinator)
    url = reverse("experience:bank")
    hit = client.get(url, {"q": "reflexvästar", "county": "19"}).content.decode()
    assert f'data-entry="{published.pk}"' in hit
    miss = client.get(url, {"q": "reflexvästar", "county": "20"}).content.decode()
    assert f'data-entry="{published.pk}"' not in miss and 'id="bank-empty"' in miss
    # A bad filter value is a form error, not a 500, and shows everything.
    assert client.get(url, {"year": "abc", "group": "Z9"}).status_code == 200


def test_the_entry_page_for_others_and_the_owner(
    ludvika_coordinator, fagersta_coordinator, published, draft
):
    other = verified_client(ludvika_coordinator)
    page = other.get(reverse("experience:detail", args=[published.pk])).content.decode()
    assert published.contact_role in page and 'id="withdraw-form"' not in page
    assert other.get(reverse("experience:detail", args=[draft.pk])).status_code == 404
    owner = verified_client(fagersta_coordinator)
    page = owner.get(reverse("experience:detail", args=[draft.pk])).content.decode()
    assert 'id="publish-form"' in page


def test_sharing_a_measure_through_the_form(fagersta_coordinator, followed_up, fagersta):
    client = verified_client(fagersta_coordinator)
    url = reverse("experience:create", args=[fagersta.pk, followed_up.pk])
    page = client.get(url).content.decode()
    assert 'id="not-followed-up"' not in page
    assert not [m for m in ("Brandbergen", "Ekholm") if m in page.split('id="entry-form"')[1]]
    before = Entry.objects.count()
    refused = client.post(url, _form_data(what_done="Ring 811218-9876"))
    assert refused.status_code == 400 and 'id="error-summary"' in refused.content.decode()
    assert Entry.objects.count() == before
    response = client.post(url, _form_data())
    entry = Entry.objects.get(title="Belysning i en gångtunnel")
    assert response.status_code == 302 and response["Location"].endswith(f"/{entry.pk}/")
    assert entry.status == EntryStatus.DRAFT and entry.category_label
    # Publishing without the confirmation keeps the draft, with it publishes.
    client.post(reverse("experience:publish", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    client.post(reverse("experience:publish", args=[entry.pk]), {"no_personal_data": "on"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED
    client.post(reverse("experience:withdraw", args=[entry.pk]), {"reason": "Gammal"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN


def test_a_measure_without_follow_up_is_refused(fagersta_coordinator, not_followed_up, fagersta):
    client = verified_client(fagersta_coordinator)
    url = reverse("experience:create", args=[fagersta.pk, not_followed_up.pk])
    assert 'id="not-followed-up"' in client.get(url).content.decode()
    before = Entry.objects.count()
    response = client.post(url, _form_data())
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    assert Entry.objects.count() == before


def test_others_cannot_share_or_change(
    ludvika_coordinator, fagersta_reporter, followed_up, fagersta, draft
):
    url = reverse("experience:create", args=[fagersta.pk, followed_up.pk])
    assert verified_client(ludvika_coordinator).get(url).status_code == 404
    assert verified_client(fagersta_reporter).get(url).status_code == 403
    update = reverse("experience:update", args=[draft.pk])
    assert verified_client(fagersta_reporter).post(update, _form_data()).status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Testerfarenhet utkast"


def test_the_api_searches_published_entries(
    ludvika_coordinator, fagersta_coordinator, published, draft
):
    api = api_for(ludvika_coordinator)
    body = api.get("/experience/entries?q=reflexvästar&county=19").json()
    assert [e["id"] for e in body] == [published.pk]
    assert body[0]["municipality"] == "Fagersta" and body[0]["municipality_group"]
    assert draft.pk not in [e["id"] for e in api.get("/experience/entries").json()]
    detail = api.get(f"/experience/entries/{published.pk}").json()
    assert detail["contact_role"] == published.contact_role
    assert api.get(f"/experience/entries/{draft.pk}").status_code == 404
    assert api_for(fagersta_coordinator).get(f"/experience/entries/{draft.pk}").status_code == 200
    assert api.get("/experience/entries?year=abc").status_code == 422
