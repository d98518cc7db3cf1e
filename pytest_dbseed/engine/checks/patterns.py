"""Regular expressions and LIKE patterns of CHECKs: read, matched and turned into strings.

A small subset of PostgreSQL's regular expressions is read (anchors at the ends, literals,
escapes ``\\d \\w \\s`` and escaped punctuation, classes ``[a-z0-9_-]`` and ``[^@\\s]``,
``.``, groups, alternation, quantifiers ``? * + {m} {m,} {m,n}``); anything else raises
:class:`PatternUnsupported` and the CHECK stays with the database. LIKE patterns are
translated into that subset (``%`` -> ``.*``, ``_`` -> ``.``).

A read pattern is a :class:`Language`: it tests values (Python ``re``, ASCII classes, as
PostgreSQL reads this subset) and enumerates its strings by number, shortest first, within
a length range (:meth:`Language.count`, :meth:`Language.nth`), so that distinct numbers give
distinct strings where the pattern is unambiguous (no string matched two ways).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pytest_dbseed.engine.bijections import coprime
from pytest_dbseed.engine.rng import mix64

UNBOUNDED_EXTRA = 8
"""Repetitions generated past the minimum of ``*``, ``+`` and ``{m,}``."""
MAX_LENGTH = 64
"""Longest string generated from a pattern."""

_SAFE = string.ascii_lowercase + string.digits
_PRINTABLE = string.ascii_letters + string.digits + "._-+"
_SPACE = " \t\n\r\f\v"
_WORD = string.ascii_letters + string.digits + "_"
_SPECIAL = set("^$*+?{}()|[]\\.")


class PatternUnsupported(Exception):
    """A pattern outside the subset read here."""


@dataclass(frozen=True)
class Pattern:
    """One ``col ~ 'regex'`` (or LIKE) a column's values must (``negated``: must not) meet."""

    regex: str
    """The pattern in the subset's syntax (a LIKE pattern already translated)."""
    negated: bool = False
    icase: bool = False
    constraint: str = ""

    def matches(self, value: object) -> bool:
        """Whether ``value`` passes this test (``!~``: does not match)."""
        if not isinstance(value, str):
            return True
        found = compiled(self.regex, self.icase).search(value) is not None
        return found != self.negated


# --------------------------------------------------------------------------- tree

_Node = tuple[Any, ...]  # ("set", chars) | ("seq", items) | ("alt", items) | ("rep", node, lo, hi)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def take(self) -> str:
        ch = self.peek()
        self.i += 1
        return ch

    def alt(self) -> _Node:
        items = [self.seq()]
        while self.peek() == "|":
            self.take()
            items.append(self.seq())
        return items[0] if len(items) == 1 else ("alt", tuple(items))

    def seq(self) -> _Node:
        items: list[_Node] = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            items.append(self.quantified(atom))
        return ("seq", tuple(items))

    def atom(self) -> _Node:
        ch = self.take()
        if ch == "(":
            if self.peek() == "?":
                self.take()
                if self.take() != ":":
                    raise PatternUnsupported("group flags")
            node = self.alt()
            if self.take() != ")":
                raise PatternUnsupported("unbalanced group")
            return node
        if ch == "[":
            return ("set", self.klass())
        if ch == ".":
            return ("set", ("any", ""))
        if ch == "\\":
            return ("set", self.escape(in_class=False))
        if ch in _SPECIAL:
            raise PatternUnsupported(f"{ch!r} here")
        return ("set", ("in", ch))

    def escape(self, in_class: bool) -> tuple[str, str]:
        ch = self.take()
        if ch == "d":
            return ("in", string.digits)
        if ch == "w":
            return ("in", _WORD)
        if ch == "s":
            return ("in", _SPACE)
        if not in_class and ch in "DWS":
            return ("out", {"D": string.digits, "W": _WORD, "S": _SPACE}[ch])
        if ch and not ch.isalnum() and ch.isascii() and ch.isprintable():
            return ("in", ch)
        raise PatternUnsupported(f"escape \\{ch}")

    def klass(self) -> tuple[str, str]:
        negated = self.peek() == "^"
        if negated:
            self.take()
        chars: list[str] = []
        first = True
        while True:
            ch = self.take()
            if ch == "":
                raise PatternUnsupported("unterminated class")
            if ch == "]" and not first:
                break
            first = False
            if ch == "[":
                raise PatternUnsupported("bracket inside a class")
            if ch == "\\":
                chars += self.escape(in_class=True)[1]
                continue
            if self.peek() == "-" and self.text[self.i + 1 : self.i + 2] not in ("]", ""):
                self.take()
                end = self.take()
                if end == "\\" or ord(end) < ord(ch) or not (ch.isascii() and end.isascii()):
                    raise PatternUnsupported("range")
                chars += [chr(c) for c in range(ord(ch), ord(end) + 1)]
                continue
            chars.append(ch)
        return ("out" if negated else "in", "".join(dict.fromkeys(chars)))

    def quantified(self, node: _Node) -> _Node:
        ch = self.peek()
        if ch in ("?", "*", "+"):
            self.take()
            lo, hi = {"?": (0, 1), "*": (0, None), "+": (1, None)}[ch]
        elif ch == "{":
            close = self.text.find("}", self.i)
            inside = self.text[self.i + 1 : close] if close > 0 else ""
            m = re.fullmatch(r"(\d+)(,(\d*))?", inside)
            if m is None:
                raise PatternUnsupported("bound")
            self.i = close + 1
            lo = int(m.group(1))
            hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
            if hi is not None and hi < lo:
                raise PatternUnsupported("bound")
        else:
            return node
        if self.peek() in ("?", "*", "+", "{"):
            raise PatternUnsupported("lazy or stacked quantifier")
        return ("rep", node, lo, hi)


