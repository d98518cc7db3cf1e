"""What a semantic is: the value source a column name asks for, and what it is built from."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ANCHOR = datetime(2025, 1, 1)

Fill = Callable[[random.Random, int], list[Any]]

RowFn = Callable[[int, int], list[Any]]


@dataclass(frozen=True)
class Env:
    """What a semantic needs to build its value source."""

    locales: tuple[str, ...]
    max_len: int | None
    table: str
    """The table's name reduced to one singular lowercase word (``order_items`` -> ``item``)."""
    tokens: tuple[str, ...]
    seed: int = 0


@dataclass(frozen=True)
class Semantic:
    """One meaning a column name can carry and how to generate values for it.

    Exactly one of ``provider``, ``words``, ``build``, ``numeric``, ``days`` or
    ``bool_p`` says where values come from.
    """

    name: str
    kinds: frozenset[str]
    provider: str | None = None
    """A Faker provider: values are picks from its pool (small pools stay realistic
    under uniqueness: the first rows get plain pool values)."""
    words: tuple[str, ...] | None = None
    """A fixed list of values (statuses, genders, departments)."""
    build: Callable[[Env], Fill] | None = None
    numeric: tuple[float, float, int] | None = None
    """(low, high, decimals) for numeric kinds."""
    days: tuple[float, float] | None = None
    """Range in days around :data:`ANCHOR` for dates and timestamps."""
    bool_p: float | None = None
    """Probability of True for flags."""
    min_length: int = 1
    """Shortest column length (``String(n)``) where the semantic still makes sense."""
    style: str = "suffix"
    """How uniqueness is added: ``suffix`` (``value-1f``), ``email`` (``a.b.1f@d``),
    ``prefix`` (``1f.example.com``), ``digits`` (``sep`` + decimal row)."""
    sep: str = "-"
    null_fraction: float | None = None
    """Share of NULLs in a nullable column, when not the usual tenth: a rare state
    (``deleted_at``, ``banned_at``) is NULL in most rows."""
    unique_rows: Callable[[Env, int], tuple[RowFn, int | None]] | None = None
    """A value made unique from the row number itself (an IP, a token): returns the
    row function and its capacity."""
