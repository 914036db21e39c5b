"""Pages, exports and API of the regional layer."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from laget.analysis import regional as analysis
from laget.api.tests.test_api import api_for
from laget.geography.models import County, LocalPoliceArea
from laget.regional import services
from laget.regional.models import RegionalPicture, SharedFigure
from laget.regional.tests.conftest import adopted_picture

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


def _county_url(code="19"):
    return reverse("organisations:county", kwargs={"county_code": code})


def test_the_county_overview_shows_every_municipality_and_the_state_of_the_law(
    client_for, county_officer, fagersta
):
    response = client_for(county_officer).get(_county_url(), headers=EN)
    assert response.status_code == 200
    rows = {r.municipality.code: r for r in response.context["rows"]}
    assert len(rows) == County.objects.get(code="19").municipalities.count()
    fagersta_row = rows["1982"]
    assert fagersta_row.collaboration == fagersta
    assert fagersta_row.latest_picture is not None  # the demo adopted one
    assert fagersta_row.shared_weeks > 0  # and shared it
    assert fagersta_row.situation_groups and fagersta_row.coordinators
    assert fagersta_row.sources  # the organisations whose reports the picture counted
    assert rows["1962"].collaboration is None
    text = response.content.decode()
    assert 'data-municipality="1962" data-in-laget="no"' in text
    assert "Not in Läget" in text
    # the map's data: one feature per municipality with a boundary, with its state
    assert response.context["map_data"]["type"] == "FeatureCollection"


def test_the_overview_filters_by_local_police_area(client_for, county_officer):
    lpo = LocalPoliceArea.objects.get(name="Fagersta")
    covered = set(lpo.municipalities.values_list("code", flat=True))
    response = client_for(county_officer).get(_county_url(), {"lpo": lpo.pk}, headers=EN)
    codes = {r.municipality.code for r in response.context["rows"]}
    assert codes == covered and "1982" in codes
    assert codes != set(County.objects.get(code="19").municipalities.values_list("code", flat=True))
    # a police area of another county filters to nothing it could reveal
    other = LocalPoliceArea.objects.get(name="Ludvika")
    response = client_for(county_officer).get(_county_url(), {"lpo": other.pk}, headers=EN)
    assert all(r.municipality.county.code == "19" for r in response.context["rows"])


def test_the_overview_exports_csv_and_xlsx(client_for, county_officer):
    from openpyxl import load_workbook

    client = client_for(county_officer)
    csv_response = client.get(reverse("regional:overview_csv", kwargs={"county_code": "19"}))
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + County.objects.get(code="19").municipalities.count()
    assert any(line.startswith("Fagersta;1982;") for line in lines)
    xlsx = client.get(reverse("regional:overview_xlsx", kwargs={"county_code": "19"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Fagersta" in names and "Norberg" in names


def test_outsiders_cannot_open_the_county(client_for, ludvika_coordinator, fagersta_coordinator):
    for user in (ludvika_coordinator, fagersta_coordinator):
        assert client_for(user).get(_county_url()).status_code == 404
        url = reverse("regional:overview_csv", kwargs={"county_code": "19"})
        assert client_for(user).get(url).status_code == 404


def test_a_regional_coordinator_compiles_writes_adopts_and_exports(client_for, county_officer):
    client = client_for(county_officer)
    url = reverse("regional:picture_list", kwargs={"county_code": "19"})
    day = SharedFigure.objects.filter(county__code="19").latest("week_start").week_start
    response = client.post(url, {"period_kind": "month", "day": day.isoformat()}, headers=EN)
    picture = RegionalPicture.objects.get(county__code="19", period_start=day.replace(day=1))
    assert response.url == reverse(
        "regional:picture_detail", kwargs={"county_code": "19", "regional_picture_id": picture.pk}
    )
    assert "Fagersta" in picture.snapshot["shared"]
    detail = response.url
    # adopting without an assessment is refused, and nothing changes
    client.post(
        reverse(
            "regional:picture_adopt",
            kwargs={"county_code": "19", "regional_picture_id": picture.pk},
        )
    )
    picture.refresh_from_db()
    assert not picture.is_adopted
    # personal data in the assessment is refused
    response = client.post(detail, {"assessment": "Ring 070-123 45 67"}, headers=EN)
    assert response.status_code == 400
    picture.refresh_from_db()
    assert picture.assessment == ""
    client.post(detail, {"assessment": "Klottret ökar i länet."})
    client.post(
        reverse(
            "regional:picture_adopt",
            kwargs={"county_code": "19", "regional_picture_id": picture.pk},
        )
    )
    picture.refresh_from_db()
    assert picture.is_adopted and picture.assessment == "Klottret ökar i länet."
    kwargs = {"county_code": "19", "regional_picture_id": picture.pk}
    pdf = client.get(reverse("regional:picture_pdf", kwargs=kwargs))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("regional:picture_docx", kwargs=kwargs))
    from docx import Document

    document = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Klottret ökar i länet." in text and "Fagersta" in text
    # compiling the adopted period again makes version 2, starting from the assessment
    client.post(url, {"period_kind": "month", "day": day.isoformat()})
    second = RegionalPicture.objects.get(
        county__code="19", period_start=day.replace(day=1), version=2
    )
    assert second.status == "draft" and second.assessment == picture.assessment


def test_a_bad_compile_form_is_refused_with_a_message(client_for, county_officer):
    url = reverse("regional:picture_list", kwargs={"county_code": "19"})
    response = client_for(county_officer).post(url, {"period_kind": "week", "day": "x"}, headers=EN)
    assert response.status_code == 400
    assert not RegionalPicture.objects.filter(county__code="19").exists()


def test_the_lagesbild_page_shares_and_unshares(
    client_for, unshared, fagersta, fagersta_coordinator, fagersta_reporter
):
    picture = adopted_picture(fagersta, fagersta_coordinator)
    page = reverse(
        "situation:picture", kwargs={"collaboration_id": fagersta.pk, "picture_id": picture.pk}
    )
    kwargs = {"collaboration_id": fagersta.pk, "picture_id": picture.pk}
    text = client_for(fagersta_coordinator).get(page).content.decode()
    assert 'id="county-sharing" data-shared="no"' in text and 'id="county-share"' in text
    # a reporter sees the state but cannot share
    assert 'id="county-share"' not in client_for(fagersta_reporter).get(page).content.decode()
    response = client_for(fagersta_reporter).post(reverse("regional:picture_share", kwargs=kwargs))
    assert response.status_code == 404
    assert not SharedFigure.objects.exists()
    client_for(fagersta_coordinator).post(reverse("regional:picture_share", kwargs=kwargs))
    assert SharedFigure.objects.filter(picture=picture).exists()
    text = client_for(fagersta_coordinator).get(page).content.decode()
    assert 'data-shared="yes"' in text and 'id="county-unshare"' in text
    client_for(fagersta_coordinator).post(reverse("regional:picture_unshare", kwargs=kwargs))
    assert not SharedFigure.objects.exists()


def test_the_api_reads_the_overview_and_the_pictures(
    client_for, county_officer, ludvika_coordinator
):
    county = County.objects.get(code="19")
    day = SharedFigure.objects.filter(county=county).latest("week_start").week_start
    picture = services.regional_compile(
        user=county_officer, county=county, period=analysis.period_containing(day, "month")
    )
    client = api_for(county_officer)
    rows = client.get("/counties/19/overview").json()
    fagersta = next(r for r in rows if r["municipality_code"] == "1982")
    assert fagersta["collaboration_id"] and fagersta["shared_weeks"] > 0
    assert next(r for r in rows if r["municipality_code"] == "1962")["collaboration_id"] is None
    listed = client.get("/counties/19/regional-pictures").json()
    assert [p["id"] for p in listed] == [picture.pk]
    detail = client.get(f"/counties/19/regional-pictures/{picture.pk}").json()
    assert "Fagersta" in detail["snapshot"]["shared"]
    outsider = api_for(ludvika_coordinator)
    assert outsider.get("/counties/19/overview").status_code == 404
    assert outsider.get(f"/counties/19/regional-pictures/{picture.pk}").status_code == 404
