"""Polymorphic associations without a foreign key: ``taggable_type`` + ``taggable_id``.

Rails (``belongs_to :taggable, polymorphic: true``) stores the model's class name in
``<name>_type`` and its key in ``<name>_id``, with no foreign key the database could
follow. Deciding (:func:`polymorphic_pairs`) finds such pairs and the tables they may
point at: the other seeded tables with an integer key this seed numbers (not the table
itself, nor those it already references by foreign key). Row ``r`` takes pair number
``p(r)``, a keyed permutation over every (table, row) of those targets: the type column
holds the target's class name (``projects`` -> ``Project``, ``order_items`` ->
``OrderItem``), the id column a key one of its rows really has. ``p`` is a bijection over
the rows this seed can reach, so no two rows share a pair while there are targets enough:
a unique key over both columns (``(tag_id, taggable_type, taggable_id)``) holds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from itertools import accumulate
from typing import Any

from pytest_dbseed.engine.bijections import perm_rows
from pytest_dbseed.engine.rng import derive
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.semantics import singular, split_name
from pytest_dbseed.engine.sources.description import Polymorphic, PolyTarget
from pytest_dbseed.engine.types import int_type_limits

__all__ = ["Polymorphic", "PolyTarget", "class_name", "pair_columns", "polymorphic_values"]


def class_name(table: str) -> str:
    """The model class a Rails table name stands for: ``order_items`` -> ``OrderItem``."""
    words = split_name(table.rsplit(".", 1)[-1])
    if not words:
        return table
    words[-1] = singular(words[-1])
    return "".join(w[:1].upper() + w[1:] for w in words)


def pair_columns(table: TableInfo, taken: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(type column, id column)`` of each polymorphic pair of ``table``: a string
    ``<name>_type`` beside an integer ``<name>_id`` that is no foreign key, neither of them
    in ``taken`` (foreign keys, overrides) nor limited by a CHECK of its own."""
    by_words = {tuple(split_name(c.name)): c for c in table.columns if not c.computed}
    out = []
    for words, col in by_words.items():
        if len(words) < 2 or words[-1] != "type" or col.kind != "str":
            continue
        key = by_words.get((*words[:-1], "id"))
        if key is None or key.kind != "int" or col.name in taken or key.name in taken:
            continue
        if (key.name,) in table.unique_sets or (col.name,) in table.unique_sets:
            continue
        out.append((col.name, key.name))
    return out


def usable_target(name: str, key: ColumnInfo, type_col: ColumnInfo, first: int, count: int) -> bool:
    """Whether the pair's columns hold a target's class name and every key it writes."""
    low, high = int_type_limits(key.concrete_type)
    length = getattr(type_col.concrete_type, "length", None) or type_col.length
    fits = not isinstance(length, int) or len(name) <= length
    return fits and count > 0 and low <= first and first + count - 1 <= high


def polymorphic_pair(
    targets: list[PolyTarget], seed: int, table: str, type_col: str
) -> tuple[Polymorphic, Polymorphic]:
    salt = derive(seed, table, "polymorphic", type_col)
    found = tuple(targets)
    return Polymorphic("type", found, salt), Polymorphic("id", found, salt)


def reach(source: Polymorphic) -> int:
    """How many distinct (table, row) pairs the targets hold."""
    return sum(t.count for t in source.targets)


def polymorphic_values(source: Polymorphic) -> Callable[[int, int], list[Any]]:
    """Rows -> the pair's type or id: row ``r`` takes pair ``p(r)`` of a keyed permutation
    over every target row (repeating after :func:`reach` rows)."""
    targets = source.targets
    ends = list(accumulate(t.count for t in targets))
    total = ends[-1] if ends else 0
    if total <= 0:
        return lambda start, stop: [None] * (stop - start)

    def pick(p: int) -> Any:
        j = bisect_right(ends, p)
        t = targets[j]
        if source.part == "type":
            return t.name
        key = t.first + p - (ends[j] - t.count)
        return str(key) if source.part == "text" else key

    return perm_rows(total, source.salt, pick)
