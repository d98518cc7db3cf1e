"""Columns whose values follow another column of the same row.

* A flag another flag implies: a superuser is staff and active (``is_staff`` and
  ``is_active`` beside ``is_superuser``) — true wherever the leading flag is, the column's
  own value elsewhere.
* An instant of a state follows the row's status (see :mod:`.lifecycle`).
* Django's admin log message follows its action: ``change_message`` is ``[{"added": {}}]``
  for an addition (``action_flag`` 1), the fields a change changed for a change (2), and
  empty for a deletion (3), as Django writes them.
* A column set exactly where a timestamp of the row is (``present``): a reset token
  where ``reset_password_sent_at`` is (``password_reset_token`` and
  ``password_reset_sent_at``, ``confirmation_token`` and ``confirmation_sent_at``, an
  ``unlock_token`` where ``locked_at`` is), the previous sign-in and the sign-in
  addresses where ``current_sign_in_at`` is — its own value there, NULL elsewhere.
* A count of sign-ins (``sign_in_count`` beside ``current_sign_in_at``): 0 where the
  user never signed in, one or more where they did (the timeline puts the last sign-in
  at the current one where the count is 1).
* Failed attempts beside ``locked_at``: at or above a lock threshold (5 to 10) where the
  account is locked, mostly 0 and below the threshold elsewhere.

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
from pytest_dbseed.engine.semantics import split_name

__all__ = ["IMPLIED", "CHANGE_MESSAGE", "LIFECYCLE", "PRESENT", "COUNT", "ATTEMPTS",
           "follower_of", "follow", "count_column"]  # fmt: skip

IMPLIED = "implied"
CHANGE_MESSAGE = "change_message"
LIFECYCLE = "lifecycle:"
"""With the state after the colon: an instant the row's status has reached or not (see
:mod:`.lifecycle`)."""
PRESENT = "present"
COUNT = "count"
ATTEMPTS = "attempts"
RULED = frozenset((PRESENT, COUNT, ATTEMPTS))
"""Spellings that follow a timestamp's NULLs."""
LOCK_THRESHOLD = 5
"""Failed attempts that lock an account (Devise's ``maximum_attempts`` is 5 to 20)."""

_IMPLIED = {"is_staff": "is_superuser", "staff": "superuser",
            "is_active": "is_superuser", "active": "superuser"}  # fmt: skip
_MESSAGES = {"change_message": "action_flag"}
_FIELDS = ("Name", "Title", "Description", "Status", "Price", "Email", "Slug", "Is active",
           "Quantity", "Tags", "Notes", "Address", "Category", "Image", "Published")  # fmt: skip
_LONGEST = len(json.dumps([{"changed": {"fields": sorted(_FIELDS, key=len)[-3:]}}]))
_SHORTEST = len(json.dumps([{"changed": {"fields": [max(_FIELDS, key=len)]}}]))
"""Room a change message needs: for any one field, and for up to three."""


def _present_leaders(words: list[str]) -> list[str]:
    """Names of the timestamps a column named ``words`` is set together with."""
    if len(words) > 1 and words[-1] == "token":
        stem = words[:-1]
        out = ["_".join(stem + ["sent", "at"])]
        if stem[0].startswith("un") and len(stem[0]) > 4:  # unlock_token: locked_at
            verb = stem[0][2:]
            out.append("_".join([verb + ("d" if verb.endswith("e") else "ed")] + stem[1:] + ["at"]))
        return out
    if len(words) > 2 and words[0] in ("last", "current") and words[-1] in ("at", "ip"):
        if words[0] == "current" and words[-1] == "at":
            return []
        middle = words[1:-1]
        return ["_".join(["current"] + middle + ["at"]), "_".join(["last"] + middle + ["at"])]
    return []


def count_column(words: list[str]) -> str:
    """The name of the count of an activity ``current_sign_in_at`` records (``sign_in_count``)."""
    if len(words) > 2 and words[0] in ("current", "last") and words[-1] == "at":
        return "_".join(words[1:-1] + ["count"])
    return ""


def _lock_words(words: list[str]) -> bool:
    """``failed_attempts``, ``failed_login_attempts``, ``failed_attempts_count``."""
    return bool(words) and words[0] == "failed" and any(w.startswith("attempt") for w in words)


