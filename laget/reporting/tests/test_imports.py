"""The file import: reading CSV/XLSX, guessing columns, the preview, confirming, permissions."""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from laget.accounts.models import User
from laget.organisations.models import Collaboration
from laget.reporting import imports
from laget.reporting.choices import ImportStatus, ReportSource
from laget.reporting.imports import CellError, parse_file, parse_week, parse_when
from laget.reporting.models import ImportBatch, Report

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
LAST_WEEK = TODAY - datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are compared in English (the msgids); Läget's default language is Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for: Any) -> Any:
    def english_client(user: User) -> Any:
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return english_client


def codes(exc_info: Any) -> dict[str, list[str]]:
    return {f: [e.code for e in errors] for f, errors in exc_info.value.error_dict.items()}


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


#: A housing company's log: one good row, one with an unknown category, one outside Fagersta.
HOUSING_LOG = (
    "Ärendenummer;Datum;Kategori;Område;Antal;Bedömning;Trend;Beskrivning\n"
    f"A-1;{YESTERDAY:%Y-%m-%d} 14:30;Klotter;Centrum;3;gul;ökat;Klotter på soprummet\n"
    f"A-2;{YESTERDAY:%d/%m/%Y};Graffiti;Centrum;1;grön;oförändrat;Tags i trapphuset\n"
    f"A-3;{LAST_WEEK:%Y-%m-%d};Skadegörelse: Glaskross;Brandbergen;2;röd;minskat;Ruta i entrén\n"
)


def upload(
    user: User, collaboration: Collaboration, text: str = HOUSING_LOG, name: str = "logg.csv"
) -> ImportBatch:
    return imports.import_batch_create(
        user=user, collaboration=collaboration, filename=name, content=text.encode("utf-8")
    )


def preview_errors(preview: imports.ImportPreview) -> dict[int, list[tuple[str, str]]]:
    return {r.number: [(e.field, e.code) for e in r.errors] for r in preview.error_rows}


# --- reading files ------------------------------------------------------------------------------


def test_it_reads_semicolon_csv_in_utf8_with_a_bom():
    parsed = parse_file(
        name="logg.csv", content=csv_bytes("\ufeffKategori;Område\nklotter;Centrum\n")
    )
    assert parsed.headers == ["Kategori", "Område"]
    assert parsed.rows == [(2, ["klotter", "Centrum"])]


def test_it_reads_comma_csv_without_a_bom_and_with_quoted_commas_and_newlines():
    text = 'category,text\nklotter,"Vägg, södra sidan"\nbrand,"Två\nrader"\n'
    parsed = parse_file(name="log.CSV", content=csv_bytes(text))
    assert parsed.headers == ["category", "text"]
    assert parsed.rows[0] == (2, ["klotter", "Vägg, södra sidan"])
    assert parsed.rows[1][1] == ["brand", "Två\nrader"]


def test_it_reads_windows_1252_csv():
    parsed = parse_file(
        name="logg.csv", content=csv_bytes("Kategori;Område\nÖvrigt;Västanfors\n", "cp1252")
    )
    assert parsed.headers == ["Kategori", "Område"]
    assert parsed.rows == [(2, ["Övrigt", "Västanfors"])]


def test_it_reads_tab_separated_text():
    parsed = parse_file(name="logg.csv", content=csv_bytes("Kategori\tAntal\nklotter\t2\n"))
    assert parsed.rows == [(2, ["klotter", "2"])]


def test_it_skips_empty_rows_but_keeps_the_files_row_numbers():
    text = "Kategori;Antal\n\nklotter;1\n;\n\nbrand;2\n"
    assert parse_file(name="a.csv", content=csv_bytes(text)).rows == [
        (3, ["klotter", "1"]),
        (6, ["brand", "2"]),
    ]


def test_it_names_columns_without_a_header():
    parsed = parse_file(name="a.csv", content=csv_bytes("Kategori;;\nklotter;x;y\n"))
    assert parsed.headers == ["Kategori", "Column 2", "Column 3"]


