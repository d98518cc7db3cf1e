"""A row's instants run forward in every encoding; names say role, epoch unit, date part."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed import rows
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.engine.values.natural import natural
from pytest_dbseed.engine.values.time_names import epoch_unit, split_part, time_name


@pytest.mark.parametrize(
    ("column", "role", "subject"),
    [
        ("created_at", "created", ()),
        ("date_created", "created", ()),
        ("creation_time", "created", ()),
        ("last_updated", "updated", ()),
        ("last_updated_time", "updated", ()),
        ("modified_on", "updated", ()),
        ("last_login", "last", ()),
        ("last_seen_at", "last", ()),
        ("last_post_at", "last", ()),
        ("OrderDate", "order", ()),
        ("required_date", "required", ()),
        ("shipped_date", "shipped", ()),
        ("date_of_birth", "birth", ()),
        ("HireDate", "hire", ()),
        ("valid_from", "start", ("valid",)),
        ("valid_to", "end", ("valid",)),
        ("trial_ends_at", "end", ("trial",)),
        ("issued_on", "issued", ()),
        ("expires_at", "expires", ()),
        ("check_in", "checkin", ()),
        ("title", None, ("title",)),
        ("current_sign_in_at", "current", ()),
        ("last_sign_in_at", "last", ()),
        ("current_period_end", "end", ("current", "period")),
        ("confirmation_sent_at", "submitted", ()),
        ("confirmed_at", "approved", ()),
        ("email_verification_sent_at", "submitted", ("email",)),
        ("email_verified_at", "approved", ("email",)),
        ("reset_password_sent_at", "sent", ("reset", "password")),
        ("remember_created_at", "created", ("remember",)),
        ("locked_at", "deleted", ()),
    ],
)
def test_roles_and_subjects(column: str, role: str | None, subject: tuple[str, ...]) -> None:
    got = time_name("t", column)
    assert (got.role, got.subject) == (role, subject)


@pytest.mark.parametrize(
    ("column", "type_", "unit"),
    [
        ("creation_time", sa.BigInteger(), 1000),  # mlflow: BIGINT milliseconds
        ("start_time", sa.BigInteger(), 1000),
        ("timestamp_ms", sa.BigInteger(), 1000),
        ("created_at_ms", sa.BigInteger(), 1000),
        ("updated_us", sa.BigInteger(), 10**6),
        ("modified_s", sa.BigInteger(), 1),
        ("created", sa.Integer(), 1),  # 32 bits: seconds
        ("updated_ts", sa.Integer(), 1),
        ("event_time", sa.Integer(), 1),
        ("created_ms", sa.Integer(), None),  # milliseconds do not fit in 32 bits
        ("created", sa.SmallInteger(), None),
        ("duration_ms", sa.BigInteger(), None),
        ("response_time", sa.Integer(), None),
        ("expires_in", sa.Integer(), None),
        ("end", sa.Integer(), None),
        ("order", sa.Integer(), None),
    ],
)
def test_epoch_units_by_name_then_width(
    column: str, type_: sa.types.TypeEngine[Any], unit: int | None
) -> None:
    assert epoch_unit("t", column, type_) == unit


def test_split_date_parts() -> None:
    begin = split_part("artist", "begin_date_year")
    assert begin is not None and (begin.role, begin.stem, begin.part) == (
        "start",
        ("begin", "date"),
        "year",
    )
    manufacture = split_part("car", "year_of_manufacture")
    assert manufacture is not None and manufacture.part == "year"
    assert split_part("t", "days") is None


@pytest.mark.parametrize(
    ("column", "kind", "low", "high"),
    [
        ("begin_date_month", "int", 1, 12),
        ("begin_date_day", "int", 1, 31),
        ("hour", "int", 0, 23),
        ("minute", "int", 0, 59),
        ("birth_year", "int", 1930, 2007),
        ("release_year", "int", 1990, 2024),
        ("fiscal_year", "int", 1990, 2030),
        ("weekday", "int", 0, 6),
        ("isodow", "int", 1, 7),
        ("quarter", "int", 1, 4),
        ("rating", "int", 1, 5),
        ("stars", "decimal", 1, 5),
        ("score", "float", 0, 100),
        ("discount_pct", "int", 0, 30),
        ("discount_percent", "decimal", 0, 30),
        ("discount_rate", "decimal", 0, 0.3),
        ("ratio", "float", 0, 1),
        ("age", "int", 18, 90),
        ("priority", "int", 1, 5),
        ("level", "int", 1, 10),
        ("sort_order", "int", 1, 100),
        ("qty", "int", 1, 20),
        ("retries", "int", 0, 5),
        ("duration_ms", "int", 1, 60_000),
        ("trial_days", "int", 1, 90),
        ("port", "int", 1024, 65535),
        ("comment_count", "int", 0, 50),
        ("active", "int", 0, 1),
        ("is_deleted", "int", 0, 1),
    ],
)
def test_natural_ranges(column: str, kind: str, low: float, high: float) -> None:
    nat = natural("t", column, kind)
    assert nat is not None and (nat.low, nat.high) == (low, high)


def test_http_statuses_and_flags_are_weighted() -> None:
    status = natural("request_log", "status_code", "int")
    assert status is not None and dict(status.choices)[200] > dict(status.choices)[500]
    deleted, active = natural("t", "deleted", "int"), natural("t", "active", "int")
    assert deleted is not None and active is not None
    assert (deleted.flag or 1) < 0.5 < (active.flag or 0)
    assert natural("t", "view_count", "int") is None  # popularity: the semantics decide


# ----------------------------------------------------------------- producing


def _mixed() -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_ms", sa.BigInteger),
        sa.Column("opened_on", sa.Date),
        sa.Column("closed_on", sa.Date),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date, nullable=False),
        sa.Column("starts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_ts", sa.Integer),
        sa.Column("start_time", sa.Time),
        sa.Column("end_time", sa.Time),
        sa.Column("begin_year", sa.SmallInteger),
        sa.Column("begin_month", sa.SmallInteger),
        sa.Column("begin_day", sa.SmallInteger),
        sa.Column("end_year", sa.SmallInteger),
        sa.Column("end_month", sa.SmallInteger),
        sa.Column("end_day", sa.SmallInteger),
        sa.CheckConstraint("ends > starts", name="ends_after_starts"),
        sa.CheckConstraint("valid_to <= DATE '2025-06-30'", name="valid_bound"),
    )
    return md


def _produce(md: sa.MetaData, count: int, start: int = 0, stop: int | None = None) -> Any:
    graph = build_schema(md)
    _, sources = decide_offline(SeedRequest(graph=graph, default=count, seed=9))
    return SeedRows(graph, sources).batch("ticket", start, count if stop is None else stop)


def test_every_encoding_runs_forward_and_nulls_stay() -> None:
    b = _produce(_mixed(), 3000)
    epoch = dt.datetime(1970, 1, 1)
    nulls = 0
    for i in range(3000):
        created = b["created_at"][i]
        if b["updated_ms"][i] is None:
            nulls += 1
        else:
            assert epoch + dt.timedelta(milliseconds=b["updated_ms"][i]) >= created
        if b["last_seen_ts"][i] is not None:
            assert epoch + dt.timedelta(seconds=b["last_seen_ts"][i]) >= created
        o, c = b["opened_on"][i], b["closed_on"][i]
        assert o is None or c is None or c >= o
        assert b["valid_to"][i] >= b["valid_from"][i]
        assert b["valid_to"][i] <= dt.date(2025, 6, 30)  # the CHECK bound wins
        assert b["ends"][i] > b["starts"][i]  # the CHECK holds
        s, e = b["start_time"][i], b["end_time"][i]
        assert s is None or e is None or e >= s
        by, ey = b["begin_year"][i], b["end_year"][i]
        if by is not None and ey is not None:
            late = (ey, b["end_month"][i] or 12, b["end_day"][i] or 31)
            early = (by, b["begin_month"][i] or 1, b["begin_day"][i] or 1)
            assert late >= early
    assert 100 < nulls < 600  # a NULL member stays NULL sometimes


def test_split_dates_are_real_dates() -> None:
    b = _produce(_mixed(), 3000)
    for p in ("begin", "end"):
        for y, m, d in zip(b[f"{p}_year"], b[f"{p}_month"], b[f"{p}_day"]):
            if y is None:
                assert m is None and d is None
            elif m is None:
                assert d is None
            elif d is not None:
                dt.date(y, m, d)  # raises for 31 April
    days = {d for d in b["begin_day"] if d is not None}
    assert max(days) == 31 and min(days) == 1


def test_any_range_gives_the_same_instants() -> None:
    md = _mixed()
    whole = _produce(md, 2500, 0, 2500)
    parts = [_produce(md, 2500, a, c) for a, c in ((0, 700), (700, 1025), (1025, 2500))]
    for name, values in whole.items():
        assert [v for part in parts for v in part[name]] == values, name


def test_a_contradicting_check_wins_over_the_name() -> None:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        # A strange schema, but the CHECK is the law.
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("updated_at <= created_at", name="frozen"),
    )
    b = _produce(md, 1000)
    assert all(u <= c for u, c in zip(b["updated_at"], b["created_at"]))


def test_unique_timestamps_stay_plausible() -> None:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False, unique=True),
        sa.Column("happened_on", sa.Date, nullable=False),
        sa.UniqueConstraint("happened_on"),
    )
    b = _produce(md, 20000)
    assert len(set(b["created_at"])) == 20000
    assert all(dt.datetime(2021, 1, 1) <= v <= dt.datetime(2025, 1, 1) for v in b["created_at"])
    # More distinct dates than the window has days: the first ones fill the window.
    assert len(set(b["happened_on"])) == 20000
    window = sorted(b["happened_on"][:700])
    assert window[0] >= dt.date(2022, 12, 1) and window[-1] <= dt.date(2025, 1, 1)
    assert all(dt.date(1900, 1, 1) <= v < dt.date(2200, 1, 1) for v in b["happened_on"])


def test_an_overridden_start_is_followed_and_an_overridden_end_kept() -> None:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("starts_at", sa.DateTime, nullable=False),
        sa.Column("ends_at", sa.DateTime, nullable=False),
    )
    first = dt.datetime(2020, 5, 1)
    graph = build_schema(md)
    _, sources = decide_offline(
        SeedRequest(
            graph=graph,
            counts={"ticket": 200},
            overrides={"ticket": {"created_at": first, "ends_at": dt.datetime(2000, 1, 1)}},
        )
    )
    b = SeedRows(graph, sources).batch("ticket", 0, 200)
    assert all(u >= first for u in b["updated_at"])
    assert set(b["ends_at"]) == {dt.datetime(2000, 1, 1)}


def test_epoch_columns_in_the_database(conn: sa.Connection) -> None:
    md = sa.MetaData()
    table = sa.Table(
        "events",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created", sa.Integer, nullable=False),
        sa.Column("updated_ts", sa.Integer),
        sa.Column("timestamp_ms", sa.BigInteger, nullable=False),
        sa.Column("start_time", sa.BigInteger, nullable=False),
        sa.Column("end_time", sa.BigInteger),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, counts={table: rows(500)}, seed=4)
    lo, hi, backwards, ms_lo, ms_hi, runs_backwards = conn.execute(
        sa.text(
            "SELECT min(to_timestamp(created)), max(to_timestamp(created)),"
            " count(*) FILTER (WHERE updated_ts < created),"
            " min(to_timestamp(timestamp_ms / 1000.0)), max(to_timestamp(timestamp_ms / 1000.0)),"
            " count(*) FILTER (WHERE end_time < start_time) FROM events"
        )
    ).one()
    for value in (lo, hi, ms_lo, ms_hi):
        assert 2021 <= value.year <= 2025
    assert backwards == 0 and runs_backwards == 0


def _accounts() -> sa.MetaData:
    """Devise-like columns of other frameworks' spellings."""
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("password_reset_token", sa.String(64), unique=True),
        sa.Column("password_reset_sent_at", sa.DateTime),
        sa.Column("email_verification_sent_at", sa.DateTime),
        sa.Column("email_verified_at", sa.DateTime),
        sa.Column("last_login_at", sa.DateTime),
        sa.Column("current_login_at", sa.DateTime),
        sa.Column("last_login_ip", sa.String(45)),
        sa.Column("login_count", sa.Integer, nullable=False),
        sa.Column("failed_login_attempts", sa.Integer, nullable=False),
        sa.Column("locked_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    return md


def test_tokens_sign_ins_and_locks_follow_their_timestamps() -> None:
    b = _produce(_accounts(), 2000)
    rows = [dict(zip(b, values)) for values in zip(*b.values())]
    for r in rows:
        assert (r["password_reset_token"] is None) == (r["password_reset_sent_at"] is None)
        signed = r["current_login_at"] is not None
        assert (r["last_login_at"] is not None) == signed == (r["last_login_ip"] is not None)
        assert (r["login_count"] > 0) == signed
        if r["login_count"] == 1:
            assert r["last_login_at"] == r["current_login_at"]
        if signed:
            assert r["created_at"] <= r["last_login_at"] <= r["current_login_at"]
        assert (r["failed_login_attempts"] >= 5) == (r["locked_at"] is not None)
        for later in ("password_reset_sent_at", "email_verified_at", "locked_at"):
            assert r[later] is None or r[later] >= r["created_at"], later
        sent, verified = r["email_verification_sent_at"], r["email_verified_at"]
        assert sent is None or verified is None or sent <= verified
        others = [v for k, v in r.items() if k.endswith("_at") and v is not None]
        assert r["updated_at"] >= max(others)  # an update after all the row records
    resets = sum(r["password_reset_sent_at"] is not None for r in rows)
    assert 0 < resets <= 200  # a pending reset is rare
    assert sum(r["failed_login_attempts"] == 0 for r in rows) >= 1500
    tokens = [r["password_reset_token"] for r in rows if r["password_reset_token"] is not None]
    assert len(set(tokens)) == len(tokens)
    # any range of rows gives the same values
    parts = [_produce(_accounts(), 2000, a, c) for a, c in ((0, 333), (333, 1024), (1024, 2000))]
    for name, values in b.items():
        assert [v for part in parts for v in part[name]] == values, name
