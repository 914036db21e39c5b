"""Exports of a lägesbild: each format opens and holds the page's figures; the public version
suppresses small counts; only those who may read the version may export it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from laget.situation import charts, display, export_files, exports, services
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

EN = {"Accept-Language": "en"}
EXPORTS = ["docx", "pdf", "table_csv", "table_xlsx", "geojson", "public", "public_pdf"]


def export_url(picture, name):
    return reverse(
        f"situation_exports:{name}",
        kwargs={"collaboration_id": picture.collaboration_id, "picture_id": picture.pk},
    )


@pytest.fixture
def picture(known, est_group, week, fagersta_coordinator):
    services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    return services.situation_write(
        user=fagersta_coordinator,
        group=est_group,
        period=week,
        assessment="Klottret i Centrum ökar kvällstid.",
        priorities="1. Centrum kvällstid",
    )


@pytest.fixture
def coordinator(fagersta_coordinator, client_for):
    return client_for(fagersta_coordinator)


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_word_document_holds_the_lagesbild_and_its_class_on_every_page(picture, coordinator):
    response = coordinator.get(export_url(picture, "docx"), headers=EN)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    header = document.sections[0].header.paragraphs[0].text
    assert "Information class: Collaboration partners" in header
    assert "EST-gruppen" in header and "Draft, version 1" in header
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("Situation picture: Week")
    assert "Klottret i Centrum ökar kvällstid." in text
    assert "1. Centrum kvällstid" in text
    assert "Klotter in Centrum: 14 reports against normally 4±2" in text
    assert "Units that did not report this period" in text
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    klotter = next(r for r in rows if r[0] == "Skadegörelse: Klotter" and len(r) > 7)
    assert "20" in klotter and "+12" in klotter  # total 20, previous 8
    assert any(any(c.startswith("Last 28 days") for c in r) for r in rows)  # CompStat


def test_the_pdf_has_the_title_and_the_class_on_every_page(picture, coordinator):
    response = coordinator.get(export_url(picture, "pdf"), headers=EN)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    pages = [page.extract_text() for page in reader.pages]
    assert all("Information class: Collaboration partners" in text for text in pages)
    assert "Situation picture: Week" in pages[0]
    assert "Klottret i Centrum" in "".join(pages)


def test_the_table_exports_as_csv_and_xlsx_with_the_same_figures(picture, coordinator):
    response = coordinator.get(export_url(picture, "table_csv"), headers=EN)
    assert response.status_code == 200 and response.streaming
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[0] == "Category" and "Centrum" in header and "Total" in header
    klotter = next(r for r in rows if r[0] == "Skadegörelse: Klotter")
    assert klotter[header.index("Centrum")] == "14"
    assert klotter[header.index("Västanfors")] == "6"
    assert klotter[header.index("Total")] == "20"
    assert klotter[header.index("Previous period")] == "8"

    response = coordinator.get(export_url(picture, "table_xlsx"), headers=EN)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == header
    assert [str(v) for v in next(r for r in values if r[0] == "Skadegörelse: Klotter")] == klotter


def test_the_geojson_has_the_points_rounded_and_no_text(picture, coordinator):
    response = coordinator.get(export_url(picture, "geojson"), headers=EN)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) == 7  # the seven Centrum points of the week
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert round(lon, 3) == lon and round(lat, 3) == lat
        assert set(feature["properties"]) == {"category", "area", "count"}
    assert {f["properties"]["area"] for f in features} == {"Centrum"}


def test_suppress_hides_small_counts_and_the_next_smallest_in_a_row():
    snapshot = {
        "areas": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}, {"id": 3, "name": "C"}],
        "categories": [
            {"id": 10, "label": "Klotter"},
            {"id": 11, "label": "Brand"},
            {"id": 12, "label": "Glaskross"},
        ],
        "cells": [
            {"category": 10, "area": 1, "count": 3},  # hidden, and then 6 as well
            {"category": 10, "area": 2, "count": 7},
            {"category": 10, "area": 3, "count": 6},
            {"category": 11, "area": 1, "count": 0},
            {"category": 11, "area": 2, "count": 12},
            {"category": 11, "area": 3, "count": 5},  # 5 is not small
            {"category": 12, "area": 1, "count": 2},
            {"category": 12, "area": 2, "count": 1},
            {"category": 12, "area": 3, "count": 0},
        ],
    }
    table = exports.public_table(snapshot)
    assert table.areas == ["A", "B", "C"]
    assert [r["cells"] for r in table.rows] == [[None, 7, None], [0, 12, 5], [None, None, 0]]
    assert [r["total"] for r in table.rows] == [16, 17, None]  # 3 is itself small
    assert exports.public_rows(table)[1] == ["Klotter", "–", "7", "–", "16"]


def test_the_public_version_shows_only_suppressed_counts_per_area(picture, coordinator):
    response = coordinator.get(export_url(picture, "public"), headers=EN)
    assert response.status_code == 200
    table = response.context["table"]
    rows = {r["label"]: r for r in table.rows}
    centrum = table.areas.index("Centrum")
    brandbergen = table.areas.index("Brandbergen")
    # klotter: 14 and 6, nothing small; glaskross: 2 in Brandbergen and 1 without area, hidden
    assert rows["Skadegörelse: Klotter"]["cells"][centrum] == 14
    assert rows["Skadegörelse: Klotter"]["total"] == 20
    assert rows["Skadegörelse: Glaskross"]["cells"][brandbergen] is None
    assert rows["Skadegörelse: Glaskross"]["total"] is None
    html = response.content.decode()
    assert "Public version" in html and "Information class: Public" in html
    assert "Klottret i Centrum" not in html  # no free text
    assert "4±2" not in html  # no alerts, only the table

    response = coordinator.get(export_url(picture, "public_pdf"), headers=EN)
    assert response.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Public version" in text and "Information class: Public" in text
    assert "Klottret" not in text


def test_the_partners_export_it_as_well(picture, fagersta_police, client_for):
    client = client_for(fagersta_police)
    for name in EXPORTS:
        assert client.get(export_url(picture, name)).status_code == 200, name


@pytest.mark.parametrize("name", EXPORTS)
def test_ludvika_and_anonymous_get_nothing(picture, name, ludvika_coordinator, client_for, client):
    url = export_url(picture, name)
    assert client_for(ludvika_coordinator).get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_picture_page_links_the_exports(picture, coordinator):
    response = coordinator.get(
        reverse(
            "situation:picture",
            kwargs={"collaboration_id": picture.collaboration_id, "picture_id": picture.pk},
        )
    )
    html = response.content.decode()
    for name in EXPORTS[:-1]:
        assert export_url(picture, name) in html


def test_an_adopted_version_says_so(picture, coordinator, fagersta_coordinator):
    # Adopted as the adoption service leaves it (the adoption itself is tested in test_services).
    SituationPicture.objects.filter(pk=picture.pk).update(
        status=PictureStatus.ADOPTED, adopted_at=timezone.now(), adopted_by=fagersta_coordinator
    )
    adopted = SituationPicture.objects.get(pk=picture.pk)
    document = Document(
        io.BytesIO(coordinator.get(export_url(adopted, "docx"), headers=EN).content)
    )
    header = document.sections[0].header.paragraphs[0].text
    assert "Adopted, version 1 – adopted" in header


def test_hot_spots_are_listed_as_cell_centres():
    square = [[15.79, 60.0], [15.8, 60.0], [15.8, 60.002], [15.79, 60.002], [15.79, 60.0]]
    feature = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [square]},
        "properties": {"count": 9, "local": 4, "z": 3.21, "p": 0.004},
    }
    snapshot = {"hotspots": {"geojson": {"type": "FeatureCollection", "features": [feature]}}}
    assert exports.hotspot_rows(snapshot)[1] == ["60.001, 15.795", 9, 3.21, 0.004]


def test_an_export_costs_a_fixed_number_of_queries(
    picture, coordinator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert coordinator.get(export_url(picture, "docx")).status_code == 200


# --- maps and charts ------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def pdf_images(content):
    return [image for page in PdfReader(io.BytesIO(content)).pages for image in page.images]


def test_the_figures_are_pngs_of_a_sensible_size_with_captions(picture, fagersta_coordinator):
    snapshot = export_files.picture_snapshot(user=fagersta_coordinator, picture=picture)
    page = display.build_page(snapshot)
    shapes = export_files.map_shapes(user=fagersta_coordinator, picture=picture)
    with translation.override("en"):
        figures = charts.picture_figures(snapshot, page, shapes)
    assert [f.title for f in figures] == [
        "Reports and hot spots",
        "Occurrences per category",
        "Reports by weekday and hour",
        "Seasonal pattern",
    ]
    for figure in figures:
        assert figure.png.startswith(PNG_SIGNATURE)
        width, height = exports.png_size(figure.png)
        assert 800 <= width <= 2000 and 250 <= height <= 2000, (figure.title, width, height)
        assert len(figure.caption) > 40
    assert "7 report locations" in figures[0].caption  # the seven Centrum points
    assert "Fagersta" in figures[0].caption


def test_the_map_draws_only_shapes_with_a_scale_and_no_tiles(monkeypatch):
    """Without areas or points the map still draws the municipality; no network is touched."""
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the map must not use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    square = {
        "type": "Polygon",
        "coordinates": [[[15.7, 59.9], [15.9, 59.9], [15.9, 60.1], [15.7, 60.1], [15.7, 59.9]]],
    }
    shapes = charts.MapShapes("Fagersta", square, [("Centrum", square), ("Utan gräns", None)])
    figure = charts.public_map(shapes)
    assert figure.png.startswith(PNG_SIGNATURE)
    assert charts._scale_length(10) == 2 and charts._scale_length(3) == 0.5


def test_the_pdf_and_the_word_document_hold_the_maps_and_charts(picture, coordinator):
    response = coordinator.get(export_url(picture, "pdf"), headers=EN)
    images = pdf_images(response.content)
    assert len(images) == 4
    assert all(image.data for image in images)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Maps and charts" in text and "Bar chart of occurrences per category" in text

    document = Document(
        io.BytesIO(coordinator.get(export_url(picture, "docx"), headers=EN).content)
    )
    assert len(document.inline_shapes) == 4
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert all(d and len(d) > 40 for d in descriptions)  # alt text on every image
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == descriptions


def test_the_public_pdf_never_holds_the_report_points(picture, fagersta_coordinator):
    """The public PDF's images stay the same when every point and hot spot moves elsewhere."""
    made = export_files.picture_file(user=fagersta_coordinator, picture=picture, kind="public_pdf")
    images = pdf_images(made.content)
    assert len(images) == 2  # the areas' map and the category totals
    moved = SituationPicture.objects.get(pk=picture.pk)
    moved.snapshot["points"] = [
        [lon + 0.01, lat - 0.01, c, a, n] for lon, lat, c, a, n in moved.snapshot["points"]
    ]
    moved.snapshot["hotspots"]["geojson"]["features"] = []
    again = export_files.picture_file(user=fagersta_coordinator, picture=moved, kind="public_pdf")
    assert [i.data for i in pdf_images(again.content)] == [i.data for i in images]
    assert picture.snapshot["points"]  # the version does have points to leave out


