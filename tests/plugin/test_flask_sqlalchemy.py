"""Flask-SQLAlchemy 3: ``db.session`` is the seeded session (``pytest_dbseed.flask_sqlalchemy``).

The recipe of docs/recipes/flask-sqlalchemy.md, run as written in a pytester project.
"""

from __future__ import annotations

import pytest

pytest.importorskip("flask_sqlalchemy")

APP = """
import sqlalchemy as sa
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Author(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)


class Post(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("author.id"))
    title: Mapped[str] = mapped_column(sa.String(200))


def create_app(url):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)

    @app.get("/authors")
    def authors():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Author))
        return jsonify(count=count, legacy=Author.query.count())

    @app.post("/authors")
    def add_author():
        db.session.add(Author(name=request.json["name"], email=request.json["email"]))
        if request.args.get("commit", "1") == "1":
            db.session.commit()
        return jsonify(ok=True), 201

    return app
"""

CONFTEST = """
import pytest

from app import create_app, db
from pytest_dbseed.flask_sqlalchemy import use_session


@pytest.fixture(scope="session")
def app(dbseed_engine):
    return create_app(dbseed_engine.url.render_as_string(hide_password=False))


@pytest.fixture
def client(app, seeded_session):
    with use_session(db, seeded_session):
        yield app.test_client()
"""

TESTS = """
import pytest
import sqlalchemy as sa

from app import Author, db


def test_routes_see_the_seeded_rows(client):
    assert client.get("/authors").json == {"count": 5, "legacy": 5}


@pytest.mark.seed(Author=3, Post=0)
def test_routes_see_the_markers_rows(client):
    assert client.get("/authors").json["count"] == 3


def test_a_commit_in_a_route_is_seen_by_the_test(client, seeded_session):
    assert client.post("/authors", json={"name": "Ada", "email": "ada@example.org"}).status_code == 201
    assert client.get("/authors").json["count"] == 6
    assert seeded_session.scalar(sa.select(Author.name).where(Author.email == "ada@example.org")) == "Ada"


def test_and_rolled_back_after_the_test(client):
    assert client.get("/authors").json["count"] == 5


def test_uncommitted_work_ends_with_the_request_as_in_production(client):
    client.post("/authors?commit=0", json={"name": "Bob", "email": "bob@example.org"})
    assert client.get("/authors").json["count"] == 5


def test_db_session_in_an_app_context_is_the_seeded_session(app, client, seeded_session):
    with app.app_context():
        assert db.session() is seeded_session
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Author)) == 5
        db.session.add(Author(name="Cy", email="cy@example.org"))
        db.session.commit()
    assert seeded_session.scalar(sa.select(sa.func.count()).select_from(Author)) == 6


def test_outside_the_block_db_session_is_flask_sqlalchemys_own(app, seeded_session):
    with app.app_context():
        assert db.session() is not seeded_session
"""


@pytest.mark.slow
def test_db_session_is_the_seeded_session_in_routes_and_app_contexts(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(app=APP, conftest=CONFTEST, test_app=TESTS)
    project.makeini("[pytest]\ndbseed_models = app:db\nseed_count = 5\n")
    result = project.runpytest_subprocess("-v", "-W", "error::sqlalchemy.exc.SAWarning")
    result.assert_outcomes(passed=7)


def test_use_session_refuses_what_is_not_an_extension() -> None:
    from pytest_dbseed.errors import ConfigError
    from pytest_dbseed.flask_sqlalchemy import use_session

    with pytest.raises(ConfigError, match="needs a Flask-SQLAlchemy extension"):
        with use_session(object(), None):  # type: ignore[arg-type]
            pass
