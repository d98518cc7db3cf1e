"""Seeded rows read like real ones, checked in PostgreSQL: time runs forward in every
encoding, small numbers stay in their natural ranges, server-default columns vary, and the
ORM loads every row of every mapped class."""

from __future__ import annotations

import importlib
import pickle
import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.ext.mutable import MutableDict, MutableList, MutableSet
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

import pytest_dbseed
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.pools import ascii_fold
from pytest_dbseed.engine.records.lifecycle import state_of
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.engine.values.timeline import TimePoint
from tests.engine.realistic_models import BASES, NATURAL, ORDERED

ROWS = 200


def _seed(conn: sa.Connection, base: type[DeclarativeBase], rows: int = ROWS) -> None:
    for schema in {t.schema for t in base.metadata.tables.values() if t.schema}:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    base.metadata.create_all(conn)
    pytest_dbseed.seed(conn, base.metadata, default=rows, seed=7)


@pytest.fixture(params=sorted(BASES))
def seeded(request: pytest.FixtureRequest, conn: sa.Connection) -> Iterator[tuple[str, Any]]:
    name = request.param
    _seed(conn, BASES[name])
    yield name, conn


def test_ordered_pairs_run_forward(seeded: tuple[str, sa.Connection]) -> None:
    name, conn = seeded
    for table, later, earlier in ORDERED.get(name, []):
        compared, backwards = conn.execute(
            sa.text(
                f"SELECT count(*) FILTER (WHERE ({later}) IS NOT NULL AND ({earlier}) IS NOT NULL),"
                f" count(*) FILTER (WHERE ({later}) < ({earlier})) FROM {table}"
            )
        ).one()
        assert backwards == 0, f"{table}: {later} before {earlier} in {backwards} rows"
        # a rare state (set in a tenth of the rows), or one the row's status reaches
        rare = later.endswith("deleted_at") or state_of(later) is not None
        least = ROWS // 20 if rare else ROWS // 3
        assert compared >= least, f"{table}: {later} / {earlier} compared in {compared} rows"


def test_small_numbers_stay_in_their_natural_range(seeded: tuple[str, sa.Connection]) -> None:
    name, conn = seeded
    for table, column, low, high in NATURAL.get(name, []):
        lo, hi, n = conn.execute(
            sa.text(f"SELECT min({column}), max({column}), count({column}) FROM {table}")
        ).one()
        assert n > 0, f"{table}.{column} is always NULL"
        assert low <= lo and hi <= high, f"{table}.{column} spans {lo}..{hi}, not {low}..{high}"


def test_server_default_columns_vary(seeded: tuple[str, sa.Connection]) -> None:
    name, conn = seeded
    graph = build_schema(BASES[name].metadata)
    checked = 0
    for table in graph.tables.values():
        for col in table.columns:
            if not col.server_default:
                continue
            distinct = conn.scalar(
                sa.text(f'SELECT count(DISTINCT "{col.name}") FROM "{table.name}"')
            )
            assert distinct is not None and distinct >= 2, f"{table.name}.{col.name}: {distinct}"
            checked += 1
    assert checked > 0


def test_gaps_look_real(conn: sa.Connection) -> None:
    _seed(conn, BASES["shop"], rows=1000)
    shipped, required = conn.execute(
        sa.text(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY"
            "  extract(epoch FROM shipped_date - order_date) / 86400),"
            " max(required_date - order_date::date) FROM orders"
        )
    ).one()
    assert 0.5 <= shipped <= 4  # days, mostly
    assert required <= 15
    _seed(conn, BASES["hr"], rows=500)
    young, hours = conn.execute(
        sa.text(
            "SELECT count(*) FILTER (WHERE hire_date < birth_date + interval '18 years'),"
            " count(*) FILTER (WHERE hire_date > DATE '2025-01-01') FROM employees"
        )
    ).one()
    assert (young, hours) == (0, 0)
    _seed(conn, BASES["forum"], rows=500)
    quick, slow, future = conn.execute(
        sa.text(
            "SELECT count(*) FILTER (WHERE updated_at - created_at < interval '1 day'),"
            " count(*) FILTER (WHERE updated_at - created_at > interval '30 days'),"
            " count(*) FILTER (WHERE updated_at > TIMESTAMP '2025-01-01') FROM threads"
        )
    ).one()
    assert quick > 50 and slow > 50 and future == 0


