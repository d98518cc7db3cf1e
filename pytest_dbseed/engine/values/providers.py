"""A Faker provider named by a ``fake(...)`` override as the source of a column."""

from __future__ import annotations

import difflib
from typing import Any

from pytest_dbseed.engine.bijections import perm_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.pools import dedupe, faker_provider_names, locales_of, provider_pool
from pytest_dbseed.engine.rng import derive
from pytest_dbseed.engine.values.base import (
    ColumnContext,
    ColumnGenerator,
    _Block,
    _max_len,
    _Rows,
    _where,
)
from pytest_dbseed.engine.values.text import _pool_unique
from pytest_dbseed.errors import ConfigError


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
        pool = provider_pool(
            locales, provider, tuple(args), dict(kwargs or {}), providers=ctx.providers
        )
    except AttributeError:
        names = faker_provider_names(locales[0], ctx.providers)
        close = difflib.get_close_matches(provider, names, n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ConfigError(
            f"override for column {_where(ctx)}: Faker has no provider {provider!r} "
            f"(locale {', '.join(locales)}).{hint} Any method of a Faker instance works, "
            f"e.g. fake('email') or fake('random_int', min=1, max=9); a provider of your own "
            f"is added with seed(providers=[...]) or the dbseed_providers ini option"
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
    kind, t = ctx.column.kind, ctx.column.concrete_type
    bounds = ctx.bounds or ColumnBounds()
    max_len = _max_len(ctx, t, bounds) if kind == "str" else None
    if all(isinstance(v, str) for v in pool):
        strs: list[str] = list(pool)
        if max_len is not None:
            fitting = [v for v in strs if len(v) <= max_len]
            strs = fitting or dedupe([v[:max_len] for v in strs])
        if ctx.unique:
            style = "email" if all("@" in v for v in strs[:20]) else "suffix"
            return _pool_unique(strs, base, max_len, style, "." if style == "email" else "-")
        return _Block(base, lambda rng, n: rng.choices(strs, k=n))
    if ctx.unique:
        distinct = dedupe(list(pool))
        return _Rows(perm_rows(len(distinct), base, distinct.__getitem__), len(distinct))
    values = list(pool)
    return _Block(base, lambda rng, n: rng.choices(values, k=n))
