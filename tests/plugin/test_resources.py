"""Seeds that cannot fit are refused before writing; a long default seed shows progress."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from pytest_dbseed._data import Progress, check_room
from pytest_dbseed.engine.size import estimate
from pytest_dbseed.errors import DbseedError

from ..models import Base

needs_binaries = pytest.mark.skipif(
    shutil.which("initdb") is None and not Path("/usr/lib/postgresql").is_dir(),
    reason="no PostgreSQL server binaries for the local backend",
)


def test_the_estimate_is_within_a_small_factor_of_what_postgresql_stores(
    pg_engine: sa.Engine,
) -> None:
    from pytest_dbseed import seed

    Base.metadata.create_all(pg_engine)
    try:
        report = seed(pg_engine, Base.metadata, default=5000)
        with pg_engine.connect() as conn:
            real = {
                t.name: int(
                    conn.scalar(sa.text("SELECT pg_total_relation_size(:t)"), {"t": f'"{t.name}"'})
                    or 0
                )
                for t in Base.metadata.sorted_tables
            }
    finally:
        Base.metadata.drop_all(pg_engine)
    guess = estimate(Base.metadata, report.rows)
    assert guess.rows == sum(report.rows.values())
    total = sum(real.values())
    assert total / 3 < guess.bytes < total * 3, (guess, real)


class _Usage:
    def __init__(self, free: int) -> None:
        self.free = free
        self.total = self.used = free


def test_a_seed_larger_than_the_free_space_is_refused_with_the_estimate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The disk is the only thing stood in for here: 50 MB free.
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(50_000_000))
    with pytest.raises(DbseedError) as info:
        check_room(Base.metadata, None, 1_000_000, 0, tmp_path, "the default data set")
    message = str(info.value)
    assert "the default data set would write 7,000,000 rows, about" in message
    assert "GB on disk" in message and "50.0 MB free" in message and str(tmp_path) in message
    assert "Fix: ask for fewer rows" in message
    # The same seed fits on a bigger disk, on a server that is not ours (no data
    # directory), and a small one is never estimated at all.
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(10**13))
    assert check_room(Base.metadata, None, 1_000_000, 0, tmp_path, "x") == 7_000_000
    assert check_room(Base.metadata, None, 1_000_000, 0, None, "x") == 7_000_000
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(0))
    assert check_room(Base.metadata, {"user": 5}, 10, 0, tmp_path, "x") <= 200_000


def test_progress_is_silent_for_a_quick_seed_and_then_says_how_far(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pytest_dbseed._data as data

    lines: list[str] = []
    clock = {"t": 100.0}
    monkeypatch.setattr(data.time, "monotonic", lambda: clock["t"])
    progress = Progress(1000, lines.append, "seeding the default data set")
    progress("user", 100, 500)
    assert lines == []
    clock["t"] += 4
    progress("user", 500, 500)
    progress("balance", 10, 500)  # within a second of the last line: not shown
    clock["t"] += 2
    progress("balance", 250, 500)
    progress.finish()
    assert lines[0].startswith("dbseed: seeding the default data set: 500 of 1,000 rows (50%)")
    assert "750 of 1,000 rows (75%), table balance 250/500" in lines[1]
    assert lines[2].startswith("dbseed: seeding the default data set: done in 6.0s")


@pytest.fixture
def clusters() -> Iterator[Path]:
    """A cluster directory of this test's own (traversable by the server user)."""
    path = Path(tempfile.mkdtemp(prefix="dbseed-resources-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.slow
@needs_binaries
def test_the_local_backend_refuses_a_default_data_set_the_disk_cannot_hold(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, clusters: Path
) -> None:
    monkeypatch.delenv("DBSEED_URL")
    monkeypatch.setenv("DBSEED_NO_DOCKER", "1")
    monkeypatch.setenv("DBSEED_TMPDIR", str(clusters))
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    result = project.runpytest_subprocess(
        "--dbseed-backend=local", "--seed-count=1000000000", timeout=300
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*the default data set (--seed-count=1000000000) would write 7,000,000,000 rows, "
            "about * TB on disk (*), more than the * free on the disk of the server's data "
            "directory *. Fix: ask for fewer rows*"
        ]
    )


@pytest.mark.slow
def test_a_long_default_seed_shows_progress_on_stderr(project: pytest.Pytester) -> None:
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    # Progress starts after a few seconds of seeding; how long 280,000 rows take depends on
    # the machine, so the inner run shows it from the start.
    project.makeconftest("import pytest_dbseed._data as data\n\ndata._PROGRESS_AFTER = 0.0\n")
    result = project.runpytest_subprocess("--seed-count=40000", timeout=300)
    result.assert_outcomes(passed=1)
    err: Any = result.stderr
    err.fnmatch_lines(
        [
            "dbseed: seeding the default data set: * of 280,000 rows (*%), table *",
            "dbseed: seeding the default data set: done in *s",
        ]
    )
