"""Value generators: determinism, independence, bounds, lengths, uniqueness, realism."""

from __future__ import annotations

import enum
import re
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.utils import parseaddr
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from pytest_dbseed.engine.checks import ColumnBounds, Relation
from pytest_dbseed.engine.rng import BLOCK
from pytest_dbseed.engine.schema import TableInfo, build_schema
from pytest_dbseed.engine.semantics import ANCHOR
from pytest_dbseed.engine.values import (
    ColumnContext,
    ColumnGenerator,
    apply_relations,
    finite_domain,
    implicit_relations,
    make_generator,
    provider_generator,
)
from pytest_dbseed.errors import ConfigError, UnsupportedTypeError


class Mood(enum.Enum):
    happy = "h"
    sad = "s"
    calm = "c"
    angry = "a"


def table_of(*columns: sa.Column[Any], name: str = "users") -> TableInfo:
    md = sa.MetaData()
    sa.Table(name, md, sa.Column("id", sa.Integer, primary_key=True), *columns)
    return build_schema(md).tables[name]


def gen(table: TableInfo, column: str, seed: int = 0, **kw: Any) -> ColumnGenerator:
    return make_generator(ColumnContext(table, table.column(column), seed=seed, **kw))


ALL_TYPES: list[sa.Column[Any]] = [
    sa.Column("c_int", sa.Integer),
    sa.Column("c_small", sa.SmallInteger),
    sa.Column("c_big", sa.BigInteger),
    sa.Column("c_num", sa.Numeric(8, 3)),
    sa.Column("c_float", sa.Float),
    sa.Column("c_str", sa.String(30)),
    sa.Column("c_text", sa.Text),
    sa.Column("c_bool", sa.Boolean),
    sa.Column("c_date", sa.Date),
    sa.Column("c_dt", sa.DateTime(timezone=True)),
    sa.Column("c_time", sa.Time),
    sa.Column("c_interval", sa.Interval),
    sa.Column("c_bytes", sa.LargeBinary),
    sa.Column("c_enum", sa.Enum(Mood)),
    sa.Column("c_json", sa.JSON),
    sa.Column("c_uuid", sa.Uuid),
    sa.Column("c_array", pg.ARRAY(sa.Integer)),
    sa.Column("c_inet", pg.INET),
    sa.Column("c_range", pg.INT4RANGE),
    sa.Column("c_tsrange", pg.TSTZRANGE),
    sa.Column("c_hstore", pg.HSTORE),
    sa.Column("c_money", pg.MONEY),
    sa.Column("c_bit", pg.BIT(5)),
]


@pytest.fixture(scope="module")
def every_type() -> TableInfo:
    return table_of(*[c._copy() for c in ALL_TYPES], name="everything")


@pytest.mark.parametrize("column", [c.name for c in ALL_TYPES] + ["id"])
def test_a_value_depends_only_on_the_row(every_type: TableInfo, column: str) -> None:
    g = gen(every_type, column, seed=7)
    whole = g.batch(0, 3 * BLOCK)
    assert g.batch(5, 6)[0] == whole[5]
    assert (
        gen(every_type, column, seed=7).batch(BLOCK - 3, BLOCK + 3) == whole[BLOCK - 3 : BLOCK + 3]
    )
    assert gen(every_type, column, seed=7).batch(2 * BLOCK + 1, 2 * BLOCK + 2) == [
        whole[2 * BLOCK + 1]
    ]
    assert g.batch(4, 4) == []


@pytest.mark.parametrize("column", ["c_int", "c_str", "c_dt", "c_uuid", "c_num", "c_json"])
def test_same_seed_same_values_other_seed_other_values(every_type: TableInfo, column: str) -> None:
    a = gen(every_type, column, seed=1).batch(0, 200)
    assert gen(every_type, column, seed=1).batch(0, 200) == a
    assert gen(every_type, column, seed=2).batch(0, 200) != a


def test_adding_a_column_changes_no_other_column() -> None:
    small = table_of(sa.Column("email", sa.String(100)), sa.Column("age", sa.Integer))
    big = table_of(
        sa.Column("nickname", sa.String(40)),
        sa.Column("email", sa.String(100)),
        sa.Column("score", sa.Float),
        sa.Column("age", sa.Integer),
    )
    for col in ("email", "age"):
        assert gen(small, col, seed=3).batch(0, 500) == gen(big, col, seed=3).batch(0, 500)


