"""Another database's statistics, never its rows: row counts and column distributions.

:func:`read_profile` reads ``pg_class.reltuples`` and ``pg_stats`` of the tables of a
schema graph, by schema and name: the NULL share and ``n_distinct`` of every column, the
histogram bounds of numbers and dates, and the most common values only of columns that
are few-valued (at most :data:`MAX_COMMON` distinct values) and carry no personal data or
free text (no name, email, phone, address, login, comment...: judged by the column's
name and meaning, before anything is read). :func:`profile_overrides` turns a profile
into counts and the value sources of :mod:`.values.profiled`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.schema import ColumnInfo, SchemaGraph, TableInfo
from pytest_dbseed.engine.semantics import detect
from pytest_dbseed.engine.sources import Generated, RecordField, SeedSources
from pytest_dbseed.engine.types import decimal_spec
from pytest_dbseed.engine.values.profiled import (
    HISTOGRAM_KINDS,
    PROFILED_KINDS,
    Profiled,
    parse_value,
)

__all__ = [
    "ColumnStats",
    "TableStats",
    "Profile",
    "NoStatistics",
    "read_profile",
    "common_values_allowed",
    "MAX_COMMON",
    "profile_counts",
    "profile_overrides",
    "with_null_shares",
]

MAX_COMMON = 50
"""Most distinct values a column may have for its common values to be read."""

_PERSONAL_WORDS = frozenset(
    "name names email mail phone mobile fax address street city zip postal postcode "
    "login username user_name password secret token ssn iban card account ip birth "
    "birthday dob comment comments note notes description text body message content "
    "title subject remark bio summary url uri website search gender nickname handle "
    "caption slug".split()
)
_ALLOWED_KINDS = ("bool", "enum", "int", "str", "decimal", "float", "date", "datetime")


class NoStatistics(Exception):
    """The profiled database has no statistics for any of the tables."""


@dataclass(frozen=True)
class ColumnStats:
    null_frac: float
    n_distinct: float
    common: tuple[str, ...] = ()
    frequencies: tuple[float, ...] = ()
    histogram: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableStats:
    rows: float
    """``reltuples``; -1 when the table was never analyzed."""
    columns: Mapping[str, ColumnStats] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    tables: Mapping[str, TableStats]
    """By the graph's full table name; tables missing there are not in the dict."""
    unanalyzed: tuple[str, ...] = ()


def _words(col: ColumnInfo) -> set[str]:
    return set(col.name.lower().replace("-", "_").split("_")) | {col.name.lower()}


def common_values_allowed(table: TableInfo, col: ColumnInfo) -> bool:
    """Whether a column's most common values may be read: few-valued kinds, not a key,
    and nothing personal or free-form by name or meaning."""
    if col.kind not in _ALLOWED_KINDS or col.primary_key:
        return False
    if any(col.name in fk.columns for fk in table.foreign_keys):
        return False
    if _words(col) & _PERSONAL_WORDS:
        return False
    if col.kind == "str":
        semantic = detect(table.name, col.name, "str", None, table.column_names)
        if semantic is not None and set(semantic.name.split("_")) & _PERSONAL_WORDS:
            return False
    return True


def _schema(table: TableInfo, default: str) -> str:
    return table.schema or default


def read_profile(conn: sa.Connection, graph: SchemaGraph) -> Profile:
    """Statistics of ``graph``'s tables as the database at ``conn`` holds them."""
    default = conn.execute(sa.text("SELECT current_schema()")).scalar_one() or "public"
    wanted = {(_schema(t, default), t.name): t for t in graph.tables.values()}
    counts = conn.execute(
        sa.text(
            "SELECT n.nspname, c.relname, c.reltuples FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
        )
    ).all()
    rows: dict[str, float] = {}
    for schema, name, reltuples in counts:
        table = wanted.get((schema, name))
        if table is not None:
            rows[table.fullname] = float(reltuples)
    stats = _column_stats(conn, wanted)
    tables: dict[str, TableStats] = {}
    unanalyzed: list[str] = []
    for full, n in rows.items():
        cols = stats.get(full, {})
        if n < 0 or (n > 0 and not cols):
            unanalyzed.append(full)
            continue
        tables[full] = TableStats(n, cols)
    if not tables:
        listed = ", ".join(sorted(unanalyzed)) or "none of the tables exist there"
        raise NoStatistics(listed)
    return Profile(tables, tuple(unanalyzed))


