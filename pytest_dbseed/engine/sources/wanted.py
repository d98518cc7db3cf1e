"""What children's CHECKs ask of a parent's columns, so that every parent row qualifies.

A child's CHECK on a foreign key (``CHECK (code_key BETWEEN 28 AND 155)``,
``CHECK (region_code IN ('eu', 'us'))``, ``CHECK (parent_part <= 83)``) restricts which parent
rows it may point at. Choosing among the parents works only where their keys are known
while deciding (keys this seed numbers) and where the child picks one parent at a time;
self-references, composite keys and parents chosen as digits of a composite unique key
cannot filter. So the parent is shaped instead: its column takes the child's bounds on top
of its own whenever the parent's rows still fit inside them (keys numbered from 28 on,
values drawn from the IN list), and then any parent row is one the child may point at.
Bounds that would leave too few values for the parent's rows are left out; the child then
chooses among the parents it can, or the database has the last word.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from pytest_dbseed.engine import values as V
from pytest_dbseed.engine.checks import ColumnBounds, TableChecks
from pytest_dbseed.engine.checks.model import meet
from pytest_dbseed.engine.schema import SchemaGraph
from pytest_dbseed.errors import DbseedError

__all__ = ["children_bounds", "generated_fits", "leading", "narrowed", "within_bounds"]


def children_bounds(
    graph: SchemaGraph,
    counts: Mapping[str, int],
    overrides: Mapping[str, Mapping[str, Any]],
    checks: Callable[[str], TableChecks],
    parent: str,
) -> dict[str, tuple[ColumnBounds, ...]]:
    """Parent column -> the bounds CHECKs of the children this seed writes put on a
    foreign key column into it (NOT NULL left out: it says nothing of the parent).

    Those of NOT NULL keys come first: where two children's CHECKs cannot both hold for
    the parent's column (``p_code > 80`` beside a nullable ``p_code < 1``, the parent's
    own self-reference or another table), the column keeps the one a child cannot do
    without, and the nullable key is NULL where no parent passes."""
    out: dict[str, list[tuple[bool, ColumnBounds]]] = {}
    for fk in graph.children_of(parent):
        if counts.get(fk.table, 0) <= 0:
            continue
        over = overrides.get(fk.table, {})
        if any(c in over for c in fk.columns):
            continue
        child = checks(fk.table)
        nullable = fk.nullable and not any(
            child.columns[c].not_null for c in fk.columns if c in child.columns
        )
        for column, ref in zip(fk.columns, fk.ref_columns):
            if fk.self_referencing and column == ref:
                continue
            b = child.columns.get(column)
            if b is None:
                continue
            b = replace(b, not_null=False)
            if replace(b, constraints=()) != ColumnBounds():
                out.setdefault(ref, []).append((nullable, b))
    return {k: tuple(b for _, b in sorted(v, key=lambda nb: nb[0])) for k, v in out.items()}


def narrowed(
    own: ColumnBounds | None,
    extra: Sequence[ColumnBounds],
    fits: Callable[[ColumnBounds | None], bool],
) -> ColumnBounds | None:
    """``own`` narrowed by each of ``extra`` in turn, as long as ``fits`` holds."""
    got = own
    for b in extra:
        both = meet(got, b)
        if both is not None and fits(both):
            got = both
    return got


def generated_fits(ctx: V.ColumnContext, rows: int) -> bool:
    """Whether a generated column under ``ctx.bounds`` still has room for ``rows`` rows:
    distinct values for a column unique by itself, some value for any other."""
    try:
        gen = V.make_generator(ctx)
        domain = V.finite_domain(ctx)
    except DbseedError:
        return False
    if domain is not None and not domain:
        return False
    return not (ctx.unique and gen.capacity is not None and rows > gen.capacity)


def leading(
    got: ColumnBounds | None,
    extra: Sequence[ColumnBounds],
    rows: int,
    domain: Callable[[ColumnBounds], Sequence[Any] | None],
) -> tuple[Any, ...]:
    """Values the first rows of a column take so that children whose CHECK leaves their key
    few values (``IN``, a short range) find parents, when those values are too few to hold
    every row: the values ``domain`` lists for the column's own bounds ``got`` narrowed by
    the child's, at most ``rows``."""
    out: dict[Any, None] = {}
    for b in extra:
        both = meet(got, b)
        if both is None or _same(both, got):
            continue  # a CHECK the column cannot meet, or one it already keeps
        try:
            for v in domain(both) or ():
                out[v] = None
        except TypeError:  # an unhashable value: not a key
            return ()
    return tuple(out)[: max(rows, 0)]


def _same(a: ColumnBounds, b: ColumnBounds | None) -> bool:
    return b is not None and replace(a, constraints=()) == replace(b, constraints=())


def within_bounds(got: ColumnBounds | None, child: ColumnBounds) -> bool:
    """Whether every value a column drawn within ``got`` takes passes ``child``."""
    both = meet(got, replace(child, not_null=False))
    if both is None or got is None:
        return False
    return _same(replace(both, not_null=False), replace(got, not_null=False))
