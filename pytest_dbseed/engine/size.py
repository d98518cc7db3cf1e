"""How much disk a seed will take, roughly, from column types and row counts.

An estimate to refuse what cannot fit before writing, not an accounting: each column
counts the bytes PostgreSQL stores for a typical generated value of its type, each row
its tuple header and line pointer, each index its key and entry overhead. Real sizes
land within a small factor of it, which is all a "will it fit" question needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

__all__ = ["Estimate", "estimate", "column_bytes", "human_bytes"]

_ROW_OVERHEAD = 24 + 4
"""Tuple header and line pointer per row."""
_INDEX_ENTRY = 16
"""Index tuple header and line pointer per entry."""
_FILL = 1.15
"""Page headers, alignment and free space in pages."""


def column_bytes(type_: sa.types.TypeEngine[object]) -> int:
    """Bytes a typical generated value of ``type_`` takes in a heap tuple."""
    t = type_
    if isinstance(t, sa.types.TypeDecorator):
        t = t.impl_instance
    if isinstance(t, sa.Boolean):
        return 1
    if isinstance(t, sa.SmallInteger):
        return 2
    if isinstance(t, sa.BigInteger):
        return 8
    if isinstance(t, sa.Integer | sa.Enum | sa.Date):
        return 4
    if isinstance(t, sa.Float):
        return 8
    if isinstance(t, sa.Numeric):
        return 8 + (t.precision or 12) // 2
    if isinstance(t, sa.DateTime | sa.Time):
        return 8
    if isinstance(t, sa.Interval | sa.Uuid):
        return 16
    if isinstance(t, sa.String):
        # Generated text is mostly shorter than its limit; Text has none.
        length = getattr(t, "length", None)
        return 1 + (min(length, 32) if length else 80)
    if isinstance(t, sa.JSON | sa.ARRAY | sa.LargeBinary):
        return 96
    return 16


@dataclass(frozen=True)
class Estimate:
    """Rows and bytes a seed will write, in total and per table."""

    rows: int
    bytes: int
    per_table: Mapping[str, int]
    """Bytes per table (full name), indexes included."""

    def describe(self) -> str:
        return f"{self.rows:,} rows, about {human_bytes(self.bytes)} on disk"


def _table_bytes(table: sa.Table, rows: int) -> int:
    widths = {c.name: column_bytes(c.type) for c in table.columns}
    heap = rows * (_ROW_OVERHEAD + sum(widths.values()))
    keys: list[list[str]] = []
    if table.primary_key.columns:
        keys.append([c.name for c in table.primary_key.columns])
    for index in table.indexes:
        keys.append([c.name for c in index.columns])
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint):
            keys.append([c.name for c in constraint.columns])
    indexes = sum(rows * (_INDEX_ENTRY + sum(widths.get(n, 8) for n in key)) for key in keys)
    return int((heap + indexes) * _FILL)


def estimate(metadata: sa.MetaData, counts: Mapping[str, int]) -> Estimate:
    """The estimate for ``counts`` (full table name -> rows, as a plan gives them)."""
    per_table: dict[str, int] = {}
    for name, rows in counts.items():
        table = metadata.tables.get(name)
        if table is not None and rows > 0:
            per_table[name] = _table_bytes(table, int(rows))
    return Estimate(
        rows=sum(int(n) for n in counts.values()),
        bytes=sum(per_table.values()),
        per_table=per_table,
    )


def human_bytes(n: float) -> str:
    """``1.5 GB``: decimal units, as ``df -H`` prints them."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} PB"  # pragma: no cover
