"""Values that meet a column's regular-expression and LIKE CHECKs (``slug ~ '^[a-z0-9-]+$'``).

The column's usual value is kept wherever it already meets every pattern (a slug semantic
meets a slug pattern, an email an email pattern): the data stays believable. Other rows get
a string of the (first positive) pattern's language, numbered by the row
(:meth:`~pytest_dbseed.engine.checks.patterns.Language.nth`), shortest first. A unique column
either keeps its usual values (when those of the first rows all meet the patterns) or takes
the language's strings numbered by row alone, so distinct rows keep distinct values and the
capacity is the size of the language within the column's lengths.
"""

from __future__ import annotations

import re
from typing import Any

from pytest_dbseed.engine.bijections import bijective
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.checks.patterns import Language, Pattern, PatternUnsupported, read
from pytest_dbseed.engine.rng import mix64

_PROBE = 256
"""Rows of the usual values tested before a unique column keeps them."""
_TRIES = 16
"""Strings of the language tried for a row (not unique) before leaving it to the database."""
_SPREAD = 10**9
"""Non-unique rows draw among the language's first strings (the shortest)."""
_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


class Patterned:
    """An inner generator's values, made to meet ``bounds.patterns`` (see the module doc)."""

    __slots__ = ("capacity", "_inner", "_bounds", "_unique", "_lang", "_min", "_max", "_key",
                 "_keep", "_size")  # fmt: skip

    def __init__(
        self,
        inner: Any,
        bounds: ColumnBounds,
        unique: bool,
        lengths: tuple[int, int | None],
        key: int,
    ) -> None:
        self._inner = inner
        self._bounds = bounds
        self._unique = unique
        self._min, self._max = lengths
        self._key = key
        self._lang = _language(bounds.patterns)
        self._size = None if self._lang is None else self._lang.count(self._min, self._max)
        self._keep = True
        self.capacity = inner.capacity
        if unique:
            cap = inner.capacity
            probe = inner.batch(0, _PROBE if cap is None else min(cap, _PROBE))
            self._keep = self._lang is None or all(v is None or bounds.admits(v) for v in probe)
            if not self._keep:
                self.capacity = self._size
            elif self._size is not None:
                self.capacity = self._size if cap is None else min(cap, self._size)

    def met(self) -> bool:
        """Whether the values made meet every pattern, as far as a sample of them tells:
        the language of the first pattern may hold no string another pattern allows
        (``~ '^(ab|cd)+$'`` beside ``LIKE 'x%'``), and a unique column numbered by that
        language must meet them all in every row."""
        if self._lang is None or not self._size:
            return True
        admits = self._bounds.admits
        sample = [self._from_language(r) for r in range(min(self._size, 64))]
        if self._unique and not self._keep:
            return all(admits(v) for v in sample)
        return any(admits(v) for v in sample)

    def batch(self, start: int, stop: int) -> list[Any]:
        if stop <= start:
            return []
        if not self._keep:
            return [self._from_language(r) for r in range(start, stop)]
        admits = self._bounds.admits
        vals = self._inner.batch(start, stop)
        return [
            v if v is None or admits(v) else self._replace(start + i, v) for i, v in enumerate(vals)
        ]

    def _from_language(self, row: int) -> str:
        assert self._lang is not None
        return self._lang.nth(row, self._key, self._min, self._max)

    def _replace(self, row: int, value: Any) -> Any:
        admits = self._bounds.admits
        if self._lang is not None:
            if self._unique:
                return self._from_language(row)
            spread = max(1, min(self._size or 1, _SPREAD))
            for t in range(_TRIES):
                v = self._lang.nth(mix64(self._key ^ (row * 0x9E3779B1 + t)) % spread,
                                   self._key, self._min, self._max)  # fmt: skip
                if admits(v):
                    return v
            return v
        # Only patterns the value must not match (``name NOT LIKE '% %'``, ``x !~ '\s'``).
        text = str(value)
        for v in (re.sub(r"\s+", "-", text.strip()), re.sub(r"[^A-Za-z0-9]+", "", text)):
            if len(v) >= self._min and admits(v):
                return v
        v = bijective(row, _ALNUM)
        if len(v) < self._min:
            v = v.rjust(self._min, "x")
        return v if admits(v) else value  # the database has the last word


def _language(patterns: tuple[Pattern, ...]) -> Language | None:
    for p in patterns:
        if not p.negated:
            try:
                return read(p.regex, p.icase)
            except PatternUnsupported:  # pragma: no cover - read when the CHECK was
                return None
    return None


_FINITE = 1000


def pattern_domain(bounds: ColumnBounds, lengths: tuple[int, int | None]) -> list[str] | None:
    """Every string a column with pattern CHECKs can hold (within its lengths and other
    bounds) when there are few (<= 1000), else ``None``."""
    lang = _language(bounds.patterns)
    if lang is None or lang.count(*lengths) > _FINITE:
        return None
    out = [lang.nth(i, 0, *lengths) for i in range(lang.count(*lengths))]
    return [v for v in out if bounds.admits(v)]


def pattern_note(bounds: ColumnBounds | None) -> str:
    """For a capacity refusal: the CHECKs whose patterns limit the column's values."""
    if bounds is None or not any(not p.negated for p in bounds.patterns):
        return ""
    named = ", ".join(dict.fromkeys(p.constraint for p in bounds.patterns if not p.negated))
    shown = ", ".join(repr(p.regex) for p in bounds.patterns if not p.negated)
    return f" (CHECK {named} lets it hold only strings matching {shown})"