def _alphabet(spec: tuple[str, str], icase: bool) -> str:
    how, chars = spec
    if how == "in":
        return chars
    gone = set(chars.lower() + chars.upper()) if icase else set(chars)
    safe = "".join(c for c in _SAFE if c not in gone)
    return safe or "".join(c for c in _PRINTABLE if c not in gone)


def _python(node: _Node) -> str:
    kind = node[0]
    if kind == "set":
        how, chars = node[1]
        if how == "any":
            return "."
        body = "".join("\\" + c if c in "\\]^-[" else re.escape(c) for c in chars)
        return f"[{'^' if how == 'out' else ''}{body}]"
    if kind == "seq":
        return "".join(_python(i) for i in node[1])
    if kind == "alt":
        return "(?:" + "|".join(_python(i) for i in node[1]) + ")"
    lo, hi = node[2], node[3]
    return f"(?:{_python(node[1])}){{{lo},{'' if hi is None else hi}}}"


# --------------------------------------------------------------------------- reading


@lru_cache(maxsize=256)
def read(regex: str, icase: bool = False) -> Language:
    """The pattern as a :class:`Language`; :class:`PatternUnsupported` outside the subset."""
    text = regex
    start = text.startswith("^")
    end = text.endswith("$") and not text.endswith("\\$")
    body = text[1 if start else 0 : len(text) - 1 if end else len(text)]
    reader = _Reader(body)
    tree = reader.alt()
    if reader.i != len(body):
        raise PatternUnsupported("unbalanced group")
    python = ("^" if start else "") + "(?:" + _python(tree) + ")" + ("\\Z" if end else "")
    try:
        re.compile(python, _flags(icase))
    except re.error as exc:
        raise PatternUnsupported(str(exc)) from None
    return Language(_gen_tree(tree, icase), python, icase)


@lru_cache(maxsize=256)
def compiled(regex: str, icase: bool) -> re.Pattern[str]:
    return re.compile(read(regex, icase).python, _flags(icase))


def _flags(icase: bool) -> re.RegexFlag:
    return re.ASCII | re.DOTALL | (re.IGNORECASE if icase else re.RegexFlag(0))


def like_to_regex(pattern: str, escape: str = "\\") -> str:
    """A LIKE pattern as an anchored regular expression of the subset."""
    out = ["^"]
    chars = iter(pattern)
    for ch in chars:
        if escape and ch == escape:
            nxt = next(chars, "")
            out.append("\\" + nxt if nxt in _SPECIAL or not nxt.isalnum() else nxt)
        elif ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        elif ch in _SPECIAL or (not ch.isalnum() and ch.isascii() and ch.isprintable()):
            out.append("\\" + ch if ch in _SPECIAL else ch)
        else:
            out.append(ch)
    out.append("$")
    return "".join(out)


# --------------------------------------------------------------------------- languages

_G = tuple[Any, ...]  # ("set", alphabet) | ("seq", items) | ("alt", items) | ("rep", node, lo, hi)


def _gen_tree(node: _Node, icase: bool) -> _G:
    kind = node[0]
    if kind == "set":
        how, chars = node[1]
        alphabet = _alphabet(("out", "") if how == "any" else node[1], icase)
        if how == "in" and chars and all(c in _SPACE for c in chars):
            alphabet = " "
        if not alphabet:
            raise PatternUnsupported("a class that matches nothing")
        return ("set", alphabet)
    if kind in ("seq", "alt"):
        return (kind, tuple(_gen_tree(i, icase) for i in node[1]))
    lo, hi = node[2], node[3]
    return ("rep", _gen_tree(node[1], icase), lo, lo + UNBOUNDED_EXTRA if hi is None else hi)


