"""The cost of the fan-out distribution: uniform() against skewed(), in one process.

Two measures on the schema of ``bench_engine.py`` (agent / user / payment_history, UUID
keys, rows 1:10:100):

* producing: the parent rows chosen for 1,000,000 children (the assignment alone, no
  database), and whole payment_history batches with their parents' UUID keys;
* writing: ``pytest_dbseed.seed`` into PostgreSQL, the two distributions alternating,
  best of ``--repeat`` rounds each.

    python bench/bench_fanout.py --url postgresql+psycopg2://postgres@127.0.0.1/postgres

Prints rows/s of each and the ratio skewed/uniform; never asserts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))

import sqlalchemy as sa  # noqa: E402
from bench_engine import (  # noqa: E402
    Agent,
    Base,
    PaymentHistory,
    User,
    drop_database,
    fresh_database,
    server,
    split,
    truncate,
)

import pytest_dbseed  # noqa: E402
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline  # noqa: E402
from pytest_dbseed.engine.rows import SeedRows  # noqa: E402
from pytest_dbseed.engine.schema import build_schema  # noqa: E402

DISTRIBUTIONS = {"uniform": pytest_dbseed.uniform(), "skewed": pytest_dbseed.skewed()}


def _producer(counts: tuple[int, int, int], dist: object) -> SeedRows:
    graph = build_schema(Base.metadata)
    request = SeedRequest(
        graph=graph,
        counts={"agent": counts[0], "user": counts[1], "payment_history": counts[2]},
        overrides={"payment_history": {"user_id": dist}, "user": {"agent_id": dist}},
    )
    return SeedRows(graph, decide_offline(request)[1])


def producing(children: int) -> None:
    counts = (children // 100, children // 10, children)
    for label, measure in (("assignment", _assign), ("batches", _batches)):
        best = {}
        for _ in range(3):
            for name, dist in DISTRIBUTIONS.items():
                seconds = measure(_producer(counts, dist), children)
                best[name] = min(best.get(name, float("inf")), seconds)
        rates = {n: children / s for n, s in best.items()}
        print(
            f"{label}: uniform {rates['uniform']:,.0f} rows/s, skewed {rates['skewed']:,.0f} "
            f"rows/s, ratio skewed/uniform {rates['skewed'] / rates['uniform']:.2f}x"
        )


def _assign(producer: SeedRows, children: int) -> float:
    table = producer.table("payment_history")
    slots = table._assignment(table.sources.keys[0].assignment)
    began = time.perf_counter()
    for start in range(0, children, 8192):
        slots(start, min(children, start + 8192))
    return time.perf_counter() - began


def _batches(producer: SeedRows, children: int) -> float:
    table = producer.table("payment_history")
    key = table.column("user_id")
    began = time.perf_counter()
    for start in range(0, children, 8192):
        key(start, min(children, start + 8192))
    return time.perf_counter() - began


def writing(url: str | None, rows: int, repeat: int) -> None:
    counts = split(rows)
    total = sum(counts)
    with server(url) as admin_url:
        name = f"dbseed_bench_fanout_{os.getpid()}"
        engine = fresh_database(admin_url, name)
        best: dict[str, float] = {}
        try:
            for _ in range(repeat):
                for label, dist in DISTRIBUTIONS.items():
                    truncate(engine)
                    began = time.perf_counter()
                    pytest_dbseed.seed(
                        engine,
                        Base.metadata,
                        counts={Agent: counts[0], User: counts[1], PaymentHistory: counts[2]},
                        overrides={PaymentHistory: {"user_id": dist}, User: {"agent_id": dist}},
                    )
                    best[label] = min(best.get(label, float("inf")), time.perf_counter() - began)
            with engine.connect() as c:
                top = c.scalar(
                    sa.text(
                        "SELECT max(n) FROM (SELECT count(*) n FROM payment_history"
                        " GROUP BY user_id) x"
                    )
                )
        finally:
            engine.dispose()
            drop_database(admin_url, name)
    rates = {n: total / s for n, s in best.items()}
    print(f"seed {total:,} rows: uniform {rates['uniform']:,.0f} rows/s, skewed "
          f"{rates['skewed']:,.0f} rows/s, ratio {rates['skewed'] / rates['uniform']:.2f}x "
          f"(busiest user in the last skewed run: {top} payments, average 10)")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--rows", type=int, default=333_000)
    p.add_argument("--children", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--url", default=os.environ.get("DBSEED_URL"))
    args = p.parse_args()
    producing(args.children)
    writing(args.url, args.rows, args.repeat)


if __name__ == "__main__":
    main()
