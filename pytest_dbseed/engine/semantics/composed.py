"""Values assembled from parts: paths, URIs, image references, branch and run names,
setting keys, event types, subjects, Markdown and HTML bodies.

Each builder picks its parts from fixed lists (:mod:`.wordlists`) and Faker word pools
with the block RNG; builders whose values must be unique embed the row (hex) where a
real value would have an id, so they stay believable and distinct.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable, Sequence
from typing import Any

import pytest_dbseed.engine.semantics.wordlists as W
from pytest_dbseed.engine.pools import ascii_fold, faker_for, provider_pool
from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.semantics.codes import iban_for, numbered
from pytest_dbseed.engine.semantics.model import Env, Fill, RowFn

Part = Callable[[random.Random], str]
"""One value from the block RNG."""


def _words(env: Env) -> list[str]:
    words = [ascii_fold(str(w)) for w in provider_pool(env.locales, "word")]
    return [w for w in dict.fromkeys(words) if len(w) >= 3] or ["report", "data", "notes"]


def _fit(value: str, max_len: int | None) -> str:
    return value if max_len is None else value[:max_len]


def _fill(env: Env, make: Callable[[Env], Part]) -> Fill:
    part = make(env)
    max_len = env.max_len

    def fill(rng: random.Random, n: int) -> list[Any]:
        return [_fit(part(rng), max_len) for _ in range(n)]

    return fill


def builder(make: Callable[[Env], Part]) -> Callable[[Env], Fill]:
    """A semantic ``build`` from a function making one value from the block RNG."""
    return lambda env: _fill(env, make)


def unique_with_row(
    make: Callable[[Env, int], Callable[[int], str]],
) -> Callable[[Env, int], tuple[RowFn, int | None]]:
    """A semantic ``unique_rows`` from ``make(env, key) -> (row -> value)``."""

    def unique(env: Env, key: int) -> tuple[RowFn, int | None]:
        fn = make(env, key)
        m = env.max_len
        if m is None:
            return (lambda start, stop: [fn(r) for r in range(start, stop)]), None
        # Too long for the column: its end, which holds the row (and an extension), stays.
        return (lambda start, stop: [v if len(v) <= m else v[-m:].lstrip("/-")
                                     for v in map(fn, range(start, stop))]), None  # fmt: skip

    return unique


def _pick(seq: Sequence[str], h: int) -> str:
    return seq[h % len(seq)]


# --------------------------------------------------------------------------- files


def _slug(words: Sequence[str], rng: random.Random) -> str:
    return "-".join(rng.choices(words, k=1 + int(rng.random() * 2)))


def _file_stem(words: Sequence[str], rng: random.Random) -> str:
    n = int(rng.random() * 6)
    if n == 0:
        return f"IMG_{1000 + int(rng.random() * 9000)}"
    if n == 1:
        kind = rng.choice(("invoice", "report", "statement", "export"))
        return f"{kind}-2024-{1 + int(rng.random() * 12):02d}"
    return _slug(words, rng)


def file_name(env: Env) -> Part:
    words = _words(env)
    return lambda rng: _file_stem(words, rng) + "." + rng.choice(W.FILE_EXTENSIONS)


def file_path(env: Env) -> Part:
    words = _words(env)
    return lambda rng: (rng.choice(W.DIRECTORIES) + "/" + _file_stem(words, rng) + "."
                        + rng.choice(W.FILE_EXTENSIONS))  # fmt: skip


def file_path_rows(env: Env, key: int) -> Callable[[int], str]:
    words = _words(env)

    def at(r: int) -> str:
        h = mix64(r ^ key)
        return (f"{_pick(W.DIRECTORIES, h)}/{_pick(words, h >> 8)}-{r:x}."
                f"{_pick(W.FILE_EXTENSIONS, h >> 20)}")  # fmt: skip

    return at


def dir_path(env: Env) -> Part:
    words = _words(env)
    return lambda rng: rng.choice(W.DIRECTORIES) + ("/" + rng.choice(words) if rng.random() < 0.5
                                                    else "")  # fmt: skip


def url_path(env: Env) -> Part:
    words = _words(env)
    sections = ("blog", "docs", "products", "help", "news", "account", "api/v1", "about",
                "pricing", "careers")  # fmt: skip
    return lambda rng: "/" + rng.choice(sections) + "/" + _slug(words, rng)


def url_path_rows(env: Env, key: int) -> Callable[[int], str]:
    words = _words(env)
    return lambda r: f"/{_pick(('blog', 'docs', 'pages'), r)}/{_pick(words, mix64(r ^ key))}-{r:x}"


def repo_path(env: Env) -> Part:
    return lambda rng: rng.choice(W.TEAMS) + "/" + rng.choice(W.SERVICES) + rng.choice(
        ("", "", "-service", "-api", "-web", "-worker", "-sdk"))  # fmt: skip


def repo_path_rows(env: Env, key: int) -> Callable[[int], str]:
    return lambda r: (f"{_pick(W.TEAMS, mix64(r ^ key))}/{_pick(W.SERVICES, mix64(r ^ key) >> 9)}"
                      f"-{r:x}")  # fmt: skip


def repo_url(env: Env) -> Part:
    path = repo_path(env)
    return lambda rng: "https://git.example.com/" + path(rng) + ".git"


def bucket_name(env: Env) -> Part:
    orgs = ("acme", "initech", "globex", "umbrella", "hooli", "stark")
    return lambda rng: (rng.choice(orgs) + "-" + rng.choice(("prod", "staging", "dev", "ml"))
                        + "-" + rng.choice(W.BUCKET_WORDS))  # fmt: skip


def _uri(bucket: str, h: int, hex32: str) -> str:
    n = h % 5
    if n <= 1:
        return f"s3://{bucket}/{h % 40}/{hex32}/artifacts"
    if n == 2:
        return f"gs://{bucket}/runs/{hex32}/artifacts"
    if n == 3:
        return f"file:///var/lib/mlflow/mlruns/{h % 40}/{hex32}/artifacts"
    return f"https://storage.example.com/{bucket}/{hex32}/model.pkl"


def storage_uri(env: Env) -> Part:
    bucket = bucket_name(env)
    return lambda rng: _uri(bucket(rng), rng.getrandbits(32), f"{rng.getrandbits(128):032x}")


def storage_uri_rows(env: Env, key: int) -> Callable[[int], str]:
    def at(r: int) -> str:
        h = mix64(r ^ key)
        return _uri(f"acme-{_pick(('prod', 'ml'), h)}-artifacts", h >> 3, f"{h:016x}{r:016x}")

    return at


# --------------------------------------------------------------------------- ops


def docker_tag(env: Env) -> Part:
    def part(rng: random.Random) -> str:
        n = int(rng.random() * 10)
        r = rng.random
        if n < 5:
            return f"{int(r() * 4)}.{int(r() * 20)}.{int(r() * 10)}"
        if n < 7:
            return f"sha-{rng.getrandbits(28):07x}"
        if n < 8:
            return f"v{int(r() * 4)}.{int(r() * 10)}.0-rc.{1 + int(r() * 3)}"
        return ("latest", "stable")[n % 2]

    return part


def docker_image(env: Env) -> Part:
    tag = docker_tag(env)
    library = ("postgres:16-alpine", "redis:7", "nginx:1.25", "python:3.12-slim",
               "node:20-alpine", "alpine:3.19")  # fmt: skip

    def part(rng: random.Random) -> str:
        n = int(rng.random() * 4)
        if n == 0:
            return rng.choice(library)
        registry = ("registry.example.com", "ghcr.io/example", "docker.io/acme")[n - 1]
        return f"{registry}/{rng.choice(W.TEAMS)}/{rng.choice(W.SERVICES)}:{tag(rng)}"

    return part


def git_branch(env: Env) -> Part:
    def part(rng: random.Random) -> str:
        n = int(rng.random() * 8)
        feature = rng.choice(W.FEATURES)
        if n < 2:
            return ("main", "develop")[n]
        if n < 5:
            return f"feature/{feature}"
        if n < 7:
            return f"fix/{100 + int(rng.random() * 900)}-{feature}"
        return f"release/{1 + int(rng.random() * 4)}.{int(rng.random() * 10)}"

    return part


def experiment_name(env: Env) -> Part:
    return lambda rng: (rng.choice(W.MODELS) + "-" + rng.choice(W.DATASETS) + "-"
                        + rng.choice(W.PURPOSES))  # fmt: skip


def run_name(env: Env) -> Part:
    return lambda rng: (rng.choice(W.ADJECTIVES) + "-" + rng.choice(W.ANIMALS) + "-"
                        + str(int(rng.random() * 1000)))  # fmt: skip


def team_name(env: Env) -> Part:
    return lambda rng: rng.choice(W.TEAM_ADJECTIVES) + " " + rng.choice(W.TEAM_ANIMALS)


def setting_key(env: Env) -> Part:
    return lambda rng: rng.choice(W.SETTING_GROUPS) + "." + rng.choice(W.SETTING_NAMES)


def event_type(env: Env) -> Part:
    return lambda rng: rng.choice(W.ENTITIES) + "." + rng.choice(W.EVENT_VERBS)


def permission(env: Env) -> Part:
    return lambda rng: rng.choice(W.ENTITIES) + "s:" + rng.choice(W.ACTIONS)


DJANGO_PERMISSION_VERBS = ("add", "change", "delete", "view")
"""The permissions Django creates for every model: ``add_<model>``, ``Can add <model>``."""


PERMISSION_CODENAMES = tuple(f"{v}_{e}" for e in W.ENTITIES for v in DJANGO_PERMISSION_VERBS)
PERMISSION_LABELS = tuple(f"Can {v} {e}" for e in W.ENTITIES for v in DJANGO_PERMISSION_VERBS)


def oauth_scope(env: Env) -> Part:
    return lambda rng: " ".join(dict.fromkeys(rng.choices(W.SCOPES, k=1 + int(rng.random() * 4))))


def cron(env: Env) -> Part:
    return lambda rng: rng.choice(W.CRONS)


def coupon_code(env: Env) -> Part:
    return lambda rng: rng.choice(W.COUPON_WORDS) + str(5 * (1 + int(rng.random() * 10)))


def cidr(env: Env) -> Part:
    def part(rng: random.Random) -> str:
        a, b = int(rng.random() * 256), int(rng.random() * 256)
        n = int(rng.random() * 3)
        if n == 0:
            return f"10.{a}.{b}.0/24"
        if n == 1:
            return f"172.{16 + a % 16}.0.0/16"
        return f"192.168.{a}.0/24"

    return part


CIDR_ROWS = numbered(1 << 16, lambda n: f"10.{n >> 8}.{n & 255}.0/24")[1]


def coordinates(env: Env) -> Part:
    return lambda rng: f"{rng.uniform(-60, 70):.5f},{rng.uniform(-180, 180):.5f}"


def card_expiry(env: Env) -> Part:
    return lambda rng: f"{1 + int(rng.random() * 12):02d}/{25 + int(rng.random() * 7)}"


# --------------------------------------------------------------------------- text


def _sentences(env: Env) -> list[str]:
    return [str(s) for s in provider_pool(env.locales, "sentence")]


def email_subject(env: Env) -> Part:
    def part(rng: random.Random) -> str:
        tail = rng.choice(("", "", " for Q3", " #" + str(1000 + int(rng.random() * 9000)),
                           " - next steps"))  # fmt: skip
        return rng.choice(W.SUBJECT_OPENERS) + rng.choice(W.SUBJECT_TOPICS) + tail

    return part


def markdown(env: Env) -> Part:
    sentences = _sentences(env)
    words = _words(env)

    def part(rng: random.Random) -> str:
        s = rng.choices(sentences, k=3)
        items = "\n".join("- " + w for w in rng.choices(words, k=3))
        title = s[0].rstrip(".")
        return f"## {title}\n\n{s[1]} **{rng.choice(words)}** {s[2]}\n\n{items}\n"

    return part


def html(env: Env) -> Part:
    sentences = _sentences(env)
    words = _words(env)

    def part(rng: random.Random) -> str:
        s = rng.choices(sentences, k=3)
        return (f"<h2>{s[0].rstrip('.')}</h2>\n<p>{s[1]} <strong>{rng.choice(words)}</strong> "
                f"{s[2]}</p>")  # fmt: skip

    return part


def tag_list(env: Env) -> Part:
    words = _words(env)
    return lambda rng: ",".join(dict.fromkeys(rng.choices(words, k=1 + int(rng.random() * 4))))


# --------------------------------------------------------------------------- people, money


def initials(env: Env) -> Part:
    letters = "ABCDEFGHIJKLMNOPRSTVW"
    return lambda rng: rng.choice(letters) + rng.choice(letters)


def _country_code(locales: Sequence[str]) -> str:
    try:
        return str(faker_for(locales[0]).current_country_code())
    except (AttributeError, ValueError):
        return "US"


def calling_code(env: Env) -> Part:
    codes = [W.CALLING_CODES.get(_country_code((loc,)), "1") for loc in env.locales]
    return lambda rng: "+" + rng.choice(codes)


def phone_e164(env: Env) -> Part:
    codes = [W.CALLING_CODES.get(_country_code((loc,)), "1") for loc in env.locales]

    def part(rng: random.Random) -> str:
        code = rng.choice(codes)
        width = 10 if code == "1" else 9
        return "+" + code + str(2 + int(rng.random() * 8)) + "".join(
            rng.choices("0123456789", k=width - 1))  # fmt: skip

    return part


def iban(env: Env) -> Fill:
    build = numbered(10**12, iban_for(_country_code(env.locales)))[0]
    return build(env)


def iban_rows(env: Env, key: int) -> tuple[RowFn, int | None]:
    return numbered(10**12, iban_for(_country_code(env.locales)))[1](env, key)


def vat_id(env: Env) -> Part:
    cc = _country_code(env.locales)
    cc = "DE" if cc == "US" else cc
    width = {"FR": 11, "IT": 11, "NL": 9, "GB": 9}.get(cc, 9)
    return lambda rng: cc + f"{int(rng.random() * 10**width):0{width}d}"


def swift(env: Env) -> Part:
    cc = _country_code(env.locales)
    upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def part(rng: random.Random) -> str:
        bank = "".join(rng.choices(upper, k=4))
        loc = "".join(rng.choices(upper + "23456789", k=2))
        return bank + cc + loc + ("XXX" if rng.random() < 0.5 else "")

    return part


def password_hash(env: Env) -> Part:
    argon = env.max_len is None or env.max_len >= 97

    def part(rng: random.Random) -> str:
        if argon and rng.random() < 0.3:
            salt = base64.b64encode(rng.randbytes(16)).decode().rstrip("=")
            digest = base64.b64encode(rng.randbytes(32)).decode().rstrip("=")
            return f"$argon2id$v=19$m=65536,t=3,p=4${salt}${digest}"
        body = base64.b64encode(rng.randbytes(40)).decode("ascii")[:53]
        return "$2b$12$" + body.replace("+", ".")

    return part
