"""How real the seeded rows look: measures that make a regression visible.

Seeds the project's test schemas (tests/models.py, examples/models.py and the
application-shaped schemas of tests/engine/realistic_models.py) and the schemas of
bench/realism_models.py (an experiment tracker, a CTF, a forum, a shop, HR, a FastAPI
template) into fresh databases, then reads them back and prints:

* identifier, hash, URI and email columns whose values have that shape (target >= 99%);
* person rows whose email or username names the person (target >= 80%);
* rows whose place fields (country, code, state, postal code, phone, time zone) belong
  to one locale, seeded with three locales (target >= 99%);
* the semantics in the catalogue (target >= 180);
* orders whose paid/shipped/delivered/cancelled/refunded instants are those their status
  has reached (target 100%);
* rows whose total adds up: an order's total is its subtotal plus tax and shipping less
  its discount, a line's total its quantity times its unit price, a payment's total in
  cents its amount plus its fee (target 100%);
* time pairs out of order (target 0), server-default columns with two or more distinct
  values, columns outside their natural range (target 0), and ORM read-back errors
  (every row of every mapped class loaded through a Session, target 0).

Every check is the bench's own (regexes, Faker's locale tables), not the engine's.

    python bench/realism.py --url postgresql+psycopg2://postgres@127.0.0.1/postgres
    python bench/realism.py --code /path/to/other/checkout   # that checkout's engine

Prints a table and exits 0; never asserts.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- shapes

HEX = re.compile(r"[0-9a-f]+")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
URI = re.compile(r"[a-z][a-z0-9+.-]*://\S+")
STORAGE = {"artifact", "storage", "file", "files", "blob", "bucket", "dataset", "datasets"}


def _words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)]


def expected_shape(table: Any, column: Any) -> str | None:
    """What a column's name promises, by this bench's own reading of it."""
    if not isinstance(column.type, (__import__("sqlalchemy").String,)) or column.foreign_keys:
        return None
    words = _words(column.name)
    twords = set(_words(table.name))
    last = words[-1] if words else ""
    length = getattr(column.type, "length", None)
    if "email" in words or (last == "address" and "email" in twords):
        return "email"
    if last in ("uuid", "guid") or (last == "id" and len(words) > 1):
        return "hex32" if length == 32 else "uuid" if length in (None, 36) or length > 36 else "id"
    joined = "".join(words)
    if joined in ("md5", "md5sum"):
        return "hex:32"
    if joined in ("sha1", "sha1sum"):
        return "hex:40"
    if joined in ("sha256", "checksum", "digest", "hash"):
        return f"hex:{min(64, length or 64)}"
    if last in ("uri", "url") or joined in ("website", "homepage"):
        return "uri"
    if last == "location" and (twords | set(words)) & STORAGE:
        return "uri"
    return None


def shaped(kind: str, value: str) -> bool:
    if kind == "email":
        return EMAIL.fullmatch(value) is not None
    if kind == "uuid":
        return UUID.fullmatch(value) is not None
    if kind == "hex32":
        return HEX.fullmatch(value) is not None and len(value) == 32
    if kind == "id":
        return re.fullmatch(r"[A-Za-z0-9_-]+", value) is not None
    if kind.startswith("hex:"):
        return HEX.fullmatch(value) is not None and len(value) == int(kind[4:])
    return URI.fullmatch(value) is not None


# --------------------------------------------------------------------------- people

def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text.lower() if ch.isalnum())


PERSON_TABLES = {"user", "users", "customer", "customers", "employee", "employees", "member",
                 "members", "agent", "person", "people", "contact", "contacts", "author"}  # fmt: skip


def person_names(table: Any, row: dict[str, Any]) -> tuple[str, str] | None:
    if row.get("first_name") and row.get("last_name"):
        return fold(row["first_name"]), fold(row["last_name"])
    for key in ("full_name", "display_name", "name", "contact_name"):
        value = row.get(key)
        if value and (key != "name" or table.name in PERSON_TABLES) and " " in value.strip():
            first, _, last = value.strip().partition(" ")
            return fold(first), fold(last.split(" ")[-1])
    return None


def names_the_person(names: tuple[str, str], handle: str) -> bool:
    first, last = names
    h = fold(handle.split("@")[0])
    return (len(last) >= 2 and last in h) or (len(first) >= 3 and first in h)


# --------------------------------------------------------------------------- places


def _locale_tables() -> dict[str, dict[str, set[str]]]:
    from faker.providers.address.de_DE import Provider as De
    from faker.providers.address.en_US import Provider as Us
    from faker.providers.address.fr_FR import Provider as Fr

    fr_states = set(Fr.regions) | {name for _code, name in Fr.departments}
    return {
        "US": {"country": {"United States", "United States of America", "USA", "US"},
               "code": {"US", "USA"}, "state": set(Us.states) | set(Us.states_abbr)},
        "DE": {"country": {"Germany", "Deutschland"}, "code": {"DE", "DEU"},
               "state": set(De.states)},
        "FR": {"country": {"France"}, "code": {"FR", "FRA"}, "state": fr_states},
    }  # fmt: skip


PHONES = {
    "US": re.compile(r"(\+1|001)?[-. (]*\d{3}[-. )]*\d{3}[-. ]*\d{4}(x\d+)?"),
    "DE": re.compile(r"(\+49|\(?0)[\d ()/-]{6,}"),
    "FR": re.compile(r"(\+33|0)[\d ()]{8,}"),
}
ZONES = {"US": ("America/", "Pacific/Honolulu"), "DE": ("Europe/Berlin",), "FR": ("Europe/Paris",)}
PLACE_COLUMNS = {"country", "country_code", "state", "phone", "timezone", "postal_code",
                 "zip_code", "city"}  # fmt: skip


def place_locales(row: dict[str, Any], tables: dict[str, dict[str, set[str]]]) -> set[str]:
    """The locales every place field of the row is consistent with."""
    out = set(tables)
    for cc, t in tables.items():
        ok = True
        if row.get("country") is not None:
            ok &= row["country"] in t["country"] or (len(row["country"]) <= 3
                                                    and row["country"] in t["code"])  # fmt: skip
        if row.get("country_code") is not None:
            ok &= row["country_code"] in t["code"]
        if row.get("state") is not None and len(row["state"]) > 3:
            ok &= row["state"] in t["state"]
        if row.get("phone") is not None:
            ok &= PHONES[cc].fullmatch(row["phone"]) is not None
        if row.get("timezone") is not None:
            ok &= row["timezone"].startswith(ZONES[cc])
        if not ok:
            out.discard(cc)
    return out


# --------------------------------------------------------------------------- databases


@contextmanager
def server(url: str | None) -> Iterator[Any]:
    import sqlalchemy as sa

    if url:
        yield sa.make_url(url).set(database="postgres")
        return
    from pytest_dbseed.provision import start_server

    srv = start_server("auto")
    try:
        yield srv.url
    finally:
        srv.stop()


@contextmanager
def database(admin_url: Any) -> Iterator[Any]:
    import sqlalchemy as sa

    name = f"dbseed_realism_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = sa.create_engine(admin_url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Tally:
    def __init__(self) -> None:
        self.n: dict[str, int] = {}
        self.misses: dict[str, list[str]] = {}

    def add(self, key: str, ok: bool, miss: str = "") -> None:
        self.n[key + ":all"] = self.n.get(key + ":all", 0) + 1
        self.n[key + ":ok"] = self.n.get(key + ":ok", 0) + int(ok)
        if not ok and miss:
            self.misses.setdefault(key, []).append(miss)

    def share(self, key: str) -> tuple[int, int]:
        return self.n.get(key + ":ok", 0), self.n.get(key + ":all", 0)


def q(name: str) -> str:
    """A table name quoted for SQL (``user`` is a keyword), schema and all."""
    return ".".join(f'"{part}"' for part in name.split("."))


def _rows(conn: Any, table: Any) -> list[dict[str, Any]]:
    import sqlalchemy as sa

    return [dict(r._mapping) for r in conn.execute(sa.select(table))]


_STATE_AT = {"paid_at": "paid", "shipped_at": "shipped", "delivered_at": "delivered",
             "cancelled_at": "cancelled", "refunded_at": "refunded"}  # fmt: skip
_REACHED = {"pending": set(), "paid": {"paid"}, "shipped": {"paid", "shipped"},
            "delivered": {"paid", "shipped", "delivered"}, "cancelled": {"cancelled"},
            "refunded": {"paid", "refunded"}}  # fmt: skip
"""An order's status -> the instants it has (the bench's own reading of the states)."""


def measure_schema(conn: Any, name: str, base: Any, tally: Tally, ordered: list[Any],
                   natural: list[Any]) -> None:  # fmt: skip
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    md = base.metadata
    for table in md.sorted_tables:
        rows = _rows(conn, table)
        for col in table.columns:
            kind = expected_shape(table, col)
            values = [r[col.name] for r in rows if r[col.name] is not None]
            if kind is not None and values:
                good = sum(shaped(kind, str(v)) for v in values)
                bad = next((str(v) for v in values if not shaped(kind, str(v))), "")
                tally.add("shape", good >= 0.99 * len(values),
                          f"{name}.{table.name}.{col.name} ({kind}): {bad[:60]!r}")  # fmt: skip
            if col.server_default is not None and not col.primary_key and not col.computed:
                distinct = len({repr(r[col.name]) for r in rows})
                tally.add("defaults", distinct >= 2, f"{name}.{table.name}.{col.name}")
        instants = [c for c in _STATE_AT if c in table.c]
        if "status" in table.c and instants:
            for row in rows:
                reached = _REACHED.get(str(row["status"]))
                if reached is not None:
                    got = {c for c in instants if row[c] is not None}
                    want = {c for c in instants if _STATE_AT[c] in reached}
                    tally.add("state", got == want,
                              f"{name}.{table.name}: {row['status']} with {sorted(got)}")  # fmt: skip
        for row in rows:
            measure_sum(f"{name}.{table.name}", row, tally)
        handles = [c for c in ("email", "username") if c in table.c]
        for row in rows:
            names = person_names(table, row)
            for c in handles:
                if names is not None and row[c]:
                    tally.add("person", names_the_person(names, row[c]),
                              f"{name}.{table.name}: {names} / {row[c]}")  # fmt: skip
        for col in table.columns:
            if col.server_default is None and isinstance(col.type, sa.DateTime):
                later = col.name.replace("created", "updated")
                if col.name.startswith("created") and later in table.c:
                    ordered.append((name, table.name, later, col.name))
    for table_name, column, low, high in natural:
        lo, hi = conn.execute(sa.text(f"SELECT min({column}), max({column}) FROM {q(table_name)}")).one()
        tally.add("natural", lo is None or (low <= lo and hi <= high),
                  f"{name}.{table_name}.{column}: {lo}..{hi}")  # fmt: skip
    with Session(bind=conn) as session:
        for mapper in base.registry.mappers:
            try:
                session.scalars(sa.select(mapper.class_)).all()
                tally.add("readback", True)
            except Exception as exc:  # what the ORM raises is what a user would see
                tally.add("readback", False, f"{name}.{mapper.class_.__name__}: {exc!r}"[:160])
            session.expunge_all()


_SUMS = (
    ("total", ("subtotal",), ("tax", "shipping", "handling", "fee", "tip"), ("discount",)),
    ("line_total", ("quantity", "unit_price"), (), ()),
    ("total_cents", ("amount_cents",), ("tax_cents", "fee_cents", "shipping_cents"),
     ("discount_cents",)),
)  # fmt: skip
"""(total, factors, added, taken): the bench's own reading of money that adds up."""


