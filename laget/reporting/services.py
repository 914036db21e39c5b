"""Writes for reporting: templates and categories, reports, the weekly checklist, redaction."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laget import access
from laget.analysis import pii
from laget.audit.recorder import insert_new
from laget.core.choices import InformationClass
from laget.core.errors import field_error
from laget.geography.models import Area
from laget.geography.services import point_area
from laget.organisations.models import Collaboration, Membership, Unit
from laget.reporting.choices import PersonalDataAction, ReportSource
from laget.reporting.models import (
    MAX_TEXT,
    Category,
    ChecklistAnswer,
    PersonalDataFinding,
    Report,
    ReportTemplate,
)
from laget.reporting.presets import PRESETS, CategorySpec

#: How far back a report may be dated (older events belong in an import of historic data).
MAX_AGE = datetime.timedelta(days=366)
#: Clock skew allowed for "now" on a reporter's phone.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)

PERSONAL_DATA_LABELS = {
    pii.PERSONAL_NUMBER: gettext_lazy("a personal identity number"),
    pii.COORDINATION_NUMBER: gettext_lazy("a coordination number"),
    pii.PHONE: gettext_lazy("a phone number"),
    pii.EMAIL: gettext_lazy("an e-mail address"),
    pii.VEHICLE: gettext_lazy("a vehicle registration number"),
}


def period_start_for(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week that ``day`` falls in: the reporting period's id."""
    return day - datetime.timedelta(days=day.weekday())


# --- templates ----------------------------------------------------------------------------------


def _create_categories(
    template: ReportTemplate, specs: list[CategorySpec], parent: Category | None
) -> None:
    for order, spec in enumerate(specs):
        category = Category(
            template=template,
            parent=parent,
            key=spec["key"],
            name=spec["name"],
            help_text=spec.get("help", ""),
            involves_children=spec.get("children", False),
            order=order,
        )
        category.full_clean()
        category.save()
        _create_categories(template, spec.get("sub", []), category)


@transaction.atomic
def template_create_from_preset(
    *, collaboration: Collaboration, preset: str, name: str = ""
) -> ReportTemplate:
    """Create a collaboration's template from one of the shipped presets (EST, Sociala risker)."""
    if preset not in PRESETS:
        raise field_error("preset", _("Unknown template preset."), "preset")
    default_name, specs = PRESETS[preset]
    template = ReportTemplate(
        collaboration=collaboration, name=name.strip() or default_name, preset=preset
    )
    template.full_clean()
    template.save()
    _create_categories(template, specs, None)
    return template


def _bump(template: ReportTemplate) -> int:
    template.version += 1
    template.save(update_fields=["version"])
    return template.version


@transaction.atomic
def category_add(
    *,
    template: ReportTemplate,
    name: str,
    parent: Category | None = None,
    help_text: str = "",
    involves_children: bool = False,
) -> Category:
    """Add a category (or a sub-category under ``parent``) in a new template version."""
    if parent is not None and (parent.template_id != template.pk or parent.parent_id is not None):
        raise field_error("parent", _("Choose a main category of the same template."), "parent")
    from django.utils.text import slugify

    base = slugify(name)[:40] or "kategori"
    key, n = base, 1
    while template.categories.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    version = _bump(template)
    category = Category(
        template=template,
        parent=parent,
        key=key,
        name=name.strip(),
        help_text=help_text,
        involves_children=involves_children,
        order=template.categories.count(),
        introduced_in=version,
    )
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def category_rename(
    *, category: Category, name: str, help_text: str, involves_children: bool
) -> Category:
    """Rename a category. Earlier reports keep the name they were made under."""
    category.name = name.strip()
    category.help_text = help_text
    category.involves_children = involves_children
    category.full_clean()
    category.save(update_fields=["name", "help_text", "involves_children"])
    _bump(category.template)
    return category


@transaction.atomic
def category_retire(*, category: Category) -> Category:
    """Stop offering a category (and its sub-categories); its reports stay as they are."""
    if not category.is_active:
        raise ValidationError(_("The category is already retired."), code="retired")
    version = _bump(category.template)
    for item in [category, *category.children.filter(is_active=True)]:
        item.is_active = False
        item.retired_in = version
        item.save(update_fields=["is_active", "retired_in"])
    return category


