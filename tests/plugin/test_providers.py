"""ini ``dbseed_providers``: a project's Faker providers usable as ``fake("name")``."""

from __future__ import annotations

import pytest

PROVIDERS = """
from faker.providers import BaseProvider


class AcmeProvider(BaseProvider):
    def acme_note(self):
        return "acme-" + self.random_element(("red", "blue", "green"))


class TeamNames(BaseProvider):
    def squad(self):
        return "Squad " + str(self.random_int(1, 99))
"""

TESTS = """
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import PaymentHistory, Team
from pytest_dbseed import fake, rows


@pytest.mark.seed(PaymentHistory=rows(12, note=fake("acme_note")), Team=rows(4, name=fake("squad")))
def test_providers_fill_columns(seeded_session):
    notes = seeded_session.scalars(sa.select(PaymentHistory.note)).all()
    assert len(notes) == 12 and {n.split("-")[0] for n in notes} == {"acme"}
    names = seeded_session.scalars(sa.select(Team.name).order_by(Team.id)).all()
    assert all(n.startswith("Squad ") for n in names)
    Path("values.txt").write_text(repr((notes, names)))


def test_in_the_handle_too(dbseed, seeded_session):
    dbseed.add(Team=rows(2, name=fake("squad")))
    names = seeded_session.scalars(sa.select(Team.name).order_by(Team.id.desc()).limit(2)).all()
    assert all(n.startswith("Squad ") for n in names)
"""


def test_ini_providers_are_usable_in_markers_and_deterministic(project: pytest.Pytester) -> None:
    project.makepyfile(acmefakes=PROVIDERS, test_acme=TESTS)
    project.makeini(
        """
        [pytest]
        dbseed_models = models:Base
        dbseed_providers =
            acmefakes:AcmeProvider
            acmefakes.TeamNames
        """
    )
    project.runpytest_subprocess().assert_outcomes(passed=2)
    first = (project.path / "values.txt").read_text()
    project.runpytest_subprocess().assert_outcomes(passed=2)
    assert (project.path / "values.txt").read_text() == first


def test_a_provider_that_does_not_import_stops_the_run_once(project: pytest.Pytester) -> None:
    project.makepyfile(
        acmefakes=PROVIDERS,
        test_a="def test_a(seeded_session):\n    pass\n\ndef test_b(seeded_session):\n    pass\n",
    )
    project.makeini(
        "[pytest]\ndbseed_models = models:Base\ndbseed_providers = acmefakes:AcmeProvider nope.fakes:Sku\n"
    )
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = result.stderr.str()
    assert text.count("nope.fakes:Sku") == 1
    assert "pytest-dbseed: dbseed_providers 'nope.fakes:Sku' does not import" in text


@pytest.mark.slow
def test_a_name_that_is_not_a_provider_class_is_refused(project: pytest.Pytester) -> None:
    project.makepyfile(acmefakes=PROVIDERS + "\nNOT_A_CLASS = 3\n",
                       test_a="def test_a(seeded_session):\n    pass\n")
    project.makeini("[pytest]\ndbseed_models = models:Base\ndbseed_providers = acmefakes:NOT_A_CLASS\n")
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert (
        "dbseed_providers 'acmefakes:NOT_A_CLASS': 3 is not a Faker provider class"
        in result.stderr.str()
    )


def test_a_path_that_names_no_class_is_a_usage_error(project: pytest.Pytester) -> None:
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    project.makeini("[pytest]\ndbseed_models = models:Base\ndbseed_providers = acme\n")
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "ini option dbseed_providers: 'acme' is not the import path of a class" in result.stderr.str()


@pytest.mark.slow
def test_a_toml_list_of_providers(project: pytest.Pytester) -> None:
    project.makepyfile(
        acmefakes=PROVIDERS,
        test_toml="""
        import pytest
        import sqlalchemy as sa
        from models import Team
        from pytest_dbseed import fake, rows

        @pytest.mark.seed(Team=rows(3, name=fake("squad")))
        def test_squads(seeded_session):
            names = seeded_session.scalars(sa.select(Team.name)).all()
            assert len(names) == 3 and all(n.startswith("Squad ") for n in names)
        """,
    )
    (project.path / "tox.ini").unlink()
    project.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        dbseed_models = "models:Base"
        dbseed_providers = ["acmefakes:AcmeProvider", "acmefakes:TeamNames"]
        """
    )
    project.runpytest_subprocess().assert_outcomes(passed=1)
