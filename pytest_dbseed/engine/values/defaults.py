"""Server defaults read as values: what a column's ``DEFAULT`` means for generated rows.

A column with a server default is generated like any other, so a data set is varied and
reproducible: a ``status`` defaulting to ``'pending'`` takes every plausible status, with
the default the most common (:data:`DEFAULT_SHARE` of the rows); a boolean defaulting
to true is true in :data:`TRUE_SHARE` of them; a ``created_at`` defaulting to ``now()``
spreads over time like any ``created_at``. Two kinds of default are left to the
database instead:

* a function the engine does not know (``make_code()``, ``next_invoice_number()``): it
  may compute what only the database can (a value of a domain the CHECKs here do not
  describe, a number from its own counter), so the rows leave the column out;
* any default of a column whose type the engine cannot generate.

Sequences (``nextval``) and identities are the schema's business: they number keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.types import decimal_spec, int_type_limits
from pytest_dbseed.engine.values.natural import natural
from pytest_dbseed.engine.values.time_names import epoch_unit

__all__ = ["ServerDefault", "server_default", "DEFAULT_SHARE", "TRUE_SHARE", "FALSE_SHARE"]

DEFAULT_SHARE = 0.5
"""Share of rows that take a literal server default (the other rows get generated values)."""
TRUE_SHARE = 0.85
"""Share of true values in a boolean defaulting to true."""
FALSE_SHARE = 0.12
"""Share of true values in a boolean defaulting to false."""


@dataclass(frozen=True)
class ServerDefault:
    """What a column's server default asks of the generator.

    ``action`` is ``"mix"`` (``value`` is one plausible value among generated ones),
    ``"generate"`` (an expression the generator imitates, such as ``now()``, or a literal
    that is a placeholder rather than data, such as ``'1970-01-01'``) or ``"database"``
    (left to the database; ``why`` says why).
    """

    action: str
    value: Any = None
    text: str = ""
    why: str = ""

    @property
    def always_set(self) -> bool:
        """True when an insert that leaves the column out never stores NULL."""
        return self.action != "database" and self.text.strip().upper() != "NULL"


_CAST = re.compile(r"\s*::\s*[\w\s.\"\[\]]+(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\[\])*\s*$")
_QUOTED = re.compile(r"^[eEnN]?'((?:[^']|'')*)'$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_IMITATED = re.compile(
    r"\b(now|current_timestamp|current_date|current_time|localtimestamp|localtime|"
    r"clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|sysdate|sysdatetime|"
    r"getdate|getutcdate|utc_timestamp|utc_date|unix_timestamp|unixepoch|gen_random_uuid|"
    r"uuid_generate_v\d\w*|uuid|newid|random|gen_random_bytes)\b",
    re.IGNORECASE,
)
_SQLITE_NOW = re.compile(r"\b(datetime|date|time|strftime|julianday)\s*\(.*'now'", re.IGNORECASE)
_CALL = re.compile(r"[A-Za-z_][\w.$]*\s*\(")
_MIXED_KINDS = frozenset({"bool", "int", "decimal", "money", "float", "str", "enum"})


def _sql_text(arg: Any) -> tuple[str, bool]:
    """(text, is_sql) of a ``server_default`` argument: a plain Python string is the value
    itself (SQLAlchemy quotes it), anything else SQL."""
    if isinstance(arg, str):
        return arg, False
    if isinstance(arg, sa.TextClause):
        return arg.text, True
    from sqlalchemy.dialects import postgresql

    try:
        dialect = postgresql.psycopg2.dialect()  # type: ignore[no-untyped-call]
        return str(arg.compile(dialect=dialect, compile_kwargs={"literal_binds": True})), True
    except Exception:
        return str(arg), True


def _literal(text: str) -> str | None:
    """The literal a SQL default spells (casts and parentheses removed), else None."""
    t = text.strip()
    for _ in range(8):
        before = t
        t = _CAST.sub("", t).strip()
        if t.startswith("(") and t.endswith(")") and t.count("(") == 1:
            t = t[1:-1].strip()
        if t == before:
            break
    quoted = _QUOTED.match(t)
    if quoted:
        return quoted.group(1).replace("''", "'")
    if _NUMBER.match(t) or t.lower() in ("true", "false"):
        return t
    return None


def server_default(
    table: TableInfo, col: ColumnInfo, bounds: ColumnBounds | None = None
) -> ServerDefault:
    """How to treat ``col``'s server default (see the module docstring)."""
    sa_col = table.table.c.get(col.key) if isinstance(table.table, sa.Table) else None
    clause = getattr(sa_col, "server_default", None)
    arg = getattr(clause, "arg", None)
    if arg is None:
        return ServerDefault("generate", why="no readable default")
    text, is_sql = _sql_text(arg)
    literal = _literal(text) if is_sql else text
    if literal is None:
        if text.strip().upper() == "NULL":
            return ServerDefault("generate", text=text)
        if _IMITATED.search(text) or _SQLITE_NOW.search(text):
            return ServerDefault("generate", text=text)
        if _CALL.search(text) is None and text.strip().upper().startswith(("ARRAY", "'")):
            return ServerDefault("generate", text=text)
        return ServerDefault(
            "database",
            text=text,
            why=f"its server default {text.strip()!r} is a function the engine does not imitate",
        )
    value = _coerce(col, literal)
    if value is None or not _fits(col, value, bounds) or not _natural(table, col, value):
        return ServerDefault("generate", text=text)
    return ServerDefault("mix", value=value, text=text)


