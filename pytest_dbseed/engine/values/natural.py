"""Natural ranges of small numbers, read from the column's name.

A ``month`` is 1-12, a ``begin_date_day`` 1-31 (valid with its month and year, see
:mod:`.timeline`), an ``hour`` 0-23, a ``rating`` 1-5, a ``retries`` mostly 0, an
integer ``active`` 0 or 1, a ``status_code`` an HTTP status, a ``capacity`` 1-500 and
``seats`` 1-100. The generator keeps every
range inside the type's limits and the CHECK bounds (:func:`.base._soft`).

The rules are the tables below; :func:`natural` returns ``None`` for a name they do not
know, and the column-name semantics (:mod:`pytest_dbseed.engine.semantics`) decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytest_dbseed.engine.semantics import detect, split_name
from pytest_dbseed.engine.values.time_names import PAST_ROLES, split_part

__all__ = ["Natural", "natural", "HTTP_STATUSES"]


@dataclass(frozen=True)
class Natural:
    """A natural range: ``low`` to ``high`` with ``decimals``; or weighted ``choices``; or
    a ``geometric`` count (0 most often, each next value ``geometric`` times as likely);
    or a 0/1 ``flag`` true with that probability; or the ``codes`` of a category."""

    low: float
    high: float
    decimals: int = 0
    choices: tuple[tuple[int, float], ...] = ()
    geometric: float | None = None
    flag: float | None = None
    codes: bool = False
    """The choices are codes of a category: where a CHECK leaves none of them, the same
    number of codes from the lowest value it allows (``CHECK (status >= 10)``: 10, 11...)."""


HTTP_STATUSES: tuple[tuple[int, float], ...] = (
    (200, 55), (201, 8), (204, 5), (301, 2), (302, 3), (304, 4), (400, 5), (401, 4),
    (403, 3), (404, 6), (409, 1), (422, 2), (429, 1), (500, 3), (502, 1), (503, 1),
)  # fmt: skip

_PARTS = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
_YEAR_PAST_WORDS = frozenset(
    "release released manufacture manufactured made built build founded established "
    "production produced publication published graduation graduated construction "
    "acquired purchase purchased registration registered first".split()
)

_EXACT: dict[str, Natural] = {}


def _add(names: str, nat: Natural) -> None:
    for n in names.split():
        _EXACT[n] = nat


_add("weekday dow dayofweek weekdaynum daynumofweek", Natural(0, 6))
_add("isodow isoweekday isodayofweek", Natural(1, 7))
_add("quarter qtr fiscalquarter quarterofyear", Natural(1, 4))
_add("week weeknum weekofyear isoweek weeknumber", Natural(1, 53))
_add("rating stars star starrating starcount userrating", Natural(1, 5, 1))
_add("score testscore examscore", Natural(0, 100, 1))
_add("percent pct percentage", Natural(0, 100, 2))
_add("discountpercent discountpct discountpercentage", Natural(0, 30, 2))
_add("discountrate", Natural(0, 0.3, 4))
_add("ratio fraction probability confidence proportion share", Natural(0, 1, 4))
_add("age ageyears", Natural(18, 90))
_add("priority severity urgency", Natural(1, 5))
_add("level", Natural(1, 10))
_add("position rank sortorder ordinal displayorder orderindex sort sortkey sequence seq "
     "sequencenumber seqno idx index lineno linenumber itemno itemnumber order ordering "
     "sortindex displayindex", Natural(1, 100))  # fmt: skip
_add("quantity qty units unitcount", Natural(1, 20))
_add("retries retry retrycount attempts attempt attemptcount numretries numattempts tries "
     "failedattempts loginattempts failures failurecount failedlogins",
     Natural(0, 5, geometric=0.4))  # fmt: skip
_add("port portnumber", Natural(1024, 65535))
_add("capacity maxcapacity totalcapacity roomcapacity venuecapacity seatingcapacity",
     Natural(1, 500))  # fmt: skip
_add("seats seatcount numseats numberofseats totalseats maxseats", Natural(1, 100))
_add("maxguests guests guestcount numguests maxoccupancy occupancy", Natural(1, 16))
_add("maxparticipants participants participantcount numparticipants maxattendees attendees "
     "maxplayers maxmembers maxteamsize teamsize", Natural(1, 100))  # fmt: skip
# Django's LogEntry.action_flag: ADDITION 1, CHANGE 2, DELETION 3 (changes the most)
_add("actionflag", Natural(1, 3, choices=((1, 30), (2, 55), (3, 15)), codes=True))
_add("statuscode httpstatus httpcode responsecode responsestatus httpstatuscode "
     "httpresponsecode", Natural(100, 599, choices=HTTP_STATUSES))  # fmt: skip

_LAST: dict[str, Natural] = {
    "rating": Natural(1, 5, 1),
    "stars": Natural(1, 5, 1),
    "score": Natural(0, 100, 1),
    "percent": Natural(0, 100, 2),
    "pct": Natural(0, 100, 2),
    "percentage": Natural(0, 100, 2),
    "ratio": Natural(0, 1, 4),
    "fraction": Natural(0, 1, 4),
    "probability": Natural(0, 1, 4),
    "priority": Natural(1, 5),
    "quantity": Natural(1, 20),
    "qty": Natural(1, 20),
    "retries": Natural(0, 5, geometric=0.4),
    "attempts": Natural(0, 5, geometric=0.4),
    "port": Natural(1024, 65535),
    "weekday": Natural(0, 6),
    "quarter": Natural(1, 4),
    "rank": Natural(1, 100),
    "position": Natural(1, 100),
    "ordinal": Natural(1, 100),
    "capacity": Natural(1, 500),
    "seats": Natural(1, 100),
    "guests": Natural(1, 16),
    "participants": Natural(1, 100),
    "attendees": Natural(1, 100),
}
"""The last word of a longer name (``star_rating``, ``discount_pct``, ``login_attempts``)."""

_DURATIONS = {
    "ms": Natural(1, 60_000), "millis": Natural(1, 60_000), "msec": Natural(1, 60_000),
    "milliseconds": Natural(1, 60_000), "us": Natural(1, 10_000_000),
    "micros": Natural(1, 10_000_000), "microseconds": Natural(1, 10_000_000),
    "s": Natural(1, 7200), "sec": Natural(1, 7200), "secs": Natural(1, 7200),
    "seconds": Natural(1, 7200), "minutes": Natural(1, 600), "mins": Natural(1, 600),
    "hours": Natural(1, 48), "hrs": Natural(1, 48), "days": Natural(1, 90),
    "weeks": Natural(1, 52), "months": Natural(1, 36), "years": Natural(1, 30),
}  # fmt: skip
"""Lengths of time by unit word (``duration_ms``, ``trial_days``, ``timeout_seconds``)."""

CATEGORY_WEIGHTS: tuple[float, ...] = (40, 25, 17, 11, 7)
"""Weights of the codes 0, 1, 2... of an integer "enum" column (``role``, ``status``): the
first code (the usual server default) most often, each next one rarer."""

_CATEGORICAL = frozenset(
    "role status state kind type plan tier visibility category mode gender sex stage phase "
    "privacy membership channel source audience".split()
)
"""Words that make an integer column a category stored as a small code (a Rails
``enum role: {...}``, Django ``choices``): the string forms of these are words from a
short list (:mod:`pytest_dbseed.engine.semantics`); as integers they are 0, 1, 2..."""


def _categorical(table: str, column: str, tokens: list[str]) -> Natural | None:
    """A small code (0..4, the first most often) for an integer column named like a
    category (``role``, ``account_status``, ``billing_plan``); as many codes as the string
    form's list has values, when fewer."""
    last = tokens[-1]
    if last not in _CATEGORICAL or tokens[0] in _COUNTS:
        return None
    sem = detect(table, column, "str", None)
    size = len(CATEGORY_WEIGHTS)
    if sem is not None and sem.words is not None:
        size = max(2, min(size, len(set(sem.words))))
    return Natural(0, size - 1, choices=tuple(enumerate(CATEGORY_WEIGHTS[:size])), codes=True)


