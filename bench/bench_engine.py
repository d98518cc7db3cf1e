"""Engine throughput against PostgreSQL's own server-side generation, in one process.

Schema: agent / user / payment_history with UUID keys, indexed foreign keys and
unique emails, rows in the ratio 1:10:100. The baseline fills identical tables
(same columns, indexes and constraints, in a second database on the same server)
with ``INSERT ... SELECT ... FROM generate_series(...)`` producing the same kinds
of values. The two runs alternate and the best of each is compared, so machine
noise affects both alike. Target: engine >= 0.8x the baseline.

    python bench/bench_engine.py                 # 330,000 rows, a throwaway local server
    python bench/bench_engine.py --rows 1000000 --url postgresql+psycopg2://...
    python bench/bench_engine.py --memory        # peak client memory, 1M vs 5M rows

Prints rows/s of both and the ratio; never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import pytest_dbseed  # noqa: E402
from pytest_dbseed.errors import mask_url  # noqa: E402


class Base(DeclarativeBase):
    pass


class Agent(Base):
    __tablename__ = "agent"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    is_active: Mapped[bool]


class User(Base):
    __tablename__ = "user"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agent.id"), index=True)
    first_name: Mapped[str] = mapped_column(sa.String(50))
    last_name: Mapped[str] = mapped_column(sa.String(50))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    balance: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))


class PaymentHistory(Base):
    __tablename__ = "payment_history"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("user.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    description: Mapped[str | None] = mapped_column(sa.Text)


BASELINE = [
    """INSERT INTO agent (id, name, email, created_at, is_active)
       SELECT gen_random_uuid(), 'Agent ' || md5(i::text)::varchar(12),
              'agent' || i || '@example.com', now() - random() * interval '900 days',
              random() < 0.9
       FROM generate_series(1, :n) AS i""",
    """INSERT INTO "user" (id, agent_id, first_name, last_name, email, phone, created_at, balance)
       SELECT gen_random_uuid(), a.ids[1 + floor(random() * a.n)::int],
              (ARRAY['James','Mary','John','Linda','Maria','Wei','Ana','Omar'])[1 + floor(random()*8)::int],
              (ARRAY['Smith','Garcia','Chen','Müller','Okafor','Silva','Kim','Dubois'])[1 + floor(random()*8)::int],
              'user' || i || '@example.org',
              CASE WHEN random() < 0.9 THEN '+1-555-' || lpad((random()*9999999)::int::text, 7, '0') END,
              now() - random() * interval '900 days', round((random() * 10000)::numeric, 2)
       FROM generate_series(1, :n) AS i,
            (SELECT array_agg(id) AS ids, count(*) AS n FROM agent) AS a""",
    """INSERT INTO payment_history (id, user_id, amount, currency, status, created_at, description)
       SELECT gen_random_uuid(), u.ids[1 + floor(random() * u.n)::int],
              round((random() * 500)::numeric, 2),
              (ARRAY['USD','EUR','GBP','JPY'])[1 + floor(random()*4)::int],
              (ARRAY['paid','pending','failed','refunded'])[1 + floor(random()*4)::int],
              now() - random() * interval '900 days',
              CASE WHEN random() < 0.9 THEN 'Payment ' || md5(i::text) END
       FROM generate_series(1, :n) AS i,
            (SELECT array_agg(id) AS ids, count(*) AS n FROM "user") AS u""",
]


@contextmanager
def server(url: str | None) -> Iterator[sa.URL]:
    if url:
        yield sa.make_url(url).set(database="postgres")
        return
    from pytest_dbseed.provision import start_server

    srv = start_server("auto")
    try:
        yield srv.url
    finally:
        srv.stop()


def fresh_database(admin_url: sa.URL, name: str) -> sa.Engine:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = sa.create_engine(admin_url.set(database=name))
    Base.metadata.create_all(engine)
    return engine


def drop_database(admin_url: sa.URL, name: str) -> None:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def truncate(engine: sa.Engine) -> None:
    with engine.begin() as c:
        c.execute(sa.text('TRUNCATE agent, "user", payment_history'))
        c.execute(sa.text("CHECKPOINT"))


def run_baseline(engine: sa.Engine, counts: tuple[int, int, int]) -> float:
    truncate(engine)
    began = time.perf_counter()
    with engine.begin() as c:
        for sql, n in zip(BASELINE, counts):
            c.execute(sa.text(sql), {"n": n})
    return time.perf_counter() - began


def run_engine(engine: sa.Engine, counts: tuple[int, int, int], seed: int) -> float:
    truncate(engine)
    began = time.perf_counter()
    pytest_dbseed.seed(
        engine,
        Base.metadata,
        counts={Agent: counts[0], User: counts[1], PaymentHistory: counts[2]},
        seed=seed,
    )
    return time.perf_counter() - began


def split(total: int) -> tuple[int, int, int]:
    agents = max(1, total // 111)
    return agents, agents * 10, agents * 100


def throughput(args: argparse.Namespace) -> None:
    counts = split(args.rows)
    total = sum(counts)
    with server(args.url) as admin_url:
        print(f"server: {mask_url(admin_url.render_as_string(False))}")
        names = (f"dbseed_bench_engine_{os.getpid()}", f"dbseed_bench_base_{os.getpid()}")
        eng, base = (fresh_database(admin_url, n) for n in names)
        try:
            best_e = best_b = float("inf")
            for i in range(args.repeat):
                b = run_baseline(base, counts)
                e = run_engine(eng, counts, seed=i)
                best_b, best_e = min(best_b, b), min(best_e, e)
                print(
                    f"round {i + 1}: baseline {total / b:,.0f} rows/s, engine {total / e:,.0f} rows/s"
                )
        finally:
            eng.dispose()
            base.dispose()
            for n in names:
                drop_database(admin_url, n)
    print(
        f"rows: {total:,} (agent {counts[0]:,}, user {counts[1]:,}, payment_history {counts[2]:,})"
    )
    print(f"baseline (INSERT ... SELECT generate_series): {total / best_b:,.0f} rows/s")
    print(f"engine (pytest_dbseed.seed, COPY):            {total / best_e:,.0f} rows/s")
    print(f"ratio engine/baseline: {best_b / best_e:.2f}x (target >= 0.80x)")


def memory_child(args: argparse.Namespace) -> None:
    import resource

    counts = split(args.rows)
    engine = sa.create_engine(args.url)
    truncate(engine)
    pytest_dbseed.seed(
        engine, Base.metadata, counts={Agent: counts[0], User: counts[1], PaymentHistory: counts[2]}
    )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": sum(counts), "peak_mib": peak_kib / 1024}))


def memory(args: argparse.Namespace) -> None:
    with server(args.url) as admin_url:
        name = f"dbseed_bench_mem_{os.getpid()}"
        fresh_database(admin_url, name).dispose()
        try:
            url = admin_url.set(database=name).render_as_string(hide_password=False)
            results = []
            for rows in (1_000_000, 5_000_000):
                out = subprocess.run(
                    [sys.executable, __file__, "--memory-child", "--rows", str(rows), "--url", url],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results.append(json.loads(out.strip().splitlines()[-1]))
                print(
                    f"{results[-1]['rows']:,} rows: peak client memory {results[-1]['peak_mib']:.0f} MiB"
                )
            print(
                f"ratio 5M/1M peak memory: {results[1]['peak_mib'] / results[0]['peak_mib']:.2f}x"
            )
        finally:
            drop_database(admin_url, name)


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--rows", type=int, default=333_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--url", default=os.environ.get("DBSEED_URL"))
    p.add_argument("--memory", action="store_true")
    p.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.memory_child:
        memory_child(args)
    elif args.memory:
        memory(args)
    else:
        throughput(args)


if __name__ == "__main__":
    main()