def test_columns_of_one_table_are_not_copies_of_each_other() -> None:
    t = table_of(sa.Column("a", sa.Integer), sa.Column("b", sa.Integer))
    assert gen(t, "a").batch(0, 100) != gen(t, "b").batch(0, 100)


def test_not_null_never_null_and_nullable_gets_some_nulls(every_type: TableInfo) -> None:
    t = table_of(sa.Column("req", sa.Integer, nullable=False), sa.Column("opt", sa.Integer))
    assert None not in gen(t, "req").batch(0, 5000)
    opt = gen(t, "opt").batch(0, 5000)
    assert 300 < opt.count(None) < 700  # about null_fraction=0.1
    assert None not in gen(t, "opt", null_fraction=0.0).batch(0, 1000)
    assert None not in gen(t, "opt", bounds=ColumnBounds(not_null=True)).batch(0, 1000)
    assert gen(t, "opt", null_fraction=0.5).batch(0, 2000).count(None) > 800


@pytest.mark.parametrize("column", [c.name for c in ALL_TYPES])
def test_every_type_generates_values_of_its_python_type(every_type: TableInfo, column: str) -> None:
    values = [v for v in gen(every_type, column, null_fraction=0.0).batch(0, 300)]
    assert None not in values
    assert len({repr(v) for v in values}) > 1


def test_string_lengths_are_respected_for_every_semantic() -> None:
    names = ["email", "username", "first_name", "name", "phone", "url", "city", "country",
             "street_address", "company", "job_title", "title", "description", "bio", "slug",
             "token", "password_hash", "user_agent", "iban", "file_path", "status", "sku",
             "comment", "body", "misc"]  # fmt: skip
    for length in (1, 2, 5, 8, 12, 20, 40):
        t = table_of(*[sa.Column(n, sa.String(length)) for n in names])
        for n in names:
            for unique in (False, True):
                values = gen(t, n, unique=unique).batch(0, 300)
                too_long = [v for v in values if v is not None and len(v) > length]
                assert not too_long, f"{n} String({length}) unique={unique}: {too_long[:3]}"


def test_length_bounds_from_checks() -> None:
    t = table_of(sa.Column("code", sa.String(50), nullable=False))
    values = gen(t, "code", bounds=ColumnBounds(min_length=10, max_length=12)).batch(0, 500)
    assert all(10 <= len(v) <= 12 for v in values)


def test_numeric_precision_and_scale() -> None:
    t = table_of(
        sa.Column("n", sa.Numeric(5, 2), nullable=False),
        sa.Column("price", sa.Numeric(4, 2), nullable=False),
    )
    for col in ("n", "price"):
        for unique in (False, True):
            values = gen(t, col, unique=unique).batch(0, 2000)
            assert all(isinstance(v, Decimal) for v in values)
            limit = Decimal(10) ** (5 - 2 if col == "n" else 2)
            assert all(abs(v) < limit for v in values)
            assert all(v.as_tuple().exponent == -2 for v in values)


def test_price_is_positive_with_two_decimals() -> None:
    t = table_of(sa.Column("price", sa.Numeric(10, 4), nullable=False))
    values = gen(t, "price").batch(0, 2000)
    assert all(v > 0 for v in values)
    assert all(v == v.quantize(Decimal("0.01")) for v in values)


def test_integer_ranges_and_bounds() -> None:
    t = table_of(sa.Column("s", sa.SmallInteger, nullable=False))
    assert all(-32768 <= v <= 32767 for v in gen(t, "s", unique=True).batch(0, 5000))
    b = ColumnBounds(low=10, low_inclusive=False, high=20, excluded=(15,))
    values = gen(t, "s", bounds=b).batch(0, 2000)
    assert set(values) == set(range(11, 21)) - {15}
    uvals = gen(t, "s", bounds=b, unique=True).batch(0, 9)
    assert sorted(uvals) == sorted(set(range(11, 21)) - {15})
    assert gen(t, "s", bounds=b, unique=True).capacity == 9


