"""Value generators: column type + column name + table context -> realistic values.

Contract used by the rest of the engine:

* ``make_generator(ctx)`` returns a :class:`ColumnGenerator` for one column.
* ``gen.batch(start, stop)`` returns the Python values of rows ``start`` to
  ``stop - 1``. The value of a row depends only on (seed, table, column, row):
  ``batch(0, 10)[5] == batch(5, 6)[0]``, whatever was generated before.
* With ``ctx.unique`` the values are distinct for distinct rows by construction
  (not by retrying), and ``gen.capacity`` is how many distinct values exist
  (``None``: more than any request). Asking a unique generator for a row
  ``>= capacity`` is a caller error; the planner refuses such requests up front.
* ``finite_domain(ctx)`` lists every value a column can hold when that list is
  small (booleans, enums, IN lists, narrow integer ranges), else ``None``.
* ``provider_generator(ctx, "provider")`` is a Faker provider as a per-column override.
* ``implicit_relations(table)`` / ``apply_relations(...)`` keep ``updated_at >= created_at``
  style orderings (and CHECK relations) true within each row.

Values are the natural Python objects of each type (``int``, ``Decimal``,
``datetime``, ``uuid.UUID``, ``bytes``, ``dict``, ``list``, ``Range``...); enum columns get
the strings stored in the database; INET/CIDR/MACADDR/BIT get their text forms.

How it is fast: randomness comes per block of :data:`~pytest_dbseed.engine.rng.BLOCK`
rows from :func:`~pytest_dbseed.engine.rng.block_rng`, one list per block; Faker is
only used to fill small cached pools (see :mod:`pytest_dbseed.engine.semantics`).
"""

from __future__ import annotations

import difflib
import math
import operator
import re
import uuid
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from itertools import repeat
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from pytest_dbseed.engine import semantics as sem_mod
from pytest_dbseed.engine.checks import ColumnBounds, Relation
from pytest_dbseed.engine.rng import BLOCK, block_rng, derive, mix64
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.semantics import ANCHOR, Env, Semantic, detect, locales_of
from pytest_dbseed.errors import ConfigError, UnsupportedTypeError

__all__ = [
    "ColumnContext",
    "ColumnGenerator",
    "Override",
    "make_generator",
    "finite_domain",
    "provider_generator",
    "implicit_relations",
    "apply_relations",
    "column_kind",
    "uuid_for_rows",
    "SUPPORTED_TYPES",
]


@dataclass(frozen=True)
class ColumnContext:
    """Everything that decides one column's values."""

    table: TableInfo
    column: ColumnInfo
    seed: int
    locale: str | Sequence[str] | None = None
    bounds: ColumnBounds | None = None
    unique: bool = False
    null_fraction: float = 0.1
    """Share of NULLs in a nullable column (never in NOT NULL, unique-by-construction keeps
    NULLs too since NULLs never collide)."""


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
    "Uuid/UUID", "ARRAY", "TypeDecorator (its impl)", "DOMAIN (its data type)", "INET", "CIDR",
    "MACADDR", "MACADDR8", "INTERVAL", "MONEY", "BIT(n)/VARBIT", "TSVECTOR", "HSTORE",
    "INT4RANGE", "INT8RANGE", "NUMRANGE", "DATERANGE", "TSRANGE", "TSTZRANGE",
    "INT4MULTIRANGE/INT8MULTIRANGE/NUMMULTIRANGE/DATEMULTIRANGE/TSMULTIRANGE/TSTZMULTIRANGE",
)  # fmt: skip
"""Column types :func:`make_generator` understands."""

_MAX_CAPACITY = 10**15
_UTC = timezone.utc
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_FILLER = " lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"


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


class _Const:
    __slots__ = ("capacity", "_value")

    def __init__(self, value: Any) -> None:
        self.capacity = 1
        self._value = value

    def batch(self, start: int, stop: int) -> list[Any]:
        return [self._value] * max(0, stop - start)


# =========================================================================== helpers


def _affine(n: int, key: int) -> tuple[int, int]:
    """Multiplier and offset of a permutation ``row -> (a * row + c) % n`` of ``range(n)``."""
    if n <= 1:
        return 1, 0
    a = mix64(key) % n or 1
    # A multiplier near n * golden ratio spreads neighbours apart; any coprime works.
    a = (a | 1) % n or 1
    while math.gcd(a, n) != 1:
        a = (a + 1) % n or 1
    return a, mix64(key ^ 0x2545F4914F6CDD1D) % n


def _perm_rows(n: int, key: int, fn: Callable[[int], Any]) -> Callable[[int, int], list[Any]]:
    a, c = _affine(n, key)

    def rows(start: int, stop: int) -> list[Any]:
        return [fn((a * r + c) % n) for r in range(start, stop)]

    return rows


def _hex(n: int) -> str:
    return f"{n:x}"


def _bijective(n: int, alphabet: str) -> str:
    """Bijective numeration: 0 -> 'A', 35 -> '9', 36 -> 'AA'...: every string exactly once."""
    k = len(alphabet)
    out = []
    n += 1
    while n:
        n, d = divmod(n - 1, k)
        out.append(alphabet[d])
    return "".join(reversed(out))


def _cap(n: int | None) -> int | None:
    return None if n is None or n > _MAX_CAPACITY else n


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


def _where(ctx: ColumnContext) -> str:
    return f"{ctx.table.fullname}.{ctx.column.name}"


# =========================================================================== type kinds


_DOMAIN_CHECK = re.compile(r"VALUE\s*(>=|<=|>|<)\s*'?(-?\d+(?:\.\d+)?)'?", re.IGNORECASE)


