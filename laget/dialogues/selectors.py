"""Reads of the dialogue records."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from laget import access
from laget.dialogues.models import Dialogue


def dialogues_held(
    *, collaboration: Any, start: datetime.date, end: datetime.date
) -> QuerySet[Dialogue]:
    """The dialogues of ``collaboration`` held between ``start`` and ``end`` (inclusive).

    Planned dialogues (a date after today) never count, whatever the window: the medborgarlöfte
    gates ask what has been done, not what is intended.
    """
    today = timezone.localdate()
    last = min(end, today)
    return Dialogue.objects.filter(
        collaboration=collaboration, held_on__gte=start, held_on__lte=last
    ).select_related("organisation")


def dialogues_for(*, user: Any, collaboration: Any, kind: str = "") -> QuerySet[Dialogue]:
    """The dialogues of ``collaboration`` that ``user`` may read, optionally of one kind."""
    queryset = access.restrict(
        user, Dialogue.objects.filter(collaboration=collaboration)
    ).select_related("organisation")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset
