"""Querysets compiled once per database connection: the hot reads of the API.

Building SQL is most of what a small ORM query costs in Python (the profile of report intake
put about 40 % of its CPU there). A :class:`PreparedQuery` is an ordinary queryset, written
with placeholders for the values that change between calls; its SQL is compiled the first time
it runs on a connection and afterwards only executed with new values. Rows become model
instances exactly as ``QuerySet.__iter__`` makes them (same converters, ``select_related``
objects filled in), so callers cannot tell the difference.

On PostgreSQL the hot statements also skip the server's parsing and planning:
:func:`statement_cursor` gives a cursor whose statements are prepared (server-side binding,
``PREPARE`` on first use on a connection, then only ``EXECUTE``). Django leaves prepared
statements off because a connection pooler in transaction mode (PgBouncer) cannot keep them;
a database configured for one (``DISABLE_SERVER_SIDE_CURSORS``, as Django's documentation asks
for such poolers) gets ordinary cursors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.utils import CursorWrapper
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    positions: dict[str, int]  # placeholder name → index in ``params``
    compiler: Any
    converters: dict[int, Any]  # column → the converters ``results_iter`` would apply
    model: type[models.Model]
    init_list: list[str]
    start: int
    end: int
    populators: list[Any]


def _preparing_cursor_classes() -> tuple[type[Any], type[Any]] | tuple[None, None]:
    try:
        from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor
    except (ImportError, AttributeError):  # psycopg 2, or no PostgreSQL driver at all
        return None, None

    class PreparingCursor(ServerBindingCursor):
        """Server-side binding, and every statement prepared (``prepare=True``)."""

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            kwargs["prepare"] = True
            return super().execute(query, params, **kwargs)

    class LoggedPreparingCursor(CursorDebugWrapper):
        """Logs and counts each statement like Django's debug cursor. A prepared statement is
        executed by name, so psycopg cannot tell the text that ran: the statement is logged as
        written (``%s`` placeholders), its values under ``params``."""

        def execute(self, sql: Any, params: Any = None) -> Any:
            with self.debug_sql(sql, params, use_last_executed_query=False):
                return CursorWrapper.execute(self, sql, params)  # not the debug one: no twice

    return PreparingCursor, LoggedPreparingCursor


_PreparingCursor, _LoggedPreparingCursor = _preparing_cursor_classes()
_NEVER = 2**62


def statement_cursor(connection: Any) -> CursorWrapper:
    """``connection.cursor()``, but on PostgreSQL each statement run through it is prepared
    on its first use on the connection and afterwards only executed. Statements are counted
    and logged as usual. Use it for statements with a fixed text (parameters as ``%s``).
    """
    if (
        _PreparingCursor is None
        or connection.vendor != "postgresql"
        or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    ):
        return connection.cursor()
    connection.validate_thread_sharing()
    connection.ensure_connection()
    pg = connection.connection
    if pg.prepare_threshold is None:
        # Django turns preparing off for the connection (None). Only these cursors ask for it
        # (``prepare=True``; Django's own cursors bind on the client and never prepare), so a
        # threshold that is never reached keeps every other statement as it was.
        pg.prepare_threshold = _NEVER
    with connection.wrap_database_errors:
        raw = _PreparingCursor(pg)
    if connection.queries_logged:
        return _LoggedPreparingCursor(raw, connection)
    return connection.make_cursor(raw)


class PreparedQuery(Generic[M]):
    """``build(**placeholders)`` returns the queryset; ``fetch(**values)`` runs it.

    Each placeholder must be a value that appears exactly once among the compiled query's
    parameters (pick unusual ones, e.g. ``-900_001`` for an id), and the queryset must not
    change shape with the values (no ``None`` filters turned into ``IS NULL``, no ``__in``).
    """

    def __init__(self, build: Callable[..., models.QuerySet[M]], **placeholders: Any) -> None:
        self._build = build
        self._placeholders = placeholders

    def _compiled(self, using: str) -> _Compiled:
        connection = connections[using]
        # Keyed by the query itself (not its id(), which a later object could reuse).
        cache: dict[PreparedQuery[Any], _Compiled] = connection.__dict__.setdefault(
            "_laget_prepared", {}
        )
        compiled = cache.get(self)
        if compiled is not None:
            return compiled
        queryset = self._build(**self._placeholders)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = {}
        for name, value in self._placeholders.items():
            found = [i for i, p in enumerate(params) if type(p) is type(value) and p == value]
            if len(found) != 1:
                raise ValueError(f"Placeholder {name}={value!r} is not one parameter of {sql}")
            positions[name] = found[0]
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            positions=positions,
            compiler=compiler,
            converters=compiler.get_converters(
                [column[0] for column in compiler.select[: compiler.col_count]]
            ),
            model=klass_info["model"],
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, compiler.select, using),
        )
        cache[self] = compiled
        return compiled

    def fetch(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[M]:
        """The query's rows as model instances, for these placeholder values."""
        compiled = self._compiled(using)
        params = list(compiled.params)
        for name, value in values.items():
            params[compiled.positions[name]] = value
        with statement_cursor(connections[using]) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return _objects(compiled, rows, using)


