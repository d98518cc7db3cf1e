"""Strings: semantic pools and fills, unique suffixes, short codes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from pytest_dbseed.engine.bijections import affine, bijective, hex_text, perm_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.pools import dedupe, provider_pool
from pytest_dbseed.engine.semantics import (
    Env,
    Semantic,
)
from pytest_dbseed.engine.semantics.codes import numbered
from pytest_dbseed.engine.semantics.detect import column_words
from pytest_dbseed.engine.semantics.fills import (
    word_fill,
)
from pytest_dbseed.engine.values.base import (
    _ALNUM,
    BUILDERS,
    ColumnContext,
    ColumnGenerator,
    _Block,
    _cap,
    _env,
    _Map,
    _max_len,
    _Rows,
    _semantic,
    _where,
)
from pytest_dbseed.errors import ConfigError

_FILLER = " lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"


# =========================================================================== strings


def _pad(values: list[str], min_len: int) -> list[str]:
    out = []
    for v in values:
        if len(v) < min_len:
            v = (v + _FILLER * (1 + min_len // len(_FILLER)))[:min_len]
        out.append(v)
    return out


def _suffix_fn(
    max_len: int | None, style: str, sep: str, digits: bool
) -> Callable[[str, int], str]:
    enc = str if digits else hex_text

    def make(v: str, row: int) -> str:
        tail = sep + enc(row)
        if style == "email":
            local, _, domain = v.rpartition("@")
            if max_len is not None:
                room = max_len - len(domain) - 1 - len(tail)
                local = local[: max(0, room)].rstrip("._-")
            return (local or "u") + tail + "@" + domain
        if style == "prefix":
            out = enc(row) + sep + v
            return out if max_len is None else out[:max_len]
        if max_len is not None and len(v) + len(tail) > max_len:
            v = v[: max(0, max_len - len(tail))]
        return v + tail

    return make


def _suffix_capacity(max_len: int | None, sep: str, digits: bool, style: str) -> int | None:
    if max_len is None:
        return None
    room = max_len - len(sep) - (10 if style == "email" else 0)
    if room <= 0:
        return 0
    return _cap((10 if digits else 16) ** room)


def _suffixed(
    inner: ColumnGenerator, max_len: int | None, style: str, sep: str, digits: bool = False
) -> ColumnGenerator:
    """Unique strings: the row number (hex, or decimal for ``digits``) after ``sep``.

    The suffix alphabet never contains the separator, so the text after the last
    separator gives the row back: distinct rows, distinct values.
    """
    make = _suffix_fn(max_len, style, sep, digits)

    def fn(values: list[Any], start: int) -> list[Any]:
        rows = range(start, start + len(values))
        # Fast paths formatted in C; the rare value that would overflow max_len is
        # rebuilt by ``make``, which trims the realistic part and keeps the suffix.
        if style == "email":
            tails = [f"{sep}{r}@" for r in rows] if digits else [f"{sep}{r:x}@" for r in rows]
            out = [v.replace("@", t, 1) for v, t in zip(values, tails, strict=False)]
        elif style == "prefix":
            heads = [f"{r}{sep}" for r in rows] if digits else [f"{r:x}{sep}" for r in rows]
            out = [h + v for h, v in zip(heads, values, strict=False)]
        else:
            tails = [f"{sep}{r}" for r in rows] if digits else [f"{sep}{r:x}" for r in rows]
            out = [v + t for v, t in zip(values, tails, strict=False)]
        if max_len is not None and out and max(map(len, out)) > max_len:
            m = max_len
            out = [
                o if len(o) <= m else make(v, r) for o, v, r in zip(out, values, rows, strict=False)
            ]
        return out

    return _Map(inner, fn, _suffix_capacity(max_len, sep, digits, style))


_QUALIFIERS = (
    "West", "East", "North", "South", "Central", "International", "Europe", "Americas",
    "Asia Pacific", "EMEA", "Nordics", "Digital", "Plus", "Labs", "Online", "Direct",
)  # fmt: skip


def _extender(values: list[str]) -> Callable[[str, int], str]:
    """``(value, cycle) -> value`` for cycles 1, 2...: ``Sales West``, ``Sales East``...
    ``Sales 18`` for words (values with capitals or spaces), ``active-2`` for slugs. The
    added part holds no separator of its kind, so value and cycle can be read back."""
    words = any(" " in v or v[:1].isupper() for v in values)
    if not words:
        return lambda v, j: f"{v}-{j + 1}"
    endings = {v.rsplit(" ", 1)[-1] for v in values}
    quals = [q for q in _QUALIFIERS if " " not in q and q not in endings]

    def extend(v: str, j: int) -> str:
        return f"{v} {quals[j - 1]}" if j <= len(quals) else f"{v} {j - len(quals) + 1}"

    return extend


def _pool_unique(
    pool: Sequence[str],
    base: int,
    max_len: int | None,
    style: str = "suffix",
    sep: str = "-",
    digits: bool = False,
) -> ColumnGenerator:
    """Unique values from a pool: the first ``len(pool)`` rows get plain pool values (a
    permutation), each later round of ``len(pool)`` rows the pool extended once more
    (``Sales West``, ``Sales 2``, ``active-2``). A pool is not a capacity: only where an
    extended value does not fit ``max_len`` does the row itself become the suffix."""
    values = dedupe(list(pool))
    n = len(values)
    plain = set(values)
    a, c = affine(n, base)
    extend = _extender(values)
    fallback = _suffix_fn(max_len, style, sep + sep, digits)
    suffix_cap = _suffix_capacity(max_len, sep + sep, digits, style)
    capacity = None if suffix_cap is None else _cap(max(n, suffix_cap))

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            v = values[(a * r + c) % n]
            if r >= n:
                v2 = extend(v, r // n)
                # the doubled separator keeps a row suffix apart from every plain and
                # extended value
                too_long = max_len is not None and len(v2) > max_len
                v = fallback(v, r) if too_long or v2 in plain else v2
            out.append(v)
        return out

    return _Rows(rows, capacity)


def _past_pool(gen: ColumnGenerator, n: int) -> ColumnGenerator:
    """``gen`` from its ``n``-th value on: a table that already holds rows may hold the plain
    pool values (real country codes, department names), so appended rows take only the
    values past the pool (codes the pool does not have, extended names)."""
    capacity = None if gen.capacity is None else max(0, gen.capacity - n)
    return _Rows(lambda start, stop: gen.batch(start + n, stop + n), capacity)


_PAIRS = [x + y for x in _ALNUM for y in _ALNUM]
_ALNUM_INDEX = {ch: i for i, ch in enumerate(_ALNUM)}


def _code_space(min_len: int, max_len: int) -> tuple[int, int, int]:
    """(shortest length, index of its first code, number of codes) of the bijective
    enumeration of ``_ALNUM`` strings with lengths ``min_len..max_len``."""
    k = len(_ALNUM)
    lo = max(1, min_len)
    offset = sum(k**i for i in range(1, lo))
    total = sum(k**i for i in range(lo, max_len + 1))
    return lo, offset, total


def _code_number(code: str) -> int | None:
    """Inverse of :func:`bijective` over ``_ALNUM`` (``None`` for other characters)."""
    n = 0
    k = len(_ALNUM)
    for ch in code:
        d = _ALNUM_INDEX.get(ch)
        if d is None:
            return None
        n = n * k + d + 1
    return n - 1 if code else None


def _short_codes(min_len: int, max_len: int, unique: bool, base: int) -> ColumnGenerator:
    lo, offset, total = _code_space(min_len, max_len)
    if unique:
        return _Rows(perm_rows(total, base, lambda i: bijective(offset + i, _ALNUM)), _cap(total))
    lengths = range(lo, max_len + 1)

    def fill(rng: Any, n: int) -> list[Any]:
        # Codes of the full length from two-character pieces, one draw per piece for the
        # whole block, then cut to a drawn length: no per-row draws or joins of chars.
        ch = rng.choices
        parts = [ch(_PAIRS, k=n) for _ in range(max_len // 2)]
        if max_len % 2:
            parts.append(ch(_ALNUM, k=n))
        codes: list[str] = parts[0] if len(parts) == 1 else list(map("".join, zip(*parts)))
        if lo < max_len:
            codes = [c[:m] for c, m in zip(codes, ch(lengths, k=n), strict=False)]
        return codes

    return _Block(base, fill)


def _pool_then_codes(pool: Sequence[str], min_len: int, max_len: int, base: int) -> ColumnGenerator:
    """Unique values of a short column: the pool's values first (``USD``, ``EUR``...),
    then the short codes the pool does not hold. Capacity is the whole code space."""
    values = dedupe(list(pool))
    n = len(values)
    a, c = affine(n, base)
    lo, offset, total = _code_space(min_len, max_len)
    taken = sorted(
        {
            i
            for i in (_code_number(v) for v in values if len(v) >= lo)
            if i is not None and 0 <= i - offset < total
        }
    )
    taken = [i - offset for i in taken]
    rest = total - len(taken)
    ra, rc = affine(rest, base ^ 0x632BE59BD9B4E019)

    def free(j: int) -> int:
        # the j-th code index not taken by the pool
        skipped = bisect_right(taken, j)
        while True:
            more = bisect_right(taken, j + skipped)
            if more == skipped:
                return j + skipped
            skipped = more

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            if r < n:
                out.append(values[(a * r + c) % n])
            else:
                out.append(bijective(offset + free((ra * (r - n) + rc) % rest), _ALNUM))
        return out

    return _Rows(rows, _cap(n + rest))


def _semantic_fill(sem: Semantic, env: Env) -> Callable[[Any, int], list[Any]] | list[str]:
    """A fill function, or the pool (a list) when values are picks from a fixed list."""
    if sem.words is not None:
        return [w for w in sem.words if env.max_len is None or len(w) <= env.max_len]
    if sem.provider is not None:
        pool = [str(v) for v in provider_pool(env.locales, sem.provider)]
        if env.max_len is not None:
            pool = [v for v in pool if len(v) <= env.max_len]
        return pool
    assert sem.build is not None
    return sem.build(env)


def _gen_str(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    max_len = _max_len(ctx, t, bounds)
    min_len = bounds.min_length or 0
    if max_len is not None and min_len > max_len:
        raise ConfigError(
            f"column {_where(ctx)}: minimum length {min_len} exceeds maximum {max_len}; "
            f"fix the CHECK constraint (seed {ctx.seed})"
        )
    short = max_len is not None and max_len < 8
    env = _env(ctx, max_len)
    sem = _semantic(ctx, "str", max_len)
    if sem is None or sem.name == "code":
        fixed = _fixed_digits(ctx, t, max_len, min_len, base)
        if fixed is not None:
            return fixed
    if sem is not None:
        if ctx.unique and sem.unique_rows is not None:
            fn, cap = sem.unique_rows(env, base)
            return _Rows(fn, cap)
        src = _semantic_fill(sem, env)
        digits = sem.style == "digits"
        if isinstance(src, list):
            pool = [v for v in src if len(v) >= min_len]
            if pool:
                if ctx.unique:
                    if short:
                        assert max_len is not None
                        pooled = _pool_then_codes(pool, min_len, max_len, base)
                    else:
                        pooled = _pool_unique(pool, base, max_len, sem.style, sem.sep, digits)
                    return _past_pool(pooled, len(set(pool))) if ctx.appending else pooled
                return _Block(base, lambda rng, n: rng.choices(pool, k=n))
        elif not (short and ctx.unique):
            gen: ColumnGenerator = _Block(base, _clip(src, max_len, min_len))
            if ctx.unique:
                return _suffixed(gen, max_len, sem.style, sem.sep, digits)
            return gen
    if short:
        assert max_len is not None
        return _short_codes(min_len, max_len, ctx.unique, base)
    fill = word_fill((1, 3))(env)
    gen = _Block(base, _clip(fill, max_len, min_len))
    if ctx.unique:
        return _suffixed(gen, max_len, "suffix", "-")
    return gen


_NUMBER_WORDS = frozenset("no nr num number".split())


def _fixed_digits(
    ctx: ColumnContext, t: Any, max_len: int | None, min_len: int, base: int
) -> ColumnGenerator | None:
    """A number of fixed width, ``char(n)`` named ``*_no`` / ``*_number`` (``ticket_no
    char(13)``): ``n`` digits, the first not 0 (unique: a keyed permutation of them)."""
    words = column_words(ctx.column.name)
    width = getattr(t, "length", None)
    if len(words) < 2 or words[-1] not in _NUMBER_WORDS or max_len != width or width is None:
        return None
    if type(t).__name__.upper() not in ("CHAR", "NCHAR") or not 2 <= width <= 30:
        return None
    if min_len > width:
        return None
    low = 10 ** (width - 1)
    build, unique = numbered(9 * low, lambda k: str(low + k))
    env = _env(ctx, max_len)
    if ctx.unique:
        fn, cap = unique(env, base)
        return _Rows(fn, cap)
    return _Block(base, build(env))


def _clip(
    fill: Callable[[Any, int], list[Any]], max_len: int | None, min_len: int
) -> Callable[[Any, int], list[Any]]:
    if max_len is None and not min_len:
        return fill

    def clipped(rng: Any, n: int) -> list[Any]:
        vals = fill(rng, n)
        if max_len is not None:
            m = max_len
            vals = [v if len(v) <= m else v[:m] for v in vals]
        if min_len:
            vals = _pad(vals, min_len)
        return vals

    return clipped


BUILDERS.update(
    {
        "str": _gen_str,
    }
)