_Counts = dict[int, int]


def _conv(a: _Counts, b: _Counts) -> _Counts:
    out: _Counts = {}
    for la, ca in a.items():
        for lb, cb in b.items():
            if la + lb <= MAX_LENGTH:
                out[la + lb] = out.get(la + lb, 0) + ca * cb
    return out


class Language:
    """The strings a pattern generates (see the module docstring), with a matcher."""

    def __init__(self, tree: _G, python: str, icase: bool) -> None:
        self.tree = tree
        self.python = python
        self.icase = icase
        self._memo: dict[int, _Counts] = {}
        self._powers: dict[tuple[int, int], _Counts] = {}
        self._tails: dict[tuple[int, ...], _Counts] = {}

    def counts(self, node: _G | None = None) -> _Counts:
        node = self.tree if node is None else node
        key = id(node)
        if key in self._memo:
            return self._memo[key]
        kind = node[0]
        out: _Counts
        if kind == "set":
            out = {1: len(node[1])}
        elif kind == "seq":
            out = {0: 1}
            for item in node[1]:
                out = _conv(out, self.counts(item))
        elif kind == "alt":
            out = {}
            for item in node[1]:
                for n, c in self.counts(item).items():
                    out[n] = out.get(n, 0) + c
        else:
            out = {}
            for k in range(node[2], node[3] + 1):
                for n, c in self.power(node[1], k).items():
                    out[n] = out.get(n, 0) + c
        self._memo[key] = out
        return out

    def power(self, node: _G, k: int) -> _Counts:
        key = (id(node), k)
        if key not in self._powers:
            self._powers[key] = (
                {0: 1} if k == 0 else _conv(self.counts(node), self.power(node, k - 1))
            )
        return self._powers[key]

    def bands(self, min_len: int, max_len: int | None) -> list[tuple[int, int]]:
        """(length, how many strings of that length), shortest first, inside the range."""
        top = MAX_LENGTH if max_len is None else min(max_len, MAX_LENGTH)
        return sorted((n, c) for n, c in self.counts().items() if min_len <= n <= top and c)

    def count(self, min_len: int = 0, max_len: int | None = None) -> int:
        return sum(c for _, c in self.bands(min_len, max_len))

    def string(self, length: int, index: int, node: _G | None = None) -> str:
        """The ``index``-th string of exactly ``length`` characters."""
        node = self.tree if node is None else node
        kind = node[0]
        if kind == "set":
            return str(node[1][index])
        if kind == "alt":
            for item in node[1]:
                c = self.counts(item).get(length, 0)
                if index < c:
                    return self.string(length, index, item)
                index -= c
            raise IndexError(index)  # pragma: no cover - counts add up
        if kind == "seq":
            return self._seq(list(node[1]), length, index)
        for k in range(node[2], node[3] + 1):
            c = self.power(node[1], k).get(length, 0)
            if index < c:
                return self._seq([node[1]] * k, length, index)
            index -= c
        raise IndexError(index)  # pragma: no cover - counts add up

    def _seq(self, items: list[_G], length: int, index: int) -> str:
        if not items:
            return ""
        head, rest = items[0], items[1:]
        tail = self._tail(rest)
        for n, c in sorted(self.counts(head).items()):
            t = tail.get(length - n, 0)
            if index < c * t:
                i, j = divmod(index, t)
                return self.string(n, i, head) + self._seq(rest, length - n, j)
            index -= c * t
        raise IndexError(index)  # pragma: no cover - counts add up

    def _tail(self, items: list[_G]) -> _Counts:
        key = tuple(id(i) for i in items)
        if key not in self._tails:
            tail: _Counts = {0: 1}
            for item in items:
                tail = _conv(tail, self.counts(item))
            self._tails[key] = tail
        return self._tails[key]

    def nth(self, rank: int, key: int, min_len: int = 0, max_len: int | None = None) -> str:
        """The ``rank``-th string, shortest first (each length's strings in an order scrambled
        by ``key``): distinct ranks below :meth:`count` give distinct strings."""
        bands = self.bands(min_len, max_len)
        total = sum(c for _, c in bands)
        rank %= max(total, 1)
        for n, c in bands:
            if rank < c:
                a = coprime(int(c * 0.6180339887) + mix64(key ^ n) % max(1, c // 64), c)
                return self.string(n, (a * rank + mix64(key + n) % c) % c)
            rank -= c
        raise IndexError(rank)
