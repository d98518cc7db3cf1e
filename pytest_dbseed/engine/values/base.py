"""The shapes of value generators, the dispatch by column kind, and what all families share.

A generator is one of :class:`_Block` (values drawn per block of rows from a seeded RNG),
:class:`_Rows` (computed from the row number alone: keys, permutations), :class:`_Map`
(another generator's values transformed), :class:`_Nulls` (a NULL mask over another) or
:class:`_Const`. :func:`make_generator` reads the column's kind (decided once, on
``ColumnInfo.kind``), merges CHECK and DOMAIN bounds, and calls the builder registered for
that kind in :data:`BUILDERS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from pytest_dbseed.engine.bijections import perm_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.checks.model import within
from pytest_dbseed.engine.pools import locales_of
from pytest_dbseed.engine.rng import BLOCK, block_rng, derive
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.semantics import (
    Env,
    Semantic,
    detect,
    split_name,
    table_word,
)
from pytest_dbseed.engine.types import bit_length, int_type_limits
from pytest_dbseed.engine.values.defaults import DEFAULT_SHARE, FALSE_SHARE, TRUE_SHARE
from pytest_dbseed.errors import ConfigError, UnsupportedTypeError


@dataclass(frozen=True)
class ColumnContext:
    """Everything that decides one column's values."""

    table: TableInfo
    column: ColumnInfo
    seed: int
    locale: str | Sequence[str] | None = None
    providers: tuple[type, ...] = ()
    """Faker provider classes added for ``fake(...)`` overrides (``seed(providers=...)``)."""
    bounds: ColumnBounds | None = None
    unique: bool = False
    null_fraction: float = 0.1
    """Share of NULLs in a nullable column (never in NOT NULL, unique-by-construction keeps
    NULLs too since NULLs never collide)."""
    default: tuple[Any, ...] = ()
    """``(value,)``: the column's server default, one plausible value among the generated
    ones (the most common); ``()`` for none."""
    appending: bool = False
    """The table already holds rows this seed did not write (append mode): unique values
    then skip the plain values of a pool (``FR``, ``Sales``), which those rows may hold."""


class ColumnGenerator(Protocol):
    """Values of one column, addressed by row number."""

    capacity: int | None

    def batch(self, start: int, stop: int) -> list[Any]: ...


Override = Any
"""A per-column override: a constant, a callable ``f(row: int) -> value``, or
``fake("provider")`` naming a Faker provider."""

SUPPORTED_TYPES = (
    "Integer", "SmallInteger", "BigInteger", "Numeric(p,s)", "Float/REAL/DOUBLE", "String(n)",
    "Text", "Unicode", "CHAR", "CITEXT", "Boolean", "Date", "DateTime(tz)", "Time(tz)",
    "Interval", "LargeBinary/BYTEA", "Enum (with or without a Python enum)/ENUM", "JSON/JSONB",
    "PickleType", "Uuid/UUID", "ARRAY", "TypeDecorator (its impl)", "DOMAIN (its data type)",
    "INET", "CIDR", "MACADDR", "MACADDR8", "INTERVAL", "MONEY", "BIT(n)/VARBIT", "TSVECTOR",
    "HSTORE", "INT4RANGE", "INT8RANGE", "NUMRANGE", "DATERANGE", "TSRANGE", "TSTZRANGE",
    "INT4MULTIRANGE/INT8MULTIRANGE/NUMMULTIRANGE/DATEMULTIRANGE/TSMULTIRANGE/TSTZMULTIRANGE",
    "XML", "POINT/LINE/LSEG/BOX/PATH/POLYGON/CIRCLE", "TSQUERY", "LTREE", "VECTOR(n) (pgvector)",
    "GEOMETRY/GEOGRAPHY (PostGIS, as EWKT)",
)  # fmt: skip
"""Column types :func:`make_generator` understands. The last ones SQLAlchemy does not know:
on PostgreSQL their type is read from the catalog (:mod:`.pgtypes`)."""

_MAX_CAPACITY = 10**15
_UTC = timezone.utc
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


# =========================================================================== generators


