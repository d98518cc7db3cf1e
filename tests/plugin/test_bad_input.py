"""Bad input: one clear error for the test concerned, or one usage error for the run."""

from __future__ import annotations

import pytest


def test_unknown_model_names_the_closest_and_the_known_ones(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest

        @pytest.mark.seed(Usr=3)
        def test_typo(seeded_session):
            pass

        def test_fine(seeded_session):
            pass
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*@pytest.mark.seed on test_unknown_model*::test_typo: unknown table or model 'Usr'. "
         "Did you mean 'User'? Known names: Agent, Balance, Membership, PaymentHistory, Profile, "
         "Team, User, agent, *"]
    )
    # One sentence, not a traceback through the plugin.
    assert "fixtures.py" not in result.stdout.str()


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("User=-1", "*count for 'User' is -1, which is negative; use an integer >= 0*"),
        ("User='10'", "*count for 'User' is '10' (str); use an integer >= 0 or *rows(*"),
        ("User=2.5", "*count for 'User' is 2.5 (float)*"),
        ("User=True", "*count for 'User' is True (bool)*"),
        ("[('User', 1)]", "*positional argument 1 is a list; positional arguments must be dicts*"),
        ("User=1, user=2", "*'User' and 'user' both name table 'user'; give its count once*"),
    ],
)
def test_bad_counts_fail_that_test_only(
    project: pytest.Pytester, marker: str, message: str
) -> None:
    project.makepyfile(
        f"""
        import pytest

        @pytest.mark.seed({marker})
        def test_bad(seeded_connection):
            pass

        def test_fine(seeded_connection):
            pass
        """
    )
    result = project.runpytest_subprocess("--seed-count=1")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([message])


def test_marker_without_a_seeding_fixture(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest

        @pytest.mark.seed(User=5)
        def test_forgot_the_fixture():
            pass
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*@pytest.mark.seed on *::test_forgot_the_fixture seeds nothing without a seeding "
         "fixture: request seeded_session (ORM Session), seeded_connection (Core Connection), "
         "dbseed (the seeding handle), async_seeded_session or async_seeded_connection*"]
    )


def test_module_and_class_markers_leave_plain_tests_alone(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest
        from dbhelpers import count
        from models import Agent

        pytestmark = pytest.mark.seed(Agent=5)

        def test_uses_db(seeded_connection):
            assert count(seeded_connection, Agent) == 5

        def test_pure_unit():
            assert 1 + 1 == 2

        @pytest.mark.seed(Agent=3)
        class TestGroup:
            def test_plain_method(self):
                pass

            def test_seeded_method(self, seeded_connection):
                assert count(seeded_connection, Agent) == 3
        """
    )
    project.runpytest_subprocess().assert_outcomes(passed=4)


def test_models_that_do_not_import_stop_the_run_once(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        def test_a(seeded_session):
            pass

        def test_b(seeded_session):
            pass
        """
    )
    result = project.runpytest_subprocess("--dbseed-models=nowhere.models:Base")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: pytest-dbseed: dbseed_models 'nowhere.models:Base' does not import*"]
    )
    assert result.stderr.str().count("does not import") == 1


def test_models_attribute_that_is_not_a_base(project: pytest.Pytester) -> None:
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    result = project.runpytest_subprocess("--dbseed-models=models:sa")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*'sa' is a module, not a declarative base or a MetaData*"])


def test_bare_module_path_finds_the_metadata(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        from dbhelpers import count
        from models import User

        def test_a(seeded_connection):
            assert count(seeded_connection, User) == 2
        """
    )
    project.runpytest_subprocess("--dbseed-models=models", "--seed-count=2").assert_outcomes(
        passed=1
    )


def test_no_models_configured_is_a_usage_error(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\n")
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*pytest-dbseed does not know your models: set `dbseed_models = pkg.module:Base`*"]
    )


def test_runs_without_dbseed_tests_need_no_models(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\n")
    project.makepyfile("def test_a():\n    pass\n")
    project.runpytest_subprocess().assert_outcomes(passed=1)


def test_unreachable_server_is_one_clear_line(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBSEED_URL", "postgresql+psycopg2://me:hunter2@127.0.0.1:1/postgres")
    project.makepyfile(
        """
        def test_a(seeded_session):
            pass

        def test_b(seeded_session):
            pass
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*pytest-dbseed could not get a PostgreSQL server: *"])
    assert "hunter2" not in result.stdout.str()
    assert "Traceback" not in result.stdout.str()
