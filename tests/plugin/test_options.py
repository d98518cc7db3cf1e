"""Options, ini twins, precedence, the seed option, --help and --markers (no database needed)."""

from __future__ import annotations

import re

import pytest

SIMPLE = """
def test_nothing():
    pass
"""


def header_seed(result: pytest.RunResult) -> int:
    for line in result.outlines:
        m = re.match(r"dbseed: seed (\d+) ", line)
        if m:
            return int(m.group(1))
    raise AssertionError("no dbseed header line:\n" + result.stdout.str())


def test_help_lists_every_option_and_ini_twin(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(
        [
            "pytest-dbseed: seeded PostgreSQL databases:",
            "*--seed-count=N*rows per table*",
            "*--dbseed-models=IMPORT*",
            "*--dbseed-url=URL*",
            "*--dbseed-backend={auto,docker,local,url}*",
            "*--dbseed-seed=INT|random|last*",
            "*--dbseed-locale=LOCALE*",
            "*--dbseed-keep*",
        ]
    )
    for ini in (
        "seed_count",
        "dbseed_models",
        "dbseed_url",
        "dbseed_backend",
        "dbseed_seed",
        "dbseed_locale",
        "dbseed_keep",
    ):
        result.stdout.fnmatch_lines([f"  {ini} (*"])


def test_markers_lists_the_seed_marker_with_its_signature(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(
        ["@pytest.mark.seed(*counts: dict, only=False, **counts): seed this test's database*"]
    )


def test_strict_markers_accepts_the_marker(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest

        @pytest.mark.seed(User=1)
        def test_marked():
            pass
        """
    )
    result = project.runpytest_subprocess("--co", "--strict-markers")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*1 test collected*"])


def test_header_shows_seed_backend_and_models(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    result = project.runpytest_subprocess("--co")
    result.stdout.fnmatch_lines(
        [
            "dbseed: seed 0 (fixed; repeat with --dbseed-seed=0), backend url, url *, "
            "models models:Base, seed-count 10"
        ]
    )


def test_header_masks_the_url_password(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    result = project.runpytest_subprocess(
        "--co", "--dbseed-url=postgresql://me:hunter2@db.invalid:5432/postgres"
    )
    assert "hunter2" not in result.stdout.str()
    result.stdout.fnmatch_lines(["dbseed: *url postgresql://me:***@db.invalid:5432/postgres*"])


def test_command_line_beats_ini_beats_env(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    project.makeini(
        """
        [pytest]
        dbseed_models = models:Base
        seed_count = 4
        dbseed_seed = 11
        dbseed_url = postgresql://from-ini.invalid/postgres
        """
    )
    # env (DBSEED_URL, set by the fixture) loses to ini; ini loses to the command line.
    result = project.runpytest_subprocess("--co", "--dbseed-seed=12")
    result.stdout.fnmatch_lines(
        ["dbseed: seed 12 *url postgresql://from-ini.invalid/postgres*seed-count 4"]
    )


def test_env_beats_default(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    project.makepyfile(SIMPLE)
    monkeypatch.setenv("DBSEED_URL", "postgresql://from-env.invalid/postgres")
    result = project.runpytest_subprocess("--co")
    result.stdout.fnmatch_lines(["dbseed: *backend url, url postgresql://from-env.invalid/*"])


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("--seed-count=-3", "*--seed-count: '-3' is negative; a row count is an integer >= 0*"),
        ("--seed-count=ten", "*--seed-count: 'ten' is not a row count (an integer >= 0)*"),
        (
            "--dbseed-seed=abc",
            "*--dbseed-seed: 'abc' is not an integer or the string 'random' or 'last'*",
        ),
        ("--dbseed-backend=cloud", "*--dbseed-backend: 'cloud' is not a backend; choose one of*"),
        ("--dbseed-models=not a path", "*--dbseed-models: 'not a path' is not an import path*"),
        ("--dbseed-url=localhost", "*--dbseed-url: 'localhost' is not a database URL*"),
    ],
)
def test_bad_flag_is_a_usage_error(project: pytest.Pytester, flag: str, message: str) -> None:
    project.makepyfile(SIMPLE)
    result = project.runpytest_subprocess(flag)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_bad_ini_value_names_the_ini_key(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    project.makeini(
        """
        [pytest]
        seed_count = lots
        """
    )
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*ini option seed_count: 'lots' is not a row count*"])


def test_random_seed_then_last_reuses_it(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    first = header_seed(project.runpytest_subprocess("--co", "--dbseed-seed=random"))
    again = project.runpytest_subprocess("--co", "--dbseed-seed=last")
    assert header_seed(again) == first
    again.stdout.fnmatch_lines(["dbseed: seed * (last run's; repeat with *"])


def test_last_without_a_previous_run_uses_the_default(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    result = project.runpytest_subprocess("--co", "--dbseed-seed=last")
    assert header_seed(result) == 0


def test_last_needs_the_cache(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    result = project.runpytest_subprocess("--dbseed-seed=last", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--dbseed-seed=last reads the previous seed from pytest's cache*"]
    )


def test_plugin_imports_nothing_heavy_until_used(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import sys

        def test_no_heavy_imports():
            heavy = [m for m in ("sqlalchemy", "pytest_dbseed.engine", "pytest_dbseed.provision")
                     if m in sys.modules]
            assert heavy == []
        """
    )
    result = project.runpytest_subprocess("-p", "no:faker")
    result.assert_outcomes(passed=1)


def test_backend_url_without_a_url_is_a_usage_error(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBSEED_URL")
    project.makepyfile(SIMPLE)
    result = project.runpytest_subprocess("--dbseed-backend=url")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--dbseed-backend=url needs a server*"])


def test_unknown_locale_is_one_usage_error(project: pytest.Pytester) -> None:
    project.makepyfile("def test_a(seeded_session):\n    pass\n\ndef test_b(dbseed):\n    pass\n")
    result = project.runpytest_subprocess("--dbseed-locale=en_XX")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: pytest-dbseed: --dbseed-locale / dbseed_locale: 'en_XX' is not a Faker "
            "locale. Did you mean *en_*"
        ]
    )
    assert "PostgreSQL" not in result.stdout.str()


def test_known_locales_are_accepted(project: pytest.Pytester) -> None:
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    project.runpytest_subprocess("--dbseed-locale=de_DE,fr-FR").assert_outcomes(passed=1)


def test_bad_keep_ini_value_names_the_ini_key(project: pytest.Pytester) -> None:
    project.makepyfile(SIMPLE)
    project.makeini("[pytest]\ndbseed_keep = maybe\n")
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*ini option dbseed_keep: *maybe*; use true or false*"])