def test_it_reads_the_first_sheet_of_an_xlsx_file():
    content = xlsx_bytes(
        [
            ["Kategori", "Datum", "Antal", "Lon"],
            ["klotter", datetime.datetime(2026, 11, 20, 14, 30), 3, 15.794],
            [None, None, None, None],
            ["brand", datetime.datetime(2026, 11, 19), 1.0, None],
        ]
    )
    parsed = parse_file(name="logg.xlsx", content=content)
    assert parsed.headers == ["Kategori", "Datum", "Antal", "Lon"]
    assert parsed.rows == [
        (2, ["klotter", "2026-11-20 14:30", "3", "15.794"]),
        (4, ["brand", "2026-11-19", "1"]),
    ]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("logg.csv", random.Random(1).randbytes(4000), "format"),
        ("logg.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "format"),
        ("logg.csv", b"", "empty"),
        ("logg.csv", b"  \n\n ", "empty"),
        ("logg.csv", b"Kategori;Antal\n", "empty"),
        ("logg.txt", b"Kategori\nklotter\n", "extension"),
        ("logg.pdf", b"%PDF-1.4", "extension"),
        ("logg", b"Kategori\nklotter\n", "extension"),
        ("logg.xlsx", b"Kategori\nklotter\n", "format"),
        ("logg.xlsx", b"PK\x03\x04 truncated zip", "format"),
        ("logg.csv", xlsx_bytes([["Kategori"], ["klotter"]]), "format"),  # XLSX renamed .csv
        ("logg.csv", b"Kategori\n" + b"x" * (5 * 1024 * 1024), "size"),
        ("logg.csv", b"Kategori\n" + b"klotter\n" * 10_001, "rows"),
        ("logg.xlsx", xlsx_bytes([["Kategori"]] + [["klotter"]] * 10_001), "rows"),
    ],
)
def test_it_rejects_malformed_files_with_a_clear_error(name, content, code):
    with pytest.raises(ValidationError) as exc:
        parse_file(name=name, content=content)
    assert codes(exc) == {"file": [code]}
    assert exc.value.message_dict["file"][0].endswith(".")


def test_it_accepts_exactly_the_maximum_number_of_rows():
    parsed = parse_file(name="a.csv", content=b"Kategori\n" + b"klotter\n" * 10_000)
    assert len(parsed.rows) == 10_000


# --- guessing the columns -----------------------------------------------------------------------


def test_it_guesses_swedish_headers():
    headers = [
        "Ärendenr",
        "Datum",
        "Tid",
        "Kategori",
        "Område",
        "Antal",
        "Bedömning",
        "Trend",
        "Beskrivning",
        "Vecka",
        "Longitud",
        "Latitud",
    ]
    assert imports.guess_mapping(headers) == {
        "external_id": 0,
        "occurred_at": 1,
        "time": 2,
        "category": 3,
        "area": 4,
        "count": 5,
        "assessment": 6,
        "trend": 7,
        "text": 8,
        "week": 9,
        "lon": 10,
        "lat": 11,
    }


def test_it_guesses_english_headers_whatever_their_case_and_spacing():
    headers = [" CATEGORY ", "Date/Time", "Area:", "Count", "Description", "lng", "LAT", "ID"]
    assert imports.guess_mapping(headers) == {
        "category": 0,
        "occurred_at": 1,
        "area": 2,
        "count": 3,
        "text": 4,
        "lon": 5,
        "lat": 6,
        "external_id": 7,
    }


def test_it_guesses_nothing_for_unknown_headers():
    assert imports.guess_mapping(["Kolumn A", "Något annat"]) == {}


def test_it_uses_each_column_once():
    assert imports.guess_mapping(["Tid"]) == {"occurred_at": 0}


# --- reading cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 14:30", datetime.datetime(2026, 11, 20, 14, 30)),
        ("2026-11-20T14:30:00", datetime.datetime(2026, 11, 20, 14, 30)),
        ("2026-11-20", datetime.date(2026, 11, 20)),
        ("20/11/2026", datetime.date(2026, 11, 20)),
        ("20.11.2026", datetime.date(2026, 11, 20)),
        ("20/11/26", datetime.date(2026, 11, 20)),
        ("20/11/2026 14:30", datetime.datetime(2026, 11, 20, 14, 30)),
        ("20.11.2026 kl. 14.30", datetime.datetime(2026, 11, 20, 14, 30)),
        ("2026-11-20 kl 9", datetime.datetime(2026, 11, 20, 9, 0)),
        ("2026/11/20", datetime.date(2026, 11, 20)),
    ],
)
def test_it_reads_iso_and_swedish_dates(text, expected):
    assert parse_when(text) == expected


