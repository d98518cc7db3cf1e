"""Which locale and which person a row gets: a keyed permutation of the row number.

Rows ``0 .. n-1`` are a permutation of ``range(n)`` (``n`` = locales x people per locale),
so no two of them share a locale and a (first, last) name pair: a unique email built from
the name needs no suffix there. Every later block of ``n`` rows repeats the permutation
with its ``cycle`` counted up, and unique fields add a suffix from the row. Everything is
a function of (key, row): any range is computed on its own.
"""

from __future__ import annotations

from pytest_dbseed.engine.rng import mix64

_M1 = 0x9E3779B97F4A7C15
_M2 = 0xBF58476D1CE4E5B9


class RowIndex:
    """Row -> (cycle, locale, number below ``per_locale``)."""

    __slots__ = ("n", "n_locales", "_bits", "_mask", "_shift", "_k1", "_k2")

    def __init__(self, key: int, n_locales: int, per_locale: int) -> None:
        self.n_locales = max(1, n_locales)
        self.n = max(1, self.n_locales * max(1, per_locale))
        self._bits = max(4, (self.n - 1).bit_length())
        self._mask = (1 << self._bits) - 1
        self._shift = max(1, self._bits // 2)
        self._k1 = mix64(key) & self._mask
        self._k2 = mix64(key ^ _M2) & self._mask

    def permute(self, x: int) -> int:
        """A bijection of ``range(n)``: a mixing bijection of ``bits``-bit numbers, walked
        until it lands below ``n`` (fewer than two steps on average)."""
        n, mask, s, k1, k2 = self.n, self._mask, self._shift, self._k1, self._k2
        if n == 1:
            return 0
        while True:
            x = ((x ^ k1) * _M1) & mask
            x ^= x >> s
            x = ((x ^ k2) * _M2) & mask
            x ^= x >> s
            if x < n:
                return x

    def at(self, start: int, stop: int) -> tuple[list[int], list[int], list[int]]:
        """(cycles, locale indexes, numbers) of rows ``start`` to ``stop - 1``."""
        n, nl = self.n, self.n_locales
        mask, s, k1, k2 = self._mask, self._shift, self._k1, self._k2
        cycles: list[int] = []
        locs: list[int] = []
        nums: list[int] = []
        for r in range(start, stop):
            cycle, x = divmod(r, n)
            if n > 1:  # permute(x), inlined: this runs once per row
                while True:
                    x = ((x ^ k1) * _M1) & mask
                    x ^= x >> s
                    x = ((x ^ k2) * _M2) & mask
                    x ^= x >> s
                    if x < n:
                        break
            else:
                x = 0
            cycles.append(cycle)
            locs.append(x % nl)
            nums.append(x // nl)
        return cycles, locs, nums
