"""Turning one uploaded file into values (and a report on every row that is not a value).

One parser per kind of file (``ImportKind``). Each reads the rows from ``files.read_table``,
finds the header below any title rows, and returns a :class:`Parsed`: the series it found, the
values (series, region code, year, value, file line) and a report entry for every row that will
not be imported (a total, a stadsdel, a name that matches nothing, a garbled number …) with the
reason. Nothing is stored here; ``services.batch_create`` keeps the result for the preview.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from laget.stats.choices import ImportKind, Level, MunicipalityGroup, RowOutcome, Source
from laget.stats.files import (
    NumberError,
    Region,
    RegionMatcher,
    cell,
    file_error,
    find_header,
    fold,
    parse_number,
    parse_year,
    read_table,
    year_in_text,
)
from laget.stats.models import POPULATION_KEY

MAX_NAME = 200


@dataclass
class Parsed:
    #: key → {"name", "source", "unit", "is_count", "category_key", "caveat"}
    series: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: {"series", "code", "level", "year", "value", "line", "label"}
    values: list[dict[str, Any]] = field(default_factory=list)
    #: {"code", "group", "year", "line", "label"} (kommungrupper)
    groups: list[dict[str, Any]] = field(default_factory=list)
    #: {"line", "label", "outcome", "reason"} for every row not imported
    report: list[dict[str, Any]] = field(default_factory=list)
    #: Remarks about the whole file (columns left out, the year taken from the title …).
    notes: list[str] = field(default_factory=list)

    def skip(self, line: int, label: str, outcome: str, reason: str, **extra: Any) -> None:
        self.report.append(
            {"line": line, "label": label[:MAX_NAME], "outcome": outcome, "reason": reason, **extra}
        )


# --- header words (folded, see files.fold) ------------------------------------------------------

REGION_HEADERS = (
    "kommun",
    "kommunnamn",
    "kommun/stadsdel",
    "kommun/lan",
    "lan/kommun",
    "region",
    "regionnamn",
    "omrade",
    "geografi",
    "namn",
    "municipality",
    "municipality name",
    "name",
)
CODE_HEADERS = (
    "kommunkod",
    "kommun kod",
    "kommun-kod",
    "kommun-id",
    "kommun id",
    "kommunid",
    "kommunnummer",
    "regionkod",
    "region kod",
    "lanskod",
    "kod",
    "code",
    "municipality code",
    "municipality id",
    "municipality_id",
    "region id",
    "id",
)
YEAR_HEADERS = ("ar", "year", "period", "statistikar", "aret", "lasar")
CATEGORY_HEADERS = (
    "brottskategori",
    "brottstyp",
    "brottsgrupp",
    "brott",
    "kategori",
    "category",
    "offence",
)
RATE_WORDS = ("per 100 000", "per 100000", "100 000 inv", "/100 000", "per capita", "per 1000")
TOTAL_WORDS = ("anmalda brott", "antal", "totalt", "samtliga", "alla brott", "summa", "count")
#: Lägesbild category keys for Brå's crime categories (first word found wins).
CRIME_CATEGORIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("klotter", ("klotter",), "Klotter"),
    ("skadegorelse", ("skadegorelse",), "Skadegörelse"),
    ("bostadsinbrott", ("bostadsinbrott", "inbrott"), "Inbrott"),
    ("stold", ("stold", "tillgrepp"), "Stöld och tillgrepp"),
    ("misshandel", ("misshandel",), "Misshandel"),
    ("vald", ("vald",), "Våldsbrott"),
    ("narkotika", ("narkotika",), "Narkotikabrott"),
    ("bedrageri", ("bedrageri",), "Bedrägeri"),
    ("ran", ("ran ", "ran", "ranbrott"), "Rån"),
)
BRA_CAVEAT = (
    "Anmälda brott: anmälningsbenägenhet, mörkertal, räkneregler, ändrad lagstiftning och "
    "rutiner samt att brott registreras där de anmäls påverkar siffrorna."
)


def _header_index(folded: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        for i, h in enumerate(folded):
            if h == name:
                return i
    for name in names:
        if len(name) < 4:
            continue
        for i, h in enumerate(folded):
            if h.startswith(name + " ") or h.startswith(name + "("):
                return i
    for name in names:
        if len(name) < 6:
            continue
        for i, h in enumerate(folded):
            if name in re.split(r"[\s/()]+", h):
                return i
    return None


def _header_year(header: str) -> int | None:
    """A column named by a year: "2023", "År 2023", "Anmälda brott 2023", "2023 Antal"."""
    year = parse_year(header)
    if year is not None:
        return year
    match = re.fullmatch(r"(?:.*\D)?((?:19[5-9]|20\d)\d)(?:\D.*)?", header.strip())
    if match and not any(w in fold(header) for w in RATE_WORDS):
        return int(match.group(1))
    return None


def _no_header() -> ValidationError:
    return file_error(
        _(
            "No header row was found: the file needs a column for the municipality (e.g. "
            '"Kommun", "Region" or "Kommunkod") and columns with figures.'
        ),
        "header",
    )


def _no_values() -> ValidationError:
    return file_error(_("No figure in the file could be read."), "values")


def _region_for(matcher: RegionMatcher, label: str, code_text: str) -> tuple[Region, str | None]:
    """The region of a row (a code column wins over the name) and, if none, the reason."""
    if code_text:
        region = matcher.by_code(code_text)
        if region is not None and region.kind != "unknown":
            return region, None
        if region is not None:
            return region, _("No municipality or county has the code %(code)s.") % {
                "code": code_text
            }
    region = matcher.by_name(label)
    reasons = {
        "total": _("A total row: it is unclear what it adds up, so it is not imported."),
        "sub": _("Part of a municipality (stadsdel): Läget keeps whole municipalities."),
        "unknown": _("No municipality or county has this name."),
    }
    return region, reasons.get(region.kind)


def _level(region: Region) -> str:
    return {
        "municipality": Level.MUNICIPALITY,
        "county": Level.COUNTY,
        "national": Level.NATIONAL,
    }[region.kind]


def _read_value(parsed: Parsed, line: int, label: str, text: str, **extra: Any) -> float | None:
    """The figure of a cell, or None with the reason in the report."""
    try:
        value = parse_number(text)
    except NumberError:
        parsed.skip(
            line,
            label,
            RowOutcome.ERROR,
            _("“%(text)s” is not a number.") % {"text": text[:40]},
            **extra,
        )
        return None
    if value is None:
        parsed.skip(
            line,
            label,
            RowOutcome.SKIPPED,
            _("No figure (“%(text)s”).") % {"text": text[:40]} if text else _("No figure."),
            **extra,
        )
        return None
    if value < 0:
        parsed.skip(line, label, RowOutcome.ERROR, _("A negative figure."), **extra)
        return None
    return value


def _add_value(
    parsed: Parsed,
    seen: dict[tuple[str, str, int], int],
    *,
    series: str,
    region: Region,
    year: int,
    value: float,
    line: int,
    label: str,
) -> None:
    key = (series, region.code, year)
    if key in seen:
        parsed.skip(
            line,
            label,
            RowOutcome.ERROR,
            _("The same figure already came on line %(line)s; only the first is imported.")
            % {"line": seen[key]},
            series=series,
            year=year,
        )
        return
    seen[key] = line
    parsed.values.append(
        {
            "series": series,
            "code": region.code,
            "level": _level(region),
            "year": year,
            "value": value,
            "line": line,
            "label": label[:MAX_NAME],
        }
    )


def _file_year(
    options: dict[str, Any], preamble: list[tuple[int, list[str]]], name: str
) -> int | None:
    if options.get("year"):
        return int(options["year"])
    return year_in_text([" ".join(cells) for _l, cells in preamble] + [name])


# --- Brå ---------------------------------------------------------------------------------------


def crime_category(header: str) -> tuple[str, str]:
    """(series key, series name) for a Brå column or category cell."""
    folded = fold(header)
    for key, words, name in CRIME_CATEGORIES:
        if any(re.search(rf"(^|[^a-z]){re.escape(w.strip())}", folded) for w in words):
            return f"bra-{key}", f"Anmälda brott: {name}"
    if not folded or any(w in folded for w in TOTAL_WORDS) or re.fullmatch(r"[\d ]+", folded):
        return "bra-anmalda-brott", "Anmälda brott, totalt"
    slug = slugify(folded)[:60] or "ovrigt"
    return f"bra-{slug}", f"Anmälda brott: {header.strip()[:150]}"


def _bra_series(parsed: Parsed, key: str, name: str) -> None:
    category = key.removeprefix("bra-")
    parsed.series.setdefault(
        key,
        {
            "name": name,
            "source": Source.BRA,
            "unit": "anmälda brott",
            "is_count": True,
            "category_key": "" if category == "anmalda-brott" else category[:80],
            "caveat": BRA_CAVEAT,
        },
    )


def _accepts_region_header(folded: list[str]) -> bool:
    filled = [h for h in folded if h]
    return len(filled) >= 2 and (
        _header_index(folded, REGION_HEADERS) is not None
        or _header_index(folded, CODE_HEADERS[:-1]) is not None
    )


def _region_header(
    rows: list[tuple[int, list[str]]],
) -> tuple[int, list[str], list[str], list[str], int | None, int | None, int | None]:
    """The header row of a file with one row per region (below any title rows): its position,
    its cells as written and folded, the rows above it, and the columns of the region's code,
    its name (None when the same column holds both) and the year."""
    found = find_header(rows, _accepts_region_header)
    if found is None:
        raise _no_header()
    index, headers, preamble = found
    folded = [fold(h) for h in headers]
    code_col = _header_index(folded, CODE_HEADERS)
    region_col = _header_index(folded, REGION_HEADERS)
    if region_col == code_col:
        region_col = None
    return (
        index,
        headers,
        preamble,
        folded,
        code_col,
        region_col,
        _header_index(folded, YEAR_HEADERS),
    )


def parse_bra(
    rows: list[tuple[int, list[str]]],
    matcher: RegionMatcher,
    options: dict[str, Any],
    name: str,
) -> Parsed:
    index, headers, preamble, folded, code_col, region_col, year_col = _region_header(rows)
    category_col = _header_index(folded, CATEGORY_HEADERS)
    used = {c for c in (code_col, region_col, year_col, category_col) if c is not None}
    # Brå's files often have both "Län" and "Kommun": the county column is not a figure.
    lan_col = _header_index(folded, ("lan", "lansnamn"))
    if lan_col is not None and lan_col != region_col:
        used.add(lan_col)
    parsed = Parsed()
    value_cols: list[tuple[int, int | None, str | None]] = []  # column, year, header
    for i, header in enumerate(headers):
        if i in used or not header.strip():
            continue
        if any(w in folded[i] for w in RATE_WORDS):
            parsed.notes.append(
                _(
                    "The column “%(column)s” holds rates; Läget computes rates itself from the "
                    "counts and SCB's population, so it is not imported."
                )
                % {"column": header}
            )
            continue
        value_cols.append((i, _header_year(header), header))
    if not value_cols:
        raise _no_header()
    fixed_year = None
    if year_col is None and any(y is None for _c, y, _h in value_cols):
        fixed_year = _file_year(options, preamble, name)
        if fixed_year is None:
            raise file_error(
                _("The file does not say which year its figures are for. Enter the year."),
                "year",
            )
        if not options.get("year"):
            parsed.notes.append(
                _("The year %(year)s was read from the file's title or name.")
                % {"year": fixed_year}
            )
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in rows[index + 1 :]:
        label = cell(cells, region_col) or cell(cells, code_col)
        texts = [cell(cells, c) for c, _y, _h in value_cols]
        if not label:
            if any(texts):
                parsed.skip(line, "", RowOutcome.UNMATCHED, _("The row names no municipality."))
            continue
        if not any(texts) and len([c for c in cells if c]) == 1:
            parsed.skip(line, label, RowOutcome.SKIPPED, _("A note, not a figure."))
            continue
        region, reason = _region_for(matcher, cell(cells, region_col), cell(cells, code_col))
        if reason:
            outcome = RowOutcome.UNMATCHED if region.kind == "unknown" else RowOutcome.SKIPPED
            parsed.skip(line, label, outcome, reason)
            continue
        row_year = None
        if year_col is not None:
            row_year = parse_year(cell(cells, year_col))
            if row_year is None:
                parsed.skip(
                    line,
                    label,
                    RowOutcome.ERROR,
                    _("“%(text)s” is not a year.") % {"text": cell(cells, year_col)[:20]},
                )
                continue
        row_category = cell(cells, category_col) if category_col is not None else None
        for column, header_year, header in value_cols:
            year = header_year or row_year or fixed_year
            key, series_name = crime_category(
                row_category
                if row_category is not None and (header_year or _is_total(header))
                else header
            )
            value = _read_value(parsed, line, label, cell(cells, column), series=key, year=year)
            if value is None:
                continue
            _bra_series(parsed, key, series_name)
            assert year is not None
            _add_value(
                parsed,
                seen,
                series=key,
                region=region,
                year=year,
                value=value,
                line=line,
                label=label,
            )
    if not parsed.values:
        raise _no_values()
    return parsed


def _is_total(header: str) -> bool:
    return crime_category(header)[0] == "bra-anmalda-brott"


# --- SCB population -----------------------------------------------------------------------------

POPULATION_WORDS = ("folkmangd", "befolkning", "antal", "invanare", "value", "varde", "population")
TOTAL_DIMENSION = {
    "",
    "totalt",
    "total",
    "samtliga",
    "alla",
    "man och kvinnor",
    "kvinnor och man",
    "bada konen",
    "t",
    "alla aldrar",
    "totalt alla aldrar",
    "samtliga aldrar",
}


def _population_series(parsed: Parsed) -> None:
    parsed.series.setdefault(
        POPULATION_KEY,
        {
            "name": "Folkmängd",
            "source": Source.SCB,
            "unit": "invånare",
            "is_count": False,
            "category_key": "",
            "caveat": "",
        },
    )


def parse_scb(
    rows: list[tuple[int, list[str]]],
    matcher: RegionMatcher,
    options: dict[str, Any],
    name: str,
) -> Parsed:
    index, headers, preamble, folded, code_col, region_col, year_col = _region_header(rows)
    dimension_cols = [
        i for i, h in enumerate(folded) if h in ("kon", "sex", "alder", "age", "aldersgrupp")
    ]
    used = {c for c in (region_col, code_col, year_col, *dimension_cols) if c is not None}
    year_cols = [(i, _header_year(h)) for i, h in enumerate(headers) if i not in used]
    year_cols = [(i, y) for i, y in year_cols if y is not None]
    value_col = None
    if not year_cols:
        value_col = next(
            (
                i
                for i, h in enumerate(folded)
                if i not in used and any(w in h for w in POPULATION_WORDS)
            ),
            None,
        )
        if value_col is None:
            raise _no_header()
    fixed_year = None
    if not year_cols and year_col is None:
        fixed_year = _file_year(options, preamble, name)
        if fixed_year is None:
            raise file_error(
                _("The file does not say which year its figures are for. Enter the year."), "year"
            )
    parsed = Parsed()
    _population_series(parsed)
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in rows[index + 1 :]:
        label = cell(cells, region_col) or cell(cells, code_col)
        if not label:
            continue
        other = [
            cell(cells, c) for c in dimension_cols if fold(cell(cells, c)) not in TOTAL_DIMENSION
        ]
        if other:
            parsed.skip(
                line,
                label,
                RowOutcome.SKIPPED,
                _("Not the total (%(values)s); only totals are imported.")
                % {"values": ", ".join(other)},
            )
            continue
        if len([c for c in cells if c]) == 1:
            parsed.skip(line, label, RowOutcome.SKIPPED, _("A note, not a figure."))
            continue
        region, reason = _region_for(matcher, cell(cells, region_col), cell(cells, code_col))
        if reason:
            outcome = RowOutcome.UNMATCHED if region.kind == "unknown" else RowOutcome.SKIPPED
            parsed.skip(line, label, outcome, reason)
            continue
        if year_cols:
            pairs = [(cell(cells, c), y) for c, y in year_cols]
        else:
            year = fixed_year
            if year_col is not None:
                year = parse_year(cell(cells, year_col))
                if year is None:
                    parsed.skip(
                        line,
                        label,
                        RowOutcome.ERROR,
                        _("“%(text)s” is not a year.") % {"text": cell(cells, year_col)[:20]},
                    )
                    continue
            pairs = [(cell(cells, value_col), year)]
        for text, year in pairs:
            value = _read_value(parsed, line, label, text, series=POPULATION_KEY, year=year)
            if value is None:
                continue
            assert year is not None
            _add_value(
                parsed,
                seen,
                series=POPULATION_KEY,
                region=region,
                year=year,
                value=value,
                line=line,
                label=label,
            )
    if not parsed.values:
        raise _no_values()
    return parsed


# --- Kolada ------------------------------------------------------------------------------------

KPI_HEADERS = ("kpi", "kpi id", "kpi_id", "kpi-id", "nyckeltal id", "nyckeltalsid", "id nyckeltal")
KPI_TITLE_HEADERS = ("kpi title", "kpi_title", "title", "nyckeltal", "nyckeltalsnamn", "kpi namn")
KOLADA_REGION_HEADERS = (
    "municipality_id",
    "municipality id",
    "kommun id",
    "kommun-id",
    "kommunid",
    "region id",
    "municipality",
    "kommun",
    "region",
)
VALUE_HEADERS = ("value", "varde", "vardet", "antal")
GENDER_HEADERS = ("gender", "kon")
GENDERS = {"t": "T", "totalt": "T", "total": "T", "k": "K", "kvinnor": "K", "m": "M", "man": "M"}


def parse_kolada(
    rows: list[tuple[int, list[str]]],
    matcher: RegionMatcher,
    options: dict[str, Any],
    name: str,
) -> Parsed:
    def accepts(folded: list[str]) -> bool:
        return (
            _header_index(folded, KPI_HEADERS) is not None
            and _header_index(folded, KOLADA_REGION_HEADERS) is not None
            and _header_index(folded, VALUE_HEADERS) is not None
        )

    found = find_header(rows, accepts)
    if found is None:
        raise file_error(
            _(
                "No Kolada header row was found: the file needs columns for the key figure "
                '(e.g. "kpi"), the municipality ("municipality_id" or "kommun"), the year '
                '("period") and the value ("value").'
            ),
            "header",
        )
    index, headers, preamble = found
    folded = [fold(h) for h in headers]
    kpi_col = _header_index(folded, KPI_HEADERS)
    title_col = _header_index(folded, KPI_TITLE_HEADERS)
    region_col = _header_index(folded, KOLADA_REGION_HEADERS)
    name_col = _header_index(folded, ("municipality", "kommun", "kommunnamn", "region"))
    if name_col == region_col:
        name_col = None
    year_col = _header_index(folded, YEAR_HEADERS)
    value_col = _header_index(folded, VALUE_HEADERS)
    gender_col = _header_index(folded, GENDER_HEADERS)
    wanted_gender = (options.get("gender") or "T").upper()
    fixed_year = None if year_col is not None else _file_year(options, preamble, name)
    if year_col is None and fixed_year is None:
        raise file_error(
            _("The file does not say which year its figures are for. Enter the year."), "year"
        )
    parsed = Parsed()
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in rows[index + 1 :]:
        kpi = cell(cells, kpi_col).upper()
        region_text = cell(cells, region_col)
        label = cell(cells, name_col) or region_text
        if not kpi and not region_text:
            continue
        if not re.fullmatch(r"[A-Z]\d{5}", kpi):
            parsed.skip(
                line,
                label,
                RowOutcome.ERROR,
                _("“%(text)s” is not a Kolada key figure id (e.g. N07403).") % {"text": kpi[:20]},
            )
            continue
        key = f"kolada-{kpi.lower()}"
        if gender_col is not None:
            gender = GENDERS.get(fold(cell(cells, gender_col)), cell(cells, gender_col))
            if gender != wanted_gender:
                parsed.skip(
                    line,
                    label,
                    RowOutcome.SKIPPED,
                    _("Gender %(gender)s: only %(wanted)s is imported.")
                    % {"gender": gender, "wanted": wanted_gender},
                    series=key,
                )
                continue
        region, reason = _region_for(
            matcher,
            label if region_text.strip().isdigit() is False else cell(cells, name_col),
            region_text if region_text.strip().isdigit() else "",
        )
        if reason:
            outcome = RowOutcome.UNMATCHED if region.kind == "unknown" else RowOutcome.SKIPPED
            parsed.skip(line, label, outcome, reason, series=key)
            continue
        year = fixed_year
        if year_col is not None:
            year = parse_year(cell(cells, year_col))
            if year is None:
                parsed.skip(
                    line,
                    label,
                    RowOutcome.ERROR,
                    _("“%(text)s” is not a year.") % {"text": cell(cells, year_col)[:20]},
                    series=key,
                )
                continue
        value = _read_value(parsed, line, label, cell(cells, value_col), series=key, year=year)
        if value is None:
            continue
        parsed.series.setdefault(
            key,
            {
                "name": (cell(cells, title_col) or f"Kolada {kpi}")[:MAX_NAME],
                "source": Source.KOLADA,
                "unit": "",
                "is_count": bool(options.get("is_count")),
                "category_key": "",
                "caveat": "",
            },
        )
        assert year is not None
        _add_value(
            parsed, seen, series=key, region=region, year=year, value=value, line=line, label=label
        )
    if not parsed.values:
        raise _no_values()
    return parsed


# --- any other series with chosen columns -------------------------------------------------------


def generic_key(options: dict[str, Any]) -> str:
    return f"{options.get('source') or Source.OTHER}-{slugify(options.get('series_name', ''))}"[:80]


def _chosen_column(folded: list[str], chosen: str, guesses: tuple[str, ...]) -> int | None:
    if chosen:
        target = fold(chosen)
        return next((i for i, h in enumerate(folded) if h == target), None)
    return _header_index(folded, guesses)


def parse_generic(
    rows: list[tuple[int, list[str]]],
    matcher: RegionMatcher,
    options: dict[str, Any],
    name: str,
) -> Parsed:
    series_name = (options.get("series_name") or "").strip()
    if not series_name or not slugify(series_name):
        raise ValidationError(
            {"series_name": ValidationError(_("Name the series."), code="required")}
        )
    chosen = {
        "region": options.get("region_column", "").strip(),
        "year": options.get("year_column", "").strip(),
        "value": options.get("value_column", "").strip(),
    }

    def accepts(folded: list[str]) -> bool:
        if chosen["region"]:
            return fold(chosen["region"]) in folded
        return _accepts_region_header(folded)

    found = find_header(rows, accepts)
    if found is None:
        if chosen["region"]:
            raise ValidationError(
                {
                    "region_column": ValidationError(
                        _("No column is named “%(name)s”.") % {"name": chosen["region"]},
                        code="column",
                    )
                }
            )
        raise _no_header()
    index, headers, preamble = found
    folded = [fold(h) for h in headers]
    region_col = _chosen_column(folded, chosen["region"], REGION_HEADERS + CODE_HEADERS)
    year_col = _chosen_column(folded, chosen["year"], YEAR_HEADERS)
    value_col = _chosen_column(folded, chosen["value"], VALUE_HEADERS)
    columns = ", ".join(f"“{h}”" for h in headers if h)
    for field_name, column in (("year_column", year_col), ("value_column", value_col)):
        wanted = chosen[field_name.removesuffix("_column")]
        if wanted and column is None:
            raise ValidationError(
                {
                    field_name: ValidationError(
                        _("No column is named “%(name)s”. The columns are: %(columns)s.")
                        % {"name": wanted, "columns": columns},
                        code="column",
                    )
                }
            )
    if value_col is None and not chosen["value"]:
        rest = [i for i, h in enumerate(headers) if h.strip() and i not in (region_col, year_col)]
        value_col = rest[0] if len(rest) == 1 else None
    if value_col is None:
        raise ValidationError(
            {
                "value_column": ValidationError(
                    _("Name the column with the figures. The columns are: %(columns)s.")
                    % {"columns": columns},
                    code="column",
                )
            }
        )
    fixed_year = None if year_col is not None else _file_year(options, preamble, name)
    if year_col is None and fixed_year is None:
        raise file_error(
            _("The file does not say which year its figures are for. Enter the year."), "year"
        )
    key = generic_key(options)
    parsed = Parsed()
    parsed.series[key] = {
        "name": series_name[:MAX_NAME],
        "source": options.get("source") or Source.OTHER,
        "unit": (options.get("unit") or "")[:60],
        "is_count": bool(options.get("is_count")),
        "category_key": slugify(options.get("category_key") or "")[:80],
        "caveat": "",
    }
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in rows[index + 1 :]:
        label = cell(cells, region_col)
        if not label:
            if cell(cells, value_col):
                parsed.skip(line, "", RowOutcome.UNMATCHED, _("The row names no municipality."))
            continue
        is_code = bool(re.fullmatch(r"\d{1,4}", label.replace(" ", "")))
        region, reason = _region_for(matcher, "" if is_code else label, label if is_code else "")
        if reason:
            outcome = RowOutcome.UNMATCHED if region.kind == "unknown" else RowOutcome.SKIPPED
            parsed.skip(line, label, outcome, reason)
            continue
        year = fixed_year
        if year_col is not None:
            year = parse_year(cell(cells, year_col))
            if year is None:
                parsed.skip(
                    line,
                    label,
                    RowOutcome.ERROR,
                    _("“%(text)s” is not a year.") % {"text": cell(cells, year_col)[:20]},
                )
                continue
        value = _read_value(parsed, line, label, cell(cells, value_col), series=key, year=year)
        if value is None:
            continue
        assert year is not None
        _add_value(
            parsed, seen, series=key, region=region, year=year, value=value, line=line, label=label
        )
    if not parsed.values:
        raise _no_values()
    return parsed


# --- SKR's kommungrupper ------------------------------------------------------------------------

GROUP_HEADERS = ("kommungrupp", "kommungrupp 2017", "kommungruppsindelning", "grupp", "group")
GROUP_NAMES = {
    "storstader": "A1",
    "storstad": "A1",
    "pendlingskommun nara storstad": "A2",
    "storre stad": "B3",
    "storre stader": "B3",
    "lagpendlingskommun nara storre stad": "B4",
    "pendlingskommun nara storre stad": "B5",
    "mindre stad/tatort": "C6",
    "mindre stader/tatorter": "C6",
    "pendlingskommun nara mindre stad/tatort": "C7",
    "landsbygdskommun": "C8",
    "landsbygdskommuner": "C8",
    "landsbygdskommun med besoksnaring": "C9",
    "landsbygdskommuner med besoksnaring": "C9",
}


def group_code(text: str) -> str | None:
    """ "C8", "C8 Landsbygdskommun", "Landsbygdskommun" → "C8"."""
    raw = text.strip()
    match = re.match(r"^([ABCabc])\s*([1-9])\b", raw)
    if match:
        code = f"{match.group(1).upper()}{match.group(2)}"
        return code if code in MunicipalityGroup.values else None
    return GROUP_NAMES.get(re.sub(r"^[abc]\d\.?\s*", "", fold(raw)))


def parse_groups(
    rows: list[tuple[int, list[str]]],
    matcher: RegionMatcher,
    options: dict[str, Any],
    name: str,
) -> Parsed:
    def accepts(folded: list[str]) -> bool:
        return _accepts_region_header(folded) and _header_index(folded, GROUP_HEADERS) is not None

    found = find_header(rows, accepts)
    if found is None:
        raise file_error(
            _(
                "No header row was found: the file needs a column for the municipality and one "
                'for the group (e.g. "Kommungrupp").'
            ),
            "header",
        )
    index, headers, _preamble = found
    folded = [fold(h) for h in headers]
    group_col = _header_index(folded, GROUP_HEADERS)
    code_col = _header_index(folded, CODE_HEADERS)
    region_col = _header_index(folded, REGION_HEADERS)
    if region_col in (code_col, group_col):
        region_col = None
    year = int(options.get("year") or 2017)
    parsed = Parsed()
    seen: set[str] = set()
    for line, cells in rows[index + 1 :]:
        label = cell(cells, region_col) or cell(cells, code_col)
        if not label:
            continue
        region, reason = _region_for(matcher, cell(cells, region_col), cell(cells, code_col))
        if reason or region.kind != "municipality":
            parsed.skip(
                line,
                label,
                RowOutcome.UNMATCHED if region.kind == "unknown" else RowOutcome.SKIPPED,
                reason or _("Only municipalities have a kommungrupp."),
            )
            continue
        group = group_code(cell(cells, group_col))
        if group is None:
            parsed.skip(
                line,
                label,
                RowOutcome.ERROR,
                _("“%(text)s” is not one of SKR's kommungrupper (A1–C9).")
                % {"text": cell(cells, group_col)[:40]},
            )
            continue
        if region.code in seen:
            parsed.skip(line, label, RowOutcome.ERROR, _("The municipality came twice."))
            continue
        seen.add(region.code)
        parsed.groups.append(
            {"code": region.code, "group": group, "year": year, "line": line, "label": label}
        )
    if not parsed.groups:
        raise _no_values()
    return parsed


PARSERS: dict[str, Callable[..., Parsed]] = {
    ImportKind.BRA: parse_bra,
    ImportKind.SCB_POPULATION: parse_scb,
    ImportKind.KOLADA: parse_kolada,
    ImportKind.GENERIC: parse_generic,
    ImportKind.MUNICIPALITY_GROUPS: parse_groups,
}


def parse(
    *, kind: str, name: str, content: bytes, options: dict[str, Any], matcher: RegionMatcher
) -> Parsed:
    """Read and parse one file, or raise ``ValidationError`` with a clear message."""
    if kind not in PARSERS:
        raise ValidationError({"kind": ValidationError(_("Choose the kind of file."), code="kind")})
    rows = read_table(name=name, content=content)
    return PARSERS[kind](rows, matcher, options, name)
