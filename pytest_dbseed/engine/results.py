"""What a seed reports and what a plan shows, as frozen values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Plan", "SeedReport", "Progress"]

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
