"""The demo's year of lägesrapporter (laget.demo.reports), as loaded once per test session."""

import datetime
import math
import statistics
from collections import Counter, defaultdict

import numpy as np
import pytest
from django.utils import timezone
from scipy.stats import poisson
from shapely.geometry import Point, shape

from laget.analysis.pii import find_personal_data
from laget.audit.models import AuditEntry
from laget.demo import data
from laget.demo.reports import _Generator, _reporters, demo_reports_load
from laget.demo.services import demo_load
from laget.organisations.choices import Role
from laget.organisations.models import Membership
from laget.reporting.choices import ReportSource
from laget.reporting.models import ChecklistAnswer, Report
from laget.reporting.selectors import reportable_categories
from laget.reporting.services import period_start_for


@pytest.fixture
def collaborations(fagersta, ludvika):
    return [fagersta, ludvika]


def bulk_reports(collaboration):
    """The reports of the bulk load: the demo's safety walk also turned one remark into a report
    (laget.dialogues.demo), the coordinator's own, which is not part of the reporters' year."""
    from laget.dialogues.models import WalkRemark

    walked = WalkRemark.objects.filter(report__isnull=False).values("report_id")
    return collaboration.reports.exclude(pk__in=walked)


def this_week() -> datetime.date:
    return period_start_for(timezone.localdate())


def weekly_counts(reports, weeks: list[datetime.date]) -> list[int]:
    per_week = Counter(r.period_start for r in reports)
    return [per_week.get(week, 0) for week in weeks]


def test_reports_span_a_year_ending_in_the_current_week(collaborations):
    now = timezone.now()
    for collaboration in collaborations:
        reports = list(bulk_reports(collaboration).all())
        weeks = sorted({r.period_start for r in reports})
        assert weeks[-1] == this_week()
        assert (weeks[-1] - weeks[0]).days // 7 >= 50
        assert len(weeks) >= 50
        for r in reports:
            assert r.period_start.weekday() == 0
            local = timezone.localtime(r.occurred_at).date()
            assert r.period_start <= local <= r.period_start + datetime.timedelta(days=6)
            assert r.occurred_at <= now
            assert r.occurred_at <= r.created_at <= now


def test_magnitudes_fit_small_towns(collaborations):
    """A handful of reports per area and week, and most area-category-weeks without any."""
    for collaboration in collaborations:
        reports = list(bulk_reports(collaboration).all())
        areas = collaboration.areas.count()
        categories = len(reportable_categories(template=collaboration.report_templates.get()))
        weeks = len({r.period_start for r in reports})
        per_area_week = len(reports) / (areas * weeks)
        assert 1 <= per_area_week <= 8, per_area_week
        cells = {(r.period_start, r.area_id, r.category_id) for r in reports}
        assert len(cells) / (weeks * areas * categories) < 0.4
    # The bigger town reports more.
    fagersta, ludvika = collaborations
    assert ludvika.reports.count() > fagersta.reports.count()


def test_every_point_lies_inside_its_area(collaborations):
    for collaboration in collaborations:
        polygons = {
            a.pk: shape(a.boundary) if a.boundary else None for a in collaboration.areas.all()
        }
        assert any(p is None for p in polygons.values())  # an area without a polygon …
        for r in bulk_reports(collaboration).all():
            polygon = polygons[r.area_id]
            if polygon is None:
                assert r.lon is None and r.lat is None  # … gets reports without a point
            else:
                assert polygon.covers(Point(r.lon, r.lat)), (r.area, r.lon, r.lat)


def test_no_text_triggers_the_personal_data_guard(collaborations):
    texts = set(
        Report.objects.filter(collaboration__in=collaborations).values_list("text", flat=True)
    )
    assert len(texts) > 50
    places = {name for areas in data.PLACES.values() for p in areas.values() for name, *_ in p}
    templates = [t for pool in data.REPORT_TEXTS.values() for t in pool]
    templates += [t for pool in data.OCCASION_TEXTS.values() for t in pool]
    templates += [t for spot in data.HOTSPOTS for t in spot["texts"]]
    texts |= {t.format(plats=place) for t in templates for place in places}
    flagged = {t: find_personal_data(t) for t in texts if find_personal_data(t)}
    assert flagged == {}