def test_a_null_member_stays_null_and_a_set_pair_is_ordered(conn: sa.Connection) -> None:
    _seed(conn, BASES["tracker"], rows=1000)
    running, ended, backwards = conn.execute(
        sa.text(
            "SELECT count(*) FILTER (WHERE end_time IS NULL),"
            " count(*) FILTER (WHERE end_time IS NOT NULL),"
            " count(*) FILTER (WHERE end_time < start_time) FROM runs"
        )
    ).one()
    assert running > 30 and ended > 700 and backwards == 0
    # Millisecond epochs around the anchor, a few years back.
    low, high = conn.execute(
        sa.text(
            "SELECT min(to_timestamp(creation_time / 1000.0)), "
            "max(to_timestamp(creation_time / 1000.0)) FROM experiments"
        )
    ).one()
    assert low.year >= 2021 and high.year <= 2025


# ----------------------------------------------------------------- every mapped class loads

MODEL_MODULES = [
    "tests.engine.realistic_models",
    "tests.engine.test_seed",
    "tests.engine.test_inheritance",
    "tests.engine.test_schema",
    "tests.plugin.conftest",
    "tests.cli.conftest",
    "examples.models",
]


def _bases() -> list[type[DeclarativeBase]]:
    found: dict[int, type[DeclarativeBase]] = {}
    for module_name in MODEL_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DeclarativeBase)
                and value is not DeclarativeBase
                and DeclarativeBase in value.__bases__
            ):
                found.setdefault(id(value), value)
    return list(found.values())


BASES_ALL = _bases()


@pytest.mark.parametrize(
    "base", BASES_ALL, ids=[f"{b.__module__.rsplit('.', 1)[-1]}.{b.__name__}" for b in BASES_ALL]
)
def test_the_orm_loads_every_seeded_row(conn: sa.Connection, base: type[DeclarativeBase]) -> None:
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS hstore"))
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS citext"))
    _seed(conn, base, rows=40)
    mappers = list(base.registry.mappers)
    assert mappers
    with Session(bind=conn) as session:
        for mapper in mappers:
            loaded = session.scalars(sa.select(mapper.class_)).all()
            for obj in loaded:
                for attr in mapper.column_attrs:
                    getattr(obj, attr.key)
            session.expunge_all()


# ----------------------------------------------------------------- the project's own schemas


def _instant(point: TimePoint) -> str:
    """SQL of a single-column point in seconds, whatever its encoding."""
    col = f'"{point.columns[0]}"'
    if point.encoding == "epoch":
        return f"({col}::numeric / {point.unit})"
    if point.encoding == "date":
        return f"extract(epoch FROM {col}::timestamp)"
    return f"extract(epoch FROM {col})"


@pytest.mark.parametrize(
    "base", BASES_ALL, ids=[f"{b.__module__.rsplit('.', 1)[-1]}.{b.__name__}" for b in BASES_ALL]
)
def test_every_ordering_the_engine_finds_holds_in_the_database(
    conn: sa.Connection, base: type[DeclarativeBase]
) -> None:
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS hstore"))
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS citext"))
    _seed(conn, base, rows=100)
    graph = build_schema(base.metadata)
    _, sources = decide_offline(SeedRequest(graph=graph, default=100, seed=7))
    for table in sources.tables:
        timeline = table.timeline
        if timeline is None:
            continue
        for link in timeline.links:
            later = timeline.points[link.later]
            earlier = timeline.points[link.earlier[0]]
            if len(later.columns) != 1 or len(earlier.columns) != 1:
                continue
            info = graph.tables[table.table]
            sql_table = f'"{info.schema}"."{info.name}"' if info.schema else f'"{info.name}"'
            backwards = conn.scalar(
                sa.text(
                    f"SELECT count(*) FROM {sql_table} "
                    f"WHERE {_instant(later)} < {_instant(earlier)}"
                )
            )
            assert backwards == 0, (table.table, later.label, earlier.label)


