"""Slugs that follow the row's title: ``Sleek Leather Salad`` -> ``sleek-leather-salad``.

A slug column (``slug``, ``*_slug``, ``permalink``) beside a title or name column of the
same subject (``title``, ``name``, ``headline``, ``subject``, ``label``, ``<table>_name``;
``category_slug`` follows ``category_name``) spells the row's own title, cut at a hyphen
to the column's length. A unique slug adds the row in hexadecimal after a hyphen
(``sleek-leather-salad-1f``): titles repeat from row to row, and the text after the last
hyphen gives the row back, so no two rows' slugs collide (a unique title's own row suffix
is not said twice). A row whose title is NULL (or spells no letter) keeps the slug's own
generated value, unique the same way.

Deciding is pure and once per table (:func:`leader_of`); producing (:class:`Follower`) is
a function of the row's title, its own value and its number, never of a shared stream.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.semantics import split_name, table_word

_LEADERS = ("title", "name", "headline", "subject", "label")
"""Columns a plain slug follows, the first present winning."""
_NEUTRAL = frozenset("url seo page web public canonical permalink".split())
"""Words before ``slug`` that name no other subject (``url_slug`` is the row's own)."""
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def is_slug(column: str) -> bool:
    """``slug``, ``*_slug``, ``permalink`` (any case or spelling of the words)."""
    words = split_name(column)
    return bool(words) and words[-1] in ("slug", "permalink")


def leader_of(table: TableInfo, column: str, titles: Iterable[str]) -> str | None:
    """The column among ``titles`` (string columns whose values the seed generates) that
    the slug ``column`` spells, or ``None``."""
    by_words = {"_".join(split_name(t)): t for t in titles if t != column and not is_slug(t)}
    own = table_word(table.name)
    qualifier = [w for w in split_name(column)[:-1] if w not in _NEUTRAL and w != own]
    if qualifier:
        q = "_".join(qualifier)
        wanted: Sequence[str] = (f"{q}_name", f"{q}_title")
    else:
        wanted = (*_LEADERS, f"{own}_name", f"{own}_title", "display_name", "full_name")
    for w in wanted:
        if w in by_words:
            return by_words[w]
    return None


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by single hyphens (accents folded, the rest dropped)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")


def fit(slug: str, room: int | None) -> str:
    """``slug`` within ``room`` characters, cut at a hyphen when one is near."""
    if room is None or len(slug) <= room:
        return slug
    if room <= 0:
        return ""
    head = slug[: room + 1]
    hyphen = head.rfind("-")
    if hyphen > room // 2:
        return head[:hyphen]
    return slug[:room].rstrip("-")


_MEMO = 1 << 16
"""Most titles whose slugs a column keeps at once."""


class Follower:
    """The slugs of one column, from its rows' titles (see :meth:`follow`). ``strip``: the
    titles are unique values that end in their own row (``Sleek Leather Salad-1f``);
    ``nullable``: the column's own values may be NULL (and are then asked for in every
    batch, NULL where they are); ``min_len``: a CHECK's least length, below which a row
    keeps its own value."""

    __slots__ = ("unique", "max_len", "strip", "nullable", "min_len", "_memos")

    def __init__(
        self,
        unique: bool,
        max_len: int | None,
        strip: bool = False,
        nullable: bool = True,
        min_len: int = 0,
    ) -> None:
        self.unique = unique
        self.max_len = max_len
        self.strip = strip
        self.nullable = nullable
        self.min_len = min_len
        self._memos: dict[int | None, dict[Any, str]] = {}

    def _spelled(self, texts: Sequence[Any], room: int | None) -> list[Any]:
        """The slug of every title within ``room`` (``None`` for a NULL title): titles
        repeat (pools, combinations), and spelling one costs more than looking it up."""
        memo = self._memos.get(room)
        if memo is None or len(memo) >= _MEMO:
            memo = self._memos[room] = {}
        got: list[Any] = list(map(memo.get, texts))
        for i, (base, text) in enumerate(zip(got, texts)):
            if base is None and text is not None:
                got[i] = memo[text] = fit(slugify(str(text)), room)
        return got

    def follow(
        self, titles: Sequence[Any], own: Callable[[], Sequence[Any]], start: int
    ) -> list[Any]:
        """The slug of every row from ``start``: its title's, or the column's own value
        (``own()``, asked for only when needed) where that is NULL, or the title NULL or
        without a letter or digit."""
        if not self.unique:
            bases = self._spelled(titles, self.max_len)
            tails: list[str] = []
        else:
            bases, tails = self._unique(titles, start)
        if self.min_len:  # a slug shorter than a CHECK allows: the column's own value
            extra = [len(x) for x in tails] if tails else [0] * len(bases)
            bases = [b if b and len(b) + e >= self.min_len else "" for b, e in zip(bases, extra)]
        mine = own() if self.nullable or not all(bases) else None
        if mine is None:
            return [b + x for b, x in zip(bases, tails)] if tails else bases
        if not tails:
            return [b if b and m is not None else m for b, m in zip(bases, mine, strict=True)]
        return [b + x if b and m is not None else m
                for b, x, m in zip(bases, tails, mine, strict=True)]  # fmt: skip

    def _unique(self, titles: Sequence[Any], start: int) -> tuple[list[Any], list[str]]:
        """The rows' slugs without their suffixes, and the suffixes (``-<row>``)."""
        bases: list[Any] = []
        tails: list[str] = []
        stop, r = start + len(titles), start
        while r < stop:  # rows whose hexadecimal numbers are equally long share a room
            width = len(f"{r:x}")
            end = min(stop, 16**width)
            room = None if self.max_len is None else self.max_len - width - 1
            mine = [f"-{row:x}" for row in range(r, end)]
            texts = titles[r - start : end - start]
            if self.strip:  # a unique title's own row suffix: said once
                texts = [t[: -len(x)] if isinstance(t, str) and t.endswith(x) else t
                         for t, x in zip(texts, mine)]  # fmt: skip
            bases += self._spelled(texts, room)
            tails += mine
            r = end
        return bases, tails
