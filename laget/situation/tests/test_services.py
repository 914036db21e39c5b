"""Compiling, writing and adopting the lägesbild, on reports seeded in Fagersta."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laget.analysis.compile import (
    MONTH,
    ReportRow,
    compile_period,
    compile_sums,
    period_containing,
)
from laget.core.choices import InformationClass
from laget.organisations.models import Organisation, Unit
from laget.reporting.models import ChecklistAnswer, Report
from laget.situation import parties, selectors, services
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture
from laget.situation.snapshot import ALL_AREAS
from laget.situation.tests.conftest import BASELINE


def _cell(snapshot, category, area):
    return next(
        c
        for c in snapshot["cells"]
        if c["category"] == category.pk and c["area"] == (area.pk if area else None)
    )


def test_it_compiles_the_table_with_its_comparisons(known, est_group, week, fagersta_coordinator):
    picture = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    snapshot = picture.snapshot
    centrum = _cell(snapshot, known["klotter"], known["centrum"])
    assert (centrum["count"], centrum["previous"], centrum["last_year"]) == (14, 4, 7)
    assert centrum["assessment"] == "red"
    assert centrum["vs_previous"] == {
        "current": 14,
        "earlier": 4,
        "absolute": 10,
        "percent": 250.0,
        "new": False,
    }
    assert centrum["vs_last_year"]["percent"] == 100.0
    brandbergen = _cell(snapshot, known["glaskross"], known["brandbergen"])
    assert (brandbergen["count"], brandbergen["assessment"]) == (2, "green")
    assert (
        brandbergen["vs_previous"]["new"] is True and brandbergen["vs_previous"]["percent"] is None
    )
    assert _cell(snapshot, known["glaskross"], None)["count"] == 1  # the report without an area
    assert snapshot["total"]["count"] == 14 + 6 + 2 + 1
    assert snapshot["report_count"] == 23
    assert picture.status == PictureStatus.DRAFT and picture.version == 1
    assert picture.owner_organisation.name == "Fagersta kommun"
    assert picture.info_class == InformationClass.PARTNERS


def test_it_raises_the_alert_with_numbers_for_the_reason(
    known, est_group, week, fagersta_coordinator
):
    snapshot = services.situation_compile(
        user=fagersta_coordinator, group=est_group, period=week
    ).snapshot
    by_key = {(a["category"], a["area"]): a for a in snapshot["alerts"]}
    alert = by_key[(known["klotter"].pk, known["centrum"].pk)]
    assert (alert["observed"], alert["mean"], alert["sd"]) == (14, 4.0, 2.0)
    assert alert["method"] == "poisson" and alert["p_value"] < 0.001
    assert (known["klotter"].pk, known["vastanfors"].pk) not in by_key  # 6 against 4 is normal
    assert (known["klotter"].pk, ALL_AREAS) in by_key  # 20 against 8 in all areas together
    assert snapshot["alerts"][0]["p_value"] <= snapshot["alerts"][-1]["p_value"]


def test_it_compiles_the_windows_patterns_and_hot_spots(
    known, est_group, week, fagersta_coordinator
):
    snapshot = services.situation_compile(
        user=fagersta_coordinator, group=est_group, period=week
    ).snapshot
    everything = next(e for e in snapshot["compstat"] if e["category"] is None)["values"]
    assert everything["7d"]["current"] == 23
    assert everything["7d"]["earlier"] == 7  # last year's klotter fell within the same 7 days
    assert everything["365d"]["current"] == 23 + 2 * sum(BASELINE)
    matrix = snapshot["weekday_hour"]["matrix"]
    assert sum(matrix[d][22] for d in range(7)) == 14  # the klotter at ten in the evening
    assert sum(matrix[d][8] for d in range(7)) == 6
    assert len(snapshot["points"]) == 7
    assert snapshot["hotspots"]["summary"]["significant"] >= 1
    features = snapshot["hotspots"]["geojson"]["features"]
    assert all(f["properties"]["z"] > 0 for f in features)
    assert snapshot["seasonal"]["by"] == "month" and snapshot["seasonal"]["rows"]


def test_it_counts_neither_duplicates_nor_another_organisations_own_reports(
    known, est_group, week, fagersta_coordinator
):
    snapshot = services.situation_compile(
        user=fagersta_coordinator, group=est_group, period=week
    ).snapshot
    assert _cell(snapshot, known["klotter"], known["centrum"])["count"] == 14  # not 14 + 9 + 5
    assert snapshot["info_classes"] == ["public", "partners"]


def test_the_database_aggregates_give_what_the_raw_rows_give(
    known, fagersta, week, fagersta_coordinator
):
    """The SQL grouping in situation_inputs and the pure compilation of every report agree."""
    inputs = selectors.situation_inputs(
        user=fagersta_coordinator, collaboration=fagersta, period=week
    )
    raw = [
        ReportRow(
            r.category_id,
            r.area_id,
            r.period_start,
            r.count,
            r.assessment,
            occurred_at=timezone.localtime(r.occurred_at) if r.occurred_at else None,
        )
        for r in Report.objects.filter(
            collaboration=fagersta, duplicate_of=None, info_class=InformationClass.PARTNERS
        )
    ]
    options = {"baseline_periods": 12, "history_start": inputs.history_start}
    from_sql = compile_sums(inputs.sums, week, assessments=inputs.assessments, **options)
    from_rows = compile_period(raw, week, **options)
    assert from_sql.cells == from_rows.cells
    assert from_sql.compstat == from_rows.compstat
    assert from_sql.series == from_rows.series
    assert from_sql.report_count == from_rows.report_count == 23


def test_it_fetches_the_inputs_with_a_fixed_number_of_queries(
    known, fagersta, week, fagersta_coordinator
):
    with CaptureQueriesContext(connection) as queries:
        selectors.situation_inputs(user=fagersta_coordinator, collaboration=fagersta, period=week)
    assert len(queries) <= 10


def test_it_lists_the_units_that_did_not_answer_the_checklist(
    known, est_group, week, fagersta_coordinator, fagersta, category, area
):
    snapshot = services.situation_compile(
        user=fagersta_coordinator, group=est_group, period=week
    ).snapshot
    missing = snapshot["units"]["missing"]
    assert {
        "organisation": "Fagersta kommun",
        "unit": "Fältassistenter",
        "answered_weeks": 0,
        "weeks": 1,
    } in missing
    kommun = Organisation.objects.get(name="Fagersta kommun")
    ChecklistAnswer.objects.create(
        collaboration=fagersta,
        area=area("Centrum"),
        category=category("klotter"),
        period_start=week.start,
        owner_organisation=kommun,
        unit=Unit.objects.get(organisation=kommun, name="Fältassistenter"),
    )
    snapshot = services.situation_compile(
        user=fagersta_coordinator, group=est_group, period=week
    ).snapshot
    assert not [m for m in snapshot["units"]["missing"] if m["unit"] == "Fältassistenter"]
    assert snapshot["units"]["expected"] >= 1


def test_compiling_again_updates_the_draft(
    known, est_group, week, fagersta_coordinator, seed, category, area
):
    first = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    seed(category("brand"), area("Centrum"), week.start)
    second = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    assert second.pk == first.pk and second.version == 1
    assert second.snapshot["total"]["count"] == first.snapshot["total"]["count"] + 1


def test_adopting_freezes_the_version_and_edits_make_the_next_one(
    known, est_group, week, fagersta_coordinator, fagersta_police, seed, category, area, adopt
):
    draft = services.situation_write(
        user=fagersta_coordinator,
        group=est_group,
        period=week,
        assessment="Klottret i centrum har ökat kraftigt.",
        priorities="1. Klotter i centrum.",
    )
    adopted = adopt(draft)
    assert adopted.status == PictureStatus.ADOPTED and adopted.version == 1
    assert adopted.adopted_by == fagersta_police and adopted.adopted_at is not None
    with pytest.raises(ValidationError):
        parties.situation_approve(user=fagersta_coordinator, picture=adopted)

    seed(category("brand"), area("Centrum"), week.start)  # a late report
    second = services.situation_write(
        user=fagersta_coordinator,
        group=est_group,
        period=week,
        assessment="Klottret i centrum har ökat kraftigt. Uppdaterad.",
        priorities="1. Klotter.",
    )
    assert second.version == 2 and second.status == PictureStatus.DRAFT
    assert second.snapshot == adopted.snapshot  # a text edit keeps the adopted figures
    first = SituationPicture.objects.get(pk=adopted.pk)
    assert first.assessment == "Klottret i centrum har ökat kraftigt."  # v1 as it was decided
    assert first.status == PictureStatus.ADOPTED

    recompiled = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    assert recompiled.pk == second.pk  # the draft takes the fresh figures
    assert recompiled.snapshot["total"]["count"] == adopted.snapshot["total"]["count"] + 1
    adopt(recompiled)
    third = services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    assert third.version == 3 and third.assessment == second.assessment
    assert [
        p.version
        for p in selectors.picture_versions(user=fagersta_coordinator, group=est_group, period=week)
    ] == [3, 2, 1]


def test_a_situation_picture_holds_no_personal_data(est_group, week, fagersta_coordinator):
    with pytest.raises(ValidationError) as exc:
        services.situation_write(
            user=fagersta_coordinator,
            group=est_group,
            period=week,
            assessment="Ring 070-123 45 67 om klottret.",
            priorities="",
        )
    assert "assessment" in exc.value.error_dict
    assert not SituationPicture.objects.filter(group=est_group, period_start=week.start).exists()


def test_only_a_situation_picture_group_compiles(fagersta, week, fagersta_coordinator):
    steering = fagersta.groups.get(kind="styrgrupp")
    with pytest.raises(ValidationError):
        services.situation_compile(user=fagersta_coordinator, group=steering, period=week)
    with pytest.raises(ValidationError):
        services.situation_settings_update(group=steering, period_kind=MONTH)


def test_the_group_chooses_its_period(est_group, fagersta_coordinator):
    assert selectors.situation_settings_for(group=est_group).period_kind == "week"
    services.situation_settings_update(group=est_group, period_kind=MONTH)
    assert selectors.situation_settings_for(group=est_group).period_kind == MONTH
    with pytest.raises(ValidationError):
        services.situation_settings_update(group=est_group, period_kind="fortnight")


def test_a_monthly_picture_covers_the_calendar_month(known, est_group, fagersta_coordinator, week):
    month = period_containing(week.start, MONTH)
    picture = services.situation_compile(user=fagersta_coordinator, group=est_group, period=month)
    assert (picture.period_start, picture.period_end) == (month.start, month.end)
    assert picture.snapshot["period"]["kind"] == MONTH
    assert picture.snapshot["units"]["weeks"] == len(month.weeks())
