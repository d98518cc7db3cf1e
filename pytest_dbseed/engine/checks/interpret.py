"""Interpretation: an expression tree -> per-column bounds and row relations.

Each constraint becomes alternatives (each a sufficient condition: bounds per column and
relations between columns of a row); the alternatives of all constraints are combined and
the first that fits every column is kept.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import math
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pytest_dbseed.engine.checks.model import ColumnBounds, Relation, within
from pytest_dbseed.engine.checks.parser import (
    _And,
    _Array,
    _Between,
    _Cmp,
    _Col,
    _Const,
    _convert_literal,
    _Func,
    _In,
    _is_number,
    _IsBool,
    _IsNull,
    _Match,
    _Node,
    _Not,
    _number,
    _Opaque,
    _Or,
    _Quant,
)
from pytest_dbseed.engine.checks.patterns import Pattern, PatternUnsupported, like_to_regex, read
from pytest_dbseed.engine.schema import CheckInfo, ColumnInfo, TableInfo
from pytest_dbseed.engine.types import comparison_kind

# --------------------------------------------------------------------------- interpretation

_FLIP = {"=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATE = {"=": "<>", "<>": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_LENGTH_FUNCS = {"length", "char_length", "character_length", "octet_length"}
_MAX_ALTERNATIVES = 32


def _negate(node: _Node) -> _Node:
    """NOT pushed inwards (De Morgan), so that the interpreter only sees positive forms."""
    if isinstance(node, _Cmp):
        return _Cmp(_NEGATE[node.op], node.left, node.right)
    if isinstance(node, _Quant):
        if node.op == "=" and node.quant == "any":
            return _Quant("<>", node.left, "all", node.right)
        if node.op == "<>" and node.quant == "all":
            return _Quant("=", node.left, "any", node.right)
        return _Opaque("negated quantified comparison")
    if isinstance(node, _In):
        return _In(node.expr, node.items, not node.negated)
    if isinstance(node, _Between):
        return _Between(node.expr, node.low, node.high, not node.negated, node.symmetric)
    if isinstance(node, _IsNull):
        return _IsNull(node.expr, not node.negated)
    if isinstance(node, _IsBool):
        return _IsBool(node.expr, node.value, not node.negated)
    if isinstance(node, _Match):
        return replace(node, negated=not node.negated)
    if isinstance(node, _And):
        return _Or(tuple(_negate(i) for i in node.items))
    if isinstance(node, _Or):
        return _And(tuple(_negate(i) for i in node.items))
    if isinstance(node, _Not):
        return node.item
    if isinstance(node, _Col):
        return _Cmp("=", node, _Const(False))
    if isinstance(node, _Const) and (node.value is None or isinstance(node.value, bool)):
        return _Const(None if node.value is None else not node.value)
    return _Opaque("negation")


def _conjuncts(node: _Node) -> Iterator[_Node]:
    if isinstance(node, _And):
        for item in node.items:
            yield from _conjuncts(item)
    elif isinstance(node, _Not) and isinstance(node.item, _Or):
        yield from _conjuncts(_negate(node.item))
    else:
        yield node


class _Conflict(Exception):
    def __init__(self, column: str | None, detail: str, source: str | None = None) -> None:
        super().__init__(detail)
        self.column = column
        self.detail = detail
        self.source = source


@dataclass
class _B:
    """Mutable bounds of one column while constraints are merged."""

    kind: str
    low: Any = None
    low_inc: bool = True
    high: Any = None
    high_inc: bool = True
    allowed: list[Any] | None = None
    excluded: list[Any] = field(default_factory=list)
    min_len: int | None = None
    max_len: int | None = None
    not_null: bool = False
    sources: list[str] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)

    def copy(self) -> _B:
        return _B(
            self.kind, self.low, self.low_inc, self.high, self.high_inc,
            None if self.allowed is None else list(self.allowed), list(self.excluded),
            self.min_len, self.max_len, self.not_null, list(self.sources), list(self.patterns),
        )  # fmt: skip

    def empty(self) -> bool:
        return (
            self.low is None and self.high is None and self.allowed is None
            and not self.excluded and self.min_len is None and self.max_len is None
            and not self.not_null and not self.patterns
        )  # fmt: skip

    def only_allowed(self) -> bool:
        return self.allowed is not None and _B(self.kind, allowed=self.allowed).same(self)

    def same(self, other: _B) -> bool:
        return (
            self.low == other.low and self.high == other.high and not self.excluded
            and not other.excluded and self.min_len == other.min_len
            and self.max_len == other.max_len and self.not_null == other.not_null
            and self.patterns == other.patterns
        )  # fmt: skip

    def merge(self, other: _B, column: str) -> None:
        """Intersect ``other`` into ``self``; raise :class:`_Conflict` when nothing is left."""
        try:
            if other.low is not None:
                if self.low is None or other.low > self.low:
                    self.low, self.low_inc = other.low, other.low_inc
                elif other.low == self.low:
                    self.low_inc = self.low_inc and other.low_inc
            if other.high is not None:
                if self.high is None or other.high < self.high:
                    self.high, self.high_inc = other.high, other.high_inc
                elif other.high == self.high:
                    self.high_inc = self.high_inc and other.high_inc
        except TypeError as exc:
            raise _Conflict(column, f"bounds of different types ({exc})") from None
        if other.allowed is not None:
            if self.allowed is None:
                self.allowed = list(other.allowed)
            else:
                self.allowed = [v for v in self.allowed if v in other.allowed]
        self.excluded += [v for v in other.excluded if v not in self.excluded]
        if other.min_len is not None:
            self.min_len = max(other.min_len, self.min_len or 0)
        if other.max_len is not None:
            mine = self.max_len
            self.max_len = other.max_len if mine is None else min(mine, other.max_len)
        self.not_null = self.not_null or other.not_null
        self.sources += [s for s in other.sources if s not in self.sources]
        self.patterns += [p for p in other.patterns if p not in self.patterns]
        self.validate(column)

    def validate(self, column: str) -> None:
        if self.low is not None and self.high is not None:
            try:
                if self.low > self.high or (
                    self.low == self.high and not (self.low_inc and self.high_inc)
                ):
                    lo = ">=" if self.low_inc else ">"
                    hi = "<=" if self.high_inc else "<"
                    raise _Conflict(
                        column,
                        f"column {column!r} would need a value {lo} {self.low!r} "
                        f"and {hi} {self.high!r}",
                    )
            except TypeError:
                pass
        if self.min_len is not None and self.max_len is not None and self.min_len > self.max_len:
            raise _Conflict(
                column,
                f"column {column!r} would need a length of at least {self.min_len} "
                f"and at most {self.max_len}",
            )
        if self.allowed is not None:
            before = list(self.allowed)
            self.allowed = [v for v in self.allowed if _admits_b(self, v)]
            if not self.allowed:
                raise _Conflict(
                    column,
                    f"none of the values allowed for column {column!r} ({_show(before)}) "
                    "is inside its other bounds",
                )
        elif self.kind == "int" and self.low is not None and self.high is not None:
            span = self.high - self.low + 1
            if span <= len(self.excluded) and all(
                v in self.excluded for v in range(self.low, self.high + 1)
            ):
                raise _Conflict(
                    column,
                    f"every value of column {column!r} from {self.low} to {self.high} is excluded",
                )

    def freeze(self) -> ColumnBounds:
        return ColumnBounds(
            low=self.low,
            low_inclusive=self.low_inc,
            high=self.high,
            high_inclusive=self.high_inc,
            allowed=None if self.allowed is None else tuple(self.allowed),
            excluded=tuple(self.excluded),
            min_length=self.min_len,
            max_length=self.max_len,
            not_null=self.not_null,
            constraints=tuple(self.sources),
            patterns=tuple(self.patterns),
        )


def _show(values: Sequence[Any]) -> str:
    return ", ".join(repr(v) for v in values) or "nothing"


def _admits_b(b: _B, value: Any) -> bool:
    if not all(p.matches(value) for p in b.patterns):
        return False
    return within(value, b.low, b.low_inc, b.high, b.high_inc, b.excluded, b.min_len, b.max_len)


@dataclass
class _Alt:
    """One way of satisfying the constraints read so far."""

    cols: dict[str, _B] = field(default_factory=dict)
    rels: list[Relation] = field(default_factory=list)

    def merged(self, other: _Alt) -> _Alt:
        out = _Alt({k: v.copy() for k, v in self.cols.items()}, list(self.rels))
        for name, b in other.cols.items():
            if name in out.cols:
                out.cols[name].merge(b, name)
            else:
                fresh = b.copy()
                fresh.validate(name)
                out.cols[name] = fresh
        for rel in other.rels:
            if rel.op in ("<", ">", "<>") and rel.left == rel.right:
                raise _Conflict(rel.left, f"column {rel.left!r} cannot be {rel.op} itself")
            if rel not in out.rels:
                out.rels.append(rel)
        return out


def _product(state: Iterable[_Alt], alts: Iterable[_Alt]) -> tuple[list[_Alt], _Conflict | None]:
    out: list[_Alt] = []
    conflict: _Conflict | None = None
    alts = list(alts)
    for left in state:
        for right in alts:
            try:
                out.append(left.merged(right))
            except _Conflict as exc:
                conflict = conflict or exc
            if len(out) >= _MAX_ALTERNATIVES:
                return out, conflict
    return out, conflict


def _kind(col: ColumnInfo) -> str:
    return comparison_kind(col.kind, col.concrete_type)


class _CannotCoerce(Exception):
    pass


def _coerce(kind: str, value: Any) -> Any:
    """A constant in the type of the column it is compared with."""
    if value is None:
        return None
    try:
        if kind == "int":
            if isinstance(value, bool):
                raise _CannotCoerce
            if isinstance(value, str):
                value = _number(value.strip())
            if isinstance(value, float):
                value = decimal.Decimal(str(value))
            return int(value) if value == int(value) else value
        if kind == "decimal":
            if isinstance(value, bool):
                raise _CannotCoerce
            return decimal.Decimal(value.strip() if isinstance(value, str) else str(value))
        if kind == "float":
            if isinstance(value, bool):
                raise _CannotCoerce
            return float(value)
        if kind == "date":
            return _convert_literal(value, "date")
        if kind in ("datetime", "datetime_tz"):
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            value = _convert_literal(value, "timestamp")
            if kind == "datetime_tz" and value.tzinfo is None:
                return value.replace(tzinfo=dt.timezone.utc)
            if kind == "datetime" and value.tzinfo is not None:
                return value.replace(tzinfo=None)
            return value
        if kind == "time":
            return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            return _convert_literal(value, "boolean")
        if kind == "str":
            # Text compared with a number or a boolean is an error in PostgreSQL, so such a
            # constraint never came from a working schema.
            if not isinstance(value, str):
                raise _CannotCoerce
            return value
        if kind == "uuid":
            return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        if kind == "opaque":
            raise _CannotCoerce
    except (ValueError, TypeError, ArithmeticError, decimal.InvalidOperation):
        raise _CannotCoerce from None
    return value


class _Interpreter:
    """Turns one constraint's tree into alternatives (each a sufficient condition)."""

    def __init__(self, table: TableInfo, check: CheckInfo, label: str) -> None:
        self.table = table
        self.label = label
        self.domain_column: str | None = getattr(check, "domain_column", None)
        self.by_name = {c.name: c for c in table.columns}
        self.by_lower: dict[str, ColumnInfo] = {}
        for c in table.columns:
            self.by_lower.setdefault(c.name.lower(), c)
        self.seen: set[str] = set()

    def column(self, node: _Node) -> ColumnInfo | None:
        if not isinstance(node, _Col):
            return None
        if self.domain_column and not node.quoted and node.name.lower() == "value":
            found: ColumnInfo | None = self.by_name.get(self.domain_column)
        elif node.name in self.by_name:
            found = self.by_name[node.name]
        elif not node.quoted:
            # Unquoted identifiers fold to lower case in PostgreSQL.
            found = self.by_name.get(node.name.lower()) or self.by_lower.get(node.name.lower())
        else:
            found = None
        if found is not None:
            self.seen.add(found.name)
        return found

    def length_of(self, node: _Node) -> ColumnInfo | None:
        if isinstance(node, _Func) and node.name in _LENGTH_FUNCS and len(node.args) == 1:
            col = self.column(node.args[0])
            if col is not None and _kind(col) in ("str", "other"):
                return col
        return None

    def bounds(self, col: ColumnInfo, **kw: Any) -> list[_Alt]:
        b = _B(_kind(col), sources=[self.label], **kw)
        return [_Alt({col.name: b})]

    def interpret(self, node: _Node) -> list[_Alt] | None:
        """Alternatives in order of preference; ``[]`` when impossible; None when not read."""
        try:
            return self._interpret(node)
        except _CannotCoerce:
            return None

    def _interpret(self, node: _Node) -> list[_Alt] | None:
        if isinstance(node, _And):
            alts: list[_Alt] = [_Alt()]
            for item in node.items:
                sub = self._interpret(item)
                if sub is None:
                    return None
                alts, _ = _product(alts, sub)
                if not alts:
                    return []
            return alts
        if isinstance(node, _Or):
            return self.disjunction(node.items)
        if isinstance(node, _Not):
            return self._interpret(_negate(node.item))
        if isinstance(node, _Cmp):
            return self.comparison(node.op, node.left, node.right)
        if isinstance(node, _Quant):
            return self.quantified(node)
        if isinstance(node, _In):
            return self.in_list(node.expr, node.items, node.negated)
        if isinstance(node, _Between):
            return self.between(node)
        if isinstance(node, _Match):
            return self.pattern_match(node)
        if isinstance(node, _IsNull):
            col = self.column(node.expr)
            if col is not None and node.negated:
                return self.bounds(col, not_null=True)
            if isinstance(node.expr, _Const):
                return [_Alt()] if (node.expr.value is None) != node.negated else []
            return None
        if isinstance(node, _IsBool):
            col = self.column(node.expr)
            if col is None or _kind(col) not in ("bool", "other"):
                return None
            value = node.value != node.negated
            # IS TRUE/IS FALSE reject NULL; IS NOT TRUE/IS NOT FALSE accept it.
            return self.bounds(col, allowed=[value], not_null=not node.negated)
        if isinstance(node, _Col):
            col = self.column(node)
            if col is not None and _kind(col) in ("bool", "other"):
                return self.bounds(col, allowed=[True])
            return None
        if isinstance(node, _Const):
            if node.value is None or node.value is True:
                return [_Alt()]
            if node.value is False:
                return []
            return None
        return None

    def disjunction(self, items: Sequence[_Node]) -> list[_Alt] | None:
        # "x IS NULL OR cond": NULLs are the generator's business, cond is what bounds x.
        branches = [
            i
            for i in items
            if not (isinstance(i, _IsNull) and not i.negated and self.column(i.expr))
        ]
        if not branches:
            return None
        results = [self.interpret(b) for b in branches]
        understood = [r for r in results if r is not None]
        if not understood:
            return None
        if len(understood) == len(results):
            union = self.union_of_allowed(understood) or _union_of_ranges(understood)
            if union is not None:
                return union
        out: list[_Alt] = []
        for alts in understood:
            out.extend(alts)
        return _widest_first(out)[:_MAX_ALTERNATIVES]

    def union_of_allowed(self, results: list[list[_Alt]]) -> list[_Alt] | None:
        """``a = 1 OR a = 2 OR a IN (3, 4)``: one alternative allowing all four values."""
        name: str | None = None
        values: list[Any] = []
        first: _B | None = None
        for alts in results:
            for alt in alts:
                if alt.rels or len(alt.cols) != 1:
                    return None
                ((col, b),) = alt.cols.items()
                if not b.only_allowed() or (name is not None and col != name):
                    return None
                name, first = col, first or b
                values += [v for v in b.allowed or () if v not in values]
        if name is None or first is None:
            return None
        merged = first.copy()
        merged.allowed = values
        return [_Alt({name: merged})]

    def comparison(self, op: str, left: _Node, right: _Node) -> list[_Alt] | None:
        if isinstance(left, _Const) and not isinstance(right, _Const):
            op, left, right = _FLIP[op], right, left
        if isinstance(right, _Const) and right.value is None:
            return [_Alt()]  # comparing with NULL gives NULL, which a CHECK lets through
        lcol = self.column(left)
        if lcol is not None and isinstance(right, _Const):
            return self.column_vs_constant(lcol, op, right.value)
        if lcol is not None:
            rcol = self.column(right)
            if rcol is None:
                return None
            if lcol.name == rcol.name:
                return [_Alt()] if op in ("=", "<=", ">=") else []
            return [_Alt(rels=[Relation(lcol.name, op, rcol.name, self.label)])]
        lencol = self.length_of(left)
        if lencol is not None and isinstance(right, _Const):
            return self.length_vs_constant(lencol, op, right.value)
        if isinstance(left, _Const) and isinstance(right, _Const):
            try:
                result = _compare(op, left.value, right.value)
            except TypeError:
                return None
            return [_Alt()] if result else []
        return None

    def column_vs_constant(self, col: ColumnInfo, op: str, raw: Any) -> list[_Alt] | None:
        kind = _kind(col)
        value = _coerce(kind, raw)
        if op == "=":
            if kind == "int" and not isinstance(value, int):
                return []
            return self.bounds(col, allowed=[value])
        if op == "<>":
            if kind == "int" and not isinstance(value, int):
                return [_Alt()]
            return self.bounds(col, excluded=[value])
        if op in (">", ">="):
            low, inc = value, op == ">="
            if kind == "int":
                low, inc = _int_low(value, inc), True
            return self.bounds(col, low=low, low_inc=inc)
        if op in ("<", "<="):
            high, inc = value, op == "<="
            if kind == "int":
                high, inc = _int_high(value, inc), True
            return self.bounds(col, high=high, high_inc=inc)
        return None

    def length_vs_constant(self, col: ColumnInfo, op: str, raw: Any) -> list[_Alt] | None:
        if not _is_number(raw):
            return None
        if op in (">", ">="):
            return self.bounds(col, min_len=max(0, _int_low(raw, op == ">=")))
        if op in ("<", "<="):
            high = _int_high(raw, op == "<=")
            return self.bounds(col, max_len=high) if high >= 0 else []
        if op == "=":
            if raw != int(raw) or raw < 0:
                return []
            return self.bounds(col, min_len=int(raw), max_len=int(raw))
        if op == "<>" and raw == 0:
            return self.bounds(col, min_len=1)
        return None

    def quantified(self, node: _Quant) -> list[_Alt] | None:
        if not isinstance(node.right, _Array):
            return None
        if (node.op, node.quant) == ("=", "any"):
            return self.in_list(node.left, node.right.items, negated=False)
        if (node.op, node.quant) == ("<>", "all"):
            return self.in_list(node.left, node.right.items, negated=True)
        return None

    def in_list(self, expr: _Node, items: Sequence[_Node], negated: bool) -> list[_Alt] | None:
        col = self.column(expr)
        if col is None or not all(isinstance(i, _Const) for i in items):
            return None
        kind = _kind(col)
        values: list[Any] = []
        for item in items:
            assert isinstance(item, _Const)
            if item.value is None:
                continue  # NULL never equals; in NOT IN it only makes the result NULL
            v = _coerce(kind, item.value)
            if kind == "int" and not isinstance(v, int):
                continue
            if v not in values:
                values.append(v)
        if negated:
            return self.bounds(col, excluded=values) if values else [_Alt()]
        return self.bounds(col, allowed=values) if values else []

    def pattern_match(self, node: _Match) -> list[_Alt] | None:
        """``col ~ 'regex'``, ``col NOT LIKE 'pattern'``...: a pattern the values meet, when
        the pattern is inside the subset :mod:`.patterns` reads."""
        col = self.column(node.expr)
        if col is None or col.kind != "str":
            return None
        if not (isinstance(node.pattern, _Const) and isinstance(node.pattern.value, str)):
            return None
        escape = "\\"
        if node.escape is not None:
            if not (isinstance(node.escape, _Const) and isinstance(node.escape.value, str)):
                return None
            escape = node.escape.value
            if len(escape) > 1:
                return None
        text = like_to_regex(node.pattern.value, escape) if node.like else node.pattern.value
        # citext compares (and matches) without regard to case.
        icase = node.icase or "citext" in f"{col.type_name} {col.concrete_type!r}".lower()
        try:
            read(text, icase)
        except (PatternUnsupported, IndexError, ValueError):
            return None
        pattern = Pattern(text, node.negated, icase, self.label)
        return self.bounds(col, patterns=[pattern])

    def between(self, node: _Between) -> list[_Alt] | None:
        low, high = node.low, node.high
        if not (isinstance(low, _Const) and isinstance(high, _Const)):
            return None
        if node.symmetric:
            try:
                if low.value is not None and high.value is not None and low.value > high.value:
                    low, high = high, low
            except TypeError:
                return None
        if node.negated:
            return self.disjunction([_Cmp("<", node.expr, low), _Cmp(">", node.expr, high)])
        return self._interpret(_And((_Cmp(">=", node.expr, low), _Cmp("<=", node.expr, high))))