class _ContainerBase(DeclarativeBase):
    pass


class _Holder(_ContainerBase):
    __tablename__ = "holder"
    id: Mapped[int] = mapped_column(primary_key=True)
    tags = mapped_column(MutableList.as_mutable(sa.JSON))
    meta = mapped_column(MutableDict.as_mutable(pg.JSONB))
    seen = mapped_column(MutableSet.as_mutable(sa.PickleType))
    prefs = mapped_column(sa.PickleType, nullable=False)
    history = mapped_column(MutableList.as_mutable(sa.PickleType))
    plain = mapped_column(sa.JSON)


def test_mutable_and_pickled_columns_hold_their_container(conn: sa.Connection) -> None:
    graph = build_schema(_ContainerBase.metadata)
    containers = {c.name: c.container for c in graph.tables["holder"].columns}
    assert containers == {"id": None, "tags": "list", "meta": "dict", "seen": "set",
                          "prefs": None, "history": "list", "plain": None}  # fmt: skip
    assert graph.tables["holder"].column("prefs").kind == "pickle"
    _seed(conn, _ContainerBase, rows=60)
    with Session(bind=conn) as session:
        loaded = session.scalars(sa.select(_Holder)).all()
    assert len(loaded) == 60
    assert all(isinstance(h.prefs, dict) and h.prefs for h in loaded)
    assert all(h.tags is None or isinstance(h.tags, list) for h in loaded)
    assert all(h.seen is None or isinstance(h.seen, set) for h in loaded)
    # What PostgreSQL holds is the type's own pickle.
    raw = conn.scalar(sa.text("SELECT prefs FROM holder ORDER BY id LIMIT 1"))
    assert pickle.loads(bytes(raw)) == loaded[0].prefs


def test_a_reflected_application_database_runs_forward(conn: sa.Connection) -> None:
    from pytest_dbseed.engine.reflect import reflect_database
    from tests.cli.schemas import REALISTIC, REALISTIC_SEEDED

    conn.execute(sa.text(REALISTIC))
    metadata, _ = reflect_database(conn)
    counts = {t: 200 for t in REALISTIC_SEEDED}
    pytest_dbseed.seed(conn, metadata, counts=counts, default=0, append=True, seed=2)
    backwards, statuses, created = conn.execute(
        sa.text(
            'SELECT (SELECT count(*) FROM sales."order" WHERE shipped_at < ordered_at),'
            ' (SELECT count(DISTINCT status) FROM sales."order"),'
            " (SELECT count(DISTINCT created_at) FROM customer)"
        )
    ).one()
    assert backwards == 0 and statuses >= 2 and created > 100


# ----------------------------------------------------------------- common column names

_ROLES = ("guest", "owner", "assignee", "reviewer", "contact", "manager", "passenger",
          "patient", "driver", "author", "sender", "recipient")  # fmt: skip
_SHAPES = {
    "hotel": r"^[A-Z][a-z]+ [A-Z][a-z]+ (Hotel|Inn|Resort|Suites|Lodge)$",
    "airline": r"^[A-Z][a-z]+( [A-Z][a-z]+)? (Airways|Airlines|Air)$",
    "seat": r"^([1-9]|[1-3][0-9]|40)[A-F]$",
    "gate": r"^[A-E]([1-9]|[1-3][0-9]|40)$",
    "referrer": r"^https://www\.[a-z]+\.[a-z]+/\S*$",
    "hashtag": r"^#[a-z]+$",
    "tag": r"^[a-z]+$",
    "category": r"^[a-z]+$",
}
_THEMED = ("species", "ingredient", "symptom", "diagnosis", "skill")
_RANGES = {  # column: (low, high, whole)
    "room_number": (101, 950, True),
    "build_number": (0, 50, True),
    "tax_rate": (0, 0.25, False),
    "weight_kg": (0.1, 150, False),
    "height_cm": (40, 210, False),
    "weight_g": (1, 5000, True),
    "length_mm": (1, 2000, True),
    "distance_km": (0.5, 500, False),
    "volume_ml": (5, 2000, True),
    "discount_pct": (0, 100, False),
}