def test_reports_are_filled_as_the_services_fill_them(collaborations):
    for collaboration in collaborations:
        template = collaboration.report_templates.get()
        memberships = {
            m.user_id: m
            for m in Membership.objects.filter(collaboration=collaboration, role=Role.REPORTER)
        }
        reports = bulk_reports(collaboration).select_related(
            "category__parent", "category__template"
        )
        for r in reports:
            assert r.category.template_id == template.pk
            assert r.category_label == str(r.category)
            assert r.template_version == r.category.template.version
            membership = memberships[r.reporter_id]  # every report is a rapportör's
            assert r.owner_organisation_id == membership.organisation_id
            assert r.unit_id == membership.unit_id
            assert r.info_class == "partners"
            assert r.source in {ReportSource.WEB, ReportSource.CHECKLIST}
            assert r.count >= 1 and len(r.text) <= 2000
            assert r.personal_data_reason == "" and r.idempotency_key is None
        assert {r.assessment for r in reports} >= {"green", "yellow", "red"}
        assert {r.trend for r in reports} >= {"increased", "unchanged", "decreased"}
        # Besides rapportor.<slug>, invented reporters in the partners' units.
        usernames = {m.user.username for m in memberships.values()}
        expected = {
            f"{prefix}.{collaboration.slug}" for prefix, *_ in data.REPORTERS[collaboration.slug]
        }
        assert {f"rapportor.{collaboration.slug}", *expected} <= usernames
        assert len({r.reporter_id for r in reports}) == len(memberships)


def test_assessment_and_trend_follow_the_counts(collaborations):
    for collaboration in collaborations:
        reports = list(bulk_reports(collaboration).all())
        cells = Counter((r.period_start, r.area_id, r.category_id) for r in reports)
        by_assessment = defaultdict(list)
        for r in reports:
            by_assessment[r.assessment].append(cells[(r.period_start, r.area_id, r.category_id)])
        mean = {k: sum(v) / len(v) for k, v in by_assessment.items()}
        assert mean["green"] < mean["yellow"] < mean["red"]
        for r in reports:
            now = cells[(r.period_start, r.area_id, r.category_id)]
            week_before = r.period_start - datetime.timedelta(days=7)
            before = cells.get((week_before, r.area_id, r.category_id), 0)
            if r.trend == "increased":
                assert now > before
            elif r.trend == "decreased":
                assert now < before


def test_seasonal_and_weekly_patterns(fagersta, ludvika):
    def month_share(reports, months):
        return sum(timezone.localtime(r.occurred_at).month in months for r in reports) / len(
            reports
        )

    # (Leaving out the hotspots' areas, whose last weeks are anything but seasonal.)
    klotter = list(
        fagersta.reports.filter(category__key__in=["klotter", "nedskrapning"]).exclude(
            area__name="Brandbergen"
        )
    )
    summer, winter = {6, 7, 8}, {12, 1, 2}
    assert month_share(klotter, summer) > 1.5 * month_share(klotter, winter)
    belysning = list(fagersta.reports.filter(category__key="belysning"))
    assert month_share(belysning, {11, 12, 1, 2}) > 2.5 * month_share(belysning, {5, 6, 7, 8})
    # Ordningsstörning in the evening and at night, most of it at the weekend.
    disorder = [
        timezone.localtime(r.occurred_at)
        for r in fagersta.reports.filter(category__key__in=["brak_vald", "samling"])
    ]
    assert sum(t.hour >= 18 or t.hour < 3 for t in disorder) / len(disorder) > 0.6
    per_day = Counter(t.weekday() for t in disorder)
    assert (per_day[4] + per_day[5]) / 2 > 1.4 * sum(per_day[d] for d in range(4)) / 4
    # Belysning and nedskräpning are reported in the daytime.
    daytime = [
        timezone.localtime(r.occurred_at)
        for r in fagersta.reports.filter(category__key__in=["belysning", "nedskrapning"])
    ]
    assert sum(7 <= t.hour < 17 for t in daytime) / len(daytime) > 0.8
    # Fires cluster around nyår and valborg.
    brand = [
        timezone.localtime(r.occurred_at).date()
        for r in fagersta.reports.filter(category__key="brand")
    ]
    festive = sum((d.month, d.day) in {(12, 31), (1, 1), (4, 30)} for d in brand)
    per_day = (len(brand) - festive) / 365
    assert festive >= 2 and festive / 3 > 5 * per_day
    # Ungdomar i riskmiljöer peak in summer in Ludvika too.
    youth = list(ludvika.reports.filter(category__key="ungdomar_risk").exclude(area__name="Marnäs"))
    assert month_share(youth, summer) > month_share(youth, winter)


