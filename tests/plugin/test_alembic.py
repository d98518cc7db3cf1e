"""``--dbseed-alembic``: the test database built by ``alembic upgrade head``, then seeded.

Each project is made with ``alembic init`` (Alembic's own generated env.py, which reads
``sqlalchemy.url``) and two hand-written migrations; every run is a pytest subprocess on
the session's server.
"""

from __future__ import annotations

import pytest

# Imported before pytester snapshots sys.modules: an import inside a test would be undone at
# its teardown, and the next import would register SQLAlchemy's PostgreSQL functions twice.
pytest.importorskip("alembic")
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402

REV_1 = '''
"""customers"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(120), nullable=False, unique=True),
        sa.Column("name", sa.String(80), nullable=False),
    )
'''

REV_2 = '''
"""orders"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("total", sa.Numeric(10, 2), nullable=False),
        sa.CheckConstraint("total >= 0", name="total_not_negative"),
    )
'''

BROKEN_REV_3 = '''
"""a broken one"""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.execute("UPDATE no_such_table SET x = 1")
'''

MODELS = '''
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
'''

TESTS = '''
import logging
import sys

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

# A logger of the app, made before alembic's env.py runs logging.config.fileConfig().
APP_LOG = logging.getLogger("myapp.service")


def count(conn, table):
    return conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))


def test_default_data_fills_the_migrated_tables(seeded_connection, dbseed):
    assert count(seeded_connection, "customer") == 4
    assert count(seeded_connection, "orders") == 4
    assert "alembic_version" not in dbseed.counts
    assert seeded_connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0002"
    assert not APP_LOG.disabled  # env.py's fileConfig() did not silence the app's loggers


@pytest.mark.seed(orders=9)
def test_marked_test_keeps_the_version_table(seeded_connection):
    assert count(seeded_connection, "orders") == 9
    assert count(seeded_connection, "alembic_version") == 1


def test_alembic_current_still_works(dbseed_engine, capsys):
    cfg = Config("alembic.ini", stdout=sys.stdout)
    cfg.set_main_option("sqlalchemy.url", dbseed_engine.url.render_as_string(hide_password=False))
    command.current(cfg)
    assert "0002 (head)" in capsys.readouterr().out
'''


def alembic_project(project: pytest.Pytester, ini_extra: str = "", broken: bool = False) -> None:
    """``alembic init migrations`` in the project, two migrations, an ini naming them."""
    command.init(Config(str(project.path / "alembic.ini")), str(project.path / "migrations"))
    versions = project.path / "migrations" / "versions"
    (versions / "0001_customers.py").write_text(REV_1)
    (versions / "0002_orders.py").write_text(REV_2)
    if broken:
        (versions / "0003_broken.py").write_text(BROKEN_REV_3)
    project.makeini(
        f"""
        [pytest]
        dbseed_alembic = alembic.ini
        seed_count = 4
        addopts = -p no:randomly
        {ini_extra}
        """
    )


@pytest.mark.slow
def test_the_migrated_database_is_reflected_seeded_and_alembic_current_works(
    project: pytest.Pytester,
) -> None:
    alembic_project(project)
    project.makepyfile(test_migrated=TESTS)
    # From a subdirectory: the ini path is relative to the rootdir, alembic runs from its own.
    sub = project.mkdir("sub")
    result = project.runpytest_subprocess("-v", str(project.path), "--rootdir", str(project.path))
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["dbseed: *models reflected from the migrated database*"])
    assert sub.exists()


@pytest.mark.slow
def test_models_seed_an_alembic_built_database(project: pytest.Pytester) -> None:
    alembic_project(project, "dbseed_models = appmodels:Base")
    project.makepyfile(
        appmodels=MODELS,
        test_models="""
        import sqlalchemy as sa
        from appmodels import Customer

        def test_models_rows(seeded_session, dbseed):
            assert seeded_session.scalar(sa.select(sa.func.count()).select_from(Customer)) == 4
            # Not in the models: the migrated orders table is left as the migrations made it.
            assert seeded_session.scalar(sa.text("SELECT count(*) FROM orders")) == 0
            assert dbseed.count(Customer) == 4
        """,
    )
    project.runpytest_subprocess("--dbseed-alembic=alembic.ini").assert_outcomes(passed=1)


