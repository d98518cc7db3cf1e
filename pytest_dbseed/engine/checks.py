"""CHECK constraints in their simple forms, turned into bounds the generators respect.

A CHECK constraint arrives as SQL text: either as SQLAlchemy renders a declared
constraint (``price > 0``, ``status IN ('a', 'b')``) or as PostgreSQL prints it
back on reflection (``((price > (0)::numeric))``, ``status::text = ANY
(ARRAY[...]::text[])``). A small tokenizer and recursive-descent parser read that
text into an expression tree; an interpreter then turns the tree into a
*sufficient* condition: per-column bounds plus column-against-column relations
such that any row inside them passes the constraint.

The interpretation is deliberately partial. A constraint (or a conjunct of one)
that is not understood never raises: it is listed in
:attr:`TableChecks.unsupported`, values are generated as usual, and the database
has the last word. Only bounds that are understood and contradict each other
(``qty > 10 AND qty < 5``) raise :class:`~pytest_dbseed.errors.PlanError`, since
no generated row could ever pass.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_dbseed.engine.schema import CheckInfo, ColumnInfo, TableInfo
from pytest_dbseed.engine.types import comparison_kind
from pytest_dbseed.errors import PlanError

__all__ = ["ColumnBounds", "Relation", "TableChecks", "analyse_checks", "check_names"]


@dataclass(frozen=True)
class ColumnBounds:
    """What CHECK constraints allow for one column. ``None`` means unbounded.

    Bounds constrain non-NULL values only: whether the column may be NULL is a
    separate matter (``not_null`` records an ``IS NOT NULL`` check). Values are
    typed after the column (``int`` for integer columns, ``Decimal`` for NUMERIC,
    ``float`` for floating point, ``date``/``datetime`` for temporal columns).
    On integer columns both ends are always inclusive (``qty > 0`` gives
    ``low=1``).
    """

    low: Any = None
    low_inclusive: bool = True
    high: Any = None
    high_inclusive: bool = True
    allowed: tuple[Any, ...] | None = None
    """An IN list (or a set of equalities joined by OR): the only values allowed,
    already filtered by the other bounds."""
    excluded: tuple[Any, ...] = ()
    """Values ruled out by ``<>`` / ``NOT IN``."""
    min_length: int | None = None
    max_length: int | None = None
    not_null: bool = False
    constraints: tuple[str, ...] = ()
    """Names (or SQL text) of the constraints these bounds come from."""

    def admits(self, value: Any) -> bool:
        """True when ``value`` (non-NULL) lies inside every bound."""
        if self.allowed is not None and value not in self.allowed:
            return False
        return within(
            value,
            self.low,
            self.low_inclusive,
            self.high,
            self.high_inclusive,
            self.excluded,
            self.min_length,
            self.max_length,
        )


def within(
    value: Any,
    low: Any,
    low_inclusive: bool,
    high: Any,
    high_inclusive: bool,
    excluded: Sequence[Any],
    min_length: int | None,
    max_length: int | None,
) -> bool:
    """True when ``value`` lies between the bounds, is not excluded and fits the lengths."""
    try:
        if low is not None and (value < low or (value == low and not low_inclusive)):
            return False
        if high is not None and (value > high or (value == high and not high_inclusive)):
            return False
    except TypeError:
        pass
    if value in excluded:
        return False
    if isinstance(value, str):
        if min_length is not None and len(value) < min_length:
            return False
        if max_length is not None and len(value) > max_length:
            return False
    return True


@dataclass(frozen=True)
class Relation:
    """Two columns of the same row compared: ``left op right``, op in ``< <= > >= = <>``."""

    left: str
    op: str
    right: str
    constraint: str | None = None


@dataclass(frozen=True)
class TableChecks:
    """Everything the CHECK constraints of one table ask of its rows."""

    columns: dict[str, ColumnBounds] = field(default_factory=dict)
    relations: tuple[Relation, ...] = ()
    unsupported: tuple[str, ...] = ()
    """Names (or SQL text) of constraints not (fully) understood: values are generated
    and the database has the last word. A constraint whose understood conjuncts were
    applied but which also has parts that were not is listed here too."""
    constraint_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Constraint name (or SQL text) -> the columns it mentions, to name the columns an
    override would fix when the database rejects a row."""


