"""Unique keys inside a composite foreign key.

A child with ``FOREIGN KEY (score_id, score_part) REFERENCES score (id, part)`` and
``UNIQUE (score_part)`` needs, row by row, parents whose ``part`` differs: distinct parents
are not enough when ``part`` repeats among them. The parent, decided first, arranges its
rows so that its leading rows differ there (the column made unique when its type and
CHECKs allow a value per row, else cycling through the few values it may take), and
says how many rows differ; the child points one row per parent at those rows and is
refused when it asks for more rows than there are distinct parents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from pytest_dbseed.engine.schema import ColumnInfo, ForeignKeyInfo, TableInfo
from pytest_dbseed.engine.sources.description import OneToOne
from pytest_dbseed.errors import UniquenessError

__all__ = [
    "Distinct",
    "inner_uniques",
    "partial_uniques",
    "projection",
    "unique_within",
    "distinct_parents",
    "too_few_distinct",
]


@dataclass(frozen=True)
class Distinct:
    """How many leading parent rows differ in the columns a child's unique key projects
    onto (None: every parent row), and why no more do."""

    rows: int | None
    why: str = ""


def inner_uniques(table: TableInfo, fk: ForeignKeyInfo) -> list[tuple[str, ...]]:
    """Unique sets of ``table`` lying strictly inside the columns of ``fk``."""
    cols = set(fk.columns)
    return [u for u in table.unique_sets if set(u) < cols]


def partial_uniques(table: TableInfo, fk: ForeignKeyInfo) -> list[tuple[str, ...]]:
    """The columns of ``fk`` that a unique set of ``table`` combines with other columns,
    when they are some but not all of the key's columns (``UNIQUE (kind, token_part)``
    with ``FOREIGN KEY (token_id, token_part)``)."""
    out: list[tuple[str, ...]] = []
    for u in table.unique_sets:
        part = tuple(c for c in fk.columns if c in u)
        if part and len(part) < len(fk.columns) and not set(u) <= set(fk.columns):
            out.append(part)
    return out


def projection(fk: ForeignKeyInfo, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The parent's columns that ``columns`` (some of the key's) point at."""
    return tuple(fk.ref_columns[fk.columns.index(c)] for c in columns)


def unique_within(table: TableInfo, columns: tuple[str, ...], unique: set[str]) -> bool:
    """Whether rows of ``table`` already differ in ``columns`` (a unique set inside them,
    or a column the seed makes unique)."""
    return any(set(s) <= set(columns) for s in table.unique_sets) or any(
        c in unique for c in columns
    )


def free_column(col: ColumnInfo, taken: set[str]) -> bool:
    """A plain column the parent generates itself, whose values nothing else moves."""
    return not (
        col.name in taken
        or col.computed
        or col.autoincrement
        or col.database_fills
        or col.kind == "unsupported"
    )


def distinct_parents(
    table: TableInfo,
    fk: ForeignKeyInfo,
    one: OneToOne,
    found: Mapping[tuple[ForeignKeyInfo, tuple[str, ...]], Distinct],
    rows: tuple[int, bool],
    where: str,
    seed: int,
) -> OneToOne:
    """``one`` (a child row per parent row) kept to the parents whose projections onto the
    child's unique keys inside ``fk`` differ: ``rows`` is (rows asked for, key nullable);
    the rows beyond are NULL when the key may be, else refused."""
    count, nullable = rows
    for uset in inner_uniques(table, fk):
        got = found.get((fk, uset))
        if got is None:
            got = Distinct(1 if count > 1 else None, "it was decided before this table")
        if got.rows is None or got.rows >= count:
            continue
        if not nullable:
            raise too_few_distinct(where, table.name, count, fk, uset, got, seed)
        one = replace(one, parent_count=min(one.parent_count, one.offset + got.rows))
    return one


def too_few_distinct(
    where: str,
    name: str,
    count: int,
    fk: ForeignKeyInfo,
    uset: tuple[str, ...],
    got: Distinct,
    seed: int,
) -> UniquenessError:
    """The refusal of ``count`` rows of table ``name`` (``where``) whose unique key ``uset``
    inside ``fk`` needs parents differing where only ``got.rows`` of them do."""
    cols, refs = ", ".join(uset), ", ".join(projection(fk, uset))
    return UniquenessError(
        f"{where}: {count} rows asked for, but its unique key ({cols}) lies inside "
        f"{fk.describe()}, so each row needs a {fk.ref_table!r} row with different "
        f"({refs}), and only {got.rows} of them differ: {got.why} (seed {seed}). "
        f"Fix: ask for at most {got.rows} {name!r} rows, or let "
        f"{fk.ref_table}({refs}) take more distinct values."
    )