def test_it_keeps_a_time_zone_that_the_file_gives():
    value = parse_when("2026-11-20T14:30:00+00:00")
    assert isinstance(value, datetime.datetime)
    assert value.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize("text", ["igår", "31/02/2026", "2026-13-01", "14:30", "20/11/2026 25:00"])
def test_it_rejects_what_is_not_a_date(text):
    with pytest.raises(CellError):
        parse_when(text)


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W47", datetime.date(2026, 11, 16)),
        ("2026W47", datetime.date(2026, 11, 16)),
        ("2026-w47-3", datetime.date(2026, 11, 16)),
        ("2026 v47", datetime.date(2026, 11, 16)),
        ("v47", datetime.date(2026, 11, 16)),
        ("V. 47", datetime.date(2026, 11, 16)),
        ("vecka 47", datetime.date(2026, 11, 16)),
        ("47", datetime.date(2026, 11, 16)),
        ("v48", datetime.date(2025, 11, 24)),  # week 48 of 2026 has not begun: last year's
        ("2026-W53", datetime.date(2026, 12, 28)),
    ],
)
def test_it_reads_weeks(text, monday):
    assert parse_week(text, today=datetime.date(2026, 11, 20)) == monday


@pytest.mark.parametrize("text", ["2025-W53", "v0", "vecka", "W99", "förra veckan"])
def test_it_rejects_what_is_not_a_week(text):
    with pytest.raises(CellError):
        parse_week(text, today=datetime.date(2026, 11, 20))


@pytest.mark.parametrize(
    ("text", "value"), [("15,794", 15.794), ("60.004", 60.004), (" 15\u00a0794,5 ", 15794.5)]
)
def test_it_reads_decimal_commas(text, value):
    assert imports.parse_decimal(text) == value


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "1,2,3"])
def test_it_rejects_what_is_not_a_number(text):
    with pytest.raises(CellError):
        imports.parse_decimal(text)


# --- the preview --------------------------------------------------------------------------------


@pytest.fixture
def coordinator_batch(fagersta_coordinator, fagersta) -> ImportBatch:
    return upload(fagersta_coordinator, fagersta)


def test_it_stores_nothing_but_the_batch_before_confirming(
    fagersta_coordinator, fagersta, coordinator_batch
):
    before = Report.objects.count()
    preview = imports.import_preview(user=fagersta_coordinator, batch=coordinator_batch)
    assert len(preview.rows) == 3
    assert Report.objects.count() == before
    assert coordinator_batch.status == ImportStatus.PREVIEW
    assert coordinator_batch.filename == "logg.csv"


def test_the_preview_reads_swedish_values_and_shows_errors_per_row(
    fagersta_coordinator, coordinator_batch
):
    preview = imports.import_preview(user=fagersta_coordinator, batch=coordinator_batch)
    first, second, third = preview.rows
    assert first.is_valid and third.is_valid
    assert first.report.category_label == "Skadegörelse: Klotter"
    assert first.report.area.name == "Centrum"
    assert timezone.localtime(first.report.occurred_at).strftime("%H:%M") == "14:30"
    assert (first.report.count, first.report.assessment, first.report.trend) == (
        3,
        "yellow",
        "increased",
    )
    assert third.report.category.key == "glaskross"
    assert (third.report.assessment, third.report.trend) == ("red", "decreased")
    assert third.report.occurred_at is None  # a date alone counts for its week
    assert third.report.period_start == LAST_WEEK - datetime.timedelta(days=LAST_WEEK.weekday())
    assert preview_errors(preview) == {3: [("category", "category")]}
    (error,) = second.errors
    assert (error.label, error.message) == ("Category", "Unknown category.")
    assert preview.new_count == 2


