"""JSON documents shaped by the column's name: ``tags`` a list of words, ``settings`` flags
and options, ``metadata`` key-values, ``address`` one locale's address, ``payload`` in an
event or webhook table an event, ``geometry`` a GeoJSON point.

A JSON column mapped through ``MutableList.as_mutable(JSON)`` (``MutableDict``) gets the
container its mapping accepts (``ColumnInfo.container``, asked of the ORM when the schema is
read): a list of documents of its shape, or its document under ``items``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from pytest_dbseed.engine.records import place_object
from pytest_dbseed.engine.records.locales import locale_set
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.semantics import ANCHOR, singular, split_name
from pytest_dbseed.engine.semantics import wordlists as W

Fill = Callable[[random.Random, int], list[Any]]

_LIST = frozenset("tags labels keywords categories topics scopes roles permissions aliases "
                  "items values choices features skills interests".split())  # fmt: skip
_SETTINGS = frozenset("settings setting config configuration preferences prefs options "
                      "flags features toggles".split())  # fmt: skip
_META = frozenset("metadata meta attributes attrs properties props extra extras info details "
                  "context custom customfields data annotations".split())  # fmt: skip
_ADDRESS = frozenset("address billingaddress shippingaddress homeaddress postaladdress "
                     "mailingaddress location".split())  # fmt: skip
_EVENT_COLUMNS = frozenset("payload event body data message content record".split())
_EVENT_TABLES = frozenset("event webhook log audit activity notification job queue outbox inbox "
                          "delivery message history trail".split())  # fmt: skip
_GEO = frozenset("geometry geojson geom point shape geo coordinates".split())


def json_shape(table: TableInfo, column: ColumnInfo) -> str:
    """``list``, ``settings``, ``metadata``, ``address``, ``event``, ``geojson`` or ``object``."""
    tokens = split_name(column.name)
    compact = "".join(tokens)
    last = tokens[-1] if tokens else ""
    table_words = {singular(w) for w in split_name(table.name.rsplit(".", 1)[-1])}
    if compact in _GEO or last in _GEO:
        return "geojson"
    if (compact in _EVENT_COLUMNS or last in ("payload", "event")) and (
        table_words & _EVENT_TABLES or last in ("payload", "event")
    ):
        return "event"
    if compact in _ADDRESS or last == "address":
        return "address"
    if compact in _LIST or last in _LIST:
        return "list"
    if compact in _SETTINGS or last in _SETTINGS:
        return "settings"
    if compact in _META or last in _META:
        return "metadata"
    return "object"


# --------------------------------------------------------------------------- shapes


def _settings(rng: random.Random, words: list[str]) -> dict[str, Any]:
    r = rng.random
    out: dict[str, Any] = {
        "theme": rng.choice(W.THEMES),
        "notifications": r() < 0.7,
        "language": rng.choice(("en", "de", "fr", "es", "pt", "ja")),
    }
    if r() < 0.6:
        out["email_digest"] = rng.choice(("daily", "weekly", "never"))
    if r() < 0.5:
        out["timezone"] = rng.choice(("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"))
    if r() < 0.4:
        out["beta_features"] = r() < 0.3
    if r() < 0.3:
        out["items_per_page"] = rng.choice((10, 20, 25, 50, 100))
    return out


def _metadata(rng: random.Random, words: list[str]) -> dict[str, Any]:
    r = rng.random
    out: dict[str, Any] = {"source": rng.choice(("web", "api", "import", "mobile", "admin"))}
    if r() < 0.6:
        out["version"] = f"{int(r() * 4)}.{int(r() * 20)}.{int(r() * 10)}"
    if r() < 0.5:
        out["campaign"] = rng.choice(words) + "-" + str(2023 + int(r() * 3))
    if r() < 0.5:
        out["priority"] = rng.choice(W.PRIORITY_LABELS)
    if r() < 0.4:
        out["retries"] = int(r() * 4)
    if r() < 0.3:
        out["note"] = " ".join(rng.choices(words, k=3))
    return out


def _event(rng: random.Random, words: list[str]) -> dict[str, Any]:
    entity = rng.choice(W.ENTITIES)
    when = ANCHOR - timedelta(seconds=int(rng.random() * 730 * 86400))
    ident = int(rng.random() * 100000)
    data: dict[str, Any] = {f"{entity}_id": ident}
    if entity in ("order", "invoice", "payment", "subscription"):
        data["amount"] = round(5 + rng.random() * 500, 2)
        data["currency"] = rng.choice(("USD", "EUR", "GBP"))
    return {
        "type": f"{entity}.{rng.choice(W.EVENT_VERBS)}",
        "id": f"evt_{rng.getrandbits(64):016x}",
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": data,
    }


def _point(rng: random.Random, words: list[str]) -> dict[str, Any]:
    lng, lat = round(rng.uniform(-180, 180), 6), round(rng.uniform(-60, 70), 6)
    return {"type": "Point", "coordinates": [lng, lat]}


def _object(rng: random.Random, words: list[str]) -> dict[str, Any]:
    r = rng.random
    return {"name": rng.choice(words), "score": int(r() * 100), "active": r() < 0.5,
            "tags": rng.choices(words, k=1 + int(r() * 3))}  # fmt: skip


def _list(rng: random.Random, words: list[str]) -> list[Any]:
    return list(dict.fromkeys(rng.choices(words, k=1 + int(rng.random() * 4))))


_SHAPES: dict[str, Callable[[random.Random, list[str]], Any]] = {
    "list": _list, "settings": _settings, "metadata": _metadata, "event": _event,
    "geojson": _point, "object": _object,
}  # fmt: skip


def _address(locales: tuple[str, ...]) -> Callable[[random.Random, list[str]], Any]:
    data = locale_set(locales)

    def make(rng: random.Random, words: list[str]) -> dict[str, Any]:
        h = rng.getrandbits(64)
        return place_object(data[h % len(data)], h >> 3)

    return make


def json_fill(
    shape: str, container: type | None, locales: tuple[str, ...], words: list[str]
) -> Fill:
    """A fill of documents of ``shape``, inside the ``container`` a mutable mapping needs."""
    make = _address(locales) if shape == "address" else _SHAPES[shape]
    natural = list if shape == "list" else dict
    if container is None or container is natural:

        def fill(rng: random.Random, n: int) -> list[Any]:
            return [make(rng, words) for _ in range(n)]

    elif container is list:  # a list of documents of that shape

        def fill(rng: random.Random, n: int) -> list[Any]:
            return [[make(rng, words) for _ in range(1 + int(rng.random() * 3))]
                    for _ in range(n)]  # fmt: skip

    else:

        def fill(rng: random.Random, n: int) -> list[Any]:
            return [{"items": make(rng, words)} for _ in range(n)]

    return fill
