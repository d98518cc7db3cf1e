"""Deciding which generated columns are fields of a record of the row (its person, its
company, its place): those become :class:`RecordField` sources; and which slugs follow the
row's title."""

from __future__ import annotations

import re
from dataclasses import replace

from pytest_dbseed.engine import records as R
from pytest_dbseed.engine.records import follow as F
from pytest_dbseed.engine.records import lifecycle as L
from pytest_dbseed.engine.records import slugs as S
from pytest_dbseed.engine.records.families import record_meets_patterns
from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.semantics import detect
from pytest_dbseed.engine.sources.description import (
    ColumnSource,
    DatabaseFills,
    Generated,
    RecordField,
)
from pytest_dbseed.errors import UniquenessError


def record_sources(
    table: TableInfo,
    columns: list[tuple[str, ColumnSource]],
    start: int,
    count: int,
    seed: int,
) -> list[tuple[str, ColumnSource]]:
    """``columns`` with the generated ones that are record fields (see
    :mod:`pytest_dbseed.engine.records`) given a :class:`RecordField` source instead.

    A server default stays the generator's (it mixes the default in as the most common
    value); slugs then follow their titles (:func:`slug_sources`). Raises
    :class:`UniquenessError` when a unique field cannot number ``start + count`` rows
    within its column's length.
    """
    generated = {n: s for n, s in columns if isinstance(s, Generated) and not s.default}
    members = R.plan_members(
        table, {n: s.bounds for n, s in generated.items()},
        [n for n, s in generated.items() if s.unique],
    )  # fmt: skip
    out: list[tuple[str, ColumnSource]] = []
    for name, source in columns:
        m = members.get(name)
        if m is None:
            out.append((name, source))
            continue
        gen = generated[name]
        if gen.unique:
            _check_capacity(table, name, m, gen, start, count, seed)
        out.append((name, RecordField(m.record, m.field, m.variant, gen.unique, gen.bounds,
                                      gen.null_fraction)))  # fmt: skip
    return lifecycle_sources(table, following_sources(table, slug_sources(table, out)))


def _check_capacity(
    table: TableInfo, name: str, m: R.Member, gen: Generated, start: int, count: int, seed: int
) -> None:
    capacity = R.member_capacity(m, R.column_max_len(table.column(name), gen.bounds))
    if capacity is not None and start + count > capacity:
        raise UniquenessError(
            f"column {table.fullname}.{name} is unique but its length allows only {capacity} "
            f"distinct {m.field.replace('_', ' ')} values, and {count} rows were asked for "
            f"(seed {seed}). Fix: ask for at most {max(capacity - start, 0)} {table.name!r} "
            f"rows, widen the column, or override {name!r} with distinct values."
        )


def slug_sources(
    table: TableInfo, columns: list[tuple[str, ColumnSource]]
) -> list[tuple[str, ColumnSource]]:
    """``columns`` with each generated slug column (``slug``, ``*_slug``, ``permalink``)
    following the row's title or name (:mod:`pytest_dbseed.engine.records.slugs`) when the
    seed generates that too: a title the user overrides leaves the slug its own values, and
    so does a CHECK on the slug beyond its length."""
    titles = [
        n for n, s in columns
        if isinstance(s, (Generated, RecordField)) and table.column(n).kind == "str"
    ]  # fmt: skip
    out: list[tuple[str, ColumnSource]] = []
    for name, source in columns:
        if isinstance(source, Generated) and S.is_slug(name) and _plain_slug(table, name, source):
            leader = S.leader_of(table, name, titles)
            if leader is not None:
                source = replace(source, follows=leader)
        out.append((name, source))
    return out


def _plain_slug(table: TableInfo, name: str, source: Generated) -> bool:
    """A slug column the generator fills from the slug semantic, bounded by length alone."""
    col = table.column(name)
    b = source.bounds
    if col.kind != "str" or source.default or source.first:
        return False
    if b is not None and (b.allowed is not None or b.excluded
                          or b.low is not None or b.high is not None):  # fmt: skip
        return False
    sem = detect(table.name, name, "str", R.column_max_len(col, b), siblings=table.column_names)
    if sem is not None and b is not None and not record_meets_patterns("slug", b):
        return False
    return sem is not None and sem.name == "slug"


