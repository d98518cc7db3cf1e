"""What users annotate with is exported; the plugin's machinery is not."""

from __future__ import annotations

import pytest

import pytest_dbseed
from pytest_dbseed import fixtures, plugin


def test_dbseed_handle_is_exported_for_annotations() -> None:
    from pytest_dbseed._handle import DbseedHandle

    assert "DbseedHandle" in pytest_dbseed.__all__
    assert pytest_dbseed.DbseedHandle is DbseedHandle


@pytest.mark.parametrize("module", [plugin, fixtures], ids=lambda m: m.__name__)
def test_only_public_fixtures_are_exported(module: object) -> None:
    exported = set(module.__all__)  # type: ignore[attr-defined]
    assert exported == {
        "async_seeded_connection",
        "async_seeded_session",
        "dbseed",
        "dbseed_async_driver",
        "dbseed_overrides",
        "dbseed_create_schema",
        "dbseed_engine",
        "dbseed_lock_timeout",
        "dbseed_metadata",
        "seeded_connection",
        "seeded_session",
    }
    for gone in ("RunState", "RUN_KEY", "ensure_server"):
        assert not hasattr(module, gone), gone


def test_the_dbseed_fixture_is_a_dbseed_handle(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest_dbseed

        def test_annotated(dbseed: pytest_dbseed.DbseedHandle):
            assert isinstance(dbseed, pytest_dbseed.DbseedHandle)
            assert dbseed.count("User") == 2
        """
    )
    project.runpytest_subprocess("--seed-count=2").assert_outcomes(passed=1)
