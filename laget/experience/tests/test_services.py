"""Writes of the experience bank: prefill, the checks, publish, the frozen copy, withdraw."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laget.experience import services
from laget.experience.choices import EntryStatus
from laget.experience.models import Entry
from laget.experience.tests.conftest import clean_input
from laget.planning.models import FollowUp

pytestmark = pytest.mark.django_db

AREA_NAMES = ("Brandbergen", "Västanfors", "Ängelsberg", "Tryggare Fagersta")


def test_prefill_copies_the_measure_without_area_names_or_people(
    fagersta, fagersta_coordinator, followed_up
):
    data = services.prefill(user=fagersta_coordinator, measure=followed_up)
    texts = " ".join(
        [data.title, data.what_done, data.where, data.problem, data.result, data.effect_text]
    )
    assert not [name for name in AREA_NAMES if name in texts]
    assert "Ekholm" not in texts and "Ekholm" not in data.contact_role
    assert followed_up.responsible_person not in texts
    # The problem's title names an area ("Brandbergens centrum"): replaced, the rest kept.
    assert "skadegörelsen" in data.problem
    assert data.where.endswith("Fagersta municipality") or "Fagersta" in data.where
    assert data.contact_role.endswith("Fagersta kommun")
    assert data.measure_kind == followed_up.kind
    assert data.prevention_level == followed_up.prevention_level
    assert data.category_key == followed_up.problem.category.key
    assert data.period_start == followed_up.start
    latest = FollowUp.objects.filter(measure=followed_up).order_by("-followed_up_on").first()
    assert data.period_end == latest.followed_up_on
    # Hours and cost come from the follow-up that recorded what was used (46 h, 91 000 SEK).
    assert (data.hours, data.cost_sek) == (46, 91000)
    assert "12 belysningspunkter" in data.result


def test_only_a_followed_up_measure_can_be_shared(fagersta_coordinator, not_followed_up):
    before = Entry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.entry_create(
            user=fagersta_coordinator,
            measure=not_followed_up,
            data=clean_input(fagersta_coordinator, not_followed_up),
        )
    assert exc.value.error_list[0].code == "not_followed_up"
    assert Entry.objects.count() == before


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("what_done", "Kontakta 811218-9876 för mer information."),
        ("contact_role", "Ring 070-123 45 67"),
        ("result", "Skriv till samordnare@example.se"),
    ],
)
def test_personal_data_is_refused_and_nothing_stored(
    fagersta_coordinator, followed_up, field, text
):
    before = Entry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.entry_create(
            user=fagersta_coordinator,
            measure=followed_up,
            data=clean_input(fagersta_coordinator, followed_up, **{field: text}),
        )
    assert [e.code for e in exc.value.error_dict[field]] == ["personal_data"]
    assert Entry.objects.count() == before


def test_a_members_name_is_refused_as_contact(fagersta_coordinator, followed_up):
    name = fagersta_coordinator.get_full_name()
    assert name.strip()
    with pytest.raises(ValidationError) as exc:
        services.entry_create(
            user=fagersta_coordinator,
            measure=followed_up,
            data=clean_input(fagersta_coordinator, followed_up, contact_role=name),
        )
    assert [e.code for e in exc.value.error_dict["contact_role"]] == ["person_name"]


def test_required_texts_and_period(fagersta_coordinator, followed_up):
    data = clean_input(fagersta_coordinator, followed_up, title=" ", result="")
    data.period_end = data.period_start.replace(year=data.period_start.year - 1)
    with pytest.raises(ValidationError) as exc:
        services.entry_create(user=fagersta_coordinator, measure=followed_up, data=data)
    assert {"title", "result", "period_end"} <= set(exc.value.error_dict)


def test_only_managers_share(fagersta_reporter, fagersta_police, followed_up, fagersta_coordinator):
    for user in (fagersta_reporter, fagersta_police):
        with pytest.raises(PermissionDenied):
            services.entry_create(
                user=user,
                measure=followed_up,
                data=clean_input(fagersta_coordinator, followed_up),
            )


def test_publishing_needs_the_confirmation(fagersta_coordinator, draft):
    with pytest.raises(ValidationError) as exc:
        services.entry_publish(user=fagersta_coordinator, entry=draft, no_personal_data=False)
    assert "no_personal_data" in exc.value.error_dict
    draft.refresh_from_db()
    assert draft.status == EntryStatus.DRAFT and draft.published_at is None
    services.entry_publish(user=fagersta_coordinator, entry=draft, no_personal_data=True)
    draft.refresh_from_db()
    assert draft.status == EntryStatus.PUBLISHED and draft.published_at is not None
    with pytest.raises(ValidationError):
        services.entry_publish(user=fagersta_coordinator, entry=draft, no_personal_data=True)


def test_a_published_entry_is_a_frozen_copy(fagersta_coordinator, published, followed_up):
    title, what = published.title, published.what_done
    followed_up.title = "Ändrad titel efter publicering"
    followed_up.description = "Ny beskrivning"
    followed_up.save()
    published.refresh_from_db()
    assert (published.title, published.what_done) == (title, what)
    with pytest.raises(ValidationError) as exc:
        services.entry_update(
            user=fagersta_coordinator,
            entry=published,
            data=clean_input(fagersta_coordinator, followed_up, title="Ny"),
        )
    assert exc.value.error_list[0].code == "not_draft"
    published.refresh_from_db()
    assert published.title == title


def test_a_draft_can_be_changed_and_must_be_confirmed_again(fagersta_coordinator, draft):
    draft.no_personal_data = True
    draft.save()
    services.entry_update(
        user=fagersta_coordinator,
        entry=draft,
        data=clean_input(fagersta_coordinator, draft.measure, title="Ny rubrik"),
    )
    draft.refresh_from_db()
    assert draft.title == "Ny rubrik" and draft.no_personal_data is False


def test_withdrawing(fagersta_coordinator, ludvika_coordinator, published, draft):
    with pytest.raises(PermissionDenied):
        services.entry_withdraw(user=ludvika_coordinator, entry=published)
    with pytest.raises(ValidationError):
        services.entry_withdraw(user=fagersta_coordinator, entry=draft)
    with pytest.raises(ValidationError):
        services.entry_withdraw(user=fagersta_coordinator, entry=published, reason="121212-1212")
    services.entry_withdraw(user=fagersta_coordinator, entry=published, reason="Inaktuell")
    published.refresh_from_db()
    assert published.status == EntryStatus.WITHDRAWN
    assert published.withdrawn_reason == "Inaktuell" and published.withdrawn_at is not None