def measure_sum(where: str, row: dict[str, Any], tally: Tally) -> None:
    from decimal import Decimal

    for total, factors, added, taken in _SUMS:
        if total not in row or not all(f in row for f in factors) or row[total] is None:
            continue
        if any(row[f] is None for f in factors):
            continue
        want = Decimal(1)
        for f in factors:
            want *= Decimal(str(row[f]))
        want += sum((Decimal(str(row[c] or 0)) for c in added if c in row), Decimal(0))
        want -= sum((Decimal(str(row[c] or 0)) for c in taken if c in row), Decimal(0))
        got = Decimal(str(row[total]))
        tally.add("sums", abs(got - want) < Decimal("0.005"), f"{where}: {total} {got} != {want}")


def measure_order(conn: Any, name: str, pairs: list[tuple[str, str, str]], tally: Tally) -> None:
    import sqlalchemy as sa

    for table, later, earlier in pairs:
        bad = conn.execute(sa.text(
            f"SELECT count(*) FILTER (WHERE ({later}) < ({earlier})), count(*) FROM {q(table)}"
        )).one()  # fmt: skip
        tally.n["order:bad"] = tally.n.get("order:bad", 0) + int(bad[0])
        tally.n["order:rows"] = tally.n.get("order:rows", 0) + int(bad[1])
        if bad[0]:
            tally.misses.setdefault("order", []).append(f"{name}.{table}: {later} < {earlier}")


