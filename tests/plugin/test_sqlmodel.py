"""SQLModel models seed as docs/recipes/sqlmodel.md says: unique, optional, foreign keys,
``fake()`` overrides, ``.exec()``."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlmodel")

MODELS = """
from typing import Optional

from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=40)
    headquarters: str


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    secret_name: str
    email: str = Field(unique=True)
    age: Optional[int] = Field(default=None, ge=0)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
"""

TESTS = """
import pytest
from sqlmodel import select

from pytest_dbseed import fake, rows
from heroes import Hero, Team


@pytest.mark.seed(Hero=rows(40, secret_name=fake("user_name")), Team=4)
def test_heroes(seeded_session):
    heroes = seeded_session.exec(select(Hero)).all()
    teams = {t.id for t in seeded_session.exec(select(Team)).all()}
    assert len(heroes) == 40 and len(teams) == 4
    assert len({h.email for h in heroes}) == 40
    assert all("@" in h.email for h in heroes)
    assert {h.team_id for h in heroes if h.team_id is not None} <= teams
    assert all(h.secret_name and " " not in h.secret_name for h in heroes)


def test_default(seeded_session, dbseed):
    assert dbseed.counts == {"team": 3, "hero": 3}
"""


@pytest.mark.slow
def test_sqlmodel_models_seed_with_overrides(project: pytest.Pytester) -> None:
    project.makepyfile(heroes=MODELS, test_heroes=TESTS)
    result = project.runpytest_subprocess("--dbseed-models=heroes", "--seed-count=3")
    result.assert_outcomes(passed=2)