class _Block:
    """Values drawn per block of rows: one ``fill(rng, BLOCK)`` call per block."""

    __slots__ = ("capacity", "_base", "_fill", "_cb", "_cv")

    def __init__(
        self, base: int, fill: Callable[[Any, int], list[Any]], capacity: int | None = None
    ) -> None:
        self.capacity = capacity
        self._base = base
        self._fill = fill
        self._cb = -1
        self._cv: list[Any] = []

    def _block(self, b: int) -> list[Any]:
        if b != self._cb:
            self._cv = self._fill(block_rng(self._base, b), BLOCK)
            self._cb = b
        return self._cv

    def batch(self, start: int, stop: int) -> list[Any]:
        out: list[Any] = []
        row = start
        while row < stop:
            b, off = divmod(row, BLOCK)
            vals = self._block(b)
            end = min(BLOCK, off + stop - row)
            if off == 0 and end == BLOCK:
                out.extend(vals)
            else:
                out.extend(vals[off:end])
            row += end - off
        return out


class _Rows:
    """Values computed from the row number alone (keys, permutations)."""

    __slots__ = ("capacity", "_fn")

    def __init__(self, fn: Callable[[int, int], list[Any]], capacity: int | None) -> None:
        self.capacity = capacity
        self._fn = fn

    def batch(self, start: int, stop: int) -> list[Any]:
        return self._fn(start, stop) if stop > start else []


class _Map:
    """An inner generator's values passed through ``fn(values, start)``."""

    __slots__ = ("capacity", "_inner", "_fn")

    def __init__(
        self,
        inner: ColumnGenerator,
        fn: Callable[[list[Any], int], list[Any]],
        capacity: int | None,
    ) -> None:
        self.capacity = capacity
        self._inner = inner
        self._fn = fn

    def batch(self, start: int, stop: int) -> list[Any]:
        if stop <= start:
            return []
        return self._fn(self._inner.batch(start, stop), start)


class _Nulls:
    """NULL in about ``fraction`` of the rows, chosen by a stream of their own."""

    __slots__ = ("capacity", "_inner", "_mask")

    def __init__(self, inner: ColumnGenerator, base: int, fraction: float) -> None:
        self.capacity = inner.capacity
        self._inner = inner

        def fill(rng: Any, n: int) -> list[Any]:
            r = rng.random
            return [r() < fraction for _ in range(n)]

        self._mask = _Block(base, fill)

    def batch(self, start: int, stop: int) -> list[Any]:
        vals = self._inner.batch(start, stop)
        mask = self._mask.batch(start, stop)
        return [None if m else v for v, m in zip(vals, mask, strict=False)]


class _Mixed:
    """``value`` in about ``share`` of the rows (a stream of their own), the inner
    generator's values in the others."""

    __slots__ = ("capacity", "_inner", "_mask", "_value")

    def __init__(self, inner: ColumnGenerator, base: int, share: float, value: Any) -> None:
        self.capacity = inner.capacity
        self._inner = inner
        self._value = value

        def fill(rng: Any, n: int) -> list[Any]:
            r = rng.random
            return [r() < share for _ in range(n)]

        self._mask = _Block(base, fill)

    def batch(self, start: int, stop: int) -> list[Any]:
        vals = self._inner.batch(start, stop)
        value = self._value
        return [value if m else v for v, m in zip(vals, self._mask.batch(start, stop))]


class _Const:
    __slots__ = ("capacity", "_value")

    def __init__(self, value: Any) -> None:
        self.capacity = 1
        self._value = value

    def batch(self, start: int, stop: int) -> list[Any]:
        return [self._value] * max(0, stop - start)


