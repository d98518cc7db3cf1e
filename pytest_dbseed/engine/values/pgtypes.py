"""Values of PostgreSQL types SQLAlchemy does not know, named by the catalog.

A reflected ``xml``, ``point`` or ``ltree`` column comes back as ``NullType``; the engine
reads its type from the catalog (``format_type``, :func:`pytest_dbseed.engine.introspect.
catalog_types`) into ``ColumnInfo.catalog_type`` and gives it the kind ``catalog``. Its
values are the type's input text (what COPY sends as it is): XML documents, the geometric
types, ``tsquery``, ``ltree``, pgvector's ``vector(n)`` and PostGIS ``geometry`` /
``geography`` as EWKT.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.rng import block_rng, mix64
from pytest_dbseed.engine.values.base import BUILDERS, ColumnContext, ColumnGenerator, _Block, _Rows

__all__ = ["CATALOG_TYPES", "catalog_generates"]

_WORDS = (
    "alpha", "beta", "river", "stone", "cloud", "maple", "orbit", "amber", "delta", "ember",
    "field", "grove", "harbor", "island", "jade", "lumen", "meadow", "north", "opal", "prism",
)  # fmt: skip

Text = Callable[[Any], str]
"""One value's text from a ``random.Random``."""


def _coord(r: Any, span: float) -> str:
    return f"{(r.random() * 2 - 1) * span:.4f}".rstrip("0").rstrip(".")


def _xy(r: Any) -> str:
    return f"({_coord(r, 100)},{_coord(r, 100)})"


def _xml(r: Any) -> str:
    word = _WORDS[int(r.random() * len(_WORDS))]
    return f'<item id="{int(r.random() * 100000)}"><name>{word}</name></item>'


def _line(r: Any) -> str:
    a = 1 + int(r.random() * 9)  # A and B never both zero
    return f"{{{a},{_coord(r, 10)},{_coord(r, 100)}}}"


def _circle(r: Any) -> str:
    return f"<{_xy(r)},{1 + int(r.random() * 50)}>"


def _points(r: Any, n: int) -> str:
    return ",".join(_xy(r) for _ in range(n))


def _tsquery(r: Any) -> str:
    a, b = (_WORDS[int(r.random() * len(_WORDS))] for _ in range(2))
    return f"'{a}' & '{b}'" if r.random() < 0.5 else f"'{a}' | '{b}'"


def _ltree(r: Any) -> str:
    depth = 1 + int(r.random() * 3)
    return ".".join(_WORDS[int(r.random() * len(_WORDS))] for _ in range(depth))


_FIXED: dict[str, Text] = {
    "xml": _xml,
    "point": _xy,
    "line": _line,
    "lseg": lambda r: f"[{_points(r, 2)}]",
    "box": lambda r: _points(r, 2),
    "path": lambda r: f"[{_points(r, 3)}]" if r.random() < 0.5 else f"({_points(r, 3)})",
    "polygon": lambda r: f"({_points(r, 3)})",
    "circle": _circle,
    "tsquery": _tsquery,
    "ltree": _ltree,
}

CATALOG_TYPES = (*_FIXED, "vector(n)", "geometry", "geography")
"""Catalog types with a generator (``format_type`` names, without modifiers)."""


def _vector(dims: int) -> Text:
    return lambda r: "[" + ",".join(f"{r.random():.4f}" for _ in range(dims)) + "]"


_GEOMETRY = re.compile(r"^(geometry|geography)(?:\((\w+)(?:,\s*(\d+))?\))?$", re.IGNORECASE)
_SHAPES = ("point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon")


def _lonlat(r: Any, dims: int) -> str:
    parts = [f"{(r.random() * 2 - 1) * 179:.5f}", f"{(r.random() * 2 - 1) * 89:.5f}"]
    parts += [f"{r.random() * 100:.2f}" for _ in range(dims - 2)]
    return " ".join(parts)


