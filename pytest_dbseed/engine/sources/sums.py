"""Deciding which money columns of a row add up from the others, by their names.

* A total (``total``, ``grand_total``, ``total_amount``, ``amount_total``,
  ``total_price``, ``total_cents``...) is the row's subtotal (``amount``, ``net`` or
  ``price`` where there is no subtotal) plus its tax, shipping, handling, fees and tip,
  minus its discount, those present.
* A line amount (``line_total``, ``line_amount``, ``extended_price``, and a total or
  ``total_price`` in an item table: one with a quantity and a unit price) is the quantity
  times the unit price, less a line discount (an amount, or ``discount_percent``).
* Tax is a share of its base: the row's ``tax_rate`` / ``vat_rate`` of it, else 5 to 25
  percent; a discount is 2 to 20 percent of its base (tax and discount stay zero or NULL
  where the column's own value is).

Every part is of one encoding: integer cents (``*_cents``, ``*_amount_cents``) with
integer cents, amounts (NUMERIC, floats) with amounts; quantities and rates are
unit-free. A column keeps its own values where it cannot follow: an override, a unique
key, a CHECK naming it beyond a plain bound (``total >= 0`` is met row by row,
``total >= subtotal`` is not), a part the database fills, or a part a CHECK relation or
NULL choice moves after the values are made.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from decimal import Decimal
from typing import Any

from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.semantics import split_name
from pytest_dbseed.engine.sources.description import (
    ColumnSource,
    DatabaseFills,
    Generated,
    Sum,
)
from pytest_dbseed.engine.types import decimal_spec, int_type_limits

__all__ = ["sum_sources", "money_role"]

_TOTAL = frozenset({"total", "grand_total", "total_price", "order_total", "invoice_total",
                    "cart_total", "total_due", "final_total"})  # fmt: skip
_LINE = frozenset({"line_total", "line", "extended_price", "ext_price", "line_price"})
_BASE = ("subtotal", "sub_total", "amount", "net", "price")
_TAX = frozenset({"tax", "vat", "sales_tax", "tax_total", "total_tax", "taxes", "gst"})
_ADDED = frozenset({"shipping", "shipping_cost", "shipping_fee", "shipping_price",
                    "shipping_total", "delivery", "delivery_fee", "handling", "handling_fee",
                    "fee", "fees", "service_fee", "processing_fee", "tip", "gratuity",
                    "freight", "surcharge"})  # fmt: skip
_TAKEN = frozenset({"discount", "discounts", "discount_total", "total_discount",
                    "coupon_discount"})  # fmt: skip
_RATE = ("tax_rate", "vat_rate")
_QUANTITY = ("quantity", "qty")
_UNIT = ("unit_price", "price_each", "unit_cost", "unit", "price")
_PERCENT = ("discount_percent", "discount_pct", "discount_percentage", "discount_rate")
_NUMERIC = frozenset({"int", "decimal", "float"})
_PLAIN_BOUND = re.compile(r"^[\s(]*\"?(\w+)\"?\s*(>=|<=|>|<)\s*\(?-?[\d.]+\)?(::\w+)?[\s)]*$")


def money_role(name: str) -> tuple[str, bool]:
    """``(role, cents)``: the column's name without its unit (``_cents``, ``_in_cents``)
    and without ``amount`` beside another word (``tax_amount`` is ``tax``), and whether
    it counts integer cents."""
    words = split_name(name)
    cents = len(words) > 1 and words[-1] == "cents"
    if cents:
        words = words[:-2] if len(words) > 2 and words[-2] == "in" else words[:-1]
    if len(words) > 1 and "amount" in words:
        words = [w for w in words if w != "amount"]
    return "_".join(words), cents


def sum_sources(
    table: TableInfo, columns: list[tuple[str, ColumnSource]], moved: Collection[str]
) -> list[tuple[str, ColumnSource]]:
    """``columns`` with each generated money column that adds up from the row's other
    columns given its :class:`Sum` (module docstring). ``moved``: columns changed after
    their values are made (CHECK relations, NULL choices): neither sums nor parts."""
    sources = dict(columns)
    roles: dict[tuple[str, bool], str] = {}
    for name, source in columns:
        if table.column(name).kind in _NUMERIC and not isinstance(source, DatabaseFills):
            roles.setdefault(money_role(name), name)
    out: list[tuple[str, ColumnSource]] = []
    for name, source in columns:
        if isinstance(source, Generated) and name not in moved and _own(table, name, source):
            found = _sum_of(table, name, roles)
            if found is not None and not set(found.inputs) & set(moved):
                if all(not isinstance(sources[c], DatabaseFills) for c in found.inputs):
                    source = replace(source, sums=_fitted(table, name, source, found))
        out.append((name, source))
    return out


def _own(table: TableInfo, name: str, source: Generated) -> bool:
    """A generated numeric column free to take a computed value: no unique key, no
    follower, no CHECK naming it beyond a plain bound against a constant."""
    col = table.column(name)
    if col.kind not in _NUMERIC or source.unique or source.first or source.follows:
        return False
    b = source.bounds
    if b is not None and (b.allowed is not None or b.excluded):
        return False
    for check in table.checks:
        own = "value" if check.domain_column == name else name.lower()
        text = check.sqltext.lower()
        if re.search(rf"\b{re.escape(own)}\b", text):
            m = _PLAIN_BOUND.match(text)
            if m is None or m.group(1) != own:
                return False
    return True


def _sum_of(table: TableInfo, name: str, roles: dict[tuple[str, bool], str]) -> Sum | None:
    role, cents = money_role(name)

    def get(*keys: str, unit: bool = True) -> str:
        for key in keys:
            found = roles.get((key, cents if unit else False))
            if found is not None and found != name:
                return found
        return ""

    quantity, unit = get(*_QUANTITY, unit=False), get(*_UNIT)
    item = bool(quantity and unit)
    if item and (role in _LINE or role in _TOTAL):
        taken = tuple(c for c in (get(*sorted(_TAKEN)),) if c)
        return Sum("total", (quantity, unit), taken=taken, percent=get(*_PERCENT, unit=False))
    if item and role in _TAKEN:
        return Sum("share", (quantity, unit), low=2, high=20)
    base = get(*_BASE)
    if item or not base:
        return None
    if role in _TOTAL:
        tax = tuple(c for r, c in _present(roles, cents, _TAX) if c != name)
        added = tax + tuple(c for r, c in _present(roles, cents, _ADDED) if c != name)
        taken = tuple(c for r, c in _present(roles, cents, _TAKEN) if c != name)
        if not added and not taken and not money_role(base)[0].startswith("sub"):
            return None
        return Sum("total", (base,), added=added, taken=taken)
    if role in _TAX:
        return Sum("share", (base,), rate=get(*_RATE, unit=False))
    if role in _TAKEN:
        return Sum("share", (base,), low=2, high=20)
    return None


def _present(
    roles: dict[tuple[str, bool], str], cents: bool, keys: frozenset[str]
) -> list[tuple[str, str]]:
    return sorted((r, c) for (r, u), c in roles.items() if u == cents and r in keys)


def _fitted(table: TableInfo, name: str, source: Generated, found: Sum) -> Sum:
    """``found`` with the column's encoding (its scale) and the range its values fit in:
    its type's, narrowed by its CHECK's bounds (checked row by row)."""
    col = table.column(name)
    t = col.concrete_type
    floor: Any
    ceiling: Any
    if col.kind == "int":
        scale: int | None = 0
        floor, ceiling = int_type_limits(t)
    elif col.kind == "decimal" and getattr(t, "asdecimal", True):
        precision, scale = decimal_spec(t, False)
        top = Decimal(10) ** ((precision if precision is not None else 18 + scale) - scale)
        floor, ceiling = -top + Decimal(1).scaleb(-scale), top - Decimal(1).scaleb(-scale)
    else:
        scale, floor, ceiling = None, -1e15, 1e15
    floor = max(floor, 0)  # money adding up to less than nothing keeps its own values
    b = source.bounds
    if b is not None:
        if b.low is not None:
            floor = max(floor, _inside(b.low, b.low_inclusive, 1, scale))
        if b.high is not None:
            ceiling = min(ceiling, _inside(b.high, b.high_inclusive, -1, scale))
    return replace(found, scale=scale, floor=floor, ceiling=ceiling)


def _inside(bound: Any, inclusive: bool, step: int, scale: int | None) -> Any:
    """The first value inside an exclusive bound (a cent above ``total > 0``)."""
    if inclusive:
        return bound
    if scale is None:
        return bound + step * 1e-9
    if scale == 0:
        return int(bound) + step
    return Decimal(bound) + step * Decimal(1).scaleb(-scale)
