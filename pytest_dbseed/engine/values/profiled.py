"""Values shaped like another database's statistics: its NULL share, its most common
values, and its histogram (equal-frequency buckets) of numbers and dates.

A :class:`Profiled` is a function of the row number (``mix64`` of a key made from the
seed, table and column, xor the row), so any range is produced alone and the same seed
gives the same values. It is used as the column's override, picklable as it is.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from pytest_dbseed.engine.rng import derive, mix64

__all__ = ["Profiled", "PROFILED_KINDS", "HISTOGRAM_KINDS", "parse_value"]

HISTOGRAM_KINDS = ("int", "float", "decimal", "date", "datetime")
"""Kinds whose histogram bounds are read: numbers and dates, never text."""

PROFILED_KINDS = (*HISTOGRAM_KINDS, "bool", "enum", "str")

_SCALE = float(1 << 64)


def parse_value(kind: str, text: str, scale: int | None = None) -> Any:
    """A value of pg_stats' text form as the column's Python type."""
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "decimal":
        return Decimal(text)
    if kind == "bool":
        return text in ("t", "true", "1")
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "datetime":
        value = datetime.fromisoformat(text.replace(" ", "T"))
        return value
    return text


@dataclass(frozen=True)
class Profiled:
    """Row -> value: NULL with ``null_frac``, a common value with its frequency, else a
    point of the histogram (a bucket chosen uniformly, a point inside it uniformly)."""

    table: str
    column: str
    kind: str
    seed: int
    null_frac: float
    common: tuple[Any, ...]
    frequencies: tuple[float, ...]
    histogram: tuple[Any, ...]
    scale: int | None = None
    """Decimal places of a numeric column, for values inside a bucket."""
    aware: bool = False

    def __post_init__(self) -> None:
        cumulative: list[float] = []
        total = self.null_frac
        for f in self.frequencies:
            total += f
            cumulative.append(total)
        if len(self.histogram) < 2 and cumulative:
            # No histogram: the common values are all there is, spread over the rest.
            spread = (1.0 - self.null_frac) / max(total - self.null_frac, 1e-12)
            cumulative = [
                self.null_frac + (c - self.null_frac) * spread for c in cumulative
            ]
        object.__setattr__(self, "_cumulative", tuple(cumulative))
        object.__setattr__(self, "_key", derive(self.seed, "profile", self.table, self.column))

    def __call__(self, row: int) -> Any:
        bits = mix64(self._key ^ row)  # type: ignore[attr-defined]
        u = bits / _SCALE
        if u < self.null_frac:
            return None
        cumulative: tuple[float, ...] = self._cumulative  # type: ignore[attr-defined]
        i = bisect.bisect_right(cumulative, u)
        if i < len(cumulative):
            return self.common[i]
        if len(self.histogram) < 2:
            return self.common[-1] if self.common else None
        v = mix64(bits) / _SCALE
        buckets = len(self.histogram) - 1
        b = min(int(v * buckets), buckets - 1)
        return self._between(self.histogram[b], self.histogram[b + 1], v * buckets - b)

    def _between(self, lo: Any, hi: Any, t: float) -> Any:
        if self.kind == "int":
            return lo + int((hi - lo) * t)
        if self.kind == "float":
            return lo + (hi - lo) * t
        if self.kind == "decimal":
            step = Decimal(1).scaleb(-(self.scale if self.scale is not None else 2))
            value = lo + (hi - lo) * Decimal(repr(t))
            return min(max(value.quantize(step), lo), hi)
        if self.kind in ("date", "datetime"):
            value = lo + timedelta(seconds=int((hi - lo).total_seconds() * t))
            if self.kind == "datetime" and self.aware and value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value
        return lo