def _timed(table: TableInfo, name: str | None) -> str | None:
    if name is None or table.column(name).kind not in ("datetime", "date"):
        return None
    return name


def _rule_leader(table: TableInfo, column: str, names: dict[str, str]) -> tuple[str, str] | None:
    """A leader by the name rules: a token or sign-in column beside its timestamp, a count
    of sign-ins, the failed attempts beside ``locked_at``."""
    col = table.column(column)
    words = split_name(column)
    if col.nullable:
        for name in _present_leaders(words):
            leader = _timed(table, names.get(name))
            if leader is not None:
                return PRESENT, leader
    if col.kind != "int":
        return None
    if len(words) > 1 and words[-1] == "count":
        for edge in ("current", "last"):
            leader = _timed(table, names.get("_".join([edge] + words[:-1] + ["at"])))
            if leader is not None:
                return COUNT, leader
    if _lock_words(words):
        leader = _timed(table, names.get("locked_at"))
        if leader is not None:
            return ATTEMPTS, leader
    return None


def follower_of(table: TableInfo, column: str, generated: Sequence[str]) -> tuple[str, str] | None:
    """``(spelling, leading column)`` when ``column`` follows another column of the row
    that ``generated`` (the columns the seed generates or overrides) holds, else None."""
    col = table.column(column)
    names = {n.lower(): n for n in generated if n != column}
    found = _rule_leader(table, column, names)
    if found is not None:
        return found
    if col.kind == "bool":
        leader = names.get(_IMPLIED.get(column.lower(), ""))
        if leader is not None and table.column(leader).kind == "bool":
            return IMPLIED, leader
    elif col.kind == "str":
        leader = names.get(_MESSAGES.get(column.lower(), ""))
        length = getattr(col.concrete_type, "length", None) or col.length
        roomy = not isinstance(length, int) or length >= _SHORTEST
        if leader is not None and table.column(leader).kind == "int" and roomy:
            room = length if isinstance(length, int) and length < _LONGEST else 0
            return f"{CHANGE_MESSAGE}:{room}", leader
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

    if spelling == PRESENT:

        def present(start: int, stop: int) -> list[Any]:
            return [None if lead is None else mine
                    for lead, mine in zip(leader(start, stop), own(start, stop))]  # fmt: skip

        return present
    if spelling in (COUNT, ATTEMPTS):
        fn = _count if spelling == COUNT else _attempts

        def counted(start: int, stop: int) -> list[Any]:
            return [fn(lead is not None, mix64(salt ^ r))
                    for r, lead in zip(range(start, stop), leader(start, stop))]  # fmt: skip

        return counted

    room = int(spelling.partition(":")[2] or 0)

    def messages(start: int, stop: int) -> list[Any]:
        flags = leader(start, stop)
        mine: Sequence[Any] = ()
        if any(f not in (1, 2, 3) for f in flags):
            mine = own(start, stop)
        return [_message(f, mix64(salt ^ r), room) if f in (1, 2, 3) else mine[i]
                for i, (r, f) in enumerate(zip(range(start, stop), flags))]  # fmt: skip

    return messages


def _message(flag: int, h: int, room: int = 0) -> str:
    """Django's message for an action: the fields a change changed, as many of one to
    three as fit in ``room`` characters (0: no limit)."""
    if flag == 1:
        return '[{"added": {}}]'
    if flag == 3:
        return ""
    fields = list(dict.fromkeys(_FIELDS[(h >> (8 * i)) % len(_FIELDS)] for i in range(1 + h % 3)))
    text = json.dumps([{"changed": {"fields": fields}}])
    while room and len(text) > room and len(fields) > 1:
        fields.pop()
        text = json.dumps([{"changed": {"fields": fields}}])
    return text


def _count(signed_in: bool, h: int) -> int:
    """0 for a user who never signed in; else 1 in a sixth of them, more (log-uniform up
    to a few hundred) in the others."""
    if not signed_in:
        return 0
    if h % 6 == 0:
        return 1
    return 1 + int(2.0 ** ((h >> 8) % 8192 / 1024.0)) + (h >> 24) % 3  # 2 .. 259


def _attempts(locked: bool, h: int) -> int:
    """At the lock threshold or above where locked; mostly 0, else 1 to 3, elsewhere."""
    if locked:
        return LOCK_THRESHOLD + (h >> 8) % 6
    return 0 if h % 8 else 1 + (h >> 8) % 3