def test_the_public_figures_get_no_points_at_all(monkeypatch):
    drawn = []

    def record(shapes, *, points, hotspots, title, area_labels=True):
        drawn.append((points, hotspots))
        return PNG_SIGNATURE

    monkeypatch.setattr(charts, "_draw_map", record)
    rows = [{"label": "Klotter", "cells": [None, 7], "total": 12}]
    figures = charts.public_figures(rows, 4, charts.MapShapes())
    assert drawn == [([], [])]
    assert len(figures) == 2


def test_an_empty_period_makes_documents_that_say_so(
    empty_fagersta, est_group, week, coordinator, fagersta_coordinator
):
    picture = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    note = "No reports were made in this period"
    response = coordinator.get(export_url(picture, "pdf"), headers=EN)
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert note in text
    assert len(pdf_images(response.content)) == 1  # the map of the areas; no empty charts
    document = Document(
        io.BytesIO(coordinator.get(export_url(picture, "docx"), headers=EN).content)
    )
    assert any(note in p.text for p in document.paragraphs)
    response = coordinator.get(export_url(picture, "public_pdf"), headers=EN)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert note in text


def test_the_documents_buttons_ask_for_a_background_job(
    picture, coordinator, django_capture_on_commit_callbacks
):
    from laget.jobs.models import ExportJob

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(export_url(picture, "docx"), headers=EN)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "jobs:detail", kwargs={"collaboration_id": picture.collaboration_id, "job_id": job.pk}
    )
    assert job.kind == "picture_docx" and job.parameters == {"picture_id": picture.pk}
    assert job.status == "done" and job.filename.endswith(".docx")
