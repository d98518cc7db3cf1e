"""The ``dbseed`` command: load fake data into a real database, show a plan, start a server.

::

    dbseed seed --url postgresql://me:pw@localhost/dev --models myapp.models:Base \\
                --count 1000 --rows User=100000 --rows Agent=50 --seed 7 --create-schema
    dbseed plan --models myapp.models:Base --count 1000 --rows User=100000
    dbseed up

Exit codes: 0 success, 1 the database or the engine refused, 2 a usage error (bad
flag, models that do not import, an unknown model). Passwords never appear in the
output: every URL printed goes through :func:`pytest_dbseed.errors.mask_url`.
``dbseed seed`` only creates (with ``--create-schema``) and inserts; it never drops
or deletes anything.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pytest_dbseed import __version__
from pytest_dbseed.config import (
    DEFAULT_COUNT,
    load_metadata,
    parse_count,
    parse_locale,
    parse_models,
    parse_url,
)
from pytest_dbseed.errors import ConfigError, DbseedError, SchemaError, mask_url

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pytest_dbseed.provision import Server

__all__ = ["main", "build_parser", "parse_rows_arg", "ProgressBar"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def parse_rows_arg(text: str) -> tuple[str, int]:
    """``Model=N`` (a class or table name and a row count) for ``--rows``."""
    key, sep, value = str(text).partition("=")
    key = key.strip()
    if not sep or not key:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not Model=N; e.g. --rows User=100 (class or table name = rows)"
        )
    try:
        count = parse_count(value)
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None
    return key, count


def parse_seed_int(text: str) -> int:
    """An integer seed."""
    try:
        return int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer seed") from None


def _add_plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--models",
        required=True,
        type=parse_models,
        metavar="IMPORT",
        help="where the models are: pkg.module:Base, pkg.module:metadata or "
        "pkg.module (imported from the current directory too)",
    )
    p.add_argument(
        "--count",
        type=parse_count,
        default=DEFAULT_COUNT,
        metavar="N",
        help=f"rows per table not named by --rows (default {DEFAULT_COUNT}; 0 "
        "leaves them empty except for parents the named rows need)",
    )
    p.add_argument(
        "--rows",
        action="append",
        nargs="+",
        type=parse_rows_arg,
        default=[],
        metavar="Model=N",
        help="rows for one table, by class or table name; repeatable: --rows User=1000 Agent=10",
    )
    p.add_argument(
        "--seed",
        type=parse_seed_int,
        default=0,
        metavar="S",
        help="seed of the fake data (default 0): same seed, same data",
    )
    p.add_argument("--json", action="store_true", help="print a JSON report on stdout")


def build_parser() -> argparse.ArgumentParser:
    """The ``dbseed`` argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="dbseed",
        description="Fill a real PostgreSQL with believable, constraint-respecting fake data "
        "from SQLAlchemy models.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="{seed,plan,up}")
    sub.required = True

    seed = sub.add_parser(
        "seed",
        help="insert fake rows into an existing database",
        description="Insert fake rows into the database at --url, in "
        "foreign-key order. Never drops or deletes anything.",
    )
    seed.add_argument(
        "--url",
        type=parse_url,
        default=None,
        metavar="URL",
        help="the target database (default: $DBSEED_URL)",
    )
    _add_plan_args(seed)
    seed.add_argument(
        "--locale",
        type=parse_locale,
        default=None,
        metavar="LOCALE",
        help="Faker locale(s), comma separated",
    )
    seed.add_argument(
        "--create-schema",
        action="store_true",
        help="create missing schemas and tables first (CREATE ... only)",
    )

    plan = sub.add_parser(
        "plan",
        help="print insertion order and counts, write nothing",
        description="Print the insertion order and the row count of every "
        "table without touching any database.",
    )
    _add_plan_args(plan)

    up = sub.add_parser(
        "up",
        help="start a throwaway PostgreSQL and print its URL",
        description="Start a PostgreSQL server that keeps running after "
        "this command exits; print its URL and how to stop it.",
    )
    up.add_argument(
        "--backend",
        choices=("auto", "docker", "local"),
        default="auto",
        help="docker (testcontainers) or a local cluster from installed "
        "binaries; auto tries Docker first (default auto)",
    )
    up.add_argument("--image", default=None, help="Docker image (docker backend)")
    up.add_argument("--bindir", default=None, help="PostgreSQL bin directory (local backend)")
    up.add_argument(
        "--show-password",
        action="store_true",
        help="print the URL with its password (default: masked)",
    )
    up.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    return parser


