"""What CHECK constraints ask of a table, as the rest of the engine reads it."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pytest_dbseed.engine.checks.patterns import Pattern


@dataclass(frozen=True)
class ColumnBounds:
    """What CHECK constraints allow for one column. ``None`` means unbounded.

    Bounds constrain non-NULL values only: whether the column may be NULL is a
    separate matter (``not_null`` records an ``IS NOT NULL`` check). Values are
    typed after the column (``int`` for integer columns, ``Decimal`` for NUMERIC,
    ``float`` for floating point, ``date``/``datetime`` for temporal columns).
    On integer columns both ends are always inclusive (``qty > 0`` gives
    ``low=1``).
    """

    low: Any = None
    low_inclusive: bool = True
    high: Any = None
    high_inclusive: bool = True
    allowed: tuple[Any, ...] | None = None
    """An IN list (or a set of equalities joined by OR): the only values allowed,
    already filtered by the other bounds."""
    excluded: tuple[Any, ...] = ()
    """Values ruled out by ``<>`` / ``NOT IN``."""
    min_length: int | None = None
    max_length: int | None = None
    not_null: bool = False
    constraints: tuple[str, ...] = ()
    """Names (or SQL text) of the constraints these bounds come from."""
    patterns: tuple[Pattern, ...] = ()
    """Regular expressions and LIKE patterns (``col ~ '^[a-z]+$'``, ``col NOT LIKE '% %'``)
    every value must meet (a negated one: must not match)."""

    def admits(self, value: Any) -> bool:
        """True when ``value`` (non-NULL) lies inside every bound."""
        if self.allowed is not None and value not in self.allowed:
            return False
        if not all(p.matches(value) for p in self.patterns):
            return False
        return within(
            value,
            self.low,
            self.low_inclusive,
            self.high,
            self.high_inclusive,
            self.excluded,
            self.min_length,
            self.max_length,
        )


def meet(a: ColumnBounds | None, b: ColumnBounds) -> ColumnBounds | None:
    """Bounds that admit exactly what both ``a`` and ``b`` admit; None when nothing does.

    Used to give a parent's column the bounds a child's CHECK puts on a foreign key into
    it (``CHECK (code_key BETWEEN 28 AND 155)``), so that every parent row qualifies.
    """
    if a is None:
        return b
    low, low_inc = a.low, a.low_inclusive
    if b.low is not None and (low is None or _above(b.low, low, b.low_inclusive, low_inc)):
        low, low_inc = b.low, b.low_inclusive
    high, high_inc = a.high, a.high_inclusive
    if b.high is not None and (high is None or _above(high, b.high, b.high_inclusive, high_inc)):
        high, high_inc = b.high, b.high_inclusive
    excluded = tuple(dict.fromkeys((*a.excluded, *b.excluded)))
    lengths = [x for x in (a.min_length, b.min_length) if x is not None]
    tops = [x for x in (a.max_length, b.max_length) if x is not None]
    out = ColumnBounds(
        low=low,
        low_inclusive=low_inc,
        high=high,
        high_inclusive=high_inc,
        excluded=excluded,
        min_length=max(lengths) if lengths else None,
        max_length=min(tops) if tops else None,
        not_null=a.not_null or b.not_null,
        constraints=tuple(dict.fromkeys((*a.constraints, *b.constraints))),
        patterns=tuple(dict.fromkeys((*a.patterns, *b.patterns))),
    )
    if a.allowed is not None or b.allowed is not None:
        listed = [v for v in (a.allowed if a.allowed is not None else b.allowed or ())]
        allowed = tuple(v for v in listed if a.admits(v) and b.admits(v))
        return replace(out, allowed=allowed) if allowed else None
    try:
        if low is not None and high is not None and (
            low > high or (low == high and not (low_inc and high_inc))
        ):
            return None
    except TypeError:
        return None
    return out


def _above(x: Any, y: Any, x_inclusive: bool, y_inclusive: bool) -> bool:
    """Whether the bound ``x`` is tighter from below than ``y`` (``>`` beats ``>=``)."""
    try:
        return bool(x > y or (x == y and y_inclusive and not x_inclusive))
    except TypeError:
        return False


def within(
    value: Any,
    low: Any,
    low_inclusive: bool,
    high: Any,
    high_inclusive: bool,
    excluded: Sequence[Any],
    min_length: int | None,
    max_length: int | None,
) -> bool:
    """True when ``value`` lies between the bounds, is not excluded and fits the lengths."""
    try:
        if low is not None and (value < low or (value == low and not low_inclusive)):
            return False
        if high is not None and (value > high or (value == high and not high_inclusive)):
            return False
    except TypeError:
        pass
    if value in excluded:
        return False
    if isinstance(value, str):
        if min_length is not None and len(value) < min_length:
            return False
        if max_length is not None and len(value) > max_length:
            return False
    return True


@dataclass(frozen=True)
class Relation:
    """Two columns of the same row compared: ``left op right``, op in ``< <= > >= = <>``."""

    left: str
    op: str
    right: str
    constraint: str | None = None


COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "=": operator.eq, "==": operator.eq, "<>": operator.ne, "!=": operator.ne,
}  # fmt: skip
"""A :class:`Relation`'s operator -> the test of ``left op right``."""


@dataclass(frozen=True)
class NullChoice:
    """A CHECK that lets each row choose which columns are NULL: ``(a IS NULL AND b IS NOT
    NULL) OR (a IS NOT NULL AND b IS NULL)``, ``num_nonnulls(a, b) = 1``.

    ``branches`` holds, per way of passing it, the columns that are NULL; every other
    column of the constraint is generated (its bounds say ``not_null``), and each row takes
    one branch, so every branch appears across rows.
    """

    constraint: str
    branches: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TableChecks:
    """Everything the CHECK constraints of one table ask of its rows."""

    columns: dict[str, ColumnBounds] = field(default_factory=dict)
    relations: tuple[Relation, ...] = ()
    unsupported: tuple[str, ...] = ()
    """Names (or SQL text) of constraints not (fully) understood: values are generated
    and the database has the last word. A constraint whose understood conjuncts were
    applied but which also has parts that were not is listed here too."""
    null_choices: tuple[NullChoice, ...] = ()
    """CHECKs met row by row by choosing which columns are NULL."""
    constraint_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Constraint name (or SQL text) -> the columns it mentions, to name the columns an
    override would fix when the database rejects a row."""
