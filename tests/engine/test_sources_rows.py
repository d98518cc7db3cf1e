"""The seams between deciding and producing: a frozen description, any range, any process."""

from __future__ import annotations

import dataclasses
import multiprocessing
import pickle
from typing import Any

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed import DEFAULT, fake, rows
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import SchemaGraph, build_schema
from pytest_dbseed.engine.sources import FromCallable, SeedSources
from pytest_dbseed.errors import ConfigError


def metadata() -> sa.MetaData:
    """Foreign keys, self-references, composite uniques, CHECKs between keys, a nullable
    cycle (deferred), a NOT NULL deferrable cycle and a record-heavy table (a person, a
    company and two places per row)."""
    md = sa.MetaData()
    person = sa.Table(
        "person",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(80), unique=True, nullable=False),
        sa.Column("first_name", sa.String(40)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "message",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.Column("recipient_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.Column("body", sa.Text),
        sa.CheckConstraint("sender_id <> recipient_id", name="not_to_self"),
    )
    sa.Table(
        "mentoring",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mentor_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.Column("mentee_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.CheckConstraint("mentor_id < mentee_id", name="mentor_first"),
    )
    sa.Table("tenant", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "node",
        md,
        sa.Column("tenant_id", sa.ForeignKey("tenant.id"), primary_key=True),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.Integer),
        sa.ForeignKeyConstraint(["tenant_id", "parent_id"], ["node.tenant_id", "node.id"]),
    )
    sa.Table(
        "category",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.ForeignKey("category.id")),
        sa.Column("name", sa.String(30)),
    )
    sa.Table(
        "shift",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.Column("weekday", sa.Enum("mon", "tue", "wed", "thu", "fri", name="wd"), nullable=False),
        sa.UniqueConstraint("person_id", "weekday"),
    )
    sa.Table(
        "follow",
        md,
        sa.Column("a_id", sa.ForeignKey(person.c.id), primary_key=True),
        sa.Column("b_id", sa.ForeignKey("tenant.id"), primary_key=True),
    )
    sa.Table(
        "dept",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("head_id", sa.ForeignKey("emp.id", use_alter=True, name="dept_head")),
    )
    sa.Table(
        "emp",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dept_id", sa.ForeignKey("dept.id"), nullable=False),
    )
    sa.Table(
        "chicken",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("egg_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["egg_id"], ["egg.id"], use_alter=True, deferrable=True),
    )
    sa.Table(
        "egg",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chicken_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["chicken_id"], ["chicken.id"], use_alter=True, deferrable=True),
    )
    # Time in every encoding, server defaults, and a skewed and a uniform fan-out.
    sa.Table(
        "run",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.Column("mentor_id", sa.ForeignKey(person.c.id)),
        sa.Column("status", sa.String(12), nullable=False, server_default="RUNNING"),
        sa.Column("is_public", sa.Boolean, server_default=sa.true()),
        sa.Column("start_time", sa.BigInteger, nullable=False),
        sa.Column("end_time", sa.BigInteger),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("updated_ms", sa.BigInteger),
        sa.Column("begin_date_year", sa.SmallInteger),
        sa.Column("begin_date_month", sa.SmallInteger),
        sa.Column("begin_date_day", sa.SmallInteger),
        sa.Column("end_date_year", sa.SmallInteger),
        sa.Column("end_date_month", sa.SmallInteger),
        sa.Column("end_date_day", sa.SmallInteger),
        sa.Column("opens", sa.Time),
        sa.Column("closes", sa.Time),
        sa.Column("retries", sa.Integer, nullable=False, server_default="0"),
    )
    sa.Table(
        "customer",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.ForeignKey(person.c.id)),
        sa.Column("first_name", sa.String(40), nullable=False),
        sa.Column("last_name", sa.String(40), nullable=False),
        sa.Column("email", sa.String(40), nullable=False, unique=True),
        sa.Column("username", sa.String(20), unique=True),
        sa.Column("gender", sa.String(1)),
        sa.Column("company_name", sa.String(60)),
        sa.Column("work_email", sa.String(80)),
        sa.Column("billing_city", sa.String(40)),
        sa.Column("billing_zip", sa.String(10)),
        sa.Column("shipping_city", sa.String(40)),
        sa.Column("shipping_zip", sa.String(10)),
        sa.Column("phone", sa.String(30)),
        sa.Column("latitude", sa.Numeric(9, 6)),
        sa.Column("country_code", sa.String(2)),
    )
    return md


COUNTS = {
    "person": 3000, "tenant": 40, "follow": 2500, "shift": 5000, "node": 2600, "run": 4100,
}  # fmt: skip


def decide(graph: SchemaGraph, seed: int = 3, **overrides: Any) -> SeedSources:
    overrides.setdefault("run", {"mentor_id": pytest_dbseed.uniform()})
    request = SeedRequest(graph=graph, counts=COUNTS, default=2100, seed=seed, overrides=overrides)
    return decide_offline(request)[1]


