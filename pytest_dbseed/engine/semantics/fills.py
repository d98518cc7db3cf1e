"""Value sources of the semantics: each ``build(env)`` returns a fill ``(rng, n) -> values``.

Fills combine Faker pools (see :mod:`pytest_dbseed.engine.pools`) with cheap string
operations; ``*_rows`` builders return values computed from the row number alone (unique
by construction) with their capacity.
"""

from __future__ import annotations

import base64
import random
import uuid
from collections.abc import Callable
from typing import Any

from pytest_dbseed.engine.bijections import affine, coprime, uuid_for_rows
from pytest_dbseed.engine.pools import ascii_fold, ascii_pool, combo_pool, provider_pool
from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.semantics.model import Env, Fill, RowFn


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
    firsts = ascii_pool(env.locales, "first_name")
    lasts = ascii_pool(env.locales, "last_name")
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
    firsts = ascii_pool(env.locales, "first_name")
    lasts = ascii_pool(env.locales, "last_name")
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


def _b_handle(env: Env) -> Fill:
    inner = _b_username(Env(env.locales, None if env.max_len is None else env.max_len - 1,
                            env.table, env.tokens, env.seed))  # fmt: skip

    def fill(rng: random.Random, n: int) -> list[Any]:
        return ["@" + u.replace(".", "_") for u in inner(rng, n)]

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


def _pick(pool: list[str], max_len: int | None, cut: Callable[[str, int | None], str]) -> Fill:
    """Picks from ``pool``, each value cut to ``max_len`` once up front, not per row."""
    if max_len is not None:
        pool = [cut(v, max_len) for v in pool]

    def fill(rng: random.Random, n: int) -> list[Any]:
        return rng.choices(pool, k=n)

    return fill


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def word_fill(count: tuple[int, int], title: bool = False, sep: str = " ") -> Callable[[Env], Fill]:
    def build(env: Env) -> Fill:
        pool = combo_pool(
            env.locales, "word", count, sep, _title if title else None, "title" if title else ""
        )
        return _pick(pool, env.max_len, _cut)

    return build


def _b_text(
    provider: str, count: tuple[int, int], strip_dot: bool = False
) -> Callable[[Env], Fill]:
    def build(env: Env) -> Fill:
        strip = _strip_dot if strip_dot else None
        pool = combo_pool(env.locales, provider, count, " ", strip, "strip" if strip_dot else "")
        return _pick(pool, env.max_len, _cut)

    return build


def _strip_dot(text: str) -> str:
    return text.rstrip(".")


def _b_url(env: Env) -> Fill:
    names = ascii_pool(env.locales, "last_name")
    words = [ascii_fold(str(w)) or "page" for w in provider_pool(env.locales, "word")]
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
    words = [ascii_fold(str(w)) or "image" for w in provider_pool(env.locales, "word")]
    exts = ("jpg", "png", "webp")

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        return [
            "https://example.com/images/" + w + "." + e
            for w, e in zip(ch(words, k=n), ch(exts, k=n), strict=False)
        ]

    return fill


def _b_domain(env: Env) -> Fill:
    names = ascii_pool(env.locales, "last_name")

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        return [a + "." + t for a, t in zip(ch(names, k=n), ch(_TLDS, k=n), strict=False)]

    return fill


_LABEL_ENDS = ("", "", "", "app", "hq", "team", "labs", "co", "studio", "group")


def _b_subdomain(env: Env) -> Fill:
    """A DNS label (``hodge``, ``greene-labs``): lowercase letters, digits and hyphens."""
    names = [n for n in ascii_pool(env.locales, "last_name") if n.isalnum()]
    limit = min(env.max_len or 63, 63)

    def fill(rng: random.Random, n: int) -> list[Any]:
        ch = rng.choices
        out = [a + "-" + e if e else a for a, e in zip(ch(names, k=n), ch(_LABEL_ENDS, k=n))]
        return [v if len(v) <= limit else v[:limit].rstrip("-") for v in out]

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


def ipv4_fill(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        out = []
        for _ in range(n):
            x = bits(32)
            out.append(f"{(x >> 24) % 223 + 1}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}")
        return out

    return fill


def ipv4_rows(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
    space = 223 << 24  # 1.0.0.0 .. 223.255.255.255: public-looking unicast addresses
    a = coprime(seed_key | 1, space)
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


def mac_fill(env: Env) -> Fill:
    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        out = []
        for _ in range(n):
            h = f"{bits(48) & ~(1 << 40):012x}"  # unicast
            out.append(":".join(h[i : i + 2] for i in range(0, 12, 2)))
        return out

    return fill


def mac_rows(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
    space = 1 << 47
    a = coprime(seed_key | 1, space)
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
    pool = combo_pool(env.locales, "word", (2, 4), "-", _slug_word, "slug")
    return _pick(pool, env.max_len, _cut_slug)


def _slug_word(word: str) -> str:
    return ascii_fold(word) or "item"


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
    prefix = (ascii_fold(env.table)[:3] or "ref").upper()
    width = 6
    if env.max_len is not None:
        width = max(1, min(6, env.max_len - len(prefix) - 1))

    def fill(rng: random.Random, n: int) -> list[Any]:
        r = rng.random
        top = 10**width
        return [f"{prefix}-{int(r() * top):0{width}d}" for _ in range(n)]

    return fill


def _u_code(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
    """Unique ``ORD-04217331``: the number a keyed permutation of the row, up to 8 digits."""
    prefix = (ascii_fold(env.table)[:3] or "ref").upper()
    room = 8 if env.max_len is None else max(1, min(8, env.max_len - len(prefix) - 1))
    space = 10**room
    a, c = affine(space, seed_key)

    def rows(start: int, stop: int) -> list[Any]:
        return [f"{prefix}-{(a * r + c) % space:0{room}d}" for r in range(start, stop)]

    return rows, space


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
    def fill(rng: random.Random, n: int) -> list[Any]:
        bits = rng.getrandbits
        return [str(uuid.UUID(int=bits(128), version=4)) for _ in range(n)]

    return fill


def _u_uuid_str(env: Env, seed_key: int) -> tuple[RowFn, int | None]:
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


def tsvector_fill(env: Env) -> Fill:
    pool = combo_pool(env.locales, "word", (2, 6), " ", _tsv_word, "tsvector")
    return _pick(pool, None, _cut)


def _tsv_word(word: str) -> str:
    return ascii_fold(word) or "word"


def _b_country3(env: Env) -> Fill:
    pool = [
        str(v)
        for v in provider_pool(env.locales, "country_code", (), {"representation": "alpha-3"})
    ]

    def fill(rng: random.Random, n: int) -> list[Any]:
        return rng.choices(pool, k=n)

    return fill
