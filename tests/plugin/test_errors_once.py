"""A problem every test meets (no server, a default data set that fails) is shown once."""

from __future__ import annotations

import socket

import pytest

TESTS = "\n".join(
    f"def test_{i}({'seeded_session' if i % 2 else 'dbseed'}):\n    pass\n" for i in range(24)
)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_no_server_is_shown_in_full_once_and_one_line_per_other_test(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBSEED_URL", f"postgresql+psycopg2://postgres@127.0.0.1:{_closed_port()}/postgres")
    project.makepyfile(test_many=TESTS)
    result = project.runpytest_subprocess()
    result.assert_outcomes(errors=24)
    lines = result.stdout.lines
    full = [line for line in lines if "could not get a PostgreSQL server" in line and "Fix:" in line]
    # The header line has the long text; no test repeats it.
    assert len(full) == 1 and full[0].startswith("dbseed: "), "\n".join(full)
    pointers = [line for line in lines if line.startswith("pytest-dbseed: the same error as ")]
    assert len(pointers) == 24
    assert all("as the dbseed line of the header (shown there in full)" in line for line in pointers)
    # Each test's report is a header line and one line: well under what 24 copies would take.
    assert len(lines) < 24 * 4 + 40, result.stdout.str()


def test_a_default_data_set_that_fails_is_shown_in_full_once(project: pytest.Pytester) -> None:
    project.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def dbseed_overrides():
            # One email for every agent: the unique column cannot take it.
            return {"agent": {"email": "same@example.com"}}
        """
    )
    project.makepyfile(test_many=TESTS)
    result = project.runpytest_subprocess("--seed-count=3")
    result.assert_outcomes(errors=24)
    out = result.stdout.str()
    # Only the ERRORS section: the short summary repeats each message cut to the terminal's width.
    errors = out.split("short test summary info")[0]
    assert errors.count("could not seed the default data set") == 1 + 23  # full once, then pointers
    pointers = [line for line in result.stdout.lines if line.startswith("pytest-dbseed: the same error as ")]
    assert len(pointers) == 23
    assert all("as in test_many.py::test_0 (shown there in full)" in line for line in pointers)
    assert "Traceback" not in out
