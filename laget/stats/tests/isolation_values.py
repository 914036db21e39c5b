"""URL keywords of laget.stats for THE isolation test (laget/core/tests/test_isolation.py).

``kwarg_values()`` returns keyword → function(FagerstaObjects) → list of values, each pointing at
an object that belongs to Fagersta (or to Västmanland, Fagersta's county, for county objects).

Official statistics are public facts: a municipality's or county's SCB code names no protected
object (``municipality_code``, ``scb_county_code``). An import batch is its uploader's own: the
walk uses one uploaded by Västmanland's regional coordinator, which Dalarna's must not open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def isolation_batch(o: Any) -> Any:
    """A preview import uploaded by ``regional.vastmanland`` (created once)."""
    from laget.accounts.models import User
    from laget.stats import services
    from laget.stats.models import ImportBatch

    existing = ImportBatch.objects.filter(file_name="isolering_vastmanland.csv").first()
    if existing is not None:
        return existing
    return services.batch_create(
        user=User.objects.get(username="regional.vastmanland"),
        kind="bra",
        file_name="isolering_vastmanland.csv",
        content="Kommun;Anmälda brott 2024\nFagersta;1 234\n".encode(),
    )


def kwarg_values() -> dict[str, Callable[[Any], list[Any]]]:
    return {
        "stats_batch_id": lambda o: [isolation_batch(o).pk],
        "municipality_code": lambda o: ["1982"],
        "scb_county_code": lambda o: ["19"],
        "series_key": lambda o: ["bra-anmalda-brott"],
    }


#: Keywords of this app that name no protected object (e.g. an official municipality code).
NON_OBJECT_KWARGS: set[str] = {"municipality_code", "scb_county_code", "series_key"}
