"""ORM queries compiled to SQL once, then run again and again with new values.

Building a queryset and compiling it costs the ORM more CPU than running it when the query
has subqueries, joins and locks: on the answer save (the hot path) it was a third of the web
time. The statement's text depends only on the query's *shape*, never on the values in it,
so a :class:`PreparedQuery` builds its queryset once per connection and shape with *markers*
in place of the values that change (a user's id, a key), compiles it, and records which of
the statement's parameters is which marker. Each call then binds the values and runs the
statement; its rows become model instances exactly as iterating the queryset makes them
(``select_related`` objects, ``only``, annotations). The SQL stays the ORM's own: vendors,
quoting and ``select_for_update(of=...)`` remain Django's business, and the access rules in
the query are the same functions every other read uses.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# Values no real query carries: ids are positive, keys and slugs hold no NUL.
_INT_MARKER = -7_000_000_000_001
_MARKER_TYPES = (int, str)


def _marker(name: str, kind: type, index: int) -> Any:
    if kind is int:
        return _INT_MARKER - index
    if kind is str:
        return f"\x00marker:{name}\x00"
    raise ImproperlyConfigured(f"PreparedQuery: {name}: markers are int or str, not {kind}")


def _cursor(connection):
    """On PostgreSQL, a cursor whose statements are server-side prepared statements: parsed
    and planned once per connection (planning the save's read cost PostgreSQL more CPU than
    running it); a plain cursor elsewhere. Wrapped as ``connection.cursor()`` wraps its own,
    so errors, ``CaptureQueriesContext`` and ``DEBUG`` query logs see these statements too.
    Needs a session of its own per connection (psycopg's protocol-level preparation: behind
    PgBouncer, 1.21+ with ``max_prepared_statements``)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    # As connection.cursor() does: the health check (CONN_HEALTH_CHECKS) first, so a
    # connection the server dropped is replaced instead of failing this request.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = _preparing_cursor_class()(connection.connection)
    if connection.queries_logged:
        return _LoggedPrepared(cursor, connection)
    return connection.make_cursor(cursor)


@functools.cache
def _preparing_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, **options):
            return super().execute(query, params, prepare=True)

    return PreparingCursor