def following_sources(
    table: TableInfo, columns: list[tuple[str, ColumnSource]]
) -> list[tuple[str, ColumnSource]]:
    """``columns`` with each generated column that follows another column of the row
    (:func:`pytest_dbseed.engine.records.follow.follower_of`: a flag a superuser's flag
    implies, an admin log message, a token set where its timestamp is, a count of
    sign-ins) following it; a column a CHECK names keeps its own, and so does one whose
    leader a CHECK names when it follows its leader's NULLs (a NULL choice may NULL it).

    A unique column may follow its leader's NULLs (NULLs repeat freely), its own values
    stay set there (no NULLs of its own)."""
    written = [n for n, s in columns if not isinstance(s, DatabaseFills)]
    checked = checked_columns(table)
    out: list[tuple[str, ColumnSource]] = []
    for name, source in columns:
        if isinstance(source, Generated) and not source.follows and _free(source, True):
            found = F.follower_of(table, name, written)
            if found is None or name.lower() in checked:
                pass
            elif found[0] in F.RULED and found[1].lower() in checked:
                pass
            elif found[0] in (F.COUNT, F.ATTEMPTS) and not _unbounded(source):
                pass  # counted values of its own, whatever bounds the column has
            elif found[0] == F.PRESENT:
                source = replace(source, follows=found[1], spelling=found[0], null_fraction=0.0)
            elif _free(source):
                source = replace(source, follows=found[1], spelling=found[0])
        out.append((name, source))
    return out


_IDENT = re.compile(r'"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*)')


def checked_columns(table: TableInfo) -> set[str]:
    """The (lower-cased) names of the columns the table's CHECKs name, a domain's CHECK
    naming the column of that domain."""
    out: set[str] = set()
    for check in table.checks:
        if check.domain_column is not None:
            out.add(check.domain_column.lower())
        for quoted, bare in _IDENT.findall(check.sqltext):
            out.add((quoted.replace('""', '"') if quoted else bare).lower())
    return out


def _unbounded(source: Generated) -> bool:
    b = source.bounds
    return b is None or (b.low is None and b.high is None and b.allowed is None)


def _free(source: Generated, unique: bool = False) -> bool:
    """A generated column bound by its type alone: no unique key (unless ``unique``), no
    CHECK's values."""
    b = source.bounds
    plain = b is None or (b.allowed is None and not b.excluded)
    return plain and (unique or not source.unique) and not source.first


def lifecycle_sources(
    table: TableInfo, columns: list[tuple[str, ColumnSource]]
) -> list[tuple[str, ColumnSource]]:
    """``columns`` with each nullable, generated time column named after a state
    (``shipped_at``) following the row's status where the status's values say when a row
    has reached it (:mod:`pytest_dbseed.engine.records.lifecycle`); set in every such
    row, NULL in the others. A column a CHECK names keeps its own values."""
    sources = dict(columns)
    leaders = [
        (n, _status_values(table, n, s))
        for n in L.status_columns(table)
        if isinstance(s := sources.get(n), Generated)
    ]
    if not leaders:
        return columns
    checked = checked_columns(table)
    out: list[tuple[str, ColumnSource]] = []
    for name, source in columns:
        col = table.column(name)
        state = L.state_of(name) if col.kind in ("datetime", "date") and col.nullable else None
        if state is not None and isinstance(source, Generated) and not source.follows:
            leader = next((n for n, vs in leaders if L.lifecycle_of(state, vs)), None)
            if leader is not None and _free(source) and name.lower() not in checked:
                spelling = F.LIFECYCLE + state
                source = replace(source, follows=leader, spelling=spelling, null_fraction=0.0)
        out.append((name, source))
    return out


def _status_values(table: TableInfo, name: str, source: Generated) -> tuple[object, ...]:
    """The values a generated status column takes: its enum's labels, its CHECK's list,
    or its semantic's words, with its server default."""
    col = table.column(name)
    if source.bounds is not None and source.bounds.allowed is not None:
        return (*source.bounds.allowed, *source.default)
    labels = getattr(col.concrete_type, "enums", None)
    if col.kind == "enum" and labels:
        return (*labels, *source.default)
    length = R.column_max_len(col, source.bounds)
    sem = detect(table.name, name, "str", length, siblings=table.column_names)
    words = sem.words if sem is not None and sem.words else ()
    return (*words, *source.default)
