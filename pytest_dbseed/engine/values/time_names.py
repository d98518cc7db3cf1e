"""What a column's name says about time: its role in a row's timeline and its encoding.

``created_at``, ``date_created``, ``creation_time`` and ``created_ms`` all play the role
``created``; ``last_updated``, ``modified_on`` and ``updated_at`` the role ``updated``,
which comes after it. The rest of the name is the subject (``trial_ends_at`` ends the
``trial``), and only columns of one subject are ordered with each other.

Encodings: timestamps, dates and times of day by type; integers by name and width:
epoch seconds, milliseconds or microseconds (``*_ms``, ``*_millis``, ``*_us``; else a
BIGINT holds milliseconds and an INTEGER seconds), or one part of a date split over
several columns (``begin_date_year``, ``begin_date_month``, ``begin_date_day``).

The rules are plain tables below (:data:`ROLE_WORDS`, :data:`BEFORE`, :data:`GAPS`), so
a new word or role is one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.semantics import singular, split_name

__all__ = [
    "TimeName",
    "time_name",
    "epoch_unit",
    "split_part",
    "ROLE_WORDS",
    "BEFORE",
    "GAPS",
    "Gap",
    "gap_for",
    "is_duration",
    "PAST_ROLES",
]

# --------------------------------------------------------------------------- words

ROLE_WORDS: dict[str, str] = {}
"""A word of a column name -> the role it gives the column in the row's timeline."""

for _role, _words in (
    ("created", "created create creation inserted insert added registered registration "
                "joined join signup enrolled"),
    ("updated", "updated update modified modify modification changed change edited edit "
                "lastmodified"),
    ("last", "last latest recent previous"),
    ("current", "current"),
    ("first", "first earliest"),
    ("deleted", "deleted delete removed archived banned revoked trashed deactivated locked "
                "suspended blocked disabled"),
    ("published", "published publish posted released"),
    ("start", "start starts started starting begin begins began beginning from since "
              "commenced effective"),
    ("end", "end ends ended ending finish finishes finished completed complete to until "
            "till thru through stop stopped concluded"),
    ("order", "order ordered purchase purchased placed"),
    ("paid", "paid payment charged settled"),
    ("required", "required needed"),
    ("shipped", "shipped shipment shipping dispatched"),
    ("delivered", "delivered delivery"),
    ("cancelled", "cancelled canceled cancellation"),
    ("returned", "returned refunded"),
    ("birth", "birth born dob birthday birthdate"),
    ("hire", "hire hired employed employment"),
    ("death", "death died deceased"),
    ("termination", "terminated termination resigned retired fired leaving left"),
    ("issued", "issued issue issuance granted"),
    ("expires", "expires expire expiry expiration expired"),
    ("due", "due deadline"),
    ("sent", "sent send sending"),
    ("read", "read seen viewed"),
    ("received", "received receipt acknowledged"),
    ("opened", "opened open opens opening"),
    ("closed", "closed close closes closing resolved solved"),
    ("submitted", "submitted submit submission applied requested"),
    ("approved", "approved accepted rejected reviewed confirmed verified processed "
                 "validated declined denied"),
    ("checkin", "checkin"),
    ("checkout", "checkout"),
    ("arrival", "arrival arrive arrived arriving"),
    ("departure", "departure depart departed departing"),
):  # fmt: skip
    for _w in _words.split():
        ROLE_WORDS[_w] = _role