class _Excluding:
    """An inner generator's values minus the values a CHECK excludes (``<>``, ``NOT IN``).

    Unique: the inner rows ``capacity - k .. capacity - 1`` (``k`` excluded values) are the
    spares. A row whose value is the ``j``-th excluded value takes the value of spare ``j``;
    when that one is excluded too (the ``m``-th), spare ``m``, and so on. A row below the
    spares never holds a spare's value, so a walk starts at no spare's value, never loops
    and two walks never meet: distinct rows keep distinct values, and the capacity drops by
    ``k``. Not unique: the value of the next row whose value is not excluded.
    """

    __slots__ = ("capacity", "_inner", "_index", "_spares", "_unique")

    _WINDOW = 32
    _REACH = 4096
    """Rows looked at past an excluded one for a replacement (not unique)."""

    def __init__(self, inner: ColumnGenerator, excluded: Sequence[Any], unique: bool) -> None:
        self._inner = inner
        self._unique = unique
        self._index = {v: j for j, v in enumerate(excluded)}
        k = len(self._index)
        cap = inner.capacity
        top = _MAX_CAPACITY if cap is None else cap
        self._spares = top - k
        self.capacity = None if cap is None else max(0, cap - k)

    def batch(self, start: int, stop: int) -> list[Any]:
        if stop <= start:
            return []
        index = self._index
        if self._unique:
            vals = self._inner.batch(start, stop)
            return [self._spare(v) if v in index else v for v in vals]
        n = stop - start
        vals = self._inner.batch(start, stop + self._WINDOW)
        out = vals[:n]
        for i, v in enumerate(out):
            if v in index:
                out[i] = self._next(vals, i, start)
        return out

    def _spare(self, value: Any) -> Any:
        v = value
        for _ in range(len(self._index) + 1):
            row = self._spares + self._index[v]
            v = self._inner.batch(row, row + 1)[0]
            if v not in self._index:
                return v
        return value  # pragma: no cover - a walk ends within k steps (see the docstring)

    def _next(self, vals: list[Any], i: int, start: int) -> Any:
        index = self._index
        for j in range(i + 1, len(vals)):
            if vals[j] not in index:
                return vals[j]
        row = start + len(vals)
        end = start + i + self._REACH
        while row < end:
            for w in self._inner.batch(row, row + self._WINDOW):
                if w not in index:
                    return w
            row += self._WINDOW
        return vals[i]  # every value near it is excluded: the database has the last word


def _reachable_exclusions(ctx: ColumnContext, kind: str, t: Any, bounds: ColumnBounds) -> list[Any]:
    """The excluded values the column could otherwise hold (inside its other bounds and
    lengths), in the CHECK's order; none for the kinds whose builders skip them already."""
    if not bounds.excluded or kind in _SKIPS_EXCLUSIONS:
        return []
    max_len = _max_len(ctx, t, bounds) if kind == "str" else bounds.max_length
    out: list[Any] = []
    for e in dict.fromkeys(bounds.excluded):
        if e is None or (kind == "str" and not isinstance(e, str)):
            continue
        if within(e, bounds.low, bounds.low_inclusive, bounds.high, bounds.high_inclusive,
                  (), bounds.min_length, max_len):  # fmt: skip
            out.append(e)
    return out


_SKIPS_EXCLUSIONS = frozenset({"int", "decimal", "money", "bool", "enum"})
"""Kinds whose builders (or finite domains) leave excluded values out themselves."""


def _cap(n: int | None) -> int | None:
    return None if n is None or n > _MAX_CAPACITY else n


def _where(ctx: ColumnContext) -> str:
    return f"{ctx.table.fullname}.{ctx.column.name}"


# =========================================================================== type kinds


_DOMAIN_CHECK = re.compile(r"VALUE\s*(>=|<=|>|<)\s*'?(-?\d+(?:\.\d+)?)'?", re.IGNORECASE)


def _declared_type(ctx: ColumnContext) -> sa.types.TypeEngine[Any]:
    """The column's type as declared (a DOMAIN itself, where the schema graph keeps its
    data type)."""
    table = getattr(ctx.table, "table", None)
    if isinstance(table, sa.Table) and ctx.column.name in table.c:
        declared: sa.types.TypeEngine[Any] = table.c[ctx.column.name].type
        return declared
    return ctx.column.type


def _domain_info(coltype: sa.types.TypeEngine[Any]) -> tuple[bool, ColumnBounds | None]:
    """NOT NULL and simple ``VALUE >= n`` checks carried by a PostgreSQL DOMAIN, for
    callers that hand over no bounds of their own."""
    t: Any = coltype
    while isinstance(t, sa.types.TypeDecorator):
        t = t.impl_instance
    if not isinstance(t, pg.DOMAIN):
        return False, None
    check = str(t.check) if t.check is not None else ""
    low = high = None
    low_inc = high_inc = True
    if check and " or " not in check.lower():
        for op, num in _DOMAIN_CHECK.findall(check):
            value = Decimal(num)
            if op in (">", ">="):
                low, low_inc = value, op == ">="
            else:
                high, high_inc = value, op == "<="
    bounds = None
    if low is not None or high is not None:
        bounds = ColumnBounds(low=low, low_inclusive=low_inc, high=high, high_inclusive=high_inc)
    return bool(t.not_null), bounds


