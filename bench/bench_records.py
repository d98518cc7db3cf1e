"""Pure production speed of name-rich rows, no database: this checkout against another.

Two tables: ``user`` as in bench_engine.py (first and last name, unique email, phone,
balance) and ``customer``, person-heavy (names, unique email and username, gender,
street, city, state, postal code, country, phone). Rows are produced as the writer
produces them (decided once, then batches of 10,000 rows), each checkout in a process of
its own, alternately, and the best run of each is compared (processor time, so that
other work on the machine counts less).

    python bench/bench_records.py --other /path/to/main          # ratio this / other
    python bench/bench_records.py --rows 200000 --repeat 5

Prints rows/s of both and the ratio; never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 10_000


def metadata() -> object:
    import sqlalchemy as sa

    md = sa.MetaData()
    sa.Table(
        "user",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(50), nullable=False),
        sa.Column("last_name", sa.String(50), nullable=False),
        sa.Column("email", sa.String(120), nullable=False, unique=True),
        sa.Column("phone", sa.String(32)),
        sa.Column("balance", sa.Numeric(12, 2), nullable=False),
    )
    sa.Table(
        "customer",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(50), nullable=False),
        sa.Column("last_name", sa.String(50), nullable=False),
        sa.Column("full_name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(120), nullable=False, unique=True),
        sa.Column("username", sa.String(40), nullable=False, unique=True),
        sa.Column("gender", sa.String(12), nullable=False),
        sa.Column("street", sa.String(120), nullable=False),
        sa.Column("city", sa.String(60), nullable=False),
        sa.Column("state", sa.String(60), nullable=False),
        sa.Column("postal_code", sa.String(12), nullable=False),
        sa.Column("country", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(32)),
    )
    return md


def child(rows: int) -> None:
    from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
    from pytest_dbseed.engine.rows import SeedRows
    from pytest_dbseed.engine.schema import build_schema

    graph = build_schema(metadata())  # type: ignore[arg-type]
    request = SeedRequest(graph=graph, counts={"user": rows, "customer": rows}, seed=1)
    sources = decide_offline(request)[1]
    SeedRows(graph, sources).batch("customer", 0, 100)  # pools built before timing
    SeedRows(graph, sources).batch("user", 0, 100)
    out = {}
    for table in ("user", "customer"):
        producer = SeedRows(graph, sources)
        t0 = time.process_time()
        for lo in range(0, rows, CHUNK):
            producer.batch(table, lo, min(lo + CHUNK, rows))
        out[table] = rows / (time.process_time() - t0)
    print(json.dumps(out))


def run(code: str, rows: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=code)
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--rows", str(rows)],
        env=env, check=True, capture_output=True, text=True, cwd=code,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--other", default=None, help="another checkout to compare against")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.rows)
        return
    codes = {"this": str(ROOT)}
    if args.other:
        codes["other"] = os.path.abspath(args.other)
    best: dict[str, dict[str, float]] = {k: {} for k in codes}
    for _ in range(args.repeat):
        for name, code in codes.items():
            for table, rate in run(code, args.rows).items():
                best[name][table] = max(best[name].get(table, 0.0), rate)
    for name, code in codes.items():
        rates = ", ".join(f"{t} {r:,.0f} rows/s" for t, r in best[name].items())
        print(f"{name} ({code}): {rates}")
    if args.other:
        for table in best["this"]:
            print(f"ratio this/other, {table}: {best['this'][table] / best['other'][table]:.2f}x")


if __name__ == "__main__":
    main()