def test_the_preview_runs_the_checks_of_report_submit(fagersta_coordinator, fagersta):
    future = TODAY + datetime.timedelta(days=3)
    text = (
        "Nr;Datum;Kategori;Lon;Lat;Beskrivning;Antal;Bedömning;Trend;Vecka\n"
        f"1;{YESTERDAY};klotter;15,794;60,004;Vid torget;1;gul;ökat;\n"
        f"2;{YESTERDAY};klotter;18,0686;59,3293;I Stockholm;1;;;\n"
        f"3;{future};klotter;;;;1;;;\n"
        f"4;{YESTERDAY};klotter;;;{'x' * 2001};1;;;\n"
        f"5;{YESTERDAY};klotter;;;Ring 070-123 45 67;1;;;\n"
        f"6;{YESTERDAY};skadegorelse;;;;1;;;\n"
        f"7;{YESTERDAY};klotter;;;;noll;lila;uppåt;\n"
        f"8;;klotter;;;;1;;;\n"
        f"9;;klotter;;;;1;;;v99\n"
        f"1;{YESTERDAY};brand;;;;1;;;\n"
        f"10;{YESTERDAY};klotter;15,794;;;1;;;\n"
        f"11;{YESTERDAY};klotter;;;;0;;;\n"
    )
    batch = upload(fagersta_coordinator, fagersta, text)
    preview = imports.import_preview(user=fagersta_coordinator, batch=batch)
    assert preview.rows[0].report.area.name == "Centrum"  # the point, with decimal commas
    assert preview_errors(preview) == {
        3: [("lon", "outside")],
        4: [("occurred_at", "future")],
        5: [("text", "too_long")],
        6: [("text", "personal_data")],
        7: [("category", "category")],
        8: [("count", "invalid"), ("assessment", "invalid"), ("trend", "invalid")],
        9: [("occurred_at", "required")],
        10: [("week", "invalid")],
        11: [("external_id", "duplicate")],
        12: [("lat", "invalid")],
        13: [("count", "min_value")],
    }
    assert "Stockholm" not in str(preview.rows[1].errors)  # the message names Fagersta
    assert "Fagersta" in preview.rows[1].errors[0].message


def test_it_matches_categories_by_key_name_and_main_sub_whatever_the_case(
    fagersta_coordinator, fagersta
):
    lookups = imports.Lookups.for_collaboration(fagersta)
    for text in ("klotter", "KLOTTER", "Klotter", "skadegörelse: klotter", "Skadegorelse:Klotter"):
        assert lookups.category(text).key == "klotter"
    with pytest.raises(CellError):
        lookups.category("Skadegörelse")  # has sub-categories


def test_it_does_not_match_another_collaborations_categories_or_areas(fagersta):
    lookups = imports.Lookups.for_collaboration(fagersta)
    with pytest.raises(CellError):
        lookups.category("narkotika")  # Ludvika's Sociala risker template
    with pytest.raises(CellError):
        lookups.area("Marnäs")  # Ludvika's area


def test_it_combines_a_date_column_with_a_time_column(fagersta_coordinator, fagersta):
    text = f"Kategori;Datum;Tid\nklotter;{YESTERDAY:%d.%m.%Y};21.15\n"
    batch = upload(fagersta_coordinator, fagersta, text)
    assert batch.mapping == {"category": 0, "occurred_at": 1, "time": 2}
    (row,) = imports.import_preview(user=fagersta_coordinator, batch=batch).rows
    local = timezone.localtime(row.report.occurred_at)
    assert (local.date(), local.strftime("%H:%M")) == (YESTERDAY, "21:15")


def test_it_reads_weeks_and_english_values(fagersta_coordinator, fagersta):
    week = f"{LAST_WEEK:%G-W%V}"
    text = f"category,week,assessment,trend\nbrand,{week},Red,Unchanged\n"
    batch = upload(fagersta_coordinator, fagersta, text)
    (row,) = imports.import_preview(user=fagersta_coordinator, batch=batch).rows
    assert row.report.period_start == datetime.date.fromisoformat(f"{week}-1")
    assert (row.report.assessment, row.report.trend) == ("red", "unchanged")


def test_a_changed_mapping_changes_the_preview(fagersta_coordinator, fagersta):
    text = f"Vad;Vilken dag\nklotter;{YESTERDAY}\n"
    batch = upload(fagersta_coordinator, fagersta, text)
    assert batch.mapping == {}
    with pytest.raises(ValidationError) as exc:
        imports.import_batch_map(batch=batch, mapping={"occurred_at": 1})
    assert codes(exc) == {"category": ["required"]}
    with pytest.raises(ValidationError):
        imports.import_batch_map(batch=batch, mapping={"category": 5})
    imports.import_batch_map(batch=batch, mapping={"category": 0, "occurred_at": 1, "area": None})
    batch.refresh_from_db()
    assert batch.mapping == {"category": 0, "occurred_at": 1}
    assert imports.import_preview(user=fagersta_coordinator, batch=batch).rows[0].is_valid