_NULL_COUNTERS = {"num_nonnulls", "num_nulls"}
_MAX_COUNTED = 4


def null_branches(node: _Node, interp: _Interpreter) -> list[tuple[set[str], set[str]]] | None:
    """A constraint that only says which columns are NULL, as its ways of passing: (NULL
    columns, NOT NULL columns) per branch. None for anything else.

    ``(a IS NULL AND b IS NOT NULL) OR (a IS NOT NULL AND b IS NULL)`` gives two branches;
    ``num_nonnulls(a, b) = 1`` (and ``num_nulls``, with ``= <> < <= > >=``) one per
    combination of NULL columns it allows. A branch that needs a column both NULL and
    NOT NULL is left out.
    """
    if isinstance(node, _Cmp):
        return _counted_nulls(node, interp)
    if not isinstance(node, _Or):
        return None
    out: list[tuple[set[str], set[str]]] = []
    for item in node.items:
        tests = list(_conjuncts(item))
        nulls: set[str] = set()
        present: set[str] = set()
        for test in tests:
            if isinstance(test, _Not):
                test = _negate(test.item)
            col = interp.column(test.expr) if isinstance(test, _IsNull) else None
            if col is None or not isinstance(test, _IsNull):
                return None
            (present if test.negated else nulls).add(col.name)
        if not nulls & present:
            out.append((nulls, present))
    return out


