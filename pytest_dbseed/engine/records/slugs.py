"""Slugs that follow the row's title: ``Sleek Leather Salad`` -> ``sleek-leather-salad``.

A slug column (``slug``, ``*_slug``, ``permalink``) beside a title or name column of the
same subject (``title``, ``name``, ``headline``, ``subject``, ``label``, ``<table>_name``;
``category_slug`` follows ``category_name``) spells the row's own title, cut at a hyphen
to the column's length. A unique slug adds the row in hexadecimal after a hyphen
(``sleek-leather-salad-1f``): titles repeat from row to row, and the text after the last
hyphen gives the row back, so no two rows' slugs collide (a unique title's own row
suffix is not repeated). A row whose title is NULL (or
spells no letter) keeps the slug's own generated value, unique the same way.

Deciding is pure and once per table (:func:`leader_of`); producing (:func:`follow`) is a
function of the row's title, its own value and its number: never of a shared stream.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
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


def follow(
    titles: Sequence[Any], own: Sequence[Any], start: int, unique: bool, max_len: int | None
) -> list[Any]:
    """The slug of every row from ``start``: its title's (``own`` where the row's own value
    is NULL, or its title NULL or without a letter or digit)."""
    out: list[Any] = []
    append = out.append
    for i, (title, mine) in enumerate(zip(titles, own, strict=True)):
        if mine is None or title is None:
            append(mine)
            continue
        if unique:
            tail = f"-{start + i:x}"
            base = slugify(str(title))
            if base.endswith(tail):  # a unique title's own row suffix: said once
                base = base[: -len(tail)]
            base = fit(base, None if max_len is None else max_len - len(tail))
            append(base + tail if base else mine)
        else:
            base = fit(slugify(str(title)), max_len)
            append(base or mine)
    return out