def _merge_bounds(a: ColumnBounds | None, b: ColumnBounds | None) -> ColumnBounds | None:
    if a is None or b is None:
        return a or b
    return replace(
        a,
        low=a.low if a.low is not None else b.low,
        low_inclusive=a.low_inclusive if a.low is not None else b.low_inclusive,
        high=a.high if a.high is not None else b.high,
        high_inclusive=a.high_inclusive if a.high is not None else b.high_inclusive,
        not_null=a.not_null or b.not_null,
    )


def _type_name(ctx: ColumnContext) -> str:
    col = ctx.column
    if col.catalog_type is not None:
        return col.catalog_type
    if isinstance(col.type, sa.types.NullType):
        return "a type SQLAlchemy does not recognize (reflected without a type)"
    return repr(col.type)


def _unsupported(ctx: ColumnContext, why: str = "") -> UnsupportedTypeError:
    return UnsupportedTypeError(
        f"cannot generate values for column {_where(ctx)} of type {_type_name(ctx)}"
        f"{': ' + why if why else ''} (seed {ctx.seed}). Fix: give this column an override: "
        f"a constant, a callable taking the row number, or fake('provider') naming a Faker "
        f"provider, e.g. rows(..., {ctx.column.name}=fake('pystr'))"
    )


def _max_len(ctx: ColumnContext, t: Any, bounds: ColumnBounds) -> int | None:
    length = getattr(t, "length", None)
    if not (isinstance(length, int) and length > 0):
        # A reflected DOMAIN over varchar(n) comes back from SQLAlchemy without n; the
        # schema graph may know it from the catalog.
        length = ctx.column.length
    m = length if isinstance(length, int) and length > 0 else None
    if bounds.max_length is not None:
        m = bounds.max_length if m is None else min(m, bounds.max_length)
    return m


# =========================================================================== public API


def make_generator(ctx: ColumnContext) -> ColumnGenerator:
    """The generator of one column's values (see the module docstring for the contract).

    Raises :class:`UnsupportedTypeError` for a type without a generator.
    """
    kind, t = ctx.column.kind, ctx.column.concrete_type
    dom_not_null, dom_bounds = _domain_info(_declared_type(ctx))
    bounds = _merge_bounds(ctx.bounds, dom_bounds) or ColumnBounds()
    base = derive(ctx.seed, ctx.table.fullname, ctx.column.name)
    gen = _value_generator(ctx, kind, t, bounds, base)
    if bounds.patterns and bounds.allowed is None and kind == "str":
        from pytest_dbseed.engine.values.patterned import Patterned

        lengths = (bounds.min_length or 0, _max_len(ctx, t, bounds))
        gen = Patterned(gen, bounds, ctx.unique, lengths, derive(base, "pattern"))
        if not gen.met():
            named = ", ".join(dict.fromkeys(p.constraint for p in bounds.patterns))
            raise ConfigError(
                f"column {_where(ctx)}: its patterns ({named}) together allow no string the "
                f"generator can make{' for every row of a unique column' if ctx.unique else ''}"
                f" (seed {ctx.seed}). Fix: make the CHECKs agree (a child's CHECK on a foreign "
                "key applies to the parent's column too), or give the column an override."
            )
    excluded = [] if bounds.allowed is not None else _reachable_exclusions(ctx, kind, t, bounds)
    if excluded and not isinstance(gen, _Const):
        gen = _Excluding(gen, excluded, ctx.unique)
    if ctx.default and not ctx.unique and kind != "bool" and not isinstance(gen, _Const):
        salt = derive(ctx.seed, ctx.table.fullname, ctx.column.name, "default")
        gen = _Mixed(gen, salt, DEFAULT_SHARE, ctx.default[0])
    nullable = ctx.column.nullable and not bounds.not_null and not dom_not_null
    if nullable and ctx.null_fraction > 0 and not isinstance(gen, _Const):
        gen = _Nulls(gen, derive(ctx.seed, ctx.table.fullname, ctx.column.name, "null"),
                     min(1.0, ctx.null_fraction))  # fmt: skip
    return gen