def _common_names_table(md: sa.MetaData) -> sa.Table:
    strs = [*_ROLES, "guest_name", "customer_name", *_SHAPES, *_THEMED]
    return sa.Table(
        "trial", md, sa.Column("id", sa.Integer, primary_key=True),
        *[sa.Column(c, sa.String(80)) for c in strs],
        *[sa.Column(c, sa.Numeric(10, 3)) for c in _RANGES],
        sa.Column("owner_id", sa.Integer), sa.Column("short_seat", sa.String(2)),
        sa.Column("seat_no", sa.String(3), unique=True, nullable=False),
        sa.Column("unique_hotel", sa.String(80), unique=True, nullable=False),
    )  # fmt: skip


def test_common_column_names_hold_believable_values(conn: sa.Connection) -> None:
    from pytest_dbseed.engine.semantics import wordlists as W

    md = sa.MetaData()
    table = _common_names_table(md)
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, default=400, seed=11)
    rows = conn.execute(sa.select(table)).mappings().all()
    assert len(rows) == 400

    def filled(column: str) -> list[Any]:
        got = [r[column] for r in rows if r[column] is not None]
        assert len(got) > 200, column
        return got

    person = re.compile(r"^[A-Z][a-z'-]+( [A-Z][a-z'-]+)+$")
    for column in (*_ROLES, "guest_name", "customer_name"):
        assert all(person.match(v) for v in filled(column)), column
    for column, shape in _SHAPES.items():
        bad = [v for v in filled(column) if not re.match(shape, v)]
        assert not bad, (column, bad[:5])
    themed = {"species": W.SPECIES, "ingredient": W.INGREDIENTS, "symptom": W.SYMPTOMS,
              "diagnosis": W.DIAGNOSES, "skill": W.SKILLS}  # fmt: skip
    for column, words in themed.items():
        assert set(filled(column)) <= set(words), column
    for column, (low, high, whole) in _RANGES.items():
        values = filled(column)
        assert low <= min(values) and max(values) <= high, (column, min(values), max(values))
        assert not whole or all(v == int(v) for v in values), column
    assert all(r.match(v) for v in filled("short_seat") for r in [re.compile(r"^[1-9][A-F]$")])
    # unique columns keep their shape while the pool lasts, then extend it
    assert len({r["seat_no"] for r in rows}) == 400
    hotels = [r["unique_hotel"] for r in rows]
    assert len(set(hotels)) == 400 and all(h.split()[2] in W._HOTEL_KIND for h in hotels)
    # distinct roles of one row are different people; a role's name is that role's
    for r in rows:
        names = [r[c] for c in _ROLES if r[c] is not None]
        assert len(set(names)) == len(names), names
        assert r["guest"] is None or r["guest_name"] is None or r["guest"] == r["guest_name"]
    assert len({r["owner_id"] for r in rows}) > 300  # an integer role is not a name


