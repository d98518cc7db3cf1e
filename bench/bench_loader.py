"""The ``dbseed seed`` loader at scale, as ratios measured in one run on one server.

Schema: agent / user / payment_history of ``bench_engine.py`` (UUID keys, indexed foreign
keys, unique emails; rows 1:10:100). Three measurements:

  one job   ``dbseed seed`` (one job, one transaction) against the server-side baseline
            ``INSERT ... SELECT generate_series`` filling identical tables; rounds
            alternate, best of each. Target >= 1.0x.
  jobs      ``--jobs N`` (worker processes, COPY per range) against ``--jobs 1`` (one
            transaction); the best of the rounds. Target for 2 jobs >= 1.3x.
  memory    peak resident memory of the largest process (the command or one of its
            jobs) at 1M and 10M rows. Target <= 150 MiB, flat.

    python bench/bench_loader.py --url postgresql+psycopg2://postgres@127.0.0.1/postgres
    python bench/bench_loader.py --only one-job --rows 333000
    python bench/bench_loader.py --only jobs --rows 3000000 --jobs 2 4
    python bench/bench_loader.py --only memory --memory-rows 1000000 10000000

The seconds of a seed are the command's own (its ``--json`` report): reading the schema
and planning included, Python start-up not. Prints rows/s and ratios; never asserts.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time

import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)

from bench_engine import (  # noqa: E402
    drop_database,
    fresh_database,
    run_baseline,
    server,
    split,
    truncate,
)

from pytest_dbseed.cli import main as dbseed  # noqa: E402
from pytest_dbseed.errors import mask_url  # noqa: E402


def seed_argv(url: str, rows: int, jobs: int | None, seed: int) -> list[str]:
    agents, users, payments = split(rows)
    argv = [
        "seed", "--url", url, "--models", "bench_engine:Base", "--seed", str(seed),
        "--rows", f"agent={agents}", "--rows", f"user={users}",
        "--rows", f"payment_history={payments}", "--json",
    ]  # fmt: skip
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    return argv


def run_loader(engine: sa.Engine, rows: int, jobs: int | None, seed: int) -> float:
    """Seconds of one ``dbseed seed`` into the emptied tables (its own report)."""
    truncate(engine)
    out, err = io.StringIO(), io.StringIO()
    url = engine.url.render_as_string(hide_password=False)
    code = dbseed(seed_argv(url, rows, jobs, seed), stdout=out, stderr=err)
    if code != 0:
        raise SystemExit(f"dbseed seed failed ({code}): {err.getvalue()}")
    return float(json.loads(out.getvalue())["seconds"])


def one_job(admin_url: sa.URL, rows: int, repeat: int) -> None:
    counts = split(rows)
    total = sum(counts)
    names = (f"dbseed_bench_loader_{os.getpid()}", f"dbseed_bench_lbase_{os.getpid()}")
    eng, base = (fresh_database(admin_url, n) for n in names)
    try:
        best_l = best_b = float("inf")
        for i in range(repeat):
            b = run_baseline(base, counts)
            e = run_loader(eng, rows, None, seed=i)
            best_b, best_l = min(best_b, b), min(best_l, e)
            print(f"  round {i + 1}: baseline {total / b:,.0f} rows/s, one job {total / e:,.0f}")
    finally:
        eng.dispose()
        base.dispose()
        for n in names:
            drop_database(admin_url, n)
    print(f"one job, {total:,} rows (agent {counts[0]:,}, user {counts[1]:,}, "
          f"payment_history {counts[2]:,})")  # fmt: skip
    print(f"  baseline INSERT ... SELECT generate_series: {total / best_b:,.0f} rows/s")
    print(f"  dbseed seed (one job, COPY):               {total / best_l:,.0f} rows/s")
    print(f"  ratio one job / baseline: {best_b / best_l:.2f}x (target >= 1.0x)")


def jobs(admin_url: sa.URL, rows: int, repeat: int, counts: list[int]) -> None:
    name = f"dbseed_bench_jobs_{os.getpid()}"
    eng = fresh_database(admin_url, name)
    total = sum(split(rows))
    try:
        best: dict[int, float] = {}
        for i in range(repeat):
            for n in [1, *counts]:  # --jobs 1: one transaction, as a user gets it
                secs = run_loader(eng, rows, n, seed=i)
                best[n] = min(best.get(n, float("inf")), secs)
                print(f"  round {i + 1}: --jobs {n}: {total / secs:,.0f} rows/s")
    finally:
        eng.dispose()
        drop_database(admin_url, name)
    print(f"jobs, {total:,} rows, {os.cpu_count()} cores")
    for n, secs in sorted(best.items()):
        ratio = best[1] / secs
        target = " (target >= 1.3x)" if n == 2 else ""
        print(f"  --jobs {n}: {total / secs:,.0f} rows/s, {ratio:.2f}x --jobs 1{target}")


def memory(admin_url: sa.URL, sizes: list[int], jobs_n: int) -> None:
    name = f"dbseed_bench_lmem_{os.getpid()}"
    fresh_database(admin_url, name).dispose()
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    results: list[tuple[int, float, float]] = []
    try:
        for rows in sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--memory-child", "--url", url, "--rows", str(rows),
                 "--jobs", str(jobs_n)],
                check=True, capture_output=True, text=True, cwd=HERE,
            ).stdout  # fmt: skip
            got = json.loads(out.strip().splitlines()[-1])
            results.append((rows, got["peak_mib"], got["seconds"]))
            print(f"  {rows:,} rows (--jobs {jobs_n}): largest of {got['processes']} processes "
                  f"{got['peak_mib']:.0f} MiB, {got['seconds']:.0f}s")  # fmt: skip
    finally:
        drop_database(admin_url, name)
    if len(results) >= 2:
        first, last = results[0], results[-1]
        print(f"memory: {last[0]:,} / {first[0]:,} rows peak: {last[1] / first[1]:.2f}x "
              "(target: <= 150 MiB per process, flat)")  # fmt: skip


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _peak_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakWatch:
    """The highest peak resident memory (VmHWM) of this process and each descendant (the
    forkserver and the jobs), read every half second while they live."""

    def __init__(self) -> None:
        import threading

        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.5):
            for pid in [me, *_descendants(me)]:
                self.peak[pid] = max(self.peak.get(pid, 0), _peak_kib(pid))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return max(self.peak.values(), default=0)


def memory_child(args: argparse.Namespace) -> None:
    engine = sa.create_engine(args.url)
    truncate(engine)
    engine.dispose()
    out, err = io.StringIO(), io.StringIO()
    began = time.perf_counter()
    jobs_n = args.jobs[0] if args.jobs else 1
    watch = PeakWatch()
    code = dbseed(seed_argv(args.url, args.rows, jobs_n, 0), stdout=out, stderr=err)
    if code != 0:
        raise SystemExit(err.getvalue())
    largest = max(watch.stop(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(json.dumps({"peak_mib": largest / 1024, "processes": len(watch.peak),
                      "seconds": time.perf_counter() - began}))  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--url", default=os.environ.get("DBSEED_URL"))
    p.add_argument("--only", choices=("one-job", "jobs", "memory"), default=None)
    p.add_argument("--rows", type=int, default=None)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--jobs", type=int, nargs="+", default=None)
    p.add_argument("--memory-rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    p.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.memory_child:
        memory_child(args)
        return
    os.chdir(HERE)  # --models bench_engine:Base
    with server(args.url) as admin_url:
        print(f"server: {mask_url(admin_url.render_as_string(False))}")
        if args.only in (None, "one-job"):
            one_job(admin_url, args.rows or 333_000, args.repeat)
        if args.only in (None, "jobs"):
            jobs(admin_url, args.rows or 3_000_000, max(1, args.repeat - 1), args.jobs or [2])
        if args.only in (None, "memory"):
            memory(admin_url, args.memory_rows, (args.jobs or [1])[0])


if __name__ == "__main__":
    main()
