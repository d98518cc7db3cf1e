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

from pytest_dbseed.engine.schema import (
    ColumnInfo,
    ExclusionInfo,
    ForeignKeyInfo,
    SchemaGraph,
    TableInfo,
    exclusion_info,
    with_exclusions,
)
from pytest_dbseed.engine.values.partitions import PartitionNode
from pytest_dbseed.errors import SchemaError

__all__ = [
    "EXISTING_KEYS_LIMIT",
    "Existing",
    "catalog_types",
    "exclusion_constraints",
    "partition_trees",
    "table_triggers",
    "without_partition_clones",
    "PartitionTrees",
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


_CATALOG_TYPES = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a
WHERE a.attrelid = to_regclass(:rel) AND a.attnum > 0 AND NOT a.attisdropped
"""


def catalog_types(conn: sa.Connection, graph: SchemaGraph) -> SchemaGraph:
    """The graph with the catalog's name of every column type SQLAlchemy does not know
    (``xml``, ``point``, ``vector(3)``: reflected as ``NullType``), and the kind
    ``catalog`` for those the engine generates (:mod:`pytest_dbseed.engine.values.pgtypes`).
    One query per table holding such a column; other dialects keep the graph."""
    if conn.dialect.name != "postgresql":
        return graph
    from pytest_dbseed.engine.values.pgtypes import catalog_generates

    tables = dict(graph.tables)
    for name, table in graph.tables.items():
        if not any(c.kind == "unsupported" for c in table.columns):
            continue
        rel = _regclass_text(table.table)
        found = {n: t for n, t in conn.execute(sa.text(_CATALOG_TYPES), {"rel": rel})}
        columns = tuple(
            dataclasses.replace(
                c,
                catalog_type=found[c.name],
                kind="catalog" if catalog_generates(found[c.name]) else c.kind,
            )
            if c.kind == "unsupported" and c.name in found
            else c
            for c in table.columns
        )
        tables[name] = dataclasses.replace(table, columns=columns)
    return dataclasses.replace(graph, tables=tables)


_EXCLUSIONS = """
SELECT x.name, con.conname, k.ord, a.attname, pg_get_indexdef(con.conindid, k.ord::int, true),
       o.oprname, pg_get_constraintdef(con.oid)
FROM unnest(CAST(:names AS text[])) AS x(name)
JOIN pg_constraint con ON con.conrelid = to_regclass(x.name) AND con.contype = 'x'
CROSS JOIN LATERAL unnest(con.conexclop) WITH ORDINALITY AS k(op, ord)
JOIN pg_operator o ON o.oid = k.op
LEFT JOIN pg_attribute a
  ON a.attrelid = con.conrelid AND a.attnum = con.conkey[k.ord] AND a.attnum > 0
ORDER BY x.name, con.conname, k.ord
"""


def exclusion_constraints(conn: sa.Connection, graph: SchemaGraph) -> SchemaGraph:
    """The graph with the exclusion constraints the database holds on its tables (the
    models' reflection does not carry them), one query for every table."""
    if conn.dialect.name != "postgresql":
        return graph
    by_text = {_regclass_text(t.table): n for n, t in graph.tables.items()}
    found: dict[str, dict[str, tuple[list[tuple[str | None, str, str]], str]]] = {}
    params = {"names": list(by_text)}
    for rel, con, _ord, column, member, op, definition in conn.execute(
        sa.text(_EXCLUSIONS), params
    ):
        entry = found.setdefault(by_text[rel], {}).setdefault(con, ([], definition))
        entry[0].append((column, column or member, op))
    if not found:
        return graph
    tables = dict(graph.tables)
    for name, constraints in found.items():
        table = graph.tables[name].table
        read: list[ExclusionInfo] = [
            exclusion_info(table, con, members, definition)
            for con, (members, definition) in constraints.items()
        ]
        tables[name] = with_exclusions(graph.tables[name], read)
    return dataclasses.replace(graph, tables=tables)


def _regclass_text(table: sa.Table) -> str:
    def ident(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    return (ident(table.schema) + "." if table.schema else "") + ident(table.name)


_PARTITIONED = """
SELECT x.name, c.oid::int8, c.relkind = 'p', c.relispartition, pg_partition_root(c.oid)::oid::int8
FROM unnest(CAST(:names AS text[])) AS x(name)
JOIN pg_class c ON c.oid = to_regclass(x.name)
WHERE c.relkind = 'p' OR c.relispartition
"""
_TREE = """
SELECT t.relid::oid::int8, t.parentrelid::oid::int8, t.relid::regclass::text, t.isleaf,
       pg_get_expr(c.relpartbound, c.oid), pg_get_partkeydef(c.oid)
FROM pg_partition_tree(CAST(CAST(:root AS int8) AS oid)::regclass) t
JOIN pg_class c ON c.oid = t.relid
ORDER BY t.level, t.relid::regclass::text
"""


@dataclasses.dataclass(frozen=True)
class PartitionTrees:
    """The tables of the graph that are partitioned or partitions, with their trees."""

    oids: dict[str, int]
    """Table full name -> its oid, for every partitioned table and partition."""
    partitions: frozenset[str]
    """Tables that are partitions of another: their rows go in through the root."""
    trees: dict[str, tuple[PartitionNode, ...]]
    """Table full name -> every relation of the tree it belongs to."""


def partition_trees(conn: sa.Connection, graph: SchemaGraph) -> PartitionTrees:
    """Which tables of the graph are partitioned or partitions, and the bounds of every
    partition of their trees (PostgreSQL 12+; other dialects: none)."""
    empty = PartitionTrees({}, frozenset(), {})
    if conn.dialect.name != "postgresql":
        return empty
    names = {_regclass_text(t.table): name for name, t in graph.tables.items()}
    found = conn.execute(sa.text(_PARTITIONED), {"names": list(names)}).all()
    if not found:
        return empty
    trees: dict[int, tuple[PartitionNode, ...]] = {}
    for *_, root in found:
        if root not in trees:
            rows = conn.execute(sa.text(_TREE), {"root": root}).all()
            trees[root] = tuple(PartitionNode(o, p, n, leaf, b, k) for o, p, n, leaf, b, k in rows)
    return PartitionTrees(
        oids={names[n]: int(oid) for n, oid, *_ in found},
        partitions=frozenset(names[n] for n, _o, _p, part, _r in found if part),
        trees={names[n]: trees[root] for n, *_, root in found},
    )


def without_partition_clones(graph: SchemaGraph, trees: PartitionTrees) -> SchemaGraph:
    """The graph without the foreign keys PostgreSQL clones into every partition of a
    referenced partitioned table (``refund -> payment_2025_01``, beside ``refund ->
    payment``): reflected as keys of their own, they would ask for rows in partitions."""
    if not trees.partitions:
        return graph
    tables = dict(graph.tables)
    for name, table in graph.tables.items():
        kept = tuple(
            fk
            for fk in table.foreign_keys
            if fk.ref_table not in trees.partitions
            or not any(
                o.columns == fk.columns and o.ref_table not in trees.partitions
                for o in table.foreign_keys
            )
        )
        if len(kept) == len(table.foreign_keys):
            continue
        columns = tuple(
            dataclasses.replace(c, foreign_keys=tuple(f for f in c.foreign_keys if f in kept))
            for c in table.columns
        )
        tables[name] = dataclasses.replace(table, foreign_keys=kept, columns=columns)
    return dataclasses.replace(graph, tables=tables)


_TRIGGERS = """
SELECT x.name, t.tgname, p.proname
FROM unnest(CAST(:names AS text[])) AS x(name)
JOIN pg_trigger t ON t.tgrelid = to_regclass(x.name)
JOIN pg_proc p ON p.oid = t.tgfoid
WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
ORDER BY x.name, t.tgname
"""


def table_triggers(
    conn: sa.Connection, graph: SchemaGraph, names: Iterable[str]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Table -> the (trigger, function) pairs that fire on it (user triggers, enabled), for
    the tables ``names`` this seed writes. PostgreSQL only."""
    if conn.dialect.name != "postgresql":
        return {}
    by_text = {_regclass_text(graph.tables[n].table): n for n in names}
    if not by_text:
        return {}
    out: dict[str, list[tuple[str, str]]] = {}
    for name, trigger, function in conn.execute(sa.text(_TRIGGERS), {"names": list(by_text)}):
        out.setdefault(by_text[name], []).append((trigger, function))
    return {name: tuple(pairs) for name, pairs in out.items()}


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
    """An integer key (autoincrement or not), unique integer column, or integer column
    that with foreign key columns makes a unique key, that new rows number past the
    largest value already there."""
    if col.autoincrement and col.primary_key:
        return True
    if col.kind != "int" or any(col.name in fk.columns for fk in table.foreign_keys):
        return False
    keyed = {c for fk in table.foreign_keys for c in fk.columns}
    sets = [set(u) - {col.name} for u in table.unique_sets if col.name in u and len(u) > 1]
    if any(rest <= keyed for rest in sets):
        return True  # numbered per parent (UNIQUE (order_id, line_no)), past those there
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
