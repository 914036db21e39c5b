"""Reading the sources' files: every irregularity of Brå's, SCB's and Kolada's files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from laget.stats.choices import ImportKind, RowOutcome
from laget.stats.files import RegionMatcher, fold, parse_number, parse_year, read_table
from laget.stats.models import POPULATION_KEY
from laget.stats.parsers import crime_category, group_code, parse

FILES = Path(__file__).parent / "files"

MUNICIPALITIES = [
    ("0180", "Stockholm"),
    ("1480", "Göteborg"),
    ("1280", "Malmö"),
    ("2039", "Malung-Sälen"),
    ("2080", "Falun"),
    ("1982", "Fagersta"),
    ("0980", "Gotland"),
    ("2061", "Smedjebacken"),
    ("2083", "Hedemora"),
    ("1981", "Sala"),
    ("1983", "Köping"),
    ("1984", "Arboga"),
    ("1885", "Lindesberg"),
    ("2085", "Ludvika"),
    ("1980", "Västerås"),
    ("0115", "Vallentuna"),
    ("1904", "Skinnskatteberg"),
    ("1962", "Norberg"),
    ("0114", "Upplands Väsby"),
]
COUNTIES = [("01", "Stockholm"), ("09", "Gotland"), ("19", "Västmanland"), ("20", "Dalarna")]


@pytest.fixture
def matcher() -> RegionMatcher:
    return RegionMatcher(MUNICIPALITIES, COUNTIES)


def _parse(kind: str, name: str, content: bytes, matcher: RegionMatcher, **options: Any):
    return parse(kind=kind, name=name, content=content, options=options, matcher=matcher)


def _file(name: str) -> bytes:
    return (FILES / name).read_bytes()


def _by_label(parsed: Any) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for entry in parsed.report:
        result.setdefault(entry["label"], []).append(entry)
    return result


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1\u202f234", 1234),
        ("1\u2009234 567", 1234567),
        ("1.234", 1234),
        ("1.234.567", 1234567),
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("\u221212", -12),
        ("0", 0),
        ("..", None),
        ("–", None),
        ("-", None),
        ("", None),
        ("x", None),
    ],
)
def test_numbers_are_read_as_the_sources_write_them(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["12a", "1 2 3,4,5", "#REF!", "1e5", "12,5,1"])
def test_garbled_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_years_and_folding() -> None:
    assert parse_year("2023") == 2023
    assert parse_year("År 2023") == 2023
    assert parse_year("2023.0") == 2023
    assert parse_year("2023M12") is None
    assert parse_year("123") is None
    assert fold(" Malung–Sälens  kommun ") == "malung-salens kommun"


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("Malung-Sälen", "municipality", "2039"),
        ("Malung-Sälens kommun", "municipality", "2039"),
        ("Malung – Sälen", "municipality", "2039"),
        ("MALUNG-SÄLEN", "municipality", "2039"),
        ("Falu kommun", "municipality", "2080"),
        ("Falun", "municipality", "2080"),
        ("Region Gotland", "municipality", "0980"),
        ("Gotlands kommun", "municipality", "0980"),
        ("Gotlands län", "county", "09"),
        ("Stockholms stad", "municipality", "0180"),
        ("Stockholms län", "county", "01"),
        ("Västmanlands län", "county", "19"),
        ("Region Dalarna", "county", "20"),
        ("Västerås stad", "municipality", "1980"),
        ("Upplands Väsby", "municipality", "0114"),
        ("1984 Arboga", "municipality", "1984"),
        ("20 Dalarnas län", "county", "20"),
        ("00 Riket", "national", "00"),
        ("Hela landet", "national", "00"),
        ("Riket", "national", "00"),
        ("Totalt", "total", ""),
        ("Stockholm: Rinkeby-Kista", "sub", ""),
        ("Göteborg - Centrum", "sub", ""),
        ("Malmö, Husie", "sub", ""),
        ("varav Södermalm", "sub", ""),
        ("Atlantis", "unknown", ""),
    ],
)
def test_names_are_matched_to_scb_codes(
    matcher: RegionMatcher, name: str, kind: str, code: str
) -> None:
    region = matcher.by_name(name)
    assert (region.kind, region.code) == (kind, code)


def test_codes_win_and_lost_leading_zeros_are_restored(matcher: RegionMatcher) -> None:
    assert matcher.by_code("180").code == "0180"
    assert matcher.by_code("0180").kind == "municipality"
    assert matcher.by_code("0020").kind == "county"  # Kolada's region id
    assert matcher.by_code("0000").kind == "national"
    assert matcher.by_code("9999").kind == "unknown"
    assert matcher.by_code("abc") is None


def test_crime_categories_become_series() -> None:
    assert crime_category("Anmälda brott")[0] == "bra-anmalda-brott"
    assert crime_category("Totalt antal anmälda brott")[0] == "bra-anmalda-brott"
    assert crime_category("Antal")[0] == "bra-anmalda-brott"
    assert crime_category("Skadegörelsebrott")[0] == "bra-skadegorelse"
    assert crime_category("Klotter")[0] == "bra-klotter"
    assert crime_category("Bedrägeribrott")[0] == "bra-bedrageri"
    assert crime_category("Brott mot griftefrid")[0] == "bra-brott-mot-griftefrid"


# --- Brå ----------------------------------------------------------------------------------------


def test_bras_file_with_every_irregularity(matcher: RegionMatcher) -> None:
    parsed = _parse(ImportKind.BRA, "bra_2023.csv", _file("bra_2023.csv"), matcher)
    values = {(v["series"], v["code"], v["year"]): v["value"] for v in parsed.values}
    total = "bra-anmalda-brott"
    assert values[(total, "00", 2023)] == 1234567  # "Hela landet" kept as the country
    assert values[(total, "19", 2023)] == 25000  # a county row kept as the county
    assert values[(total, "0180", 2023)] == 100000
    assert values[(total, "2039", 2023)] == 1234  # "1.234", "Malung-Sälens kommun"
    assert values[(total, "2080", 2023)] == 2345  # non-breaking space, "Falu kommun"
    assert values[(total, "1982", 2023)] == 1456  # narrow space, upper case
    assert values[(total, "0980", 2023)] == 4321  # "Region Gotland"
    assert values[(total, "1981", 2023)] == 1500  # "sala  kommun"
    assert values[("bra-skadegorelse", "1982", 2023)] == 120
    # The rate column is not imported, and the file says why.
    assert all(v["series"] in (total, "bra-skadegorelse") for v in parsed.values)
    assert any("Per 100 000" in note for note in parsed.notes)
    assert parsed.series["bra-skadegorelse"]["category_key"] == "skadegorelse"
    assert parsed.series[total]["is_count"] is True
    report = _by_label(parsed)
    assert report["Stockholm: Rinkeby-Kista"][0]["outcome"] == RowOutcome.SKIPPED
    assert "stadsdel" in report["Stockholm: Rinkeby-Kista"][0]["reason"]
    assert report["varav Södermalm"][0]["outcome"] == RowOutcome.SKIPPED
    assert report["Atlantis"][0]["outcome"] == RowOutcome.UNMATCHED
    assert report["Totalt"][0]["outcome"] == RowOutcome.SKIPPED
    assert {e["outcome"] for e in report["Smedjebacken"]} == {RowOutcome.SKIPPED}
    hedemora = {e.get("series"): e for e in report["Hedemora"]}
    assert hedemora[total]["outcome"] == RowOutcome.ERROR
    assert "12a" in hedemora[total]["reason"]
    assert values[("bra-skadegorelse", "2083", 2023)] == 40  # the row's other figure is fine
    # Gotland came twice (Region Gotland, Gotlands kommun): the second is reported.
    assert any(e["outcome"] == RowOutcome.ERROR for e in report["Gotlands kommun"])
    assert report["Anm: alla siffror är påhittade."][0]["outcome"] == RowOutcome.SKIPPED
    # No row is silently dropped: every data line of the file is a value or a report entry.
    lines = {v["line"] for v in parsed.values} | {e["line"] for e in parsed.report}
    assert lines == set(range(5, 21))


def test_bras_year_from_the_title_or_the_form(matcher: RegionMatcher) -> None:
    content = "Kommun;Anmälda brott\nFagersta;100\n".encode()
    with pytest.raises(ValidationError) as error:
        _parse(ImportKind.BRA, "brott.csv", content, matcher)
    assert error.value.error_dict["file"][0].code == "year"
    parsed = _parse(ImportKind.BRA, "brott.csv", content, matcher, year=2021)
    assert parsed.values[0]["year"] == 2021
    parsed = _parse(ImportKind.BRA, "anmalda_brott_2019.csv", content, matcher)
    assert parsed.values[0]["year"] == 2019


def test_bras_long_file_with_a_category_per_row(matcher: RegionMatcher) -> None:
    parsed = _parse(ImportKind.BRA, "bra_long.csv", _file("bra_long.csv"), matcher)
    values = {(v["series"], v["code"], v["year"]): v["value"] for v in parsed.values}
    assert values == {
        ("bra-anmalda-brott", "1982", 2021): 1400,
        ("bra-skadegorelse", "1982", 2021): 110,
        ("bra-anmalda-brott", "1982", 2022): 1420,
        ("bra-skadegorelse", "1982", 2022): 115,
        ("bra-skadegorelse", "1962", 2022): 30,
    }
    assert parsed.report[0]["outcome"] == RowOutcome.ERROR  # "tjugo" is not a year


def test_bras_xlsx_with_codes_years_as_columns_and_a_lost_zero(matcher: RegionMatcher) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Brottsstatistik, anmälda brott (syntetiska testdata)"])
    sheet.append([])
    sheet.append(["Kommunkod", "Region", "2022", "2023"])
    sheet.append([180, "Stockholms stad", 99000, 100000])
    sheet.append(["1982", "Fel namn men rätt kod", 1400.0, "1 456"])
    sheet.append([9999, "Okänd", 1, 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = _parse(ImportKind.BRA, "bra.xlsx", buffer.getvalue(), matcher)
    values = {(v["code"], v["year"]): v["value"] for v in parsed.values}
    assert values == {
        ("0180", 2022): 99000,
        ("0180", 2023): 100000,
        ("1982", 2022): 1400,
        ("1982", 2023): 1456,
    }
    assert parsed.report[0]["outcome"] == RowOutcome.UNMATCHED
    assert "9999" in parsed.report[0]["reason"]


# --- SCB, Kolada, other series, kommungrupper ---------------------------------------------------


def test_scbs_wide_table(matcher: RegionMatcher) -> None:
    parsed = _parse(ImportKind.SCB_POPULATION, "scb.csv", _file("scb_population.csv"), matcher)
    values = {(v["code"], v["year"]): v["value"] for v in parsed.values}
    assert values[("00", 2023)] == 10550000
    assert values[("19", 2022)] == 280000
    assert values[("1982", 2023)] == 13300
    assert values[("2085", 2022)] == 25900
    assert ("2085", 2023) not in values
    assert {v["series"] for v in parsed.values} == {POPULATION_KEY}
    outcomes = {e["label"]: e["outcome"] for e in parsed.report}
    assert outcomes["9999 Ingenstans"] == RowOutcome.UNMATCHED
    assert outcomes["2085 Ludvika"] == RowOutcome.SKIPPED


def test_scbs_long_table_keeps_totals_only(matcher: RegionMatcher) -> None:
    parsed = _parse(ImportKind.SCB_POPULATION, "scb.csv", _file("scb_long.csv"), matcher)
    assert {(v["code"], v["year"]): v["value"] for v in parsed.values} == {
        ("1982", 2024): 13350,
        ("1962", 2024): 5800,
    }
    assert parsed.report[0]["outcome"] == RowOutcome.SKIPPED
    assert "män" in parsed.report[0]["reason"]


def test_kolada_keeps_the_total_gender(matcher: RegionMatcher) -> None:
    parsed = _parse(ImportKind.KOLADA, "kolada.csv", _file("kolada.csv"), matcher)
    assert {(v["series"], v["code"]): v["value"] for v in parsed.values} == {
        ("kolada-n07403", "1982"): 98.5,
        ("kolada-n07403", "00"): 120.25,
    }
    assert parsed.series["kolada-n07403"]["name"].startswith("Anmälda skadegörelsebrott")
    outcomes = [e["outcome"] for e in parsed.report]
    assert outcomes == [RowOutcome.SKIPPED, RowOutcome.UNMATCHED, RowOutcome.ERROR]
    women = _parse(ImportKind.KOLADA, "kolada.csv", _file("kolada.csv"), matcher, gender="K")
    assert [v["value"] for v in women.values] == [40]


def test_generic_import_with_chosen_columns(matcher: RegionMatcher) -> None:
    options = {
        "series_name": "Andel trygga i skolenkäten",
        "unit": "%",
        "source": "other",
        "region_column": "Skola/kommun",
        "year_column": "Läsår",
        "value_column": "Andel trygga (%)",
    }
    parsed = _parse(ImportKind.GENERIC, "skolenkat.csv", _file("skolenkat.csv"), matcher, **options)
    assert {(v["series"], v["code"], v["year"]): v["value"] for v in parsed.values} == {
        ("other-andel-trygga-i-skolenkaten", "1982", 2024): 81.5,
        ("other-andel-trygga-i-skolenkaten", "1962", 2024): 79,
    }
    assert parsed.report[0]["outcome"] == RowOutcome.SKIPPED  # "x": no figure
    with pytest.raises(ValidationError) as error:
        _parse(
            ImportKind.GENERIC,
            "skolenkat.csv",
            _file("skolenkat.csv"),
            matcher,
            **{**options, "value_column": "Finns inte"},
        )
    assert "value_column" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _parse(ImportKind.GENERIC, "skolenkat.csv", _file("skolenkat.csv"), matcher)
    assert "series_name" in error.value.message_dict


def test_kommungrupper(matcher: RegionMatcher) -> None:
    parsed = _parse(
        ImportKind.MUNICIPALITY_GROUPS, "grupper.csv", _file("kommungrupper.csv"), matcher
    )
    assert {g["code"]: g["group"] for g in parsed.groups} == {
        "1982": "C7",
        "2085": "C6",
        "1983": "C6",
    }
    assert parsed.report[0]["outcome"] == RowOutcome.ERROR
    assert group_code("c8") == "C8"
    assert group_code("Landsbygdskommun med besöksnäring") == "C9"
    assert group_code("D1") is None


# --- bad files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("brott.pdf", b"%PDF-1.4", "extension"),
        ("brott.csv", b"", "empty"),
        ("brott.csv", b"  \n\n ", "empty"),
        ("brott.csv", b"\x00\x01\x02\x03binary" * 50, "format"),
        ("brott.csv", b"PK\x03\x04rest", "format"),
        ("brott.xlsx", b"not a zip file at all", "format"),
        ("brott.csv", "Något;Annat\n1;2\n".encode(), "header"),
        ("brott.csv", "Kommun;Anmälda brott 2023\nFagersta;abc\nNorberg;x?\n".encode(), "values"),
        ("brott.csv", "Kommun;Anmälda brott 2023\nAtlantis;12\n".encode(), "values"),
    ],
)
def test_bad_files_get_a_clear_message(
    matcher: RegionMatcher, name: str, content: bytes, code: str
) -> None:
    with pytest.raises(ValidationError) as error:
        _parse(ImportKind.BRA, name, content, matcher)
    assert error.value.error_dict["file"][0].code == code


def test_an_oversized_file_is_refused_before_reading(matcher: RegionMatcher) -> None:
    content = b"Kommun;Antal 2023\n" + b"Fagersta;1\n" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        read_table(name="stor.csv", content=content)
    assert error.value.error_dict["file"][0].code == "size"


def test_utf16_and_windows_1252_files_are_read(matcher: RegionMatcher) -> None:
    text = "Kommun\tAnmälda brott 2023\nMalung-Sälens kommun\t1 234\n"
    utf16 = _parse(ImportKind.BRA, "brott.csv", text.encode("utf-16"), matcher)
    assert [(v["code"], v["value"]) for v in utf16.values] == [("2039", 1234)]
    cp1252 = _parse(ImportKind.BRA, "brott.csv", text.encode("cp1252"), matcher)
    assert [(v["code"], v["value"]) for v in cp1252.values] == [("2039", 1234)]
