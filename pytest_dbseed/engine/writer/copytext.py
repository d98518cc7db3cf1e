"""PostgreSQL COPY text: Python values of a column batch -> escaped text fields.

Built from the column type rather than from what the driver's bind processors return,
because those return driver adapter objects (binary, JSON, range wrappers) that have no
text form of their own. Whole columns at a time: the common types skip SQLAlchemy's bind
processing and escape a string column only when it holds a character that needs it.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
import ipaddress
import json
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.schema import ColumnInfo

__all__ = ["ColumnFormatter", "formatter", "array_text", "quote_element", "NULL"]

NULL = "\\N"
"""COPY text of SQL NULL."""

_ESCAPE = re.compile(r"[\\\t\n\r]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _esc(text: str) -> str:
    if _ESCAPE.search(text) is None:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


def quote_element(text: str) -> str:
    """An array element or hstore key/value, double-quoted with its quotes and backslashes
    escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def array_text(items: Iterable[Any], item_text: Callable[[Any], str]) -> str:
    """A PostgreSQL array literal (nested lists are sub-arrays, None is NULL)."""
    return (
        "{"
        + ",".join(
            "NULL"
            if v is None
            else array_text(v, item_text)
            if isinstance(v, (list, tuple))
            else quote_element(item_text(v))
            for v in items
        )
        + "}"
    )


def _range_text(value: Any) -> str:
    lower = getattr(value, "lower", None)
    upper = getattr(value, "upper", None)
    bounds: str = getattr(value, "bounds", None) or getattr(value, "_bounds", None) or "[)"
    if getattr(value, "empty", False) or getattr(value, "isempty", False):
        return "empty"
    lo = "" if lower is None else '"' + _scalar_text(lower) + '"'
    hi = "" if upper is None else '"' + _scalar_text(upper) + '"'
    return f"{bounds[0]}{lo},{hi}{bounds[1]}"


def _scalar_text(value: Any) -> str:
    """PostgreSQL input text for one DBAPI-level value (before COPY escaping)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return f"{value.days} days {value.seconds} seconds {value.microseconds} microseconds"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return array_text(value, _scalar_text)
    if isinstance(value, dict):
        if all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in value.items()):
            # hstore-shaped; JSON columns arrive here already serialised by SQLAlchemy
            return ", ".join(
                quote_element(k) + "=>" + ("NULL" if v is None else quote_element(v))
                for k, v in value.items()
            )
        return json.dumps(value)
    if isinstance(value, enum.Enum):
        return str(value.name)
    if isinstance(
        value,
        (
            ipaddress.IPv4Address,
            ipaddress.IPv6Address,
            ipaddress.IPv4Network,
            ipaddress.IPv6Network,
            ipaddress.IPv4Interface,
            ipaddress.IPv6Interface,
        ),
    ):
        return str(value)
    if hasattr(value, "lower") and hasattr(value, "upper"):
        return _range_text(value)
    return str(value)


ColumnFormatter = Callable[[list[Any]], list[str]]


def formatter(col: ColumnInfo, dialect: sa.Dialect) -> ColumnFormatter:
    """A function from a column batch of generated Python values to COPY text fields.

    Whole columns at a time: the common types skip SQLAlchemy's bind processing (their
    processors only convert to what the text form already is) and escape a string
    column only when the column holds a character that needs it.
    """
    null = "\\N"
    if col.kind == "catalog":
        # The input text of a type SQLAlchemy does not know (values/pgtypes.py): as it is.

        def catalog(vals: list[Any]) -> list[str]:
            return [null if v is None else _esc(v) for v in vals]

        return catalog
    impl = col.type.dialect_impl(dialect)
    process = impl.bind_processor(dialect)
    base: sa.types.TypeEngine[Any] | None = impl
    if isinstance(base, sa.types.TypeDecorator):
        base = None  # user code in process_bind_param: always go through it

    if isinstance(base, (sa.Integer, sa.Float, sa.Numeric)) and not isinstance(base, sa.Enum):

        def numbers(vals: list[Any]) -> list[str]:
            return [null if v is None else str(v) for v in vals]

        return numbers
    if isinstance(base, sa.Boolean):

        def bools(vals: list[Any]) -> list[str]:
            return [null if v is None else ("t" if v else "f") for v in vals]

        return bools
    if isinstance(base, sa.Uuid):

        def uuids(vals: list[Any]) -> list[str]:
            # PostgreSQL reads 32 hex digits without hyphens, at a quarter of str(UUID)'s cost.
            return [
                null if v is None else v if v.__class__ is str else f"{v.int:032x}" for v in vals
            ]

        return uuids
    if isinstance(base, (sa.DateTime, sa.Date, sa.Time)):

        def temporal(vals: list[Any]) -> list[str]:
            return [null if v is None else v.isoformat() for v in vals]

        return temporal
    if isinstance(base, sa.String) and not isinstance(base, sa.Enum) and process is None:

        def strings(vals: list[Any]) -> list[str]:
            out = [
                null if v is None else v if isinstance(v, str) else _scalar_text(v) for v in vals
            ]
            if _ESCAPE.search("".join(out).replace(null, "")) is None:
                return out
            return [v if v is null else _esc(v) for v in out]

        return strings

    text_of = _value_text(col.type, dialect)

    def general(vals: list[Any]) -> list[str]:
        return [null if v is None else _esc(text_of(v)) for v in vals]

    return general


def _value_text(t: sa.types.TypeEngine[Any], dialect: sa.Dialect) -> Callable[[Any], str]:
    """PostgreSQL input text of one non-NULL value of type ``t`` (before COPY escaping).

    Built from the column type rather than from what the driver's bind processors
    return, because those return driver adapter objects (binary, JSON, range
    wrappers) that have no text form of their own.
    """
    from sqlalchemy.dialects.postgresql import HSTORE
    from sqlalchemy.dialects.postgresql.ranges import AbstractMultiRange, AbstractRange

    if isinstance(t, sa.PickleType):
        # Pickled with the type's own pickler and protocol, as its bind processing does.
        dumps, protocol = t.pickler.dumps, t.protocol
        return lambda v: "\\x" + dumps(v, protocol).hex()
    if isinstance(t, sa.types.TypeDecorator):
        inner = _value_text(t.impl_instance, dialect)
        if type(t).process_bind_param is sa.types.TypeDecorator.process_bind_param:
            return inner
        bind = t.process_bind_param

        def decorated(v: Any) -> str:
            v = bind(v, dialect)
            return "\\N" if v is None else inner(v)

        return decorated
    if isinstance(t, sa.ARRAY):
        item = _value_text(t.item_type, dialect)
        return lambda v: array_text(v, item)
    if isinstance(t, AbstractMultiRange):
        return lambda v: "{" + ",".join(_range_text(r) for r in v) + "}"
    if isinstance(t, AbstractRange):
        return _range_text
    if isinstance(t, HSTORE):
        return _scalar_text
    if isinstance(t, sa.JSON):
        dumps = getattr(dialect, "_json_serializer", None) or json.dumps
        return lambda v: str(dumps(v))
    if isinstance(t, sa.Enum):
        to_db = getattr(t, "_db_value_for_elem", None)
        if to_db is None:  # pragma: no cover - SQLAlchemy internals moved
            return _scalar_text

        def enum_text(v: Any) -> str:
            return str(to_db(v))

        return enum_text
    if isinstance(t, sa.LargeBinary):
        return lambda v: "\\x" + bytes(v).hex()
    return _scalar_text
