"""A column's kind, decided once: the family of its type and the concrete type behind it.

The kind (``int``, ``str``, ``range``...) looks through ``TypeDecorator`` and PostgreSQL
``DOMAIN`` wrappers. The schema graph records it on every
:class:`~pytest_dbseed.engine.schema.ColumnInfo` (``kind`` and ``base_type``), so value
generators, CHECK interpretation, sources and the writer read it instead of deciding again.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

__all__ = [
    "KINDS",
    "column_kind",
    "comparison_kind",
    "int_type_limits",
    "is_real",
    "decimal_spec",
    "bit_length",
    "mutable_containers",
    "CONTAINERS",
]

KINDS = (
    "enum", "bool", "money", "inet", "cidr", "macaddr8", "macaddr", "bit", "tsvector", "hstore",
    "multirange", "range", "array", "json", "uuid", "float", "decimal", "int", "datetime",
    "date", "time", "interval", "pickle", "bytes", "str", "catalog", "unsupported",
)  # fmt: skip
"""Every kind :func:`column_kind` returns, and ``catalog``: a type SQLAlchemy does not know
whose values are generated from its catalog name (``ColumnInfo.catalog_type``)."""


def column_kind(coltype: sa.types.TypeEngine[Any]) -> tuple[str, sa.types.TypeEngine[Any]]:
    """The engine's family for a column type (``int``, ``str``, ``range``...) and the
    concrete type behind decorators and domains. ``unsupported`` when none fits."""
    t = coltype
    for _ in range(10):
        if isinstance(t, (sa.Interval, pg.INTERVAL)):
            return "interval", t
        if isinstance(t, sa.PickleType):
            return "pickle", t  # Python objects, pickled by the type on the way in
        if isinstance(t, pg.DOMAIN):
            t = t.data_type if isinstance(t.data_type, sa.types.TypeEngine) else t.data_type()
            continue
        if isinstance(t, sa.types.TypeDecorator):
            t = t.impl_instance
            continue
        break
    checks: list[tuple[type[Any] | tuple[type[Any], ...], str]] = [
        (sa.Enum, "enum"),
        (sa.Boolean, "bool"),
        (pg.MONEY, "money"),
        (pg.INET, "inet"),
        (pg.CIDR, "cidr"),
        (pg.MACADDR8, "macaddr8"),
        (pg.MACADDR, "macaddr"),
        (pg.BIT, "bit"),
        (pg.TSVECTOR, "tsvector"),
        (pg.HSTORE, "hstore"),
        (pg.ranges.AbstractMultiRange, "multirange"),
        (pg.ranges.AbstractSingleRange, "range"),
        (sa.ARRAY, "array"),
        (sa.JSON, "json"),
        (sa.Uuid, "uuid"),
        (sa.Float, "float"),
        (sa.Numeric, "decimal"),
        (sa.Integer, "int"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.Time, "time"),
        (sa.LargeBinary, "bytes"),
        (sa.String, "str"),
    ]
    for cls, kind in checks:
        if isinstance(t, cls):
            if kind == "array" and _unsupported_items(t):
                return "unsupported", t  # point[], tsquery[]: named by the catalog
            return kind, t
    return "unsupported", t


def _unsupported_items(t: sa.ARRAY[Any]) -> bool:
    item = t.item_type
    if isinstance(item, type):
        item = item()
    return isinstance(item, sa.types.TypeEngine) and column_kind(item)[0] == "unsupported"


_OPAQUE = frozenset({"interval", "array", "json", "bytes", "pickle"})


def comparison_kind(kind: str, base: sa.types.TypeEngine[Any]) -> str:
    """How constants compared with a column of ``kind`` are typed in a CHECK.

    ``int``, ``decimal``, ``float``, ``bool``, ``date``, ``datetime``, ``datetime_tz``,
    ``time``, ``str``, ``uuid``; ``opaque`` for values no constant is coerced to (intervals,
    arrays, JSON, bytes), ``other`` for the rest (constants kept as written).
    """
    if kind == "decimal":
        return "decimal" if getattr(base, "asdecimal", True) else "float"
    if kind == "datetime":
        return "datetime_tz" if getattr(base, "timezone", False) else "datetime"
    if kind == "enum":
        return "str"
    if kind in ("int", "float", "bool", "date", "time", "str", "uuid"):
        return kind
    return "opaque" if kind in _OPAQUE else "other"


# =========================================================================== numbers


def int_type_limits(t: Any) -> tuple[int, int]:
    """Smallest and largest value of an integer type (32-bit unless small or big)."""
    if isinstance(t, sa.SmallInteger):
        return -(2**15), 2**15 - 1
    if isinstance(t, sa.BigInteger):
        return -(2**63), 2**63 - 1
    return -(2**31), 2**31 - 1


def decimal_spec(t: Any, money: bool) -> tuple[int | None, int]:
    """(precision or None for unbounded, scale) of a NUMERIC or MONEY type."""
    if money:
        return 18, 2
    precision = getattr(t, "precision", None)
    scale = getattr(t, "scale", None)
    if precision is None:
        return None, 2 if scale is None else scale
    return precision, 0 if scale is None else scale


def is_real(t: Any) -> bool:
    """True for single-precision floats (REAL, FLOAT(p <= 24)), False for DOUBLE."""
    if isinstance(t, sa.REAL):
        return True
    precision = getattr(t, "precision", None)
    return (
        isinstance(t, sa.Float)
        and not isinstance(t, sa.Double)
        and (isinstance(precision, int) and precision <= 24)
    )


def bit_length(t: Any) -> tuple[int, bool]:
    """(length, varying) of a BIT / BIT VARYING type."""
    length = getattr(t, "length", None)
    varying = bool(getattr(t, "varying", False))
    if not isinstance(length, int) or length <= 0:
        length = 16 if varying else 1
    return length, varying


# =========================================================================== containers

CONTAINERS = ("list", "dict", "set")
"""What :func:`mutable_containers` reports a column's values must be."""