def test_a_role_beside_the_rows_own_person_is_another_person(conn: sa.Connection) -> None:
    md = sa.MetaData()
    users = sa.Table(
        "users", md, sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(40), nullable=False),
        sa.Column("last_name", sa.String(40), nullable=False),
        sa.Column("manager", sa.String(80), nullable=False),
        sa.Column("email", sa.String(120), nullable=False),
    )  # fmt: skip
    posts = sa.Table(
        "posts", md, sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("author_email", sa.String(120), nullable=False),
    )  # fmt: skip
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, default=300, seed=5)

    def spells(name: str, email: str) -> bool:
        return any(ascii_fold(part).lower() in email for part in name.split())

    people = conn.execute(sa.select(users.c.first_name, users.c.last_name, users.c.manager,
                                    users.c.email)).all()  # fmt: skip
    for first, last, manager, email in people:
        assert re.match(r"^[A-Z][a-z'-]+( [A-Z][a-z'-]+)+$", manager), manager
        assert manager != f"{first} {last}" and spells(f"{first} {last}", email)
    # a lone role with its own email is still one person
    for author, email in conn.execute(sa.select(posts.c.author, posts.c.author_email)):
        assert spells(author, email), (author, email)


# ------------------------------------------------------------------ application conventions


def _ddl_seed(conn: sa.Connection, ddl: str, **counts: int) -> None:
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(ddl)
    cursor.close()
    md = sa.MetaData()
    md.reflect(conn)
    pytest_dbseed.seed(conn, md, counts=counts, default=0, seed=3)


def _histogram(conn: sa.Connection, sql: str) -> dict[Any, int]:
    return {k: v for k, v in conn.execute(sa.text(sql)).all()}


def test_integer_categories_take_a_few_small_codes(conn: sa.Connection) -> None:
    _ddl_seed(
        conn,
        """
        CREATE TABLE member (
            id serial PRIMARY KEY,
            role integer NOT NULL DEFAULT 0,
            account_status smallint NOT NULL DEFAULT 1,
            kind integer,
            gender integer NOT NULL,
            tier integer NOT NULL CHECK (tier >= 10),
            visibility integer NOT NULL CHECK (visibility BETWEEN 1 AND 2)
        );
        CREATE TABLE variant (id serial PRIMARY KEY, type integer NOT NULL UNIQUE);
        """,
        member=1000,
        variant=300,
    )
    role = _histogram(conn, "SELECT role, count(*) FROM member GROUP BY 1")
    assert set(role) == set(range(5)) and max(role, key=role.__getitem__) == 0
    assert role[0] > 400 and role[0] > role[1] > role[4]
    status = _histogram(conn, "SELECT account_status, count(*) FROM member GROUP BY 1")
    assert set(status) <= set(range(5)) and max(status, key=status.__getitem__) == 1
    kinds = _histogram(conn, "SELECT kind, count(*) FROM member WHERE kind IS NOT NULL GROUP BY 1")
    assert set(kinds) == set(range(5))
    gender = _histogram(conn, "SELECT gender, count(*) FROM member GROUP BY 1")
    assert set(gender) == set(range(4))  # as many codes as the string form has values
    # CHECKs win: codes from the lowest allowed value, or those the range leaves
    tier = _histogram(conn, "SELECT tier, count(*) FROM member GROUP BY 1")
    assert set(tier) == set(range(10, 15))
    visibility = _histogram(conn, "SELECT visibility, count(*) FROM member GROUP BY 1")
    assert set(visibility) == {1, 2}
    # unique: as many codes as rows, no more
    low, high = conn.execute(sa.text("SELECT min(type), max(type) FROM variant")).one()
    assert (low, high) == (0, 299)


