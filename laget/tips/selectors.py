"""Reads of citizen tips. ``public_tips`` is the only way public pages read tips."""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from laget import access
from laget.organisations.models import Collaboration
from laget.tips.choices import PUBLIC_STATUSES, TipService, TipStatus
from laget.tips.models import Tip

#: The grid that public locations are coarsened to: 0.005° of latitude (about 550 m) and
#: 0.01° of longitude (about 500–600 m at Swedish latitudes). A public point is the centre of
#: the cell, so the exact place a citizen marked never leaves the collaboration.
GRID_LAT = 0.005
GRID_LON = 0.01


def public_tips(*, collaboration: Collaboration) -> QuerySet[Tip]:
    """The collaboration's approved and closed tips: the only tips the public may see.

    Public readers use ``public_id``, ``service``, ``public_text``, ``status``,
    ``submitted_at``, ``moderated_at``, ``closed_at``, ``public_response``, ``area`` (name)
    and ``coarse_location(tip)`` – never ``text``, ``place_text``, ``email``,
    ``moderation_note`` or the exact ``lat``/``lon``.
    """
    return (
        Tip.objects.filter(collaboration=collaboration, status__in=PUBLIC_STATUSES)
        .select_related("area")
        .order_by("-submitted_at", "-pk")
    )


def coarse_location(tip: Tip) -> tuple[float, float] | None:
    """The centre of the grid cell holding the tip's point, as (lat, lon), or None."""
    if not tip.has_point:
        return None
    return coarsen(tip.lat, tip.lon)


def coarsen(lat: float, lon: float) -> tuple[float, float]:
    """The centre of the ``GRID_LAT`` × ``GRID_LON`` cell that holds (lat, lon)."""
    cell_lat = (math.floor(lat / GRID_LAT) + 0.5) * GRID_LAT
    cell_lon = (math.floor(lon / GRID_LON) + 0.5) * GRID_LON
    return round(cell_lat, 5), round(cell_lon, 5)


def public_tip(*, collaboration: Collaboration, public_id: str) -> Tip | None:
    """Any tip of the collaboration by its public reference (the caller decides what to show:
    a pending or rejected tip shows only its reference, type and status)."""
    return (
        Tip.objects.filter(collaboration=collaboration, public_id=public_id)
        .select_related("area")
        .first()
    )


def moderation_queue(*, user: Any, collaboration: Collaboration) -> QuerySet[Tip]:
    """The collaboration's pending tips, newest first."""
    return access.restrict(
        user,
        Tip.objects.filter(collaboration=collaboration, status=TipStatus.PENDING).select_related(
            "area"
        ),
    ).order_by("-submitted_at", "-pk")


def moderated_tips(*, user: Any, collaboration: Collaboration, limit: int = 50) -> list[Tip]:
    """The most recently moderated tips (approved, rejected, closed), newest decision first."""
    return list(
        access.restrict(
            user,
            Tip.objects.filter(collaboration=collaboration)
            .exclude(status=TipStatus.PENDING)
            .select_related("area", "moderated_by"),
        ).order_by("-moderated_at", "-pk")[:limit]
    )


# --- the lägesbild's own section ----------------------------------------------------------------


@dataclass(frozen=True)
class TipCount:
    service: str
    label: str
    area_id: int | None
    area: str
    count: int


def approved_tip_counts(
    *, collaboration: Collaboration, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Approved (and closed) tips submitted in ``start``–``end``, counted per tip type and area.

    The lägesbild shows these as their own labelled source, "Medborgarrapporter", beside – never
    inside – the trained reporters' counts and alerts. Plain JSON, so that it can be frozen in
    the snapshot. Category labels come from the collaboration's own report categories where
    the keys match (``TipService`` uses the preset keys), else from the tip type.
    """
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    rows = Tip.objects.filter(
        collaboration=collaboration,
        status__in=PUBLIC_STATUSES,
        submitted_at__gte=first,
        submitted_at__lt=after,
    ).values_list("service", "area_id", "area__name")
    counts: Counter[tuple[str, int | None, str]] = Counter(
        (service, area_id, area_name or "") for service, area_id, area_name in rows
    )
    labels = _service_labels(collaboration)
    items = [
        {
            "service": service,
            "label": labels.get(service, service),
            "area_id": area_id,
            "area": area_name,
            "count": count,
        }
        for (service, area_id, area_name), count in counts.items()
    ]
    items.sort(key=lambda i: (-i["count"], i["label"], i["area"]))
    per_service: Counter[str] = Counter()
    for item in items:
        per_service[item["service"]] += item["count"]
    return {
        "total": sum(counts.values()),
        "by_service": [
            {"service": s, "label": labels.get(s, s), "count": n}
            for s, n in sorted(per_service.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "by_service_and_area": items,
    }


def _service_labels(collaboration: Collaboration) -> dict[str, str]:
    """Tip type → the label shown: the collaboration's category name for the same key."""
    from laget.reporting.models import Category

    labels = {str(value): str(label) for value, label in TipService.choices}
    names = dict(
        Category.objects.filter(
            template__collaboration=collaboration, key__in=list(labels), is_active=True
        ).values_list("key", "name")
    )
    labels.update(names)
    return labels
