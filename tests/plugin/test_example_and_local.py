"""The example suite the README runs, and the default (local cluster) path for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


def test_rows_spec_overrides_columns(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from pytest_dbseed import rows
        from models import User

        @pytest.mark.seed(User=rows(6, first_name="Ada", email=lambda i: f"u{i}@example.com"))
        def test_overrides(seeded_session):
            users = seeded_session.scalars(sa.select(User).order_by(User.id)).all()
            assert len(users) == 6
            assert {u.first_name for u in users} == {"Ada"}
            assert sorted(u.email for u in users) == sorted(f"u{i}@example.com" for i in range(6))
        """
    )
    project.runpytest_subprocess("--seed-count=2").assert_outcomes(passed=1)


def test_the_example_suite_passes(pg_server_url: sa.URL, tmp_path: Path) -> None:
    env = dict(os.environ, DBSEED_URL=pg_server_url.render_as_string(hide_password=False))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "examples",
            "-p",
            "no:cacheprovider",
            "--seed-count=15",
            "-W",
            "ignore::DeprecationWarning",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "6 passed" in proc.stdout
    assert "default data set: 4 tables, 60 rows" in proc.stdout


@pytest.mark.skipif(
    shutil.which("initdb") is None and not Path("/usr/lib/postgresql").is_dir(),
    reason="no PostgreSQL server binaries for the local backend",
)
def test_default_local_backend_starts_and_removes_its_own_server(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBSEED_URL")
    monkeypatch.setenv("DBSEED_NO_DOCKER", "1")
    project.makepyfile(
        """
        from dbhelpers import counts

        def test_on_a_local_cluster(seeded_connection):
            assert counts(seeded_connection)["user"] == 3
        """
    )
    result = project.runpytest_subprocess("--dbseed-backend=local", "--seed-count=3")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["dbseed: *backend local*", "seed 0; server: local cluster*"])
