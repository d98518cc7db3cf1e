"""The engine's public API: ``seed()``, ``plan()``, and the ``rows()``/``fake()`` specs.

Usable without pytest::

    import pytest_dbseed
    report = pytest_dbseed.seed(engine, Base.metadata, counts={"user": 100}, default=10, seed=42)
    print(report.rows)
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.generate import Builders
from pytest_dbseed.engine.planner import make_plan
from pytest_dbseed.engine.schema import ForeignKeyInfo, SchemaGraph, TableInfo, build_schema
from pytest_dbseed.engine.writer import (
    Prefetch,
    copy_chunks,
    copy_driver,
    fill_deferred,
    fix_sequences,
    translate_error,
    write_table,
)
from pytest_dbseed.errors import ConfigError, DbseedError, SchemaError
from pytest_dbseed.spec import Fake, Rows, check_count, check_seed, fake, rows

__all__ = ["Rows", "Fake", "rows", "fake", "SeedReport", "Plan", "seed", "plan", "Progress"]


Progress = Callable[[str, int, int], None]
"""Called as ``progress(table, rows_done, rows_total)`` while a table is written."""


@dataclass(frozen=True)
class Plan:
    """What a seed would do, computed without touching a database."""

    order: tuple[str, ...]
    """Tables in insertion order (full names)."""
    counts: Mapping[str, int]
    raised: Mapping[str, str]
    """Tables whose count was raised to satisfy their children, with the reason."""
    deferred: tuple[str, ...]
    """Foreign keys written as NULL first and filled by UPDATE afterwards (descriptions)."""
    seed: int

    def describe(self) -> str:
        """A table of the insertion order and counts, for people."""
        width = max([len(t) for t in self.order] + [5])
        lines = [f"seed {self.seed}: {sum(self.counts.values())} rows in {len(self.order)} tables"]
        for i, name in enumerate(self.order, 1):
            note = f"  (raised: {self.raised[name]})" if name in self.raised else ""
            lines.append(f"{i:>3}. {name:<{width}} {self.counts[name]:>10}{note}")
        for fk in self.deferred:
            lines.append(f"     then: {fk} (written NULL, filled by UPDATE)")
        return "\n".join(lines)


@dataclass(frozen=True)
class SeedReport:
    """What a seed did."""

    rows: Mapping[str, int]
    """Rows inserted per table (full names), in insertion order."""
    raised: Mapping[str, str]
    seconds: float
    seed: int
    order: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _resolve(
    graph: SchemaGraph,
    counts: Mapping[Any, int | Rows] | None,
    overrides: Mapping[Any, Mapping[str, Any]] | None,
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    fixed: dict[str, int] = {}
    over: dict[str, dict[str, Any]] = {}
    for key, value in (counts or {}).items():
        table = graph.resolve(key)
        label = f"table {table.fullname!r}"
        if table.fullname in fixed:
            raise ConfigError(f"{label} is named twice in counts (as {key!r}); name it once")
        if isinstance(value, Rows):
            fixed[table.fullname] = check_count(label, value)
            if value.overrides:
                over.setdefault(table.fullname, {}).update(value.overrides)
        else:
            fixed[table.fullname] = check_count(label, value)
        # A single-table subclass (counts={Car: 3}) asks for base rows of its identity.
        poly = graph.polymorphic.get(table.fullname)
        name = key if isinstance(key, str) else getattr(key, "__name__", None)
        if poly is not None and isinstance(name, str) and name in poly.single_classes:
            over.setdefault(table.fullname, {}).setdefault(poly.column, poly.single_classes[name])
    for key, cols in (overrides or {}).items():
        table = graph.resolve(key)
        for col in cols:
            table.column(col)
        over.setdefault(table.fullname, {}).update(cols)
    return fixed, over


def plan(
    metadata: sa.MetaData,
    counts: Mapping[Any, int | Rows] | None = None,
    default: int = 10,
    seed: int = 0,
) -> Plan:
    """What :func:`seed` would write with these arguments into empty tables, without a
    database. Requests :func:`seed` would refuse (uniqueness, capacity, unsupported types)
    are refused here too."""
    graph = build_schema(metadata)
    fixed, over = _resolve(graph, counts, None)
    p = make_plan(graph, fixed, check_count("the default", default), check_seed(seed))
    # Deciding every column's source runs the same checks as a real seed.
    Builders(graph, p, starts={}, id_offsets={}, overrides=over, existing_keys=None, locale=None)
    return Plan(
        order=p.order,
        counts=dict(p.counts),
        raised=dict(p.raised),
        deferred=tuple(fk.describe() for fk in p.deferred),
        seed=p.seed,
    )


def seed(
    bind: sa.Engine | sa.Connection,
    metadata: sa.MetaData,
    counts: Mapping[Any, int | Rows] | None = None,
    default: int = 10,
    seed: int = 0,
    overrides: Mapping[Any, Mapping[str, Any]] | None = None,
    locale: str | list[str] | None = None,
    *,
    append: bool = False,
    progress: Progress | None = None,
) -> SeedReport:
    """Seed ``metadata``'s tables through ``bind`` and report what was written.

    ``counts`` maps a table name, ``Table``, mapped class or class name to a count or
    :class:`Rows`; tables not named get ``default`` rows (0 leaves them empty except for
    parents the named rows need). ``overrides`` maps a table to ``{column: override}``.
    Given an ``Engine`` it commits its own transaction; given a ``Connection`` it writes
    inside the caller's transaction and never commits. With ``append=True`` children may
    point at parents already in the database (used to seed more rows inside a test);
    either way, new rows are numbered after the rows already there, so unique values and
    keys do not collide with an earlier seed.
    """
    graph = build_schema(metadata)
    fixed, over = _resolve(graph, counts, overrides)
    default = check_count("the default", default)
    seed = check_seed(seed)
    if isinstance(bind, sa.Engine):
        with bind.begin() as conn:
            return _seed(conn, graph, fixed, default, seed, over, locale, append, progress)
    if isinstance(bind, sa.Connection):
        # A savepoint, so that a refused or failed seed leaves the caller's transaction
        # as it was: usable, and without half of a seed in it.
        with bind.begin_nested():
            return _seed(bind, graph, fixed, default, seed, over, locale, append, progress)
    raise ConfigError(
        f"seed() needs a SQLAlchemy Engine or Connection, got {type(bind).__name__}; "
        "for a Session pass session.connection()"
    )


def _ticker(progress: Progress, table: str, total: int) -> Callable[[int], None]:
    def tick(done: int) -> None:
        progress(table, done, total)

    return tick


def _domain_lengths(conn: sa.Connection, graph: SchemaGraph) -> SchemaGraph:
    """Fill in the length of string columns declared with a DOMAIN over ``varchar(n)``.

    SQLAlchemy's reflection drops a domain's length, so the catalog is asked once.
    """
    wanted = [
        (t, c)
        for t in graph.tables.values()
        for c in t.columns
        if c.domain and c.length is None and isinstance(c.type, sa.String)
    ]
    if not wanted or conn.dialect.name != "postgresql":
        return graph
    rows = conn.execute(
        sa.text(
            "SELECT t.typname, n.nspname, t.typtypmod - 4 FROM pg_type t "
            "JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE t.typtype = 'd' AND t.typtypmod > 4"
        )
    ).all()
    lengths = {name: int(n) for name, _schema, n in rows}
    lengths.update({f"{schema}.{name}": int(n) for name, schema, n in rows})
    tables = dict(graph.tables)
    for table, col in wanted:
        length = lengths.get(col.domain or "")
        if length is None:
            continue
        current = tables[table.fullname]
        columns = tuple(
            dataclasses.replace(c, length=length) if c.name == col.name else c
            for c in current.columns
        )
        tables[table.fullname] = dataclasses.replace(current, columns=columns)
    return dataclasses.replace(graph, tables=tables)


def _existing(
    conn: sa.Connection, graph: SchemaGraph
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    counts: dict[str, int] = {}
    maxes: dict[str, dict[str, int]] = {}
    for name, table in graph.tables.items():
        t = table.table
        keys = [c for c in table.columns if c.autoincrement and c.primary_key]
        cols: list[Any] = [sa.func.count()]
        cols += [sa.func.max(t.c[c.key]) for c in keys]
        try:
            row = conn.execute(sa.select(*cols).select_from(t)).one()
        except sa.exc.ProgrammingError as exc:
            raise SchemaError(
                f"table {name!r} does not exist in the database ({str(exc.orig).splitlines()[0]}). "
                "Fix: create the schema first (metadata.create_all(engine), or --create-schema "
                "with the dbseed command)"
            ) from exc
        counts[name] = int(row[0])
        maxes[name] = {c.name: int(v or 0) for c, v in zip(keys, row[1:])}
    return counts, maxes


def _seed(
    conn: sa.Connection,
    graph: SchemaGraph,
    fixed: dict[str, int],
    default: int,
    seed: int,
    over: dict[str, dict[str, Any]],
    locale: str | list[str] | None,
    append: bool,
    progress: Progress | None,
) -> SeedReport:
    began = time.perf_counter()
    graph = _domain_lengths(conn, graph)
    starts, id_offsets = _existing(conn, graph)
    the_plan = make_plan(graph, fixed, default, seed, existing=starts if append else None)

    def existing_keys(fk: ForeignKeyInfo) -> list[tuple[Any, ...]]:
        parent = graph.tables[fk.ref_table]
        cols = [parent.table.c[parent.column(c).key] for c in fk.ref_columns]
        query = sa.select(*cols).order_by(*cols).limit(EXISTING_KEYS_LIMIT)
        return [tuple(r) for r in conn.execute(query)]

    builders = Builders(
        graph,
        the_plan,
        starts=starts,
        id_offsets=id_offsets,
        overrides=over,
        existing_keys=existing_keys if append else None,
        locale=locale,
    )
    is_pg = conn.dialect.name == "postgresql"
    written: dict[str, int] = {}
    current: TableInfo | None = None
    prefetch: Prefetch | None = None
    prefetched: set[str] = set()
    if copy_driver(conn) is not None:
        jobs = [
            (name, partial(copy_chunks, builders.tables[name], conn.dialect))
            for name in the_plan.order
            if builders.tables[name].count > 0 and builders.tables[name].written
        ]
        prefetched = {name for name, _ in jobs}
        prefetch = Prefetch(jobs) if jobs else None
    try:
        if the_plan.deferred_constraints and is_pg:
            conn.execute(sa.text("SET CONSTRAINTS ALL DEFERRED"))
        for name in the_plan.order:
            builder = builders.tables[name]
            current = builder.table
            total = builder.count
            tick = None
            if progress is not None:
                progress(name, 0, total)
                tick = _ticker(progress, name, total)
            chunks = prefetch.chunks(name) if prefetch and name in prefetched else None
            written[name] = write_table(conn, builder, tick, chunks)
        for fk in the_plan.deferred:
            builder = builders.tables[fk.table]
            current = builder.table
            fill_deferred(conn, builder, fk)
        for name in the_plan.order:
            current = graph.tables[name]
            fix_sequences(conn, builders.tables[name])
        current = None
        if the_plan.deferred_constraints and is_pg:
            conn.execute(sa.text("SET CONSTRAINTS ALL IMMEDIATE"))
    except DbseedError:
        raise
    except sa.exc.DBAPIError as exc:
        raise translate_error(exc, current, seed, conn.dialect.name) from exc
    except Exception as exc:
        # COPY runs on the raw driver connection, so its errors arrive unwrapped.
        if type(exc).__module__.split(".")[0] in ("psycopg2", "psycopg", "pymysql"):
            raise translate_error(exc, current, seed, conn.dialect.name) from exc
        where = f"table {current.fullname!r}" if current is not None else "the seed"
        raise ConfigError(
            f"writing {where} failed with {type(exc).__name__}: {exc} (seed {seed}). "
            "This usually comes from an override returning a value of the wrong type for "
            "its column; check the overrides of that table."
        ) from exc
    finally:
        if prefetch is not None:
            prefetch.close()
    return SeedReport(
        rows=written,
        raised=dict(the_plan.raised),
        seconds=time.perf_counter() - began,
        seed=seed,
        order=the_plan.order,
    )


EXISTING_KEYS_LIMIT = 100_000
"""Existing parent keys read in append mode; children spread over the first ones."""