def test_rare_states_are_rare(conn: sa.Connection) -> None:
    _ddl_seed(
        conn,
        """
        CREATE TABLE users (
            id serial PRIMARY KEY,
            email text NOT NULL,
            deleted_at timestamp, discarded_at timestamp, banned_at timestamptz,
            locked_at timestamp, suspended_at timestamp, revoked_at timestamp,
            cancelled_at timestamp, canceled_at timestamp, expired_at date,
            archived_at timestamp, disabled_at timestamp,
            confirmed_at timestamp, verified_at timestamp, last_login_at timestamp,
            created_at timestamp NOT NULL,
            archived boolean NOT NULL, deleted boolean, is_banned boolean NOT NULL,
            discarded boolean NOT NULL DEFAULT false
        );
        CREATE UNIQUE INDEX users_live_email ON users (email) WHERE deleted_at IS NULL;
        """,
        users=1000,
    )
    for column in (
        "deleted_at discarded_at banned_at locked_at suspended_at revoked_at cancelled_at "
        "canceled_at expired_at archived_at disabled_at archived deleted is_banned discarded"
    ).split():
        where = f"{column} IS TRUE" if "_at" not in column else f"{column} IS NOT NULL"
        n = conn.execute(sa.text(f"SELECT count(*) FROM users WHERE {where}")).scalar_one()
        assert 30 <= n <= 160, (column, n)
    for column in ("confirmed_at", "verified_at", "last_login_at"):
        n = conn.execute(sa.text(f"SELECT count(*) FROM users WHERE {column} IS NOT NULL"))
        assert n.scalar_one() >= 800, column
    later = "SELECT count(*) FROM users WHERE deleted_at < created_at"
    assert conn.execute(sa.text(later)).scalar_one() == 0


def test_polymorphic_pairs_point_at_rows_of_other_tables(conn: sa.Connection) -> None:
    _ddl_seed(
        conn,
        """
        CREATE TABLE order_items (id bigserial PRIMARY KEY, label text);
        CREATE TABLE people (id serial PRIMARY KEY, name text);
        CREATE TABLE codes (code text PRIMARY KEY);
        CREATE TABLE comments (
            id bigserial PRIMARY KEY,
            "commentableType" varchar(20) NOT NULL,
            "commentableId" bigint NOT NULL,
            body text
        );
        CREATE TABLE tags (id serial PRIMARY KEY, name text);
        CREATE TABLE taggings (
            id serial PRIMARY KEY,
            tag_id int NOT NULL REFERENCES tags,
            taggable_type text NOT NULL,
            taggable_id int NOT NULL,
            UNIQUE (tag_id, taggable_type, taggable_id)
        );
        """,
        order_items=40,
        people=30,
        codes=5,
        comments=500,
        tags=3,
        taggings=150,
    )
    types = _histogram(conn, 'SELECT "commentableType", count(*) FROM comments GROUP BY 1')
    assert set(types) == {"OrderItem", "Person", "Tag", "Tagging"}, types
    kinds = _histogram(conn, "SELECT taggable_type, count(*) FROM taggings GROUP BY 1")
    assert set(kinds) == {"OrderItem", "Person", "Comment"}, kinds  # not itself, not its tags
    for table, type_col, id_col in (
        ("comments", '"commentableType"', '"commentableId"'),
        ("taggings", "taggable_type", "taggable_id"),
    ):
        orphans = conn.execute(
            sa.text(
                f"SELECT count(*) FROM {table} c WHERE NOT EXISTS ("
                f" SELECT 1 FROM order_items t WHERE {type_col} = 'OrderItem' AND t.id = {id_col}"
                f" UNION ALL SELECT 1 FROM people t WHERE {type_col} = 'Person' AND t.id = {id_col}"
                f" UNION ALL SELECT 1 FROM tags t WHERE {type_col} = 'Tag' AND t.id = {id_col}"
                f" UNION ALL SELECT 1 FROM taggings t WHERE {type_col} = 'Tagging'"
                f" AND t.id = {id_col}"
                f" UNION ALL SELECT 1 FROM comments t WHERE {type_col} = 'Comment'"
                f" AND t.id = {id_col})"
            )
        ).scalar_one()
        assert orphans == 0, table


def test_polymorphic_pair_in_a_unique_key_beyond_its_targets(conn: sa.Connection) -> None:
    """More rows than target rows: the pair repeats, so the unique key is kept another way,
    and the class names stay real."""
    _ddl_seed(
        conn,
        """
        CREATE TABLE posts (id serial PRIMARY KEY);
        CREATE TABLE votes (
            id serial PRIMARY KEY,
            votable_type text NOT NULL,
            votable_id int NOT NULL,
            UNIQUE (votable_type, votable_id)
        );
        """,
        posts=10,
        votes=50,
    )
    assert _histogram(conn, "SELECT votable_type, count(*) FROM votes GROUP BY 1") == {"Post": 50}