@transaction.atomic
def template_activate(*, template: ReportTemplate) -> ReportTemplate:
    """Make ``template`` the one the collaboration reports with; the others stop being in use.

    Reports made with another template keep it (and its categories); only new reports change.
    """
    others = ReportTemplate.objects.filter(
        collaboration_id=template.collaboration_id, is_active=True
    ).exclude(pk=template.pk)
    for other in others:
        other.is_active = False
        other.save(update_fields=["is_active"])
    if not template.is_active:
        template.is_active = True
        template.save(update_fields=["is_active"])
    return template


@transaction.atomic
def template_add(
    *, collaboration: Collaboration, preset: str, name: str = "", use_now: bool = False
) -> ReportTemplate:
    """A coordinator adds a template from a preset; in use at once only when ``use_now``."""
    template = template_create_from_preset(collaboration=collaboration, preset=preset, name=name)
    if use_now:
        return template_activate(template=template)
    template.is_active = False
    template.save(update_fields=["is_active"])
    return template


# --- reports ------------------------------------------------------------------------------------


def _salt(collaboration: Collaboration) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:pii:{collaboration.pk}".encode()).hexdigest()


def personal_data_message(findings: list[pii.Finding]) -> str:
    kinds = sorted({f.kind for f in findings})
    labels = ", ".join(str(PERSONAL_DATA_LABELS.get(k, k)) for k in kinds)
    return _(
        "The text seems to contain personal data (%(what)s). Lägesrapporter describe places and "
        "events, not people: remove it, or give a reason for keeping it."
    ) % {"what": labels}


def _reporting_membership(user: Any, collaboration: Collaboration, unit: Unit | None) -> Membership:
    # The first active membership (by pk) in the collaboration, of the unit's organisation when
    # a unit is given; read from the memberships the request's scope already loaded.
    membership = next(
        (
            m
            for m in access.active_memberships(user)
            if m.collaboration_id == collaboration.pk
            and (unit is None or m.organisation_id == unit.organisation_id)
        ),
        None,
    )
    if membership is None:
        if unit is not None:
            raise field_error(
                "unit", _("You can only report for units of your own organisation."), "unit"
            )
        raise ValidationError(_("You are not a member of this collaboration."), code="not_member")
    return membership


def _check_category(collaboration: Collaboration, category: Category) -> None:
    if category.template.collaboration_id != collaboration.pk or not category.template.is_active:
        raise field_error("category", _("Unknown category."), "category")
    if not category.is_active:
        raise field_error("category", _("The category is no longer in use."), "retired")


def _check_when(
    occurred_at: datetime.datetime | None, period_start: datetime.date | None
) -> datetime.date:
    now = timezone.now()
    if occurred_at is not None:
        if timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        if occurred_at > now + FUTURE_TOLERANCE:
            raise field_error("occurred_at", _("The time cannot be in the future."), "future")
        if occurred_at < now - MAX_AGE:
            raise field_error("occurred_at", _("The time is more than a year ago."), "too_old")
        return period_start_for(timezone.localtime(occurred_at).date())
    if period_start is None:
        return period_start_for(timezone.localdate())
    if period_start > timezone.localdate():
        raise field_error("period_start", _("The week cannot be in the future."), "future")
    if period_start < timezone.localdate() - MAX_AGE:
        raise field_error("period_start", _("The week is more than a year ago."), "too_old")
    return period_start_for(period_start)


def _locate(
    collaboration: Collaboration, area: Area | None, lon: float | None, lat: float | None
) -> Area | None:
    if (lon is None) != (lat is None):
        raise field_error("lon", _("Give both longitude and latitude, or neither."), "point")
    if lon is not None and lat is not None:
        try:
            located = point_area(collaboration=collaboration, lon=lon, lat=lat)
        except ValidationError as exc:
            raise field_error(
                "lon", " ".join(exc.messages), exc.error_list[0].code or "outside"
            ) from exc
        if located is not None:
            return located
    if area is not None and (area.collaboration_id != collaboration.pk or not area.is_active):
        raise field_error("area", _("Choose one of the collaboration's areas."), "area")
    return area


@dataclass
class ReportInput:
    """What a reporter sends, from any intake (form, checklist, import, API)."""

    category: Category
    count: int = 1
    unit: Unit | None = None
    occurred_at: datetime.datetime | None = None
    period_start: datetime.date | None = None
    area: Area | None = None
    lon: float | None = None
    lat: float | None = None
    assessment: str = ""
    trend: str = ""
    text: str = ""
    personal_data_reason: str = ""
    info_class: str = InformationClass.PARTNERS
    extra: dict[str, Any] = field(default_factory=dict)


