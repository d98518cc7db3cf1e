"""Structured types: JSON, HSTORE, BIT, TSVECTOR, ranges, multiranges and arrays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from pytest_dbseed.engine.bijections import perm_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.pools import locales_of, provider_pool
from pytest_dbseed.engine.rng import derive
from pytest_dbseed.engine.semantics import (
    ANCHOR,
    singular,
    split_name,
)
from pytest_dbseed.engine.semantics.fills import (
    tsvector_fill,
)
from pytest_dbseed.engine.types import bit_length, column_kind
from pytest_dbseed.engine.values.base import (
    _UTC,
    BUILDERS,
    ColumnContext,
    ColumnGenerator,
    _Block,
    _cap,
    _env,
    _Map,
    _Rows,
    _unsupported,
    make_generator,
)
from pytest_dbseed.engine.values.documents import json_fill, json_shape
from pytest_dbseed.engine.values.text import _suffixed


def _gen_tsvector(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    gen: ColumnGenerator = _Block(base, tsvector_fill(_env(ctx, None)))
    if ctx.unique:
        gen = _suffixed(gen, None, "suffix", " w")
    return gen


def _gen_json(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    """A document shaped by the column's name (see :mod:`.documents`)."""
    locales = locales_of(ctx.locale)
    words = [str(w) for w in provider_pool(locales, "word")]
    shape = json_shape(ctx.table, ctx.column)
    container = {"list": list, "dict": dict}.get(ctx.column.container or "")
    gen: ColumnGenerator = _Block(base, json_fill(shape, container, locales, words))
    if ctx.unique:

        def with_id(values: list[Any], start: int) -> list[Any]:
            # the row's number in every document: distinct rows, distinct documents
            out: list[Any] = []
            for i, v in enumerate(values):
                if isinstance(v, list):
                    out.append([*v, f"item-{start + i}"])
                else:
                    out.append({"id": start + i, **v})
            return out

        gen = _Map(gen, with_id, None)
    return gen