def holds_null(ctx: ColumnContext) -> bool:
    """Whether the column may hold NULL: nullable, and neither its CHECKs (``ctx.bounds``)
    nor its DOMAIN keep it set."""
    dom_not_null, _ = _domain_info(_declared_type(ctx))
    bounds = ctx.bounds or ColumnBounds()
    return ctx.column.nullable and not bounds.not_null and not dom_not_null


def finite_domain(ctx: ColumnContext) -> Sequence[Any] | None:
    """Every distinct value the column can hold, when there are few (<= 1000), else ``None``."""
    kind, t = ctx.column.kind, ctx.column.concrete_type
    _, dom_bounds = _domain_info(_declared_type(ctx))
    bounds = _merge_bounds(ctx.bounds, dom_bounds) or ColumnBounds()
    return _finite(ctx, kind, t, bounds)


# =========================================================================== dispatch


def _value_generator(
    ctx: ColumnContext, kind: str, t: Any, bounds: ColumnBounds, base: int
) -> ColumnGenerator:
    if bounds.allowed is not None:
        allowed = [v for v in bounds.allowed if v not in bounds.excluded]
        if not allowed:
            raise ConfigError(
                f"column {_where(ctx)}: its CHECK allows no value (IN list minus exclusions); "
                f"(seed {ctx.seed}). Fix: change the constraint or give the column an override"
            )
        return _domain_gen(allowed, ctx.unique, base)
    if kind == "unsupported":
        raise _unsupported(ctx)
    if kind in ("bool", "enum"):
        dom = _finite(ctx, kind, t, bounds) or []
        if not dom:
            raise _unsupported(ctx, "the enum has no values")
        p = None
        if kind == "bool" and not ctx.unique:
            sem = detect(ctx.table.name, ctx.column.name, "bool", None)
            p = sem.bool_p if sem is not None else 0.5
            if ctx.default in ((True,), (False,)):
                p = max(p or 0.5, TRUE_SHARE) if ctx.default[0] else min(p or 0.5, FALSE_SHARE)
        return _domain_gen(dom, ctx.unique, base, p)
    container = ctx.column.container
    if (
        container is not None
        and kind not in ("array", "pickle")
        and (kind != "json" or container not in ("dict", "list"))
    ):
        # The ORM loads only this container into the attribute (a mutable extension);
        # JSON lists and dicts are shaped by the column's name (values.documents).
        return BUILDERS["container"](ctx, t, bounds, base)
    builder = BUILDERS.get(kind)
    if builder is None:  # pragma: no cover - every kind above has a builder
        raise _unsupported(ctx)
    return builder(ctx, t, bounds, base)


def _domain_gen(
    dom: Sequence[Any], unique: bool, base: int, p_true: float | None = None
) -> ColumnGenerator:
    values = list(dom)
    if unique:
        return _Rows(perm_rows(len(values), base, values.__getitem__), len(values))
    if p_true is not None and values == [False, True]:
        p = p_true

        def fill_bool(rng: Any, n: int) -> list[Any]:
            r = rng.random
            return [r() < p for _ in range(n)]

        return _Block(base, fill_bool, 2)
    return _Block(base, lambda rng, n: rng.choices(values, k=n), len(values))


def _finite(ctx: ColumnContext, kind: str, t: Any, bounds: ColumnBounds) -> list[Any] | None:
    ex = set(bounds.excluded)
    if bounds.allowed is not None:
        return [v for v in bounds.allowed if v not in ex]
    if kind == "bool":
        return [v for v in (False, True) if v not in ex]
    if kind == "enum":
        vals = list(ctx.column.enum_values or getattr(t, "enums", ()) or ())
        return [v for v in vals if v not in ex]
    if kind == "int":
        lo, hi = _int_limits(ctx, t, bounds)
        if hi - lo < 1000:
            return [v for v in range(lo, hi + 1) if v not in ex]
        return None
    if kind == "bit":
        n, varying = bit_length(t)
        if not varying and n <= 10:
            return [format(i, f"0{n}b") for i in range(1 << n)]
        return None
    if kind == "str":
        max_len = _max_len(ctx, t, bounds)
        if bounds.patterns:
            from pytest_dbseed.engine.values.patterned import pattern_domain

            return pattern_domain(bounds, (bounds.min_length or 0, max_len))
        if max_len is not None and max_len <= 1:
            return [c for c in _ALNUM if c not in ex]
    return None