BEFORE: dict[str, tuple[str, ...]] = {
    "updated": ("created", "first"),
    "last": ("first", "created"),
    "current": ("last", "first", "created"),
    "deleted": ("created", "start"),
    "published": ("created",),
    "end": ("start",),
    "paid": ("order", "created"),
    "required": ("order", "created"),
    "shipped": ("paid", "order", "created"),
    "delivered": ("shipped", "paid", "order", "sent", "created"),
    "cancelled": ("order", "created"),
    "returned": ("delivered", "shipped", "paid", "order", "created"),
    "hire": ("birth",),
    "death": ("termination", "hire", "birth"),
    "termination": ("hire", "start", "created", "birth"),
    "expires": ("issued", "start", "created"),
    "due": ("issued", "order", "created"),
    "sent": ("created",),
    "read": ("received", "sent", "created"),
    "received": ("sent", "shipped", "order", "created"),
    "opened": ("sent", "created"),
    "closed": ("opened", "created"),
    "submitted": ("created",),
    "approved": ("submitted", "created"),
    "checkout": ("checkin",),
    "departure": ("arrival",),
}
"""Role -> the roles it comes after, nearest first: a column follows the first of them its
table has (with the same subject). No role comes after itself, even through others.

A point of a subject its table has no earlier point of follows the row's own creation
(subject ()) when it comes after ``created`` (see :func:`row_created_follows`):
``reset_password_sent_at``, ``remember_created_at`` and ``email_verified_at`` come after
the row's ``created_at``."""

REQUEST_NOUNS: dict[str, str] = {
    "confirmation": "confirmed", "verification": "verified", "activation": "activated",
    "approval": "approved", "acceptance": "accepted",
}  # fmt: skip
"""A noun naming what a message asks for -> the word of its outcome: a confirmation sent
(``confirmation_sent_at``) is a request (role ``submitted``) its outcome (``confirmed_at``,
role ``approved``) comes after; the noun leaves the subject (``email_verification_sent_at``
asks for ``email_verified_at``)."""

_TRAVEL_WORDS = frozenset("flight trip leg segment journey route train voyage transfer".split())
_TRAVEL_BEFORE = {"arrival": ("departure",), "departure": ()}
"""In travel tables the departure comes first."""

PAST_ROLES = frozenset(
    "created updated last current first deleted published birth hire death termination issued "
    "order paid submitted approved sent read received opened closed".split()
)
"""Roles of things that happened: generated years stay at or before the anchor."""

_SUFFIX = frozenset(
    "at on date time timestamp ts datetime dt when utc tz local stamp of epoch unix".split()
)
_UNITS = {
    "ms": 1000, "millis": 1000, "msec": 1000, "msecs": 1000, "milliseconds": 1000,
    "millisecond": 1000, "us": 10**6, "usec": 10**6, "micros": 10**6,
    "microseconds": 10**6, "sec": 1, "secs": 1, "s": 1,
}  # fmt: skip
_DURATION = frozenset(
    "duration durations elapsed latency timeout ttl interval delay wait waiting response "
    "runtime cpu processing lead uptime downtime spent took lifetime retention grace "
    "cooldown backoff offset cook prep travel transit turnaround total average avg mean "
    "max min execution exec render build compile query age period length window run "
    "limit threshold budget estimate estimated remaining idle".split()
)
_PARTS = {
    "year": "year", "yr": "year", "years": None, "month": "month", "mon": "month",
    "day": "day", "dd": "day", "hour": "hour", "hr": "hour", "minute": "minute",
    "second": "second",
}  # fmt: skip
_PART_ORDER = ("year", "month", "day", "hour", "minute", "second")


def is_duration(tokens: list[str]) -> bool:
    """The name is a length of time (``duration_ms``, ``response_time``), not an instant."""
    return any(t in _DURATION or t.endswith("duration") for t in tokens)


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class TimeName:
    """What a name says: ``role`` (or None), ``subject`` (the other words) and, for a
    split date, the ``stem`` its parts share and which ``part`` this column is."""

    role: str | None
    subject: tuple[str, ...]
    stem: tuple[str, ...] = ()
    part: str | None = None


def _tokens(name: str) -> list[str]:
    tokens = split_name(name)
    while len(tokens) > 1 and tokens[-1].isdigit():
        tokens.pop()
    # check_in / check_out are one word
    out: list[str] = []
    for t in tokens:
        if out and out[-1] == "check" and t in ("in", "out"):
            out[-1] = "check" + t
        else:
            out.append(t)
    return out


_EDGES = ("last", "first", "current")
"""Roles naming an activity of their own (``last_login``, ``current_sign_in_at``)."""