_RARE_FLAGS = frozenset(
    "deleted disabled archived hidden locked blocked banned flagged removed suspended "
    "discontinued obsolete deprecated inactive cancelled canceled spam expired".split()
)
_FLAG_WORDS = _RARE_FLAGS | frozenset(
    "active enabled visible verified published approved confirmed public private default "
    "primary featured pinned paid valid subscribed activated available".split()
)
_FLAG_PREFIX = frozenset("is has can should allow allows was did use uses show include".split())
_COUNTS = frozenset("count counts total num number".split())
_NUMBERS = frozenset("num number no nr".split())
_DURATION_WORDS = frozenset(
    "duration elapsed latency timeout ttl delay wait runtime uptime downtime cooldown "
    "backoff interval lifetime retention grace".split()
)


def _flag(table: str, column: str, tokens: list[str]) -> Natural | None:
    if not (
        (len(tokens) == 1 and tokens[0] in _FLAG_WORDS)
        or (len(tokens) > 1 and tokens[0] in _FLAG_PREFIX and tokens[-1] not in _COUNTS)
        or tokens[-1] == "flag"
    ):
        return None
    sem = detect(table, column, "bool", None)
    p = sem.bool_p if sem is not None and sem.bool_p is not None else 0.5
    if p == 0.5 and set(tokens) & _RARE_FLAGS:
        p = 0.1
    return Natural(0, 1, flag=p)


