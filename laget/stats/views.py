"""Pages of the official statistics: list, import (upload → preview → confirm or discard),
a municipality's figures and a county's comparison with its funnel plot and CSV export."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.geography.models import County, Municipality
from laget.stats import charts, comparisons, selectors, services
from laget.stats.choices import ImportStatus, RowOutcome
from laget.stats.forms import ComparisonForm, UploadForm
from laget.stats.models import ImportBatch

OPTION_FIELDS = (
    "year",
    "gender",
    "series_name",
    "unit",
    "source",
    "is_count",
    "category_key",
    "region_column",
    "year_column",
    "value_column",
)


def _reader(request: HttpRequest) -> None:
    if not access.may_read_stats(request.user):
        raise Http404


def _importer(request: HttpRequest) -> None:
    _reader(request)
    if not access.may_import_stats(request.user):
        raise PermissionDenied


def _batch(request: HttpRequest, stats_batch_id: int) -> ImportBatch:
    _importer(request)
    batch = selectors.batch_for_user(user=request.user, batch_id=stats_batch_id)
    if batch is None:
        raise Http404
    return batch


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = {
        "series": selectors.series_overview(),
        "counties": County.objects.order_by("name"),
        "municipalities": Municipality.objects.select_related("county").order_by("name"),
        "may_import": access.may_import_stats(request.user),
    }
    return render(request, "stats/index.html", context)


@login_required
def municipality_jump(request: HttpRequest) -> HttpResponse:
    """The index's "go to a municipality" form (GET ?kommun=code)."""
    _reader(request)
    code = request.GET.get("kommun", "")
    if not Municipality.objects.filter(code=code).exists():
        messages.error(request, _("Choose a municipality."))
        return redirect("stats:index")
    return redirect("stats:municipality", municipality_code=code)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = {k: form.cleaned_data.get(k) for k in OPTION_FIELDS}
        try:
            batch = services.batch_create(
                user=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=upload.read(),
                options=options,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("stats:batch", stats_batch_id=batch.pk)
    other = ("series_name", "unit", "source", "is_count", "category_key")
    other += ("region_column", "year_column", "value_column")
    context = {
        "form": form,
        "other_fields": [form[name] for name in other],
        "batches": selectors.batch_list(user=request.user),
    }
    return render(request, "stats/import_upload.html", context)


@login_required
def batch_detail(request: HttpRequest, stats_batch_id: int) -> HttpResponse:
    batch = _batch(request, stats_batch_id)
    show = request.GET.get("visa", "")
    report = batch.report
    if show == "problem":
        report = [
            r
            for r in report
            if r["outcome"] in (RowOutcome.SKIPPED, RowOutcome.UNMATCHED, RowOutcome.ERROR)
        ]
    outcome_labels = dict(RowOutcome.choices)
    series_names = {key: meta.get("name", key) for key, meta in batch.series_meta.items()}
    rows = [
        {
            **r,
            "outcome_label": outcome_labels.get(r["outcome"], r["outcome"]),
            "series_name": series_names.get(r.get("series", ""), r.get("series", "")),
        }
        for r in report[:5000]
    ]
    counts = [
        (outcome, outcome_labels[outcome], batch.counts.get(outcome, 0))
        for outcome in RowOutcome.values
    ]
    importable = sum(
        batch.counts.get(o, 0) for o in (RowOutcome.NEW, RowOutcome.UPDATED, RowOutcome.UNCHANGED)
    )
    context = {
        "batch": batch,
        "rows": rows,
        "truncated": len(report) > len(rows),
        "counts": counts,
        "importable": importable,
        "show": show,
        "is_preview": batch.status == ImportStatus.PREVIEW,
        "notes": batch.options.get("notes", []),
    }
    return render(request, "stats/import_batch.html", context)


@login_required
@require_POST
def batch_confirm(request: HttpRequest, stats_batch_id: int) -> HttpResponse:
    batch = _batch(request, stats_batch_id)
    try:
        services.batch_confirm(user=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The figures have been stored."))
    return redirect("stats:batch", stats_batch_id=batch.pk)


@login_required
@require_POST
def batch_discard(request: HttpRequest, stats_batch_id: int) -> HttpResponse:
    batch = _batch(request, stats_batch_id)
    try:
        services.batch_discard(user=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import was discarded; nothing was stored."))
    return redirect("stats:import")


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.select_related("county").filter(code=code).first()
    if municipality is None:
        raise Http404
    return municipality


def _county(code: str) -> County:
    county = County.objects.filter(code=code).first()
    if county is None:
        raise Http404
    return county


@login_required
def municipality_detail(request: HttpRequest, municipality_code: str) -> HttpResponse:
    _reader(request)
    municipality = _municipality(municipality_code)
    figures = [
        comparisons.municipality_series(municipality=municipality, series=s)
        for s in selectors.series_with_values(municipality_id=municipality.pk)
    ]
    context = {
        "municipality": municipality,
        "counts": [f for f in figures if f.series.is_count],
        "others": [f for f in figures if not f.series.is_count],
        "group": selectors.municipality_group_by_municipality().get(municipality.pk),
    }
    return render(request, "stats/municipality.html", context)


def _county_comparison(
    request: HttpRequest, scb_county_code: str
) -> tuple[comparisons.CountyComparison | None, ComparisonForm, County]:
    _reader(request)
    county = _county(scb_county_code)
    series = list(selectors.comparable_series())
    chosen = next((s for s in series if s.key == request.GET.get("serie")), None)
    if chosen is None and series:
        chosen = series[0]
    years = selectors.series_years(series=chosen) if chosen else []
    form = ComparisonForm(request.GET or None, series=series, years=years)
    year = None
    reference = "national"
    adjust = False
    if form.is_valid():
        year = form.cleaned_data.get("ar")
        reference = form.cleaned_data.get("jamfor") or "national"
        adjust = bool(form.cleaned_data.get("spridning"))
    if chosen is None:
        return None, form, county
    result = comparisons.rates_for_county(
        county=county,
        series=chosen,
        year=year,
        reference=reference,
        adjust_overdispersion=adjust,
    )
    return result, form, county


@login_required
def county_comparison(request: HttpRequest, scb_county_code: str) -> HttpResponse:
    result, form, county = _county_comparison(request, scb_county_code)
    svg = charts.funnel_svg(result.funnel) if result and result.funnel else None
    context: dict[str, Any] = {
        "county": county,
        "result": result,
        "form": form,
        "svg": svg,
        "above": [p for p in svg.points if p.position == "above"] if svg else [],
        "below": [p for p in svg.points if p.position == "below"] if svg else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "stats/county.html", context)


class _SafeWriter:
    """A CSV writer that keeps spreadsheet programs from running a cell as a formula: text
    from files (a series' name) could start with = + - or @."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: list[Any]) -> None:
        self.writer.writerow(
            [
                f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell
                for cell in row
            ]
        )


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@login_required
def county_comparison_csv(request: HttpRequest, scb_county_code: str) -> HttpResponse:
    result, _form, county = _county_comparison(request, scb_county_code)
    if result is None or result.year is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"statistik-{county.code}-{result.series.key}-{result.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = _SafeWriter(csv.writer(response, delimiter=";"))
    writer.writerow(
        [
            _("Municipality code"),
            _("Municipality"),
            _("Series"),
            _("Year"),
            _("Count"),
            _("Population"),
            _("Rate per 100 000"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("Compared with the county (95 %)"),
            _("Compared with the county (99.8 %)"),
            _("Compared with the country (95 %)"),
            _("Compared with the country (99.8 %)"),
            _("Kommungrupp"),
        ]
    )
    words = {"above": _("above"), "below": _("below"), "within": _("within the limits")}
    for row in result.rows:
        e = row.estimate
        c, n = row.against_county, row.against_national
        writer.writerow(
            [
                row.municipality.code,
                row.municipality.name,
                result.series.name,
                result.year,
                "" if row.count is None else f"{row.count:g}",
                row.population or "",
                _rate(e.rate if e else None),
                _rate(e.low if e else None),
                _rate(e.high if e else None),
                words[c.positions[0.95]] if c else "",
                words[c.positions[0.998]] if c else "",
                words[n.positions[0.95]] if n else "",
                words[n.positions[0.998]] if n else "",
                row.group or "",
            ]
        )
    for label, rate in (
        (str(county), result.county_rate),
        (_("Whole country"), result.national_rate),
    ):
        writer.writerow(
            [
                "",
                label,
                result.series.name,
                result.year,
                rate.count if rate else "",
                rate.population if rate else "",
                _rate(rate.rate if rate else None),
                _rate(rate.low if rate else None),
                _rate(rate.high if rate else None),
            ]
        )
    writer.writerow([])
    writer.writerow(
        [
            _(
                "Reported crimes: reporting propensity, dark figures, counting rules, changes in law and routines, and that crimes are registered where they are reported all affect the figures. Compare within the limits, do not rank."
            )
        ]
    )
    return response


@login_required
def county_funnel_png(request: HttpRequest, scb_county_code: str) -> HttpResponse:
    result, _form, county = _county_comparison(request, scb_county_code)
    if result is None or result.funnel is None:
        raise Http404
    png = charts.funnel_png(
        result.funnel,
        title=f"{result.series.name}, {county} {result.year}",
        x_label=_("Population (log scale)"),
        y_label=_("Rate per 100 000"),
    )
    return HttpResponse(png, content_type="image/png")