def check_names(table: TableInfo) -> dict[str, str]:
    """Map each CHECK constraint's label (its name, else its SQL) to its SQL text."""
    return {_label(c): c.sqltext for c in table.checks}


def analyse_checks(table: TableInfo) -> TableChecks:
    """Read ``table``'s CHECK constraints into per-column bounds and row relations.

    Raises :class:`PlanError` when understood bounds contradict each other.
    """
    state: list[_Alt] = [_Alt()]
    unsupported: list[str] = []
    constraint_columns: dict[str, tuple[str, ...]] = {}
    for check in table.checks:
        label = _label(check)
        interp = _Interpreter(table, check, label)
        try:
            node = _Parser(check.sqltext).parse()
        except _Unsupported:
            unsupported.append(label)
            _add_columns(constraint_columns, label, _mentioned_columns(table, check))
            continue
        partial = False
        for conjunct in _conjuncts(node):
            alts = interp.interpret(conjunct)
            if alts is None:
                partial = True
                continue
            merged, clash = _product(state, alts)
            if not merged:
                raise _contradiction(table, check, label, clash)
            state = merged
        if partial:
            unsupported.append(label)
        _add_columns(constraint_columns, label, _mentioned_columns(table, check))
    fitting: list[_Alt] = []
    conflict: _Conflict | None = None
    for alt in state:
        try:
            fitting.append(_fit_columns(table, alt))
        except _Conflict as exc:
            conflict = conflict or exc
    if not fitting:
        assert conflict is not None
        source = next((c for c in table.checks if _label(c) == conflict.source), table.checks[0])
        raise _contradiction(table, source, _label(source), conflict)
    chosen = fitting[0]
    columns = {name: b.freeze() for name, b in chosen.cols.items() if not b.empty()}
    return TableChecks(
        columns=columns,
        relations=tuple(chosen.rels),
        unsupported=tuple(unsupported),
        constraint_columns=constraint_columns,
    )


def _add_columns(found: dict[str, tuple[str, ...]], label: str, names: tuple[str, ...]) -> None:
    # One domain CHECK applies to every column of that domain, under one name.
    found[label] = tuple(dict.fromkeys(found.get(label, ()) + names))


def _fit_columns(table: TableInfo, alt: _Alt) -> _Alt:
    """Bounds checked against what the columns themselves allow (length, enum labels)."""
    out = _Alt({k: v.copy() for k, v in alt.cols.items()}, list(alt.rels))
    for name, b in out.cols.items():
        col = table.column(name)
        source = b.sources[-1] if b.sources else None
        if col.length is not None and b.min_len is not None and b.min_len > col.length:
            raise _Conflict(
                name,
                f"column {name!r} would need a length of at least {b.min_len} but holds "
                f"at most {col.length} characters",
                source,
            )
        if b.allowed is not None:
            before = list(b.allowed)
            if col.length is not None:
                b.allowed = [v for v in b.allowed if not isinstance(v, str) or len(v) <= col.length]
            if col.enum_values is not None:
                b.allowed = [v for v in b.allowed if v in col.enum_values]
            if not b.allowed:
                raise _Conflict(
                    name,
                    f"none of the values allowed for column {name!r} ({_show(before)}) fits "
                    "the column's own type",
                    source,
                )
    return out


def _label(check: CheckInfo) -> str:
    return check.name or check.sqltext


def _mentioned_columns(table: TableInfo, check: CheckInfo) -> tuple[str, ...]:
    try:
        words = {t.text for t in _tokenize(check.sqltext) if t.kind in ("ident", "qident")}
    except _Unsupported:
        words = set()
    lowered = {w.lower() for w in words}
    domain = getattr(check, "domain_column", None)
    return tuple(
        c.name
        for c in table.columns
        if c.name in words or c.name.lower() in lowered or (domain == c.name)
    )


