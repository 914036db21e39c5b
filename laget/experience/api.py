"""API routes of laget.experience (issue 7): search the experience bank and read an entry.

Every signed-in token reads the published entries of every municipality; a draft or withdrawn
entry only answers to members of its collaboration (404 to everyone else).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from laget.experience import selectors
from laget.experience.models import Entry

router = Router(tags=["experience"])
MAX_RESULTS = 200


class EntryOut(Schema):
    id: int
    status: str = Field(description="draft, published or withdrawn.")
    title: str
    municipality_code: str
    municipality: str
    county_code: str
    municipality_group: str = Field(description="SKR's kommungrupp, e.g. C6; empty if unknown.")
    category_key: str
    category: str
    measure_kind: str = Field(description="situational or social.")
    prevention_level: str = Field(description="primary, secondary or tertiary.")
    period_start: datetime.date
    period_end: datetime.date
    effect: str = Field(description="improved, unchanged, worsened, unclear or empty.")
    published_at: datetime.datetime | None


class EntryDetailOut(EntryOut):
    problem: str
    what_done: str
    where: str
    result: str
    effect_text: str
    hours: int | None
    cost_sek: int | None
    contact_role: str


class SearchIn(Schema):
    q: str = Field("", max_length=200, description="Full-text query.")
    category: str = Field("", max_length=50, description="A category key, e.g. klotter.")
    prevention_level: str = Field("", max_length=10)
    measure_kind: str = Field("", max_length=15)
    group: str = Field("", max_length=2, description="SKR kommungrupp code, e.g. C6.")
    county: str = Field("", max_length=2, description="County code, e.g. 20.")
    year: int | None = Field(None, ge=1900, le=2100, description="Period overlaps this year.")


def _out(entry: Entry, groups: dict[int, str], *, detail: bool = False) -> dict[str, Any]:
    row = {
        "id": entry.pk,
        "status": entry.status,
        "title": entry.title,
        "municipality_code": entry.municipality.code,
        "municipality": entry.municipality.name,
        "county_code": entry.municipality.county.code,
        "municipality_group": groups.get(entry.municipality_id, ""),
        "category_key": entry.category_key,
        "category": entry.category_label,
        "measure_kind": entry.measure_kind,
        "prevention_level": entry.prevention_level,
        "period_start": entry.period_start,
        "period_end": entry.period_end,
        "effect": entry.effect,
        "published_at": entry.published_at,
    }
    if detail:
        for name in ("problem", "what_done", "where", "result", "effect_text", "hours"):
            row[name] = getattr(entry, name)
        row["cost_sek"] = entry.cost_sek
        row["contact_role"] = entry.contact_role
    return row


@router.get(
    "/experience/entries",
    response=list[EntryOut],
    summary="Search the experience bank (published entries of every municipality)",
)
def entry_search(request: HttpRequest, filters: Query[SearchIn]) -> list[dict[str, Any]]:
    found = list(
        selectors.bank_search(user=request.user, filters=selectors.BankFilters(**filters.dict()))[
            :MAX_RESULTS
        ]
    )
    groups = selectors.group_of(found)
    return [_out(e, groups) for e in found]


@router.get(
    "/experience/entries/{entry_id}",
    response=EntryDetailOut,
    summary="One experience-bank entry",
)
def entry_detail(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    entry = selectors.entry_get(request.user, entry_id)
    return _out(entry, selectors.group_of([entry]), detail=True)