def test_description_is_a_frozen_value_equal_for_equal_inputs() -> None:
    graph = build_schema(metadata())
    first, second = decide(graph), decide(build_schema(metadata()))
    assert first == second
    assert first != decide(graph, seed=4)
    table = first.table("message")
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.count = 1  # type: ignore[misc]
    assert {t.table for t in first.tables} == set(graph.tables)
    assert [fk.fk.describe() for fk in first.table("dept").deferred] == [
        "foreign key dept_head dept(head_id) -> emp(id)"
    ]


def _in_pieces(producer: SeedRows, table: str, cuts: list[int]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for lo, hi in zip(cuts, cuts[1:]):
        for name, values in producer.batch(table, lo, hi).items():
            out.setdefault(name, []).extend(values)
    return out


@pytest.mark.slow
def test_any_split_of_a_range_gives_the_same_rows() -> None:
    graph = build_schema(metadata())
    sources = decide(graph)
    for table in sources.tables:
        a, c = 7, table.count
        whole = SeedRows(graph, sources).batch(table.table, a, c)
        # Fresh producers, so that no cache built for one range serves another.
        for b in [b for b in (8, 1024, 1500, c - 1) if a < b < c]:
            assert _in_pieces(SeedRows(graph, sources), table.table, [a, b, c]) == whole, (
                table.table,
                b,
            )
        # Backwards, one block at a time.
        producer = SeedRows(graph, sources)
        cuts = list(range(a, c, 1000)) + [c]
        parts = [producer.batch(table.table, lo, hi) for lo, hi in zip(cuts, cuts[1:])][::-1]
        for name, values in whole.items():
            assert [v for part in parts[::-1] for v in part[name]] == values
        for key in table.deferred:
            whole_keys = SeedRows(graph, sources).table(table.table).fill_later(key.fk, a, c)
            pieces = SeedRows(graph, sources).table(table.table)
            assert pieces.fill_later(key.fk, a, 1500) + pieces.fill_later(key.fk, 1500, c) == (
                whole_keys
            )


def test_keys_point_at_produced_parent_rows_and_meet_the_checks() -> None:
    graph = build_schema(metadata())
    sources = decide(graph)
    producer = SeedRows(graph, sources)
    people = producer.batch("person", 0, 3000)["id"]
    message = producer.batch("message", 0, 2100)
    assert set(message["sender_id"]) <= set(people)
    assert all(s != r for s, r in zip(message["sender_id"], message["recipient_id"]))
    mentoring = producer.batch("mentoring", 0, 2100)
    assert all(a < b for a, b in zip(mentoring["mentor_id"], mentoring["mentee_id"]))
    shift = producer.batch("shift", 0, 5000)
    assert len(set(zip(shift["person_id"], shift["weekday"]))) == 5000
    run = producer.batch("run", 0, 4100)
    assert set(run["person_id"]) <= set(people)
    assert all(e is None or e >= s for s, e in zip(run["start_time"], run["end_time"]))
    # The default fan-out is skewed, the uniform one even.
    busiest = max(run["person_id"].count(p) for p in set(run["person_id"]))
    evenest = max(run["mentor_id"].count(p) for p in set(run["mentor_id"]) if p is not None)
    assert busiest > 5 * evenest


def _produce(sources: bytes, ranges: list[tuple[str, int, int]]) -> bytes:
    graph = build_schema(metadata())
    producer = SeedRows(graph, pickle.loads(sources))
    return pickle.dumps([producer.batch(t, lo, hi) for t, lo, hi in ranges])


@pytest.mark.slow
def test_a_pickled_description_produces_the_same_rows_in_another_process() -> None:
    graph = build_schema(metadata())
    sources = decide(graph, person={"first_name": fake("first_name")})
    assert not any(isinstance(s, FromCallable) for t in sources.tables for _, s in t.columns)
    data = pickle.dumps(sources)
    assert pickle.loads(data) == sources
    ranges = [(t.table, 1000, min(t.count, 2500)) for t in sources.tables]
    here = SeedRows(graph, sources)
    expected = [here.batch(t, lo, hi) for t, lo, hi in ranges]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        got = pickle.loads(pool.apply(_produce, (data, ranges)))
    assert got == expected


def test_default_leaves_a_column_to_the_database(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(10), nullable=False, server_default="open"),
        sa.Column("note", sa.String(20)),
        sa.Column("title", sa.String(40), nullable=False),
    )
    md.create_all(conn)
    report = pytest_dbseed.seed(
        conn, md, counts={"ticket": rows(30, id=DEFAULT, status=DEFAULT, note=DEFAULT)}, seed=5
    )
    assert report.rows == {"ticket": 30}
    ids, statuses, notes, titles = conn.execute(
        sa.text(
            "SELECT array_agg(id ORDER BY id), array_agg(DISTINCT status), count(note),"
            " count(DISTINCT title) FROM ticket"
        )
    ).one()
    # The sequence numbers the keys, the server default and NULL fill the rest; the
    # columns not handed back are generated as usual.
    assert (ids, statuses, notes) == (list(range(1, 31)), ["open"], 0)
    assert titles > 1
    pytest_dbseed.seed(conn, md, counts={"ticket": 30}, seed=5)
    assert conn.scalar(sa.text("SELECT count(note) FROM ticket WHERE id > 30")) > 0