def _contradiction(
    table: TableInfo, check: CheckInfo, label: str, conflict: _Conflict | None
) -> PlanError:
    detail = f": {conflict.detail}" if conflict else ""
    column = conflict.column if conflict else None
    others = " together with the table's other CHECK constraints" if len(table.checks) > 1 else ""
    if column:
        fix = (
            f"fix the constraint, or give column {column!r} an override with a value the "
            f"database accepts, e.g. counts={{{table.name!r}: rows(N, {column}=...)}}"
        )
    else:
        fix = "fix the constraint, or give its columns overrides with values the database accepts"
    shown = label if label == check.sqltext else f"{label} ({check.sqltext})"
    return PlanError(
        f"table {table.fullname!r}: CHECK constraint {shown} cannot be satisfied{others}"
        f"{detail}. No generated row could pass it; {fix}."
    )


# --------------------------------------------------------------------------- tokenizer


class _Unsupported(Exception):
    """Text the parser does not read; the constraint is left to the database."""


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, str, ident, qident, op, param, end
    text: str


_OPS3 = ("!~*",)
_OPS2 = ("::", "<=", ">=", "<>", "!=", "||", "~*", "!~", "==")
_OPS1 = "()[],=<>+-*/%~.^"


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The SQL string literal or quoted identifier starting at ``text[i]`` (a doubled
    quote stands for one), and the index just past its closing quote."""
    quote = text[i]
    j, buf = i + 1, []
    while True:
        if j >= len(text):
            raise _Unsupported("unterminated " + ("string" if quote == "'" else "identifier"))
        if text[j] == quote:
            if j + 1 < len(text) and text[j + 1] == quote:
                buf.append(quote)
                j += 2
                continue
            return "".join(buf), j + 1
        buf.append(text[j])
        j += 1


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "'\"":
            value, i = _quoted(text, i)
            toks.append(_Tok("str" if ch == "'" else "qident", value))
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if j < n and text[j] == ".":
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
            if j < n and text[j] in "eE":
                k = j + 1
                if k < n and text[k] in "+-":
                    k += 1
                if k < n and text[k].isdigit():
                    j = k
                    while j < n and text[j].isdigit():
                        j += 1
            toks.append(_Tok("num", text[i:j]))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            toks.append(_Tok("ident", text[i:j]))
            i = j
        elif ch == ":" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
            # An unrendered bind parameter (":qty_1"): its value is unknown here.
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            toks.append(_Tok("param", text[i:j]))
            i = j
        else:
            for op in (*_OPS3, *_OPS2):
                if text.startswith(op, i):
                    toks.append(_Tok("op", op))
                    i += len(op)
                    break
            else:
                if ch in _OPS1:
                    toks.append(_Tok("op", ch))
                    i += 1
                else:
                    raise _Unsupported(f"unexpected character {ch!r}")
    toks.append(_Tok("end", ""))
    return toks


# --------------------------------------------------------------------------- syntax tree


class _Node:
    __slots__ = ()


@dataclass(frozen=True)
class _Col(_Node):
    name: str
    quoted: bool


@dataclass(frozen=True)
class _Const(_Node):
    value: Any  # None is SQL NULL


@dataclass(frozen=True)
class _Array(_Node):
    items: tuple[_Node, ...]


@dataclass(frozen=True)
class _Func(_Node):
    name: str
    args: tuple[_Node, ...]


@dataclass(frozen=True)
class _Opaque(_Node):
    why: str


@dataclass(frozen=True)
class _Cmp(_Node):
    op: str
    left: _Node
    right: _Node


@dataclass(frozen=True)
class _Quant(_Node):
    op: str
    left: _Node
    quant: str  # any | all
    right: _Node


@dataclass(frozen=True)
class _In(_Node):
    expr: _Node
    items: tuple[_Node, ...]
    negated: bool


@dataclass(frozen=True)
class _Between(_Node):
    expr: _Node
    low: _Node
    high: _Node
    negated: bool
    symmetric: bool


@dataclass(frozen=True)
class _IsNull(_Node):
    expr: _Node
    negated: bool


@dataclass(frozen=True)
class _IsBool(_Node):
    expr: _Node
    value: bool
    negated: bool


@dataclass(frozen=True)
class _And(_Node):
    items: tuple[_Node, ...]


@dataclass(frozen=True)
class _Or(_Node):
    items: tuple[_Node, ...]


@dataclass(frozen=True)
class _Not(_Node):
    item: _Node


# --------------------------------------------------------------------------- parser

_CMP_OPS = {"=", "<>", "!=", "<", "<=", ">", ">=", "=="}
_ARITH_OPS = {"+", "-", "*", "/", "%", "||", "^"}
_REGEX_OPS = {"~", "~*", "!~", "!~*"}
_RESERVED = {
    "and", "or", "not", "in", "is", "between", "like", "ilike", "similar", "any", "all",
    "some", "as", "symmetric", "then", "else", "end", "when", "from", "escape", "isnull",
    "notnull",
}  # fmt: skip
_NOW = {
    "current_date", "current_timestamp", "current_time", "localtimestamp", "localtime",
    "current_user", "session_user", "user", "current_role", "current_schema", "current_catalog",
}  # fmt: skip
_TYPE_WORDS = {"precision", "varying", "with", "without", "time", "zone"}
_TYPED_LITERALS = {"date", "timestamp", "timestamptz", "time", "timetz", "interval"}


class _Parser:
    """Recursive descent over PostgreSQL's expression grammar, the parts CHECKs use."""

    def __init__(self, text: str) -> None:
        self.toks = _tokenize(text)
        self.pos = 0

    # -- token helpers
    def peek(self, ahead: int = 0) -> _Tok:
        return self.toks[min(self.pos + ahead, len(self.toks) - 1)]

    def next(self) -> _Tok:
        tok = self.toks[self.pos]
        if tok.kind != "end":
            self.pos += 1
        return tok

    def at_kw(self, *words: str, ahead: int = 0) -> bool:
        tok = self.peek(ahead)
        return tok.kind == "ident" and tok.text.lower() in words

    def at_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text in ops

    def expect_op(self, op: str) -> None:
        if not self.at_op(op):
            raise _Unsupported(f"expected {op!r}, got {self.peek().text!r}")
        self.pos += 1

    def expect_kw(self, word: str) -> None:
        if not self.at_kw(word):
            raise _Unsupported(f"expected {word!r}, got {self.peek().text!r}")
        self.pos += 1

    # -- grammar
    def parse(self) -> _Node:
        node = self.expr()
        if self.peek().kind != "end":
            raise _Unsupported(f"unexpected {self.peek().text!r}")
        return node

    def expr(self) -> _Node:
        items = [self.and_()]
        while self.at_kw("or"):
            self.next()
            items.append(self.and_())
        return items[0] if len(items) == 1 else _Or(tuple(items))

    def and_(self) -> _Node:
        items = [self.not_()]
        while self.at_kw("and"):
            self.next()
            items.append(self.not_())
        return items[0] if len(items) == 1 else _And(tuple(items))

    def not_(self) -> _Node:
        if self.at_kw("not"):
            self.next()
            return _Not(self.not_())
        return self.predicate()

    def predicate(self) -> _Node:
        left = self.arith()
        tok = self.peek()
        if tok.kind == "op" and tok.text in _CMP_OPS:
            self.next()
            op = {"!=": "<>", "==": "="}.get(tok.text, tok.text)
            if self.at_kw("any", "some", "all") and self.peek(1).text == "(":
                quant = "all" if self.next().text.lower() == "all" else "any"
                self.expect_op("(")
                right = self.expr()
                self.expect_op(")")
                return _Quant(op, left, quant, right)
            return _Cmp(op, left, self.arith())
        if tok.kind == "op" and tok.text in _REGEX_OPS:
            self.next()
            self.arith()
            return _Opaque("regular expression")
        negated = False
        if self.at_kw("not") and self.at_kw("in", "between", "like", "ilike", "similar", ahead=1):
            self.next()
            negated = True
        if self.at_kw("in"):
            self.next()
            self.expect_op("(")
            items = [self.expr()]
            while self.at_op(","):
                self.next()
                items.append(self.expr())
            self.expect_op(")")
            return _In(left, tuple(items), negated)
        if self.at_kw("between"):
            self.next()
            symmetric = False
            if self.at_kw("symmetric", "asymmetric"):
                symmetric = self.next().text.lower() == "symmetric"
            low = self.arith()
            self.expect_kw("and")
            high = self.arith()
            return _Between(left, low, high, negated, symmetric)
        if self.at_kw("like", "ilike", "similar"):
            if self.next().text.lower() == "similar":
                self.expect_kw("to")
            self.arith()
            if self.at_kw("escape"):
                self.next()
                self.arith()
            return _Opaque("pattern match")
        if self.at_kw("isnull", "notnull"):
            return _IsNull(left, negated=self.next().text.lower() == "notnull")
        if self.at_kw("is"):
            self.next()
            neg = False
            if self.at_kw("not"):
                self.next()
                neg = True
            word = self.next()
            w = word.text.lower() if word.kind == "ident" else ""
            if w == "null":
                return _IsNull(left, neg)
            if w in ("true", "false"):
                return _IsBool(left, w == "true", neg)
            if w == "unknown":
                return _IsNull(left, neg)
            if w == "distinct":
                self.expect_kw("from")
                right = self.arith()
                return _Opaque(f"IS {'NOT ' if neg else ''}DISTINCT FROM {right}")
            raise _Unsupported(f"IS {word.text}")
        return left

    def arith(self) -> _Node:
        node = self.unary()
        while self.peek().kind == "op" and self.peek().text in _ARITH_OPS:
            op = self.next().text
            node = _fold(op, node, self.unary())
        return node

    def unary(self) -> _Node:
        if self.at_op("-", "+"):
            sign = self.next().text
            operand = self.unary()
            if sign == "+":
                return operand
            if isinstance(operand, _Const) and _is_number(operand.value):
                return _Const(-operand.value)
            return _Opaque("negated expression")
        return self.postfix()

    def postfix(self) -> _Node:
        node = self.primary()
        while True:
            if self.at_op("::"):
                self.next()
                node = _cast(node, self.typename())
            elif self.at_op("["):
                self.next()
                self.expr()
                if self.at_op(":"):
                    raise _Unsupported("array slice")
                self.expect_op("]")
                node = _Opaque("array subscript")
            else:
                return node

    def typename(self) -> str:
        tok = self.next()
        if tok.kind not in ("ident", "qident"):
            raise _Unsupported(f"expected a type name, got {tok.text!r}")
        words = [tok.text.lower() if tok.kind == "ident" else tok.text]
        if self.at_op(".") and self.peek(1).kind in ("ident", "qident"):
            self.next()
            nxt = self.next()
            words = [nxt.text.lower() if nxt.kind == "ident" else nxt.text]
        while True:
            if self.peek().kind == "ident" and self.peek().text.lower() in _TYPE_WORDS:
                words.append(self.next().text.lower())
            elif self.at_op("("):
                self.skip_balanced()
            else:
                break
        name = " ".join(words)
        while self.at_op("["):
            self.next()
            if self.peek().kind == "num":
                self.next()
            self.expect_op("]")
            name += "[]"
        return name

    def skip_balanced(self) -> None:
        """Skip a parenthesised group (the parser is at its opening parenthesis)."""
        depth = 0
        while True:
            tok = self.next()
            if tok.kind == "end":
                raise _Unsupported("unbalanced parentheses")
            if tok.kind == "op" and tok.text == "(":
                depth += 1
            elif tok.kind == "op" and tok.text == ")":
                depth -= 1
                if depth == 0:
                    return

    def primary(self) -> _Node:
        tok = self.peek()
        if tok.kind == "num":
            self.next()
            return _Const(_number(tok.text))
        if tok.kind == "str":
            self.next()
            return _Const(tok.text)
        if tok.kind == "param":
            self.next()
            return _Opaque(f"bind parameter {tok.text}")
        if tok.kind == "op" and tok.text == "(":
            self.next()
            node = self.expr()
            if self.at_op(","):
                while self.at_op(","):
                    self.next()
                    self.expr()
                node = _Opaque("row constructor")
            self.expect_op(")")
            return node
        if tok.kind == "qident":
            self.next()
            return self.name_tail(tok.text, quoted=True)
        if tok.kind != "ident":
            raise _Unsupported(f"unexpected {tok.text!r}")
        word = tok.text.lower()
        if word in _RESERVED:
            raise _Unsupported(f"unexpected keyword {tok.text!r}")
        self.next()
        if word == "null":
            return _Const(None)
        if word in ("true", "false"):
            return _Const(word == "true")
        if word == "array":
            if self.at_op("["):
                self.next()
                items: list[_Node] = []
                if not self.at_op("]"):
                    items.append(self.expr())
                    while self.at_op(","):
                        self.next()
                        items.append(self.expr())
                self.expect_op("]")
                return _Array(tuple(items))
            if self.at_op("("):
                self.skip_balanced()
                return _Opaque("ARRAY subquery")
        if word == "cast" and self.at_op("("):
            self.next()
            inner = self.expr()
            self.expect_kw("as")
            typename = self.typename()
            self.expect_op(")")
            return _cast(inner, typename)
        if word == "case":
            depth = 1
            while depth:
                t = self.next()
                if t.kind == "end":
                    raise _Unsupported("unterminated CASE")
                if t.kind == "ident" and t.text.lower() == "case":
                    depth += 1
                elif t.kind == "ident" and t.text.lower() == "end":
                    depth -= 1
            return _Opaque("CASE expression")
        if word in _NOW and not self.at_op("("):
            return _Opaque(f"{tok.text} changes over time")
        if word in _TYPED_LITERALS and self.peek().kind == "str":
            return _cast(_Const(self.next().text), word)
        return self.name_tail(tok.text, quoted=False)

    def name_tail(self, text: str, quoted: bool) -> _Node:
        if self.at_op("("):
            start = self.pos
            self.next()
            args: list[_Node] = []
            try:
                if not self.at_op(")"):
                    args.append(self.expr())
                    while self.at_op(","):
                        self.next()
                        args.append(self.expr())
                self.expect_op(")")
            except _Unsupported:
                # Special argument syntax (EXTRACT(x FROM y), substring(... FOR ...)).
                self.pos = start
                self.skip_balanced()
                return _Opaque(f"function {text}")
            return _Func(text if quoted else text.lower(), tuple(args))
        name, q = text, quoted
        while self.at_op(".") and self.peek(1).kind in ("ident", "qident"):
            # table.column (or schema.table.column): the last part names the column.
            self.next()
            part = self.next()
            name, q = part.text, part.kind == "qident"
        return _Col(name, q)


