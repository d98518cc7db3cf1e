"""Text values inside one RANGE partition's bounds, that fit the column and its CHECKs.

A text key column of a range partition (``FOR VALUES FROM ('a') TO ('m')``) takes values
``prefix + suffix``: the prefix is the partition's low bound (empty for MINVALUE), the
suffix runs over lowercase letters, shortest first (``''``, ``a`` ... ``z``, ``aa`` ...).
A suffix's first letter stays below the next letter of the high bound when the high bound
extends the prefix (``FROM ('b') TO ('bm')``: ``b``, ``ba`` ... ``bl``, ``baa`` ...), so
every value lies below it in any collation that orders lowercase letters alphabetically.
The lengths keep within the column's (``varchar(3)``) and the CHECK's (``length(code) >=
2``); the values a CHECK excludes (``code <> 'b'``) are skipped; a citext column compares
all of these case-insensitively (``'ABC'`` is excluded by ``tag <> 'abc'``).

The values of one partition are numbered: the ``k``-th is :func:`nth_text`, and
:func:`text_room` says how many there are (None: too many to matter).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytest_dbseed.engine.checks import ColumnBounds

__all__ = ["TextRange", "text_range", "nth_text", "text_room", "admits_text", "holds_text"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PLENTY = 1 << 48
"""Values past which a partition's room is no limit (None)."""


@dataclass(frozen=True)
class TextRange:
    """The values one text key column takes in one partition (see the module)."""

    prefix: str
    firsts: str
    """The letters a non-empty suffix may start with."""
    shortest: int
    longest: int | None
    """Suffix lengths (None: no limit)."""
    skip: tuple[int, ...]
    """Numbers of the values a CHECK excludes, in order."""
    fold: bool = False
    """citext: values compare case-insensitively."""


def admits_text(bounds: ColumnBounds | None, value: str, fold: bool) -> bool:
    """Whether ``bounds`` admits ``value``, case-insensitively when ``fold`` (citext)."""
    if bounds is None:
        return True
    if fold:
        bounds = ColumnBounds(
            low=_lower(bounds.low),
            low_inclusive=bounds.low_inclusive,
            high=_lower(bounds.high),
            high_inclusive=bounds.high_inclusive,
            allowed=None if bounds.allowed is None else tuple(map(_lower, bounds.allowed)),
            excluded=tuple(map(_lower, bounds.excluded)),
            min_length=bounds.min_length,
            max_length=bounds.max_length,
        )
        value = value.lower()
    try:
        return bounds.admits(value)
    except TypeError:
        return True


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def text_range(
    low: str | None,
    high: str | None,
    low_open: bool,
    lengths: tuple[int, int | None],
    bounds: ColumnBounds | None,
    fold: bool,
) -> TextRange | None:
    """The values of a text range ``low <= v < high`` (``low < v`` when ``low_open``) of
    ``lengths`` (min, max) that ``bounds`` admits; None when there are none."""
    shortest, longest = lengths
    if bounds is not None:
        low, low_open = _later(low, low_open, bounds, fold)
        if isinstance(bounds.high, str):
            high = bounds.high if high is None else min(high, bounds.high, key=_key(fold))
    prefix = low or ""
    key = _key(fold)
    firsts = _LETTERS
    if high is not None:
        if key(prefix) >= key(high):
            return None
        rest = key(high)[len(prefix) :] if key(high).startswith(key(prefix)) else None
        if rest is not None:
            firsts = "".join(c for c in _LETTERS if c < rest[0])
    low_len = max(shortest - len(prefix), 1 if low_open else 0)
    high_len = None if longest is None else longest - len(prefix)
    if not firsts:
        high_len = 0 if high_len is None else min(high_len, 0)
    if high_len is not None and high_len < low_len:
        return None
    got = TextRange(prefix, firsts, low_len, high_len, (), fold)
    excluded = () if bounds is None else bounds.excluded
    skip = sorted({n for e in excluded if (n := _number_of(got, e)) is not None})
    got = TextRange(prefix, firsts, low_len, high_len, tuple(skip), fold)
    room = text_room(got)
    return None if room == 0 else got


def _key(fold: bool) -> Any:
    return (lambda s: s.lower()) if fold else (lambda s: s)


def _later(
    low: str | None, low_open: bool, bounds: ColumnBounds, fold: bool
) -> tuple[str | None, bool]:
    """The partition's low bound or the CHECK's, whichever is the later."""
    if not isinstance(bounds.low, str):
        return low, low_open
    key = _key(fold)
    if low is None or key(bounds.low) > key(low):
        return bounds.low, not bounds.low_inclusive
    if key(bounds.low) == key(low):
        return low, low_open or not bounds.low_inclusive
    return low, low_open


def _count(r: TextRange, length: int) -> int:
    return 1 if length == 0 else len(r.firsts) * len(_LETTERS) ** (length - 1)


def text_room(r: TextRange) -> int | None:
    """How many values ``r`` holds (None: more than enough)."""
    if r.longest is None:
        return None
    total = sum(_count(r, n) for n in range(r.shortest, r.longest + 1))
    return None if total >= _PLENTY else total - len(r.skip)


def nth_text(r: TextRange, k: int) -> str:
    """The ``k``-th value of ``r`` (round again past its last)."""
    room = text_room(r)
    k = k % room if room else k
    for e in r.skip:
        if e <= k:
            k += 1
    length = r.shortest
    while k >= _count(r, length):
        k -= _count(r, length)
        length += 1
    if length == 0:
        return r.prefix
    digits = []
    for _ in range(length - 1):
        k, d = divmod(k, len(_LETTERS))
        digits.append(_LETTERS[d])
    return r.prefix + r.firsts[k] + "".join(reversed(digits))


def holds_text(r: TextRange, value: Any) -> bool:
    """Whether ``value`` is one of the values of ``r`` (a CHECK excludes none of them)."""
    n = _number_of(r, value)
    return n is not None and n not in r.skip


def _number_of(r: TextRange, value: Any) -> int | None:
    """The number of ``value`` among the values of ``r``, those excluded counted (None:
    not one of them)."""
    if not isinstance(value, str):
        return None
    key = _key(r.fold)
    if not key(value).startswith(key(r.prefix)):
        return None
    suffix = key(value)[len(r.prefix) :]
    n = len(suffix)
    if n < r.shortest or (r.longest is not None and n > r.longest):
        return None
    if n and (suffix[0] not in r.firsts or any(c not in _LETTERS for c in suffix)):
        return None
    k = sum(_count(r, m) for m in range(r.shortest, n))
    if n:
        inner = 0
        for c in suffix[1:]:
            inner = inner * len(_LETTERS) + _LETTERS.index(c)
        k += r.firsts.index(suffix[0]) * len(_LETTERS) ** (n - 1) + inner
    return k