def _column_stats(
    conn: sa.Connection, wanted: Mapping[tuple[str, str], TableInfo]
) -> dict[str, dict[str, ColumnStats]]:
    # What may be read is decided from the schema first; the rest is never selected.
    common_ok = [
        f"{s}.{n}.{c.name}"
        for (s, n), t in wanted.items()
        for c in t.columns
        if common_values_allowed(t, c)
    ]
    histogram_ok = [
        f"{s}.{n}.{c.name}"
        for (s, n), t in wanted.items()
        for c in t.columns
        if c.kind in HISTOGRAM_KINDS
    ]
    result = conn.execute(
        sa.text(
            "SELECT schemaname, tablename, attname, null_frac, n_distinct, "
            "CASE WHEN k = ANY(CAST(:common AS text[])) THEN most_common_vals::text::text[] "
            "END, CASE WHEN k = ANY(CAST(:common AS text[])) THEN most_common_freqs END, "
            "CASE WHEN k = ANY(CAST(:hist AS text[])) THEN histogram_bounds::text::text[] END "
            "FROM (SELECT *, schemaname || '.' || tablename || '.' || attname AS k "
            "FROM pg_stats WHERE NOT inherited OR tablename IN "
            "(SELECT relname FROM pg_class WHERE relkind = 'p')) s"
        ),
        {"common": common_ok, "hist": histogram_ok},
    ).all()
    out: dict[str, dict[str, ColumnStats]] = {}
    for schema, name, attname, null_frac, n_distinct, mcv, mcf, hist in result:
        table = wanted.get((schema, name))
        if table is None:
            continue
        common: tuple[str, ...] = ()
        freqs: tuple[float, ...] = ()
        distinct = float(n_distinct or 0)
        if mcv is not None and mcf is not None and 0 < distinct <= MAX_COMMON:
            common, freqs = tuple(mcv), tuple(float(f) for f in mcf)
        out.setdefault(table.fullname, {})[attname] = ColumnStats(
            float(null_frac or 0), distinct, common, freqs, tuple(hist or ())
        )
    return out


def profile_counts(
    graph: SchemaGraph, profile: Profile, tables: list[str], scale: float
) -> dict[str, int]:
    """Rows per table: the profiled database's, times ``scale`` (at least 1 where it
    holds any)."""
    out: dict[str, int] = {}
    for name in tables:
        stats = profile.tables.get(name)
        if stats is None:
            continue
        if stats.rows > 0:
            out[name] = max(1, round(stats.rows * scale))
        elif not graph.children_of(name):
            out[name] = 0  # empty there; a table children point at keeps its planned rows
    return out


def profile_overrides(
    graph: SchemaGraph, profile: Profile, tables: list[str], seed: int
) -> dict[str, dict[str, Any]]:
    """``{table: {column: Profiled}}`` for the columns whose values the statistics
    describe: not keys, not unique, not foreign keys, not filled by the database."""
    out: dict[str, dict[str, Any]] = {}
    for name in tables:
        stats = profile.tables.get(name)
        if stats is None:
            continue
        table = graph.tables[name]
        for col in table.columns:
            source = _profiled(table, col, stats.columns.get(col.name), seed)
            if source is not None:
                out.setdefault(name, {})[col.key] = source
    return out


def _profiled(
    table: TableInfo, col: ColumnInfo, stats: ColumnStats | None, seed: int
) -> Profiled | None:
    if stats is None or col.kind not in PROFILED_KINDS:
        return None
    if col.primary_key or col.database_fills or any(col.name in u for u in table.unique_sets):
        return None
    if any(col.name in fk.columns for fk in table.foreign_keys):
        return None
    if not stats.common and len(stats.histogram) < 2:
        return None
    scale = None
    if col.kind == "decimal":
        scale = decimal_spec(col.concrete_type, False)[1]
    try:
        common = tuple(parse_value(col.kind, v) for v in stats.common)
        hist = tuple(parse_value(col.kind, v) for v in stats.histogram)
    except ValueError:
        return None
    aware = bool(getattr(col.concrete_type, "timezone", False))
    null_frac = stats.null_frac if col.nullable else 0.0
    return Profiled(
        table.fullname, col.name, col.kind, seed, null_frac, common, stats.frequencies,
        hist, scale, aware,
    )  # fmt: skip


def with_null_shares(sources: SeedSources, graph: SchemaGraph, profile: Profile) -> SeedSources:
    """``sources`` with the profiled NULL share of every nullable column the engine
    generates (text too: a NULL share says nothing of the values)."""
    tables = []
    for t in sources.tables:
        stats = profile.tables.get(t.table)
        info = graph.tables.get(t.table)
        if stats is None or info is None:
            tables.append(t)
            continue
        columns = []
        for name, source in t.columns:
            col = stats.columns.get(name)
            if (
                col is not None
                and isinstance(source, (Generated, RecordField))
                and info.column(name).nullable
            ):
                source = replace(source, null_fraction=min(max(col.null_frac, 0.0), 1.0))
            columns.append((name, source))
        tables.append(replace(t, columns=tuple(columns)))
    return replace(sources, tables=tuple(tables))