def _counted_nulls(node: _Cmp, interp: _Interpreter) -> list[tuple[set[str], set[str]]] | None:
    op, left, right = node.op, node.left, node.right
    if isinstance(left, _Const):
        op, left, right = _FLIP[op], right, left
    if not (isinstance(left, _Func) and left.name in _NULL_COUNTERS):
        return None
    if not (isinstance(right, _Const) and _is_number(right.value)):
        return None
    cols = [interp.column(a) for a in left.args]
    names = list(dict.fromkeys(c.name for c in cols if c is not None))
    if None in cols or len(names) != len(cols) or not 0 < len(names) <= _MAX_COUNTED:
        return None
    out: list[tuple[set[str], set[str]]] = []
    for k in range(len(names) + 1):
        for combo in itertools.combinations(names, k):
            nulls = set(combo)
            counted = len(nulls) if left.name == "num_nulls" else len(names) - len(nulls)
            if _compare(op, counted, right.value):
                out.append((nulls, set(names) - nulls))
    return out


_MAX_GAP = 64
"""Integers excluded to join the ranges of an OR (``level < 9 OR level > 15``) into one."""


def _single_range(alts: list[_Alt]) -> tuple[str, _B] | None:
    """The column and bounds of a disjunction branch that only bounds one column's range."""
    if len(alts) != 1 or alts[0].rels or len(alts[0].cols) != 1:
        return None
    ((name, b),) = alts[0].cols.items()
    plain = _B(b.kind, low=b.low, high=b.high)
    return (name, b) if plain.same(b) and b.allowed is None else None