def test_bounds_on_decimal_float_and_dates() -> None:
    t = table_of(
        sa.Column("d", sa.Numeric(10, 2), nullable=False),
        sa.Column("f", sa.Float, nullable=False),
        sa.Column("when", sa.Date, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    dv = gen(t, "d", bounds=ColumnBounds(low=Decimal("0.5"), high=1, high_inclusive=False))
    assert all(Decimal("0.5") <= v < 1 for v in dv.batch(0, 1000))
    fv = gen(t, "f", bounds=ColumnBounds(low=-1, high=1, low_inclusive=False))
    assert all(-1 < v <= 1 for v in fv.batch(0, 1000))
    lo, hi = date(2030, 1, 1), date(2030, 2, 1)
    assert all(
        lo <= v <= hi for v in gen(t, "when", bounds=ColumnBounds(low=lo, high=hi)).batch(0, 500)
    )
    lo_dt = datetime(2031, 1, 1)
    assert all(
        v > lo_dt
        for v in gen(t, "at", bounds=ColumnBounds(low=lo_dt, low_inclusive=False)).batch(0, 500)
    )


def test_allowed_values_from_an_in_list() -> None:
    t = table_of(sa.Column("kind", sa.String(10), nullable=False))
    b = ColumnBounds(allowed=("a", "b", "c"), excluded=("c",))
    assert set(gen(t, "kind", bounds=b).batch(0, 500)) == {"a", "b"}
    assert finite_domain(ColumnContext(t, t.column("kind"), 0, bounds=b)) == ["a", "b"]
    g = gen(t, "kind", bounds=b, unique=True)
    assert g.capacity == 2 and sorted(g.batch(0, 2)) == ["a", "b"]


def test_impossible_bounds_are_refused_with_the_column_and_seed() -> None:
    t = table_of(sa.Column("n", sa.Integer, nullable=False))
    with pytest.raises(ConfigError, match=r"users\.n.*seed 4"):
        gen(t, "n", seed=4, bounds=ColumnBounds(low=10, high=5))


def test_enum_values_with_and_without_python_enum() -> None:
    t = table_of(
        sa.Column("mood", sa.Enum(Mood), nullable=False),
        sa.Column("plain", sa.Enum("x", "y", name="plain_enum"), nullable=False),
        sa.Column("pgenum", pg.ENUM("p", "q", "r", name="pg_enum"), nullable=False),
    )
    assert set(gen(t, "mood").batch(0, 500)) == {"happy", "sad", "calm", "angry"}
    assert set(gen(t, "plain").batch(0, 200)) == {"x", "y"}
    assert set(gen(t, "pgenum").batch(0, 200)) == {"p", "q", "r"}
    ctx = ColumnContext(t, t.column("mood"), 0, unique=True)
    assert make_generator(ctx).capacity == 4
    assert sorted(finite_domain(ctx) or []) == sorted(["happy", "sad", "calm", "angry"])


def test_finite_domains() -> None:
    t = table_of(
        sa.Column("flag", sa.Boolean, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("bits", pg.BIT(3), nullable=False),
    )

    def dom(col: str, bounds: ColumnBounds | None = None) -> Any:
        return finite_domain(ColumnContext(t, t.column(col), 0, bounds=bounds))

    assert list(dom("flag") or []) == [False, True]
    assert dom("n") is None
    assert list(dom("n", ColumnBounds(low=1, high=5)) or []) == [1, 2, 3, 4, 5]
    assert dom("text") is None
    assert len(dom("bits") or []) == 8


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (sa.Column("flag", sa.Boolean, nullable=False), 2),
        (sa.Column("mood", sa.Enum(Mood), nullable=False), 4),
        (sa.Column("code", sa.String(2), nullable=False), 36 + 36 * 36),
        (sa.Column("n", sa.SmallInteger, nullable=False), 65536),
        (sa.Column("bits", pg.BIT(4), nullable=False), 16),
        (sa.Column("key", sa.Uuid, nullable=False), None),
        (sa.Column("email", sa.String(200), nullable=False), None),
    ],
)
def test_unique_capacity(column: sa.Column[Any], expected: int | None) -> None:
    t = table_of(column)
    g = gen(t, column.name, unique=True)
    assert g.capacity == expected
    n = min(expected or 5000, 5000)
    values = g.batch(0, n)
    assert len(set(values)) == n


@pytest.mark.parametrize(
    "column",
    [
        sa.Column("email", sa.String(60), nullable=False),
        sa.Column("username", sa.String(30), nullable=False),
        sa.Column("city", sa.String(60), nullable=False),
        sa.Column("country_code", sa.String(2), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("ip_address", pg.INET, nullable=False),
        sa.Column("mac", pg.MACADDR, nullable=False),
        sa.Column("label", sa.String(12), nullable=False),
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), nullable=False),
        sa.Column("ratio", sa.Float, nullable=False),
        sa.Column("ratio4", sa.REAL, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("at", sa.Time, nullable=False),
        sa.Column("blob", sa.LargeBinary, nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
        sa.Column("tags", pg.ARRAY(sa.String(20)), nullable=False),
        sa.Column("span", pg.INT4RANGE, nullable=False),
        sa.Column("net", pg.CIDR, nullable=False),
    ],
    ids=lambda c: c.name,
)
def test_unique_by_construction(column: sa.Column[Any]) -> None:
    t = table_of(column)
    g = gen(t, column.name, unique=True)
    n = min(g.capacity or 5000, 5000)
    values = g.batch(0, n)
    keys = [repr(v) for v in values]
    assert len(set(keys)) == n, f"{column.name}: duplicates among {n}"


def test_unique_emails_stay_realistic() -> None:
    t = table_of(sa.Column("email", sa.String(120), nullable=False, unique=True))
    values = gen(t, "email", unique=True).batch(0, 3000)
    assert len(set(values)) == 3000
    pattern = re.compile(r"^[a-z0-9]+([._][a-z0-9]+)*\.[0-9a-f]+@example\.(com|org|net)$")
    assert all(pattern.match(v) for v in values), values[:5]


def test_unique_pool_values_are_plain_first_then_extended() -> None:
    t = table_of(sa.Column("country", sa.String(80), nullable=False))
    values = gen(t, "country", unique=True).batch(0, 1000)
    assert len(set(values)) == 1000
    plain = set(values[:200])
    assert "-" not in values[0] or values[0].count("-") == 1  # a real country first
    # past the pool, a plain value and one more word: "France West", "Chile North"...
    later = [v for v in values[600:] if v not in plain]
    assert later and all(v.rsplit(" ", 1)[0] in plain for v in later), later[:5]


def test_unique_integer_keys_count_from_one() -> None:
    t = table_of(sa.Column("other", sa.Integer))
    assert gen(t, "id", unique=True).batch(0, 5) == [1, 2, 3, 4, 5]


def test_uuids_are_version_4_and_injective() -> None:
    t = table_of(sa.Column("key", pg.UUID(as_uuid=True), nullable=False))
    values = gen(t, "key", unique=True).batch(0, 20000)
    assert len(set(values)) == 20000
    assert all(isinstance(v, uuid.UUID) and v.version == 4 for v in values)
    assert all(uuid.UUID(str(v)) == v for v in values[:100])
    s = table_of(sa.Column("key", sa.Uuid(as_uuid=False), nullable=False))
    assert all(isinstance(v, str) for v in gen(s, "key").batch(0, 10))


# ----------------------------------------------------------------- realism


def test_emails_parse() -> None:
    t = table_of(sa.Column("email", sa.String(255), nullable=False))
    for v in gen(t, "email").batch(0, 2000):
        name, addr = parseaddr(v)
        assert addr == v and "@" in v and "." in v.split("@")[1]


def test_person_names_look_like_names() -> None:
    t = table_of(
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("first_name", sa.String(50), nullable=False),
    )
    word = r"[A-Z][a-zA-Z'\-]+"
    assert all(re.fullmatch(f"{word}( {word})+", v) for v in gen(t, "name").batch(0, 1000))
    assert all(re.fullmatch(word, v) for v in gen(t, "first_name").batch(0, 1000))


def test_product_names_are_not_person_names() -> None:
    t = table_of(sa.Column("name", sa.String(100), nullable=False), name="products")
    people = table_of(sa.Column("name", sa.String(100), nullable=False), name="users")
    assert set(gen(t, "name").batch(0, 200)).isdisjoint(gen(people, "name").batch(0, 200))


def test_birth_dates_give_plausible_ages() -> None:
    t = table_of(sa.Column("birth_date", sa.Date, nullable=False))
    for born in gen(t, "birth_date").batch(0, 3000):
        age = (ANCHOR.date() - born).days / 365.25
        assert 18 <= age <= 90


def test_realistic_numbers() -> None:
    t = table_of(
        sa.Column("age", sa.Integer, nullable=False),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Numeric(9, 6), nullable=False),
        sa.Column("rating", sa.SmallInteger, nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
    )
    assert all(18 <= v <= 90 for v in gen(t, "age").batch(0, 1000))
    assert all(-90 <= v <= 90 for v in gen(t, "latitude").batch(0, 1000))
    assert all(-180 <= v <= 180 for v in gen(t, "longitude").batch(0, 1000))
    assert set(gen(t, "rating").batch(0, 1000)) == {1, 2, 3, 4, 5}
    assert all(1 <= v <= 100 for v in gen(t, "quantity").batch(0, 1000))


def test_flags_follow_their_names() -> None:
    t = table_of(
        sa.Column("is_active", sa.Boolean, nullable=False),
        sa.Column("is_deleted", sa.Boolean, nullable=False),
    )
    assert sum(gen(t, "is_active").batch(0, 2000)) > 1400
    assert sum(gen(t, "is_deleted").batch(0, 2000)) < 600


def test_timestamps_are_in_the_recent_past() -> None:
    t = table_of(sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    for v in gen(t, "created_at").batch(0, 1000):
        assert v.tzinfo is not None
        assert timedelta(0) < ANCHOR.replace(tzinfo=v.tzinfo) - v < timedelta(days=4 * 366)


def test_several_locales() -> None:
    t = table_of(sa.Column("city", sa.String(80), nullable=False))
    us = set(gen(t, "city", locale="en_US").batch(0, 500))
    mixed = set(gen(t, "city", locale=["en_US", "de_DE"]).batch(0, 500))
    assert mixed - us


# ----------------------------------------------------------------- overrides and errors


def test_provider_override() -> None:
    t = table_of(sa.Column("label", sa.String(40), nullable=False))
    ctx = ColumnContext(t, t.column("label"), 0)
    values = provider_generator(ctx, "color_name").batch(0, 100)
    assert all(isinstance(v, str) and v for v in values)
    ints = provider_generator(ctx, "random_int", kwargs={"min": 1, "max": 3}).batch(0, 100)
    assert set(ints) <= {1, 2, 3}
    uniq = provider_generator(replace_ctx(ctx, unique=True), "email").batch(0, 3000)
    assert len(set(uniq)) == 3000
    assert all(len(v) <= 40 and "@" in v for v in uniq)


def replace_ctx(ctx: ColumnContext, **kw: Any) -> ColumnContext:
    from dataclasses import replace

    return replace(ctx, **kw)


def test_unknown_provider_names_the_column_and_close_matches() -> None:
    t = table_of(sa.Column("mail", sa.String(40), nullable=False))
    ctx = ColumnContext(t, t.column("mail"), 0)
    with pytest.raises(ConfigError, match=r"users\.mail.*'emial'.*'email'"):
        provider_generator(ctx, "emial")


def test_unsupported_type_error_names_column_type_seed_and_fix() -> None:
    class Weird(sa.types.UserDefinedType[Any]):
        cache_ok = True

        def get_col_spec(self, **kw: Any) -> str:
            return "WEIRD"

    t = table_of(sa.Column("odd", Weird()))
    with pytest.raises(UnsupportedTypeError) as info:
        gen(t, "odd", seed=99)
    msg = str(info.value)
    assert "users.odd" in msg and "Weird" in msg and "seed 99" in msg and "fake(" in msg


def test_type_decorator_uses_its_impl() -> None:
    class Lower(sa.types.TypeDecorator[str]):
        impl = sa.String(20)
        cache_ok = True

    t = table_of(sa.Column("email", Lower(), nullable=False))
    assert all(len(v) <= 20 for v in gen(t, "email").batch(0, 100))


def test_unknown_locale_is_a_config_error() -> None:
    t = table_of(sa.Column("city", sa.String(80), nullable=False))
    with pytest.raises(ConfigError, match="xx_XX"):
        gen(t, "city", locale="xx_XX").batch(0, 1)


# ----------------------------------------------------------------- relations


def test_implicit_relations() -> None:
    t = table_of(
        sa.Column("created_at", sa.DateTime),
        sa.Column("updated_at", sa.DateTime),
        sa.Column("starts_on", sa.Date),
        sa.Column("ends_on", sa.Date),
        sa.Column("min_price", sa.Numeric(8, 2)),
        sa.Column("max_price", sa.Numeric(8, 2)),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.Column("title", sa.String(20)),
    )
    # Time columns follow each other through the timeline (tests/engine/test_timeline.py);
    # the relations names imply are the numeric ones.
    rels = {(r.left, r.op, r.right) for r in implicit_relations(t)}
    assert rels == {("max_price", ">=", "min_price")}


def test_apply_relations_makes_every_row_hold() -> None:
    t = table_of(
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.Column("lo", sa.Numeric(8, 2), nullable=False),
        sa.Column("hi", sa.Numeric(8, 2), nullable=False),
        sa.Column("a", sa.Integer, nullable=False),
        sa.Column("b", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
    )
    rels = implicit_relations(t) + [
        Relation("hi", ">", "lo", "hi_gt_lo"),
        Relation("a", "<", "b", "a_lt_b"),
        Relation("day", ">=", "created_at", "day_after"),
    ]

    rels.append(Relation("updated_at", ">=", "created_at", "updated_after"))

    def rows(start: int, stop: int) -> dict[str, list[Any]]:
        batch = {c.name: gen(t, c.name, seed=5).batch(start, stop) for c in t.columns}
        apply_relations(t, batch, rels, start, seed=5)
        return batch

    batch = rows(0, 3000)
    for i in range(3000):
        c, u = batch["created_at"][i], batch["updated_at"][i]
        assert u is None or u >= c
        assert batch["hi"][i] > batch["lo"][i]
        assert batch["a"][i] < batch["b"][i]
        assert batch["day"][i] >= c.date()
        assert batch["hi"][i] == batch["hi"][i].quantize(Decimal("0.01"))
    assert sum(1 for u in batch["updated_at"] if u is not None) > 2000
    # The fix is a function of the row too.
    part = rows(1500, 1600)
    assert part["updated_at"] == batch["updated_at"][1500:1600]
    assert part["hi"] == batch["hi"][1500:1600]


# ---------------------------------------------------------------- short columns, text pools


def _faker_pool(provider: str) -> set[str]:
    from pytest_dbseed.engine.pools import provider_pool

    return {str(v) for v in provider_pool(("en_US",), provider)}


@pytest.mark.parametrize(
    ("column", "provider"),
    [
        (sa.Column("currency", sa.String(3), nullable=False), "currency_code"),
        (sa.Column("currency_code", sa.CHAR(3), nullable=False), "currency_code"),
        (sa.Column("country_code", sa.String(2), nullable=False), "country_code"),
        (sa.Column("country", sa.CHAR(2), nullable=False), "country_code"),
        (sa.Column("language", sa.String(5), nullable=False), "language_code"),
    ],
    ids=lambda c: getattr(c, "name", c),
)
def test_short_columns_named_for_codes_get_real_codes(
    column: sa.Column[Any], provider: str
) -> None:
    t = table_of(column, name="payment_history")
    values = gen(t, column.name).batch(0, 2000)
    length = column.type.length  # type: ignore[attr-defined]
    assert all(len(v) <= length for v in values)
    assert set(values) <= _faker_pool(provider), sorted(set(values) - _faker_pool(provider))[:5]
    assert len(set(values)) > 20


def test_short_state_beside_an_address_is_a_state_code() -> None:
    t = table_of(
        sa.Column("city", sa.String(60), nullable=False),
        sa.Column("state", sa.String(2), nullable=False),
    )
    values = gen(t, "state").batch(0, 500)
    assert set(values) <= _faker_pool("state_abbr")


def test_unique_short_code_column_gives_real_codes_first_then_every_other_code() -> None:
    t = table_of(sa.Column("currency", sa.String(3), nullable=False))
    g = gen(t, "currency", unique=True)
    assert g.capacity == 36 + 36**2 + 36**3  # the whole code space, not just the ISO list
    real = _faker_pool("currency_code")
    values = g.batch(0, 6000)
    assert len(set(values)) == 6000
    assert all(1 <= len(v) <= 3 and re.fullmatch("[A-Z0-9]+", v) for v in values)
    assert set(values[:100]) <= real
    assert g.batch(4000, 4010) == values[4000:4010]
    everything = g.batch(0, g.capacity)
    assert len(set(everything)) == g.capacity


@pytest.mark.parametrize(("min_len", "max_len"), [(0, 2), (0, 5), (3, 3), (2, 7), (7, 7)])
def test_short_codes_respect_length_bounds(min_len: int, max_len: int) -> None:
    t = table_of(sa.Column("frob", sa.String(max_len), nullable=False))
    bounds = ColumnBounds(min_length=min_len or None)
    values = gen(t, "frob", bounds=bounds).batch(0, 3000)
    lengths = {len(v) for v in values}
    assert min(lengths) >= max(1, min_len) and max(lengths) == max_len
    assert all(re.fullmatch("[A-Z0-9]+", v) for v in values)
    assert len(set(values)) > 100
    assert gen(t, "frob", bounds=bounds).batch(1500, 1510) == values[1500:1510]


def test_payment_tables_get_payment_statuses() -> None:
    t = table_of(sa.Column("status", sa.String(20), nullable=False), name="payment_history")
    assert set(gen(t, "status").batch(0, 500)) <= {"pending", "succeeded", "failed", "refunded"}


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        (sa.Column("description", sa.Text), None),
        (sa.Column("description", sa.String(40)), 40),
        (sa.Column("body", sa.String(200)), 200),
        (sa.Column("comment", sa.String(60)), 60),
        (sa.Column("title", sa.String(30)), 30),
        (sa.Column("frobnicator", sa.String(30)), 30),
        (sa.Column("slug", sa.String(12)), 12),
    ],
    ids=lambda c: f"{c.name}({c.type})" if isinstance(c, sa.Column) else str(c),
)
def test_text_columns_are_varied_sentences_within_length(
    column: sa.Column[Any], limit: int | None
) -> None:
    t = table_of(column, name="products")
    values = gen(t, column.name, null_fraction=0.0).batch(0, 5000)
    assert all(isinstance(v, str) and v for v in values)
    if limit is not None:
        assert max(map(len, values)) <= limit
    assert len(set(values)) > 300  # picks from thousands of prepared texts, not a handful
    assert gen(t, column.name, null_fraction=0.0).batch(2500, 2510) == values[2500:2510]


def test_descriptions_hold_one_to_three_sentences() -> None:
    t = table_of(sa.Column("description", sa.Text, nullable=False), name="products")
    values = gen(t, "description").batch(0, 3000)
    counts = {v.count(". ") + 1 for v in values}
    assert counts >= {1, 2, 3}
    assert all(v.endswith(".") for v in values)


def test_timestamps_with_and_without_time_zone_stay_in_their_window() -> None:
    t = table_of(
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("naive_at", sa.DateTime, nullable=False),
        sa.Column("born_at", sa.DateTime(timezone=True), nullable=False),
    )
    aware = gen(t, "created_at").batch(0, 3000)
    assert all(v.tzinfo is not None and v.utcoffset() == timedelta(0) for v in aware)
    anchor = ANCHOR.replace(tzinfo=aware[0].tzinfo)
    assert all(anchor - timedelta(days=3 * 366) <= v <= anchor for v in aware)
    assert len(set(aware)) > 2900
    naive = gen(t, "naive_at").batch(0, 1000)
    assert all(v.tzinfo is None for v in naive)
    born = gen(t, "born_at").batch(0, 1000)  # before 1970: the non-epoch path
    assert all(v.tzinfo is not None for v in born)


def test_decimals_keep_their_scale() -> None:
    t = table_of(
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("qty", sa.Numeric(10, 0), nullable=False),
        sa.Column("big", sa.Numeric(40, 4), nullable=False),
    )
    for name, exp in (("amount", -2), ("qty", 0), ("big", -4)):
        values = gen(t, name).batch(0, 500)
        assert all(isinstance(v, Decimal) and v.as_tuple().exponent == exp for v in values), name
