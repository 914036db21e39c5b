"""URL keywords of laget.regional for THE isolation test (laget/core/tests/test_isolation.py).

``kwarg_values()`` returns keyword → function(FagerstaObjects) → list of values, each pointing at
an object that belongs to Fagersta (or to Västmanland, Fagersta's county, for county objects).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def kwarg_values() -> dict[str, Callable[[Any], list[Any]]]:
    return {}


#: Keywords of this app that name no protected object (e.g. an official municipality code).
NON_OBJECT_KWARGS: set[str] = set()
