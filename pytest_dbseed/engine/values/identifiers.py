"""UUIDs and binary strings."""

from __future__ import annotations

from typing import Any

from pytest_dbseed.engine.bijections import perm_rows, uuid_for_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.values.base import (
    BUILDERS,
    ColumnContext,
    ColumnGenerator,
    _Block,
    _cap,
    _Rows,
)

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
            return _Rows(perm_rows(n, base, lambda i: i.to_bytes(hi, "big")), _cap(n))

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


BUILDERS.update(
    {
        "uuid": _gen_uuid,
        "bytes": _gen_bytes,
    }
)
