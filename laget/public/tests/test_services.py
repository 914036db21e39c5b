"""Publishing an adopted lägesbild's public summary: who, what is frozen, refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from laget.analysis.compile import last_complete_period
from laget.organisations.models import Group
from laget.public import selectors, services
from laget.public.models import PublishedSummary
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture
from laget.situation.services import situation_compile

pytestmark = pytest.mark.django_db


def adopted_picture(collaboration) -> SituationPicture:
    return (
        SituationPicture.objects.filter(collaboration=collaboration, status=PictureStatus.ADOPTED)
        .order_by("-period_start", "-version")
        .first()
    )


def unpublished_adopted_picture(collaboration, coordinator) -> SituationPicture:
    """The demo's adopted picture with its demo summary taken off the public site."""
    picture = adopted_picture(collaboration)
    for summary in PublishedSummary.objects.filter(picture=picture, unpublished_at__isnull=True):
        services.summary_unpublish(user=coordinator, summary=summary)
    return picture


def draft_picture(collaboration, coordinator) -> SituationPicture:
    group = Group.objects.get(collaboration=collaboration, name="EST-gruppen")
    return situation_compile(
        user=coordinator, group=group, period=last_complete_period(timezone.localdate())
    )


SNAPSHOT = {
    "areas": [{"id": 1, "name": "Norr"}, {"id": 2, "name": "Söder"}, {"id": None, "name": ""}],
    "categories": [{"id": 10, "label": "Klotter"}, {"id": 11, "label": "Skadegörelse"}],
    "cells": [
        {"category": 10, "area": 1, "count": 7},
        {"category": 10, "area": 2, "count": 2},
        {"category": 11, "area": 1, "count": 12},
        {"category": 11, "area": 2, "count": 6},
    ],
}


def test_the_frozen_table_suppresses_small_counts_like_the_public_export():
    table = services.frozen_table(SNAPSHOT)
    assert table["areas"] == ["Norr", "Söder", None]
    assert table["threshold"] == 5
    klotter, skadegorelse = table["rows"]
    # 2 is hidden; the next smallest non-zero (7) too, so 2 cannot be worked out from 9.
    assert klotter == {"label": "Klotter", "cells": [None, None, 0], "total": 9}
    assert skadegorelse == {"label": "Skadegörelse", "cells": [12, 6, 0], "total": 18}


def test_a_coordinator_publishes_an_adopted_picture(fagersta, fagersta_coordinator):
    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    summary = services.summary_publish(
        user=fagersta_coordinator, picture=picture, public_text="Lugnt i centrum."
    )
    assert summary.collaboration == fagersta
    assert summary.period_start == picture.period_start
    assert summary.published_by == fagersta_coordinator
    assert summary.public_text == "Lugnt i centrum."
    assert summary.table == services.frozen_table(picture.snapshot)
    assert summary in selectors.published_summaries(collaboration=fagersta)
    # The assessment of the picture is never part of what is published.
    assert picture.assessment == "" or picture.assessment not in str(summary.table)


def test_publishing_twice_is_refused(fagersta, fagersta_coordinator):
    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    services.summary_publish(user=fagersta_coordinator, picture=picture)
    with pytest.raises(ValidationError) as error:
        services.summary_publish(user=fagersta_coordinator, picture=picture)
    assert error.value.code == "already_published"


def test_a_draft_picture_is_never_published(fagersta, fagersta_coordinator):
    picture = draft_picture(fagersta, fagersta_coordinator)
    with pytest.raises(ValidationError) as error:
        services.summary_publish(user=fagersta_coordinator, picture=picture)
    assert error.value.code == "not_adopted"
    assert not PublishedSummary.objects.filter(picture=picture).exists()


@pytest.mark.parametrize("username", ["polis.fagersta", "rapportor.fagersta", "samordnare.ludvika"])
def test_only_the_collaborations_coordinators_publish(fagersta, fagersta_coordinator, username):
    from laget.accounts.models import User

    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    with pytest.raises(ValidationError) as error:
        services.summary_publish(user=User.objects.get(username=username), picture=picture)
    assert error.value.code == "not_allowed"
    assert not PublishedSummary.objects.filter(picture=picture, unpublished_at=None).exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [("Ring 070-123 45 67 om du ser något.", "personal_data"), ("x" * 5001, "max_length")],
)
def test_bad_public_text_is_refused_and_nothing_is_stored(
    fagersta, fagersta_coordinator, text, code
):
    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    before = PublishedSummary.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.summary_publish(user=fagersta_coordinator, picture=picture, public_text=text)
    assert error.value.error_dict["public_text"][0].code == code
    assert PublishedSummary.objects.count() == before


def test_unpublishing_hides_the_summary_and_keeps_the_row(fagersta, fagersta_coordinator):
    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    summary = services.summary_publish(user=fagersta_coordinator, picture=picture)
    services.summary_unpublish(user=fagersta_coordinator, summary=summary)
    summary.refresh_from_db()
    assert summary.unpublished_at is not None
    assert summary.unpublished_by == fagersta_coordinator
    assert summary not in selectors.published_summaries(collaboration=fagersta)
    with pytest.raises(ValidationError) as error:
        services.summary_unpublish(user=fagersta_coordinator, summary=summary)
    assert error.value.code == "not_published"
    # It can be published again: a new row.
    again = services.summary_publish(user=fagersta_coordinator, picture=picture)
    assert again.pk != summary.pk


def test_unpublishing_is_for_coordinators_only(fagersta, fagersta_coordinator, fagersta_police):
    summary = PublishedSummary.objects.filter(collaboration=fagersta).first()
    with pytest.raises(ValidationError):
        services.summary_unpublish(user=fagersta_police, summary=summary)
    summary.refresh_from_db()
    assert summary.is_published


def test_the_demo_publishes_a_summary_for_fagersta_and_ludvika(fagersta, ludvika):
    from laget.public.demo import public_demo_load

    public_demo_load()  # a second run changes nothing
    for collaboration in (fagersta, ludvika):
        assert selectors.published_summaries(collaboration=collaboration).count() == 1
