from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from laget.analysis.compile import last_complete_period
from laget.organisations.choices import GroupKind
from laget.organisations.models import Group
from laget.regional.models import SharedFigure
from laget.situation.choices import PeriodKind, PictureStatus
from laget.situation.models import SituationPicture
from laget.situation.services import situation_compile


def adopted_picture(collaboration: Any, coordinator: Any, *, weeks_back: int = 0) -> Any:
    """An adopted weekly lägesbild of the collaboration's situation group, ``weeks_back`` weeks
    before the last complete week (adoption itself is tested in laget.situation)."""
    group = (
        Group.objects.filter(collaboration=collaboration, kind=GroupKind.SITUATION)
        .order_by("pk")
        .first()
    )
    period = last_complete_period(timezone.localdate())
    for _ in range(weeks_back):
        period = period.previous()
    picture = situation_compile(user=coordinator, group=group, period=period)
    SituationPicture.objects.filter(pk=picture.pk).update(
        status=PictureStatus.ADOPTED, adopted_at=timezone.now(), period_kind=PeriodKind.WEEK
    )
    picture.refresh_from_db()
    return picture


@pytest.fixture
def unshared(demo: None, fagersta: Any, ludvika: Any) -> None:
    """Nothing shared with any county (the demo shares its pictures)."""
    SharedFigure.objects.all().delete()
    SituationPicture.objects.update(shared_with_county_at=None, shared_with_county_by=None)
