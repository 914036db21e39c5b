"""Reads for the lägesbild. Every selector takes the acting user and goes through the access module.

``situation_inputs`` fetches a period's data for the compilation with a fixed handful of
aggregate queries — never one per category, area or report — so compiling stays fast with years
of reports (bench/compile_situation.py measures it on national-scale data).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.models import DateField, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, TruncDate

from laget import access
from laget.analysis import compile as compile_analysis
from laget.core.choices import InformationClass
from laget.geography.models import Area
from laget.organisations.choices import GroupKind, Role
from laget.organisations.models import Collaboration, Group, Membership
from laget.reporting.models import Category, ChecklistAnswer, Report
from laget.situation.choices import PeriodKind
from laget.situation.models import SituationPicture, SituationSettings
from laget.situation.snapshot import CategoryInfo, ExpectedUnit, SituationInputs, snapshot_build

#: The report's local date: when it happened, or the Monday of its week when only that is known.
REPORT_DAY = Coalesce(TruncDate("occurred_at"), F("period_start"), output_field=DateField())
#: Baseline periods for the alerts (8–12 is the usual range; the alerts need at least 8).
BASELINE_PERIODS = 12
#: The seasonal profile looks back this many years before the current one.
SEASONAL_YEARS = 3


def situation_group_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Group]:
    """The collaboration's lägesbildsgrupper that ``user`` may see."""
    return access.restrict(
        user, Group.objects.filter(collaboration=collaboration, kind=GroupKind.SITUATION)
    ).order_by("name")


def situation_settings_for(*, group: Group) -> SituationSettings:
    """The group's settings, or the defaults (weekly) when the group has not changed them."""
    found = SituationSettings.objects.filter(group=group).first()
    return found or SituationSettings(group=group, period_kind=PeriodKind.WEEK)


def picture_list(*, user: Any, group: Group) -> QuerySet[SituationPicture]:
    """Every version of every lägesbild of the group that ``user`` may read, newest first."""
    return access.restrict(
        user,
        SituationPicture.objects.filter(group=group)
        .select_related("adopted_by", "owner_organisation")
        .defer("snapshot"),
    )


def picture_versions(
    *, user: Any, group: Group, period: compile_analysis.Period
) -> list[SituationPicture]:
    """The versions of one period's lägesbild, the latest first."""
    return list(
        picture_list(user=user, group=group).filter(
            period_kind=period.kind, period_start=period.start
        )
    )


def picture_latest(
    *, user: Any, group: Group, period: compile_analysis.Period
) -> SituationPicture | None:
    """The latest version (with its snapshot) of one period's lägesbild, or None."""
    return (
        access.restrict(
            user,
            SituationPicture.objects.filter(
                group=group, period_kind=period.kind, period_start=period.start
            ).select_related("adopted_by", "owner_organisation"),
        )
        .order_by("-version")
        .first()
    )


def included_info_classes(info_class: str) -> list[str]:
    """The reports a lägesbild of this class may count: those all of its readers may see.

    A lägesbild for the collaboration's partners counts public and partners' reports only; it
    never reveals, even as a count, what only one organisation may read.
    """
    included = [InformationClass.PUBLIC, InformationClass.PARTNERS]
    if info_class in (InformationClass.OWN_ORGANISATION, InformationClass.RESTRICTED):
        included.append(InformationClass.OWN_ORGANISATION)
    if info_class == InformationClass.RESTRICTED:
        included.append(InformationClass.RESTRICTED)
    return [str(c) for c in included]