def _number(text: str) -> int | decimal.Decimal:
    if "." in text or "e" in text.lower():
        return decimal.Decimal(text)
    return int(text)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def _fold(op: str, left: _Node, right: _Node) -> _Node:
    """Fold arithmetic on two numeric constants; anything else is opaque."""
    if not (isinstance(left, _Const) and isinstance(right, _Const)):
        return _Opaque(f"arithmetic {op}")
    a, b = left.value, right.value
    if not (_is_number(a) and _is_number(b)):
        return _Opaque(f"arithmetic {op}")
    try:
        if isinstance(a, float) or isinstance(b, float):
            a, b = float(a), float(b)
        elif isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal):
            a, b = decimal.Decimal(a), decimal.Decimal(b)
        if op == "+":
            return _Const(a + b)
        if op == "-":
            return _Const(a - b)
        if op == "*":
            return _Const(a * b)
        if op == "/":
            if isinstance(a, int) and isinstance(b, int):
                q = abs(a) // abs(b)  # integer division truncates toward zero in SQL
                return _Const(q if (a >= 0) == (b > 0) else -q)
            return _Const(a / b)
    except (ArithmeticError, decimal.InvalidOperation):
        pass
    return _Opaque(f"arithmetic {op}")


_INT_TYPES = {"integer", "int", "int2", "int4", "int8", "bigint", "smallint"}
_DEC_TYPES = {"numeric", "decimal"}
_FLOAT_TYPES = {"real", "double precision", "float4", "float8", "float"}
_TEXT_TYPES = {
    "text", "character varying", "varchar", "character", "char", "bpchar", "name", "citext",
}  # fmt: skip
_TS_TYPES = {"timestamp", "timestamp without time zone", "timestamptz", "timestamp with time zone"}
_TIME_TYPES = {"time", "time without time zone", "timetz", "time with time zone"}
_BOOL_TYPES = {"boolean", "bool"}
_TRUE_WORDS = {"t", "true", "y", "yes", "on", "1"}
_FALSE_WORDS = {"f", "false", "n", "no", "off", "0"}


