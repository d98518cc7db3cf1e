"""INET, CIDR, MACADDR and MACADDR8 values."""

from __future__ import annotations

from typing import Any

from pytest_dbseed.engine.bijections import perm_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.semantics.fills import (
    ipv4_fill,
    ipv4_rows,
    mac_fill,
    mac_rows,
)
from pytest_dbseed.engine.values.base import (
    BUILDERS,
    ColumnContext,
    ColumnGenerator,
    _Block,
    _env,
    _Rows,
)


def _gen_inet(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    env = _env(ctx, None)
    if ctx.unique:
        fn, cap = ipv4_rows(env, base)
        return _Rows(fn, cap)
    return _Block(base, ipv4_fill(env))


def _gen_cidr(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    def net(x: int) -> str:
        x += 1 << 16  # 1.0.0.0/24 onwards
        return f"{x >> 16}.{(x >> 8) & 255}.{x & 255}.0/24"

    n = 222 << 16
    if ctx.unique:
        return _Rows(perm_rows(n, base, net), n)

    def fill(rng: Any, k: int) -> list[Any]:
        r = rng.random
        return [net(int(r() * n)) for _ in range(k)]

    return _Block(base, fill)


def _gen_macaddr(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    env = _env(ctx, None)
    if ctx.unique:
        fn, cap = mac_rows(env, base)
        return _Rows(fn, cap)
    return _Block(base, mac_fill(env))


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


BUILDERS.update(
    {
        "inet": _gen_inet,
        "cidr": _gen_cidr,
        "macaddr": _gen_macaddr,
        "macaddr8": _gen_macaddr8,
    }
)