# --- confirming ---------------------------------------------------------------------------------


def test_it_refuses_to_import_a_file_with_errors_and_stores_nothing(
    fagersta_coordinator, coordinator_batch
):
    before = Report.objects.count()
    with pytest.raises(ValidationError) as exc:
        imports.import_batch_confirm(
            user=fagersta_coordinator, batch=coordinator_batch, skip_errors=False
        )
    assert exc.value.code == "row_errors"
    assert Report.objects.count() == before
    coordinator_batch.refresh_from_db()
    assert coordinator_batch.status == ImportStatus.PREVIEW
    assert len(coordinator_batch.rows) == 3


def test_it_imports_only_the_good_rows_when_told_to_skip_errors(
    fagersta_coordinator, fagersta, coordinator_batch
):
    before = Report.objects.count()
    result = imports.import_batch_confirm(
        user=fagersta_coordinator, batch=coordinator_batch, skip_errors=True
    )
    assert (result.created, result.existing, result.skipped) == (2, 0, 1)
    assert Report.objects.count() == before + 2
    stored = Report.objects.filter(idempotency_key__startswith="import:").order_by(
        "idempotency_key"
    )
    assert [r.idempotency_key for r in stored] == ["import:A-1", "import:A-3"]
    assert {r.source for r in stored} == {ReportSource.IMPORT}
    assert {r.reporter for r in stored} == {fagersta_coordinator}
    assert {r.owner_organisation.name for r in stored} == {"Fagersta kommun"}
    batch = ImportBatch.objects.get(pk=coordinator_batch.pk)
    assert batch.status == ImportStatus.CONFIRMED
    assert batch.confirmed_at is not None
    assert (batch.created_count, batch.existing_count, batch.skipped_count) == (2, 0, 1)
    assert batch.rows == []  # the raw cells are not kept
    assert batch.skipped == [
        {
            "row": 3,
            "errors": [
                {
                    "field": "category",
                    "label": "Category",
                    "message": "Unknown category.",
                    "code": "category",
                }
            ],
        }
    ]


def test_a_file_without_errors_is_imported_whole(fagersta_coordinator, fagersta):
    text = "\n".join(HOUSING_LOG.splitlines()[:2] + HOUSING_LOG.splitlines()[3:]) + "\n"
    batch = upload(fagersta_coordinator, fagersta, text)
    result = imports.import_batch_confirm(user=fagersta_coordinator, batch=batch, skip_errors=False)
    assert (result.created, result.skipped) == (2, 0)