def _counts(rows_args: Sequence[Sequence[tuple[str, int]]]) -> dict[str, int]:
    return {key: n for group in rows_args for key, n in group}


class ProgressBar:
    """A one-line-per-table progress bar for the engine's ``progress`` callback."""

    def __init__(self, stream: IO[str], width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._table: str | None = None
        self._last = 0.0

    def __call__(self, table: str, done: int, total: int) -> None:
        now = time.monotonic()
        if table != self._table:
            if self._table is not None:
                self.stream.write("\n")
            self._table = table
        elif done < total and now - self._last < 0.1:
            return  # redrawing more than ten times a second only costs time
        self._last = now
        filled = self.width if total <= 0 else int(self.width * min(done, total) / total)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{table[:28]:<28} [{bar}] {done:>12,}/{total:,}")
        self.stream.flush()

    def close(self) -> None:
        if self._table is not None:
            self.stream.write("\n")
            self.stream.flush()


def _load(models: str) -> sa.MetaData:
    return load_metadata(models, Path.cwd(), label="--models")


def _create_schema(engine: sa.Engine, metadata: sa.MetaData) -> None:
    import sqlalchemy as sa

    schemas = sorted({t.schema for t in metadata.tables.values() if t.schema})
    with engine.begin() as conn:
        for name in schemas:
            conn.execute(sa.schema.CreateSchema(name, if_not_exists=True))
        metadata.create_all(conn, checkfirst=True)


def _cmd_seed(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    import sqlalchemy as sa

    from pytest_dbseed.engine.api import seed

    url = args.url or os.environ.get("DBSEED_URL")
    if not url:
        raise _Usage("dbseed seed needs --url URL (or the DBSEED_URL environment variable)")
    if args.url is None:
        try:
            url = parse_url(url)
        except argparse.ArgumentTypeError as exc:
            raise _Usage(f"DBSEED_URL: {exc}") from None
    metadata = _load(args.models)
    from pytest_dbseed.provision import default_driver

    engine = sa.create_engine(default_driver(sa.make_url(url)))
    bar = ProgressBar(err) if err.isatty() and not args.json else None
    try:
        if args.create_schema:
            _create_schema(engine, metadata)
        locale = None
        if args.locale:
            locale = args.locale[0] if len(args.locale) == 1 else list(args.locale)
        try:
            report = seed(
                engine,
                metadata,
                counts=_counts(args.rows),
                default=args.count,
                seed=args.seed,
                locale=locale,
                progress=bar,
            )
        finally:
            if bar is not None:
                bar.close()
    finally:
        engine.dispose()
    where = mask_url(url)
    if args.json:
        json.dump(
            {
                "url": where,
                "seed": report.seed,
                "seconds": round(report.seconds, 3),
                "rows": dict(report.rows),
                "raised": dict(report.raised),
                "total": report.total,
            },
            out,
            indent=2,
        )
        out.write("\n")
        return EXIT_OK
    width = max((len(t) for t in report.rows), default=5)
    out.write(f"seeded {where} (seed {report.seed}) in {report.seconds:.2f}s\n")
    for table, n in report.rows.items():
        out.write(f"  {table:<{width}}  {n:>12,}\n")
    out.write(f"  {'total':<{width}}  {report.total:>12,}\n")
    for table, why in report.raised.items():
        out.write(f"note: {table}: {why}\n")
    return EXIT_OK


def _cmd_plan(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from pytest_dbseed.engine.api import plan

    metadata = _load(args.models)
    result = plan(metadata, counts=_counts(args.rows), default=args.count, seed=args.seed)
    if args.json:
        json.dump(
            {
                "seed": result.seed,
                "order": list(result.order),
                "counts": {t: result.counts[t] for t in result.order},
                "raised": dict(result.raised),
                "deferred": list(result.deferred),
                "total": sum(result.counts[t] for t in result.order),
            },
            out,
            indent=2,
        )
        out.write("\n")
    else:
        out.write(result.describe().rstrip("\n") + "\n")
    return EXIT_OK


def _pgpass_for(server: Server) -> str:
    """A libpq password file for ``server``: its own, or a new private one."""
    own = server.pgpass_file
    if own:
        return own
    import tempfile

    fd, path = tempfile.mkstemp(prefix="dbseed-pgpass-")
    url = server.url
    with os.fdopen(fd, "w") as f:  # mkstemp: mode 0600, as libpq requires
        f.write(f"{url.host}:{url.port}:*:{url.username}:{url.password or ''}\n")
    return path


def _cmd_up(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from pytest_dbseed.provision import start_server

    try:
        server = start_server(args.backend, None, image=args.image, bindir=args.bindir, keep=True)
    except DbseedError as exc:
        # The provisioning speaks of pytest's flags; here the user typed `dbseed up`.
        text = (
            str(exc)
            .replace("--dbseed-backend=local or --dbseed-url instead", "--backend local")
            .replace("--dbseed-backend=", "--backend ")
            .replace("DBSEED_PG_BINDIR to their directory", "pass --bindir DIR")
        )
        raise type(exc)(text) from exc
    plain = server.url.set(drivername="postgresql")
    full = plain.render_as_string(hide_password=False)
    masked = mask_url(full)
    shown = full if args.show_password else masked
    pgpass: str | None = None
    if args.show_password or not plain.password:
        use = f"DBSEED_URL='{full}' pytest"
    else:
        # A masked URL cannot be pasted; a password file keeps the secret off the screen.
        pgpass = _pgpass_for(server)
        # set(password=None) would keep the password: None means "unchanged" there.
        bare = plain._replace(password=None).render_as_string(hide_password=False)
        use = f"PGPASSFILE={pgpass} DBSEED_URL='{bare}' pytest"
    stop = server.stop_command()
    if stop and pgpass and pgpass != server.pgpass_file:
        stop += f" && rm -f {pgpass}"
    pid = getattr(server, "pid", None)
    datadir = getattr(server, "data_dir", None)
    if args.json:
        json.dump(
            {
                "url": shown,
                "backend": server.backend,
                "version": server.version,
                "connect": server.connect_hint(),
                "use": use,
                "pgpassfile": pgpass,
                "pid": pid,
                "datadir": str(datadir) if datadir is not None else None,
                "stop": stop,
            },
            out,
            indent=2,
        )
        out.write("\n")
        return EXIT_OK
    out.write(f"started {server.describe()}\n")
    out.write(f"URL:     {shown}\n")
    if shown != full:
        out.write("         (password masked; add --show-password to print it)\n")
    out.write(f"connect: {server.connect_hint()}\n")
    out.write(f"use it:  {use}\n")
    out.write("         (or: dbseed seed --url ... with the same environment)\n")
    if pid is not None:
        out.write(f"pid:     {pid}\n")
    if datadir is not None:
        out.write(f"datadir: {datadir}\n")
    if stop:
        out.write(f"stop:    {stop}\n")
        out.write("         (the server keeps running after this command exits until then)\n")
    return EXIT_OK


class _Usage(Exception):
    """A usage error found after parsing (exit code 2)."""


_COMMANDS = {"seed": _cmd_seed, "plan": _cmd_plan, "up": _cmd_up}


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the ``dbseed`` command; returns the exit code (argparse exits 2 on bad flags)."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args, out, err)
    except (_Usage, ConfigError, SchemaError) as exc:
        err.write(f"dbseed {args.command}: error: {mask_url(exc)}\n")
        return EXIT_USAGE
    except DbseedError as exc:
        err.write(f"dbseed {args.command}: {type(exc).__name__}: {mask_url(exc)}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.write(f"dbseed {args.command}: interrupted\n")
        return 130
    except Exception as exc:
        import sqlalchemy as sa

        if isinstance(exc, sa.exc.SQLAlchemyError):
            detail = mask_url(getattr(exc, "orig", None) or exc).strip().splitlines()
            err.write(
                f"dbseed {args.command}: database error: "
                f"{detail[0] if detail else type(exc).__name__}\n"
            )
            return EXIT_FAILED
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
