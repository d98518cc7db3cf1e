"""Words of table and column names: splitting, singulars, the table's own word."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- names

_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def split_name(name: str) -> list[str]:
    """Split a snake_case, kebab-case or camelCase name into lowercase words."""
    return [t.lower() for t in _TOKEN.findall(name)]


_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}


def singular(word: str) -> str:
    """A cheap English singular, good enough for table names."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def table_word(table: str) -> str:
    words = split_name(table.rsplit(".", 1)[-1])
    return singular(words[-1]) if words else ""