def _cast(node: _Node, typename: str) -> _Node:
    """Apply ``::typename``: typed constants, columns and arrays keep their identity."""
    if isinstance(node, _Array):
        element = typename[:-2] if typename.endswith("[]") else typename
        return _Array(tuple(_cast(item, element) for item in node.items))
    if isinstance(node, _Const):
        if typename.endswith("[]"):
            if isinstance(node.value, str):
                elements = _array_literal(node.value)
                if elements is not None:
                    element = typename[:-2]
                    return _Array(tuple(_cast(_Const(e), element) for e in elements))
            return _Opaque("array constant")
        try:
            return _Const(_convert_literal(node.value, typename))
        except (ValueError, ArithmeticError, decimal.InvalidOperation, TypeError):
            return _Opaque(f"constant cast to {typename}")
    # Casting a column (status::text, (price)::integer) does not change what it holds
    # for the simple comparisons read here.
    return node


def _convert_literal(value: Any, typename: str) -> Any:
    if value is None:
        return None
    if typename in _INT_TYPES:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str):
            value = _number(value.strip())
        exact = decimal.Decimal(str(value))
        # PostgreSQL rounds half away from zero when casting to an integer.
        return int(exact.to_integral_value(rounding=decimal.ROUND_HALF_UP))
    if typename in _DEC_TYPES:
        return decimal.Decimal(value.strip() if isinstance(value, str) else str(value))
    if typename in _FLOAT_TYPES:
        return float(value)
    if typename in _TEXT_TYPES:
        return value if isinstance(value, str) else str(value)
    if typename == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return _parse_date(str(value))
    if typename in _TS_TYPES:
        if isinstance(value, dt.datetime):
            return value
        return _parse_datetime(str(value))
    if typename in _TIME_TYPES:
        return dt.time.fromisoformat(str(value).strip())
    if typename in _BOOL_TYPES:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise ValueError(f"not a boolean: {value!r}")
    if typename in ("interval", "money", "regclass", "json", "jsonb"):
        raise ValueError(f"{typename} constants are not read")
    # A user type (an enum, a domain): the literal is its label.
    return value


