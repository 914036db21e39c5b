"""Approved tips in the lägesbild: their own labelled section, never in the report counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from laget.analysis.compile import last_complete_period
from laget.situation import services as situation_services
from laget.tips import services
from laget.tips.models import Tip
from laget.tips.selectors import approved_tip_counts
from laget.tips.tests.places import FAGERSTA_CENTRUM

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


@pytest.fixture
def week():
    return last_complete_period(timezone.localdate())


def _tip_in(collaboration, moment, *, service="klotter", approve_by=None):
    tip = services.tip_submit(
        collaboration=collaboration,
        service=service,
        text="Klotter vid torget.",
        lat=FAGERSTA_CENTRUM[0],
        lon=FAGERSTA_CENTRUM[1],
    )
    Tip.objects.filter(pk=tip.pk).update(submitted_at=moment)
    tip.refresh_from_db()
    if approve_by is not None:
        services.tip_approve(tip=tip, moderated_by=approve_by)
    return tip


def _inside(week):
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(week.start, datetime.time(12), tzinfo=tz)


def test_only_approved_tips_of_the_period_are_counted_per_type_and_area(
    fagersta, fagersta_coordinator, week
):
    before = approved_tip_counts(collaboration=fagersta, start=week.start, end=week.end)
    inside = _inside(week)
    _tip_in(fagersta, inside, approve_by=fagersta_coordinator)
    _tip_in(fagersta, inside, approve_by=fagersta_coordinator)
    _tip_in(fagersta, inside)  # pending: not counted
    _tip_in(fagersta, inside - datetime.timedelta(days=30), approve_by=fagersta_coordinator)
    after = approved_tip_counts(collaboration=fagersta, start=week.start, end=week.end)
    assert after["total"] == before["total"] + 2
    row = next(
        r
        for r in after["by_service_and_area"]
        if r["service"] == "klotter" and r["area"] == "Centrum"
    )
    assert row["label"] == "Klotter"  # the collaboration's own category name for the key
    old = next(
        (
            r["count"]
            for r in before["by_service_and_area"]
            if r["service"] == "klotter" and r["area"] == "Centrum"
        ),
        0,
    )
    assert row["count"] == old + 2


def test_the_compiled_picture_has_a_separate_tips_section_and_unchanged_report_counts(
    fagersta, fagersta_coordinator, week
):
    group = fagersta.groups.get(name="EST-gruppen")
    first = situation_services.situation_compile(
        user=fagersta_coordinator, group=group, period=week
    )
    counts_before = (first.snapshot["total"], first.snapshot["cells"], first.snapshot["alerts"])
    tips_before = first.snapshot["tips"]["total"]
    for _ in range(3):
        _tip_in(fagersta, _inside(week), approve_by=fagersta_coordinator)
    again = situation_services.situation_compile(
        user=fagersta_coordinator, group=group, period=week
    )
    assert again.snapshot["tips"]["total"] == tips_before + 3
    assert (again.snapshot["total"], again.snapshot["cells"], again.snapshot["alerts"]) == (
        counts_before
    )
    assert again.snapshot["report_count"] == first.snapshot["report_count"]


def test_the_picture_page_shows_the_labelled_section(
    client_for, fagersta, fagersta_coordinator, week
):
    _tip_in(fagersta, _inside(week), service="belysning", approve_by=fagersta_coordinator)
    group = fagersta.groups.get(name="EST-gruppen")
    url = reverse("situation:group", kwargs={"collaboration_id": fagersta.pk, "group_id": group.pk})
    html = client_for(fagersta_coordinator).get(url, headers=EN).content.decode()
    assert "Medborgarrapporter" in html and "data-tips-section" in html
    assert 'data-tip-row="belysning"' in html


def test_the_pdf_and_word_exports_carry_the_tips_section(fagersta, fagersta_coordinator, week):
    """The frozen tips section reaches the exported documents as its own labelled section."""
    import io

    from django.utils import translation
    from docx import Document
    from pypdf import PdfReader

    from laget.situation.export_files import picture_file

    _tip_in(fagersta, _inside(week), service="belysning", approve_by=fagersta_coordinator)
    group = fagersta.groups.get(name="EST-gruppen")
    picture = situation_services.situation_compile(
        user=fagersta_coordinator, group=group, period=week
    )
    row = next(
        r for r in picture.snapshot["tips"]["by_service_and_area"] if r["service"] == "belysning"
    )
    with translation.override("sv"):
        pdf = picture_file(user=fagersta_coordinator, picture=picture, kind="pdf").content
        docx = picture_file(user=fagersta_coordinator, picture=picture, kind="docx").content
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Medborgarrapporter" in pdf_text and row["label"] in pdf_text
    document = Document(io.BytesIO(docx))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Medborgarrapporter" in headings
    cells = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert [row["label"], row["area"] or "Inget område", str(row["count"])] in cells


def test_a_version_compiled_before_tips_existed_exports_without_the_section():
    from laget.situation.exports import _tips_sections, tips_rows

    assert _tips_sections(None) == []
    assert tips_rows({"total": 0, "by_service_and_area": []}) == []
