"""Deciding which generated columns are fields of a record of the row (its person, its
company, its place): those become :class:`RecordField` sources."""

from __future__ import annotations

from pytest_dbseed.engine import records as R
from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.sources.description import ColumnSource, Generated, RecordField
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
    value). Raises :class:`UniquenessError` when a unique field cannot number ``start +
    count`` rows within its column's length.
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
    return out


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
