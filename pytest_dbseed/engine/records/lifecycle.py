"""A row's state and the instants it passed: a pending order has no ``shipped_at``.

A table with a status column (``status``, ``state``, ``*_status``, ``*_state``) and
nullable time columns named after a state (``paid_at``, ``shipped_at``, ``date_shipped``,
``cancelled_on``, ``closed_at``...) holds an instant exactly where the row's status has
reached that state: a delivered order was paid and shipped, a refunded one paid, a
cancelled one only cancelled, a pending one none of them. A status the vocabulary below
does not know leaves the column its own values.

Deciding (:func:`lifecycle_of`) is pure and once per table: a time column follows the
status only when some of the status's values reach its state and some do not (else
the rule says nothing). Producing (:func:`lifecycle`) reads the row's status.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.semantics import split_name

__all__ = ["STATUS_WORDS", "RangeFn", "lifecycle", "lifecycle_of", "state_of", "status_columns"]

_TIME_WORDS = frozenset("at on date time ts timestamp datetime when".split())
_STATES = {
    "paid": "paid", "shipped": "shipped", "dispatched": "shipped", "delivered": "delivered",
    "fulfilled": "delivered", "cancelled": "cancelled", "canceled": "cancelled",
    "refunded": "refunded", "completed": "completed", "finished": "completed",
    "closed": "closed", "resolved": "resolved", "archived": "archived",
    "published": "published", "approved": "approved", "rejected": "rejected",
    "failed": "failed", "expired": "expired", "confirmed": "confirmed",
    "activated": "activated", "verified": "verified", "suspended": "suspended",
    "banned": "banned", "submitted": "submitted", "accepted": "accepted",
    "declined": "declined", "processed": "processed", "succeeded": "succeeded",
}  # fmt: skip
"""A word of a time column's name -> the state whose instant the column holds."""

_ORDERED = ("paid", "shipped", "delivered", "completed")
_DONE = (*_ORDERED, "closed", "resolved", "processed", "succeeded", "confirmed", "accepted")
_JOINED = ("activated", "confirmed", "verified")
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("pending new created draft open queued unpaid awaiting_payment "
                    "scheduled unconfirmed waiting".split(), ()),
    "processing": ("paid",), "paid": ("paid",), "shipped": ("paid", "shipped"),
    "in_transit": ("paid", "shipped"), "delivered": _ORDERED,
    "fulfilled": _ORDERED, "completed": _DONE, "complete": _DONE, "done": _DONE,
    "succeeded": ("paid", "processed", "succeeded", "completed", "confirmed"),
    "success": ("paid", "processed", "succeeded", "completed", "confirmed"),
    "cancelled": ("cancelled",), "canceled": ("cancelled",), "refunded": ("paid", "refunded"),
    "failed": ("failed",), "closed": ("resolved", "closed"), "resolved": ("resolved",),
    "archived": ("archived",), "published": ("approved", "published"),
    "approved": ("submitted", "approved"), "rejected": ("submitted", "rejected"),
    "submitted": ("submitted",), "accepted": ("accepted",), "declined": ("declined",),
    "expired": ("expired",), "confirmed": ("confirmed",), "verified": ("verified",),
    "active": _JOINED, "inactive": _JOINED,
    "suspended": (*_JOINED, "suspended"), "banned": (*_JOINED, "banned"),
}  # fmt: skip
"""A status value -> the states a row with it has passed."""


def status_columns(table: TableInfo) -> list[str]:
    """The table's status columns, the plainest name first."""
    found = []
    for col in table.columns:
        words = split_name(col.name)
        if col.kind in ("str", "enum") and words and words[-1] in ("status", "state"):
            found.append((len(words), col.name))
    return [name for _, name in sorted(found)]


def state_of(column: str) -> str | None:
    """The state a time column's name holds the instant of (``shipped_at`` -> shipped)."""
    words = [w for w in split_name(column) if w not in _TIME_WORDS]
    return _STATES.get(words[-1]) if words else None


def _norm(value: Any) -> str:
    return str(value).strip().lower().replace(" ", "_").replace("-", "_")


def lifecycle_of(state: str, values: Iterable[Any]) -> bool:
    """Whether a column of ``state`` follows a status taking ``values``: some of them
    reach the state and some known ones do not."""
    reached = [state in STATUS_WORDS[v] for v in map(_norm, values) if v in STATUS_WORDS]
    return any(reached) and not all(reached)


RangeFn = Callable[[int, int], Sequence[Any]]
"""Values of one column for rows ``start .. stop``."""


def lifecycle(state: str, status: RangeFn, own: RangeFn) -> Callable[[int, int], list[Any]]:
    """Rows ``start .. stop``: the column's own instant where the row's status has
    reached ``state`` (or is one the vocabulary does not know), NULL where it has not."""
    reaching: dict[Any, bool | None] = {}

    def reached(value: Any) -> bool | None:
        got = reaching.get(value, False)
        if got is False and value not in reaching:
            states: Collection[str] | None = STATUS_WORDS.get(_norm(value))
            got = reaching[value] = None if states is None else state in states
        return got

    def values(start: int, stop: int) -> list[Any]:
        return [None if reached(s) is False else mine
                for s, mine in zip(status(start, stop), own(start, stop))]  # fmt: skip

    return values
