"""Querysets compiled once per database connection: the hot reads of the API.

Building SQL is most of what a small ORM query costs in Python (the profile of report intake
put about 40 % of its CPU there). A :class:`PreparedQuery` is an ordinary queryset, written
with placeholders for the values that change between calls; its SQL is compiled the first time
it runs on a connection and afterwards only executed with new values. Rows become model
instances exactly as ``QuerySet.__iter__`` makes them (same converters, ``select_related``
objects filled in), so callers cannot tell the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
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
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        objects = []
        for row in rows:
            obj = compiled.model.from_db(
                using, compiled.init_list, row[compiled.start : compiled.end]
            )
            for populator in compiled.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects
