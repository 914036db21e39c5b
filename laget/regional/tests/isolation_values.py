"""URL keywords of laget.regional for THE isolation test (laget/core/tests/test_isolation.py).

``kwarg_values()`` returns keyword → function(FagerstaObjects) → list of values, each pointing at
an object that belongs to Fagersta (or to Västmanland, Fagersta's county, for county objects).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _regional_picture(o: Any) -> list[Any]:
    """A draft regional lägesbild of Västmanland (county "19"), compiled once by its regional
    coordinator from what Fagersta shared."""
    from django.utils import timezone

    from laget.accounts.models import User
    from laget.analysis import regional as analysis
    from laget.geography.models import County
    from laget.regional.models import RegionalPicture
    from laget.regional.services import regional_compile

    county = County.objects.get(code="19")
    picture = RegionalPicture.objects.filter(county=county).first()
    if picture is None:
        picture = regional_compile(
            user=User.objects.get(username="regional.vastmanland"),
            county=county,
            period=analysis.last_complete_period(timezone.localdate(), analysis.QUARTER),
        )
    return [picture.pk]


def kwarg_values() -> dict[str, Callable[[Any], list[Any]]]:
    return {"regional_picture_id": _regional_picture}


#: Keywords of this app that name no protected object (e.g. an official municipality code).
NON_OBJECT_KWARGS: set[str] = set()