@pytest.mark.parametrize("spot", data.HOTSPOTS, ids=lambda s: f"{s['collaboration']}-{s['area']}")
def test_the_hotspot_rises_far_above_its_baseline(spot, collaborations):
    collaboration = next(c for c in collaborations if c.slug == spot["collaboration"])
    area = collaboration.areas.get(name=spot["area"])
    window = max(len(w) for w in spot["weekly"].values())
    last = this_week() - datetime.timedelta(weeks=1)
    hot_weeks = [last - datetime.timedelta(weeks=n) for n in range(window - 1, -1, -1)]
    baseline_weeks = [hot_weeks[0] - datetime.timedelta(weeks=n) for n in range(12, 0, -1)]
    for key in [*spot["weekly"], None]:
        keys = [key] if key else list(spot["weekly"])
        reports = list(bulk_reports(collaboration).filter(area=area, category__key__in=keys))
        baseline = weekly_counts(reports, baseline_weeks)
        hot = weekly_counts(reports, hot_weeks)
        mean = max(sum(baseline) / len(baseline), 0.5 / len(baseline))
        p = poisson.sf(hot[-1] - 1, mean)  # P(X ≥ observed)
        assert p < 0.01, (key, hot, baseline)
        assert hot[-1] > max(baseline)
        assert hot[-1] > hot[0]  # rising


def _gi_star(counts: np.ndarray) -> np.ndarray:
    """Getis-Ord Gi* (queen neighbours and the cell itself, normal approximation)."""
    n = counts.size
    padded = np.pad(counts, 1)
    local = sum(
        padded[1 + dy : 1 + dy + counts.shape[0], 1 + dx : 1 + dx + counts.shape[1]]
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
    )
    w = 9
    mean, s = counts.mean(), counts.std()
    return (local - mean * w) / (s * math.sqrt((n * w - w * w) / (n - 1)))


@pytest.mark.parametrize("spot", data.HOTSPOTS, ids=lambda s: f"{s['collaboration']}-{s['area']}")
def test_the_hotspot_is_a_tight_cluster_that_gi_star_finds(spot, collaborations):
    collaboration = next(c for c in collaborations if c.slug == spot["collaboration"])
    place = next(p for p in data.PLACES[collaboration.slug][spot["area"]] if p[0] == spot["place"])
    since = this_week() - datetime.timedelta(weeks=4)
    recent = list(bulk_reports(collaboration).filter(period_start__gte=since, lon__isnull=False))
    lon = np.array([r.lon for r in recent])
    lat = np.array([r.lat for r in recent])
    x = (lon - place[1]) * 111_320 * math.cos(math.radians(place[2]))
    y = (lat - place[2]) * 110_540
    recent_hot = [
        math.hypot(xi, yi)
        for r, xi, yi in zip(recent, x, y, strict=True)
        if r.area.name == spot["area"] and r.category.key in spot["weekly"]
    ]
    earlier = bulk_reports(collaboration).filter(
        area__name=spot["area"],
        category__key__in=list(spot["weekly"]),
        period_start__lt=since - datetime.timedelta(weeks=1),
    )
    earlier_hot = [
        math.hypot(
            (r.lon - place[1]) * 111_320 * math.cos(math.radians(place[2])),
            (r.lat - place[2]) * 110_540,
        )
        for r in earlier
    ]
    # Concentrated on one spot now; spread over the area's places before.
    assert statistics.median(recent_hot) < 175
    assert statistics.median(earlier_hot) > 250
    # Gi* on a 100 m grid over every point of the last four weeks: the most significant cell
    # lies at the hotspot's place and z > 3.29.
    cell = 100.0
    col = np.floor((x - x.min()) / cell).astype(int)
    row = np.floor((y - y.min()) / cell).astype(int)
    counts = np.zeros((row.max() + 1, col.max() + 1))
    np.add.at(counts, (row, col), 1)
    z = _gi_star(counts)
    best = np.unravel_index(np.argmax(z), z.shape)
    centre = (x.min() + (best[1] + 0.5) * cell, y.min() + (best[0] + 0.5) * cell)
    assert math.hypot(*centre) < 250
    assert z[best] > 3.29  # p < 0.001 one-sided