def measure_places(conn: Any, name: str, base: Any, tally: Tally) -> None:
    tables = _locale_tables()
    for table in base.metadata.sorted_tables:
        present = PLACE_COLUMNS & set(table.c.keys())
        if len(present - {"city", "postal_code", "zip_code"}) < 2:
            continue
        for row in _rows(conn, table):
            ok = bool(place_locales(row, tables))
            fields = {k: row[k] for k in sorted(present)}
            tally.add("place", ok, f"{name}.{table.name}: {fields}")


# --------------------------------------------------------------------------- main


def schemas() -> list[tuple[str, Any, list[Any], list[Any]]]:
    shop = _load(ROOT / "tests" / "models.py", "realism_tests_models")
    example = _load(ROOT / "examples" / "models.py", "realism_example_models")
    realistic = _load(ROOT / "tests" / "engine" / "realistic_models.py", "realism_app_models")
    own = _load(HERE / "realism_models.py", "realism_bench_models")
    out = [("tests.models", shop.Base, [], []), ("examples.models", example.Base, [], [])]
    for key, base in realistic.BASES.items():
        ordered = [(t, a, b) for t, a, b in realistic.ORDERED.get(key, [])]
        out.append((f"realistic.{key}", base, ordered, list(realistic.NATURAL.get(key, []))))
    for key, base in own.BASES.items():
        out.append((f"bench.{key}", base, list(own.ORDERED.get(key, [])), []))
    return out


