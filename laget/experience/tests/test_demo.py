"""The demo's experience bank: published entries from both demo municipalities, no area names
or people in them, idempotent and fast."""

from __future__ import annotations

import time

import pytest

from laget.experience.choices import EntryStatus
from laget.experience.demo import demo_load
from laget.experience.models import Entry

pytestmark = pytest.mark.django_db

MARKERS = ("Brandbergen", "Västanfors", "Ängelsberg", "Tryggare Fagersta", "EST-gruppen", "Ekholm")
TEXTS = ("title", "what_done", "where", "problem", "result", "effect_text", "contact_role")


def test_the_demo_has_four_to_six_published_entries_without_names(fagersta, ludvika):
    entries = list(Entry.objects.filter(collaboration__in=[fagersta, ludvika]))
    assert 4 <= len(entries) <= 6
    assert {e.status for e in entries} == {EntryStatus.PUBLISHED}
    assert {e.collaboration_id for e in entries} == {fagersta.pk, ludvika.pk}
    assert any(e.measure_id for e in entries)  # shared from followed-up measures
    for entry in entries:
        text = " ".join(getattr(entry, f) for f in TEXTS)
        assert not [m for m in MARKERS if m in text], entry.title
        assert entry.no_personal_data and entry.published_at


def test_loading_again_changes_nothing_and_a_fresh_load_is_fast(fagersta, ludvika):
    count = Entry.objects.count()
    demo_load()
    assert Entry.objects.count() == count
    Entry.objects.all().delete()
    started = time.perf_counter()
    demo_load()
    assert time.perf_counter() - started < 3
    assert Entry.objects.count() == count
