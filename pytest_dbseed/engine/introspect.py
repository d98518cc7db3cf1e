"""What the engine reads from a live database before deciding anything.

Reflection leaves out a few facts the decisions need: the length of a DOMAIN over
``varchar(n)``, the rows already in every table (new rows are numbered after them) and the
largest integer keys there, and in append mode the keys of parent rows children may point
at. Everything is read once, up front, so that deciding (:mod:`.sources`) stays pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.schema import ColumnInfo, ForeignKeyInfo, SchemaGraph, TableInfo
from pytest_dbseed.errors import SchemaError

__all__ = [
    "EXISTING_KEYS_LIMIT",
    "Existing",
    "domain_lengths",
    "existing_rows",
    "existing_parent_keys",
]

EXISTING_KEYS_LIMIT = 100_000
"""Existing parent keys read in append mode; children spread over the first ones."""


@dataclasses.dataclass(frozen=True)
class Existing:
    """Rows already in each table, and the largest value of each integer key there."""

    counts: dict[str, int]
    max_keys: dict[str, dict[str, int]]


def domain_lengths(conn: sa.Connection, graph: SchemaGraph) -> SchemaGraph:
    """The graph with the length of string columns declared with a DOMAIN over
    ``varchar(n)`` filled in (SQLAlchemy's reflection drops it; the catalog is asked once)."""
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


def existing_rows(conn: sa.Connection, graph: SchemaGraph) -> Existing:
    """Row counts and largest integer keys of every table; a missing table is a
    :class:`SchemaError` that says to create the schema first."""
    counts: dict[str, int] = {}
    maxes: dict[str, dict[str, int]] = {}
    for name, table in graph.tables.items():
        t = table.table
        keys = [c for c in table.columns if _numbered(table, c)]
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
    return Existing(counts, maxes)


def _numbered(table: TableInfo, col: ColumnInfo) -> bool:
    """An integer key (autoincrement or not) or unique integer column that new rows number
    past the largest value already there."""
    if col.autoincrement and col.primary_key:
        return True
    if col.kind != "int" or any(col.name in fk.columns for fk in table.foreign_keys):
        return False
    return (col.name,) in table.unique_sets or table.primary_key == (col.name,)


def existing_parent_keys(
    conn: sa.Connection,
    graph: SchemaGraph,
    fks: Iterable[ForeignKeyInfo],
    limit: int = EXISTING_KEYS_LIMIT,
) -> dict[ForeignKeyInfo, list[tuple[Any, ...]]]:
    """The first ``limit`` parent keys (in key order) of each foreign key's parent table."""
    out: dict[ForeignKeyInfo, list[tuple[Any, ...]]] = {}
    for fk in fks:
        parent = graph.tables[fk.ref_table]
        cols = [parent.table.c[parent.column(c).key] for c in fk.ref_columns]
        query = sa.select(*cols).order_by(*cols).limit(limit)
        out[fk] = [tuple(r) for r in conn.execute(query)]
    return out