def _objects(compiled: _Compiled, rows: list[Any], using: str) -> list[Any]:
    """Model instances from rows, as ``QuerySet.__iter__`` makes them."""
    if compiled.converters:
        rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
    objects = []
    for row in rows:
        obj = compiled.model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        objects.append(obj)
    return objects


class PreparedWithRows:
    """A prepared query of at most one row and, for that row, the rows of a second prepared
    query, in one statement on PostgreSQL (``LEFT JOIN LATERAL``); elsewhere two queries.

    ``link`` names the placeholder of ``inner`` that takes the value of ``outer``'s column
    ``column`` (e.g. the memberships of the token's user). ``fetch`` returns both lists of
    model instances exactly as the two queries' own ``fetch`` would.
    """

    def __init__(
        self, outer: PreparedQuery[Any], inner: PreparedQuery[Any], *, link: str, column: str
    ) -> None:
        self._outer, self._inner = outer, inner
        self._link, self._column = link, column

    def _compiled(self, using: str) -> tuple[str, int, int, list[int]]:
        connection = connections[using]
        cache: dict[PreparedWithRows, tuple[str, int, int, list[int]]] = (
            connection.__dict__.setdefault("_laget_prepared_joins", {})
        )
        found = cache.get(self)
        if found is not None:
            return found
        outer, inner = self._outer._compiled(using), self._inner._compiled(using)
        parts = inner.sql.split("%s")
        if len(parts) != len(inner.params) + 1 or outer.sql.count("%s") != len(outer.params):
            raise ValueError(f"Cannot join {inner.sql} to {outer.sql}")
        link = inner.positions[self._link]
        quote = connection.ops.quote_name
        inner_sql = "".join(
            part
            + ("" if i == len(parts) - 1 else f"a.{quote(self._column)}" if i == link else "%s")
            for i, part in enumerate(parts)
        )
        width = outer.compiler.col_count
        # The inner query's order, on the joined rows: by the inner model's primary key (the
        # only order a PreparedQuery joined here may have), given as its output position.
        key = width + inner.start + inner.init_list.index(inner.model._meta.pk.attname) + 1
        sql = (
            f"SELECT * FROM ({outer.sql}) AS a "  # noqa: S608 – SQL compiled by the ORM
            f"LEFT JOIN LATERAL ({inner_sql}) AS b ON TRUE ORDER BY {key}"
        )
        inner_params = [i for i in range(len(inner.params)) if i != link]
        found = cache[self] = (sql, width, key - 1, inner_params)
        return found

    def fetch(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> tuple[list[Any], list[Any]]:
        """``(outer rows, inner rows of the first outer row)`` for the outer placeholders."""
        if connections[using].vendor != "postgresql":
            found = self._outer.fetch(using, **values)
            if not found:
                return [], []
            link = {self._link: getattr(found[0], self._column)}
            return found, self._inner.fetch(using, **link)
        sql, width, key, inner_params = self._compiled(using)
        outer, inner = self._outer._compiled(using), self._inner._compiled(using)
        params = list(outer.params)
        for name, value in values.items():
            params[outer.positions[name]] = value
        params += [inner.params[i] for i in inner_params]
        with statement_cursor(connections[using]) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return [], []
        outer_rows = _objects(outer, [rows[0][:width]], using)
        inner_rows = _objects(inner, [row[width:] for row in rows if row[key] is not None], using)
        return outer_rows, inner_rows