@pytest.mark.slow
def test_a_model_the_migrations_lack_is_named(project: pytest.Pytester) -> None:
    alembic_project(project, "dbseed_models = appmodels:Base")
    project.makepyfile(
        appmodels=MODELS
        + '''

class Invoice(Base):
    __tablename__ = "invoice"
    id: Mapped[int] = mapped_column(primary_key=True)
''',
        test_models="def test_a(seeded_session):\n    pass\n",
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the models name tables that alembic upgrade head (*alembic.ini) did not create: "
         "invoice; add them to the schema (a new migration) or leave them out of the models*"]
    )


@pytest.mark.slow
def test_a_failing_migration_is_named_with_its_error(project: pytest.Pytester) -> None:
    alembic_project(project, broken=True)
    project.makepyfile("def test_a(seeded_connection):\n    pass\n")
    result = project.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ['*--dbseed-alembic / dbseed_alembic *alembic.ini: migration 0003 "a broken one" '
         '(0003_broken.py) failed: ProgrammingError: *relation "no_such_table" does not exist*'
         "fix that migration*"]
    )
    assert "Traceback" not in result.stdout.str()


def test_a_wrong_path_stops_the_run_once(project: pytest.Pytester) -> None:
    project.makepyfile("def test_a(seeded_connection):\n    pass\n\n"
                       "def test_b(seeded_connection):\n    pass\n")
    result = project.runpytest_subprocess("--dbseed-alembic=db/nope.ini")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = result.stderr.str()
    assert text.count("nope.ini") == 1
    assert "--dbseed-alembic / dbseed_alembic: " in text
    assert "db/nope.ini does not exist; give the path of your alembic.ini" in text


@pytest.mark.slow
def test_alembic_not_installed_says_how_to_install_it(project: pytest.Pytester) -> None:
    alembic_project(project)
    # A package named alembic earlier on the path that fails to import, as a missing one does.
    project.mkpydir("alembic").joinpath("__init__.py").write_text(
        "raise ImportError('No module named alembic')\n"
    )
    project.makepyfile("def test_a(seeded_connection):\n    pass\n")
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert (
        "--dbseed-alembic / dbseed_alembic needs Alembic, which is not installed: "
        "pip install alembic (or pip install 'pytest-dbseed[alembic]')"
    ) in result.stderr.str()


def test_help_lists_the_option(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--dbseed-alembic=PATH*"])
    result.stdout.fnmatch_lines(["  dbseed_alembic (*", "  dbseed_providers (*"])


@pytest.mark.slow
def test_every_xdist_worker_migrates_its_own_database(project: pytest.Pytester) -> None:
    alembic_project(project)
    project.makepyfile(test_migrated=TESTS)
    result = project.runpytest_subprocess("-n", "2")
    result.assert_outcomes(passed=3)


ELSEWHERE_ENV = """
import sqlalchemy as sa
from alembic import context

# Ignores sqlalchemy.url and the connection it is given: migrates a scratch SQLite file.
engine = sa.create_engine("sqlite:///elsewhere.db")
with engine.connect() as conn:
    context.configure(connection=conn, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""


@pytest.mark.slow
def test_an_env_py_that_migrates_another_database_is_refused(project: pytest.Pytester) -> None:
    alembic_project(project)
    (project.path / "migrations" / "env.py").write_text(ELSEWHERE_ENV)
    project.makepyfile("def test_a(seeded_connection):\n    pass\n")
    result = project.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    assert (
        "alembic.ini: `alembic upgrade head` left the test database at no revision instead "
        "of 0002: its env.py connects somewhere else; make env.py use "
        "config.get_main_option('sqlalchemy.url') or config.attributes['connection']"
    ) in result.stdout.str()
    assert (project.path / "elsewhere.db").exists()  # alembic ran from the ini's directory
