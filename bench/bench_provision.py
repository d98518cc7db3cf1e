"""How fast provisioning is: a local cluster ready, and a per-worker database.

Run: ``python bench/bench_provision.py [--rounds N]``

Baselines are measured in the same process, so ratios stay meaningful on a busy
machine:

* cluster: ``start_server("local")`` against a bare ``initdb`` + ``pg_ctl start -w``
  (the usual hand-rolled fixture: default durability settings, fsync'd initdb).
* database: ``create_database`` (marked, UTF8, FILE_COPY on a no-fsync server)
  against a bare ``CREATE DATABASE`` on an open connection.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg2  # noqa: E402

from pytest_dbseed.provision import (  # noqa: E402
    create_database,
    database_name,
    drop_database,
    find_binaries,
    start_server,
)
from pytest_dbseed.provision._local import _free_port, _server_user  # noqa: E402


def _median(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f})"


def bench_cluster(rounds: int, bindir: str | None) -> tuple[list[float], list[float]]:
    ours, baseline = [], []
    binaries = find_binaries(bindir)
    who = _server_user()
    for _ in range(rounds):
        t = time.perf_counter()
        server = start_server("local", bindir=bindir)
        ours.append(time.perf_counter() - t)
        server.stop()

        base = Path(tempfile.mkdtemp(prefix="dbseed-bench-"))
        os.chmod(base, 0o755)
        data = base / "data"
        kw = who.popen_kwargs()
        if who.switch:
            os.chown(base, who.uid, who.gid)
        port = _free_port()
        t = time.perf_counter()
        subprocess.run(
            [binaries.exe("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
            check=True,
            capture_output=True,
            cwd=base,
            **kw,
        )
        subprocess.run(
            [
                binaries.exe("pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-l",
                str(base / "log"),
                "-o",
                f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={base}",
                "start",
            ],
            check=True,
            capture_output=True,
            cwd=base,
            **kw,
        )
        conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        conn.cursor().execute("SELECT 1")
        baseline.append(time.perf_counter() - t)
        conn.close()
        subprocess.run(
            [binaries.exe("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=True,
            capture_output=True,
            cwd=base,
            **kw,
        )
        shutil.rmtree(base)
    return ours, baseline


def bench_databases(rounds: int, bindir: str | None) -> tuple[list[float], list[float]]:
    ours, baseline = [], []
    with start_server("local", bindir=bindir) as server:
        url = server.url
        conn = psycopg2.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            dbname="postgres",
        )
        conn.autocommit = True
        cur = conn.cursor()
        run = uuid.uuid4().hex[:8]
        for i in range(rounds):
            name = database_name(run, f"gw{i}")
            t = time.perf_counter()
            create_database(url, name)
            ours.append(time.perf_counter() - t)
            drop_database(url, name)
            t = time.perf_counter()
            cur.execute(f'CREATE DATABASE "plain_{run}_{i}"')
            baseline.append(time.perf_counter() - t)
            cur.execute(f'DROP DATABASE "plain_{run}_{i}"')
        conn.close()
    return ours, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db-rounds", type=int, default=20)
    parser.add_argument("--bindir", default=None)
    args = parser.parse_args()

    binaries = find_binaries(args.bindir)
    print(f"binaries: {binaries.bindir} (bundled={binaries.bundled}), rounds={args.rounds}")
    ours, base = bench_cluster(args.rounds, args.bindir)
    print(f"local cluster ready  start_server('local')        {_median(ours)}")
    print(f"  baseline           initdb + pg_ctl start -w      {_median(base)}")
    print(f"  ratio ours/baseline {statistics.median(ours) / statistics.median(base):.2f}")
    ours, base = bench_databases(args.db_rounds, args.bindir)
    print(f"per-worker database  create_database()             {_median(ours)}")
    print(f"  baseline           bare CREATE DATABASE          {_median(base)}")
    print(f"  ratio ours/baseline {statistics.median(ours) / statistics.median(base):.2f}")


if __name__ == "__main__":
    main()