def column_kind(coltype: sa.types.TypeEngine[Any]) -> tuple[str, sa.types.TypeEngine[Any]]:
    """The engine's family for a column type (``int``, ``str``, ``range``...) and the
    concrete type behind decorators and domains. ``unsupported`` when none fits."""
    t = coltype
    for _ in range(10):
        if isinstance(t, (sa.Interval, pg.INTERVAL)):
            return "interval", t
        if isinstance(t, pg.DOMAIN):
            t = t.data_type if isinstance(t.data_type, sa.types.TypeEngine) else t.data_type()
            continue
        if isinstance(t, sa.types.TypeDecorator):
            t = t.impl_instance
            continue
        break
    checks: list[tuple[type[Any] | tuple[type[Any], ...], str]] = [
        (sa.Enum, "enum"),
        (sa.Boolean, "bool"),
        (pg.MONEY, "money"),
        (pg.INET, "inet"),
        (pg.CIDR, "cidr"),
        (pg.MACADDR8, "macaddr8"),
        (pg.MACADDR, "macaddr"),
        (pg.BIT, "bit"),
        (pg.TSVECTOR, "tsvector"),
        (pg.HSTORE, "hstore"),
        (pg.ranges.AbstractMultiRange, "multirange"),
        (pg.ranges.AbstractSingleRange, "range"),
        (sa.ARRAY, "array"),
        (sa.JSON, "json"),
        (sa.Uuid, "uuid"),
        (sa.Float, "float"),
        (sa.Numeric, "decimal"),
        (sa.Integer, "int"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.Time, "time"),
        (sa.LargeBinary, "bytes"),
        (sa.String, "str"),
    ]
    for cls, kind in checks:
        if isinstance(t, cls):
            return kind, t
    return "unsupported", t


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


