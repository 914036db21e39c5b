"""API routes for lägesrapporter: categories, sending reports (idempotent), listing and reading.

Reports sent here go through ``report_submit`` like the report form, so they meet the same
checks (category in use, point inside the municipality, no future dates, text length, the
personal-data guard) and answer 422 with a translated ``detail``, per-field ``errors`` and
their ``codes``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from laget import access
from laget.api import intake
from laget.api.auth import TokenAuth
from laget.core.errors import field_error
from laget.geography.models import Area
from laget.organisations.models import Collaboration
from laget.reporting import selectors, services
from laget.reporting.choices import ReportSource
from laget.reporting.imports import CellError, parse_week
from laget.reporting.models import Category, Report

router = Router(tags=["reports"])

#: Reports per page of ``GET …/reports`` (``?limit=`` may ask for fewer or up to the maximum).
MAX_PAGE = 500


class CategoryOut(Schema):
    key: str = Field(description="Send this as `category` when reporting.")
    name: str
    label: str = Field(description='"Main category: Sub-category", as reports show it.')
    main_category: str | None = Field(description="The main category's key, if any.")
    help_text: str
    involves_children: bool = Field(
        description="A lägesrapport never replaces a report of concern (orosanmälan)."
    )
    template: str
    template_version: int


class ReportIn(Schema):
    category: str = Field(description="A category key from GET …/categories.")
    area_id: int | None = Field(None, description="One of the collaboration's areas.")
    lon: float | None = Field(None, description="WGS 84; assigned to its area automatically.")
    lat: float | None = Field(None, description="WGS 84; give both lon and lat, or neither.")
    occurred_at: datetime.datetime | None = Field(
        None, description="When it happened (ISO 8601); not in the future, at most a year ago."
    )
    week: str | None = Field(
        None,
        description="For a report about a whole week: ISO week, e.g. 2026-W47. "
        "Without occurred_at and week, the current week.",
    )
    count: int = Field(1, description="Number of occurrences, 1–10 000.")
    assessment: str = Field("", description="green, yellow, red or empty.")
    trend: str = Field("", description="increased, unchanged, decreased or empty.")
    text: str = Field("", description="At most 2 000 characters; checked for personal data.")
    personal_data_reason: str = Field(
        "",
        description="Required when the text contains personal data (else 422, code personal_data).",
    )


class ReportOut(Schema):
    id: int
    collaboration_id: int
    category: str
    category_label: str
    template_version: int
    week: str = Field(description="ISO week of the report, e.g. 2026-W47.")
    period_start: datetime.date = Field(description="The Monday of that week.")
    occurred_at: datetime.datetime | None
    area_id: int | None
    area_name: str | None
    lon: float | None
    lat: float | None
    count: int
    assessment: str
    trend: str
    text: str
    organisation: str
    unit: str | None
    info_class: str
    source: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_category(obj: Report) -> str:
        return obj.category.key

    @staticmethod
    def resolve_week(obj: Report) -> str:
        return f"{obj.period_start:%G-W%V}"

    @staticmethod
    def resolve_area_name(obj: Report) -> str | None:
        return obj.area.name if obj.area_id else None

    @staticmethod
    def resolve_organisation(obj: Report) -> str:
        return obj.owner_organisation.name

    @staticmethod
    def resolve_unit(obj: Report) -> str | None:
        return obj.unit.name if obj.unit_id else None


def _report_out(report: Report) -> ReportOut:
    """``ReportOut`` for a report whose related objects are loaded, built without validation.

    django-ninja validates a returned model object field by field against the schema; an
    instance of the schema itself is only serialised. The fields are those ``ReportOut``
    resolves, with the same types (``test_created_report_matches_its_detail`` compares the two).
    """
    return ReportOut.model_construct(
        id=report.pk,
        collaboration_id=report.collaboration_id,
        category=report.category.key,
        category_label=report.category_label,
        template_version=report.template_version,
        week=ReportOut.resolve_week(report),
        period_start=report.period_start,
        occurred_at=report.occurred_at,
        area_id=report.area_id,
        area_name=ReportOut.resolve_area_name(report),
        lon=report.lon,
        lat=report.lat,
        count=report.count,
        assessment=report.assessment,
        trend=report.trend,
        text=report.text,
        organisation=report.owner_organisation.name,
        unit=ReportOut.resolve_unit(report),
        info_class=report.info_class,
        source=report.source,
        created_at=report.created_at,
    )


class ReportPage(LimitOffsetPagination):
    """``limit``/``offset`` pages of at most ``MAX_PAGE`` reports, with the total ``count``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)


