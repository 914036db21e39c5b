"""Importing reports from a file (CSV or XLSX), e.g. a housing company's own log.

The steps, each a function below:

1. ``import_batch_create`` reads the upload (``parse_file``) and keeps its cells in an
   :class:`~laget.reporting.models.ImportBatch`, with the columns guessed from the header names
   (``guess_mapping``).
2. ``import_batch_map`` stores the person's choice of column for each report field.
3. ``import_preview`` turns every row into a :class:`ReportInput` and runs the checks of
   ``report_submit`` on it without storing anything (``services.report_validate``), so the
   preview shows each row's values and errors.
4. ``import_batch_confirm`` stores every valid row in one transaction, through
   ``report_submit``, or nothing at all. Rows with errors are left out only when the person
   asks for it; otherwise the import is refused. A batch is confirmed once.

Who may import: members with a rapportör, samordnare or administratör role
(``access.IMPORTER_ROLES``). The reports are the importer's own, for the importer's own
organisation, exactly as if they had been sent through the report form. A batch is seen only by
the person who uploaded it (``import_batch_list``): its cells may hold free text not yet checked
for personal data.

Re-importing the same file does not duplicate reports when it has an id column: the id becomes
the idempotency key ``import:<id>`` of ``report_submit``.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laget import access
from laget.core.errors import field_error
from laget.geography.models import Area
from laget.organisations.models import Collaboration
from laget.reporting import services
from laget.reporting.choices import Assessment, ImportStatus, ReportSource, Trend
from laget.reporting.models import Category, ImportBatch, Report
from laget.reporting.services import ReportInput

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 100
EXTENSIONS = (".csv", ".xlsx")
#: ``report_submit`` accepts idempotency keys of at most 100 characters.
KEY_PREFIX = "import:"
MAX_EXTERNAL_ID = 100 - len(KEY_PREFIX)


# --- the report fields a column can be mapped to ------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    key: str
    label: Promise
    help: Promise
    #: Header names (folded, see ``_fold``) that make this column the automatic guess.
    headers: tuple[str, ...]


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "category",
        gettext_lazy("Category"),
        gettext_lazy('The category\'s key or name, e.g. "klotter" or "Skadegörelse: Klotter".'),
        ("kategori", "category", "kategorinyckel", "category key", "handelsetyp", "typ", "type"),
    ),
    ImportField(
        "occurred_at",
        gettext_lazy("Date or date and time"),
        gettext_lazy("E.g. 2026-11-20 14:30 or 20/11/2026. A date alone counts for its week."),
        (
            "tidpunkt",
            "datum och tid",
            "datum/tid",
            "datum tid",
            "datetime",
            "date/time",
            "date and time",
            "occurred at",
            "occurred_at",
            "nar",
            "when",
            "datum",
            "date",
            "handelsedatum",
        ),
    ),
    ImportField(
        "time",
        gettext_lazy("Time of day"),
        gettext_lazy("When the date is in a column of its own, e.g. 14:30."),
        ("klockslag", "kl", "klockan", "tid", "time", "time of day"),
    ),
    ImportField(
        "week",
        gettext_lazy("Week"),
        gettext_lazy('For reports about a whole week, e.g. 2026-W47 or "v47".'),
        ("vecka", "week", "v", "veckonummer", "week number"),
    ),
    ImportField(
        "area",
        gettext_lazy("Area"),
        gettext_lazy("The name of one of the collaboration's areas."),
        ("omrade", "area", "stadsdel", "bostadsomrade", "district"),
    ),
    ImportField(
        "lon",
        gettext_lazy("Longitude"),
        gettext_lazy("WGS 84, e.g. 15.794 or 15,794."),
        ("lon", "lng", "long", "longitud", "longitude"),
    ),
    ImportField(
        "lat",
        gettext_lazy("Latitude"),
        gettext_lazy("WGS 84, e.g. 60.004 or 60,004."),
        ("lat", "latitud", "latitude"),
    ),
    ImportField(
        "count",
        gettext_lazy("Number of occurrences"),
        gettext_lazy("A whole number; 1 when empty."),
        ("antal", "count", "number", "amount", "quantity", "st", "number of occurrences"),
    ),
    ImportField(
        "assessment",
        gettext_lazy("Assessment"),
        gettext_lazy("grön, gul or röd (or green, yellow, red)."),
        ("bedomning", "assessment", "farg", "trafikljus", "colour", "color", "niva", "level"),
    ),
    ImportField(
        "trend",
        gettext_lazy("Trend"),
        gettext_lazy("ökat, oförändrat or minskat (or increased, unchanged, decreased)."),
        ("trend", "utveckling", "forandring", "change"),
    ),
    ImportField(
        "text",
        gettext_lazy("Description"),
        gettext_lazy("Free text; checked for personal data like every report."),
        (
            "beskrivning",
            "text",
            "description",
            "kommentar",
            "comment",
            "anteckning",
            "notering",
            "note",
            "notes",
            "fritext",
            "handelsebeskrivning",
            "meddelande",
            "message",
        ),
    ),
    ImportField(
        "personal_data_reason",
        gettext_lazy("Reason for keeping personal data"),
        gettext_lazy("Only needed for rows whose description names people."),
        ("skal", "reason", "personal data reason", "personal_data_reason"),
    ),
    ImportField(
        "external_id",
        gettext_lazy("Id in your own system"),
        gettext_lazy("Optional. A row whose id was imported before is not imported again."),
        (
            "id",
            "externt id",
            "external id",
            "external_id",
            "arendenummer",
            "arendenr",
            "arende",
            "lopnummer",
            "nr",
            "referens",
            "reference",
            "ref",
        ),
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
FIELD_LABELS = {f.key: f.label for f in FIELDS}
#: Where ``report_submit`` names a field differently from the import.
SERVICE_FIELDS = {"period_start": "week", "unit": "", "__all__": ""}


def _fold(text: str) -> str:
    """Lower case without diacritics, single spaces and no trailing colon: "Område:" → "omrade"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split()).rstrip(":*").strip()


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Guess each field's column from the header names (Swedish or English)."""
    folded = [_fold(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for import_field in FIELDS:
        for name in import_field.headers:
            column = next((i for i, h in enumerate(folded) if h == name and i not in used), None)
            if column is not None:
                mapping[import_field.key] = column
                used.add(column)
                break
    if "time" in mapping and "occurred_at" not in mapping:
        mapping["occurred_at"] = mapping.pop("time")  # "Tid" alone: the date and time
    return mapping


# --- reading the file ---------------------------------------------------------------------------


@dataclass
class ParsedFile:
    headers: list[str]
    #: ``(row number in the file, cells)``, the header being row 1; empty rows left out.
    rows: list[tuple[int, list[str]]]


def _file_error(message: str, code: str) -> ValidationError:
    return field_error("file", message, code)


def _too_many_rows() -> ValidationError:
    return _file_error(
        _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS},
        "rows",
    )


def _decode(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        raise _file_error(
            _("This is an Excel (XLSX) file with the wrong name. Give it the ending .xlsx."),
            "format",
        )
    if b"\x00" in content:
        raise _file_error(
            _("The file is not a text file. Save it as CSV (UTF-8) or XLSX."), "format"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _file_error(
                _("The file's characters could not be read. Save it as CSV (UTF-8) or XLSX."),
                "encoding",
            ) from exc
    control = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n")
    if control > max(2, len(text) // 1000):
        raise _file_error(
            _("The file is not a text file. Save it as CSV (UTF-8) or XLSX."), "format"
        )
    return text


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for row in reader:
            yield [cell.strip() for cell in row[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise _file_error(
            _("The CSV file could not be read (line %(line)s).") % {"line": reader.line_num},
            "format",
        ) from exc


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person would type into a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise _file_error(_("The file is not a readable XLSX file."), "format") from exc
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        try:
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                yield [_cell_text(v) for v in values]
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
            raise _file_error(_("The file is not a readable XLSX file."), "format") from exc
    finally:
        workbook.close()


def parse_file(*, name: str, content: bytes) -> ParsedFile:
    """Read a CSV or XLSX file into a header row and data rows, or raise a clear error.

    CSV: ``;``, ``,`` or tab between columns, UTF-8 (with or without BOM) or Windows-1252.
    XLSX: the first sheet. At most 5 MB and 10 000 rows.
    """
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise _file_error(_("Choose a CSV or XLSX file."), "extension")
    if len(content) > MAX_BYTES:
        raise _file_error(_("The file is too large (at most 5 MB)."), "size")
    if not content.strip():
        raise _file_error(_("The file is empty."), "empty")
    lines = _xlsx_rows(content) if extension == ".xlsx" else _csv_rows(content)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(lines, start=1):
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if headers is None:
            headers = cells
            continue
        if len(rows) == MAX_ROWS:
            raise _too_many_rows()
        rows.append((number, cells))
    if headers is None or not rows:
        raise _file_error(
            _("The file has no rows below the header row."),
            "empty",
        )
    width = max(len(headers), *(len(cells) for _n, cells in rows))
    headers = [
        h or _("Column %(number)s") % {"number": i + 1}
        for i, h in enumerate(headers + [""] * (width - len(headers)))
    ]
    return ParsedFile(headers, rows)


# --- reading the cells --------------------------------------------------------------------------


class CellError(Exception):
    """A cell that cannot be read as what its column was mapped to."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


_ISO_DATE = re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})")
_DMY_DATE = re.compile(r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4}|\d{2})")
_TIME = re.compile(r"(?:kl\.?\s*)?(?P<h>\d{1,2})(?:[:.](?P<min>\d{2})(?:[:.](?P<s>\d{2}))?)?")


def parse_time(text: str) -> datetime.time:
    """A time of day: 14:30, 14.30, 14:30:00, kl. 14 or kl 14.30."""
    match = _TIME.fullmatch(text.strip().lower())
    if match is None:
        raise CellError(_("Not a time of day (use e.g. 14:30)."))
    try:
        return datetime.time(int(match["h"]), int(match["min"] or 0), int(match["s"] or 0))
    except ValueError as exc:
        raise CellError(_("Not a time of day (use e.g. 14:30).")) from exc


def parse_when(text: str) -> datetime.datetime | datetime.date:
    """A date, or a date and time: ISO (2026-11-20 14:30) or Swedish (20/11/2026, 20.11.2026).

    A value with a time is returned as a naive datetime (local time), a date alone as a date.
    """
    value = text.strip()
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        pass
    else:
        has_time = "T" in value.upper() or ":" in value
        return parsed if has_time else parsed.date()
    for pattern in (_ISO_DATE, _DMY_DATE):
        match = pattern.match(value)
        if match is None:
            continue
        year = int(match["y"])
        year = 2000 + year if year < 100 else year
        try:
            day = datetime.date(year, int(match["m"]), int(match["d"]))
        except ValueError as exc:
            raise CellError(_("Not a valid date.")) from exc
        rest = value[match.end() :].strip().lstrip("T").strip()
        if not rest:
            return day
        return datetime.datetime.combine(day, parse_time(rest))
    raise CellError(_("Not a date (use e.g. 2026-11-20 14:30 or 20/11/2026)."))


_WEEK = re.compile(
    r"(?:(?P<y>\d{4})\s*-?\s*)?(?:w|v|v\.|vecka|week)?\s*(?P<w>\d{1,2})(?:-\d)?", re.IGNORECASE
)


def parse_week(text: str, *, today: datetime.date | None = None) -> datetime.date:
    """An ISO week as its Monday: 2026-W47, 2026W47, 2026 v47, v47, v. 47, vecka 47 or 47.

    Without a year, the latest week with that number that has begun.
    """
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise CellError(_("Not a week (use e.g. 2026-W47 or v47)."))
    week = int(match["w"])
    today = today or timezone.localdate()
    year = int(match["y"]) if match["y"] else today.isocalendar().year
    try:
        monday = datetime.date.fromisocalendar(year, week, 1)
        if not match["y"] and monday > today:
            monday = datetime.date.fromisocalendar(year - 1, week, 1)
    except ValueError as exc:
        raise CellError(_("The year has no week %(week)s.") % {"week": week}) from exc
    return monday


def parse_decimal(text: str) -> float:
    """A number with a decimal point or a Swedish decimal comma (15,794)."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError as exc:
        raise CellError(_("Not a number.")) from exc
    if not math.isfinite(value):
        raise CellError(_("Not a number."))
    return value


def parse_count(text: str) -> int:
    if not text.strip():
        return 1
    try:
        value = parse_decimal(text)
    except CellError as exc:
        raise CellError(_("Not a whole number.")) from exc
    if not value.is_integer():
        raise CellError(_("Not a whole number."))
    return int(value)


ASSESSMENTS = {
    "gron": Assessment.GREEN,
    "green": Assessment.GREEN,
    "gul": Assessment.YELLOW,
    "yellow": Assessment.YELLOW,
    "rod": Assessment.RED,
    "red": Assessment.RED,
}
TRENDS = {
    **dict.fromkeys(["okat", "okar", "okning", "increased", "increase", "up"], Trend.INCREASED),
    **dict.fromkeys(["oforandrat", "oforandrad", "samma", "unchanged", "same"], Trend.UNCHANGED),
    **dict.fromkeys(
        ["minskat", "minskar", "minskning", "decreased", "decrease", "down"], Trend.DECREASED
    ),
}


def _choice(text: str, choices: dict[str, str], message: str) -> str:
    if not text.strip():
        return ""
    value = choices.get(_fold(text))
    if value is None:
        raise CellError(message)
    return value


@dataclass
class Lookups:
    """The collaboration's categories and areas by every name a file may use."""

    categories: dict[str, list[Category]]
    areas: dict[str, Area]
    #: Main categories that have sub-categories in use: reports go to the sub-categories.
    parents: set[int]

    @classmethod
    def for_collaboration(cls, collaboration: Collaboration) -> Lookups:
        categories: dict[str, list[Category]] = {}
        queryset = Category.objects.filter(
            template__collaboration=collaboration, template__is_active=True
        ).select_related("template", "parent")
        for category in queryset:
            names = {category.key, category.name, str(category)}
            if category.parent_id:
                names.add(f"{category.parent.key}:{category.key}")
            for name in {_fold(n) for n in names}:
                categories.setdefault(name, []).append(category)
        areas = {
            _fold(a.name): a
            for a in Area.objects.filter(collaboration=collaboration, is_active=True)
        }
        parents = {
            c.parent_id
            for group in categories.values()
            for c in group
            if c.parent_id and c.is_active
        }
        return cls(categories, areas, parents)

    def category(self, text: str) -> Category:
        folded = _fold(text)
        found = self.categories.get(folded) or self.categories.get(re.sub(r"\s*:\s*", ": ", folded))
        if not found:
            raise CellError(_("Unknown category."), "category")
        active = [c for c in found if c.is_active] or found
        if len({c.pk for c in active}) > 1:
            raise CellError(
                _("More than one category has this name; use its key or “Main: Sub”."),
                "category",
            )
        category = active[0]
        if category.pk in self.parents:
            raise CellError(_("Choose one of the category's sub-categories."), "category")
        return category

    def area(self, text: str) -> Area:
        area = self.areas.get(_fold(text))
        if area is None:
            raise CellError(_("Unknown area."), "area")
        return area


@dataclass
class RowError:
    field: str  # an import field key, or "" for the whole row
    message: str
    code: str

    @property
    def label(self) -> str:
        return str(FIELD_LABELS[self.field]) if self.field in FIELD_LABELS else ""


@dataclass
class PreviewRow:
    """One row of the file as the preview shows it: read values, errors, or already imported."""

    number: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    data: ReportInput | None = None
    #: The checked report, not saved: what the preview shows for a valid row.
    report: Report | None = None
    external_id: str = ""
    already_imported: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def idempotency_key(self) -> str | None:
        return f"{KEY_PREFIX}{self.external_id}" if self.external_id else None


def _cell(cells: list[str], mapping: dict[str, int], key: str) -> str:
    column = mapping.get(key)
    if column is None or column >= len(cells):
        return ""
    return cells[column].strip()


def _when(values: dict[str, str], errors: list[RowError], data: dict[str, Any]) -> None:
    try:
        if values["occurred_at"]:
            when = parse_when(values["occurred_at"])
            if values["time"] and not isinstance(when, datetime.datetime):
                when = datetime.datetime.combine(when, parse_time(values["time"]))
            if isinstance(when, datetime.datetime):
                data["occurred_at"] = timezone.make_aware(when) if timezone.is_naive(when) else when
            else:
                data["period_start"] = when
    except CellError as exc:
        errors.append(RowError("occurred_at", exc.message, exc.code))
    if values["week"] and "occurred_at" not in data and "period_start" not in data:
        try:
            data["period_start"] = parse_week(values["week"])
        except CellError as exc:
            errors.append(RowError("week", exc.message, exc.code))
    if not values["occurred_at"] and not values["week"]:
        # report_submit would take the current week; an imported row must say when it was.
        errors.append(RowError("occurred_at", _("The date or week is missing."), "required"))


def read_row(
    number: int, cells: list[str], mapping: dict[str, int], lookups: Lookups
) -> PreviewRow:
    """Turn one row's cells into a ReportInput, collecting every cell that cannot be read."""
    values = {key: _cell(cells, mapping, key) for key in FIELD_KEYS}
    row = PreviewRow(number, values, external_id=values["external_id"])
    data: dict[str, Any] = {}

    def read(key: str, parse: Any) -> None:
        try:
            data[key] = parse(values[key])
        except CellError as exc:
            row.errors.append(RowError(key, exc.message, exc.code))

    if values["category"]:
        read("category", lookups.category)
    else:
        row.errors.append(RowError("category", _("The category is missing."), "required"))
    _when(values, row.errors, data)
    if values["area"]:
        read("area", lookups.area)
    if values["lon"] or values["lat"]:
        read("lon", parse_decimal)
        read("lat", parse_decimal)
    read("count", parse_count)
    read(
        "assessment",
        lambda t: _choice(t, ASSESSMENTS, _("Use grön, gul or röd (or green, yellow, red).")),
    )
    read(
        "trend",
        lambda t: _choice(t, TRENDS, _("Use ökat, oförändrat or minskat.")),
    )
    if len(row.external_id) > MAX_EXTERNAL_ID:
        row.errors.append(
            RowError(
                "external_id",
                _("The id is too long (at most %(max)s characters).") % {"max": MAX_EXTERNAL_ID},
                "too_long",
            )
        )
    if not row.errors:
        row.data = ReportInput(
            text=values["text"], personal_data_reason=values["personal_data_reason"], **data
        )
    return row


def _service_errors(exc: ValidationError, row: PreviewRow) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError("", m, e.code or "invalid") for e in exc.error_list for m in e.messages]
    errors = []
    for name, items in exc.error_dict.items():
        key = SERVICE_FIELDS.get(name, name)
        if name == "period_start" and row.values["occurred_at"]:
            key = "occurred_at"  # the week came from a date without a time
        for item in items:
            for message in item.messages:
                errors.append(
                    RowError(key if key in FIELD_LABELS else "", message, item.code or "")
                )
    return errors


# --- the preview ----------------------------------------------------------------------------


@dataclass
class ImportPreview:
    batch: ImportBatch
    rows: list[PreviewRow]

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.is_valid]

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.is_valid]

    @property
    def existing_count(self) -> int:
        """Valid rows whose id was imported before: confirming returns the earlier report."""
        return sum(1 for r in self.rows if r.is_valid and r.already_imported)

    @property
    def new_count(self) -> int:
        """Rows that will become new reports (valid, not imported before)."""
        return sum(1 for r in self.rows if r.is_valid and not r.already_imported)


def import_preview(*, user: Any, batch: ImportBatch) -> ImportPreview:
    """Read and check every row of the batch as ``report_submit`` would; stores nothing."""
    collaboration = batch.collaboration
    lookups = Lookups.for_collaboration(collaboration)
    mapping = {k: int(v) for k, v in batch.mapping.items() if k in FIELD_KEYS and v is not None}
    rows = [read_row(number, cells, mapping, lookups) for number, cells in batch.rows]
    keys = {r.idempotency_key for r in rows if r.idempotency_key}
    imported = set(
        Report.objects.filter(reporter=user, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    first_row: dict[str, int] = {}
    for row in rows:
        key = row.idempotency_key
        if key is not None and key in first_row:
            row.errors.append(
                RowError(
                    "external_id",
                    _("The same id is on row %(row)s.") % {"row": first_row[key]},
                    "duplicate",
                )
            )
            row.data = None
            continue
        if key is not None:
            first_row[key] = row.number
        if key in imported:
            row.already_imported = True  # report_submit answers with the earlier report
            continue
        if row.data is None:
            continue
        try:
            row.report = services.report_validate(
                user=user, collaboration=collaboration, data=row.data, source=ReportSource.IMPORT
            )
        except ValidationError as exc:
            row.errors.extend(_service_errors(exc, row))
            row.data = None
    return ImportPreview(batch, rows)


# --- selectors and services ---------------------------------------------------------------------

#: Batches with more rows are checked and imported by a background task (``laget db_worker``,
#: docs/deployment.md) instead of during the request: each row costs a few milliseconds, so
#: 10 000 rows take longer than a request may.
INLINE_ROWS = 1000


def import_batch_list(*, user: Any, collaboration: Collaboration) -> QuerySet[ImportBatch]:
    """The person's own import batches in the collaboration, newest first."""
    return access.restrict(
        user,
        ImportBatch.objects.filter(collaboration=collaboration, uploaded_by=user).defer(
            "rows", "checked", "skipped"
        ),
    )


def import_batch_get(*, user: Any, collaboration: Collaboration, batch_id: Any) -> ImportBatch:
    """One of the person's own batches, or 404 (``access.access_object`` narrowed to them)."""
    batch = access.access_object(user, ImportBatch, batch_id)
    if batch.collaboration_id != collaboration.pk or batch.uploaded_by_id != user.pk:
        raise Http404
    return batch


def _when_text(report: Report) -> str:
    if report.occurred_at is not None:
        return timezone.localtime(report.occurred_at).strftime("%Y-%m-%d %H:%M")
    year, week, _day = report.period_start.isocalendar()
    return _("week %(week)s, %(year)s") % {"week": week, "year": year}


def _checked_row(row: PreviewRow) -> dict[str, Any]:
    """What the preview shows of a row: the checked report's values, or the cells and errors."""
    if row.report is not None:
        report = row.report
        values = {
            "category": report.category_label,
            "when": _when_text(report),
            "area": report.area.name if report.area else "",
            "count": str(report.count),
            "assessment": str(report.get_assessment_display()) if report.assessment else "",
            "trend": str(report.get_trend_display()) if report.trend else "",
            "text": report.text[:200],
        }
    else:
        v = row.values
        point = f"({v['lon']}, {v['lat']})" if v["lon"] or v["lat"] else ""
        values = {
            "category": v["category"],
            "when": " ".join(x for x in (v["occurred_at"], v["time"], v["week"]) if x),
            "area": " ".join(x for x in (v["area"], point) if x),
            "count": v["count"],
            "assessment": v["assessment"],
            "trend": v["trend"],
            "text": v["text"][:200],
        }
    return {
        "row": row.number,
        "valid": row.is_valid,
        "existing": row.already_imported,
        "values": values,
        "errors": [
            {"field": e.field, "label": e.label, "message": e.message, "code": e.code}
            for e in row.errors
        ],
    }


def import_batch_check(*, batch: ImportBatch) -> ImportBatch:
    """Check every row as ``report_submit`` would and keep the results for the preview page.

    Confirming checks again, so a preview that has gone stale never stores a bad row.
    """
    preview = import_preview(user=batch.uploaded_by, batch=batch)
    batch.checked = [_checked_row(r) for r in preview.rows]
    if batch.status == ImportStatus.CHECKING:
        batch.status = ImportStatus.PREVIEW
    batch.save(update_fields=["checked", "status"])
    return batch


def _schedule_check(batch: ImportBatch) -> None:
    if len(batch.rows) <= INLINE_ROWS:
        import_batch_check(batch=batch)
        return
    from laget.reporting.import_tasks import import_batch_check_task

    batch.status = ImportStatus.CHECKING
    batch.save(update_fields=["status"])
    transaction.on_commit(lambda: import_batch_check_task.enqueue(batch_id=batch.pk))


@transaction.atomic
def import_batch_create(
    *, user: Any, collaboration: Collaboration, filename: str, content: bytes
) -> ImportBatch:
    """Read an uploaded file and keep its rows for mapping and preview. Stores no report."""
    parsed = parse_file(name=filename, content=content)
    batch = ImportBatch(
        collaboration=collaboration,
        uploaded_by=user,
        filename=filename[:255],
        headers=parsed.headers,
        rows=[[number, cells] for number, cells in parsed.rows],
        mapping=guess_mapping(parsed.headers),
    )
    batch.full_clean()
    batch.save()
    if "category" in batch.mapping:
        _schedule_check(batch)
    return batch


def _check_preview(batch: ImportBatch) -> None:
    if batch.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING):
        raise ValidationError(_("The file is being processed; wait a moment."), code="busy")
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import is already finished."), code="finished")


@transaction.atomic
def import_batch_map(*, batch: ImportBatch, mapping: dict[str, int | None]) -> ImportBatch:
    """Store which column holds which report field (``None``: not in the file), then check."""
    _check_preview(batch)
    cleaned: dict[str, int] = {}
    for key, column in mapping.items():
        if key not in FIELD_KEYS:
            raise ValidationError(_("Unknown report field."), code="field")
        if column is None:
            continue
        if not 0 <= column < len(batch.headers):
            raise field_error(key, _("Choose one of the file's columns."), "column")
        cleaned[key] = column
    if "category" not in cleaned:
        raise field_error("category", _("Choose the column that holds the category."), "required")
    batch.mapping = cleaned
    batch.error = ""
    batch.save(update_fields=["mapping", "error"])
    _schedule_check(batch)
    return batch


@dataclass
class ImportResult:
    batch: ImportBatch
    created: int
    existing: int
    skipped: int
    #: False when the batch had already been confirmed (a second submit): nothing was done.
    done_now: bool = True


def _skipped(row: PreviewRow) -> dict[str, Any]:
    return {
        "row": row.number,
        "errors": [
            {"field": e.field, "label": e.label, "message": e.message, "code": e.code}
            for e in row.errors
        ],
    }


def _done(batch: ImportBatch) -> ImportResult:
    return ImportResult(
        batch, batch.created_count, batch.existing_count, batch.skipped_count, done_now=False
    )


@transaction.atomic
def import_batch_confirm(
    *,
    user: Any,
    batch: ImportBatch,
    skip_errors: bool,
    claimed_status: str = ImportStatus.PREVIEW,
) -> ImportResult:
    """Store every valid row as a report, all in one transaction, or nothing.

    Rows with errors are left out only with ``skip_errors``; otherwise the import is refused.
    Confirming twice (a double submit) stores nothing the second time. The background task
    confirms a batch that ``import_batch_start`` has marked as being imported
    (``claimed_status``).
    """
    # Claim the batch first: of two concurrent confirms only one changes the status, and the
    # other (waiting on the row lock in PostgreSQL) then sees that it is no longer a preview.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=claimed_status).update(
        status=ImportStatus.CONFIRMED, confirmed_at=timezone.now()
    )
    if not claimed:
        batch.refresh_from_db()
        if batch.status == ImportStatus.CONFIRMED:
            return _done(batch)
        _check_preview(batch)
    preview = import_preview(user=user, batch=batch)
    if preview.error_rows and not skip_errors:
        count = len(preview.error_rows)
        raise ValidationError(
            _(
                "%(count)s rows have errors. Correct the file, or choose to skip the rows with "
                "errors."
            )
            % {"count": count},
            code="row_errors",
        )
    created = existing = 0
    skipped = [_skipped(r) for r in preview.error_rows]
    for row in preview.valid_rows:
        assert row.data is not None  # every valid row was read into a ReportInput
        try:
            _report, was_created = services.report_submit(
                user=user,
                collaboration=batch.collaboration,
                data=row.data,
                source=ReportSource.IMPORT,
                idempotency_key=row.idempotency_key,
            )
        except ValidationError as exc:  # changed since the preview (e.g. an area retired)
            if not skip_errors:
                raise
            row.errors = _service_errors(exc, row)
            skipped.append(_skipped(row))
            continue
        created += was_created
        existing += not was_created
    batch.status = ImportStatus.CONFIRMED
    batch.confirmed_at = timezone.now()
    batch.rows = batch.checked = []  # the reports hold what was stored; the cells are not kept
    batch.skipped = skipped
    batch.error = ""
    batch.created_count, batch.existing_count = created, existing
    batch.skipped_count = len(skipped)
    batch.save(
        update_fields=[
            "status",
            "confirmed_at",
            "rows",
            "checked",
            "skipped",
            "error",
            "created_count",
            "existing_count",
            "skipped_count",
        ]
    )
    return ImportResult(batch, created, existing, len(skipped))


def import_batch_start(*, user: Any, batch: ImportBatch, skip_errors: bool) -> ImportResult | None:
    """Confirm a batch: at once when it is small, else in a background task (returns None).

    Marking the batch as being imported is the claim that makes a double submit harmless.
    """
    if len(batch.rows) <= INLINE_ROWS:
        return import_batch_confirm(user=user, batch=batch, skip_errors=skip_errors)
    from laget.reporting.import_tasks import import_batch_confirm_task

    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.IMPORTING, error=""
        )
        batch.refresh_from_db()
        if not claimed:
            if batch.status == ImportStatus.CONFIRMED:
                return _done(batch)
            _check_preview(batch)
        batch.save(update_fields=["status", "error"])  # the audit log sees the claim too
        transaction.on_commit(
            lambda: import_batch_confirm_task.enqueue(batch_id=batch.pk, skip_errors=skip_errors)
        )
    return None


def import_batch_run(*, batch_id: int, skip_errors: bool) -> None:
    """The background confirmation: import, or put the batch back in preview with the reason."""
    batch = ImportBatch.objects.select_related("uploaded_by", "collaboration").get(pk=batch_id)
    try:
        import_batch_confirm(
            user=batch.uploaded_by,
            batch=batch,
            skip_errors=skip_errors,
            claimed_status=ImportStatus.IMPORTING,
        )
    except ValidationError as exc:
        _back_to_preview(batch, " ".join(exc.messages))
    except Exception:
        _back_to_preview(batch, _("The import failed and nothing was stored. Try again."))
        raise


def _back_to_preview(batch: ImportBatch, error: str) -> None:
    batch.refresh_from_db()
    if batch.status == ImportStatus.IMPORTING:
        batch.status = ImportStatus.PREVIEW
        batch.error = error
        batch.save(update_fields=["status", "error"])


def import_batch_cancel(*, batch: ImportBatch) -> ImportBatch:
    """Give up a previewed import; its cells are removed."""
    _check_preview(batch)
    batch.status = ImportStatus.CANCELLED
    batch.rows = batch.checked = []
    batch.save(update_fields=["status", "rows", "checked"])
    return batch