def bbox(geometries: list[Any]) -> tuple[float, float, float, float] | None:
    """The lon/lat bounding box (west, south, east, north) of GeoJSON geometries, or None."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], int | float):
            xs.append(float(coords[0]))
            ys.append(float(coords[1]))
            return
        for item in coords or []:
            walk(item)

    for geometry in geometries:
        walk((geometry or {}).get("coordinates"))
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _bucket_sums(
    reports: QuerySet[Report],
    buckets: dict[str, tuple[datetime.date, datetime.date]],
    period: compile_analysis.Period,
) -> tuple[dict[str, dict[tuple[Any, Any], int]], dict[tuple[Any, Any], str]]:
    """Per category and area: the count in every bucket and the period's most serious light.

    One query. The report's day is computed once per row in a subquery (built by the ORM, so
    the access filters stay as they are), and the outer query sums it into every bucket with
    ``SUM … FILTER`` — the database does the work, and a hundred rows come back.
    """
    # The caller narrows by week (indexed); each bucket's FILTER then takes the exact days.
    inner = (
        reports.annotate(day=REPORT_DAY)
        .values("category_id", "area_id", "assessment", "count", "day")
        .order_by()
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    if connection.vendor == "postgresql":
        # A fence: without it PostgreSQL pulls the subquery up and computes the day (a time
        # zone conversion) once per bucket instead of once per report.
        inner_sql += " OFFSET 0"
    columns = ['SUM(t."count") FILTER (WHERE t."day" >= %s AND t."day" <= %s)' for _name in buckets]
    params: list[Any] = [day for lo_hi in buckets.values() for day in lo_hi]
    severity = " ".join(
        f"WHEN '{name}' THEN {rank}" for rank, name in enumerate(compile_analysis.SEVERITY) if name
    )
    columns.append(
        f'MAX(CASE t."assessment" {severity} ELSE 0 END) '
        'FILTER (WHERE t."day" >= %s AND t."day" <= %s)'
    )
    params += [period.start, period.end]
    # Only constants and the ORM's own SQL are joined here; every value is a parameter.
    sql = (
        f'SELECT t."category_id", t."area_id", {", ".join(columns)} '  # noqa: S608
        f'FROM ({inner_sql}) t GROUP BY t."category_id", t."area_id"'
    )
    sums: dict[str, dict[tuple[Any, Any], int]] = {name: {} for name in buckets}
    assessments: dict[tuple[Any, Any], str] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        for category_id, area_id, *values in cursor.fetchall():
            key = (category_id, area_id)
            for name, value in zip(buckets, values, strict=False):
                if value:
                    sums[name][key] = int(value)
            if values[-1]:
                assessments[key] = compile_analysis.SEVERITY[int(values[-1])]
    return sums, assessments


def _category_order(category: Category) -> tuple[int, int, int, int, int]:
    """Main categories in their order, each followed by its sub-categories (as the form shows)."""
    main = category.parent or category
    own = (0, 0) if category.parent_id is None else (category.order + 1, category.pk)
    return (category.template_id, main.order, main.pk, *own)


def situation_inputs(
    *,
    user: Any,
    collaboration: Collaboration,
    period: compile_analysis.Period,
    info_class: str = InformationClass.PARTNERS,
    owner_organisation_id: int | None = None,
    baseline_periods: int = BASELINE_PERIODS,
) -> SituationInputs:
    """Fetch what the lägesbild of ``period`` needs, in eight queries, all but one aggregates.

    Reports marked as a duplicate of another ("samma händelse") are counted once, through the
    original. Only reports of the classes :func:`included_info_classes` allows are counted, and
    the own organisation's only for the owner's own lägesbild.
    """
    info_classes = included_info_classes(info_class)
    counted = Q(info_class__in=[InformationClass.PUBLIC, InformationClass.PARTNERS])
    if owner_organisation_id is not None and len(info_classes) > 2:
        counted |= Q(owner_organisation_id=owner_organisation_id, info_class__in=info_classes)
    reports = access.restrict(
        user,
        Report.objects.filter(collaboration=collaboration, duplicate_of__isnull=True).filter(
            counted
        ),
    )
    # 1. when reporting began: earlier periods are no data, not zeros
    history_start = reports.aggregate(first=Min("period_start"))["first"]
    # 2. the table: one filtered sum per comparison bucket, per category and area
    buckets = compile_analysis.comparison_buckets(
        period, baseline_periods=baseline_periods, history_start=history_start
    )
    first = min(lo for lo, _hi in buckets.values())
    rows = reports.filter(
        period_start__gte=first - datetime.timedelta(days=6), period_start__lte=period.end
    )
    sums, assessments = _bucket_sums(rows, buckets, period)
    # 3. the seasonal profile: counts per week, SEASONAL_YEARS back; a week counts in the month
    # that holds its Thursday (as an ISO week belongs to the year that holds its Thursday).
    # Grouping by the indexed week needs no time-zone arithmetic per report.
    seasonal_start = datetime.date(period.end.year - SEASONAL_YEARS, 1, 1)
    if history_start is not None:
        seasonal_start = max(seasonal_start, history_start)
    weekly = (
        reports.filter(period_start__gte=seasonal_start, period_start__lte=period.end)
        .values_list("period_start")
        .annotate(n=Sum("count"))
        .order_by()
    )
    seasonal: dict[datetime.date, int] = {}
    for monday, n in weekly:
        month = (monday + datetime.timedelta(days=3)).replace(day=1)
        seasonal[month] = seasonal.get(month, 0) + n
    # 4. weekday × hour over the 52 complete weeks up to the period's end
    last_sunday = period.end - datetime.timedelta(days=(period.end.weekday() + 1) % 7)
    last_monday = last_sunday - datetime.timedelta(days=6)
    year_start = last_monday - datetime.timedelta(weeks=51)
    weekday_hour = (
        reports.filter(
            occurred_at__isnull=False,
            period_start__gte=year_start,
            period_start__lte=last_monday,
        )
        .annotate(weekday=ExtractIsoWeekDay("occurred_at"), hour=ExtractHour("occurred_at"))
        .values_list("weekday", "hour")
        .annotate(n=Sum("count"))
        .order_by()
    )
    # 5. the period's points for the map and the hot spots
    points = (
        reports.filter(
            period_start__gte=period.start - datetime.timedelta(days=6),
            period_start__lte=period.end,
            lon__isnull=False,
            lat__isnull=False,
        )
        .annotate(day=REPORT_DAY)
        .filter(day__gte=period.start, day__lte=period.end)
        .values_list("lon", "lat", "category_id", "area_id", "count")
        .order_by()
    )
    # 6–7. the table's rows and columns: categories (retired ones keep their history) and areas
    all_categories = sorted(
        Category.objects.filter(template__collaboration=collaboration).select_related("parent"),
        key=_category_order,
    )
    parents = {c.parent_id for c in all_categories if c.parent_id is not None}
    categories = [
        CategoryInfo(c.pk, c.key, c.name, str(c), c.is_active)
        for c in all_categories
        if c.pk not in parents  # reports go to sub-categories, or to mains without any
    ]
    area_rows = list(
        access.restrict(user, Area.objects.filter(collaboration=collaboration, is_active=True))
        .order_by("name")
        .values_list("pk", "name", "boundary")
    )
    # 8–9. who should have answered the weekly checklist, and who did
    expected = [
        ExpectedUnit(org_id, org_name, unit_id, unit_name)
        for org_id, org_name, unit_id, unit_name in Membership.objects.filter(
            collaboration=collaboration, role=Role.REPORTER, is_active=True
        )
        .values_list("organisation_id", "organisation__name", "unit_id", "unit__name")
        .distinct()
        .order_by("organisation__name", "unit__name")
    ]
    answered = set(
        ChecklistAnswer.objects.filter(collaboration=collaboration, period_start__in=period.weeks())
        .values_list("owner_organisation_id", "unit_id", "period_start")
        .distinct()
    )
    return SituationInputs(
        period=period,
        sums=sums,
        assessments=assessments,
        categories=categories,
        areas=[(pk, name) for pk, name, _boundary in area_rows],
        history_start=history_start,
        weekday_hour=[(w, h, n) for w, h, n in weekday_hour],
        weekday_hour_range=(
            max(year_start, history_start or year_start),
            last_sunday,
        ),
        seasonal=sorted(seasonal.items()),
        seasonal_start=seasonal_start,
        points=[(lon, lat, c, a, n) for lon, lat, c, a, n in points],
        extent=bbox([boundary for _pk, _name, boundary in area_rows]),
        expected_units=expected,
        answered=answered,
        baseline_periods=baseline_periods,
        info_classes=info_classes,
    )


def situation_snapshot(
    *,
    user: Any,
    collaboration: Collaboration,
    period: compile_analysis.Period,
    info_class: str = InformationClass.PARTNERS,
    owner_organisation_id: int | None = None,
) -> dict[str, Any]:
    """The compiled lägesbild of ``period`` as it stands now (what ``situation_compile`` stores)."""
    inputs = situation_inputs(
        user=user,
        collaboration=collaboration,
        period=period,
        info_class=info_class,
        owner_organisation_id=owner_organisation_id,
    )
    return snapshot_build(inputs)