def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _int_limits(ctx: ColumnContext, t: Any, bounds: ColumnBounds) -> tuple[int, int]:
    lo, hi = int_type_limits(t)
    low, high = _num(bounds.low), _num(bounds.high)
    if low is not None:
        b = math.ceil(low)
        if not bounds.low_inclusive and b == low:
            b += 1
        lo = max(lo, int(b))
    if high is not None:
        b = math.floor(high)
        if not bounds.high_inclusive and b == high:
            b -= 1
        hi = min(hi, int(b))
    if lo > hi:
        raise ConfigError(
            f"column {_where(ctx)}: its CHECK constraints leave no integer value "
            f"(between {bounds.low!r} and {bounds.high!r}) (seed {ctx.seed}). Fix: change the "
            "constraint or give the column an override"
        )
    return lo, hi


def _soft(lo: int, hi: int, soft_lo: int, soft_hi: int) -> tuple[int, int]:
    """The part of the realistic range ``[soft_lo, soft_hi]`` inside ``[lo, hi]``."""
    a, b = max(lo, soft_lo), min(hi, soft_hi)
    if a > b:  # the realistic range is outside the allowed one: stay near the allowed edge
        width = soft_hi - soft_lo
        if soft_lo > hi:
            a, b = max(lo, hi - width), hi
        else:
            a, b = lo, min(hi, lo + width)
    return a, b


def _skip_excluded(lo: int, hi: int, excluded: Sequence[Any]) -> list[int]:
    return sorted({int(e) for e in excluded if isinstance(e, int) and lo <= e <= hi})


def _semantic(ctx: ColumnContext, kind: str, max_len: int | None) -> Semantic | None:
    return detect(ctx.table.name, ctx.column.name, kind, max_len, siblings=ctx.table.column_names)


PENDING_NULLS = 0.96
"""Share of NULLs of a pending request: few users have asked for a password reset
(``reset_password_sent_at``) or changed their email without confirming it yet
(``unconfirmed_email``, ``pending_email``)."""


def _pending(kind: str, words: list[str]) -> bool:
    if kind == "str":
        return len(words) > 1 and words[0] in ("unconfirmed", "pending")
    return kind in ("date", "datetime") and "reset" in words and "password" in words


def null_share(ctx: ColumnContext) -> float:
    """The share of NULLs a nullable column's name asks for: a tenth, or most rows for a
    rare state (``deleted_at``, ``banned_at``: few rows are deleted) or a pending request
    (``reset_password_sent_at``, ``unconfirmed_email``)."""
    col = ctx.column
    if _pending(col.kind, split_name(col.name)):
        return PENDING_NULLS
    if col.kind not in ("date", "datetime"):
        return 0.1
    sem = detect(ctx.table.name, col.name, col.kind, None, siblings=ctx.table.column_names)
    return sem.null_fraction if sem is not None and sem.null_fraction is not None else 0.1


def _next_allowed(v: int, lo: int, hi: int, ex: set[int]) -> int:
    w = v
    for _ in range(len(ex) + 1):
        w = w + 1 if w < hi else lo
        if w not in ex:
            return w
    return v


def _env(ctx: ColumnContext, max_len: int | None) -> Env:
    return Env(
        locales=locales_of(ctx.locale),
        max_len=max_len,
        table=table_word(ctx.table.name),
        tokens=tuple(split_name(ctx.column.name)),
        seed=ctx.seed,
    )


Builder = Callable[[ColumnContext, Any, ColumnBounds, int], ColumnGenerator]
"""Makes the generator of one kind of column: ``(ctx, concrete type, bounds, base key)``."""

BUILDERS: dict[str, Builder] = {}
"""Generator builders by column kind (:func:`pytest_dbseed.engine.types.column_kind`).

Each family module registers its kinds when :mod:`pytest_dbseed.engine.values` imports it."""