_GENERIC = """
    CREATE TABLE django_content_type (
        id serial PRIMARY KEY, app_label varchar(100) NOT NULL, model varchar(100) NOT NULL,
        UNIQUE (app_label, model)
    );
    CREATE TABLE blog_post (id bigserial PRIMARY KEY, title text);
    CREATE TABLE blog_tag (id serial PRIMARY KEY, name text);
    CREATE TABLE blog_taggeditem (
        id serial PRIMARY KEY,
        tag_id int NOT NULL REFERENCES blog_tag,
        content_type_id int NOT NULL REFERENCES django_content_type,
        object_id int NOT NULL CHECK (object_id >= 0),
        UNIQUE (content_type_id, object_id, tag_id)
    );
"""
_GENERIC_TARGETS = """
    SELECT count(*) FROM blog_taggeditem t JOIN django_content_type ct ON ct.id = t.content_type_id
    WHERE EXISTS (SELECT 1 FROM blog_post p WHERE ct.model = 'post' AND p.id = t.object_id)
       OR EXISTS (SELECT 1 FROM blog_tag g WHERE ct.model = 'tag' AND g.id = t.object_id)
       OR EXISTS (SELECT 1 FROM django_content_type c
                  WHERE ct.model = 'contenttype' AND c.id = t.object_id)
"""


@pytest.mark.parametrize("items", [15, 60])
def test_generic_relations_name_a_row_of_the_content_types_model(
    conn: sa.Connection, items: int
) -> None:
    """``content_type_id`` + ``object_id``: the id is a key of the model the content type
    names, while the targets' 18 rows reach; beyond them the unique key and CHECK hold."""
    _ddl_seed(conn, _GENERIC, django_content_type=5, blog_post=10, blog_tag=3, blog_taggeditem=items)
    rows = "SELECT content_type_id, object_id, tag_id FROM blog_taggeditem ORDER BY id"
    got = conn.execute(sa.text(rows)).all()
    assert len(got) == items == len(set(got))
    assert all(o >= 0 for _, o, _ in got)
    if items <= 18:
        assert conn.execute(sa.text(_GENERIC_TARGETS)).scalar_one() == items, got
        assert len({(c, o) for c, o, _ in got}) == items


def test_subdomains_and_handles_keep_their_shape_when_unique(conn: sa.Connection) -> None:
    _ddl_seed(
        conn,
        """
        CREATE TABLE workspaces (
            id serial PRIMARY KEY,
            name text NOT NULL,
            subdomain varchar(30) NOT NULL
        );
        CREATE UNIQUE INDEX ON workspaces (lower(subdomain));
        CREATE TABLE sites (id serial PRIMARY KEY, subdomain text NOT NULL UNIQUE,
                            login text NOT NULL UNIQUE, slug text NOT NULL UNIQUE,
                            hostname text NOT NULL UNIQUE);
        """,
        workspaces=2000,
        sites=3000,
    )
    label = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
    bad = f"SELECT count(*) FROM workspaces WHERE subdomain !~ '{label}'"
    assert conn.execute(sa.text(bad)).scalar_one() == 0
    for column, shape in (
        ("subdomain", label),
        ("login", "^[A-Za-z0-9._]+$"),
        ("slug", "^[a-z0-9-]+$"),
        ("hostname", "^[a-z0-9.-]+$"),
    ):
        bad = f"SELECT count(*) FROM sites WHERE {column} !~ '{shape}'"
        assert conn.execute(sa.text(bad)).scalar_one() == 0, column
    person = "SELECT count(*) FROM workspaces WHERE name ~ '^[A-Z][a-z]+ [A-Z][a-z]+$'"
    assert conn.execute(sa.text(person)).scalar_one() < 400  # organizations, not people