def _coerce(col: ColumnInfo, text: str) -> Any:
    """The Python value of a literal default for the column's kind, or None when the
    default is not one of its plausible values (a date placeholder, an empty string)."""
    kind = col.kind
    if kind not in _MIXED_KINDS:
        return None
    try:
        if kind == "bool":
            low = text.strip().lower()
            if low in ("t", "true", "1", "y", "yes", "on"):
                return True
            if low in ("f", "false", "0", "n", "no", "off"):
                return False
            return None
        if kind == "int":
            return int(text)
        if kind in ("decimal", "money"):
            return Decimal(text.strip())
        if kind == "float":
            return float(text)
    except (ValueError, InvalidOperation):
        return None
    if kind == "enum":
        return text if text in (col.enum_values or ()) else None
    return text if text.strip() else None


def _natural(table: TableInfo, col: ColumnInfo, value: Any) -> bool:
    """The default is a plausible value for what the name says: not an epoch placeholder
    (``created BIGINT DEFAULT 0``) nor outside a natural range (``rating DEFAULT 0``)."""
    if col.kind == "int" and epoch_unit(table.name, col.name, col.concrete_type) is not None:
        return False
    if col.kind not in ("int", "decimal", "float"):
        return True
    nat = natural(table.name, col.name, col.kind)
    if nat is None:
        return True
    if nat.choices:
        return value in {v for v, _ in nat.choices}
    return bool(nat.low <= value <= nat.high)


def _fits(col: ColumnInfo, value: Any, bounds: ColumnBounds | None) -> bool:
    """The default lies within the column's type and CHECK bounds."""
    if bounds is not None and not bounds.admits(value):
        return False
    t = col.concrete_type
    if col.kind == "int":
        lo, hi = int_type_limits(t)
        return bool(lo <= value <= hi)
    if col.kind in ("decimal", "money"):
        precision, scale = decimal_spec(t, col.kind == "money")
        exp = value.as_tuple().exponent
        if isinstance(exp, int) and -exp > scale:
            return False
        return precision is None or abs(value) < Decimal(10) ** (precision - scale)
    if col.kind == "str":
        length = getattr(t, "length", None) or col.length
        return not (isinstance(length, int) and len(value) > length)
    return True
