"""Reading statistics files: cells, numbers, years and region names as the sources write them.

Brå, SCB and Kolada publish CSV and XLSX files whose details vary from year to year: title rows
before the header, header wording, name forms ("Falu kommun", "Malung-Sälens kommun", "Region
Gotland"), number formatting ("1 234" with ordinary, non-breaking or thin spaces, "1.234",
"12,5", ".." for a missing figure). The functions here turn all of those into codes and numbers,
or say clearly why they cannot.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
EXTENSIONS = (".csv", ".xlsx")
#: How far down the file a header row is looked for (title and preamble rows come first).
HEADER_SEARCH_ROWS = 40


def file_error(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


# --- cells ------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no diacritics, one kind of dash, single spaces: "Malung–Sälens " → "malung-salens"."""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"\s*-\s*", "-", plain)
    return " ".join(plain.split()).rstrip(":*").strip()


def _decode(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        raise file_error(
            _("This is an Excel (XLSX) file with the wrong name. Give it the ending .xlsx."),
            "format",
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" and some statistics portals save UTF-16 with a BOM.
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise file_error(
                _("The file's characters could not be read. Save it as CSV (UTF-8) or XLSX."),
                "encoding",
            ) from exc
    if b"\x00" in content[:4096]:
        raise file_error(
            _("The file is not a text file. Save it as CSV (UTF-8) or XLSX."), "format"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    control = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n")
    if control > max(2, len(text) // 1000) or text.count("\ufffd") > max(2, len(text) // 100):
        raise file_error(
            _("The file is not a text file. Save it as CSV (UTF-8) or XLSX."), "format"
        )
    return text


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(content: bytes) -> list[list[str]]:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for row in reader:
            rows.append([cell.strip() for cell in row[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS:
                raise file_error(_("The file has too many rows."), "rows")
    except csv.Error as exc:
        raise file_error(
            _("The CSV file could not be read (line %(line)s).") % {"line": reader.line_num},
            "format",
        ) from exc
    return rows


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise file_error(_("The file is not a readable XLSX file."), "format") from exc
    rows: list[list[str]] = []
    try:
        if workbook.worksheets:
            sheet = workbook.worksheets[0]
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append([_cell_text(v) for v in values])
                if len(rows) > MAX_ROWS:
                    raise file_error(_("The file has too many rows."), "rows")
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise file_error(_("The file is not a readable XLSX file."), "format") from exc
    finally:
        workbook.close()
    return rows


def read_table(*, name: str, content: bytes) -> list[tuple[int, list[str]]]:
    """The file's non-empty rows as ``(line number, cells)``, or a clear error."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise file_error(_("Choose a CSV or XLSX file."), "extension")
    if len(content) > MAX_BYTES:
        raise file_error(_("The file is too large (at most 10 MB)."), "size")
    if not content.strip():
        raise file_error(_("The file is empty."), "empty")
    raw = _xlsx_rows(content) if extension == ".xlsx" else _csv_rows(content)
    rows = []
    for number, cells in enumerate(raw, start=1):
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append((number, cells))
    if not rows:
        raise file_error(_("The file is empty."), "empty")
    return rows


def find_header(
    rows: list[tuple[int, list[str]]], accepts: Any
) -> tuple[int, list[str], list[tuple[int, list[str]]]] | None:
    """The first row (within ``HEADER_SEARCH_ROWS``) for which ``accepts(folded cells)`` is
    true: ``(index, header cells, rows before it)``; None when there is none."""
    for index, (_line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        folded = [fold(c) for c in cells]
        if accepts(folded):
            return index, cells, rows[:index]
    return None


def cell(cells: list[str], column: int | None) -> str:
    if column is None or column >= len(cells):
        return ""
    return cells[column].strip()


# --- numbers and years --------------------------------------------------------------------------

#: How the sources write "no figure": Brå and SCB use ".." and dashes, some files "x" or blank.
MISSING = {"", "..", "...", "…", "-", "–", "—", "x", "X", ".", "na", "n/a", "NA", "saknas"}
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']")


class NumberError(ValueError):
    """A cell that should hold a number but holds something else."""


def parse_number(text: str) -> float | None:
    """A figure as the sources write it; ``None`` for a missing-value marker.

    "1 234" (any kind of space), "1.234" and "1.234.567" (dots between thousands), "12,5"
    (decimal comma), "1.234,5", "1,234.5", "−12" (minus sign). Raises ``NumberError`` otherwise.
    """
    raw = str(text).strip()
    if raw in MISSING:
        return None
    cleaned = _SPACES.sub("", raw).replace("\u2212", "-")
    if cleaned in MISSING:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d+", cleaned):
        cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise NumberError(raw)
    value = float(cleaned)
    if not math.isfinite(value):
        raise NumberError(raw)
    return value


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def parse_year(text: str) -> int | None:
    """A year written alone ("2023", "2023.0", "År 2023", "2023M12" is not a year)."""
    raw = str(text).strip()
    match = re.fullmatch(r"(?:ar|år|year)?\s*(19[5-9]\d|20\d\d)(?:\.0)?", raw, re.IGNORECASE)
    return int(match.group(1)) if match else None


def year_in_text(texts: Iterable[str]) -> int | None:
    """The latest plausible year mentioned in titles or a file name."""
    years = [int(y) for text in texts for y in _YEAR.findall(str(text))]
    this_year = datetime.date.today().year
    years = [y for y in years if y <= this_year]
    return max(years) if years else None


# --- region names and codes ---------------------------------------------------------------------

NATIONAL_NAMES = {"hela landet", "riket", "sverige", "hela riket", "samtliga kommuner", "landet"}
TOTAL_NAMES = {"totalt", "total", "summa", "samtliga", "alla", "summa totalt"}
SUB_PREFIXES = ("varav ", "darav ", "dar av ", "var av ", "stadsdel ", "stadsdelsomrade ")
#: Names whose genitive is irregular (the rest add an s).
IRREGULAR = {"falu": "falun"}


@dataclass(frozen=True)
class Region:
    """What a name or code in a file stands for."""

    kind: str  # "municipality", "county", "national", "total", "sub", "unknown"
    code: str = ""
    name: str = ""


class RegionMatcher:
    """Matches the names and codes of a file to SCB's municipality and county codes."""

    def __init__(
        self, municipalities: Iterable[tuple[str, str]], counties: Iterable[tuple[str, str]]
    ) -> None:
        self.municipality_names: dict[str, tuple[str, str]] = {}
        self.municipality_codes: dict[str, str] = {}
        for code, name in municipalities:
            self.municipality_names[fold(name)] = (code, name)
            self.municipality_codes[code] = name
        self.county_names: dict[str, tuple[str, str]] = {}
        self.county_codes: dict[str, str] = {}
        for code, name in counties:
            self.county_names[fold(name)] = (code, name)
            self.county_codes[code] = name
        self.big_cities = {
            fold(n)
            for n in ("Stockholm", "Göteborg", "Malmö")
            if fold(n) in self.municipality_names
        }

    @classmethod
    def from_database(cls) -> RegionMatcher:
        from laget.geography.models import County, Municipality

        return cls(
            Municipality.objects.values_list("code", "name"),
            County.objects.values_list("code", "name"),
        )

    def _municipality(self, folded: str) -> tuple[str, str] | None:
        candidates = [folded]
        for suffix in (" kommun", " stad", " stads", " kommuns"):
            if folded.endswith(suffix):
                candidates.append(folded[: -len(suffix)].strip())
        for prefix in ("region ", "kommun ", "kommunen "):
            if folded.startswith(prefix):
                candidates.append(folded[len(prefix) :].strip())
        more = []
        for c in candidates:
            if c in IRREGULAR:
                more.append(IRREGULAR[c])
            if c.endswith("s"):
                more.append(c[:-1])
        for c in candidates + more:
            if c in self.municipality_names:
                return self.municipality_names[c]
        return None

    def _county(self, folded: str) -> tuple[str, str] | None:
        name = folded
        if name.startswith("lan:"):
            name = name[4:].strip()
        for suffix in (" lan", " lans"):
            if name.endswith(suffix):
                name = name[: -len(suffix)].strip()
        if name.startswith("region "):
            name = name[7:].strip()
        for candidate in (name, name[:-1] if name.endswith("s") else name):
            if candidate in self.county_names:
                return self.county_names[candidate]
        return None

    def by_code(self, text: str) -> Region | None:
        raw = re.sub(r"\s", "", str(text)).removesuffix(".0")
        if not raw.isdigit() or len(raw) > 4:
            return None
        if len(raw) == 4 and raw.startswith("00"):
            # Kolada: 0000 is the country, 0001–0025 the regions (counties).
            raw = raw[2:]
        if len(raw) in (3, 4):
            code = raw.zfill(4)
            if code in self.municipality_codes:
                return Region("municipality", code, self.municipality_codes[code])
            return Region("unknown", code)
        code = raw.zfill(2)
        if code == "00":
            return Region("national", "00", "Riket")
        if code in self.county_codes:
            return Region("county", code, self.county_codes[code])
        return Region("unknown", code)

    def by_name(self, text: str) -> Region:
        """A region from its name as a file writes it; with SCB's "1984 Arboga" the code wins."""
        raw = str(text).strip()
        coded = re.fullmatch(r"(\d{1,4})\s+(.+)", raw)
        if coded:
            region = self.by_code(coded.group(1))
            if region is not None and region.kind != "unknown":
                return region
            raw = coded.group(2)
        folded = fold(raw)
        if not folded:
            return Region("unknown")
        if folded in NATIONAL_NAMES:
            return Region("national", "00", "Riket")
        if folded in TOTAL_NAMES or folded.startswith("totalt "):
            return Region("total")
        if folded.startswith(SUB_PREFIXES):
            return Region("sub")
        is_county = " lan" in f" {folded}" and (
            folded.endswith(" lan") or folded.endswith(" lans") or folded.startswith("lan:")
        )
        if is_county:
            found = self._county(folded)
            return Region("county", *found) if found else Region("unknown")
        found = self._municipality(folded)
        if found:
            return Region("municipality", *found)
        # A stadsdel: "Stockholm: Rinkeby-Kista", "Göteborg, Centrum", "Malmö - Husie",
        # "Stockholms stad, Södermalm".
        parts = re.split(r"\s*[:,/-]\s*|\s+stadsdel\s+", folded, maxsplit=1)
        if len(parts) == 2 and self._municipality(parts[0]):
            return Region("sub")
        if folded.startswith("region "):
            found = self._county(folded)
            if found:
                return Region("county", *found)
        return Region("unknown")
