"""Other drivers and dialects: psycopg 3 uses COPY too; MariaDB goes through executemany."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

import pytest_dbseed
from tests.engine.test_seed import Base, User


def test_psycopg3_driver_writes_with_copy(pg_server_url: sa.URL, pg_engine: sa.Engine) -> None:
    pytest.importorskip("psycopg")
    url = pg_engine.url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as c:
            trans = c.begin()
            Base.metadata.create_all(c)
            report = pytest_dbseed.seed(c, Base.metadata, counts={User: 30}, default=4)
            assert c.scalar(sa.select(sa.func.count()).select_from(User)) == 30
            assert report.rows["user"] == 30
            trans.rollback()
    finally:
        engine.dispose()


@pytest.fixture
def mariadb() -> Iterator[sa.Engine]:
    pytest.importorskip("pymysql")
    url = os.environ.get("DBSEED_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        pytest.skip(f"no MariaDB/MySQL server reachable at {url}: {exc.orig}")
    yield engine
    engine.dispose()


def test_mariadb_gets_exact_counts_through_executemany(mariadb: sa.Engine) -> None:
    md = sa.MetaData()
    suffix = uuid.uuid4().hex[:8]
    parent = sa.Table(
        f"shop_{suffix}",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("email", sa.String(120), unique=True),
    )
    child = sa.Table(
        f"order_{suffix}",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("shop_id", sa.ForeignKey(parent.c.id), nullable=False),
        sa.Column("price", sa.Numeric(8, 2), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    md.create_all(mariadb)
    try:
        first = pytest_dbseed.seed(mariadb, md, counts={child: 250}, default=20, seed=3)
        with mariadb.connect() as c:
            assert c.scalar(sa.select(sa.func.count()).select_from(child)) == 250
            assert c.scalar(sa.select(sa.func.count()).select_from(parent)) == 20
            orphans = c.scalar(
                sa.select(sa.func.count())
                .select_from(child.outerjoin(parent, child.c.shop_id == parent.c.id))
                .where(parent.c.id.is_(None))
            )
            assert orphans == 0
        assert first.rows == {parent.fullname: 20, child.fullname: 250}
    finally:
        md.drop_all(mariadb)


HOSTILE = ["50%", "%(name)s", 'we"ird', "a:b", "sp ace", "ünï"]


def _hostile_tables(md: sa.MetaData, suffix: str) -> sa.Table:
    parent = sa.Table(f"p%{suffix}", md, sa.Column("id%", sa.Integer, primary_key=True))
    return sa.Table(
        f"c%(x)s{suffix}",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(name, sa.String(20), nullable=False) for name in HOSTILE),
        sa.Column("p:id", sa.ForeignKey(parent.c["id%"]), nullable=False),
    )


def test_psycopg3_copy_writes_any_identifier(pg_server_url: sa.URL, pg_engine: sa.Engine) -> None:
    pytest.importorskip("psycopg")
    engine = sa.create_engine(pg_engine.url.set(drivername="postgresql+psycopg"))
    md = sa.MetaData()
    child = _hostile_tables(md, "")
    try:
        with engine.connect() as c:
            trans = c.begin()
            md.create_all(c)
            report = pytest_dbseed.seed(c, md, counts={child: 20}, default=3)
            assert c.scalar(sa.select(sa.func.count()).select_from(child)) == 20
            assert report.rows[child.fullname] == 20
            trans.rollback()
    finally:
        engine.dispose()


def test_mariadb_executemany_writes_any_identifier(mariadb: sa.Engine) -> None:
    md = sa.MetaData()
    child = _hostile_tables(md, uuid.uuid4().hex[:8])
    md.create_all(mariadb)
    try:
        pytest_dbseed.seed(mariadb, md, counts={child: 20}, default=3)
        with mariadb.connect() as c:
            assert c.scalar(sa.select(sa.func.count()).select_from(child)) == 20
    finally:
        md.drop_all(mariadb)
