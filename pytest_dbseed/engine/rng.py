"""Deterministic randomness: every value is a function of (seed, table, column, row).

There is no single random stream. Rows are grouped in fixed blocks of
:data:`BLOCK` rows; each (seed, table, column, block) gets its own
``random.Random``. Adding a column never reshuffles another, and any row range
can be generated on its own, in any order, with the same result.
"""

from __future__ import annotations

import hashlib
import random
import struct

__all__ = ["BLOCK", "derive", "block_rng", "mix64"]

BLOCK = 1024
"""Rows per random block. Changing it changes every generated data set."""

_MASK64 = (1 << 64) - 1


def derive(seed: int, *parts: object) -> int:
    """A stable 64-bit integer from ``seed`` and any strings or ints (never Python's ``hash``)."""
    h = hashlib.blake2b(digest_size=8)
    h.update(struct.pack("<q", seed & 0x7FFFFFFFFFFFFFFF))
    for part in parts:
        h.update(b"\x1f")
        h.update(str(part).encode("utf-8"))
    return int.from_bytes(h.digest(), "little")


def block_rng(base: int, block: int) -> random.Random:
    """The generator for one block of rows, given a base from :func:`derive`."""
    return random.Random(mix64(base ^ (block * 0x9E3779B97F4A7C15 & _MASK64)))


def mix64(x: int) -> int:
    """A fast bijective 64-bit mixer (splitmix64 finaliser): distinct in, distinct out."""
    x &= _MASK64
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & _MASK64
    x = (x ^ (x >> 27)) * 0x94D049BB133111EB & _MASK64
    return x ^ (x >> 31)