def test_the_checklist_has_zero_answers_and_missing_units(collaborations):
    last = this_week() - datetime.timedelta(weeks=1)
    for collaboration in collaborations:
        answers = ChecklistAnswer.objects.filter(collaboration=collaboration)
        zero = answers.filter(report__isnull=True).count()
        assert zero > 0 and answers.filter(report__isnull=False).exists()
        assert zero > answers.count() / 2  # most categories are quiet in most weeks
        # The current week is not answered yet; the checklist goes out when the week is over.
        assert not answers.filter(period_start=this_week()).exists()
        # The gap unit sent nothing last week; the other checklist units did.
        gap_unit, gap_weeks = data.CHECKLIST_GAPS[collaboration.slug]
        assert 1 in gap_weeks
        answered = set(answers.filter(period_start=last).values_list("unit__name", flat=True))
        checklist_units = {
            name
            for name, spec in data.REPORTING_UNITS[collaboration.slug].items()
            if spec["checklist"]
        }
        assert answered == checklist_units - {gap_unit}
        # A page (unit, area, week) answers every category, or is missing as a whole.
        categories = len(reportable_categories(template=collaboration.report_templates.get()))
        pages = Counter(answers.values_list("unit_id", "area_id", "period_start"))
        assert set(pages.values()) == {categories}
        expected_pages = data.REPORT_WEEKS * sum(
            len(spec["checklist"]) for spec in data.REPORTING_UNITS[collaboration.slug].values()
        )
        assert 0.75 * expected_pages < len(pages) < expected_pages  # most, not all


def test_a_checklist_answer_links_the_units_report_of_that_cell(collaborations):
    for collaboration in collaborations:
        answers = ChecklistAnswer.objects.filter(
            collaboration=collaboration, report__isnull=False
        ).select_related("report")
        for a in answers:
            r = a.report
            assert r.source == ReportSource.CHECKLIST
            assert (r.area_id, r.category_id, r.period_start) == (
                a.area_id,
                a.category_id,
                a.period_start,
            )
            assert (r.reporter_id, r.owner_organisation_id, r.unit_id) == (
                a.reporter_id,
                a.owner_organisation_id,
                a.unit_id,
            )
            assert r.created_at == a.answered_at >= r.occurred_at
        linked = answers.count()
        assert bulk_reports(collaboration).filter(source=ReportSource.CHECKLIST).count() == linked
        # A unit with a zero answer has no report in that cell.
        zero = ChecklistAnswer.objects.filter(collaboration=collaboration, report__isnull=True)
        for a in zero[:300]:
            assert not Report.objects.filter(
                area=a.area_id,
                category=a.category_id,
                period_start=a.period_start,
                unit=a.unit_id,
            ).exists()


def test_the_bulk_load_is_audited_once_per_collaboration(collaborations):
    for collaboration in collaborations:
        entries = AuditEntry.objects.filter(
            action="bulk", model_label="reporting.Report", collaboration_id=collaboration.pk
        )
        assert entries.count() == 1
        entry = entries.get()
        assert entry.data["reports"] == bulk_reports(collaboration).count()
        assert entry.data["checklist_answers"] == collaboration.checklist_answers.count()


def test_loading_again_does_not_duplicate(collaborations):
    def counts():
        return (
            Report.objects.count(),
            ChecklistAnswer.objects.count(),
            Membership.objects.count(),
            AuditEntry.objects.filter(action="bulk").count(),
        )

    before = counts()
    assert demo_reports_load() == {c.slug: 0 for c in collaborations}
    demo_load()
    assert counts() == before


def test_the_generator_is_reproducible(fagersta):
    now = timezone.now()

    def run():
        generator = _Generator(fagersta, _reporters(fagersta), now)
        incidents = generator.incidents()
        generator.assess(incidents)
        return [
            (i.occurred_at, i.area.pk, i.category.pk, i.lon, i.lat, i.text, i.assessment)
            for i in incidents
        ]

    first = run()
    assert first == run()
    assert len(first) > 300
