"""How a project wires pytest-dbseed up: copy this file to your conftest.py.

Installing pytest-dbseed registers the plugin. It needs to know your models, in
one of two ways:

* the ini option (pyproject.toml)::

      [tool.pytest.ini_options]
      dbseed_models = "myapp.models:Base"     # or myapp.models:metadata, or myapp.models
      seed_count = 10                          # rows per table by default

* or, as here, the ``dbseed_metadata`` fixture, for models that need setup first
  (several bases merged, reflected tables, SQLModel).

Everything else has a sensible default: a throwaway PostgreSQL is started when no
``--dbseed-url`` / ``DBSEED_URL`` is given, the seed is fixed (change it with
``--dbseed-seed=random``), and each test is rolled back.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session


@pytest.fixture(scope="session")
def dbseed_metadata() -> sa.MetaData:
    """The models to seed. SQLModel works the same: ``return SQLModel.metadata``."""
    from examples.models import Base

    return Base.metadata


@pytest.fixture
def active_users(seeded_session: Session) -> list[object]:
    """A project fixture built on the seeded data: the active users, by id."""
    from examples.models import User

    query = sa.select(User).where(User.is_active).order_by(User.id)
    return list(seeded_session.scalars(query))
