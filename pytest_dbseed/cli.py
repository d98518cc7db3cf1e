"""The ``dbseed`` command: load fake data into a real database, show a plan, start a server.

::

    dbseed seed --url postgresql://me:pw@localhost/dev --count 1000 --rows customer=100000
    dbseed seed --url postgresql://me:pw@localhost/dev --models myapp.models:Base \\
                --count 1000 --rows User=100000 --rows Agent=50 --seed 7 --create-schema
    dbseed plan --url postgresql://me:pw@localhost/dev --format mermaid
    dbseed plan --models myapp.models:Base --count 1000 --rows User=100000
    dbseed up

This module parses the flags; :mod:`pytest_dbseed.loader` runs ``seed`` and ``plan``.

Exit codes: 0 success, 1 the database or the engine refused (including nothing to
seed) or no server could be started, 2 a usage error (bad flag, models that do not
import, an unknown table or schema), 130 interrupted (nothing written). Passwords never
appear in the output: every URL printed goes through :func:`pytest_dbseed.errors.mask_url`.
``dbseed seed`` only creates (with ``--create-schema``) and inserts; it never drops or
deletes anything.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from pytest_dbseed import __version__
from pytest_dbseed._backends import STARTING_BACKENDS
from pytest_dbseed._schema_build import create_schema
from pytest_dbseed.config import (
    DEFAULT_COUNT,
    parse_count,
    parse_locale,
    parse_models,
    parse_url,
)
from pytest_dbseed.errors import (
    ConfigError,
    DbseedError,
    ProvisionError,
    Remedy,
    SchemaError,
    Wording,
    mask_url,
)

if TYPE_CHECKING:
    from pytest_dbseed.provision import Server

__all__ = ["main", "build_parser", "parse_rows_arg", "PLAN_FORMATS"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

PLAN_FORMATS = ("text", "json", "mermaid", "dot")
"""The formats of ``dbseed plan --format`` (those of :mod:`pytest_dbseed.engine.diagram`,
repeated so that ``dbseed --help`` imports no SQLAlchemy)."""

CLI_WORDING = Wording(
    remedies={
        Remedy.GIVE_URL: "skip `dbseed up` and give a server you own to `dbseed seed --url URL`",
        Remedy.CHECK_URL: "check host, port, user and password in --url",
        Remedy.USE_LOCAL: "use --backend local (installed or bundled PostgreSQL binaries)",
        Remedy.GIVE_BINDIR: "pass --bindir DIR (or set DBSEED_PG_BINDIR) naming the directory "
        "holding initdb and postgres",
    },
    labels={"url": "a server URL (dbseed seed --url)"},
)
"""How the command words a :class:`~pytest_dbseed.errors.ProvisionError`: its own flags."""


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


def parse_jobs(text: str) -> int:
    """A number of jobs (checked to be 1 or more when the seed starts)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of jobs") from None


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N``: the I-th of N shards, 1 <= I <= N."""
    i, sep, n = text.partition("/")
    try:
        index, count = int(i), int(n)
    except ValueError:
        index = count = 0
    if not sep or count < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a shard: give I/N, the I-th of N (e.g. 1/4)"
        )
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(
            f"{text!r}: I must be between 1 and N (the first of {count} is 1/{count})"
        )
    return index, count


def parse_scale(text: str) -> float:
    """A positive factor."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive factor (e.g. 0.1)")
    return value


def _add_source_args(p: argparse.ArgumentParser, *, url_and_models: bool) -> None:
    if url_and_models:
        p.add_argument(
            "--url",
            type=parse_url,
            default=None,
            metavar="URL",
            help="the target database (default: $DBSEED_URL); without --models its tables "
            "are reflected",
        )
        p.add_argument(
            "--models",
            type=parse_models,
            default=None,
            metavar="IMPORT",
            help="seed these models instead of reflecting: pkg.module:Base, "
            "pkg.module:metadata or pkg.module (imported from the current directory too)",
        )
    else:
        where = p.add_mutually_exclusive_group()
        where.add_argument(
            "--url",
            type=parse_url,
            default=None,
            metavar="URL",
            help="reflect this database (reads its schema and row counts, writes nothing; "
            "default: $DBSEED_URL)",
        )
        where.add_argument(
            "--models",
            type=parse_models,
            default=None,
            metavar="IMPORT",
            help="plan these models, without a database: pkg.module:Base, "
            "pkg.module:metadata or pkg.module",
        )
    p.add_argument(
        "--schema",
        action="extend",
        nargs="+",
        default=None,
        metavar="S",
        dest="schemas",
        help="seed only the tables of these schemas; repeatable (default: every schema "
        "but the system ones on PostgreSQL, the URL's database elsewhere)",
    )
    p.add_argument(
        "--exclude",
        action="extend",
        nargs="+",
        default=[],
        metavar="T",
        help="leave these tables out (table or schema.table); repeatable. Tables that "
        "others point at stay as they are and are pointed at",
    )


