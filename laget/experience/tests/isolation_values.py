"""URL keywords of laget.experience for THE isolation test (laget/core/tests/test_isolation.py).

``kwarg_values()`` returns keyword → function(FagerstaObjects) → list of values, each pointing at
an object that belongs to Fagersta (or to Västmanland, Fagersta's county, for county objects).
``entry_id`` names a Fagersta DRAFT (published entries are meant to be read by everyone, which
``laget/experience/tests/test_access.py`` checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def isolation_draft(o: Any) -> Any:
    """A draft experience of Fagersta, from its first followed-up measure (created once)."""
    from laget.accounts.models import User
    from laget.experience import services
    from laget.experience.models import Entry
    from laget.planning.models import Measure

    collaboration = o.collaboration
    existing = Entry.objects.filter(collaboration=collaboration, title="Isoleringserfarenhet")
    if existing.exists():
        return existing.get()
    measure = (
        Measure.objects.filter(plan__collaboration=collaboration, follow_ups__isnull=False)
        .order_by("pk")
        .first()
    )
    user = User.objects.get(username="samordnare.fagersta")
    data = services.prefill(user=user, measure=measure)
    data.title = "Isoleringserfarenhet"
    data.where = "Isoleringsplats"
    return services.entry_create(user=user, measure=measure, data=data)


def kwarg_values() -> dict[str, Callable[[Any], list[Any]]]:
    return {"entry_id": lambda o: [isolation_draft(o).pk]}


#: Keywords of this app that name no protected object (e.g. an official municipality code).
NON_OBJECT_KWARGS: set[str] = set()