def _build_report(
    *, user: Any, collaboration: Collaboration, data: ReportInput, source: str
) -> tuple[Report, list[pii.Finding]]:
    _check_category(collaboration, data.category)
    membership = _reporting_membership(user, collaboration, data.unit)
    period = _check_when(data.occurred_at, data.period_start)
    area = _locate(collaboration, data.area, data.lon, data.lat)
    text = (data.text or "").strip()
    if len(text) > MAX_TEXT:
        raise field_error(
            "text",
            _("The description is too long (at most %(max)s characters).") % {"max": MAX_TEXT},
            "too_long",
        )
    findings = pii.find_personal_data(text, salt=_salt(collaboration))
    reason = (data.personal_data_reason or "").strip()
    if findings and not reason:
        raise field_error("text", personal_data_message(findings), "personal_data")
    report = Report(
        collaboration=collaboration,
        category=data.category,
        category_label=str(data.category),
        template_version=data.category.template.version,
        reporter=user,
        owner_organisation=membership.organisation,
        unit=data.unit or membership.unit,
        info_class=data.info_class,
        period_start=period,
        occurred_at=data.occurred_at,
        area=area,
        lon=data.lon,
        lat=data.lat,
        count=data.count,
        assessment=data.assessment or "",
        trend=data.trend or "",
        text=text,
        personal_data_reason=reason if findings else "",
        source=source,
    )
    return report, findings


#: Foreign keys that saving and ``report_validate`` leave to the database: ``_build_report``
#: has just read every one of those objects, so checking again would cost a query each.
_LOOKED_UP_FIELDS = [
    "collaboration",
    "category",
    "reporter",
    "owner_organisation",
    "unit",
    "area",
    "duplicate_of",
]


def _save_report(report: Report, findings: list[pii.Finding], user: Any) -> Report:
    # The idempotency key's uniqueness is left to the database: when a concurrent retry commits
    # between report_submit's lookup and this check, a ValidationError here would answer 422;
    # the IntegrityError instead reaches report_submit, which returns the other report. The
    # foreign keys were read by _build_report (and the database enforces them anyway).
    report.full_clean(exclude=["idempotency_key", *_LOOKED_UP_FIELDS])
    insert_new(report)  # report.save(), its INSERT built once per connection
    PersonalDataFinding.objects.bulk_create(
        PersonalDataFinding(
            report=report,
            kind=f.kind,
            digest=f.digest,
            action=PersonalDataAction.JUSTIFIED,
            handled_by=user,
        )
        for f in findings
    )
    return report


def report_validate(
    *, user: Any, collaboration: Collaboration, data: ReportInput, source: str = ReportSource.WEB
) -> Report:
    """Run every check of ``report_submit`` and return the unsaved report; stores nothing.

    For previews (the file import): raises the same ``ValidationError`` that ``report_submit``
    would raise for the same input.
    """
    report, _findings = _build_report(
        user=user, collaboration=collaboration, data=data, source=source
    )
    report.full_clean(exclude=_LOOKED_UP_FIELDS, validate_unique=False, validate_constraints=False)
    return report


def _earlier_report(user: Any, key: str | None) -> Report | None:
    """The report ``user`` already sent with this idempotency key, if any."""
    if key is None:
        return None
    return Report.objects.filter(reporter=user, idempotency_key=key).first()


def report_submit(
    *,
    user: Any,
    collaboration: Collaboration,
    data: ReportInput,
    source: str = ReportSource.WEB,
    idempotency_key: str | None = None,
) -> tuple[Report, bool]:
    """Store one lägesrapport after every check. Returns ``(report, created)``.

    With an ``idempotency_key`` a retried request returns the report the first request made
    instead of creating a duplicate. The database's unique constraint on (reporter, key) is
    what decides. Through the API, where nearly every key is new, a key costs no lookup: a
    retry — even one racing the first request — either fails a check (and is then answered
    with the earlier report, as it would have been before the checks) or collides with the
    earlier report on insert. A file imported again consists of retries only, so other
    intakes look the key up first.
    """
    key = (idempotency_key or "").strip() or None
    if key is not None and len(key) > 100:
        raise ValidationError(
            _("The idempotency key is too long (at most 100 characters)."), code="key"
        )
    if source != ReportSource.API:
        existing = _earlier_report(user, key)
        if existing is not None:
            return existing, False
    try:
        report, findings = _build_report(
            user=user, collaboration=collaboration, data=data, source=source
        )
    except ValidationError:
        existing = _earlier_report(user, key)
        if existing is None:
            raise
        return existing, False
    report.idempotency_key = key
    try:
        with transaction.atomic():
            return _save_report(report, findings, user), True
    except IntegrityError:
        # The key was used before (or by a concurrent retry that committed first).
        existing = _earlier_report(user, key)
        if existing is None:
            raise
        return existing, False