def _add_count_args(p: argparse.ArgumentParser) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    """The ``dbseed`` argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="dbseed",
        description="Fill a real PostgreSQL with believable, constraint-respecting fake data "
        "from SQLAlchemy models or from the database's own schema.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="{seed,plan,up}")
    sub.required = True

    seed = sub.add_parser(
        "seed",
        help="insert fake rows into an existing database",
        description="Insert fake rows into the database at --url, in foreign-key order, in "
        "one transaction. Without --models the database's tables are reflected. Tables that "
        "already hold rows are refused unless --append. Never drops or deletes anything.",
    )
    _add_source_args(seed, url_and_models=True)
    _add_count_args(seed)
    seed.add_argument(
        "--append",
        action="store_true",
        help="add rows to tables that already hold some: new rows are numbered after "
        "the existing keys and may point at existing parents",
    )
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
        help="with --models: create missing schemas and tables first (CREATE ... only)",
    )
    seed.add_argument(
        "--json",
        action="store_true",
        help="print a JSON report on stdout (progress stays on stderr)",
    )
    seed.add_argument(
        "--jobs",
        type=parse_jobs,
        default=1,
        metavar="N",
        help="write with N processes, each a COPY of row ranges in its own transaction; "
        "same data as one job (default 1: one transaction)",
    )
    seed.add_argument(
        "--shard",
        type=parse_shard,
        default=None,
        metavar="I/N",
        help="write only the I-th of N row ranges of every table (I from 1); all N shards "
        "together write the same rows as one run",
    )
    seed.add_argument(
        "--output",
        default=None,
        metavar="DIR",
        help="write files instead (one per table and shard) and DIR/load.sql for "
        "psql -f load.sql; --url is only read",
    )
    seed.add_argument(
        "--format",
        choices=("csv", "sql"),
        default=None,
        help="with --output: csv (default) or sql (COPY statements)",
    )
    seed.add_argument(
        "--like",
        type=parse_url,
        default=None,
        metavar="URL",
        help="read only the statistics of the database at URL (row counts, null "
        "fractions, distributions) and seed rows shaped like it",
    )
    seed.add_argument(
        "--scale",
        type=parse_scale,
        default=None,
        metavar="F",
        help="with --like: multiply its row counts by F (e.g. 0.1)",
    )

    plan = sub.add_parser(
        "plan",
        help="print or draw the plan, write nothing",
        description="Print the insertion order, the row count of every table and the "
        "foreign keys between them, as text, JSON, a Mermaid flowchart or Graphviz dot. "
        "--models needs no database; --url reads the schema and writes nothing.",
    )
    _add_source_args(plan, url_and_models=False)
    _add_count_args(plan)
    plan.add_argument(
        "--format",
        choices=PLAN_FORMATS,
        default=None,
        help="text (default), json, mermaid (a flowchart) or dot (Graphviz)",
    )
    plan.add_argument("--json", action="store_true", help="the same as --format json")

    up = sub.add_parser(
        "up",
        help="start a throwaway PostgreSQL and print its URL",
        description="Start a PostgreSQL server that keeps running after "
        "this command exits; print its URL and how to stop it.",
    )
    up.add_argument(
        "--backend",
        choices=STARTING_BACKENDS,
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


def _counts(rows_args: Sequence[Sequence[tuple[str, int]]]) -> tuple[tuple[str, int], ...]:
    return tuple((key, n) for group in rows_args for key, n in group)


def _url_from(args: argparse.Namespace, command: str) -> str | None:
    if args.url is not None:
        return str(args.url)
    env = os.environ.get("DBSEED_URL")
    if not env:
        return None
    try:
        return parse_url(env)
    except argparse.ArgumentTypeError as exc:
        raise _Usage(f"DBSEED_URL: {exc}") from None


def _cmd_seed(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from pytest_dbseed.loader import SeedRequest, Source, run_seed

    url = _url_from(args, "seed")
    if not url:
        raise _Usage("dbseed seed needs --url URL (or the DBSEED_URL environment variable)")
    request = SeedRequest(
        source=Source(
            url=url,
            models=args.models,
            schemas=tuple(args.schemas) if args.schemas else None,
            exclude=tuple(args.exclude),
        ),
        rows=_counts(args.rows),
        default=args.count,
        seed=args.seed,
        locale=tuple(args.locale) if args.locale else None,
        append=args.append,
        create_schema=args.create_schema,
        json=args.json,
        jobs=args.jobs,
        shard=args.shard,
        output=args.output,
        format=args.format,
        like=args.like,
        scale=args.scale,
    )
    return run_seed(request, out, err, create_schema=create_schema)


def _cmd_plan(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from pytest_dbseed.loader import PlanRequest, Source, run_plan

    fmt = args.format or ("json" if args.json else "text")
    if args.json and args.format not in (None, "json"):
        raise _Usage(f"--json and --format {args.format} ask for two formats; give one")
    url = None if args.models else _url_from(args, "plan")
    if not args.models and not url:
        raise _Usage(
            "dbseed plan needs --models IMPORT, or --url URL (or DBSEED_URL) to reflect a database"
        )
    request = PlanRequest(
        source=Source(
            url=url,
            models=args.models,
            schemas=tuple(args.schemas) if args.schemas else None,
            exclude=tuple(args.exclude),
        ),
        rows=_counts(args.rows),
        default=args.count,
        seed=args.seed,
        format=fmt,
    )
    return run_plan(request, out, err)


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

    server = start_server(args.backend, None, image=args.image, bindir=args.bindir, keep=True)
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
    except ProvisionError as exc:
        # No server: the environment's fault, not the command line's (exit 1, not 2).
        err.write(f"dbseed {args.command}: ProvisionError: {exc.render(CLI_WORDING)}\n")
        return EXIT_FAILED
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
