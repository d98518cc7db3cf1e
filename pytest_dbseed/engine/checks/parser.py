"""Tokens -> the expression tree of a CHECK (comparisons, IN, BETWEEN, AND/OR/NOT, casts)."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from pytest_dbseed.engine.checks.lexer import _Tok, _tokenize, _Unsupported

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
class _Match(_Node):
    """``expr ~ pattern`` (``like``: ``expr LIKE pattern``), ``icase`` for ``~*``/ILIKE."""

    expr: _Node
    pattern: _Node
    like: bool
    icase: bool
    negated: bool
    escape: _Node | None = None


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
_LIKE_OPS = {"~~", "~~*", "!~~", "!~~*"}  # how PostgreSQL prints LIKE back
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
        if tok.kind == "op" and tok.text in _REGEX_OPS | _LIKE_OPS:
            self.next()
            rx = tok.text
            return _Match(
                left, self.arith(), rx in _LIKE_OPS, rx.endswith("*"), rx.startswith("!")
            )
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
            how = self.next().text.lower()
            if how == "similar":
                self.expect_kw("to")
            pattern = self.arith()
            escape = None
            if self.at_kw("escape"):
                self.next()
                escape = self.arith()
            if how == "similar":
                return _Opaque("pattern match")
            return _Match(left, pattern, True, how == "ilike", negated, escape)
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
