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
        if how == "in" and " " in alphabet:
            # \s generates a plain space (not tabs or newlines), beside the class's others
            alphabet = "".join(c for c in alphabet if c not in _SPACE[1:])
        if not alphabet:
            raise PatternUnsupported("a class that matches nothing")
        return ("set", alphabet)
    if kind in ("seq", "alt"):
        return (kind, tuple(_gen_tree(i, icase) for i in node[1]))
    lo, hi = node[2], node[3]
    return ("rep", _gen_tree(node[1], icase), lo, lo + UNBOUNDED_EXTRA if hi is None else hi)


_MAX_STATES = 4000
"""DFA states built for one pattern at most; a larger pattern is not read."""


def _nfa(tree: _G) -> tuple[list[list[tuple[str | None, int]]], int]:
    """Thompson NFA of the tree: per state its (alphabet or None for epsilon, target) edges,
    and the accepting state (the start is state 0)."""
    edges: list[list[tuple[str | None, int]]] = [[]]

    def new() -> int:
        edges.append([])
        return len(edges) - 1

    def build(node: _G, s: int) -> int:
        kind = node[0]
        if kind == "set":
            t = new()
            edges[s].append((node[1], t))
            return t
        if kind == "seq":
            for item in node[1]:
                s = build(item, s)
            return s
        if kind == "alt":
            t = new()
            for item in node[1]:
                b = new()
                edges[s].append((None, b))
                edges[build(item, b)].append((None, t))
            return t
        body, lo, hi = node[1], node[2], node[3]
        for _ in range(lo):
            s = build(body, s)
        ends = [s]
        for _ in range(hi - lo):
            s = build(body, s)
            ends.append(s)
        t = new()
        for e in ends:
            edges[e].append((None, t))
        if len(edges) > _MAX_STATES * 4:
            raise PatternUnsupported("too large")
        return t

    accept = build(tree, 0)
    return edges, accept


class Language:
    """The strings a pattern generates (see the module docstring), with a matcher.

    The tree becomes a deterministic automaton over classes of characters, so every string
    is counted once and numbering strings by their path through it gives distinct strings
    for distinct numbers (ambiguous patterns such as ``[0-9]+[0-9]*`` included)."""

    def __init__(self, tree: _G, python: str, icase: bool) -> None:
        self.tree = tree
        self.python = python
        self.icase = icase
        edges, accept = _nfa(tree)
        alphabets = sorted({a for out in edges for a, _ in out if a is not None})
        chars = sorted(set("".join(alphabets)))
        by_sig: dict[tuple[bool, ...], list[str]] = {}
        for ch in chars:
            by_sig.setdefault(tuple(ch in a for a in alphabets), []).append(ch)
        classes = sorted(("".join(v) for v in by_sig.values()), key=lambda c: c[0])

        def closure(states: set[int]) -> frozenset[int]:
            todo, seen = list(states), set(states)
            while todo:
                for a, t in edges[todo.pop()]:
                    if a is None and t not in seen:
                        seen.add(t)
                        todo.append(t)
            return frozenset(seen)

        first = closure({0})
        index = {first: 0}
        order = [first]
        self._moves: list[list[tuple[str, int]]] = []
        while len(self._moves) < len(order):
            state = order[len(self._moves)]
            moves = []
            for cls in classes:
                ch = cls[0]
                nxt = {t for s in state for a, t in edges[s] if a is not None and ch in a}
                if not nxt:
                    continue
                target = closure(nxt)
                if target not in index:
                    if len(order) >= _MAX_STATES:
                        raise PatternUnsupported("too many states")
                    index[target] = len(order)
                    order.append(target)
                moves.append((cls, index[target]))
            self._moves.append(moves)
        # ways[n][d]: strings of length n leading from state d to acceptance
        ways = [[1 if accept in st else 0 for st in order]]
        for _ in range(MAX_LENGTH):
            last = ways[-1]
            ways.append([sum(len(c) * last[t] for c, t in mv) for mv in self._moves])
        self._ways = ways

    def bands(self, min_len: int, max_len: int | None) -> list[tuple[int, int]]:
        """(length, how many strings of that length), shortest first, inside the range."""
        top = MAX_LENGTH if max_len is None else min(max_len, MAX_LENGTH)
        return [(n, self._ways[n][0]) for n in range(max(0, min_len), top + 1) if self._ways[n][0]]

    def count(self, min_len: int = 0, max_len: int | None = None) -> int:
        return sum(c for _, c in self.bands(min_len, max_len))

    def string(self, length: int, index: int) -> str:
        """The ``index``-th string of exactly ``length`` characters."""
        out, state = [], 0
        for left in range(length, 0, -1):
            for cls, t in self._moves[state]:
                each = self._ways[left - 1][t]
                block = len(cls) * each
                if index < block:
                    k, index = divmod(index, each)
                    out.append(cls[k])
                    state = t
                    break
                index -= block
            else:  # pragma: no cover - the counts add up
                raise IndexError(index)
        return "".join(out)

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
