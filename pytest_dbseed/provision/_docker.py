"""PostgreSQL in a container, through testcontainers' ``PostgresContainer``."""

from __future__ import annotations

import importlib
import secrets
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.errors import ProvisionError, mask_url
from pytest_dbseed.provision._server import Server, register
from pytest_dbseed.provision._url import server_version

__all__ = ["DEFAULT_IMAGE", "DockerServer", "docker_available", "start_docker"]

DEFAULT_IMAGE = "postgres:16-alpine"
PING_TIMEOUT = 1.0


def docker_available(timeout: float = PING_TIMEOUT) -> tuple[bool, str]:
    """Whether a Docker daemon answers a ping within ``timeout`` seconds, and why not."""
    try:
        # Through importlib: the SDK ships no type hints, and stubs may or may not be installed.
        docker: Any = importlib.import_module("docker")
    except ImportError:
        return False, "the docker package is not installed"
    try:
        client = docker.from_env(timeout=max(1, round(timeout)))
    except Exception as exc:  # noqa: BLE001 - the SDK raises many kinds here
        return False, f"no Docker daemon found ({_short(exc)})"
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        return False, f"the Docker daemon did not answer ({_short(exc)})"
    finally:
        client.close()
    return True, "the Docker daemon answered"


def _short(exc: BaseException) -> str:
    text = mask_url(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _container_class() -> Any:
    try:  # testcontainers >= 4.14 moved the module; older 4.x only has the first path.
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:
        from testcontainers.postgres import PostgresContainer
    return PostgresContainer


class DockerServer(Server):
    """A PostgreSQL container; removed at stop unless kept."""

    def __init__(self, url: sa.URL, version: str, container: Any, image: str, keep: bool) -> None:
        super().__init__(url, "docker", version, keep=keep)
        self.container = container
        self.image = image

    def describe(self) -> str:
        return (
            f"docker container PostgreSQL {self.version} at {self.url.host}:{self.url.port} "
            f"({self.image})"
        )

    def container_id(self) -> str:
        """The container's short id (``<container>`` if Docker cannot say)."""
        try:
            return str(self.container.get_container_id())[:12]
        except Exception:  # noqa: BLE001 - the hint must not fail
            return "<container>"

    def connect_hint(self, database: str | None = None) -> str:
        return f"psql {self._psql_url(database)}   (remove it with: {self.stop_command()})"

    def stop_command(self) -> str:
        return f"docker rm -f {self.container_id()}"

    def _shutdown(self) -> None:
        self.container.stop()


def start_docker(image: str | None = None, *, keep: bool = False) -> DockerServer:
    """Start a PostgreSQL container and wait until it answers a real query."""
    image = image or DEFAULT_IMAGE
    container_cls = _container_class()
    if keep:
        # The Ryuk reaper removes containers when this process ends; --dbseed-keep must not.
        from testcontainers.core.config import testcontainers_config

        testcontainers_config.ryuk_disabled = True
    password = secrets.token_urlsafe(18)
    try:
        container = container_cls(
            image=image,
            username="postgres",
            password=password,
            dbname="postgres",
            driver="psycopg2",
        )
    except Exception as exc:
        raise ProvisionError.no_docker(image, _short(exc)) from exc
    try:
        container.start()
        url = sa.make_url(container.get_connection_url())
        version = server_version(url)
    except Exception as exc:
        try:
            container.stop()
        except Exception:  # noqa: BLE001 - report the first failure
            pass
        raise ProvisionError.docker_failed(image, _short(exc)) from exc
    server = DockerServer(url, version, container, image, keep)
    register(server)
    return server
