"""Reads of the experience bank, always through ``laget.access.restrict_experience``.

The search (:func:`bank_search`) is one function for both databases: on PostgreSQL it uses the
database's full-text search with the Swedish dictionary (so "fritidsgården" finds
"fritidsgård"), on SQLite every word of the query must occur in one of the texts (icontains).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from laget import access
from laget.experience.choices import EntryStatus
from laget.experience.models import Entry
from laget.geography.models import County
from laget.organisations.models import Collaboration
from laget.planning.models import Measure

#: The texts the search reads, with their PostgreSQL weights.
SEARCH_FIELDS = (
    ("title", "A"),
    ("problem", "A"),
    ("category_label", "A"),
    ("what_done", "B"),
    ("where", "B"),
    ("result", "C"),
    ("effect_text", "C"),
)
MAX_QUERY = 200


@dataclass(frozen=True)
class BankFilters:
    """The bank's search: a text and filters (each empty means "all")."""

    q: str = ""
    category: str = ""
    prevention_level: str = ""
    measure_kind: str = ""
    group: str = ""
    county: str = ""
    year: int | None = None


def entries_for(user: Any, action: str = access.VIEW) -> QuerySet[Entry]:
    return access.restrict_experience(user, Entry.objects.all(), action)


def entry_get(user: Any, entry_id: Any, action: str = access.VIEW) -> Entry:
    """One entry the user may read (or manage), else 404."""
    try:
        return (
            entries_for(user, action)
            .select_related("municipality__county", "collaboration")
            .get(pk=entry_id)
        )
    except (Entry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _groups() -> dict[int, str]:
    from laget.stats.selectors import municipality_group_by_municipality

    return municipality_group_by_municipality()


def _text_search(queryset: QuerySet[Entry], q: str) -> QuerySet[Entry]:
    q = q.strip()[:MAX_QUERY]
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(SEARCH_FIELDS[0][0], weight=SEARCH_FIELDS[0][1], config="swedish")
        for name, weight in SEARCH_FIELDS[1:]:
            vector += SearchVector(name, weight=weight, config="swedish")
        query = SearchQuery(q, config="swedish", search_type="websearch")
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "-published_at", "-pk")
        )
    for word in q.split():
        match = Q()
        for name, _weight in SEARCH_FIELDS:
            match |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def bank_search(*, user: Any, filters: BankFilters) -> QuerySet[Entry]:
    """Published entries of every municipality matching ``filters``, the best first."""
    queryset = (
        entries_for(user)
        .filter(status=EntryStatus.PUBLISHED)
        .select_related("municipality__county")
    )
    if filters.category:
        queryset = queryset.filter(category_key=filters.category)
    if filters.prevention_level:
        queryset = queryset.filter(prevention_level=filters.prevention_level)
    if filters.measure_kind:
        queryset = queryset.filter(measure_kind=filters.measure_kind)
    if filters.county:
        queryset = queryset.filter(municipality__county__code=filters.county)
    if filters.group:
        ids = [m for m, group in _groups().items() if group == filters.group]
        queryset = queryset.filter(municipality__in=ids)
    if filters.year:
        queryset = queryset.filter(
            period_start__lte=datetime.date(filters.year, 12, 31),
            period_end__gte=datetime.date(filters.year, 1, 1),
        )
    return _text_search(queryset, filters.q)


def group_of(entries: list[Entry]) -> dict[int, str]:
    """Municipality id → kommungrupp for the entries shown (one query for all)."""
    groups = _groups()
    return {e.municipality_id: groups.get(e.municipality_id, "") for e in entries}


def category_options(user: Any) -> list[tuple[str, str]]:
    """(key, label) of the categories that published entries use."""
    rows = (
        entries_for(user)
        .filter(status=EntryStatus.PUBLISHED)
        .exclude(category_key="")
        .values_list("category_key", "category_label")
        .order_by("category_label")
    )
    seen: dict[str, str] = {}
    for key, label in rows:
        seen.setdefault(key, label)
    return sorted(seen.items(), key=lambda kv: kv[1].lower())


def county_options() -> list[tuple[str, str]]:
    return list(County.objects.order_by("name").values_list("code", "name"))


def year_options(user: Any) -> list[int]:
    rows = (
        entries_for(user)
        .filter(status=EntryStatus.PUBLISHED)
        .values_list("period_start", "period_end")
    )
    years: set[int] = set()
    for start, end in rows:
        years.update(range(start.year, end.year + 1))
    return sorted(years, reverse=True)


def own_entries(*, user: Any, collaboration: Collaboration) -> QuerySet[Entry]:
    """All entries of the collaboration (drafts, published, withdrawn) for its members."""
    return (
        entries_for(user)
        .filter(collaboration=collaboration)
        .select_related("measure")
        .order_by("status", "-updated_at", "-pk")
    )


def measures_to_share(*, user: Any, collaboration: Collaboration) -> QuerySet[Measure]:
    """The collaboration's measures with their number of follow-ups, followed-up ones first."""
    return (
        access.restrict(user, Measure.objects.filter(plan__collaboration=collaboration))
        .select_related("plan")
        .annotate(follow_up_count=Count("follow_ups", distinct=True))
        .order_by("-follow_up_count", "-plan__year", "title")
    )