def test_default_is_refused_for_a_not_null_column_nothing_fills() -> None:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(40), nullable=False),
    )
    with pytest.raises(
        ConfigError, match=r"column ticket\.title is overridden with DEFAULT.*NOT NULL"
    ):
        pytest_dbseed.plan(md, counts={"ticket": rows(3, title=DEFAULT)})
    # A key children point at must be known to the seed.
    sa.Table("reply", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("ticket_id", sa.ForeignKey("ticket.id"), nullable=False))  # fmt: skip
    with pytest.raises(ConfigError, match=r"ticket\.id is overridden with DEFAULT.*'reply'"):
        pytest_dbseed.plan(md, counts={"ticket": rows(3, id=DEFAULT)})
    assert pytest_dbseed.plan(md, counts={"ticket": rows(3, id=DEFAULT), "reply": 0}).counts == {
        "ticket": 3,
        "reply": 0,
    }


def test_default_survives_pickling() -> None:
    assert pickle.loads(pickle.dumps(DEFAULT)) is DEFAULT
    assert repr(DEFAULT) == "pytest_dbseed.DEFAULT"


def _ticket(md: sa.MetaData) -> sa.Table:
    return sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("opened_at", sa.DateTime, nullable=False),
    )


def test_an_engine_bug_surfaces_as_itself(
    conn: sa.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    md = sa.MetaData()
    _ticket(md)
    md.create_all(conn)

    def broken(self: object, start: int, stop: int) -> dict[str, list[Any]]:
        raise RuntimeError("a bug in the engine")

    monkeypatch.setattr("pytest_dbseed.engine.rows.TableRows.batch", broken)
    with pytest.raises(RuntimeError, match="a bug in the engine"):
        pytest_dbseed.seed(conn, md, counts={"ticket": 5})


def test_an_override_value_of_the_wrong_type_is_named(conn: sa.Connection) -> None:
    md = sa.MetaData()
    _ticket(md)
    md.create_all(conn)
    with pytest.raises(ConfigError, match=r"override for column ticket\.opened_at .*cannot hold"):
        pytest_dbseed.seed(conn, md, counts={"ticket": rows(5, opened_at=lambda i: i)})
    with pytest.raises(ConfigError, match=r"override for column ticket\.opened_at raised"):
        pytest_dbseed.seed(conn, md, counts={"ticket": rows(5, opened_at=lambda i: 1 / 0)})


def test_record_rows_split_like_any_other_in_several_locales() -> None:
    graph = build_schema(metadata())
    request = SeedRequest(graph=graph, counts=COUNTS, default=2100, seed=5,
                          locale=["de_DE", "fr_FR"])  # fmt: skip
    sources = decide_offline(request)[1]
    customer = sources.table("customer")
    kinds = {name: type(source).__name__ for name, source in customer.columns}
    assert {kinds[c] for c in ("first_name", "email", "username", "company_name",
                               "work_email", "billing_city", "shipping_zip", "phone")} == {
        "RecordField"}  # fmt: skip
    whole = SeedRows(graph, sources).batch("customer", 3, 2100)
    for cut in (4, 1024, 1025, 2000):
        assert _in_pieces(SeedRows(graph, sources), "customer", [3, cut, 2100]) == whole, cut
    backwards = SeedRows(graph, sources)  # one producer, the last range first
    starts = list(range(3, 2100, 500))[::-1]
    parts = [backwards.batch("customer", lo, min(lo + 500, 2100)) for lo in starts][::-1]
    for name, values in whole.items():
        assert [v for part in parts for v in part[name]] == values, name
    assert pickle.loads(pickle.dumps(sources)) == sources


def test_cycle_written_together_in_steps_that_only_point_backwards() -> None:
    """Tables of a NOT NULL, non-deferrable cycle are written by one statement per step;
    every row of a step points at parents of that step or an earlier one."""
    from pytest_dbseed.engine.writer.together import together_steps

    md = sa.MetaData()
    for name, ref in (("ring_a", "ring_b"), ("ring_b", "ring_c"), ("ring_c", "ring_a")):
        sa.Table(
            name,
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("ref", sa.ForeignKey(f"{ref}.id", use_alter=True), nullable=False),
        )
    graph = build_schema(md)
    counts = {"ring_a": 20000, "ring_b": 3000, "ring_c": 9001}
    plan, sources = decide_offline(SeedRequest(graph=graph, counts=counts, seed=5))
    assert plan.together == (("ring_a", "ring_b", "ring_c"),)
    producer = SeedRows(graph, sources)
    tables = [producer.table(n) for n in plan.together[0]]
    steps = list(together_steps(tables, plan.together_keys))
    assert len(steps) > 2
    covered = {n: 0 for n in counts}
    for step in steps:
        for n, (lo, hi) in step.items():
            assert lo == covered[n]
            covered[n] = hi
        for fk in plan.together_keys:
            lo, hi = step[fk.table]
            top = step[fk.ref_table][1]
            assert all(
                s is not None and s < top for s in producer.table(fk.table).parent_rows(fk, lo, hi)
            )
    assert covered == counts
