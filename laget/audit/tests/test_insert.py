"""``recorder.insert_new``: ``save()`` of a new object with its INSERT built once, same effects."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save, pre_save

from laget.audit import recorder
from laget.audit.models import AuditAction, AuditEntry
from laget.geography.models import Area
from laget.reporting.choices import ReportSource
from laget.reporting.models import Category, Report


def _report(fagersta: Any, reporter: Any, key: str | None = None) -> Report:
    category = Category.objects.get(template__collaboration=fagersta, key="klotter")
    membership = reporter.memberships.filter(collaboration=fagersta).first()
    return Report(
        collaboration=fagersta,
        category=category,
        category_label=str(category),
        template_version=category.template.version,
        reporter=reporter,
        owner_organisation=membership.organisation,
        period_start=fagersta.created_at.date(),
        area=Area.objects.filter(collaboration=fagersta).first(),
        count=3,
        text="Klotter vid torget.",
        source=ReportSource.API,
        idempotency_key=key,
    )


def _signals() -> tuple[list[tuple[str, Any]], Any]:
    seen: list[tuple[str, Any]] = []

    def before(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(("pre_save", kwargs["update_fields"]))

    def after(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        seen.append(("post_save", (created, kwargs["raw"], instance.pk is not None)))

    return seen, (before, after)


def test_it_stores_the_same_row_and_audit_entry_as_save(fagersta, fagersta_reporter):
    seen, (before, after) = _signals()
    pre_save.connect(before, sender=Report)
    post_save.connect(after, sender=Report)
    try:
        with recorder.acting_as(fagersta_reporter), transaction.atomic():
            fast = _report(fagersta, fagersta_reporter)
            recorder.insert_new(fast)
            slow = _report(fagersta, fagersta_reporter)
            slow.save()
    finally:
        pre_save.disconnect(before, sender=Report)
        post_save.disconnect(after, sender=Report)
    assert seen == [("pre_save", None), ("post_save", (True, False, True))] * 2
    assert fast.pk is not None and not fast._state.adding and fast._state.db == "default"
    assert fast.created_at is not None  # auto_now_add, as save() sets it
    columns = [f.attname for f in Report._meta.concrete_fields if f.attname not in {"id"}]
    stored = {r["id"]: r for r in Report.objects.filter(pk__in=[fast.pk, slow.pk]).values()}
    for column in columns:
        if column != "created_at":
            assert stored[fast.pk][column] == stored[slow.pk][column], column
    entries = {
        e.object_pk: e
        for e in AuditEntry.objects.filter(
            model_label="reporting.Report", object_pk__in=[str(fast.pk), str(slow.pk)]
        )
    }
    assert entries[str(fast.pk)].action == entries[str(slow.pk)].action == AuditAction.CREATE
    assert entries[str(fast.pk)].actor_id == fagersta_reporter.pk
    fast_data = {
        k: v for k, v in entries[str(fast.pk)].data.items() if k not in {"id", "created_at"}
    }
    slow_data = {
        k: v for k, v in entries[str(slow.pk)].data.items() if k not in {"id", "created_at"}
    }
    assert fast_data == slow_data
    assert entries[str(fast.pk)].data["id"] == fast.pk


def test_a_duplicate_key_raises_and_leaves_nothing(fagersta, fagersta_reporter):
    with transaction.atomic():
        recorder.insert_new(_report(fagersta, fagersta_reporter, key="once"))
    reports, entries = Report.objects.count(), AuditEntry.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        recorder.insert_new(_report(fagersta, fagersta_reporter, key="once"))
    assert (Report.objects.count(), AuditEntry.objects.count()) == (reports, entries)


def test_it_refuses_unsaved_related_objects_like_save(fagersta, fagersta_reporter):
    report = _report(fagersta, fagersta_reporter)
    report.area = Area(collaboration=fagersta, name="Ny")
    with pytest.raises(ValueError, match="unsaved related object"):
        recorder.insert_new(report)
