"""Column-name semantics: what a column's name says it holds, and pools of realistic values.

``detect(table, column, kind, max_len)`` reads a column name (snake_case or
camelCase, with the table as context) and returns a :class:`Semantic`: how to
produce realistic values for it, gated by the column's kind of type (a ``price``
is only a price in a numeric column) and by its length (an email needs room).

Faker is slow (tens to hundreds of microseconds a call), so it is never called
per value. Each provider is called a few hundred times once per locale, with a
fixed seed, into a module-level *pool*; generators pick from pools by index with
the block RNG and combine them with cheap string operations.
"""

from __future__ import annotations

import base64
import random
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pytest_dbseed.engine.rng import derive
from pytest_dbseed.errors import ConfigError

__all__ = [
    "ANCHOR",
    "POOL_SIZE",
    "Env",
    "Fill",
    "Semantic",
    "SEMANTICS",
    "detect",
    "split_name",
    "singular",
    "locales_of",
    "faker_for",
    "provider_pool",
    "faker_provider_names",
]

ANCHOR = datetime(2025, 1, 1)
"""The fixed "now" of generated data: dates do not drift with the calendar, so a seed
gives the same data set next year."""

POOL_SIZE = 400
"""Faker calls per (locale, provider) pool."""

Fill = Callable[[random.Random, int], list[Any]]
"""Produce ``n`` values from a block RNG."""

RowFn = Callable[[int, int], list[Any]]
"""Values of rows ``start``..``stop - 1`` computed from the row number alone."""


@dataclass(frozen=True)
class Env:
    """What a semantic needs to build its value source."""

    locales: tuple[str, ...]
    max_len: int | None
    table: str
    """The table's name reduced to one singular lowercase word (``order_items`` -> ``item``)."""
    tokens: tuple[str, ...]
    seed: int = 0


@dataclass(frozen=True)
class Semantic:
    """One meaning a column name can carry and how to generate values for it.

    Exactly one of ``provider``, ``words``, ``build``, ``numeric``, ``days`` or
    ``bool_p`` says where values come from.
    """

    name: str
    kinds: frozenset[str]
    provider: str | None = None
    """A Faker provider: values are picks from its pool (small pools stay realistic
    under uniqueness: the first rows get plain pool values)."""
    words: tuple[str, ...] | None = None
    """A fixed list of values (statuses, genders, departments)."""
    build: Callable[[Env], Fill] | None = None
    numeric: tuple[float, float, int] | None = None
    """(low, high, decimals) for numeric kinds."""
    days: tuple[float, float] | None = None
    """Range in days around :data:`ANCHOR` for dates and timestamps."""
    bool_p: float | None = None
    """Probability of True for flags."""
    min_length: int = 1
    """Shortest column length (``String(n)``) where the semantic still makes sense."""
    style: str = "suffix"
    """How uniqueness is added: ``suffix`` (``value-1f``), ``email`` (``a.b.1f@d``),
    ``prefix`` (``1f.example.com``), ``digits`` (``sep`` + decimal row)."""
    sep: str = "-"
    unique_rows: Callable[[Env, int], tuple[RowFn, int | None]] | None = None
    """A value made unique from the row number itself (an IP, a token): returns the
    row function and its capacity."""


# --------------------------------------------------------------------------- names

_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def split_name(name: str) -> list[str]:
    """Split a snake_case, kebab-case or camelCase name into lowercase words."""
    return [t.lower() for t in _TOKEN.findall(name)]


_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}


