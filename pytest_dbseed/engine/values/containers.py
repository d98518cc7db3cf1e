"""Small Python containers: values of ``PickleType`` columns and of columns the ORM tracks
with a mutable container (``MutableList``, ``MutableDict``, ``MutableSet``).

A pickled column holds what the application pickled, usually a small dict or list; a
mutable column must hold its container, or the ORM refuses to load the row. The values
are plain Python objects; the column's type turns them into what the database stores
(``PickleType`` pickles them with its own pickler and protocol, a JSON type serialises
them).
"""

from __future__ import annotations

from typing import Any

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.pools import locales_of, provider_pool
from pytest_dbseed.engine.values.base import (
    BUILDERS,
    ColumnContext,
    ColumnGenerator,
    _Block,
    _Map,
)

__all__ = ["container_generator"]

_KEYS = ("theme", "language", "notifications", "page_size", "timezone", "currency", "tags")
_THEMES = ("light", "dark", "system")
_LANGUAGES = ("en", "de", "fr", "es", "pt", "ja")
_ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
_CURRENCIES = ("USD", "EUR", "GBP", "JPY")


def container_generator(ctx: ColumnContext, base: int) -> ColumnGenerator:
    """Values of ``ctx.column.container`` (a dict when none is known): settings-like dicts,
    short lists and sets of words; with ``ctx.unique`` each carries its row number."""
    kind = ctx.column.container or "dict"
    words = [str(w) for w in provider_pool(locales_of(ctx.locale), "word")]

    def one_dict(r: Any) -> dict[str, Any]:
        chosen = r.sample(_KEYS, 2 + int(r.random() * 3))
        out: dict[str, Any] = {}
        for key in chosen:
            if key == "theme":
                out[key] = r.choice(_THEMES)
            elif key == "language":
                out[key] = r.choice(_LANGUAGES)
            elif key == "notifications":
                out[key] = r.random() < 0.7
            elif key == "page_size":
                out[key] = r.choice((10, 20, 25, 50, 100))
            elif key == "timezone":
                out[key] = r.choice(_ZONES)
            elif key == "currency":
                out[key] = r.choice(_CURRENCIES)
            else:
                out[key] = r.sample(words, 1 + int(r.random() * 3))
        return out

    def fill(rng: Any, n: int) -> list[Any]:
        if kind == "dict":
            return [one_dict(rng) for _ in range(n)]
        items = [rng.sample(words, 1 + int(rng.random() * 4)) for _ in range(n)]
        return [set(i) for i in items] if kind == "set" else items

    gen: ColumnGenerator = _Block(base, fill)
    if ctx.unique:

        def with_row(values: list[Any], start: int) -> list[Any]:
            out: list[Any] = []
            for i, v in enumerate(values):
                if isinstance(v, dict):
                    out.append({"id": start + i, **v})
                elif isinstance(v, set):
                    out.append(v | {f"#{start + i}"})
                else:
                    out.append([f"#{start + i}", *v])
            return out

        gen = _Map(gen, with_row, None)
    return gen


def _gen_pickle(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    return container_generator(ctx, base)


BUILDERS.update({"pickle": _gen_pickle, "container": _gen_pickle})
"""``container``: any column the ORM tracks with a mutable list, dict or set."""
