"""Columns whose values follow another column of the same row.

* A flag another flag implies: a superuser is staff and active (``is_staff`` and
  ``is_active`` beside ``is_superuser``) — true wherever the leading flag is, the column's
  own value elsewhere.
* An instant of a state follows the row's status (see :mod:`.lifecycle`).
* Django's admin log message follows its action: ``change_message`` is ``[{"added": {}}]``
  for an addition (``action_flag`` 1), the fields a change changed for a change (2), and
  empty for a deletion (3), as Django writes them.

Deciding is pure and once per table (:func:`follower_of`); producing is a function of the
leading column's values, the row's number and a salt, never of a shared stream.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from pytest_dbseed.engine.records.lifecycle import lifecycle
from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.schema import TableInfo

__all__ = ["IMPLIED", "CHANGE_MESSAGE", "LIFECYCLE", "follower_of", "follow"]

IMPLIED = "implied"
CHANGE_MESSAGE = "change_message"
LIFECYCLE = "lifecycle:"
"""With the state after the colon: an instant the row's status has reached or not (see
:mod:`.lifecycle`)."""

_IMPLIED = {"is_staff": "is_superuser", "staff": "superuser",
            "is_active": "is_superuser", "active": "superuser"}  # fmt: skip
_MESSAGES = {"change_message": "action_flag"}
_FIELDS = ("Name", "Title", "Description", "Status", "Price", "Email", "Slug", "Is active",
           "Quantity", "Tags", "Notes", "Address", "Category", "Image", "Published")  # fmt: skip
_LONGEST = 64
"""Room a change message needs (three field names)."""


def follower_of(table: TableInfo, column: str, generated: Sequence[str]) -> tuple[str, str] | None:
    """``(spelling, leading column)`` when ``column`` follows another column of the row
    that ``generated`` (the columns the seed generates or overrides) holds, else None."""
    col = table.column(column)
    names = {n.lower(): n for n in generated if n != column}
    if col.kind == "bool":
        leader = names.get(_IMPLIED.get(column.lower(), ""))
        if leader is not None and table.column(leader).kind == "bool":
            return IMPLIED, leader
    elif col.kind == "str":
        leader = names.get(_MESSAGES.get(column.lower(), ""))
        length = getattr(col.concrete_type, "length", None) or col.length
        roomy = not isinstance(length, int) or length >= _LONGEST
        if leader is not None and table.column(leader).kind == "int" and roomy:
            return CHANGE_MESSAGE, leader
    return None


Batch = Callable[[int, int], Sequence[Any]]


def follow(spelling: str, leader: Batch, own: Batch, salt: int) -> Callable[[int, int], list[Any]]:
    """The values of rows ``start .. stop`` of a column following ``leader``."""
    if spelling.startswith(LIFECYCLE):
        return lifecycle(spelling[len(LIFECYCLE) :], leader, own)
    if spelling == IMPLIED:

        def implied(start: int, stop: int) -> list[Any]:
            return [True if lead is True else mine
                    for lead, mine in zip(leader(start, stop), own(start, stop))]  # fmt: skip

        return implied

    def messages(start: int, stop: int) -> list[Any]:
        flags = leader(start, stop)
        mine: Sequence[Any] = ()
        if any(f not in (1, 2, 3) for f in flags):
            mine = own(start, stop)
        return [_message(f, mix64(salt ^ r)) if f in (1, 2, 3) else mine[i]
                for i, (r, f) in enumerate(zip(range(start, stop), flags))]  # fmt: skip

    return messages


def _message(flag: int, h: int) -> str:
    if flag == 1:
        return '[{"added": {}}]'
    if flag == 3:
        return ""
    fields = list(dict.fromkeys(_FIELDS[(h >> (8 * i)) % len(_FIELDS)] for i in range(1 + h % 3)))
    return json.dumps([{"changed": {"fields": fields}}])