def _role_of(words: list[str], table: str) -> tuple[str | None, tuple[str, ...]]:
    """(role, subject) of the words left once suffixes and units are gone."""
    roles = [(i, ROLE_WORDS[w]) for i, w in enumerate(words) if w in ROLE_WORDS]
    if not roles:
        return None, tuple(words)
    # "last" / "first" / "current" name an activity of their own (last_login, last_seen_at,
    # last_post_at, first_seen), except before an update (last_updated is an update).
    if len(roles) > 1:  # current_period_end ends a period: "current" alone is an edge
        roles = [(i, r) for i, r in roles if r != "current"]
    edge = [(i, r) for i, r in roles if r in _EDGES]
    if edge and not any(r == "updated" and i > edge[0][0] for i, r in roles):
        return edge[0][1], ()
    i, role = [(i, r) for i, r in roles if r not in _EDGES][-1]
    if role == "sent" and i > 0 and words[i - 1] in REQUEST_NOUNS:
        # confirmation_sent_at: a request for what confirmed_at records
        return "submitted", tuple(words[: i - 1])
    skip = {i} | {j for j, _ in edge if j < i}
    return role, tuple(w for k, w in enumerate(words) if k not in skip)


def time_name(table: str, column: str) -> TimeName:
    """Role and subject of a temporal column named ``column`` in ``table``."""
    words = [t for t in _tokens(column) if t not in _SUFFIX and t not in _UNITS]
    role, subject = _role_of(words, table)
    return TimeName(role, subject)


def split_part(table: str, column: str) -> TimeName | None:
    """The part of a split date a column holds (``begin_date_year`` -> year of
    ``begin_date``), or None. A bare ``year``/``month``/``day`` is a part of the stem ()."""
    tokens = _tokens(column)
    if not tokens:
        return None
    if tokens == ["yob"]:
        return TimeName("birth", (), ("birth",), "year")
    if len(tokens) > 2 and tokens[0] == "year" and tokens[1] == "of":
        tokens = tokens[2:] + ["year"]  # year_of_manufacture, year_of_birth
    part = _PARTS.get(tokens[-1])
    if part is None:
        return None
    stem = tuple(tokens[:-1])
    if any(t in _DURATION for t in stem):
        return None
    words = [t for t in stem if t not in _SUFFIX]
    role, subject = _role_of(words, table)
    return TimeName(role, subject, stem, part)


_STRONG = frozenset("at ts timestamp epoch unix unixtime datetime stamp time".split())
_EPOCH_WORDS = frozenset(
    "created creation updated modified modification changed deleted inserted registered "
    "published expires expiry expired timestamp ts epoch joined enrolled signup verified "
    "confirmed activated archived accessed submitted shipped delivered".split()
)


def epoch_unit(table: str, column: str, t: sa.types.TypeEngine[Any]) -> int | None:
    """Units per second of an integer column holding an instant (1, 1000, 10**6), or None.

    By name first: a time suffix last (``_at``, ``_ts``, ``_timestamp``, ``_epoch``,
    ``_time``) or a word like ``created`` alone, with an optional unit word after it
    (``_ms``, ``_millis``, ``_us``, ``_s``); durations (``duration_ms``, ``response_time``)
    are not instants. By width second: a BIGINT without a unit holds milliseconds, a 32-bit
    INTEGER seconds (it holds them until 2038, milliseconds never), a SMALLINT none.
    """
    tokens = _tokens(column)
    if not tokens or is_duration(tokens) or isinstance(t, sa.SmallInteger):
        return None
    unit = _UNITS.get(tokens[-1])
    words = tokens[:-1] if unit is not None else tokens
    if not words:
        return None
    core = [w for w in words if w not in _SUFFIX]
    timed = words[-1] in _STRONG or (len(core) == 1 and core[0] in _EPOCH_WORDS)
    if not timed:
        return None
    big = isinstance(t, sa.BigInteger)
    if unit is None:
        unit = 1000 if big else 1
    if not big and unit > 1:
        return None  # milliseconds do not fit in 32 bits
    return unit