def test_one_row_failing_at_the_last_moment_rolls_back_every_row(
    fagersta_coordinator, fagersta, monkeypatch
):
    """Atomic: a row that became invalid after the preview undoes the rows stored before it."""
    text = "\n".join(HOUSING_LOG.splitlines()[:2] + HOUSING_LOG.splitlines()[3:]) + "\n"
    batch = upload(fagersta_coordinator, fagersta, text)
    real_submit = imports.services.report_submit
    calls: list[int] = []

    def submit_failing_the_second_time(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:  # e.g. the area was retired after the preview
            raise ValidationError({"area": ValidationError("Retired meanwhile.", code="area")})
        return real_submit(**kwargs)

    monkeypatch.setattr(imports.services, "report_submit", submit_failing_the_second_time)
    before = Report.objects.count()
    with pytest.raises(ValidationError):
        imports.import_batch_confirm(user=fagersta_coordinator, batch=batch, skip_errors=False)
    assert len(calls) == 2
    assert Report.objects.count() == before
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW


def test_it_confirms_a_batch_only_once(fagersta_coordinator, coordinator_batch):
    first = imports.import_batch_confirm(
        user=fagersta_coordinator, batch=coordinator_batch, skip_errors=True
    )
    count = Report.objects.count()
    stale = ImportBatch.objects.get(pk=coordinator_batch.pk)
    stale.status = ImportStatus.PREVIEW  # as a second request loaded it before the first ended
    again = imports.import_batch_confirm(user=fagersta_coordinator, batch=stale, skip_errors=True)
    assert first.done_now and not again.done_now
    assert again.created == first.created
    assert Report.objects.count() == count


def test_importing_the_same_file_again_duplicates_nothing(
    fagersta_coordinator, fagersta, coordinator_batch
):
    imports.import_batch_confirm(
        user=fagersta_coordinator, batch=coordinator_batch, skip_errors=True
    )
    count = Report.objects.count()
    again = upload(fagersta_coordinator, fagersta)
    preview = imports.import_preview(user=fagersta_coordinator, batch=again)
    assert [r.already_imported for r in preview.rows] == [True, False, True]
    assert preview.new_count == 0
    result = imports.import_batch_confirm(user=fagersta_coordinator, batch=again, skip_errors=True)
    assert (result.created, result.existing, result.skipped) == (0, 2, 1)
    assert Report.objects.count() == count


def test_rows_without_an_id_are_imported_each_time(fagersta_coordinator, fagersta):
    text = f"Kategori;Datum\nklotter;{YESTERDAY}\n"
    for _ in range(2):
        batch = upload(fagersta_coordinator, fagersta, text)
        imports.import_batch_confirm(user=fagersta_coordinator, batch=batch, skip_errors=False)
    assert ImportBatch.objects.filter(created_count=1).count() == 2


def test_a_cancelled_batch_cannot_be_confirmed(fagersta_coordinator, coordinator_batch):
    imports.import_batch_cancel(batch=coordinator_batch)
    coordinator_batch.refresh_from_db()
    assert coordinator_batch.status == ImportStatus.CANCELLED
    assert coordinator_batch.rows == []
    with pytest.raises(ValidationError) as exc:
        imports.import_batch_confirm(
            user=fagersta_coordinator, batch=coordinator_batch, skip_errors=True
        )
    assert exc.value.code == "finished"
    with pytest.raises(ValidationError):
        imports.import_batch_map(batch=coordinator_batch, mapping={"category": 0})


def test_a_reporter_imports_for_their_own_organisation(fagersta_reporter, fagersta):
    batch = upload(fagersta_reporter, fagersta)
    result = imports.import_batch_confirm(user=fagersta_reporter, batch=batch, skip_errors=True)
    assert result.created == 2
    stored = Report.objects.filter(reporter=fagersta_reporter, source=ReportSource.IMPORT)
    assert {r.unit.name for r in stored} == {"Fältassistenter"}


# --- the pages ----------------------------------------------------------------------------------


def _url(name: str, collaboration: Collaboration, batch: ImportBatch | None = None) -> str:
    kwargs = {"collaboration_id": collaboration.pk}
    if batch is not None:
        kwargs["batch_id"] = batch.pk
    return reverse(f"imports:{name}", kwargs=kwargs)


def test_a_coordinator_uploads_maps_previews_and_confirms(
    client_for, fagersta_coordinator, fagersta
):
    client = client_for(fagersta_coordinator)
    assert client.get(_url("upload", fagersta)).status_code == 200
    file = SimpleUploadedFile("bovärdar.csv", HOUSING_LOG.encode("cp1252"), "text/csv")
    response = client.post(_url("upload", fagersta), {"file": file})
    batch = ImportBatch.objects.get(uploaded_by=fagersta_coordinator)
    assert response.status_code == 302
    assert response["Location"] == _url("mapping", fagersta, batch)

    page = client.get(_url("mapping", fagersta, batch))
    assert page.status_code == 200
    assert page.context["form"]["category"].value() == "2"  # guessed from "Kategori"
    mapping = {key: str(column) for key, column in batch.mapping.items()}
    response = client.post(_url("mapping", fagersta, batch), mapping)
    assert response["Location"] == _url("batch", fagersta, batch)

    page = client.get(_url("batch", fagersta, batch))
    assert page.status_code == 200
    assert page.context["new_count"] == 2
    assert "Unknown category." in page.content.decode()

    before = Report.objects.count()
    refused = client.post(_url("confirm", fagersta, batch), follow=True)
    assert Report.objects.count() == before
    assert "1 rows have errors" in refused.content.decode()
    done = client.post(_url("confirm", fagersta, batch), {"skip_errors": "on"}, follow=True)
    assert Report.objects.count() == before + 2
    assert done.templates[0].name == "reporting/import_result.html"
    again = client.post(_url("confirm", fagersta, batch), {"skip_errors": "on"}, follow=True)
    assert Report.objects.count() == before + 2
    assert "already been imported" in again.content.decode()


def test_a_bad_file_is_refused_on_the_upload_page(client_for, fagersta_coordinator, fagersta):
    client = client_for(fagersta_coordinator)
    junk = SimpleUploadedFile("logg.csv", bytes(range(256)) * 20, "text/csv")
    response = client.post(_url("upload", fagersta), {"file": junk})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is not a text file. Save it as CSV (UTF-8) or XLSX."
    ]
    assert not ImportBatch.objects.filter(uploaded_by=fagersta_coordinator).exists()