def _parse_date(text: str) -> dt.date:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return _parse_datetime(text).date()


def _parse_datetime(text: str) -> dt.datetime:
    text = text.strip()
    if len(text) > 10 and text[-3] in "+-" and text[-2:].isdigit():
        text += ":00"  # PostgreSQL prints "+02"; fromisoformat before 3.11 wants "+02:00"
    return dt.datetime.fromisoformat(text)


def _array_literal(text: str) -> list[str] | None:
    """The elements of a simple one-dimensional array literal ``'{a,b,"c d"}'``."""
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    body = text[1:-1]
    if "{" in body or "\\" in body:
        return None
    if not body:
        return []
    out = []
    for part in body.split(","):
        part = part.strip()
        if part.startswith('"') and part.endswith('"') and len(part) >= 2:
            part = part[1:-1]
        elif '"' in part:
            return None
        out.append(part)
    return out


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

    def copy(self) -> _B:
        return _B(
            self.kind, self.low, self.low_inc, self.high, self.high_inc,
            None if self.allowed is None else list(self.allowed), list(self.excluded),
            self.min_len, self.max_len, self.not_null, list(self.sources),
        )  # fmt: skip

    def empty(self) -> bool:
        return (
            self.low is None and self.high is None and self.allowed is None
            and not self.excluded and self.min_len is None and self.max_len is None
            and not self.not_null
        )  # fmt: skip

    def only_allowed(self) -> bool:
        return self.allowed is not None and _B(self.kind, allowed=self.allowed).same(self)

    def same(self, other: _B) -> bool:
        return (
            self.low == other.low and self.high == other.high and not self.excluded
            and not other.excluded and self.min_len == other.min_len
            and self.max_len == other.max_len and self.not_null == other.not_null
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
        )


def _show(values: Sequence[Any]) -> str:
    return ", ".join(repr(v) for v in values) or "nothing"


def _admits_b(b: _B, value: Any) -> bool:
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
            union = self.union_of_allowed(understood)
            if union is not None:
                return union
        out: list[_Alt] = []
        for alts in understood:
            out.extend(alts)
        return out[:_MAX_ALTERNATIVES]

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