def singular(word: str) -> str:
    """A cheap English singular, good enough for table names."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


# --------------------------------------------------------------------------- pools

_FAKERS: dict[str, Any] = {}
_POOLS: dict[tuple[Any, ...], list[Any]] = {}
_LOCK = threading.Lock()


def locales_of(locale: str | Sequence[str] | None) -> tuple[str, ...]:
    """Normalise a locale option (``None``, ``"de_DE"``, ``"en_US,fr_FR"`` or a list)."""
    if locale is None:
        return ("en_US",)
    if isinstance(locale, str):
        parts = [p.strip() for p in locale.split(",") if p.strip()]
    else:
        parts = [str(p).strip() for p in locale if str(p).strip()]
    return tuple(parts) or ("en_US",)


def faker_for(locale: str) -> Any:
    """One cached ``Faker`` per locale; an unknown locale is a :class:`ConfigError`."""
    fake = _FAKERS.get(locale)
    if fake is None:
        from faker import Faker

        try:
            fake = Faker(locale)
        except AttributeError as exc:
            raise ConfigError(
                f"unknown Faker locale {locale!r}: use a locale Faker knows, such as "
                "'en_US', 'de_DE', 'fr_FR' or 'ja_JP' (option --dbseed-locale / locale=)"
            ) from exc
        _FAKERS[locale] = fake
    return fake


def faker_provider_names(locale: str = "en_US") -> list[str]:
    """Every public Faker provider method name available in ``locale``."""
    gen = faker_for(locale).factories[0]
    return sorted(n for n in dir(gen) if not n.startswith("_") and callable(getattr(gen, n, None)))


def _freeze(obj: Any) -> Any:
    try:
        hash(obj)
        return obj
    except TypeError:
        return repr(obj)


def _dedupe(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    out: list[Any] = []
    for v in values:
        key = _freeze(v)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _pool_one(
    locale: str, provider: str, args: tuple[Any, ...], kwargs: dict[str, Any], size: int
) -> list[Any]:
    key = (locale, provider, _freeze(args), _freeze(tuple(sorted(kwargs.items()))), size)
    found = _POOLS.get(key)
    if found is not None:
        return found
    with _LOCK:
        found = _POOLS.get(key)
        if found is not None:
            return found
        fake = faker_for(locale)
        method = getattr(fake, provider)  # AttributeError handled by the caller
        # A fixed per-(locale, provider) seed: pools are identical in every process,
        # whatever order they are built in.
        fake.seed_instance(derive(0, "pool", locale, provider, repr(args), repr(kwargs)))
        values = _dedupe([method(*args, **kwargs) for _ in range(size)])
        _POOLS[key] = values
        return values


def provider_pool(
    locales: Sequence[str],
    provider: str,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
    size: int = POOL_SIZE,
) -> list[Any]:
    """Distinct values of a Faker provider for each locale, built once and cached.

    A locale that lacks the provider (``state`` in ``fr_FR``) borrows ``en_US``'s.
    Raises ``AttributeError`` when no locale has it.
    """
    kw = dict(kwargs or {})
    out: list[Any] = []
    for loc in locales:
        try:
            out.extend(_pool_one(loc, provider, args, kw, size))
        except AttributeError:
            if loc == "en_US":
                raise
            out.extend(_pool_one("en_US", provider, args, kw, size))
    return _dedupe(out) if len(locales) > 1 else out


def _ascii(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in norm.lower() if ch.isalnum())


def _ascii_pool(locales: Sequence[str], provider: str) -> list[str]:
    vals = _dedupe([a for a in (_ascii(str(v)) for v in provider_pool(locales, provider)) if a])
    if len(vals) < 20:  # scripts without a Latin transliteration (ja_JP, zh_CN...)
        vals = _dedupe([_ascii(str(v)) for v in provider_pool(("en_US",), provider)])
    return vals


def _fit(values: list[str], max_len: int | None) -> list[str]:
    if max_len is None:
        return values
    return [v for v in values if len(v) <= max_len]


def _cut_all(values: list[str], max_len: int) -> list[str]:
    m = max_len
    return [v if len(v) <= m else _cut(v, m) for v in values]


def _cut(text: str, max_len: int | None) -> str:
    if max_len is None or len(text) <= max_len:
        return text
    cut = text[:max_len]
    space = cut.rfind(" ")
    return cut[:space].rstrip(" ,.;") if space > max_len // 2 else cut


# --------------------------------------------------------------------------- builders

_TLDS = ("com", "org", "net", "io", "dev", "app", "co")
_SAFE_DOMAINS = ("example.com", "example.org", "example.net")


def _b_email(env: Env) -> Fill:
    firsts = _ascii_pool(env.locales, "first_name")
    lasts = _ascii_pool(env.locales, "last_name")
    seps = (".", ".", ".", "_", "")
    max_len = env.max_len
    longest = max(map(len, firsts)) + 1 + max(map(len, lasts)) + 1 + max(map(len, _SAFE_DOMAINS))
    if max_len is not None and longest <= max_len:
        max_len = None  # nothing can overflow: skip the per-row check

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        out = [
            f + s + last + "@" + d
            for f, s, last, d in zip(
                ch(firsts, k=n), ch(seps, k=n), ch(lasts, k=n), ch(_SAFE_DOMAINS, k=n), strict=False
            )
        ]
        if max_len is not None:
            m = max_len
            out = [e if len(e) <= m else _fit_email(e, m) for e in out]
        return out

    return fill


def _fit_email(email: str, max_len: int) -> str:
    if len(email) <= max_len:
        return email
    local, _, domain = email.rpartition("@")
    room = max_len - len(domain) - 1
    return local[:room].rstrip("._") + "@" + domain


def _b_username(env: Env) -> Fill:
    firsts = _ascii_pool(env.locales, "first_name")
    lasts = _ascii_pool(env.locales, "last_name")
    max_len = env.max_len

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        r = rng.random
        out = []
        for f, last, mode in zip(ch(firsts, k=n), ch(lasts, k=n), ch(range(4), k=n), strict=False):
            if mode == 0:
                u = f + "_" + last
            elif mode == 1:
                u = f[0] + last
            elif mode == 2:
                u = f + "." + last
            else:
                u = f + str(int(r() * 99) + 1)
            out.append(u if max_len is None else u[:max_len])
        return out

    return fill


def _b_full_name(env: Env) -> Fill:
    firsts = [str(v) for v in provider_pool(env.locales, "first_name")]
    lasts = [str(v) for v in provider_pool(env.locales, "last_name")]
    max_len = env.max_len
    if max_len is not None and max(map(len, firsts)) + 1 + max(map(len, lasts)) <= max_len:
        max_len = None  # nothing can overflow: skip the per-row check

    def fill(rng: random.Random, n: int) -> list[Any]:
        out = [
            f + " " + last
            for f, last in zip(rng.choices(firsts, k=n), rng.choices(lasts, k=n), strict=False)
        ]
        return out if max_len is None else _cut_all(out, max_len)

    return fill


COMBO_POOL = 4096
"""Distinct multi-word / multi-sentence values prepared per (locale, provider, shape):
joining words per row costs microseconds, a pick from a prepared list a tenth of that."""

_COMBOS: dict[tuple[Any, ...], list[str]] = {}


def _combo_pool(
    locales: Sequence[str],
    provider: str,
    count: tuple[int, int],
    sep: str = " ",
    transform: Callable[[str], str] | None = None,
    tag: str = "",
) -> list[str]:
    """Up to :data:`COMBO_POOL` joins of ``count`` items of a provider's pool, built once.

    The pool's own RNG is seeded from its key alone, so it is the same in every
    process whatever was built before; rows pick from it with their block RNG.
    """
    lo, hi = count
    key = (tuple(locales), provider, lo, hi, sep, tag)
    found = _COMBOS.get(key)
    if found is not None:
        return found
    items = [str(v) for v in provider_pool(locales, provider)]
    if transform is not None:
        items = [transform(v) for v in items]
    if lo == hi == 1:
        pool = _dedupe(items)
    else:
        rng = random.Random(derive(0, "combo", *key))
        ch = rng.choices
        r = rng.random
        span = hi - lo + 1
        pool = _dedupe([sep.join(ch(items, k=lo + int(r() * span))) for _ in range(COMBO_POOL)])
    with _LOCK:
        _COMBOS.setdefault(key, pool)
    return _COMBOS[key]


def _pick(pool: list[str], max_len: int | None, cut: Callable[[str, int | None], str]) -> Fill:
    """Picks from ``pool``, each value cut to ``max_len`` once up front, not per row."""
    if max_len is not None:
        pool = [cut(v, max_len) for v in pool]

    def fill(rng: random.Random, n: int) -> list[Any]:
        return rng.choices(pool, k=n)

    return fill


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _b_words(count: tuple[int, int], title: bool = False, sep: str = " ") -> Callable[[Env], Fill]:
    def build(env: Env) -> Fill:
        pool = _combo_pool(
            env.locales, "word", count, sep, _title if title else None, "title" if title else ""
        )
        return _pick(pool, env.max_len, _cut)

    return build


def _b_text(
    provider: str, count: tuple[int, int], strip_dot: bool = False
) -> Callable[[Env], Fill]:
    def build(env: Env) -> Fill:
        strip = _strip_dot if strip_dot else None
        pool = _combo_pool(env.locales, provider, count, " ", strip, "strip" if strip_dot else "")
        return _pick(pool, env.max_len, _cut)

    return build


def _strip_dot(text: str) -> str:
    return text.rstrip(".")


def _b_url(env: Env) -> Fill:
    names = _ascii_pool(env.locales, "last_name")
    words = [_ascii(str(w)) or "page" for w in provider_pool(env.locales, "word")]
    max_len = env.max_len

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        out = [
            "https://www." + a + "." + t + "/" + w
            for a, t, w in zip(ch(names, k=n), ch(_TLDS, k=n), ch(words, k=n), strict=False)
        ]
        return out if max_len is None else [v[:max_len] for v in out]

    return fill


def _b_image_url(env: Env) -> Fill:
    words = [_ascii(str(w)) or "image" for w in provider_pool(env.locales, "word")]
    exts = ("jpg", "png", "webp")

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        return [
            "https://example.com/images/" + w + "." + e
            for w, e in zip(ch(words, k=n), ch(exts, k=n), strict=False)
        ]

    return fill


def _b_domain(env: Env) -> Fill:
    names = _ascii_pool(env.locales, "last_name")

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        return [a + "." + t for a, t in zip(ch(names, k=n), ch(_TLDS, k=n), strict=False)]

    return fill


def _b_hostname(env: Env) -> Fill:
    roles = ("web", "db", "app", "api", "cache", "worker", "mail", "lb")

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        r = rng.random
        return [
            f"{role}-{int(r() * 40) + 1:02d}.{d}"
            for role, d in zip(ch(roles, k=n), ch(_SAFE_DOMAINS, k=n), strict=False)
        ]

    return fill


def _b_ipv4(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        out = []
        for _ in range(n):
            x = bits(32)
            out.append(f"{(x >> 24) % 223 + 1}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}")
        return out

    return fill


def _u_ipv4(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
    space = 223 << 24  # 1.0.0.0 .. 223.255.255.255: public-looking unicast addresses
    a = _coprime(seed_key | 1, space)
    c = seed_key % space

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for row in range(start, stop):
            x = (a * row + c) % space + (1 << 24)
            out.append(f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}")
        return out

    return rows, space


def _b_ipv6(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        return ["2001:db8:" + ":".join(f"{bits(16):x}" for _ in range(6)) for _ in range(n)]

    return fill


def _b_mac(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        out = []
        for _ in range(n):
            h = f"{bits(48) & ~(1 << 40):012x}"  # unicast
            out.append(":".join(h[i : i + 2] for i in range(0, 12, 2)))
        return out

    return fill


def _u_mac(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
    space = 1 << 47
    a = _coprime(seed_key | 1, space)
    c = seed_key % space

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for row in range(start, stop):
            x = (a * row + c) % space
            x = (x & 0xFFFFFFFFFF) | ((x >> 40) << 41)  # keep the multicast bit clear
            h = f"{x:012x}"
            out.append(":".join(h[i : i + 2] for i in range(0, 12, 2)))
        return out

    return rows, space


def _b_hex(nchars: int) -> Callable[[Env], Fill]:
    def build(env: Env) -> Fill:
        width = nchars if env.max_len is None else min(nchars, env.max_len)
        nbits = width * 4

        def fill(rng: random.Random, n: int) -> list[Any]:
            bits = rng.getrandbits
            return [f"{bits(nbits):0{width}x}" for _ in range(n)]

        return fill

    return build


def _u_hex(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
    from pytest_dbseed.engine.rng import mix64

    width = 32 if env.max_len is None else min(32, env.max_len)
    tail = max(0, width - 16)

    def rows(start: int, stop: int) -> list[Any]:
        # The first 16 hex digits are a bijection of the row: distinct by construction.
        out = []
        for row in range(start, stop):
            head = mix64(row ^ seed_key)
            rest = mix64(head ^ 0x5BD1E995) >> (64 - tail * 4) if tail else 0
            out.append(f"{head:016x}" + (f"{rest:0{tail}x}" if tail else ""))
        return out

    return rows, None


def _b_password_hash(env: Env) -> Fill:
    if env.max_len is not None and env.max_len < 60:
        return _b_hex(64)(env)

    def fill(rng: random.Random, n: int) -> list[Any]:
        rb = rng.randbytes
        return [
            "$2b$12$" + base64.b64encode(rb(40)).decode("ascii")[:53].replace("+", ".")
            for _ in range(n)
        ]

    return fill


def _b_slug(env: Env) -> Fill:
    pool = _combo_pool(env.locales, "word", (2, 4), "-", _slug_word, "slug")
    return _pick(pool, env.max_len, _cut_slug)


def _slug_word(word: str) -> str:
    return _ascii(word) or "item"


def _cut_slug(text: str, max_len: int | None) -> str:
    return text if max_len is None else text[:max_len].rstrip("-")


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PREFIXES = [a + b + c for a in _UPPER for b in _UPPER for c in _UPPER]


def _b_sku(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        r = rng.random
        return [f"{p}-{int(r() * 100000):05d}" for p in rng.choices(_PREFIXES, k=n)]

    return fill


def _b_code(env: Env) -> Fill:
    prefix = (_ascii(env.table)[:3] or "ref").upper()
    width = 6
    if env.max_len is not None:
        width = max(1, min(6, env.max_len - len(prefix) - 1))

    def fill(rng: random.Random, n: int) -> list[Any]:
        r = rng.random
        top = 10**width
        return [f"{prefix}-{int(r() * top):0{width}d}" for _ in range(n)]

    return fill


def _b_version(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        r = rng.random
        return [f"{int(r() * 5)}.{int(r() * 20)}.{int(r() * 30)}" for _ in range(n)]

    return fill


def _b_hex_color(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        return [f"#{bits(24):06x}" for _ in range(n)]

    return fill


def _b_uuid_str(env: Env) -> Fill:
    import uuid

    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        return [str(uuid.UUID(int=bits(128), version=4)) for _ in range(n)]

    return fill


def _u_uuid_str(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
    from pytest_dbseed.engine.values import uuid_for_rows

    def rows(start: int, stop: int) -> list[Any]:
        return [str(u) for u in uuid_for_rows(seed_key, start, stop)]

    return rows, None


_ADJECTIVES = (
    "Small", "Ergonomic", "Rustic", "Intelligent", "Gorgeous", "Incredible", "Fantastic",
    "Practical", "Sleek", "Awesome", "Enormous", "Mediocre", "Synergistic", "Heavy Duty",
    "Lightweight", "Aerodynamic", "Durable", "Compact", "Classic", "Modern",
)  # fmt: skip
_MATERIALS = (
    "Steel", "Wooden", "Concrete", "Plastic", "Cotton", "Granite", "Rubber", "Leather", "Silk",
    "Wool", "Linen", "Marble", "Iron", "Bronze", "Copper", "Aluminum", "Paper", "Glass",
)  # fmt: skip
_PRODUCTS = (
    "Chair", "Car", "Computer", "Keyboard", "Mouse", "Bike", "Ball", "Gloves", "Pants", "Shirt",
    "Table", "Shoes", "Hat", "Towels", "Soap", "Tuna", "Chicken", "Fish", "Cheese", "Bacon",
    "Pizza", "Salad", "Sausages", "Chips", "Lamp", "Clock", "Bottle", "Wallet", "Watch", "Bag",
)  # fmt: skip


def _b_product(env: Env) -> Fill:
    max_len = env.max_len

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        out = [
            a + " " + m + " " + p
            for a, m, p in zip(
                ch(_ADJECTIVES, k=n), ch(_MATERIALS, k=n), ch(_PRODUCTS, k=n), strict=False
            )
        ]
        return out if max_len is None else _cut_all(out, max_len)

    return fill


def _b_address(env: Env) -> Fill:
    pool = [str(v).replace("\n", ", ") for v in provider_pool(env.locales, "address")]
    return _pick(pool, env.max_len, _cut)


def _b_tsvector(env: Env) -> Fill:
    pool = _combo_pool(env.locales, "word", (2, 6), " ", _tsv_word, "tsvector")
    return _pick(pool, None, _cut)


def _tsv_word(word: str) -> str:
    return _ascii(word) or "word"


def _coprime(a: int, n: int) -> int:
    import math

    if n <= 1:
        return 1
    a %= n
    if a == 0:
        a = 1
    while math.gcd(a, n) != 1:
        a = (a + 1) % n or 1
    return a


# --------------------------------------------------------------------------- catalogue

_STR = frozenset({"str"})
_NUM = frozenset({"int", "float", "decimal", "money"})
_REAL = frozenset({"float", "decimal", "money"})
_INT = frozenset({"int"})
_TIME = frozenset({"date", "datetime"})
_BOOL = frozenset({"bool"})

_Y = 365.25


def _s(name: str, kinds: frozenset[str] = _STR, **kw: Any) -> Semantic:
    return Semantic(name=name, kinds=kinds, **kw)


_ALL: list[Semantic] = [
    # people
    _s("email", build=_b_email, min_length=16, style="email", sep="."),
    _s("username", build=_b_username, min_length=6, sep="_"),
    _s("first_name", provider="first_name", min_length=6, sep=" "),
    _s("last_name", provider="last_name", min_length=6, sep=" "),
    _s("middle_name", provider="first_name", min_length=6, sep=" "),
    _s("full_name", build=_b_full_name, min_length=10, sep=" "),
    _s("name_prefix", provider="prefix", min_length=4),
    _s("gender", words=("female", "male", "non-binary", "unspecified"), min_length=4),
    _s("gender_code", words=("F", "M", "X")),
    _s("ssn", provider="ssn", min_length=11, style="digits", sep=" #"),
    _s("phone", provider="phone_number", min_length=12, style="digits", sep=" x"),
    _s("job_title", provider="job", min_length=8),
    _s("company", provider="company", min_length=8),
    _s("catch_phrase", provider="catch_phrase", min_length=12),
    _s(
        "department",
        min_length=4,
        words=(
            "Engineering",
            "Sales",
            "Marketing",
            "Finance",
            "Human Resources",
            "Legal",
            "Operations",
            "Support",
            "Research",
            "Procurement",
            "Design",
            "Security",
        ),
    ),  # fmt: skip
    # places
    _s("street_address", provider="street_address", min_length=12),
    _s("street_name", provider="street_name", min_length=8),
    _s("building_number", provider="building_number", min_length=3),
    _s("address", build=_b_address, min_length=24),
    _s("city", provider="city", min_length=6),
    _s("state", provider="state", min_length=6),
    _s("state_code", provider="state_abbr", min_length=2),
    _s("country", provider="country", min_length=8),
    _s("country_code", provider="country_code", min_length=2),
    _s("postal_code", provider="postcode", min_length=5),
    _s("latitude", _REAL, numeric=(-90.0, 90.0, 6)),
    _s("longitude", _REAL, numeric=(-180.0, 180.0, 6)),
    _s("timezone", provider="timezone", min_length=8),
    _s("locale", provider="locale", min_length=5),
    _s("language", provider="language_name", min_length=6),
    _s("language_code", provider="language_code", min_length=2),
    _s("currency_code", provider="currency_code", min_length=3),
    # internet
    _s("url", build=_b_url, min_length=20, sep="/"),
    _s("image_url", build=_b_image_url, min_length=36, sep="/"),
    _s("domain", build=_b_domain, min_length=8, style="prefix", sep="."),
    _s("hostname", build=_b_hostname, min_length=16, style="prefix", sep="."),
    _s(
        "ip_address", frozenset({"str", "inet"}), build=_b_ipv4, min_length=15, unique_rows=_u_ipv4
    ),  # fmt: skip
    _s("ipv6", build=_b_ipv6, min_length=39),
    _s(
        "mac_address",
        frozenset({"str", "macaddr"}),
        build=_b_mac,
        min_length=17,
        unique_rows=_u_mac,
    ),  # fmt: skip
    _s("user_agent", provider="user_agent", min_length=40),
    _s("slug", build=_b_slug, min_length=8),
    _s("token", build=_b_hex(32), min_length=16, unique_rows=_u_hex),
    _s("password_hash", build=_b_password_hash, min_length=32),
    _s("hash", build=_b_hex(64), min_length=16, unique_rows=_u_hex),
    _s("uuid_string", build=_b_uuid_str, min_length=36, unique_rows=_u_uuid_str),
    _s("mime_type", provider="mime_type", min_length=10),
    _s("file_name", provider="file_name", min_length=10),
    _s("file_path", provider="file_path", min_length=16, sep="/"),
    _s("file_extension", provider="file_extension", min_length=3),
    _s("color", provider="color_name", min_length=6),
    _s("hex_color", build=_b_hex_color, min_length=7, style="suffix"),
    # commerce
    _s("product_name", build=_b_product, min_length=12),
    _s("sku", build=_b_sku, min_length=9),
    _s("code", build=_b_code, min_length=6),
    _s("iban", provider="iban", min_length=22),
    _s("swift", provider="swift", min_length=11),
    _s("isbn", provider="isbn13", min_length=17),
    _s("ean", provider="ean13", min_length=13),
    _s("credit_card", provider="credit_card_number", min_length=16, style="digits", sep=" #"),
    _s("license_plate", provider="license_plate", min_length=8),
    _s("version", build=_b_version, min_length=5),
    _s(
        "status",
        min_length=4,
        words=("active", "pending", "inactive", "archived", "draft", "completed"),
    ),  # fmt: skip
    _s(
        "order_status",
        min_length=5,
        words=("pending", "paid", "shipped", "delivered", "cancelled", "refunded"),
    ),  # fmt: skip
    _s("payment_status", min_length=5, words=("pending", "succeeded", "failed", "refunded")),
    _s("priority_label", min_length=3, words=("low", "medium", "high", "urgent")),
    # text
    _s("title", build=_b_text("sentence", (1, 1), strip_dot=True), min_length=12),
    _s("description", build=_b_text("sentence", (1, 3)), min_length=16),
    _s("body", build=_b_text("paragraph", (1, 3)), min_length=32),
    _s("bio", build=_b_text("paragraph", (1, 1)), min_length=24),
    _s("comment", build=_b_text("sentence", (1, 2)), min_length=16),
    _s("word", build=_b_words((1, 1)), min_length=4),
    _s("name", build=_b_words((1, 2), title=True), min_length=6),
    _s("tsvector", frozenset({"tsvector"}), build=_b_tsvector),
    # numbers
    _s("age", _NUM, numeric=(18, 90, 0)),
    _s("quantity", _NUM, numeric=(1, 100, 0)),
    _s("stock", _NUM, numeric=(0, 500, 0)),
    _s("count", _NUM, numeric=(0, 1000, 0)),
    _s("rating", _NUM, numeric=(1, 5, 1)),
    _s("score", _NUM, numeric=(0, 100, 1)),
    _s("price", _NUM, numeric=(1, 1000, 2)),
    _s("amount", _NUM, numeric=(1, 5000, 2)),
    _s("balance", _NUM, numeric=(0, 10000, 2)),
    _s("salary", _NUM, numeric=(30000, 200000, 2)),
    _s("fee", _NUM, numeric=(0, 100, 2)),
    _s("discount", _NUM, numeric=(0, 50, 2)),
    _s("percent", _NUM, numeric=(0, 100, 2)),
    _s("rate", _REAL, numeric=(0, 1, 4)),
    _s("year", _INT, numeric=(1950, 2024, 0)),
    _s("month", _INT, numeric=(1, 12, 0)),
    _s("day", _INT, numeric=(1, 28, 0)),
    _s("hour", _INT, numeric=(0, 23, 0)),
    _s("weight", _NUM, numeric=(1, 100, 2)),
    _s("height", _NUM, numeric=(140, 210, 1)),
    _s("dimension", _NUM, numeric=(1, 200, 1)),
    _s("duration", _NUM, numeric=(1, 7200, 0)),
    _s("priority", _NUM, numeric=(1, 5, 0)),
    _s("level", _NUM, numeric=(1, 10, 0)),
    _s("position", _NUM, numeric=(0, 1000, 0)),
    _s("popularity", _NUM, numeric=(0, 100000, 0)),
    _s("port", _INT, numeric=(1024, 65535, 0)),
    _s("population", _NUM, numeric=(1000, 10000000, 0)),
    _s("temperature", _NUM, numeric=(-20, 40, 1)),
    _s("file_size", _NUM, numeric=(1000, 10000000, 0)),
    _s("version_number", _INT, numeric=(1, 20, 0)),
    # time
    _s("birth_date", _TIME, days=(-90 * _Y, -18 * _Y - 1)),
    _s("created_at", _TIME, days=(-3 * _Y, -30)),
    _s("updated_at", _TIME, days=(-3 * _Y, 0)),
    _s("deleted_at", _TIME, days=(-_Y, 0)),
    _s("event_at", _TIME, days=(-2 * _Y, 0)),
    _s("last_seen_at", _TIME, days=(-90, 0)),
    _s("expires_at", _TIME, days=(1, _Y)),
    _s("starts_at", _TIME, days=(-_Y, 180)),
    _s("ends_at", _TIME, days=(-_Y, 240)),
    _s("hired_at", _TIME, days=(-20 * _Y, 0)),
    # flags
    _s("flag", _BOOL, bool_p=0.5),
    _s("flag_mostly_true", _BOOL, bool_p=0.85),
    _s("flag_rarely_true", _BOOL, bool_p=0.1),
]

SEMANTICS: dict[str, Semantic] = {s.name: s for s in _ALL}
"""Every semantic by name."""

# Full (compact) column names -> semantics, tried in order until one fits the kind.
_EXACT: dict[str, tuple[str, ...]] = {}


def _add(names: str, *semantics: str) -> None:
    for n in names.split():
        _EXACT[n] = semantics


_add("email emailaddress mail email1 email2 contactemail useremail workemail", "email")
_add("username login handle nickname screenname nick userhandle loginname", "username")
_add("firstname givenname forename fname", "first_name")
_add("lastname surname familyname lname", "last_name")
_add("middlename", "middle_name")
_add("fullname displayname contactname ownername customername authorname author realname "
     "personname recipient recipientname sender sendername", "full_name")  # fmt: skip
_add("prefix salutation honorific", "name_prefix")
_add("gender sex", "gender", "gender_code")
_add("ssn socialsecuritynumber", "ssn")
_add("phone phonenumber mobile mobilephone mobilenumber telephone tel fax cell cellphone "
     "homephone workphone contactphone", "phone")  # fmt: skip
_add("job jobtitle occupation profession role title position", "job_title")
_add("company companyname organization organisation employer businessname org firm "
     "companyname vendor supplier manufacturer brand", "company")  # fmt: skip
_add("slogan tagline catchphrase motto", "catch_phrase")
_add("department dept division team", "department")
_add("street streetaddress addressline address1 line1 addressline1 billingaddress "
     "shippingaddress homeaddress", "street_address")  # fmt: skip
_add("streetname", "street_name")
_add("buildingnumber housenumber", "building_number")
_add("address fulladdress mailingaddress", "address")
_add("city town cityname", "city")
_add("state province region statename county", "state")
_add("statecode stateabbr", "state_code")
_add("country countryname nationality", "country")
_add("countrycode countryiso iso2 countryalpha2", "country_code")
_add("zip zipcode postalcode postcode", "postal_code")
_add("lat latitude", "latitude")
_add("lng lon long longitude", "longitude")
_add("timezone tz tzname", "timezone")
_add("locale", "locale")
_add("language lang languagename", "language_code", "language")
_add("languagecode langcode", "language_code")
_add("currency currencycode", "currency_code")
_add("url website homepage link href uri webpage websiteurl profileurl", "url")
_add("avatar avatarurl image imageurl photo photourl picture pictureurl thumbnail "
     "thumbnailurl logo logourl", "image_url")  # fmt: skip
_add("domain domainname", "domain")
_add("hostname host server", "hostname")
_add("ip ipaddress ipaddr ipv4 remoteaddr remoteip clientip lastip lastloginip", "ip_address")
_add("ipv6", "ipv6")
_add("mac macaddress macaddr", "mac_address")
_add("useragent", "user_agent")
_add("slug permalink", "slug")
_add("token apikey secret accesstoken refreshtoken authtoken sessiontoken secretkey "
     "sessionkey apitoken resettoken verificationtoken", "token")  # fmt: skip
_add(
    "password passwordhash hashedpassword passwd pwd pwhash passwordhashed encryptedpassword",
    "password_hash",
)
_add("hash checksum digest sha sha256 sha1 md5 fingerprint etag", "hash")
_add("uuid guid externalid", "uuid_string")
_add("mimetype contenttype mediatype", "mime_type")
_add("filename file attachment", "file_name")
_add("path filepath", "file_path")
_add("extension ext fileextension", "file_extension")
_add("color colour", "color")
_add("hexcolor colorhex colorcode", "hex_color")
_add("productname", "product_name")
_add("sku", "sku")
_add("code reference ref ordernumber invoicenumber trackingnumber confirmationcode "
     "referencenumber", "code")  # fmt: skip
_add("iban", "iban")
_add("swift bic swiftcode", "swift")
_add("isbn isbn13", "isbn")
_add("ean upc barcode ean13", "ean")
_add("cardnumber creditcard creditcardnumber ccnumber", "credit_card")
_add("licenseplate plate numberplate", "license_plate")
_add("version semver appversion", "version", "version_number")
_add("status", "status")
_add("priority", "priority", "priority_label")
_add("title headline subject caption", "title")
_add("description summary about details excerpt abstract", "description")
_add("body content text message article html markdown", "body")
_add("bio biography aboutme profile", "bio")
_add("comment comments note notes remark remarks feedback review", "comment")
_add("tag label keyword category genre topic kind", "word")
_add("searchvector tsv documentvector", "tsvector")
_add("age", "age")
_add("quantity qty units", "quantity")
_add("stock inventory", "stock")
_add("count total", "count", "amount")
_add("rating stars", "rating")
_add("score points", "score")
_add("price unitprice cost listprice saleprice", "price")
_add("amount subtotal totalamount totalprice grandtotal", "amount")
_add("balance credit", "balance")
_add("salary wage income", "salary")
_add("fee tax shipping shippingcost", "fee")
_add("discount", "discount")
_add("percent percentage pct", "percent")
_add("rate taxrate interestrate ratio", "rate")
_add("year", "year")
_add("month", "month")
_add("day", "day")
_add("hour", "hour")
_add("weight", "weight")
_add("height", "height")
_add("width depth length", "dimension")
_add("duration durationseconds seconds elapsed", "duration")
_add("level", "level")
_add("sortorder ordering orderindex rank sequence displayorder", "position")
_add("views viewcount likes likecount clicks visits followers downloads", "popularity")
_add("port", "port")
_add("population", "population")
_add("temperature temp", "temperature")
_add("size filesize bytes", "file_size")
_add("birthdate dateofbirth dob birthday borndate", "birth_date")
_add("lastlogin lastseen lastactive lastloginat lastseenat lastactiveat", "last_seen_at")

# The last word of a longer name (``billing_city``, ``unit_price``, ``home_phone``).
_LAST: dict[str, str] = {}
for _word, _sem in {
    "email": "email", "phone": "phone", "mobile": "phone", "city": "city", "country": "country",
    "zip": "postal_code", "zipcode": "postal_code", "postcode": "postal_code",
    "url": "url", "link": "url", "domain": "domain", "ip": "ip_address", "street": "street_address",
    "address": "street_address", "state": "state", "price": "price", "amount": "amount",
    "cost": "price", "total": "amount", "balance": "balance", "fee": "fee", "tax": "fee",
    "count": "count", "quantity": "quantity", "qty": "quantity", "rating": "rating",
    "score": "score", "percent": "percent", "percentage": "percent", "rate": "rate",
    "title": "title", "description": "description", "summary": "description", "body": "body",
    "content": "body", "text": "body", "note": "comment", "notes": "comment",
    "comment": "comment", "message": "body", "token": "token", "key": "token",
    "secret": "token", "hash": "hash", "checksum": "hash", "password": "password_hash",
    "slug": "slug", "status": "status", "code": "code", "number": "code", "color": "color",
    "colour": "color", "currency": "currency_code", "timezone": "timezone", "tz": "timezone",
    "language": "language_code", "locale": "locale", "uuid": "uuid_string", "guid": "uuid_string",
    "lat": "latitude", "latitude": "latitude", "lng": "longitude", "lon": "longitude",
    "longitude": "longitude", "version": "version", "sku": "sku", "iban": "iban",
    "username": "username", "handle": "username", "label": "word", "tag": "word",
    "category": "word", "type": "word", "path": "file_path", "filename": "file_name",
    "avatar": "image_url", "image": "image_url", "photo": "image_url", "logo": "image_url",
    "year": "year", "age": "age", "weight": "weight", "height": "height", "width": "dimension",
    "length": "dimension", "duration": "duration", "seconds": "duration", "size": "file_size",
    "views": "popularity", "likes": "popularity", "position": "position", "order": "position",
    "rank": "position", "priority": "priority", "level": "level", "port": "port",
    "salary": "salary", "discount": "discount", "hostname": "hostname", "host": "hostname",
}.items():  # fmt: skip
    _LAST[_word] = _sem

_PERSON_TABLES = frozenset(
    "user person customer employee member author contact student teacher patient client "
    "agent owner staff profile driver player account guest buyer seller subscriber "
    "attendee participant candidate applicant doctor manager admin reviewer".split()
)
_COMPANY_TABLES = frozenset(
    "company organization organisation org business vendor supplier manufacturer brand firm "
    "employer agency publisher merchant partner client_company tenant store shop".split()
)
_WORD_TABLES = frozenset("tag category genre label topic keyword role permission group".split())

_NAME_CONTEXT: dict[str, str] = {}
for _t in _PERSON_TABLES:
    _NAME_CONTEXT[_t] = "full_name"
for _t in _COMPANY_TABLES:
    _NAME_CONTEXT[_t] = "company"
for _t in _WORD_TABLES:
    _NAME_CONTEXT[_t] = "word"
_NAME_CONTEXT.update(
    {
        "country": "country", "city": "city", "state": "state", "product": "product_name",
        "item": "product_name", "article": "product_name", "good": "product_name",
        "first": "first_name", "last": "last_name", "middle": "middle_name", "full": "full_name",
        "display": "full_name", "given": "first_name", "family": "last_name",
        "file": "file_name", "domain": "domain", "host": "hostname", "street": "street_name",
        "language": "language", "currency": "currency_code", "color": "color",
        "department": "department", "team": "department", "job": "job_title",
        "timezone": "timezone", "company": "company",
    }
)  # fmt: skip

_FLAG_PREFIX = frozenset(
    "is has can should allow allows enable enabled needs was did use uses show include".split()
)
_FLAG_TRUE = frozenset(
    "active enabled verified confirmed published visible available valid approved public "
    "subscribed".split()
)
_FLAG_FALSE = frozenset(
    "deleted archived banned blocked admin superuser staff suspended locked disabled "
    "hidden removed spam flagged test".split()
)

_TIME_SUFFIX = frozenset({"at", "on", "date", "time", "timestamp", "ts", "datetime", "dt", "when"})
_TIME_WORDS: dict[str, str] = {}
for _words, _sem in (
    ("created inserted added registered joined signup signed creation opened", "created_at"),
    ("updated modified changed edited lastmodified", "updated_at"),
    ("deleted removed archived cancelled canceled banned closed revoked", "deleted_at"),
    ("published posted released sent delivered shipped paid completed finished confirmed "
     "approved verified processed ordered purchased occurred happened logged recorded "
     "submitted received", "event_at"),
    ("expires expiry expiration expired due until deadline renewal", "expires_at"),
    ("birth born", "birth_date"),
    ("start starts started begin begins began from", "starts_at"),
    ("end ends ended to finish", "ends_at"),
    ("last", "last_seen_at"),
    ("hired hire employed", "hired_at"),
):  # fmt: skip
    for _w in _words.split():
        _TIME_WORDS[_w] = _sem


def _fits(sem: Semantic, kind: str, max_len: int | None) -> bool:
    if kind not in sem.kinds:
        return False
    if kind == "str" and max_len is not None and max_len < sem.min_length:
        return False
    return True


def _status_for(table: str) -> str:
    """Which status list suits a table, from any word of its name
    (``payment_history`` and ``order_events`` count as payment and order tables)."""
    words = {singular(w) for w in split_name(table.rsplit(".", 1)[-1])}
    if words & _ORDER_WORDS:
        return "order_status"
    if words & _PAYMENT_WORDS:
        return "payment_status"
    return "status"


_ORDER_WORDS = frozenset(("order", "purchase", "shipment", "delivery", "cart"))
_PAYMENT_WORDS = frozenset(("payment", "transaction", "charge", "refund", "invoice", "payout"))


_ADDRESS_WORDS = frozenset("city zip zipcode postcode postal country street address".split())


def _candidates(table: str, column: str, kind: str, siblings: Sequence[str] = ()) -> list[str]:
    tokens = split_name(column)
    while len(tokens) > 1 and tokens[-1].isdigit():
        tokens.pop()  # address_line_1, email2
    if not tokens:
        return []
    compact = "".join(tokens)
    last = tokens[-1]
    table_word = _table_word(table)
    out: list[str] = []

    if kind == "bool":
        words = set(tokens)
        if words & _FLAG_FALSE:
            out.append("flag_rarely_true")
        elif words & _FLAG_TRUE:
            out.append("flag_mostly_true")
        elif tokens[0] in _FLAG_PREFIX:
            out.append("flag")
        return out

    if kind in ("date", "datetime"):
        if compact in _EXACT:
            out.extend(_EXACT[compact])
        if last in _TIME_SUFFIX or len(tokens) == 1:
            for tok in tokens:
                if tok in _TIME_WORDS:
                    out.append(_TIME_WORDS[tok])
                    break
            out.append("event_at")
        return out

    if compact == "state" and kind == "str":
        # ``state`` next to address columns is a region; elsewhere it is a status.
        near = {t for s in siblings for t in split_name(s)}
        out.append("state" if near & _ADDRESS_WORDS else _status_for(table))
    if compact == "status" and kind == "str":
        out.append(_status_for(table))
    if compact in _EXACT:
        out.extend(_EXACT[compact])
    if last == "name":
        qualifier = tokens[-2] if len(tokens) > 1 else table_word
        if qualifier in _NAME_CONTEXT:
            out.append(_NAME_CONTEXT[qualifier])
        elif len(tokens) == 1:
            out.append("name")
        else:
            out.append(_NAME_CONTEXT.get(table_word, "name"))
    if last in _LAST:
        sem = _LAST[last]
        out.append(_status_for(table) if sem == "status" else sem)
    if len(tokens) > 1 and tokens[0] in ("num", "number", "n", "total") and kind == "int":
        out.append("count")
    return out


def _table_word(table: str) -> str:
    words = split_name(table.rsplit(".", 1)[-1])
    return singular(words[-1]) if words else ""


_SHORT_FORMS: dict[str, tuple[tuple[int, str], ...]] = {
    # A name whose long form does not fit a short column means its code:
    # ``country String(2)`` holds 'FR', ``state CHAR(2)`` 'CA', ``language String(5)`` 'en'.
    "state": ((3, "state_code"),),
    "country": ((2, "country_code"), (3, "country_code3"), (7, "country_code")),
    "country_code": ((3, "country_code3"),),
    "language": ((7, "language_code"),),
    "gender": ((3, "gender_code"),),
}


def _short_form(sem: Semantic, kind: str, max_len: int | None) -> Semantic | None:
    if kind != "str" or max_len is None:
        return None
    for limit, name in _SHORT_FORMS.get(sem.name, ()):
        if max_len <= limit:
            short = SEMANTICS[name]
            return short if _fits(short, kind, max_len) else None
    return None


def detect(
    table: str,
    column: str,
    kind: str,
    max_len: int | None,
    siblings: Sequence[str] = (),
) -> Semantic | None:
    """The semantic of ``table.column`` for a column of ``kind``, or ``None``.

    ``kind`` is the engine's type family: ``str``, ``int``, ``float``, ``decimal``,
    ``money``, ``bool``, ``date``, ``datetime``, ``inet``, ``macaddr``, ``tsvector``...
    ``siblings`` are the table's other column names (``state`` beside ``city`` is a region).
    A name whose usual value does not fit a short column gets its code form instead
    (``country CHAR(2)`` -> ``country_code``, ``currency String(3)`` -> ``currency_code``).
    """
    for name in _candidates(table, column, kind, siblings):
        sem = SEMANTICS.get(name)
        if sem is None:
            continue
        short = _short_form(sem, kind, max_len)
        if short is not None:
            return short
        if _fits(sem, kind, max_len):
            return sem
    return None


def _b_country3(env: Env) -> Fill:
    pool = [
        str(v)
        for v in provider_pool(env.locales, "country_code", (), {"representation": "alpha-3"})
    ]

    def fill(rng: random.Random, n: int) -> list[Any]:
        return rng.choices(pool, k=n)

    return fill


_COUNTRY3 = Semantic(name="country_code3", kinds=_STR, build=_b_country3, min_length=3)
SEMANTICS["country_code3"] = _COUNTRY3
