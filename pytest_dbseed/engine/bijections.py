"""Deterministic bijections of row numbers: distinct rows give distinct values, by arithmetic.

Unique values are made unique by construction, never by retrying: a keyed affine
permutation of ``range(n)``, injective version-4 UUIDs, bijective numeration over an
alphabet (every string exactly once). Each is a pure function of (key, row), so any row
range is computed on its own, in any process.
"""

from __future__ import annotations

import math
import uuid
from collections import deque
from collections.abc import Callable
from itertools import repeat
from typing import Any

__all__ = ["affine", "perm_rows", "coprime", "uuid_for_rows", "bijective", "hex_text"]

from pytest_dbseed.engine.rng import mix64


def coprime(a: int, n: int) -> int:
    """The first number from ``a`` (mod ``n``) that is coprime with ``n``."""
    if n <= 1:
        return 1
    a %= n
    if a == 0:
        a = 1
    while math.gcd(a, n) != 1:
        a = (a + 1) % n or 1
    return a


def affine(n: int, key: int) -> tuple[int, int]:
    """Multiplier and offset of a permutation ``row -> (a * row + c) % n`` of ``range(n)``."""
    if n <= 1:
        return 1, 0
    a = mix64(key) % n or 1
    # A multiplier near n * golden ratio spreads neighbours apart; any coprime works.
    a = (a | 1) % n or 1
    while math.gcd(a, n) != 1:
        a = (a + 1) % n or 1
    return a, mix64(key ^ 0x2545F4914F6CDD1D) % n


def perm_rows(n: int, key: int, fn: Callable[[int], Any]) -> Callable[[int, int], list[Any]]:
    """Rows -> ``fn(i)`` with ``i`` a keyed permutation of the row over ``range(n)``."""
    a, c = affine(n, key)

    def rows(start: int, stop: int) -> list[Any]:
        return [fn((a * r + c) % n) for r in range(start, stop)]

    return rows


def hex_text(n: int) -> str:
    """``n`` in lowercase hexadecimal."""
    return f"{n:x}"


def bijective(n: int, alphabet: str) -> str:
    """Bijective numeration: 0 -> 'A', 35 -> '9', 36 -> 'AA'...: every string exactly once."""
    k = len(alphabet)
    out = []
    n += 1
    while n:
        n, d = divmod(n - 1, k)
        out.append(alphabet[d])
    return "".join(reversed(out))


_ODD = 0x9E3779B97F4A7C15


_UUID_NEW = object.__new__
# uuid.UUID forbids attribute assignment through __setattr__; its slot descriptors
# set the two slots directly, as UUID.__init__ itself does, at a fraction of the cost.
_UUID_SET_INT = uuid.UUID.__dict__["int"].__set__
_UUID_SET_SAFE = uuid.UUID.__dict__["is_safe"].__set__


_M62 = (1 << 62) - 1
_UUID_MUL = 0x9E3779B97F4A7C15BF58476D1CE4E5B9  # odd, 128 bits
_UUID_HI = 0xFFFFFFFFFFFF0FFF << 64  # the high half without the version nibble
_UUID_FIXED = (0x4000 << 64) | 0x8000000000000000  # version 4, RFC 4122 variant


def uuid_for_rows(key: int, start: int, stop: int) -> list[uuid.UUID]:
    """Version-4 UUIDs that are an injective function of the row (a keyed bijection).

    ``a = (row * odd + key) mod 2**62`` is a bijection of the row and is the low
    62 bits of the UUID as is, so two rows never share a UUID, with no bookkeeping.
    The high half is the top of the 128-bit product ``(a ^ k) * m``, which mixes
    every bit of ``a``. The objects are built without ``UUID.__init__``: the int
    is set directly, eight integer operations per value.
    """
    k2 = mix64(key ^ 0x5851F42D4C957F2D)
    mul, hi, fixed = _UUID_MUL, _UUID_HI, _UUID_FIXED
    m62 = _M62
    ints = [
        (((a ^ k2) * mul) & hi) | a | fixed
        for a in [(row * _ODD + key) & m62 for row in range(start, stop)]
    ]
    n = len(ints)
    out: list[uuid.UUID] = list(map(_UUID_NEW, repeat(uuid.UUID, n)))
    deque(map(_UUID_SET_INT, out, ints), 0)
    deque(map(_UUID_SET_SAFE, out, repeat(uuid.SafeUUID.unknown, n)), 0)
    return out