def _unsupported(ctx: ColumnContext, why: str = "") -> UnsupportedTypeError:
    return UnsupportedTypeError(
        f"cannot generate values for column {_where(ctx)} of type {ctx.column.type!r}"
        f"{': ' + why if why else ''} (seed {ctx.seed}). Give this column an override: "
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
    kind, t = column_kind(ctx.column.type)
    dom_not_null, dom_bounds = _domain_info(_declared_type(ctx))
    bounds = _merge_bounds(ctx.bounds, dom_bounds) or ColumnBounds()
    base = derive(ctx.seed, ctx.table.fullname, ctx.column.name)
    gen = _value_generator(ctx, kind, t, bounds, base)
    nullable = ctx.column.nullable and not bounds.not_null and not dom_not_null
    if nullable and ctx.null_fraction > 0 and not isinstance(gen, _Const):
        gen = _Nulls(gen, derive(ctx.seed, ctx.table.fullname, ctx.column.name, "null"),
                     min(1.0, ctx.null_fraction))  # fmt: skip
    return gen


def finite_domain(ctx: ColumnContext) -> Sequence[Any] | None:
    """Every distinct value the column can hold, when there are few (<= 1000), else ``None``."""
    kind, t = column_kind(ctx.column.type)
    _, dom_bounds = _domain_info(_declared_type(ctx))
    bounds = _merge_bounds(ctx.bounds, dom_bounds) or ColumnBounds()
    return _finite(ctx, kind, t, bounds)


def provider_generator(
    ctx: ColumnContext,
    provider: str,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
) -> ColumnGenerator:
    """A Faker provider by name as the source of one column's values.

    Values are picks from a cached pool of the provider's output, so the cost per
    value stays far below a Faker call. With ``ctx.unique``, string values get a
    suffix from the row (``jane.doe.4f@example.org``) and other values are a
    permutation of the pool's distinct values (``capacity`` tells how many).
    """
    locales = locales_of(ctx.locale)
    try:
        pool = sem_mod.provider_pool(locales, provider, tuple(args), dict(kwargs or {}))
    except AttributeError:
        names = sem_mod.faker_provider_names(locales[0])
        close = difflib.get_close_matches(provider, names, n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ConfigError(
            f"override for column {_where(ctx)}: Faker has no provider {provider!r} "
            f"(locale {', '.join(locales)}).{hint} Any method of a Faker instance works, "
            f"e.g. fake('email') or fake('random_int', min=1, max=9)"
        ) from None
    except ConfigError:
        raise
    except Exception as exc:
        raise ConfigError(
            f"override for column {_where(ctx)}: Faker provider {provider!r} failed with "
            f"arguments {args!r} {kwargs or {}!r}: {exc}. Check the provider's parameters"
        ) from exc
    if not pool:
        raise ConfigError(f"override for column {_where(ctx)}: provider {provider!r} gave nothing")
    base = derive(ctx.seed, ctx.table.fullname, ctx.column.name, "provider", provider)
    kind, t = column_kind(ctx.column.type)
    bounds = ctx.bounds or ColumnBounds()
    max_len = _max_len(ctx, t, bounds) if kind == "str" else None
    if all(isinstance(v, str) for v in pool):
        strs: list[str] = list(pool)
        if max_len is not None:
            fitting = [v for v in strs if len(v) <= max_len]
            strs = fitting or sem_mod._dedupe([v[:max_len] for v in strs])
        if ctx.unique:
            style = "email" if all("@" in v for v in strs[:20]) else "suffix"
            return _pool_unique(strs, base, max_len, style, "." if style == "email" else "-")
        return _Block(base, lambda rng, n: rng.choices(strs, k=n))
    if ctx.unique:
        distinct = sem_mod._dedupe(list(pool))
        return _Rows(_perm_rows(len(distinct), base, distinct.__getitem__), len(distinct))
    values = list(pool)
    return _Block(base, lambda rng, n: rng.choices(values, k=n))


# =========================================================================== dispatch


def _value_generator(
    ctx: ColumnContext, kind: str, t: Any, bounds: ColumnBounds, base: int
) -> ColumnGenerator:
    if bounds.allowed is not None:
        allowed = [v for v in bounds.allowed if v not in bounds.excluded]
        if not allowed:
            raise ConfigError(
                f"column {_where(ctx)}: its CHECK allows no value (IN list minus exclusions); "
                f"fix the constraint or give the column an override (seed {ctx.seed})"
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
        return _domain_gen(dom, ctx.unique, base, p)
    builder = _BUILDERS.get(kind)
    if builder is None:  # pragma: no cover - every kind above has a builder
        raise _unsupported(ctx)
    return builder(ctx, t, bounds, base)


def _domain_gen(
    dom: Sequence[Any], unique: bool, base: int, p_true: float | None = None
) -> ColumnGenerator:
    values = list(dom)
    if unique:
        return _Rows(_perm_rows(len(values), base, values.__getitem__), len(values))
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
        n, varying = _bit_len(t)
        if not varying and n <= 10:
            return [format(i, f"0{n}b") for i in range(1 << n)]
        return None
    if kind == "str":
        max_len = _max_len(ctx, t, bounds)
        if max_len is not None and max_len <= 1:
            return [c for c in _ALNUM if c not in ex]
    return None


# =========================================================================== numbers


def _int_type_limits(t: Any) -> tuple[int, int]:
    if isinstance(t, sa.SmallInteger):
        return -(2**15), 2**15 - 1
    if isinstance(t, sa.BigInteger):
        return -(2**63), 2**63 - 1
    return -(2**31), 2**31 - 1


def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _int_limits(ctx: ColumnContext, t: Any, bounds: ColumnBounds) -> tuple[int, int]:
    lo, hi = _int_type_limits(t)
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
            f"(between {bounds.low!r} and {bounds.high!r}); fix the constraint or give the "
            f"column an override (seed {ctx.seed})"
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


def _gen_int(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    lo, hi = _int_limits(ctx, t, bounds)
    ex = _skip_excluded(lo, hi, bounds.excluded)
    if ctx.unique:
        if ctx.column.primary_key or ctx.column.autoincrement:
            start = 1 if lo <= 1 <= hi else lo
            n = hi - start + 1 - len([e for e in ex if e >= start])

            def seq(r: int) -> int:
                v = start + r
                for e in ex:
                    if e <= v:
                        v += 1
                return v

            return _Rows(lambda s, e: [seq(r) for r in range(s, e)] if ex else
                         list(range(start + s, start + e)), _cap(n))  # fmt: skip
        sem = _semantic(ctx, "int", None)
        if sem is not None and sem.numeric is not None:
            lo = max(lo, int(sem.numeric[0]))
        n = hi - lo + 1 - len(ex)

        def at(i: int) -> int:
            v = lo + i
            for e in ex:
                if e <= v:
                    v += 1
            return v

        return _Rows(_perm_rows(n, base, at), _cap(n))
    sem = _semantic(ctx, "int", None)
    soft = (int(sem.numeric[0]), int(sem.numeric[1])) if sem and sem.numeric else (1, 10000)
    a, b = _soft(lo, hi, *soft)
    span = b - a + 1
    exset = set(ex)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        vals = [a + int(r() * span) for _ in range(n)]
        if exset:
            vals = [_next_allowed(v, a, b, exset) if v in exset else v for v in vals]
        return vals

    return _Block(base, fill)


def _next_allowed(v: int, lo: int, hi: int, ex: set[int]) -> int:
    w = v
    for _ in range(len(ex) + 1):
        w = w + 1 if w < hi else lo
        if w not in ex:
            return w
    return v


def _decimal_spec(t: Any, money: bool) -> tuple[int | None, int]:
    if money:
        return 18, 2
    precision = getattr(t, "precision", None)
    scale = getattr(t, "scale", None)
    if precision is None:
        return None, 2 if scale is None else scale
    return precision, 0 if scale is None else scale


def _make_decimal(scale: int, exact: bool) -> Callable[[int], Decimal]:
    if exact:
        return lambda u: Decimal(f"{u}E-{scale}") if scale else Decimal(u)
    neg = -scale
    return lambda u: Decimal(u).scaleb(neg)


def _make_decimals(scale: int, exact: bool) -> Callable[[list[int]], list[Decimal]]:
    """:func:`_make_decimal` over a whole list, the per-value steps mapped in C."""
    if not scale:
        return lambda units: list(map(Decimal, units))
    if exact:
        suffix = f"E-{scale}"
        return lambda units: list(map(Decimal, [f"{u}{suffix}" for u in units]))
    neg = -scale
    scaleb = Decimal.scaleb
    return lambda units: list(map(scaleb, map(Decimal, units), repeat(neg, len(units))))


def _gen_decimal(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    return _decimal_gen(ctx, t, bounds, base, money=False)


def _gen_money(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    return _decimal_gen(ctx, t, bounds, base, money=True)


def _decimal_gen(
    ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int, money: bool
) -> ColumnGenerator:
    precision, scale = _decimal_spec(t, money)
    unit = Decimal(1).scaleb(-scale)
    top = 10 ** (precision if precision is not None else 18 + scale) - 1
    lo_u, hi_u = -top, top
    low, high = _num(bounds.low), _num(bounds.high)
    if low is not None:
        u = math.ceil(low / unit)
        if not bounds.low_inclusive and u * unit == low:
            u += 1
        lo_u = max(lo_u, u)
    if high is not None:
        u = math.floor(high / unit)
        if not bounds.high_inclusive and u * unit == high:
            u -= 1
        hi_u = min(hi_u, u)
    if lo_u > hi_u:
        raise ConfigError(
            f"column {_where(ctx)}: no NUMERIC({precision},{scale}) value lies between "
            f"{bounds.low!r} and {bounds.high!r}; fix the constraint or give the column an "
            f"override (seed {ctx.seed})"
        )
    make = _make_decimal(scale, exact=precision is None or precision > 27)
    make_all = _make_decimals(scale, exact=precision is None or precision > 27)
    exset = {int(Decimal(str(e)) / unit) for e in bounds.excluded if _num(e) is not None}
    kind = "money" if money else "decimal"
    sem = _semantic(ctx, kind, None)
    if ctx.unique:
        if sem is not None and sem.numeric is not None:
            lo_u = max(lo_u, int(Decimal(str(sem.numeric[0])) / unit))
        ex = sorted(e for e in exset if lo_u <= e <= hi_u)
        n = hi_u - lo_u + 1 - len(ex)

        def at(i: int) -> Decimal:
            v = lo_u + i
            for e in ex:
                if e <= v:
                    v += 1
            return make(v)

        return _Rows(_perm_rows(n, base, at), _cap(n))
    soft_lo, soft_hi, decimals = sem.numeric if sem and sem.numeric else (1, 10000, 2)
    a, b = _soft(lo_u, hi_u, int(Decimal(str(soft_lo)) / unit), int(Decimal(str(soft_hi)) / unit))
    step = 10 ** max(0, scale - int(decimals))
    span = b - a + 1

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        if step > 1:
            units = [a + int(r() * span) // step * step for _ in range(n)]
            units = [u if u >= a else u + step if u + step <= b else a for u in units]
        else:
            units = [a + int(r() * span) for _ in range(n)]
        if exset:
            units = [_next_allowed(u, a, b, exset) if u in exset else u for u in units]
        return make_all(units)

    return _Block(base, fill)


def _is_real(t: Any) -> bool:
    if isinstance(t, sa.REAL):
        return True
    precision = getattr(t, "precision", None)
    return (
        isinstance(t, sa.Float)
        and not isinstance(t, sa.Double)
        and (isinstance(precision, int) and precision <= 24)
    )


def _gen_float(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    real = _is_real(t)
    limit = 3.0e38 if real else 1.0e300
    lo, hi = -limit, limit
    low, high = _num(bounds.low), _num(bounds.high)
    lo_f = float(low) if low is not None else lo
    hi_f = float(high) if high is not None else hi
    sem = _semantic(ctx, "float", None)
    if ctx.unique:
        # Whole numbers are exact in a float (2**24 in REAL): distinct rows stay distinct
        # after the round trip through the database.
        ilo = math.ceil(lo_f) + (0 if bounds.low_inclusive or math.ceil(lo_f) != lo_f else 1)
        ihi = math.floor(hi_f) - (0 if bounds.high_inclusive or math.floor(hi_f) != hi_f else 1)
        exact = 2**24 if real else 2**53
        ilo, ihi = max(ilo, -exact), min(ihi, exact)
        if sem is not None and sem.numeric is not None:
            ilo = max(ilo, int(sem.numeric[0]))
        if ilo > ihi:
            raise ConfigError(
                f"column {_where(ctx)}: cannot make distinct floats between {bounds.low!r} and "
                f"{bounds.high!r}; give the column an override (seed {ctx.seed})"
            )
        n = ihi - ilo + 1
        return _Rows(_perm_rows(n, base, lambda i: float(ilo + i)), _cap(n))
    soft_lo, soft_hi, decimals = sem.numeric if sem and sem.numeric else (0.0, 1000.0, 2)
    a, b = max(lo_f, float(soft_lo)), min(hi_f, float(soft_hi))
    if a > b:
        a, b = (
            (lo_f, min(hi_f, lo_f + 1000.0)) if soft_lo < lo_f else (max(lo_f, hi_f - 1000), hi_f)
        )
    width = b - a
    d = int(decimals)
    excluded = {float(e) for e in bounds.excluded if _num(e) is not None}
    low_open = not bounds.low_inclusive and low is not None
    high_open = not bounds.high_inclusive and high is not None

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        vals = [round(a + r() * width, d) for _ in range(n)]
        mid = (a + b) / 2
        return [
            mid
            if v < lo_f
            or v > hi_f
            or (low_open and v == lo_f)
            or (high_open and v == hi_f)
            or v in excluded
            else v
            for v in vals
        ]

    return _Block(base, fill)


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
    enc = str if digits else _hex

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


def _pool_unique(
    pool: Sequence[str],
    base: int,
    max_len: int | None,
    style: str = "suffix",
    sep: str = "-",
    digits: bool = False,
) -> ColumnGenerator:
    """Unique values from a pool: the first ``len(pool)`` rows get plain pool values (a
    permutation), later rows a pool value with the row as suffix (``Lyon-2s``)."""
    values = sem_mod._dedupe(list(pool))
    n = len(values)
    plain = set(values)
    a, c = _affine(n, base)
    make = _suffix_fn(max_len, style, sep, digits)
    alt = _suffix_fn(max_len, style, sep + sep, digits)
    suffix_cap = _suffix_capacity(max_len, sep, digits, style)
    capacity = None if suffix_cap is None else _cap(max(n, suffix_cap))
    if max_len is not None and (suffix_cap or 0) < 16:
        capacity = n

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            v = values[(a * r + c) % n]
            if r >= n:
                v2 = make(v, r)
                # a suffixed value can only meet a plain one if the pool itself holds
                # such a string; the doubled separator keeps the suffix unambiguous
                v = alt(v, r) if v2 in plain else v2
            out.append(v)
        return out

    return _Rows(rows, capacity)


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
    """Inverse of :func:`_bijective` over ``_ALNUM`` (``None`` for other characters)."""
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
        return _Rows(_perm_rows(total, base, lambda i: _bijective(offset + i, _ALNUM)), _cap(total))
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
    values = sem_mod._dedupe(list(pool))
    n = len(values)
    a, c = _affine(n, base)
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
    ra, rc = _affine(rest, base ^ 0x632BE59BD9B4E019)

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
                out.append(_bijective(offset + free((ra * (r - n) + rc) % rest), _ALNUM))
        return out

    return _Rows(rows, _cap(n + rest))


def _semantic_fill(sem: Semantic, env: Env) -> Callable[[Any, int], list[Any]] | list[str]:
    """A fill function, or the pool (a list) when values are picks from a fixed list."""
    if sem.words is not None:
        return [w for w in sem.words if env.max_len is None or len(w) <= env.max_len]
    if sem.provider is not None:
        pool = [str(v) for v in sem_mod.provider_pool(env.locales, sem.provider)]
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
    if sem is not None:
        if ctx.unique and sem.unique_rows is not None and not short:
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
                        return _pool_then_codes(pool, min_len, max_len, base)
                    return _pool_unique(pool, base, max_len, sem.style, sem.sep, digits)
                return _Block(base, lambda rng, n: rng.choices(pool, k=n))
        elif not (short and ctx.unique):
            gen: ColumnGenerator = _Block(base, _clip(src, max_len, min_len))
            if ctx.unique:
                return _suffixed(gen, max_len, sem.style, sem.sep, digits)
            return gen
    if short:
        assert max_len is not None
        return _short_codes(min_len, max_len, ctx.unique, base)
    fill = sem_mod._b_words((1, 3))(env)
    gen = _Block(base, _clip(fill, max_len, min_len))
    if ctx.unique:
        return _suffixed(gen, max_len, "suffix", "-")
    return gen


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


def _env(ctx: ColumnContext, max_len: int | None) -> Env:
    return Env(
        locales=locales_of(ctx.locale),
        max_len=max_len,
        table=sem_mod._table_word(ctx.table.name),
        tokens=tuple(sem_mod.split_name(ctx.column.name)),
        seed=ctx.seed,
    )


def _gen_tsvector(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    gen: ColumnGenerator = _Block(base, sem_mod._b_tsvector(_env(ctx, None)))
    if ctx.unique:
        gen = _suffixed(gen, None, "suffix", " w")
    return gen


# =========================================================================== time


def _to_datetime(value: Any, aware: bool) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        return None
    if aware and dt.tzinfo is None:
        dt = dt.replace(tzinfo=_UTC)
    if not aware and dt.tzinfo is not None:
        dt = dt.astimezone(_UTC).replace(tzinfo=None)
    return dt


def _time_range(
    ctx: ColumnContext, bounds: ColumnBounds, kind: str, aware: bool, unit: int
) -> tuple[datetime, int, int, int, int]:
    """(origin, lo, hi, soft_lo, soft_hi) in ``unit`` seconds from the origin."""
    origin = ANCHOR.replace(tzinfo=_UTC) if aware else ANCHOR
    sem = _semantic(ctx, kind, None)
    days = sem.days if sem is not None and sem.days is not None else (-2 * 365.25, 0.0)
    soft_lo = int(days[0] * 86400) // unit
    soft_hi = int(days[1] * 86400) // unit
    # Hard limits: year 1 .. 9999 in Python; kept to 1900 .. 2200 so values stay sane.
    lo = int((datetime(1900, 1, 1) - ANCHOR).total_seconds()) // unit
    hi = int((datetime(2200, 1, 1) - ANCHOR).total_seconds()) // unit
    low = _to_datetime(bounds.low, aware)
    high = _to_datetime(bounds.high, aware)
    if low is not None:
        s = (low - origin).total_seconds() / unit
        lo = max(lo, math.ceil(s) + (0 if bounds.low_inclusive or math.ceil(s) != s else 1))
    if high is not None:
        s = (high - origin).total_seconds() / unit
        hi = min(hi, math.floor(s) - (0 if bounds.high_inclusive or math.floor(s) != s else 1))
    if lo > hi:
        raise ConfigError(
            f"column {_where(ctx)}: no {kind} lies between {bounds.low!r} and {bounds.high!r}; "
            f"fix the constraint or give the column an override (seed {ctx.seed})"
        )
    return origin, lo, hi, soft_lo, soft_hi


def _gen_datetime(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    aware = bool(getattr(t, "timezone", False))
    origin, lo, hi, slo, shi = _time_range(ctx, bounds, "datetime", aware, 1)
    td = timedelta
    if ctx.unique:
        n = hi - lo + 1
        return _Rows(_perm_rows(n, base, lambda i: origin + td(seconds=lo + i)), _cap(n))
    a, b = _soft(lo, hi, slo, shi)
    span = b - a + 1
    first = int(origin.replace(tzinfo=_UTC).timestamp()) + a
    if aware and first >= 86400:
        # From an epoch integer in C: a third of ``origin + timedelta(seconds=...)``.
        # (Kept to positive timestamps, which every platform converts.)
        fromts = datetime.fromtimestamp
        utc = _UTC

        def fill_ts(rng: Any, n: int) -> list[Any]:
            r = rng.random
            return [fromts(first + int(r() * span), utc) for _ in range(n)]

        return _Block(base, fill_ts)
    start = origin + td(seconds=a)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [start + td(0, int(r() * span)) for _ in range(n)]

    return _Block(base, fill)


def _gen_date(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    _, lo, hi, slo, shi = _time_range(ctx, bounds, "date", False, 86400)
    anchor = ANCHOR.date().toordinal()
    fromordinal = date.fromordinal
    if ctx.unique:
        n = hi - lo + 1
        return _Rows(_perm_rows(n, base, lambda i: fromordinal(anchor + lo + i)), _cap(n))
    a, b = _soft(lo, hi, slo, shi)
    span = b - a + 1
    first = anchor + a

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [fromordinal(first + int(r() * span)) for _ in range(n)]

    return _Block(base, fill)


def _gen_time(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    tz = _UTC if getattr(t, "timezone", False) else None
    lo, hi = 0, 86399
    low, high = bounds.low, bounds.high
    if isinstance(low, time):
        lo = low.hour * 3600 + low.minute * 60 + low.second + (0 if bounds.low_inclusive else 1)
    if isinstance(high, time):
        hi = high.hour * 3600 + high.minute * 60 + high.second - (0 if bounds.high_inclusive else 1)

    def mk(s: int) -> time:
        return time(s // 3600, s // 60 % 60, s % 60, tzinfo=tz)

    if ctx.unique:
        n = hi - lo + 1
        return _Rows(_perm_rows(n, base, lambda i: mk(lo + i)), n)
    span = hi - lo + 1

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [mk(lo + int(r() * span)) for _ in range(n)]

    return _Block(base, fill)


def _gen_interval(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    td = timedelta
    if ctx.unique:
        n = 100 * 365 * 86400
        return _Rows(_perm_rows(n, base, lambda i: td(seconds=i)), n)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [td(seconds=int(r() * 30 * 86400)) for _ in range(n)]

    return _Block(base, fill)


# =========================================================================== other types


def _gen_uuid(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    as_uuid = bool(getattr(t, "as_uuid", True))
    if as_uuid:
        return _Rows(lambda s, e: list(uuid_for_rows(base, s, e)), None)
    return _Rows(lambda s, e: [str(u) for u in uuid_for_rows(base, s, e)], None)


def _gen_bytes(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    length = getattr(t, "length", None)
    hi = min(32, length) if isinstance(length, int) and length > 0 else 32
    lo = min(8, hi)
    if ctx.unique:
        if hi < 8:
            n = 256**hi
            return _Rows(_perm_rows(n, base, lambda i: i.to_bytes(hi, "big")), _cap(n))

        def rows(s: int, e: int) -> list[Any]:
            return [
                mix64(r ^ base).to_bytes(8, "big") + mix64(r ^ ~base).to_bytes(8, "big")[: hi - 8]
                for r in range(s, e)
            ]

        return _Rows(rows, None)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        rb = rng.randbytes
        return [rb(lo + int(r() * (hi - lo + 1))) for _ in range(n)]

    return _Block(base, fill)


def _gen_json(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    words = [str(w) for w in sem_mod.provider_pool(locales_of(ctx.locale), "word")]
    unique = ctx.unique

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        ch = rng.choices
        out = []
        for w, tags in zip(ch(words, k=n), (ch(words, k=3) for _ in range(n)), strict=False):
            out.append(
                {
                    "name": w,
                    "score": int(r() * 100),
                    "active": r() < 0.5,
                    "tags": tags[: 1 + int(r() * 3)],
                }
            )
        return out

    gen: ColumnGenerator = _Block(base, fill)
    if unique:

        def with_id(values: list[Any], start: int) -> list[Any]:
            return [{"id": start + i, **v} for i, v in enumerate(values)]

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


def _gen_inet(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    env = _env(ctx, None)
    if ctx.unique:
        fn, cap = sem_mod._u_ipv4(env, base)
        return _Rows(fn, cap)
    return _Block(base, sem_mod._b_ipv4(env))


def _gen_cidr(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    def net(x: int) -> str:
        x += 1 << 16  # 1.0.0.0/24 onwards
        return f"{x >> 16}.{(x >> 8) & 255}.{x & 255}.0/24"

    n = 222 << 16
    if ctx.unique:
        return _Rows(_perm_rows(n, base, net), n)

    def fill(rng: Any, k: int) -> list[Any]:
        r = rng.random
        return [net(int(r() * n)) for _ in range(k)]

    return _Block(base, fill)


def _gen_macaddr(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    env = _env(ctx, None)
    if ctx.unique:
        fn, cap = sem_mod._u_mac(env, base)
        return _Rows(fn, cap)
    return _Block(base, sem_mod._b_mac(env))


def _gen_macaddr8(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    def fmt(x: int) -> str:
        h = f"{x & ~(1 << 56):016x}"
        return ":".join(h[i : i + 2] for i in range(0, 16, 2))

    if ctx.unique:
        return _Rows(lambda s, e: [fmt(mix64(r ^ base) >> 1) for r in range(s, e)], None)

    def fill(rng: Any, n: int) -> list[Any]:
        bits = rng.getrandbits
        return [fmt(bits(64)) for _ in range(n)]

    return _Block(base, fill)


def _bit_len(t: Any) -> tuple[int, bool]:
    length = getattr(t, "length", None)
    varying = bool(getattr(t, "varying", False))
    if not isinstance(length, int) or length <= 0:
        length = 16 if varying else 1
    return length, varying


def _gen_bit(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    n, varying = _bit_len(t)
    if ctx.unique:
        total = 1 << n
        return _Rows(_perm_rows(total, base, lambda i: format(i, f"0{n}b")), _cap(total))

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


def _gen_enumish(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    raise _unsupported(ctx)  # pragma: no cover - enums are handled as domains


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
    span = 70000

    def mk(lo: int, width: int) -> Any:
        return rng_cls(point(lo), point(lo + width), bounds="[)")

    if ctx.unique:
        return _Rows(_perm_rows(span * 100, base, lambda i: mk(i // 100, 1 + i % 100)), span * 100)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [mk(int(r() * span), 1 + int(r() * 100)) for _ in range(n)]

    return _Block(base, fill)


def _gen_multirange(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    point, _ = _range_parts(ctx, t)
    rng_cls = pg.Range

    def mk(lo: int, w1: int, gap: int, w2: int) -> list[Any]:
        a = rng_cls(point(lo), point(lo + w1), bounds="[)")
        b = rng_cls(point(lo + w1 + gap), point(lo + w1 + gap + w2), bounds="[)")
        return [a, b]

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [
            mk(int(r() * 70000), 1 + int(r() * 50), 1 + int(r() * 50), 1 + int(r() * 50))
            for _ in range(n)
        ]

    gen: ColumnGenerator = _Block(base, fill)
    if ctx.unique:
        gen = _Rows(lambda s, e: [mk(r * 200, 50, 50, 50) for r in range(s, e)], 10**6)
    return gen


def _gen_array(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    item_type = t.item_type
    if isinstance(item_type, type):
        item_type = item_type()
    words = sem_mod.split_name(ctx.column.name)
    item_name = "_".join(words[:-1] + [sem_mod.singular(words[-1])]) if words else "item"
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
    )
    kind, _ = column_kind(item_type)
    if kind in ("array", "unsupported"):
        raise _unsupported(ctx, f"array items of type {item_type!r}")
    item_ctx = replace(ctx, column=item_col, bounds=None, unique=False, null_fraction=0.0)
    items = make_generator(item_ctx)
    per_row = 4

    def counts(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [int(r() * per_row) for _ in range(n)]

    sizes = _Block(derive(base, "size"), counts)

    def fn(start: int, stop: int) -> list[Any]:
        vals = items.batch(start * per_row, stop * per_row)
        ns = sizes.batch(start, stop)
        return [vals[i * per_row : i * per_row + k] for i, k in enumerate(ns)]

    if ctx.unique:
        first = make_generator(replace(item_ctx, unique=True))

        def ufn(start: int, stop: int) -> list[Any]:
            heads = first.batch(start, stop)
            return [[h, *rest] for h, rest in zip(heads, fn(start, stop), strict=False)]

        return _Rows(ufn, first.capacity)
    return _Rows(fn, None)


_BUILDERS: dict[str, Callable[[ColumnContext, Any, ColumnBounds, int], ColumnGenerator]] = {
    "int": _gen_int,
    "decimal": _gen_decimal,
    "money": _gen_money,
    "float": _gen_float,
    "str": _gen_str,
    "tsvector": _gen_tsvector,
    "datetime": _gen_datetime,
    "date": _gen_date,
    "time": _gen_time,
    "interval": _gen_interval,
    "uuid": _gen_uuid,
    "bytes": _gen_bytes,
    "json": _gen_json,
    "hstore": _gen_hstore,
    "inet": _gen_inet,
    "cidr": _gen_cidr,
    "macaddr": _gen_macaddr,
    "macaddr8": _gen_macaddr8,
    "bit": _gen_bit,
    "range": _gen_range,
    "multirange": _gen_multirange,
    "array": _gen_array,
}


# =========================================================================== relations

_LATER: dict[str, tuple[str, ...]] = {
    "updated": ("created", "inserted"),
    "modified": ("created", "inserted"),
    "changed": ("created",),
    "deleted": ("created",),
    "archived": ("created",),
    "cancelled": ("created", "ordered"),
    "canceled": ("created", "ordered"),
    "published": ("created",),
    "paid": ("created", "ordered", "issued"),
    "shipped": ("ordered", "paid", "created"),
    "delivered": ("shipped",),
    "resolved": ("created", "opened"),
    "closed": ("opened", "created"),
    "completed": ("started", "created"),
    "finished": ("started",),
    "ended": ("started",),
    "ends": ("starts",),
    "end": ("start",),
    "expires": ("created", "issued", "starts"),
    "to": ("from",),
    "until": ("from", "since"),
    "max": ("min",),
    "maximum": ("minimum",),
    "last": ("first",),
    "latest": ("earliest",),
    "checkout": ("checkin",),
    "departure": ("arrival",),
}
_ORDERED_KINDS = {
    "int": "num", "decimal": "num", "float": "num", "money": "num",
    "date": "time", "datetime": "time", "time": "clock",
}  # fmt: skip


def implicit_relations(table: TableInfo) -> list[Relation]:
    """Orderings a table's column names imply: ``updated_at >= created_at``,
    ``ends_at >= starts_at``, ``valid_to >= valid_from``, ``max_price >= min_price``...

    Only pairs whose names differ in one word and whose types compare are returned.
    """
    cols = []
    for c in table.columns:
        if c.computed or c.foreign_keys:
            continue
        family = _ORDERED_KINDS.get(column_kind(c.type)[0])
        if family is None:
            continue
        tokens = sem_mod.split_name(c.name)
        cols.append((c.name, tuple(tokens), family))
    out: list[Relation] = []
    for name, toks, fam in cols:
        for other, otoks, ofam in cols:
            if other == name or fam != ofam or len(toks) != len(otoks):
                continue
            diff = [i for i in range(len(toks)) if toks[i] != otoks[i]]
            if len(diff) == 1 and otoks[diff[0]] in _LATER.get(toks[diff[0]], ()):
                if fam == "num" and toks[diff[0]] not in ("max", "maximum", "to", "until", "end"):
                    continue
                out.append(Relation(left=name, op=">=", right=other, constraint=None))
    return out


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "==": operator.eq,
    "<>": operator.ne,
    "!=": operator.ne,
}


def apply_relations(
    table: TableInfo,
    batch: dict[str, list[Any]],
    relations: Sequence[Relation],
    start: int,
    seed: int,
) -> None:
    """Fix rows of ``batch`` (column name -> values of rows ``start``...) in place so every
    ``left op right`` holds, by moving ``left`` a little past ``right``.

    The move is type-aware (a ``timedelta`` for timestamps, days for dates, the
    column's scale for decimals) and a function of the row, so any row range gives
    the same result. Rows where either side is NULL are left alone.
    """
    rels = [r for r in relations if r.left in batch and r.right in batch and r.op in _OPS]
    if not rels:
        return
    keys = {(r.left, r.right): derive(seed, table.fullname, "relation", r.left, r.right)
            for r in rels}  # fmt: skip
    limits = {r.left: _upper_limit(table, r.left) for r in rels}
    for _ in range(3):  # chains (a >= b >= c) settle in a few passes
        changed = False
        for rel in rels:
            test = _OPS[rel.op]
            left, right = batch[rel.left], batch[rel.right]
            key = keys[(rel.left, rel.right)]
            for i, (lv, rv) in enumerate(zip(left, right, strict=False)):
                if lv is None or rv is None:
                    continue
                rv = _align(lv, rv)
                try:
                    if test(lv, rv):
                        continue
                except TypeError:
                    continue
                frac = mix64(key ^ (start + i)) / 18446744073709551616.0
                new = _moved(lv, rv, rel.op, frac, limits[rel.left])
                if new is not None:
                    left[i] = new
                    changed = True
        if not changed:
            break


def _upper_limit(table: TableInfo, column: str) -> Decimal | None:
    try:
        col = table.column(column)
    except Exception:
        return None
    kind, t = column_kind(col.type)
    if kind == "decimal":
        precision, scale = _decimal_spec(t, False)
        if precision is not None:
            return Decimal(10) ** (precision - scale)
    if kind == "int":
        return Decimal(_int_type_limits(t)[1])
    return None


def _align(lv: Any, rv: Any) -> Any:
    """Make a date comparable with a timestamp on the other side."""
    if isinstance(lv, datetime) and isinstance(rv, date) and not isinstance(rv, datetime):
        return datetime(rv.year, rv.month, rv.day, tzinfo=lv.tzinfo)
    if isinstance(rv, datetime) and isinstance(lv, date) and not isinstance(lv, datetime):
        if rv.tzinfo is not None:
            rv = rv.astimezone(_UTC)
        return rv.date()
    return rv


def _moved(lv: Any, rv: Any, op: str, frac: float, limit: Decimal | None) -> Any:
    if op in ("=", "=="):
        return rv
    strict = op in (">", "<", "<>", "!=")
    sign = -1 if op in ("<", "<=") else 1
    new: Any
    if isinstance(rv, datetime):
        secs = int(frac * 30 * 86400) or (1 if strict else 0)
        new = rv + sign * timedelta(seconds=secs)
    elif isinstance(rv, date):
        days = int(frac * 30) or (1 if strict else 0)
        new = rv + sign * timedelta(days=days)
    elif isinstance(rv, timedelta):
        new = rv + sign * timedelta(seconds=int(frac * 3600) or (1 if strict else 0))
    elif isinstance(rv, bool):
        return (not rv) if strict else rv
    elif isinstance(rv, int):
        delta = int(abs(rv) * frac * 0.5) or (1 if strict else 0)
        new = rv + sign * delta
    elif isinstance(rv, Decimal):
        exp = rv.as_tuple().exponent
        step = Decimal(1).scaleb(exp if isinstance(exp, int) else 0)
        dd = (abs(rv) * Decimal(frac) / 2).quantize(step)
        if strict and dd == 0:
            dd = step
        new = rv + sign * dd
    elif isinstance(rv, float):
        fd = abs(rv) * frac * 0.5
        if strict and fd == 0:
            fd = 1e-6 * (1 + abs(rv))
        new = rv + sign * fd
    elif isinstance(rv, time):
        base = datetime.combine(date(2000, 1, 1), rv)
        moved = base + sign * timedelta(seconds=int(frac * 3600) or (1 if strict else 0))
        new = moved.timetz() if moved.date() == base.date() else rv
        if strict and new == rv:
            return None
    elif isinstance(rv, str):
        if strict:
            return rv + "a" if sign > 0 else None
        return rv
    else:
        return None
    if limit is not None and isinstance(new, (int, Decimal)) and abs(Decimal(new)) >= limit:
        return rv if not strict else None
    if isinstance(lv, date) and not isinstance(lv, datetime) and isinstance(new, datetime):
        return new.date()
    return new