_MUTABLE_APPLIED = "_ext_mutable_listener_applied"


def mutable_containers(mappers: Any) -> dict[tuple[str, str], str]:
    """(table full name, column name) -> ``list``, ``dict`` or ``set`` for every mapped
    column tracked by SQLAlchemy's mutation extension (``MutableList.as_mutable(JSON)``,
    ``MutableDict``, ``MutableSet``, or a ``Mutable.associate_with``): values loaded into
    such an attribute must be of that container, or loading the row fails.

    Asked of the ORM itself: a value of each kind is set on a fresh instance, and the
    kind the attribute turns into a ``Mutable`` is the container.
    """
    try:
        from sqlalchemy.ext.mutable import Mutable
    except ImportError:  # pragma: no cover - SQLAlchemy without the extension
        return {}
    out: dict[tuple[str, str], str] = {}
    for mapper in mappers:
        try:
            instance = mapper.class_manager.new_instance()
        except Exception:  # a mapping that does not configure: nothing to learn
            continue
        for prop in mapper.column_attrs:
            col = prop.columns[0] if prop.columns else None
            table = getattr(col, "table", None)
            if not isinstance(col, sa.Column) or not isinstance(table, sa.Table):
                continue
            kind = column_kind(col.type)[0]
            if not (col.info.get(_MUTABLE_APPLIED) or kind in ("json", "pickle")):
                continue
            found = _container_of(instance, prop.key, Mutable)
            if found is not None:
                out.setdefault((table.fullname, col.name), found)
    return out


def _container_of(instance: Any, key: str, mutable: type) -> str | None:
    for probe, name in (([], "list"), ({}, "dict"), (set(), "set")):
        try:
            setattr(instance, key, probe)
            value = getattr(instance, key)
        except Exception:  # the mutable refuses this kind (or a validator does)
            continue
        if isinstance(value, mutable):
            return name
    return None