def _union_of_ranges(results: list[list[_Alt]]) -> list[_Alt] | None:
    """``level < 9 OR level > 15`` on an integer column: one range, the short gaps excluded."""
    ranges = [_single_range(alts) for alts in results]
    if not ranges or any(r is None for r in ranges):
        return None
    names = {r[0] for r in ranges if r is not None}
    bounds = [r[1] for r in ranges if r is not None]
    if len(names) != 1 or any(b.kind != "int" for b in bounds):
        return None
    spans = sorted(bounds, key=lambda b: (b.low is not None, b.low if b.low is not None else 0))
    gaps: list[int] = []
    reach = spans[0].high
    for b in spans[1:]:
        if reach is None:
            break
        if b.low is not None and b.low > reach + 1:
            if b.low - reach - 1 + len(gaps) > _MAX_GAP:
                return None
            gaps.extend(range(reach + 1, b.low))
        reach = None if b.high is None else max(reach, b.high)
    hull = _B("int", sources=list(bounds[0].sources), excluded=gaps)
    hull.low = None if any(b.low is None for b in bounds) else min(b.low for b in bounds)
    hull.high = None if any(b.high is None for b in bounds) else max(b.high for b in bounds)
    return [_Alt({names.pop(): hull})]


def _widest_first(alts: list[_Alt]) -> list[_Alt]:
    """Branches that each bound one column's range, the widest first (the most values for
    a unique column); anything else keeps its order."""
    ranges = [_single_range([a]) for a in alts]
    if len(alts) < 2 or any(r is None for r in ranges) or len({r[0] for r in ranges if r}) != 1:
        return alts

    def width(alt: _Alt) -> tuple[int, Any]:
        ((_, b),) = alt.cols.items()
        if b.low is None or b.high is None:
            return (0, 0)
        try:
            return (1, -(b.high - b.low))
        except TypeError:
            return (1, 0)

    try:
        return sorted(alts, key=width)
    except TypeError:
        return alts


def _int_low(value: Any, inclusive: bool) -> int:
    """The smallest integer ``>= value`` (or ``> value``)."""
    if value == int(value):
        return int(value) if inclusive else int(value) + 1
    return int(math.ceil(value))


def _int_high(value: Any, inclusive: bool) -> int:
    """The largest integer ``<= value`` (or ``< value``)."""
    if value == int(value):
        return int(value) if inclusive else int(value) - 1
    return int(math.floor(value))


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "=":
        return bool(a == b)
    if op == "<>":
        return bool(a != b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)