@dataclass
class ChecklistItem:
    """One category's answer on the weekly checklist page."""

    category: Category
    nothing_to_report: bool
    report: ReportInput | None = None


@transaction.atomic
def checklist_submit(
    *,
    user: Any,
    collaboration: Collaboration,
    area: Area,
    period_start: datetime.date,
    unit: Unit | None,
    items: list[ChecklistItem],
) -> list[ChecklistAnswer]:
    """Store a weekly checklist for one area: every category answered, zero distinct from missing.

    Answering again for the same week replaces the earlier answers of this organisation/unit.
    """
    if area.collaboration_id != collaboration.pk or not area.is_active:
        raise field_error("area", _("Choose one of the collaboration's areas."), "area")
    membership = _reporting_membership(user, collaboration, unit)
    period = _check_when(None, period_start)
    errors: dict[str, list[ValidationError]] = {}
    prepared: list[tuple[ChecklistItem, Report | None, list[pii.Finding]]] = []
    for item in items:
        _check_category(collaboration, item.category)
        if item.nothing_to_report or item.report is None:
            prepared.append((item, None, []))
            continue
        item.report.category = item.category
        item.report.area = item.report.area or area
        item.report.period_start = period
        item.report.unit = unit
        try:
            report, findings = _build_report(
                user=user,
                collaboration=collaboration,
                data=item.report,
                source=ReportSource.CHECKLIST,
            )
        except ValidationError as exc:
            # Keep the ValidationError instances (not just messages) so codes such as
            # "personal_data" reach the form and the API.
            for name, field_errors in exc.update_error_dict({}).items():
                errors.setdefault(f"{item.category.key}-{name}", []).extend(field_errors)
            continue
        prepared.append((item, report, findings))
    if errors:
        raise ValidationError(errors)
    answers = []
    for item, report, findings in prepared:
        existing = ChecklistAnswer.objects.filter(
            area=area,
            category=item.category,
            period_start=period,
            owner_organisation=membership.organisation,
            unit=unit,
        ).first()
        if existing is not None and existing.report_id is not None:
            old = existing.report
            existing.report = None
            existing.save(update_fields=["report"])
            old.delete()
        answer = existing or ChecklistAnswer(
            collaboration=collaboration,
            area=area,
            category=item.category,
            period_start=period,
            owner_organisation=membership.organisation,
            unit=unit,
        )
        answer.reporter = user
        answer.report = _save_report(report, findings, user) if report is not None else None
        answer.full_clean()
        answer.save()
        answers.append(answer)
    return answers


@transaction.atomic
def report_redact(*, user: Any, report: Report) -> int:
    """A coordinator removes the personal data the guard finds in a report's text."""
    findings = pii.find_personal_data(report.text, salt=_salt(report.collaboration))
    if not findings:
        return 0
    report.text = pii.redact(report.text, findings)
    report.save(update_fields=["text"])
    PersonalDataFinding.objects.bulk_create(
        PersonalDataFinding(
            report=report,
            kind=f.kind,
            digest=f.digest,
            action=PersonalDataAction.REDACTED,
            handled_by=user,
        )
        for f in findings
    )
    return len(findings)


def report_mark_duplicate(*, report: Report, duplicate_of: Report | None) -> Report:
    """Link a report to another report of the same event ("samma händelse"), or unlink it."""
    if duplicate_of is not None:
        if duplicate_of.pk == report.pk:
            raise ValidationError(_("A report cannot be a duplicate of itself."), code="self")
        if duplicate_of.collaboration_id != report.collaboration_id:
            raise ValidationError(
                _("Choose a report of the same collaboration."), code="collaboration"
            )
        duplicate_of = duplicate_of.duplicate_of or duplicate_of  # point at the original
    report.duplicate_of = duplicate_of
    report.save(update_fields=["duplicate_of"])
    return report
