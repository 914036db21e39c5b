"""Writes of the official statistics: upload → preview → confirm (or discard).

``batch_create`` parses the file and keeps the parsed values and the per-row report in an
:class:`ImportBatch` with status *preview*; nothing else is stored. ``batch_confirm`` stores the
values in one transaction: a value already there with the same figure is left as it is
(*unchanged*), a different figure is updated in place (*updated*), the rest are created
(*new*), so importing the same file twice changes nothing. ``batch_discard`` drops a preview.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.audit import recorder
from laget.geography.models import County, Municipality
from laget.stats.choices import ImportKind, ImportStatus, Level, RowOutcome, Source
from laget.stats.files import RegionMatcher
from laget.stats.models import ImportBatch, MunicipalityGroupAssignment, Series, Value
from laget.stats.parsers import Parsed, parse

#: Figures closer than this are the same figure (files round differently: 12.50 vs 12.5).
TOLERANCE = 1e-9
MAX_FILE_NAME = 255


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def _require_importer(user: Any) -> None:
    if not access.may_import_stats(user):
        raise PermissionDenied


def _existing_values(parsed: Parsed) -> dict[tuple[str, str, int], float]:
    keys = {v["series"] for v in parsed.values}
    years = {v["year"] for v in parsed.values}
    if not keys:
        return {}
    return {
        (key, code, year): value
        for key, code, year, value in Value.objects.filter(
            series__key__in=keys, year__in=years
        ).values_list("series__key", "region_code", "year", "value")
    }


def _existing_groups(parsed: Parsed) -> dict[tuple[str, int], str]:
    return {
        (code, year): group
        for code, year, group in MunicipalityGroupAssignment.objects.values_list(
            "municipality__code", "classification_year", "group"
        )
    }


def _outcomes(parsed: Parsed) -> list[dict[str, Any]]:
    """The per-row report: every value with new/updated/unchanged and every row left out."""
    report = list(parsed.report)
    existing = _existing_values(parsed)
    for v in parsed.values:
        old = existing.get((v["series"], v["code"], v["year"]))
        if old is None:
            outcome, reason = RowOutcome.NEW, ""
        elif _same(old, v["value"]):
            outcome, reason = RowOutcome.UNCHANGED, ""
        else:
            outcome = RowOutcome.UPDATED
            reason = _("Was %(old)s.") % {"old": _format(old)}
        report.append(
            {
                "line": v["line"],
                "label": v["label"],
                "code": v["code"],
                "series": v["series"],
                "year": v["year"],
                "value": v["value"],
                "outcome": outcome,
                "reason": reason,
            }
        )
    groups = _existing_groups(parsed) if parsed.groups else {}
    for g in parsed.groups:
        old_group = groups.get((g["code"], g["year"]))
        if old_group is None:
            outcome, reason = RowOutcome.NEW, ""
        elif old_group == g["group"]:
            outcome, reason = RowOutcome.UNCHANGED, ""
        else:
            outcome, reason = RowOutcome.UPDATED, _("Was %(old)s.") % {"old": old_group}
        report.append(
            {
                "line": g["line"],
                "label": g["label"],
                "code": g["code"],
                "year": g["year"],
                "value": g["group"],
                "outcome": outcome,
                "reason": reason,
            }
        )
    report.sort(key=lambda r: (r["line"], r.get("series", ""), r.get("year") or 0))
    return report


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _counts(report: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(r["outcome"] for r in report)
    return {outcome: counts.get(outcome, 0) for outcome in RowOutcome.values}


def _clean_options(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in (options or {}).items():
        if value in (None, ""):
            continue
        cleaned[key] = value if isinstance(value, bool | int) else str(value)[:200]
    if "year" in cleaned:
        try:
            year = int(cleaned["year"])
        except (TypeError, ValueError):
            year = 0
        if not 1950 <= year <= timezone.now().year + 1:
            raise ValidationError(
                {
                    "year": ValidationError(
                        _("Enter a year between 1950 and next year."), code="year"
                    )
                }
            )
        cleaned["year"] = year
    if kind == ImportKind.GENERIC and cleaned.get("source") not in (None, *Source.values):
        raise ValidationError({"source": ValidationError(_("Choose a source."), code="source")})
    return cleaned


def batch_create(
    *, user: Any, kind: str, file_name: str, content: bytes, options: dict[str, Any] | None = None
) -> ImportBatch:
    """Parse a file and keep it as a preview. Raises ``ValidationError`` for a bad file."""
    _require_importer(user)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": ValidationError(_("Choose the kind of file."), code="kind")})
    cleaned = _clean_options(kind, options or {})
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1][:MAX_FILE_NAME] or "file"
    parsed = parse(
        kind=kind,
        name=name,
        content=content,
        options=cleaned,
        matcher=RegionMatcher.from_database(),
    )
    report = _outcomes(parsed)
    cleaned["notes"] = parsed.notes
    batch = ImportBatch(
        kind=kind,
        file_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        options=cleaned,
        rows=parsed.groups if kind == ImportKind.MUNICIPALITY_GROUPS else parsed.values,
        report=report,
        series_meta=parsed.series,
        counts=_counts(report),
    )
    batch.full_clean()
    batch.save()
    return batch


def _series_for(meta: dict[str, dict[str, Any]]) -> dict[str, Series]:
    result = {}
    for key, data in meta.items():
        series = Series.objects.filter(key=key).first()
        if series is None:
            series = Series(key=key, **data)
            series.full_clean()
            series.save()
        result[key] = series
    return result


def _store_values(batch: ImportBatch, now: Any) -> None:
    series = _series_for(batch.series_meta)
    municipalities = dict(Municipality.objects.values_list("code", "pk"))
    counties = dict(County.objects.values_list("code", "pk"))
    existing = {
        (v.series_id, v.region_code, v.year): v
        for v in Value.objects.filter(
            series__in=series.values(), year__in={r["year"] for r in batch.rows}
        )
    }
    new: list[Value] = []
    changed: list[Value] = []
    for row in batch.rows:
        s = series[row["series"]]
        old = existing.get((s.pk, row["code"], row["year"]))
        if old is not None:
            if not _same(old.value, row["value"]):
                old.value = row["value"]
                old.batch = batch
                old.imported_at = now
                changed.append(old)
            continue
        level = row["level"]
        new.append(
            Value(
                series=s,
                level=level,
                region_code=row["code"],
                municipality_id=municipalities.get(row["code"])
                if level == Level.MUNICIPALITY
                else None,
                county_id=counties.get(row["code"]) if level == Level.COUNTY else None,
                year=row["year"],
                value=row["value"],
                batch=batch,
                imported_at=now,
            )
        )
    Value.objects.bulk_create(new, batch_size=1000)
    Value.objects.bulk_update(changed, ["value", "batch", "imported_at"], batch_size=1000)


def _store_groups(batch: ImportBatch, now: Any) -> None:
    municipalities = dict(Municipality.objects.values_list("code", "pk"))
    for row in batch.rows:
        MunicipalityGroupAssignment.objects.update_or_create(
            municipality_id=municipalities[row["code"]],
            classification_year=row["year"],
            defaults={
                "group": row["group"],
                "source": f"SKR ({batch.file_name})"[:200],
                "batch": batch,
                "imported_at": now,
            },
        )


def batch_confirm(*, user: Any, batch: ImportBatch) -> ImportBatch:
    """Store the previewed values (new, updated in place, unchanged left alone), all or none."""
    _require_importer(user)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ValidationError(_("This import has already been confirmed or discarded."))
        now = timezone.now()
        # The outcomes are worked out again: someone may have imported in the meantime.
        parsed = Parsed(series=locked.series_meta)
        parsed.report = [
            r
            for r in locked.report
            if r["outcome"] not in (RowOutcome.NEW, RowOutcome.UPDATED, RowOutcome.UNCHANGED)
        ]
        if locked.kind == ImportKind.MUNICIPALITY_GROUPS:
            parsed.groups = locked.rows
            locked.report = _outcomes(parsed)
            _store_groups(locked, now)
        else:
            parsed.values = locked.rows
            locked.report = _outcomes(parsed)
            _store_values(locked, now)
        locked.status = ImportStatus.CONFIRMED
        locked.confirmed_at = now
        locked.counts = _counts(locked.report)
        locked.save()
        recorder.record(
            action="import",
            model_label="stats.Value",
            object_pk=locked.pk,
            object_repr=locked.file_name,
            data={"batch": locked.pk, "kind": locked.kind, "counts": locked.counts},
            actor=user,
        )
    return locked


def batch_discard(*, user: Any, batch: ImportBatch) -> ImportBatch:
    """Drop a preview: the batch is kept as discarded (who uploaded what), its rows emptied."""
    _require_importer(user)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ValidationError(_("This import has already been confirmed or discarded."))
        locked.status = ImportStatus.DISCARDED
        locked.rows = []
        locked.save()
    return locked