def _year(role: str | None, stem: tuple[str, ...]) -> Natural:
    if role == "birth":
        return Natural(1930, 2007)
    if role in PAST_ROLES or role == "start" or set(stem) & _YEAR_PAST_WORDS:
        return Natural(1990, 2024)
    return Natural(1990, 2030)


def natural(table: str, column: str, kind: str) -> Natural | None:
    """The natural range of a numeric column of ``kind`` named ``column``, or None."""
    tokens = split_name(column)
    while len(tokens) > 1 and tokens[-1].isdigit():
        tokens.pop()
    if not tokens:
        return None
    compact = "".join(tokens)
    if kind == "int" and compact not in _EXACT:
        part = split_part(table, column)
        if part is not None and part.part is not None:
            if part.part == "year":
                return _year(part.role, part.stem)
            low, high = _PARTS[part.part]
            return Natural(low, high)
        flag = _flag(table, column, tokens)
        if flag is not None:
            return flag
        category = _categorical(table, column, tokens)
        if category is not None:
            return category
    found = _EXACT.get(compact) or (_LAST.get(tokens[-1]) if len(tokens) > 1 else None)
    if found is not None and (kind == "int" or found.decimals or found.high <= 100):
        if kind != "int" and (found.geometric is not None or found.choices):
            return None
        return found
    if kind == "int" and (set(tokens) & _DURATION_WORDS or tokens[-1] in _DURATIONS):
        return _DURATIONS.get(tokens[-1], Natural(1, 7200))
    if kind == "int" and (tokens[-1] in _COUNTS or tokens[0] in ("num", "n", "number")):
        sem = detect(table, column, kind, None)
        if sem is None or sem.name == "count":
            return Natural(0, 50)
    if kind in ("decimal", "float") and len(tokens) > 1 and tokens[-1] in _NUMBERS:
        # a ``build_number`` is whole in a NUMERIC column as in an integer one
        if detect(table, column, kind, None) is None:
            return Natural(0, 50)
    return None


def natural_values(nat: Natural) -> tuple[Any, ...]:
    """Every value of a choice or flag range (for the CHECK-bounds filter)."""
    if nat.choices:
        return tuple(v for v, _ in nat.choices)
    if nat.flag is not None:
        return (0, 1)
    return ()