class _LoggedPrepared(CursorDebugWrapper):
    """Logs a prepared statement with its values, as Django logs its own (psycopg keeps no
    text of a prepared execution for Django to read back)."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return self._execute_with_wrappers(sql, params, many=False, executor=self._execute)


@dataclass(frozen=True)
class _Compiled:
    using: str
    sql: str
    slots: tuple[tuple[bool, Any], ...]  # (is a marker, its name) or (False, the constant)
    compiler: Any
    model: type[Model]
    init_list: list[str]
    start: int
    end: int
    populators: list
    converters: dict

    def bind(self, values: dict[str, Any]) -> list[Any]:
        return [values[value] if marked else value for marked, value in self.slots]

    def instances(self, rows: list) -> Iterator[Model]:
        """What ``ModelIterable`` makes of the rows (the compiler applies the converters)."""
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        for row in rows:
            obj = self.model.from_db(self.using, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.compiler.annotation_col_map.items():
                setattr(obj, name, row[position])
            yield obj


class PreparedQuery:
    """A queryset ``build(*shape, **markers)`` compiled once per connection and ``shape``.

    ``params`` name the values a call gives and their type (``int`` or ``str``); ``build``
    receives a marker for each and must use it where the value goes (a marker the built
    query transforms, instead of passing it on as a parameter, is refused when compiling).
    ``shape`` is what changes the statement itself (such as whether the user is staff).
    """

    def __init__(self, build: Callable[..., QuerySet], **params: type) -> None:
        self._build = build
        self._markers = {
            name: _marker(name, kind, index) for index, (name, kind) in enumerate(params.items())
        }
        # Per thread, as Django's connections are: the compiler keeps its connection.
        self._local = threading.local()

    def first(self, *shape: Hashable, **values: Any) -> Model | None:
        """The first row as a model instance, or ``None``."""
        return next(self.instances(*shape, **values), None)

    def instances(self, *shape: Hashable, **values: Any) -> Iterator[Model]:
        if values.keys() != self._markers.keys():
            raise TypeError(f"expected the values {sorted(self._markers)}, got {sorted(values)}")
        compiled = self._compile(shape)
        with _cursor(connections[compiled.using]) as cursor:
            cursor.execute(compiled.sql, compiled.bind(values))
            rows = cursor.fetchall()
        return compiled.instances(rows)

    def _compile(self, shape: tuple) -> _Compiled:
        done = self._local.__dict__.setdefault("compiled", {})
        if shape in done:
            return done[shape]
        queryset = self._build(*shape, **self._markers)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        names = {(type(value), value): name for name, value in self._markers.items()}
        slots = []
        for param in params:
            name = names.get((type(param), param)) if isinstance(param, _MARKER_TYPES) else None
            slots.append((True, name) if name else (False, param))
        used = {name for marked, name in slots if marked}
        if leftover := [n for n, v in self._markers.items() if n not in used and str(v) in sql]:
            raise ImproperlyConfigured(f"PreparedQuery: {leftover} ended up in the SQL text")
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        compiled = _Compiled(
            using=queryset.db,
            sql=sql,
            slots=tuple(slots),
            compiler=compiler,
            model=klass_info["model"],
            init_list=[compiler.select[i][0].target.attname for i in fields],
            start=fields[0],
            end=fields[-1] + 1,
            populators=get_related_populators(klass_info, compiler.select, queryset.db),
            converters=compiler.get_converters(
                [c[0] for c in compiler.select[: compiler.col_count]]
            ),
        )
        done[shape] = compiled
        return compiled


# --- Writes of one row --------------------------------------------------------------------
# The same idea for the plain single-row writes of a hot path: the statement's text is built
# once per model and set of columns, the values go through each field's own conversion
# (``get_db_prep_save``), as ``save()`` and ``update()`` do. Like ``bulk_create`` and
# ``update``, these send no signals (mllens has no receivers).


@functools.lru_cache(maxsize=256)
def _insert_sql(model: type[Model], vendor: str) -> tuple[str, tuple]:
    fields = tuple(
        f
        for f in model._meta.local_concrete_fields
        if not f.generated and f is not model._meta.auto_field
    )
    quote = connections[router.db_for_write(model)].ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Names from the model's own _meta, quoted; every value is a parameter.
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", fields  # noqa: S608


def row_insert(obj: Model) -> None:
    """INSERT ``obj`` as a new row, as ``save()`` would (defaults, ``auto_now_add``), without
    reading its id back: for rows nothing refers to in the same request (history, activity)."""
    using = router.db_for_write(type(obj))
    connection = connections[using]
    sql, fields = _insert_sql(type(obj), connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
    obj._state.adding, obj._state.db = False, using


@functools.lru_cache(maxsize=256)
def _update_sql(
    model: type[Model],
    where: tuple[str, ...],
    values: tuple[str, ...],
    moves: tuple[str, ...],
    vendor: str,
) -> tuple[str, tuple, tuple]:
    meta = model._meta
    quote = connections[router.db_for_write(model)].ops.quote_name
    assigned = [meta.get_field(name) for name in values]
    moved = [meta.get_field(name) for name in moves]
    matched = [meta.get_field(name) for name in where]
    sets = [f"{quote(f.column)} = %s" for f in assigned]
    sets += [f"{quote(f.column)} = {quote(f.column)} + %s" for f in moved]
    tests = " AND ".join(f"{quote(f.column)} = %s" for f in matched)
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {tests}"  # noqa: S608
    return sql, tuple(assigned), tuple(matched)


def row_update(
    model: type[Model],
    *,
    where: dict[str, Any],
    values: dict[str, Any],
    moves: dict[str, int] | None = None,
) -> int:
    """``UPDATE`` the rows of ``model`` whose fields equal ``where``: set ``values`` and add
    ``moves`` to numeric fields (``F(name) + n``); the number of rows changed."""
    connection = connections[router.db_for_write(model)]
    sql, params = _update_statement(RowUpdate(model, where, values, moves or {}), connection)
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@dataclass(frozen=True)
class RowUpdate:
    """One :func:`row_update`, to run with others in :func:`rows_update`."""

    model: type[Model]
    where: dict[str, Any]
    values: dict[str, Any]
    moves: dict[str, int]


def _update_statement(update: RowUpdate, connection) -> tuple[str, list[Any]]:
    sql, assigned, matched = _update_sql(
        update.model,
        tuple(update.where),
        tuple(update.values),
        tuple(update.moves),
        connection.vendor,
    )
    params = [
        f.get_db_prep_save(_pk(v), connection)
        for f, v in zip(assigned, update.values.values(), strict=True)
    ]
    params += list(update.moves.values())
    params += [
        f.get_db_prep_value(_pk(v), connection)
        for f, v in zip(matched, update.where.values(), strict=True)
    ]
    return sql, params


def rows_update(*updates: RowUpdate) -> list[int]:
    """Run several :func:`row_update` (of one database) as one statement: on PostgreSQL each
    is a data-modifying ``WITH`` of one ``UPDATE`` (one round trip, one prepared statement);
    elsewhere they run in turn. The number of rows each changed, in order.

    The updates run on one snapshot and in no defined order, so they must touch different
    rows and not read what another writes (the answer save's count rows: review, workload,
    pillar)."""
    connection = connections[router.db_for_write(updates[0].model)]
    statements = [_update_statement(update, connection) for update in updates]
    with _cursor(connection) as cursor:
        if connection.vendor != "postgresql":
            counts = []
            for sql, params in statements:
                cursor.execute(sql, params)
                counts.append(cursor.rowcount)
            return counts
        parts = ", ".join(f"u{i} AS ({sql} RETURNING 1)" for i, (sql, _) in enumerate(statements))
        # Names are the models' own, quoted; every value is a parameter.
        counted = ", ".join(f"(SELECT count(*) FROM u{i})" for i in range(len(statements)))  # noqa: S608
        cursor.execute(
            f"WITH {parts} SELECT {counted}",
            [param for _, params in statements for param in params],
        )
        return list(cursor.fetchone())


def _pk(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


@functools.lru_cache(maxsize=256)
def _delete_sql(
    model: type[Model], where: tuple[str, ...], among: str, count: int, vendor: str
) -> tuple[str, tuple, Any]:
    meta = model._meta
    quote = connections[router.db_for_write(model)].ops.quote_name
    matched = tuple(meta.get_field(name) for name in where)
    tests = [f"{quote(f.column)} = %s" for f in matched]
    listed = meta.get_field(among) if among else None
    if listed is not None:
        tests.append(f"{quote(listed.column)} IN ({', '.join(['%s'] * count)})")
    sql = f"DELETE FROM {quote(meta.db_table)} WHERE {' AND '.join(tests)}"  # noqa: S608
    return sql, matched, listed


def row_delete(
    model: type[Model], *, where: dict[str, Any], among: tuple[str, list] | None = None
) -> int:
    """``DELETE`` the rows of ``model`` whose fields equal ``where`` and, with ``among``
    (a field name and values), whose field is one of the values; the number of rows deleted.
    No cascade: for rows nothing refers to."""
    using = router.db_for_write(model)
    connection = connections[using]
    name, listed_values = among if among else ("", [])
    sql, matched, listed = _delete_sql(
        model, tuple(where), name, len(listed_values), connection.vendor
    )
    params = [
        f.get_db_prep_value(_pk(v), connection)
        for f, v in zip(matched, where.values(), strict=True)
    ]
    params += [listed.get_db_prep_value(v, connection) for v in listed_values] if listed else []
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
