"""Fuzz the engine with random schemas: does every schema seed, or get a clear refusal?

    python bench/fuzz_schemas.py --examples 10000 [--url URL] [--seed N] [--out DIR]
                                 [--profile full|suite] [--keep-refused N]
    python bench/fuzz_schemas.py --replay DIR/00042-db_rejected.json

Hypothesis draws schemas (tests/engine/fuzz/strategies.py, profile FULL, or SUITE with
--profile suite: the families the test suite holds the engine to); a worker process
builds each one on the server, seeds it twice with the same seed and classifies the
outcome (tests/engine/fuzz/harness.py). A worker that runs past --timeout is killed (its
query cancelled) and replaced, so a hang is counted, not waited for. At the end it prints
the count of each outcome class and each distinct failure signature with an example file.

Every failing example is written to --out as NNNNN-<class>.json (the schema, the seed call,
the outcome and the traceback: what --replay reads) and NNNNN-<class>.sql (the DDL and the
seed call, for people). --replay runs one file in this process and prints everything.

--keep-refused N also keeps refusals (outcome ``refused``) for inspection: up to N examples
per refusal template (the message with table and column names, numbers and quoted values
normalised away, as in failure signatures) are written as NNNNN-refused.json/.sql, and the
count of each template is printed at the end. A refusal is acceptable only when the request
is truly impossible; this is how to audit the ones the harness's oracle cannot judge.

The server: --url, else $DBSEED_TEST_URL, else a throwaway local cluster. A database of its
own is created there and dropped at the end.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import select
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tests.engine.fuzz.harness import (  # noqa: E402
    FAILURES,
    Outcome,
    prepare_database,
    run_example,
    seed_call,
    signature,
)
from tests.engine.fuzz.spec import SchemaSpec, ddl_text  # noqa: E402

APP = "dbseed_fuzz_worker"


def _worker(url: str, timeout: float) -> int:
    """Read one spec per line on stdin, answer one outcome per line on stdout."""
    import warnings

    warnings.simplefilter("ignore")
    engine = sa.create_engine(url, connect_args={"application_name": APP})
    prepare_database(engine)
    for line in sys.stdin:
        spec = SchemaSpec.from_json(line)
        outcome = run_example(engine, spec, timeout)
        answer = {
            "kind": outcome.kind,
            "detail": outcome.detail,
            "error": outcome.error,
            "trace": outcome.trace,
            "names": outcome.names,
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        if outcome.kind == "hang":
            # The seed may still run on its thread (a loop in Python cannot be cancelled):
            # end this worker; the next example gets a fresh one.
            os._exit(0)
    engine.dispose()
    return 0


class Worker:
    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    "--url",
                    self.url,
                    "--timeout",
                    str(self.timeout),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
        return self.proc

    def run(self, spec: SchemaSpec) -> Outcome:
        proc = self.start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(json.loads(spec.to_json())) + "\n")
        proc.stdin.flush()
        # the worker cancels its own query after --timeout; allow twice that (two seeds)
        ready, _, _ = select.select([proc.stdout], [], [], 2 * self.timeout + 30)
        if not ready:
            self.kill()
            return Outcome(
                "hang", f"worker gave no answer within {2 * self.timeout + 30:.0f}s", "TimeoutError"
            )
        line = proc.stdout.readline()
        if not line:
            code = proc.wait()
            self.proc = None
            return Outcome("raw_error", f"worker died with exit code {code}", "WorkerDied")
        data = json.loads(line)
        if data["kind"] == "hang":
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
            self.proc = None
        return Outcome(
            data["kind"], data["detail"], data["error"], data["trace"], names=data["names"]
        )

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
        engine = sa.create_engine(self.url)
        with engine.connect() as c:
            c.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :a"
                ),
                {"a": APP},
            )
        engine.dispose()

    def close(self) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.proc = None


def _write_failure(out: Path, number: int, spec: SchemaSpec, outcome: Outcome) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{number:05d}-{outcome.kind}"
    record: dict[str, Any] = {
        "spec": json.loads(spec.to_json()),
        "call": seed_call(spec),
        "outcome": outcome.kind,
        "signature": outcome.signature,
        "error": outcome.error,
        "detail": outcome.detail,
        "trace": outcome.trace,
    }
    stem.with_suffix(".json").write_text(json.dumps(record, indent=1, ensure_ascii=False))
    try:
        sql = ddl_text(spec)
    except Exception as exc:  # noqa: BLE001 - the JSON file is what replays
        sql = f"-- the DDL could not be rendered: {exc}\n"
    sql += f"\n-- then: {seed_call(spec)}\n-- outcome: {outcome.kind}: {outcome.detail[:2000]}\n"
    stem.with_suffix(".sql").write_text(sql)
    return stem.with_suffix(".json")


def _keep_refusal(
    refusals: dict[str, list[Any]],
    out: Path,
    number: int,
    spec: SchemaSpec,
    outcome: Outcome,
    keep: int,
) -> None:
    """Count a refusal under its template; write it while the template has < keep files."""
    entry = refusals.setdefault(outcome.signature, [0, None])
    if entry[0] < keep:
        path = _write_failure(out, number, spec, outcome)
        entry[1] = entry[1] or path
    entry[0] += 1


def _print_refusals(refusals: dict[str, list[Any]], total: int) -> None:
    print(f"\n{len(refusals)} refusal templates, {total} refusals (count, example file, template):")
    for template, (count, path) in sorted(refusals.items(), key=lambda kv: -kv[1][0]):
        print(f"{count:6d}  {path.name}  {template}")


def _server(url: str | None) -> tuple[str, Any]:
    url = url or os.environ.get("DBSEED_TEST_URL")
    if url:
        return url, None
    from pytest_dbseed.provision import start_server

    server = start_server("local")
    return str(server.url.render_as_string(hide_password=False)), server


def _own_database(admin_url: str) -> str:
    name = f"dbseed_fuzz_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(
        sa.make_url(admin_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    u = sa.make_url(url)
    admin = sa.create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
    admin.dispose()


def fuzz(args: argparse.Namespace) -> int:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    from tests.engine.fuzz.strategies import FULL, SUITE, schemas

    profile = {"full": FULL, "suite": SUITE}[args.profile]

    admin_url, server = _server(args.url)
    url = _own_database(admin_url)
    worker = Worker(url, args.timeout)
    counts: collections.Counter[str] = collections.Counter()
    signatures: dict[str, list[Any]] = {}
    refusals: dict[str, list[Any]] = {}
    out = Path(args.out)
    began = time.perf_counter()
    number = 0

    @settings(
        max_examples=args.examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(args.seed)
    @given(schemas(profile))
    def one(spec: SchemaSpec) -> None:
        nonlocal number
        number += 1
        outcome = worker.run(spec)
        counts[outcome.kind] += 1
        if outcome.failed or outcome.kind == "setup_error":
            sig = outcome.signature
            if sig not in signatures:
                path = _write_failure(out, number, spec, outcome)
                signatures[sig] = [0, path]
            elif signatures[sig][0] < args.keep:
                _write_failure(out, number, spec, outcome)
            signatures[sig][0] += 1
        if outcome.kind == "refused" and args.keep_refused > 0:
            _keep_refusal(refusals, out, number, spec, outcome, args.keep_refused)
        if number % args.every == 0:
            _print(counts, number, began, None)

    try:
        one()
    finally:
        worker.close()
        _drop_database(url)
        if server is not None:
            server.stop()
    _print(counts, number, began, signatures)
    if args.keep_refused > 0:
        _print_refusals(refusals, counts["refused"])
    return 1 if any(k in FAILURES for k in counts) else 0


def _print(
    counts: collections.Counter[str], n: int, began: float, sigs: dict[str, list[Any]] | None
) -> None:
    took = time.perf_counter() - began
    line = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    failed = sum(v for k, v in counts.items() if k in FAILURES)
    print(
        f"[{n} examples, {took:.0f}s] {line}; failures {failed} ({100 * failed / max(n, 1):.1f}%)",
        flush=True,
    )
    if sigs:
        print(f"\n{len(sigs)} distinct failure signatures (count, example file, signature):")
        for sig, (count, path) in sorted(sigs.items(), key=lambda kv: -kv[1][0]):
            print(f"{count:6d}  {path.name}  {sig}")


def replay(args: argparse.Namespace) -> int:
    import traceback

    record = json.loads(Path(args.replay).read_text())
    spec = SchemaSpec.from_json(json.dumps(record["spec"]))
    print(ddl_text(spec))
    print(f"-- {seed_call(spec)}")
    print(f"-- recorded outcome: {record['outcome']}: {record['detail'][:500]}\n")
    admin_url, server = _server(args.url)
    url = _own_database(admin_url)
    try:
        engine = sa.create_engine(url)
        prepare_database(engine)
        try:
            outcome = run_example(engine, spec, args.timeout)
        except Exception:
            traceback.print_exc()
            return 1
        finally:
            engine.dispose()
    finally:
        _drop_database(url)
        if server is not None:
            server.stop()
    print(f"outcome now: {outcome.kind}")
    print(outcome.detail)
    if outcome.trace:
        print(outcome.trace)
    print(signature(outcome.kind, outcome.error, outcome.detail, outcome.names))
    return 1 if outcome.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument(
        "--url",
        help="admin URL of a PostgreSQL server (default $DBSEED_TEST_URL, else a local cluster)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="Hypothesis seed: same seed, same schemas"
    )
    parser.add_argument("--out", default="fuzz-failures", help="directory for failing examples")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds before a seed counts as a hang"
    )
    parser.add_argument(
        "--keep", type=int, default=3, help="failing examples written per signature"
    )
    parser.add_argument(
        "--keep-refused",
        type=int,
        default=0,
        metavar="N",
        help="also write up to N refused examples per refusal template, and count templates",
    )
    parser.add_argument("--every", type=int, default=100, help="print the counts every N examples")
    parser.add_argument(
        "--replay", metavar="FILE", help="run one recorded example and print everything"
    )
    parser.add_argument(
        "--profile",
        choices=["full", "suite"],
        default="full",
        help="full: every feature family; suite: the families the suite holds the engine to",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args.url, args.timeout)
    if args.replay:
        return replay(args)
    return fuzz(args)


if __name__ == "__main__":
    raise SystemExit(main())