def _gen_hstore(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    colors = ("red", "green", "blue", "black", "white")
    sizes = ("S", "M", "L", "XL")
    unique = ctx.unique

    def fill(rng: Any, n: int) -> list[Any]:
        ch = rng.choices
        return [
            {"color": c, "size": s} for c, s in zip(ch(colors, k=n), ch(sizes, k=n), strict=False)
        ]

    gen: ColumnGenerator = _Block(base, fill)
    if unique:
        gen = _Map(gen, lambda vs, s: [{**v, "id": str(s + i)} for i, v in enumerate(vs)], None)
    return gen


def _gen_bit(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    n, varying = bit_length(t)
    if ctx.unique:
        total = 1 << n
        return _Rows(perm_rows(total, base, lambda i: format(i, f"0{n}b")), _cap(total))

    def fill(rng: Any, k: int) -> list[Any]:
        bits = rng.getrandbits
        if varying:
            r = rng.random
            out = []
            for _ in range(k):
                m = 1 + int(r() * n)
                out.append(format(bits(m), f"0{m}b"))
            return out
        return [format(bits(n), f"0{n}b") for _ in range(k)]

    return _Block(base, fill)


# Points a range's lower bound is chosen among. Dates step by a day, so their span is four
# years around the anchor (as plain dates); other subtypes step finely enough for 70,000.
_DATE_SPAN = 1460
_SPAN = 70000


def _span(t: Any) -> int:
    return _DATE_SPAN if isinstance(t, (pg.DATERANGE, pg.DATEMULTIRANGE)) else _SPAN


def _range_parts(ctx: ColumnContext, t: Any) -> tuple[Callable[[int], Any], Callable[[Any], Any]]:
    """(value of a point index, step function) for the subtype of a range type."""
    if isinstance(t, (pg.INT4RANGE, pg.INT4MULTIRANGE, pg.INT8RANGE, pg.INT8MULTIRANGE)):
        return (lambda i: i), (lambda v: v)
    if isinstance(t, (pg.NUMRANGE, pg.NUMMULTIRANGE)):
        return (lambda i: Decimal(i).scaleb(-2)), (lambda v: v)
    if isinstance(t, (pg.DATERANGE, pg.DATEMULTIRANGE)):
        first = ANCHOR.date().toordinal() - 730
        return (lambda i: date.fromordinal(first + i)), (lambda v: v)
    aware = isinstance(t, (pg.TSTZRANGE, pg.TSTZMULTIRANGE))
    origin = (ANCHOR.replace(tzinfo=_UTC) if aware else ANCHOR) - timedelta(days=730)
    return (lambda i: origin + timedelta(minutes=15 * i)), (lambda v: v)


def _gen_range(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    point, _ = _range_parts(ctx, t)
    rng_cls = pg.Range
    span = _span(t)

    def mk(lo: int, width: int) -> Any:
        return rng_cls(point(lo), point(lo + width), bounds="[)")

    if ctx.column.disjoint:
        return _Rows(_apart(base, lambda lo, m: mk(lo + m % 4, 1 + (m >> 2) % 4)), None)
    if ctx.unique:
        return _Rows(perm_rows(span * 100, base, lambda i: mk(i // 100, 1 + i % 100)), span * 100)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [mk(int(r() * span), 1 + int(r() * 100)) for _ in range(n)]

    return _Block(base, fill)


def _gen_multirange(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    point, _ = _range_parts(ctx, t)
    rng_cls = pg.Range
    span = _span(t)

    def mk(lo: int, w1: int, gap: int, w2: int) -> list[Any]:
        a = rng_cls(point(lo), point(lo + w1), bounds="[)")
        b = rng_cls(point(lo + w1 + gap), point(lo + w1 + gap + w2), bounds="[)")
        return [a, b]

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [
            mk(int(r() * span), 1 + int(r() * 50), 1 + int(r() * 50), 1 + int(r() * 50))
            for _ in range(n)
        ]

    gen: ColumnGenerator = _Block(base, fill)
    if ctx.column.disjoint:
        gen = _Rows(_apart(base, lambda lo, m: mk(lo, 1 + m % 3, 1, 1 + (m >> 2) % 3)), None)
    elif ctx.unique:
        gen = _Rows(lambda s, e: [mk(r * 200, 50, 50, 50) for r in range(s, e)], 10**6)
    return gen


_APART = 8
"""Points between the starts of two rows' ranges kept apart by an exclusion constraint."""


def _apart(base: int, make: Callable[[int, int], Any]) -> Callable[[int, int], list[Any]]:
    """Rows whose ranges never overlap (``EXCLUDE ... (during WITH &&)``): row ``r`` holds
    a range inside points ``[8r, 8r + 8)`` (two hours of 15-minute points, eight days,
    eight numbers), made by ``make(8r, mixed)`` with a number the row and seed mix, so
    later rows hold later ranges of varied widths."""

    def rows(start: int, stop: int) -> list[Any]:
        return [
            make(_APART * r, ((r * 0x9E3779B1 + base) & 0xFFFFFFFF) >> 5)
            for r in range(start, stop)
        ]

    return rows


def _gen_array(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    item_type = t.item_type
    if isinstance(item_type, type):
        item_type = item_type()
    words = split_name(ctx.column.name)
    item_name = "_".join(words[:-1] + [singular(words[-1])]) if words else "item"
    kind, item_base = column_kind(item_type)
    item_col = replace(
        ctx.column,
        name=item_name,
        key=item_name,
        type=item_type,
        nullable=False,
        primary_key=False,
        unique=False,
        autoincrement=False,
        length=getattr(item_type, "length", None),
        enum_values=tuple(item_type.enums) if isinstance(item_type, sa.Enum) else None,
        kind=kind,
        base_type=item_base,
    )
    if kind in ("array", "unsupported"):
        raise _unsupported(ctx, f"array items of type {item_type!r}")
    item_ctx = replace(ctx, column=item_col, bounds=None, unique=False, null_fraction=0.0)
    items = make_generator(item_ctx)
    per_row = 4

    def counts(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [int(r() * per_row) for _ in range(n)]

    sizes = _Block(derive(base, "size"), counts)

    distinct = kind == "str"  # tags, labels, emails: a list of strings names each once

    def fn(start: int, stop: int) -> list[Any]:
        vals = items.batch(start * per_row, stop * per_row)
        ns = sizes.batch(start, stop)
        got = [vals[i * per_row : i * per_row + k] for i, k in enumerate(ns)]
        return [list(dict.fromkeys(v)) if len(v) > 1 else v for v in got] if distinct else got

    if ctx.unique:
        first = make_generator(replace(item_ctx, unique=True))

        def ufn(start: int, stop: int) -> list[Any]:
            heads = first.batch(start, stop)
            out = [[h, *rest] for h, rest in zip(heads, fn(start, stop), strict=False)]
            return [list(dict.fromkeys(v)) for v in out] if distinct else out

        return _Rows(ufn, first.capacity)
    return _Rows(fn, None)


BUILDERS.update(
    {
        "tsvector": _gen_tsvector,
        "json": _gen_json,
        "hstore": _gen_hstore,
        "bit": _gen_bit,
        "range": _gen_range,
        "multirange": _gen_multirange,
        "array": _gen_array,
    }
)