def before_roles(role: str, table: str) -> tuple[str, ...]:
    """Roles ``role`` comes after, nearest first (travel tables reverse arrival and
    departure)."""
    words = {singular(w) for w in split_name(table.rsplit(".", 1)[-1])}
    if words & _TRAVEL_WORDS and role in _TRAVEL_BEFORE:
        return _TRAVEL_BEFORE[role]
    return BEFORE.get(role, ())


# --------------------------------------------------------------------------- gaps

_H = 3600.0
_D = 86400.0
_Y = 365.25 * _D


@dataclass(frozen=True)
class Gap:
    """How long after its predecessor a role's instant comes: ``low`` to ``high`` seconds,
    ``log`` (log-uniform: most gaps short, some long) or uniform; ``past``: not after the
    anchor when the predecessor is before it."""

    low: float
    high: float
    log: bool = True
    past: bool = False


GAPS: dict[str, Gap] = {
    "updated": Gap(60, 180 * _D, past=True),
    "last": Gap(_H, 365 * _D, past=True),
    "current": Gap(60, 60 * _D, past=True),
    "deleted": Gap(_D, 365 * _D, past=True),
    "published": Gap(60, 30 * _D),
    "end": Gap(_H, 365 * _D),
    "paid": Gap(60, 2 * _D),
    "required": Gap(7 * _D, 14 * _D, log=False),
    "shipped": Gap(4 * _H, 10 * _D),
    "delivered": Gap(_D, 10 * _D),
    "cancelled": Gap(_H, 30 * _D),
    "returned": Gap(_D, 30 * _D),
    "hire": Gap(18 * _Y, 45 * _Y, log=False, past=True),
    "death": Gap(40 * _Y, 100 * _Y, log=False, past=True),
    "termination": Gap(30 * _D, 15 * _Y, past=True),
    "expires": Gap(30 * _D, 3 * _Y),
    "due": Gap(7 * _D, 60 * _D, log=False),
    "sent": Gap(60, 3 * _D),
    "read": Gap(10, 3 * _D),
    "received": Gap(1, _H),
    "opened": Gap(60, 7 * _D),
    "closed": Gap(_H, 90 * _D),
    "submitted": Gap(60, 7 * _D),
    "approved": Gap(_H, 14 * _D),
    "checkout": Gap(_D, 14 * _D, log=False),
    "departure": Gap(_D, 14 * _D, log=False),
    "arrival": Gap(_H, 16 * _H),
}
"""Role -> its gap after the role it follows."""

PAIR_GAPS: dict[tuple[str, str], Gap] = {
    ("death", "hire"): Gap(5 * _Y, 50 * _Y, log=False, past=True),
    ("death", "termination"): Gap(_Y, 30 * _Y, log=False, past=True),
    ("termination", "birth"): Gap(25 * _Y, 60 * _Y, log=False, past=True),
    ("shipped", "paid"): Gap(_H, 5 * _D),
    ("delivered", "order"): Gap(2 * _D, 14 * _D),
    ("received", "order"): Gap(2 * _D, 14 * _D),
}
"""(role, the role it follows) -> a gap of its own where the role's usual one does not fit."""

ROW_CREATED_GAP = Gap(_H, 365 * _D, past=True)
"""The gap of a past point of a subject (a password reset, a remembered login) after the
row's creation."""

_CLOCK_GAP = Gap(15 * 60, 10 * _H)
_DEFAULT_GAP = Gap(60, 30 * _D)


def gap_for(role: str, after: str | None = None, clock: bool = False) -> Gap:
    """The gap of ``role`` after ``after`` (within one day for times of day)."""
    if clock:
        return _CLOCK_GAP
    return PAIR_GAPS.get((role, after or ""), GAPS.get(role, _DEFAULT_GAP))


def row_created_follows(role: str, subject: tuple[str, ...], table: str) -> bool:
    """A point of a subject of the row comes after the row's own ``created`` point when
    its table has no earlier point of that subject (``reset_password_sent_at``,
    ``remember_created_at``)."""
    return bool(subject) and (role == "created" or "created" in before_roles(role, table))


def part_order(parts: list[str]) -> list[str]:
    """Split date parts from the largest (year) to the smallest (second)."""
    return sorted(parts, key=_PART_ORDER.index)
