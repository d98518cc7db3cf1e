"""With pytest-randomly active and no --dbseed-seed, its seed is the data's seed too."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("pytest_randomly")

pytestmark = pytest.mark.slow

DIGEST_TEST = """
from pathlib import Path

from dbhelpers import digest


def test_write_digest(seeded_connection):
    Path("digest.txt").write_text(digest(seeded_connection))
"""


@pytest.fixture
def randomly_project(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """The project with pytest-randomly active (the suite's projects disable it)."""
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    project.makeini("[pytest]\ndbseed_models = models:Base\n")
    project.makepyfile(test_digest=DIGEST_TEST)
    return project


def run(project: pytest.Pytester, *args: str) -> tuple[str, str]:
    """(the dbseed header line, the data's digest) of one run."""
    result = project.runpytest_subprocess("-p", "no:cacheprovider", *args)
    result.assert_outcomes(passed=1)
    header = next(line for line in result.outlines if line.startswith("dbseed: seed "))
    return header, (project.path / "digest.txt").read_text()


def test_randomly_seed_is_the_data_seed_and_reproduces_the_data(
    randomly_project: pytest.Pytester,
) -> None:
    header, first = run(randomly_project, "--randomly-seed=1234")
    assert header.startswith(
        "dbseed: seed 1234 (pytest-randomly's; repeat with --randomly-seed=1234), "
    )
    assert run(randomly_project, "--randomly-seed=1234")[1] == first
    assert run(randomly_project, "--randomly-seed=99")[1] != first


def test_without_randomly_seed_the_one_randomly_picks_is_shown(
    randomly_project: pytest.Pytester,
) -> None:
    result = randomly_project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    text = result.stdout.str()
    picked = re.search(r"Using --randomly-seed=(\d+)", text)
    assert picked is not None, text
    seed = picked.group(1)
    assert f"dbseed: seed {seed} (pytest-randomly's; repeat with --randomly-seed={seed})" in text


def test_an_explicit_dbseed_seed_wins(randomly_project: pytest.Pytester) -> None:
    header, _ = run(randomly_project, "--randomly-seed=1234", "--dbseed-seed=5")
    assert header.startswith("dbseed: seed 5 (fixed; repeat with --dbseed-seed=5), ")
    randomly_project.makeini("[pytest]\ndbseed_models = models:Base\ndbseed_seed = 6\n")
    header, _ = run(randomly_project, "--randomly-seed=1234")
    assert header.startswith("dbseed: seed 6 (fixed; ")


def test_disabled_randomly_leaves_the_default_seed(randomly_project: pytest.Pytester) -> None:
    header, _ = run(randomly_project, "-p", "no:randomly")
    assert header.startswith("dbseed: seed 0 (fixed; repeat with --dbseed-seed=0), ")