def test_the_preview_pages_and_filters_rows_with_errors(client_for, fagersta_coordinator, fagersta):
    rows = "".join(f"{'klotter' if n % 50 else 'fel'};{YESTERDAY}\n" for n in range(1, 251))
    batch = upload(fagersta_coordinator, fagersta, "Kategori;Datum\n" + rows)
    client = client_for(fagersta_coordinator)
    page = client.get(_url("batch", fagersta, batch))
    assert len(page.context["page"].object_list) == 100
    errors = client.get(_url("batch", fagersta, batch) + "?errors=1")
    assert [r["row"] for r in errors.context["page"].object_list] == [51, 101, 151, 201, 251]


def test_the_batch_pages_answer_404_to_another_collaboration(
    client_for, ludvika_coordinator, fagersta, coordinator_batch
):
    client = client_for(ludvika_coordinator)
    for name in ("batch", "mapping"):
        assert client.get(_url(name, fagersta, coordinator_batch)).status_code == 404
    for name in ("confirm", "cancel"):
        assert client.post(_url(name, fagersta, coordinator_batch)).status_code == 404
    assert client.get(_url("upload", fagersta)).status_code == 404
    coordinator_batch.refresh_from_db()
    assert coordinator_batch.status == ImportStatus.PREVIEW


def test_a_batch_is_seen_only_by_the_person_who_uploaded_it(
    client_for, fagersta_admin, fagersta, coordinator_batch
):
    client = client_for(fagersta_admin)
    assert client.get(_url("batch", fagersta, coordinator_batch)).status_code == 404
    assert client.post(_url("confirm", fagersta, coordinator_batch)).status_code == 404
    assert coordinator_batch not in client.get(_url("upload", fagersta)).context["batches"]


def test_the_batch_url_must_name_the_batchs_collaboration(
    client_for, fagersta_coordinator, ludvika, coordinator_batch
):
    client = client_for(fagersta_coordinator)
    assert client.get(_url("batch", ludvika, coordinator_batch)).status_code == 404


@pytest.mark.parametrize("username", ["polis.fagersta", "grupp.fagersta", "styrgrupp.fagersta"])
def test_members_without_a_reporting_role_may_not_import(client_for, fagersta, username):
    client = client_for(User.objects.get(username=username))
    assert client.get(_url("upload", fagersta)).status_code == 403


def test_reporters_and_administrators_may_import(
    client_for, fagersta_reporter, fagersta_admin, fagersta
):
    for user in (fagersta_reporter, fagersta_admin):
        assert client_for(user).get(_url("upload", fagersta)).status_code == 200


def test_the_county_officer_reads_fagersta_but_may_not_import(client_for, county_officer, fagersta):
    assert client_for(county_officer).get(_url("upload", fagersta)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, fagersta):
    response = client.get(_url("upload", fagersta))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_cancelling_stores_nothing_and_returns_to_the_upload_page(
    client_for, fagersta_coordinator, fagersta, coordinator_batch
):
    before = Report.objects.count()
    response = client_for(fagersta_coordinator).post(_url("cancel", fagersta, coordinator_batch))
    assert response["Location"] == _url("upload", fagersta)
    coordinator_batch.refresh_from_db()
    assert coordinator_batch.status == ImportStatus.CANCELLED
    assert Report.objects.count() == before