def _category_out(category: Category) -> dict[str, Any]:
    return {
        "key": category.key,
        "name": category.name,
        "label": str(category),
        "main_category": category.parent.key if category.parent_id else None,
        "help_text": category.help_text,
        "involves_children": category.involves_children,
        "template": category.template.name,
        "template_version": category.template.version,
    }


def _active_categories(user: Any, collaboration: Collaboration) -> list[Category]:
    templates = selectors.template_list(user=user, collaboration=collaboration).filter(
        is_active=True
    )
    return [c for t in templates for c in selectors.reportable_categories(template=t)]


def _area(collaboration: Collaboration, area_id: int | None) -> Area | None:
    if area_id is None:
        return None
    area = Area.objects.filter(pk=area_id, collaboration=collaboration).first()
    if area is None:
        raise field_error("area_id", _("Choose one of the collaboration's areas."), "area")
    return area


def _week(week: str | None) -> datetime.date | None:
    if not week:
        return None
    try:
        return parse_week(week)
    except CellError as exc:
        raise field_error("week", exc.message, "week") from exc


@router.get(
    "/collaborations/{collaboration_id}/categories",
    response=list[CategoryOut],
    summary="Categories to report in",
)
def category_list(request: HttpRequest, collaboration_id: int) -> list[dict[str, Any]]:
    """The categories of the template in use that reports can be sent for (sub-categories,
    and main categories without any), with their keys and help texts."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    return [_category_out(c) for c in _active_categories(request.user, collaboration)]


@router.post(
    "/collaborations/{collaboration_id}/reports",
    response={200: ReportOut, 201: ReportOut},
    summary="Send a report",
    auth=TokenAuth(with_memberships=True),
)
def report_create(
    request: HttpRequest,
    collaboration_id: int,
    payload: ReportIn,
    response: HttpResponse,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Any unique string up to 100 characters. A retry with the same key returns "
        "the report the first request made (200, header Idempotent-Replayed: true) instead of "
        "creating another.",
    ),
) -> Status[Report | ReportOut]:
    """Send one lägesrapport as the token's owner, for their own organisation.

    Answers 201 with the new report, or 200 with the earlier one for a repeated
    ``Idempotency-Key``; 422 when a check fails (unknown category, a point outside the
    municipality, a future date, too long a text, personal data without a reason).
    """
    # The API's hot path: the scope, the collaboration, the category and the area index's
    # freshness come from the token's statement, one query and caches (laget/api/intake.py).
    if getattr(request.user, "_laget_memberships", None) is None:  # not read with the token
        intake.prime_memberships(request.user)
    collaboration = intake.member_collaboration(request.user, collaboration_id)
    data = services.ReportInput(
        category=intake.reporting_category(collaboration, payload.category),
        area=_area(collaboration, payload.area_id),
        lon=payload.lon,
        lat=payload.lat,
        occurred_at=payload.occurred_at,
        period_start=_week(payload.week),
        count=payload.count,
        assessment=payload.assessment,
        trend=payload.trend,
        text=payload.text,
        personal_data_reason=payload.personal_data_reason,
    )
    report, created = services.report_submit(
        user=request.user,
        collaboration=collaboration,
        data=data,
        source=ReportSource.API,
        idempotency_key=idempotency_key,
    )
    if created:
        # The new report's related objects are those just checked: no validation needed.
        return Status(201, _report_out(report))
    if report.collaboration_id != collaboration.pk:
        raise field_error(
            "idempotency_key",
            _("This idempotency key was used for a report in another collaboration."),
            "idempotency_key",
        )
    response["Idempotent-Replayed"] = "true"
    return Status(200, report)


@router.get(
    "/collaborations/{collaboration_id}/reports",
    response=list[ReportOut],
    summary="List reports",
)
@paginate(ReportPage)
def report_list(
    request: HttpRequest,
    collaboration_id: int,
    week: str | None = None,
    category: str | None = None,
    area_id: int | None = None,
) -> Any:
    """The collaboration's reports the token's owner may read, newest first, in pages
    (``limit``, ``offset``). Filters: ``week`` (2026-W47), ``category`` (a key; a main
    category includes its sub-categories) and ``area_id``."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    chosen = None
    if category:
        chosen = Category.objects.filter(
            template__collaboration=collaboration, key=category.strip()
        ).first()
        if chosen is None:
            raise field_error("category", _("Unknown category."), "category")
    return selectors.report_list(
        user=request.user,
        collaboration=collaboration,
        period_start=_week(week),
        category=chosen,
        area=_area(collaboration, area_id),
    )


@router.get("/reports/{report_id}", response=ReportOut, summary="Read a report")
def report_detail(request: HttpRequest, report_id: int) -> Report:
    return access.access_object(request.user, Report, report_id)