def _shape(kind: str, r: Any, dims: int) -> str:
    if kind == "point":
        return f"({_lonlat(r, dims)})"
    if kind == "linestring":
        return "(" + ", ".join(_lonlat(r, dims) for _ in range(2)) + ")"
    if kind == "polygon":  # a small triangle, closed
        lon, lat = (r.random() * 2 - 1) * 170, (r.random() * 2 - 1) * 80
        extra = " 0" * (dims - 2)
        ring = [(lon, lat), (lon + 1, lat), (lon, lat + 1), (lon, lat)]
        return "((" + ", ".join(f"{x:.5f} {y:.5f}{extra}" for x, y in ring) + "))"
    inner = kind[len("multi") :]
    return "(" + _shape(inner, r, dims) + ")"


def _ewkt(catalog_type: str) -> Text | None:
    """EWKT of a PostGIS ``geometry`` / ``geography`` (``geometry(PointZ,4326)``)."""
    match = _GEOMETRY.match(catalog_type.replace(" ", ""))
    if match is None:
        return None
    family, subtype, srid = match.groups()
    sub = (subtype or "point").lower()
    dims = 2
    for suffix, d in (("zm", 4), ("z", 3), ("m", 3)):
        if sub.endswith(suffix) and sub[: -len(suffix)] in (*_SHAPES, "geometry"):
            sub, dims = sub[: -len(suffix)], d
            break
    if sub == "geometry":
        sub = "point"
    if sub not in _SHAPES:
        return None
    tag = {4: "ZM", 3: "Z" if "z" in (subtype or "").lower() else "M"}.get(dims, "")
    word = sub.upper() + (" " + tag if tag else "")
    prefix = f"SRID={srid or 4326};" if srid or family.lower() == "geography" else ""
    return lambda r: prefix + word + _shape(sub, r, dims)


def _array_of(item: Text) -> Text:
    """``{"(1,2)","(3,4)"}``: one to three items, each quoted for the array syntax."""

    def element(r: Any) -> str:
        return '"' + item(r).replace("\\", "\\\\").replace('"', '\\"') + '"'

    return lambda r: "{" + ",".join(element(r) for _ in range(1 + int(r.random() * 3))) + "}"


def _text_of(catalog_type: str) -> Text | None:
    name = catalog_type.strip().lower()
    if name.endswith("[]"):
        item = _text_of(name[:-2])
        return _array_of(item) if item is not None else None
    fixed = _FIXED.get(name) or _FIXED.get(name.rsplit(".", 1)[-1])
    if fixed is not None:
        return fixed
    vector = re.fullmatch(r"(?:\w+\.)?vector(?:\((\d+)\))?", name)
    if vector is not None:
        return _vector(int(vector.group(1) or 3))
    return _ewkt(name.rsplit(".", 1)[-1])


def catalog_generates(catalog_type: str) -> bool:
    """True when values of this catalog type (``format_type`` text) can be generated."""
    return _text_of(catalog_type) is not None


_UNIQUE_TAG: dict[str, Callable[[str, int], str]] = {
    "ltree": lambda v, r: f"{v}.n{r}",
    "tsquery": lambda v, r: f"{v} & 'n{r}'",
}


def _untagged(value: str, row: int) -> str:
    return value


def _gen_catalog(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    text = _text_of(ctx.column.catalog_type or "")
    assert text is not None  # kind "catalog" is given only to types with a generator
    if ctx.unique:
        # A value of its own per row: the row's own random stream, and for the types a
        # unique index can hold, a part naming the row.
        name = (ctx.column.catalog_type or "").lower()
        tag = _UNIQUE_TAG.get(name.rsplit(".", 1)[-1], _untagged)

        def rows(s: int, e: int) -> list[Any]:
            return [tag(text(block_rng(mix64(base ^ r), 0)), r) for r in range(s, e)]

        return _Rows(rows, None)

    def fill(rng: Any, n: int) -> list[Any]:
        return [text(rng) for _ in range(n)]

    return _Block(base, fill)


BUILDERS["catalog"] = _gen_catalog
