"""Views of the regional layer (thin: access, form, service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.analysis import regional as analysis
from laget.core.forms import apply_validation_error
from laget.regional import exports, selectors, services
from laget.regional.forms import AssessmentForm, CompileForm, PoliceAreaFilterForm
from laget.situation.exports import csv_lines, xlsx_bytes
from laget.situation.models import SituationPicture


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _overview(request: HttpRequest, county_code: str) -> tuple:
    county = access.access_county(request.user, county_code)
    police_areas = list(selectors.police_areas(county=county))
    form = PoliceAreaFilterForm(
        request.GET or None, police_areas=[(a.pk, a.name) for a in police_areas]
    )
    chosen = None
    if form.is_valid() and form.cleaned_data.get("lpo"):
        chosen = next((a for a in police_areas if a.pk == form.cleaned_data["lpo"]), None)
    rows = selectors.county_overview(user=request.user, county=county, police_area=chosen)
    return county, form, chosen, rows


@login_required
def county_overview(request: HttpRequest, county_code: str) -> HttpResponse:
    """The county workspace of a länsstyrelse: Lag 2023:196 across every municipality."""
    county, form, chosen, rows = _overview(request, county_code)
    context = {
        "county": county,
        "rows": rows,
        "form": form,
        "police_area": chosen,
        "query": request.GET.urlencode(),
        "map_data": selectors.municipality_map(rows=rows),
        "in_laget": sum(1 for r in rows if r.collaboration),
        "compliance": {r.collaboration.pk: r.compliance for r in rows if r.collaboration},
    }
    return render(request, "regional/county.html", context)


@login_required
def overview_csv(request: HttpRequest, county_code: str) -> StreamingHttpResponse:
    county, _form, _chosen, rows = _overview(request, county_code)
    headers, body = selectors.overview_table(rows)
    response = StreamingHttpResponse(
        csv_lines([headers, *body]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="lan-{county.code}-oversikt.csv"'
    return response


@login_required
def overview_xlsx(request: HttpRequest, county_code: str) -> HttpResponse:
    county, _form, _chosen, rows = _overview(request, county_code)
    headers, body = selectors.overview_table(rows)
    return _file(
        xlsx_bytes([headers, *body], title=county.name),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"lan-{county.code}-oversikt.xlsx",
    )


@login_required
def picture_list(request: HttpRequest, county_code: str) -> HttpResponse:
    county = access.access_county(request.user, county_code)
    initial = {"day": analysis.last_complete_period(timezone.localdate(), "quarter").start}
    form = CompileForm(initial=initial)
    if request.method == "POST":
        form = CompileForm(request.POST)
        if form.is_valid():
            period = analysis.period_containing(
                form.cleaned_data["day"], form.cleaned_data["period_kind"]
            )
            try:
                picture = services.regional_compile(user=request.user, county=county, period=period)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The regional situation picture has been compiled."))
                return redirect(
                    "regional:picture_detail",
                    county_code=county.code,
                    regional_picture_id=picture.pk,
                )
    context = {
        "county": county,
        "form": form,
        "pictures": selectors.regional_picture_list(user=request.user, county=county),
    }
    return render(
        request, "regional/picture_list.html", context, status=400 if form.errors else 200
    )


@login_required
def picture_detail(
    request: HttpRequest, county_code: str, regional_picture_id: int
) -> HttpResponse:
    county = access.access_county(request.user, county_code)
    picture = selectors.regional_picture(user=request.user, county=county, pk=regional_picture_id)
    form = AssessmentForm(initial={"assessment": picture.assessment})
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                services.regional_write(
                    user=request.user,
                    picture=picture,
                    assessment=form.cleaned_data["assessment"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The county's assessment has been saved."))
                return redirect(
                    "regional:picture_detail",
                    county_code=county.code,
                    regional_picture_id=picture.pk,
                )
    snapshot = picture.snapshot or {}
    context = {
        "county": county,
        "picture": picture,
        "snapshot": snapshot,
        "form": form,
        "category_rows": exports.category_rows(snapshot),
        "suppression_note": exports.suppression_note(snapshot),
        "versions": selectors.regional_picture_list(user=request.user, county=county).filter(
            period_kind=picture.period_kind, period_start=picture.period_start
        ),
    }
    return render(
        request, "regional/picture_detail.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def picture_adopt(request: HttpRequest, county_code: str, regional_picture_id: int) -> HttpResponse:
    county = access.access_county(request.user, county_code)
    picture = selectors.regional_picture(user=request.user, county=county, pk=regional_picture_id)
    try:
        services.regional_adopt(user=request.user, picture=picture)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The regional situation picture has been adopted."))
    return redirect(
        "regional:picture_detail", county_code=county.code, regional_picture_id=picture.pk
    )


def _filename(picture: object, suffix: str) -> str:
    return (
        f"regional-lagesbild-{picture.county.code}-{picture.period_start:%Y-%m-%d}"
        f"-v{picture.version}{suffix}"
    )


@login_required
def picture_pdf(request: HttpRequest, county_code: str, regional_picture_id: int) -> HttpResponse:
    county = access.access_county(request.user, county_code)
    picture = selectors.regional_picture(user=request.user, county=county, pk=regional_picture_id)
    return _file(exports.picture_pdf(picture), "application/pdf", _filename(picture, ".pdf"))


@login_required
def picture_docx(request: HttpRequest, county_code: str, regional_picture_id: int) -> HttpResponse:
    county = access.access_county(request.user, county_code)
    picture = selectors.regional_picture(user=request.user, county=county, pk=regional_picture_id)
    return _file(
        exports.picture_docx(picture),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _filename(picture, ".docx"),
    )


# --- sharing a municipal lägesbild with the county (on the lägesbild page) ----------------------


def _shareable(request: HttpRequest, collaboration_id: int, picture_id: int) -> SituationPicture:
    picture = access.access_object(request.user, SituationPicture, picture_id, access.MANAGE)
    if picture.collaboration_id != collaboration_id:
        raise Http404
    return picture


def _back(picture: SituationPicture) -> HttpResponse:
    return redirect(
        "situation:picture", collaboration_id=picture.collaboration_id, picture_id=picture.pk
    )


@login_required
@require_POST
def picture_share(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    picture = _shareable(request, collaboration_id, picture_id)
    try:
        services.picture_share(user=request.user, picture=picture)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The situation picture is shared with the county."))
    return _back(picture)


@login_required
@require_POST
def picture_unshare(request: HttpRequest, collaboration_id: int, picture_id: int) -> HttpResponse:
    picture = _shareable(request, collaboration_id, picture_id)
    try:
        services.picture_unshare(user=request.user, picture=picture)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The situation picture is no longer shared with the county."))
    return _back(picture)
