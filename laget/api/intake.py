"""The reads behind ``POST …/reports``, made cheap: report intake is the API's hot path.

Issue 3 asks for hundreds of reports per second on two cores, so each read of the intake is
either folded into another query or answered from a cache that is checked on every request:

* ``prime_memberships``: the person's active memberships (with organisation, unit and
  collaboration), read with the token (``auth.TokenAuth(with_memberships=True)``, one statement on PostgreSQL) or
  in one prepared query, stored where ``laget.access.active_memberships``
  keeps them for the request, so the scope, the reporting membership, the audit label and
  the collaboration all come from it;
* ``member_collaboration``: the collaboration from those memberships when the person is a
  member of it — the very row ``access.access_object`` would read; otherwise that function;
* ``reporting_category``: one query returns the collaboration's active templates with their
  versions *and* the freshness token of its area index (handed to the geography selectors),
  and the categories come from a per-process cache keyed by template and version. Every
  change of a template's categories goes through ``laget.reporting.services``, which bumps
  the template's version (retiring, renaming, adding), and activating another template
  changes the set of active templates, so a cached entry is never stale.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from laget import access
from laget.api.prepared import PreparedQuery, statement_cursor
from laget.core.errors import field_error
from laget.geography import selectors as geo_selectors
from laget.organisations.models import Collaboration, Membership
from laget.reporting.models import Category, ReportTemplate

#: What ``access.active_memberships`` reads (active, by pk, with organisation and unit), plus
#: each membership's collaboration.
MEMBERSHIPS = PreparedQuery(
    lambda user_id: (
        Membership.objects.filter(user_id=user_id, is_active=True)
        .select_related("organisation", "unit", "collaboration")
        .order_by("pk")
    ),
    user_id=-900_001,
)


def prime_memberships(user: Any, memberships: list[Membership] | None = None) -> list[Membership]:
    """Load the person's active memberships for this request in one prepared query (none
    when ``memberships`` are given: the token's query read them with the same SQL).

    Fills the two per-request caches ``access.active_memberships`` fills (the memberships and
    the audit log's organisation label), with the same rows in the same order, so the
    permission model reads exactly what it would have read itself.
    """
    if memberships is None:
        memberships = MEMBERSHIPS.fetch(user_id=user.pk)
    user._laget_memberships = memberships
    user._laget_audit_organisation = memberships[0].organisation.name if memberships else ""
    return memberships


def member_collaboration(user: Any, collaboration_id: int) -> Collaboration:
    """``access.access_object(user, Collaboration, collaboration_id)`` without its query when
    the person is a member: the scope's collaborations are those of the active memberships,
    whose collaboration rows ``prime_memberships`` has already read. Anyone else (a regional
    coordinator, a superuser, an outsider) goes through ``access_object`` as before.
    """
    if collaboration_id in access.scope_for(user).collaboration_ids:
        for membership in access.active_memberships(user):
            if membership.collaboration_id == collaboration_id:
                collaboration = membership.collaboration
                if collaboration is not None:
                    return collaboration
    return access.access_object(user, Collaboration, collaboration_id)


@dataclass(frozen=True)
class _Categories:
    """One version of one template's categories."""

    version: int
    by_key: dict[str, Category]
    #: Main categories with at least one active sub-category (reports go to the sub-categories).
    with_active_children: frozenset[int]


_categories: dict[int, _Categories] = {}  # template id → its newest version seen
_lock = threading.Lock()


def _template_categories(template_id: int, version: int) -> _Categories:
    cached = _categories.get(template_id)
    if cached is not None and cached.version == version:
        return cached
    rows = list(
        Category.objects.filter(template_id=template_id).select_related("template", "parent")
    )
    built = _Categories(
        # The version the rows were read at (a change may have landed since the caller's
        # check): a mismatch only makes the next request read them again.
        version=rows[0].template.version if rows else version,
        by_key={c.key: c for c in rows},
        with_active_children=frozenset(c.parent_id for c in rows if c.is_active and c.parent_id),
    )
    with _lock:
        _categories[template_id] = built
    return built


def _context_sql() -> str:
    quote = connection.ops.quote_name
    meta = ReportTemplate._meta
    column = {name: quote(meta.get_field(name).column) for name in ("collaboration", "is_active")}
    # Names from the models' metadata, values as parameters.
    return (
        f"SELECT t.{quote('id')}, t.{quote('version')}, a.n, a.latest "  # noqa: S608
        f"FROM ({geo_selectors.area_version_sql(connection)}) AS a "
        f"LEFT JOIN {quote(meta.db_table)} AS t "
        f"ON t.{column['collaboration']} = %s AND t.{column['is_active']} = %s "
        f"ORDER BY t.{quote('id')}"
    )


def reporting_category(collaboration: Collaboration, key: str) -> Category:
    """The category with this key in the collaboration's template in use, or a 422.

    One query (the active templates' versions and the area index's freshness); the area
    token is handed on to the point assignment that follows. Returns a copy, so the caller
    may change it without touching the cache shared by the process's threads.
    """
    with statement_cursor(connection) as cursor:
        cursor.execute(_context_sql(), [collaboration.pk, True, collaboration.pk, True])
        rows = cursor.fetchall()
    geo_selectors.note_area_version(collaboration, (rows[0][2], rows[0][3]))
    key = key.strip()
    found = []
    children: frozenset[int] = frozenset()
    for template_id, version, _n, _latest in rows:
        if template_id is None:
            continue  # no active template
        categories = _template_categories(template_id, version)
        if key in categories.by_key:
            found.append(categories.by_key[key])
            children = categories.with_active_children
    if len(found) != 1:
        raise field_error("category", _("Unknown category."), "category")
    category = found[0]
    if category.parent_id is None and category.pk in children:
        raise field_error("category", _("Choose one of the category's sub-categories."), "category")
    return copy.copy(category)


def clear_caches() -> None:
    """Forget the cached categories (tests whose transactions roll template versions back)."""
    with _lock:
        _categories.clear()
