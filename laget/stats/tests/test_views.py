"""The statistics pages and API: who may read and import, the preview flow, comparisons, CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laget.accounts.models import User
from laget.api.services import api_token_create
from laget.stats.choices import ImportStatus
from laget.stats.models import ImportBatch, Value

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


@pytest.fixture
def dalarna_officer(demo: None) -> User:
    return User.objects.get(username="regional.dalarna")


def _upload(client: Client, name: str = "bra_2023.csv", content: bytes | None = None, **data):
    file = SimpleUploadedFile(
        name, content if content is not None else (FILES / name).read_bytes(), "text/csv"
    )
    return client.post(
        reverse("stats:import"),
        {"kind": "bra", "file": file, "source": "other", "gender": "T", **data},
        headers={"Accept-Language": "en"},
    )


def test_pages_need_a_signed_in_person(demo: None) -> None:
    anonymous = Client()
    for url in (
        reverse("stats:index"),
        reverse("stats:municipality", kwargs={"municipality_code": "1982"}),
        reverse("stats:county", kwargs={"scb_county_code": "19"}),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "/konto/" in response["Location"]


def test_every_signed_in_person_reads_but_only_regional_coordinators_import(
    client_for, fagersta_reporter: User, dalarna_officer: User
) -> None:
    reporter = client_for(fagersta_reporter)
    page = reporter.get(reverse("stats:index"))
    assert page.status_code == 200
    assert 'data-series="bra-anmalda-brott"' in page.content.decode()
    assert 'id="stats-import-link"' not in page.content.decode()
    assert reporter.get(reverse("stats:import")).status_code == 403
    assert _upload(reporter).status_code == 403
    officer = client_for(dalarna_officer)
    assert 'id="stats-import-link"' in officer.get(reverse("stats:index")).content.decode()


def test_upload_preview_confirm(client_for, dalarna_officer: User) -> None:
    client = client_for(dalarna_officer)
    response = _upload(client)
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    assert response["Location"] == reverse("stats:batch", kwargs={"stats_batch_id": batch.pk})
    page = client.get(response["Location"]).content.decode()
    assert 'data-label="Atlantis"' in page and 'data-outcome="unmatched"' in page
    assert 'data-label="Stockholm: Rinkeby-Kista"' in page
    assert "stadsdel" in page
    problems = client.get(response["Location"] + "?visa=problem").content.decode()
    assert 'data-outcome="new"' not in problems and 'data-outcome="updated"' not in problems
    assert Value.objects.filter(series__key__startswith="bra-", region_code="0180").count() == 0
    confirm = reverse("stats:batch_confirm", kwargs={"stats_batch_id": batch.pk})
    assert client.get(confirm).status_code == 405
    assert client.post(confirm).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CONFIRMED
    assert Value.objects.get(series__key="bra-anmalda-brott", region_code="0180").value == 100000
    # Confirming twice changes nothing and says why.
    again = client.post(confirm, follow=True, headers={"Accept-Language": "en"})
    assert "already been confirmed" in again.content.decode()


def test_a_bad_upload_shows_the_error_and_stores_nothing(client_for, dalarna_officer) -> None:
    client = client_for(dalarna_officer)
    batches = ImportBatch.objects.count()
    response = _upload(client, "brott.csv", "Något;Annat\n1;2\n".encode())
    assert response.status_code == 200
    assert "No header row was found" in response.content.decode()
    response = _upload(client, "brott.txt", b"Kommun;Antal\nFagersta;1\n")
    assert "Choose a CSV or XLSX file" in response.content.decode()
    assert ImportBatch.objects.count() == batches


def test_discard_and_batches_are_their_uploaders_own(
    client_for, dalarna_officer: User, county_officer: User
) -> None:
    client = client_for(dalarna_officer)
    _upload(client)
    batch = ImportBatch.objects.latest("pk")
    other = client_for(county_officer)
    url = reverse("stats:batch", kwargs={"stats_batch_id": batch.pk})
    assert other.get(url).status_code == 404
    discard = reverse("stats:batch_discard", kwargs={"stats_batch_id": batch.pk})
    assert other.post(discard).status_code == 404
    assert client.post(discard).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED


def test_the_municipality_page_compares_and_states_the_caveats(
    client_for, fagersta_reporter: User
) -> None:
    page = client_for(fagersta_reporter).get(
        reverse("stats:municipality", kwargs={"municipality_code": "1982"}),
        headers={"Accept-Language": "en"},
    )
    text = page.content.decode()
    assert 'id="stats-caveats"' in text
    for key in ("reporting_propensity", "dark_figure", "counting_rules", "place_of_registration"):
        assert f'data-caveat="{key}"' in text
    for kind in ("county", "national", "group"):
        assert f'data-reference="{kind}"' in text
    assert 'data-group="C6"' in text
    assert "data-trend=" in text
    assert (
        client_for(fagersta_reporter)
        .get(reverse("stats:municipality", kwargs={"municipality_code": "0000"}))
        .status_code
        == 404
    )


def test_the_county_page_draws_the_funnel_without_ranking(
    client_for, fagersta_reporter: User
) -> None:
    client = client_for(fagersta_reporter)
    url = reverse("stats:county", kwargs={"scb_county_code": "20"})
    text = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "<svg" in text and 'aria-labelledby="funnel-title funnel-desc"' in text
    assert 'id="stats-caveats"' in text
    # Alphabetical order, not by rate.
    codes = [line.split('"')[1] for line in text.split("<tr data-municipality=")[1:]]
    assert codes == [
        "2084",
        "2081",
        "2080",
        "2026",
        "2083",
        "2029",
        "2085",
        "2023",
        "2062",
        "2034",
        "2031",
        "2061",
        "2082",
        "2021",
        "2039",
    ]
    assert 'data-position="above"' in text  # the demo's Borlänge stands out
    assert "Syntetiska demodata" in text  # the demo's figures say that they are invented
    county = client.get(url + "?serie=bra-skadegorelse&jamfor=county&ar=2020")
    assert county.status_code == 200
    assert "2020" in county.content.decode()
    assert client.get(url + "?ar=abc").status_code == 200
    assert client.get(reverse("stats:county", kwargs={"scb_county_code": "99"})).status_code == 404


def test_the_comparison_as_csv_and_png(client_for, fagersta_reporter: User) -> None:
    client = client_for(fagersta_reporter)
    url = reverse("stats:county_csv", kwargs={"scb_county_code": "19"})
    response = client.get(url + "?serie=bra-anmalda-brott", headers={"Accept-Language": "en"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Municipality code"
    fagersta = next(r for r in rows if r and r[0] == "1982")
    value = Value.objects.filter(series__key="bra-anmalda-brott", region_code="1982").latest("year")
    assert float(fagersta[4]) == value.value
    assert float(fagersta[6]) == pytest.approx(value.value * 100_000 / int(fagersta[5]), abs=0.06)
    assert fagersta[9] in ("above", "below", "within the limits")
    png = client.get(reverse("stats:county_png", kwargs={"scb_county_code": "19"}))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_the_api_reads_series_values_and_a_comparison(demo: None, fagersta_reporter) -> None:
    _token, secret = api_token_create(user=fagersta_reporter, name="test")
    headers = {"Authorization": f"Bearer {secret}"}
    client = Client()
    series = client.get("/api/v1/stats/series", headers=headers).json()
    total = next(s for s in series if s["key"] == "bra-anmalda-brott")
    assert total["is_count"] is True and total["last_year"] >= total["first_year"]
    values = client.get(
        "/api/v1/stats/series/bra-anmalda-brott/values?region_code=1982", headers=headers
    ).json()
    assert len(values) == 11 and {v["level"] for v in values} == {"municipality"}
    comparison = client.get(
        "/api/v1/stats/municipalities/1982/comparison/bra-anmalda-brott", headers=headers
    ).json()
    assert comparison["kommungrupp"] == "C6"
    assert {r["kind"] for r in comparison["references"]} == {"county", "national", "group"}
    latest = comparison["years"][-1]
    assert latest["rate"]["rate"] == pytest.approx(latest["value"] * 100_000 / latest["population"])
    assert client.get("/api/v1/stats/series/finns-inte/values", headers=headers).status_code == 404
    assert client.get("/api/v1/stats/series").status_code == 401


def test_the_county_page_can_allow_for_overdispersion(client_for, fagersta_reporter) -> None:
    client = client_for(fagersta_reporter)
    url = reverse("stats:county", kwargs={"scb_county_code": "20"})
    plain = client.get(url).content.decode()
    widened = client.get(url + "?spridning=on").content.decode()
    assert 'data-applied="0"' in plain
    # The demo's municipalities vary more than chance (synthetic extra spread): φ is significant.
    assert 'data-applied="1"' in widened
    assert widened.count('data-position="within"') > plain.count('data-position="within"')
    assert widened.count('data-verdict="within"') > plain.count('data-verdict="within"')


def test_the_csv_never_starts_a_cell_with_a_formula(client_for, fagersta_reporter) -> None:
    from laget.stats.models import Series

    Series.objects.filter(key="bra-anmalda-brott").update(name='=HYPERLINK("http://x")')
    response = client_for(fagersta_reporter).get(
        reverse("stats:county_csv", kwargs={"scb_county_code": "19"}) + "?serie=bra-anmalda-brott"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = {r[2] for r in rows[1:] if len(r) > 2}
    assert names == {'\'=HYPERLINK("http://x")'}


def test_the_generic_upload_maps_the_columns_and_shows_errors_on_the_field(
    client_for, dalarna_officer: User
) -> None:
    client = client_for(dalarna_officer)
    data = {"kind": "generic", "series_name": "Andel trygga", "unit": "%"}
    wrong = _upload(client, "skolenkat.csv", **data, value_column="Finns inte")
    assert wrong.status_code == 200
    assert "Finns inte" in wrong.content.decode()
    assert wrong.context["form"].errors["value_column"]
    unnamed = _upload(client, "skolenkat.csv", kind="generic")
    assert unnamed.context["form"].errors["series_name"]
    ok = _upload(
        client,
        "skolenkat.csv",
        **data,
        region_column="Skola/kommun",
        year_column="Läsår",
        value_column="Andel trygga (%)",
    )
    assert ok.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    assert batch.kind == "generic"
    assert {(r["code"], r["value"]) for r in batch.rows} == {("1982", 81.5), ("1962", 79)}
    assert batch.options["value_column"] == "Andel trygga (%)"