def seed(engine: Any, base: Any, rows: int, seed_value: int, locale: Any = None) -> None:
    import sqlalchemy as sa

    import pytest_dbseed

    with engine.begin() as conn:
        for schema in {t.schema for t in base.metadata.tables.values() if t.schema}:
            conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        base.metadata.create_all(conn)
        kwargs = {"locale": locale} if locale is not None else {}
        pytest_dbseed.seed(conn, base.metadata, default=rows, seed=seed_value, **kwargs)


def run(args: argparse.Namespace) -> Tally:
    tally = Tally()
    with server(args.url) as admin_url:
        for name, base, ordered, natural in schemas():
            pairs: list[Any] = []
            with database(admin_url) as engine:
                try:
                    seed(engine, base, args.rows, args.seed)
                except Exception as exc:
                    tally.add("seeded", False, f"{name}: {exc!r}"[:200])
                    continue
                tally.add("seeded", True)
                with engine.connect() as conn:
                    measure_schema(conn, name, base, tally, pairs, natural)
                    measure_order(conn, name, ordered + [(t, a, b) for _n, t, a, b in pairs],
                                  tally)  # fmt: skip
            if name.startswith("bench.") or name.startswith("realistic."):
                with database(admin_url) as engine:
                    try:
                        seed(engine, base, args.rows, args.seed, ["en_US", "de_DE", "fr_FR"])
                    except Exception as exc:
                        tally.add("seeded", False, f"{name} (3 locales): {exc!r}"[:200])
                        continue
                    with engine.connect() as conn:
                        measure_places(conn, name, base, tally)
    return tally


def report(tally: Tally, show: int) -> None:
    from pytest_dbseed.engine.semantics import SEMANTICS

    def pct(key: str) -> str:
        ok, n = tally.share(key)
        return f"{100.0 * ok / n:6.1f}%  ({ok}/{n})" if n else "     -"

    lines = [
        ("schemas seeded", pct("seeded"), "100%"),
        ("id/hash/uri/email columns shaped right", pct("shape"), ">= 99%"),
        ("person rows whose email/username names them", pct("person"), ">= 80%"),
        ("rows whose place fields are of one locale", pct("place"), ">= 99%"),
        ("semantics in the catalogue", f"{len(SEMANTICS):6d}", ">= 180"),
        ("time pairs out of order (rows)",
         f"{tally.n.get('order:bad', 0):6d}  (of {tally.n.get('order:rows', 0)})", "0"),
        ("orders whose instants match their status", pct("state"), "100%"),
        ("rows whose total adds up", pct("sums"), "100%"),
        ("server-default columns with >= 2 values", pct("defaults"), "high"),
        ("columns inside their natural range", pct("natural"), "100%"),
        ("mapped classes read back by the ORM", pct("readback"), "100%"),
    ]  # fmt: skip
    width = max(len(a) for a, _, _ in lines)
    print(f"{'measure':<{width}}  {'value':<24} target")
    for a, b, c in lines:
        print(f"{a:<{width}}  {b:<24} {c}")
    for key, misses in sorted(tally.misses.items()):
        print(f"\n{key}: {len(misses)} miss(es)")
        for m in misses[:show]:
            print("   ", m)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--url", default=os.environ.get("DBSEED_URL"))
    p.add_argument("--rows", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--code", default=str(ROOT), help="checkout whose pytest_dbseed is measured")
    p.add_argument("--show", type=int, default=5, help="misses listed per measure")
    args = p.parse_args()
    sys.path.insert(0, os.path.abspath(args.code))
    import pytest_dbseed

    print(f"engine: {Path(pytest_dbseed.__file__).parent}")
    report(run(args), args.show)


if __name__ == "__main__":
    main()