def test_capacities_stay_small_and_group_names_read_like_groups(conn: sa.Connection) -> None:
    _ddl_seed(
        conn,
        """
        CREATE TABLE room (
            id serial PRIMARY KEY,
            capacity integer NOT NULL,
            seats smallint,
            max_guests integer NOT NULL,
            max_participants integer NOT NULL CHECK (max_participants >= 2)
        );
        CREATE TABLE auth_group (id serial PRIMARY KEY, name varchar(150) NOT NULL UNIQUE);
        CREATE TABLE roles (id serial PRIMARY KEY, name varchar(40) NOT NULL);
        """,
        room=2000,
        auth_group=300,
        roles=200,
    )
    spans = conn.execute(sa.text(
        "SELECT min(capacity), max(capacity), min(seats), max(seats), min(max_guests), "
        "max(max_guests), min(max_participants), max(max_participants) FROM room"
    )).one()  # fmt: skip
    assert spans == (1, 500, 1, 100, 1, 16, 2, 100)
    groups = conn.execute(sa.text("SELECT name FROM auth_group ORDER BY id")).scalars().all()
    assert len(set(groups)) == 300
    plain = re.compile(r"[A-Z][A-Za-z]+(?:[ -][a-z]+)*")  # 'Editors', 'Billing admins'
    assert all(plain.fullmatch(g) for g in groups[:40]), groups[:40]
    # past the list, names extend it as other pools do ('Editors West', 'Support 3')
    assert all(re.fullmatch(r"[A-Z][A-Za-z]+(?:[ -][a-z]+)*(?: [A-Z][a-z]+| \d+)?", g)
               for g in groups), groups  # fmt: skip
    roles = conn.execute(sa.text("SELECT name FROM roles")).scalars().all()
    assert all(plain.fullmatch(r) for r in roles) and len(set(roles)) > 20


def test_content_types_of_a_schema_with_every_invented_app_still_differ() -> None:
    """A schema whose tables already use every app name the invented content types draw
    from gets invented ones of apps of their own, each pair once (no division by zero)."""
    import sqlalchemy as sa

    from pytest_dbseed.engine.schema import build_schema
    from pytest_dbseed.engine.sources.content_types import _APPS, content_type_pairs

    md = sa.MetaData()
    for app in _APPS:
        sa.Table(f"{app}_thing", md, sa.Column("id", sa.Integer, primary_key=True))
    apps, models = content_type_pairs(build_schema(md).tables.values(), 200)
    pairs = list(zip(apps.domain, models.domain, strict=True))
    assert len(pairs) == 200 and len(set(pairs)) == 200
    assert {a for a, _ in pairs[len(_APPS):]}.isdisjoint(_APPS)


def test_a_role_name_is_a_full_name_and_a_fixed_width_number_is_digits(
    conn: sa.Connection,
) -> None:
    """``passenger_name`` is a person's full name (like ``driver_name``), ``ticket_no
    char(13)`` 13 digits (before: 'Power Individual', 'share upon   ')."""
    md = sa.MetaData()
    table = sa.Table(
        "booking", md, sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("passenger_name", sa.Text, nullable=False),
        sa.Column("patient_name", sa.String(80), nullable=False),
        sa.Column("ticket_no", sa.CHAR(13), nullable=False),
        sa.Column("doc_number", sa.CHAR(8), nullable=False, unique=True),
    )  # fmt: skip
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, default=300, seed=4)
    got = conn.execute(sa.select(table)).mappings().all()
    assert len(got) == 300
    person = re.compile(r"^[A-Z][a-z'-]+( [A-Z][a-z'-]+)+$")
    assert all(person.match(r["passenger_name"]) and person.match(r["patient_name"]) for r in got)
    assert all(re.fullmatch(r"[1-9]\d{12}", r["ticket_no"]) for r in got)
    assert all(re.fullmatch(r"[1-9]\d{7}", r["doc_number"]) for r in got)
    assert len({r["doc_number"] for r in got}) == 300
