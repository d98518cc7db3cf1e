"""A small example suite: the seed marker, the fixtures and --seed-count.

Run it with ``pytest examples/`` (add ``--seed-count=50`` to change the default data set).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from examples.models import Agent, Balance, PaymentHistory, User
from pytest_dbseed import rows


def count(session: Session, model: type) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_default_data_set(seeded_session: Session, dbseed) -> None:
    # Without a marker every table holds --seed-count rows (10 unless told otherwise).
    for model in (Agent, User, PaymentHistory, Balance):
        assert count(seeded_session, model) == dbseed.count(model) > 0


@pytest.mark.seed(User=100)
def test_search_is_paginated(seeded_session: Session) -> None:
    page = seeded_session.scalars(sa.select(User).order_by(User.id).limit(25)).all()
    assert len(page) == 25
    assert count(seeded_session, User) == 100


@pytest.mark.seed(PaymentHistory=rows(5, currency="EUR"), only=True)
def test_only_what_the_test_needs(seeded_session: Session) -> None:
    # only=True: tables the marker does not name stay empty, except the parents needed.
    assert count(seeded_session, PaymentHistory) == 5
    assert {p.currency for p in seeded_session.scalars(sa.select(PaymentHistory))} == {"EUR"}
    assert count(seeded_session, User) >= 1
    assert count(seeded_session, Balance) == 0


def test_code_under_test_may_commit(seeded_session: Session, dbseed) -> None:
    agent = seeded_session.scalars(sa.select(Agent)).first()
    assert agent is not None
    agent.name = "renamed by the test"
    seeded_session.commit()  # releases a savepoint; the outer transaction is rolled back
    assert seeded_session.get(Agent, agent.id).name == "renamed by the test"


def test_the_commit_above_is_gone(seeded_session: Session) -> None:
    names = set(seeded_session.scalars(sa.select(Agent.name)))
    assert "renamed by the test" not in names


def test_seed_more_rows_inside_a_test(seeded_connection: sa.Connection, dbseed) -> None:
    before = dbseed.count(User)
    dbseed.add(User=3)
    users = seeded_connection.scalar(sa.select(sa.func.count()).select_from(User.__table__))
    assert users == before + 3 == dbseed.count("user")
