"""Reporting services: templates, the personal-data guard, idempotent intake, the checklist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from laget.reporting import selectors, services
from laget.reporting.choices import PersonalDataAction, ReportSource
from laget.reporting.models import ChecklistAnswer, PersonalDataFinding, Report
from laget.reporting.services import ChecklistItem, ReportInput


@pytest.fixture
def est(fagersta):
    return fagersta.report_templates.get(preset="est")


@pytest.fixture
def klotter(est):
    return est.categories.get(key="klotter")


@pytest.fixture
def centrum(fagersta):
    return fagersta.areas.get(name="Centrum")


def submit(user, collaboration, category, **kwargs):
    return services.report_submit(
        user=user, collaboration=collaboration, data=ReportInput(category=category, **kwargs)
    )


def codes(exc_info):
    return {field: [e.code for e in errors] for field, errors in exc_info.value.error_dict.items()}


def test_the_presets_ship_the_est_and_social_risk_categories(fagersta, ludvika):
    est = fagersta.report_templates.get()
    assert {
        "klotter",
        "glaskross",
        "brand",
        "brak_vald",
        "inbrott",
        "droghantering",
        "belysning",
    } <= set(est.categories.values_list("key", flat=True))
    assert est.categories.get(key="klotter").parent.key == "skadegorelse"
    social = ludvika.report_templates.get()
    assert {"narkotika", "kriminella_natverk", "vbe", "hedersvald"} <= set(
        social.categories.values_list("key", flat=True)
    )
    assert social.categories.get(key="narkotika").involves_children


def test_reportable_categories_are_leaves(est):
    keys = [c.key for c in selectors.reportable_categories(template=est)]
    assert "skadegorelse" not in keys  # has sub-categories
    assert "klotter" in keys and "samling" in keys  # a sub-category and a main category without any


def test_it_stores_a_report_and_snapshots_the_category(
    fagersta_reporter, fagersta, klotter, centrum
):
    report, created = submit(
        fagersta_reporter,
        fagersta,
        klotter,
        count=3,
        area=centrum,
        assessment="yellow",
        trend="increased",
    )
    assert created
    assert report.category_label == "Skadegörelse: Klotter"
    assert report.period_start.weekday() == 0
    assert report.owner_organisation.name == "Fagersta kommun"
    assert report.source == ReportSource.WEB


def test_renaming_a_category_keeps_the_history(fagersta_reporter, fagersta, klotter, centrum):
    report, _ = submit(fagersta_reporter, fagersta, klotter, area=centrum)
    version = klotter.template.version
    services.category_rename(
        category=klotter, name="Klotter och tags", help_text="", involves_children=False
    )
    report.refresh_from_db()
    assert report.category_label == "Skadegörelse: Klotter"
    assert report.template_version == version
    assert klotter.template.version == version + 1


def test_a_retired_category_cannot_be_reported_but_its_reports_remain(
    fagersta_reporter, fagersta, klotter, centrum
):
    report, _ = submit(fagersta_reporter, fagersta, klotter, area=centrum)
    services.category_retire(category=klotter.parent)
    klotter.refresh_from_db()
    assert not klotter.is_active
    with pytest.raises(ValidationError) as exc:
        submit(fagersta_reporter, fagersta, klotter, area=centrum)
    assert codes(exc) == {"category": ["retired"]}
    assert Report.objects.filter(pk=report.pk).exists()


def test_it_rejects_a_category_of_another_collaboration(fagersta_reporter, fagersta, ludvika):
    foreign = ludvika.report_templates.get().categories.first()
    with pytest.raises(ValidationError) as exc:
        submit(fagersta_reporter, fagersta, foreign)
    assert codes(exc) == {"category": ["category"]}


def test_it_assigns_a_map_point_to_its_area(fagersta_reporter, fagersta, klotter, centrum):
    report, _ = submit(fagersta_reporter, fagersta, klotter, lon=15.794, lat=60.004)
    assert report.area == centrum


def test_it_rejects_a_point_outside_the_municipality_and_stores_nothing(
    fagersta_reporter, fagersta, klotter
):
    before = Report.objects.count()
    with pytest.raises(ValidationError) as exc:
        submit(fagersta_reporter, fagersta, klotter, lon=18.07, lat=59.33)
    assert "Fagersta" in " ".join(exc.value.message_dict["lon"])
    assert Report.objects.count() == before


def test_it_rejects_future_and_ancient_times(fagersta_reporter, fagersta, klotter):
    with pytest.raises(ValidationError) as exc:
        submit(
            fagersta_reporter,
            fagersta,
            klotter,
            occurred_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert codes(exc) == {"occurred_at": ["future"]}
    with pytest.raises(ValidationError) as exc:
        submit(
            fagersta_reporter,
            fagersta,
            klotter,
            occurred_at=timezone.now() - datetime.timedelta(days=400),
        )
    assert codes(exc) == {"occurred_at": ["too_old"]}


def test_it_rejects_oversized_text_and_counts(fagersta_reporter, fagersta, klotter):
    with pytest.raises(ValidationError) as exc:
        submit(fagersta_reporter, fagersta, klotter, text="x" * 2001)
    assert codes(exc) == {"text": ["too_long"]}
    with pytest.raises(ValidationError) as exc:
        submit(fagersta_reporter, fagersta, klotter, count=0)
    assert "count" in exc.value.message_dict


def test_it_refuses_personal_data_without_a_reason(fagersta_reporter, fagersta, klotter):
    with pytest.raises(ValidationError) as exc:
        submit(fagersta_reporter, fagersta, klotter, text="Ägaren till ABC 123 har pnr 811228-9874")
    assert codes(exc) == {"text": ["personal_data"]}
    assert not Report.objects.filter(text__contains="ABC 123").exists()


def test_it_keeps_personal_data_with_a_reason_and_logs_only_fingerprints(
    fagersta_reporter, fagersta, klotter
):
    report, _ = submit(
        fagersta_reporter,
        fagersta,
        klotter,
        text="Bil ABC 123 brann",
        personal_data_reason="Fordonet är brottsplatsen",
    )
    [finding] = PersonalDataFinding.objects.filter(report=report)
    assert finding.kind == "vehicle_plate"
    assert finding.action == PersonalDataAction.JUSTIFIED
    assert "ABC" not in finding.digest


def test_a_coordinator_can_redact(fagersta_reporter, fagersta_coordinator, fagersta, klotter):
    report, _ = submit(
        fagersta_reporter,
        fagersta,
        klotter,
        text="Ring 070-123 45 67",
        personal_data_reason="Kontakt",
    )
    assert services.report_redact(user=fagersta_coordinator, report=report) == 1
    report.refresh_from_db()
    assert "070" not in report.text
    assert report.personal_data_findings.filter(action=PersonalDataAction.REDACTED).count() == 1


def test_a_retried_request_with_the_same_key_creates_no_duplicate(
    fagersta_reporter, fagersta, klotter
):
    data = ReportInput(category=klotter, count=2)
    first, created = services.report_submit(
        user=fagersta_reporter, collaboration=fagersta, data=data, idempotency_key="abc-1"
    )
    again, created_again = services.report_submit(
        user=fagersta_reporter, collaboration=fagersta, data=data, idempotency_key="abc-1"
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Report.objects.filter(idempotency_key="abc-1").count() == 1


def test_the_same_key_from_another_person_is_another_report(
    fagersta_reporter, fagersta_coordinator, fagersta, klotter
):
    data = ReportInput(category=klotter)
    a, _ = services.report_submit(
        user=fagersta_reporter, collaboration=fagersta, data=data, idempotency_key="k"
    )
    b, _ = services.report_submit(
        user=fagersta_coordinator, collaboration=fagersta, data=data, idempotency_key="k"
    )
    assert a.pk != b.pk


def test_an_outsider_cannot_report(ludvika_coordinator, fagersta, klotter):
    with pytest.raises(ValidationError) as exc:
        submit(ludvika_coordinator, fagersta, klotter)
    assert exc.value.code == "not_member"


def test_the_checklist_distinguishes_zero_from_missing(fagersta_reporter, fagersta, est, centrum):
    week = services.period_start_for(timezone.localdate())
    categories = selectors.reportable_categories(template=est)
    klotter, glaskross = categories[0], categories[1]
    services.checklist_submit(
        user=fagersta_reporter,
        collaboration=fagersta,
        area=centrum,
        period_start=week,
        unit=None,
        items=[
            ChecklistItem(
                klotter, nothing_to_report=False, report=ReportInput(category=klotter, count=4)
            ),
            ChecklistItem(glaskross, nothing_to_report=True),
        ],
    )
    membership = fagersta_reporter.memberships.get()
    cells = selectors.checklist_for(
        user=fagersta_reporter,
        collaboration=fagersta,
        template=est,
        area=centrum,
        period_start=week,
        organisation_id=membership.organisation_id,
        unit_id=None,
    )
    states = {c.category.key: c.state for c in cells}
    assert states[klotter.key] == "reported"
    assert states[glaskross.key] == "zero"
    assert {s for k, s in states.items() if k not in {klotter.key, glaskross.key}} == {"missing"}


def test_answering_the_checklist_again_replaces_the_week(fagersta_reporter, fagersta, est, centrum):
    week = services.period_start_for(timezone.localdate())
    klotter = est.categories.get(key="klotter")
    for count in (4, 1):
        services.checklist_submit(
            user=fagersta_reporter,
            collaboration=fagersta,
            area=centrum,
            period_start=week,
            unit=None,
            items=[
                ChecklistItem(
                    klotter,
                    nothing_to_report=False,
                    report=ReportInput(category=klotter, count=count),
                )
            ],
        )
    answers = ChecklistAnswer.objects.filter(area=centrum, category=klotter, period_start=week)
    assert answers.count() == 1
    assert answers.get().report.count == 1
    assert (
        Report.objects.filter(
            category=klotter, period_start=week, source=ReportSource.CHECKLIST
        ).count()
        == 1
    )


def test_a_bad_checklist_row_stores_nothing(fagersta_reporter, fagersta, est, centrum):
    week = services.period_start_for(timezone.localdate())
    klotter, glaskross = est.categories.get(key="klotter"), est.categories.get(key="glaskross")
    with pytest.raises(ValidationError) as exc:
        services.checklist_submit(
            user=fagersta_reporter,
            collaboration=fagersta,
            area=centrum,
            period_start=week,
            unit=None,
            items=[
                ChecklistItem(klotter, nothing_to_report=True),
                ChecklistItem(
                    glaskross,
                    nothing_to_report=False,
                    report=ReportInput(category=glaskross, text="pnr 811228-9874"),
                ),
            ],
        )
    assert "glaskross-text" in exc.value.message_dict
    assert not ChecklistAnswer.objects.filter(area=centrum, period_start=week).exists()


def test_it_suggests_the_same_event(fagersta_reporter, fagersta_coordinator, fagersta, klotter):
    # Points outside every demo area (the demo only places points inside areas), so the demo's
    # own klotter reports can never be "close" to these.
    now = timezone.now() - datetime.timedelta(hours=1)
    first, _ = submit(
        fagersta_reporter, fagersta, klotter, lon=15.8870, lat=59.9470, occurred_at=now
    )
    near, _ = submit(
        fagersta_coordinator, fagersta, klotter, lon=15.8880, lat=59.9475, occurred_at=now
    )
    far, _ = submit(
        fagersta_coordinator, fagersta, klotter, lon=15.9000, lat=59.9400, occurred_at=now
    )
    assert first.area is None and near.area is None
    found = selectors.duplicate_candidates(user=fagersta_coordinator, report=near)
    assert found == [first]
    services.report_mark_duplicate(report=near, duplicate_of=first)
    assert near.duplicate_of == first
    assert far not in found
