"""Faker pools: every provider is called a few hundred times once per locale, never per value.

Faker is slow (tens to hundreds of microseconds a call). Each (locale, provider) is
called :data:`POOL_SIZE` times with a fixed seed into a module-level pool, identical in
every process whatever order pools are built in; generators pick from pools by index with
the block RNG.
"""

from __future__ import annotations

import random
import threading
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from pytest_dbseed.engine.rng import derive
from pytest_dbseed.errors import ConfigError

POOL_SIZE = 400


# --------------------------------------------------------------------------- pools

_FAKERS: dict[str, Any] = {}
_EXTENDED: dict[tuple[str, tuple[type, ...]], Any] = {}
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


def extended_faker(locale: str, providers: tuple[type, ...]) -> Any:
    """A ``Faker`` of ``locale`` with ``providers`` added, cached per (locale, providers).

    The plain one (:func:`faker_for`) is never changed: seeds without providers, and
    seeds with others, keep their values.
    """
    if not providers:
        return faker_for(locale)
    key = (locale, providers)
    fake = _EXTENDED.get(key)
    if fake is None:
        from faker import Faker

        faker_for(locale)  # an unknown locale is refused with its message
        fake = Faker(locale)
        for provider in providers:
            fake.add_provider(provider)
        _EXTENDED[key] = fake
    return fake


def faker_provider_names(locale: str = "en_US", providers: tuple[type, ...] = ()) -> list[str]:
    """Every public Faker provider method name available in ``locale``."""
    gen = extended_faker(locale, providers).factories[0]
    return sorted(n for n in dir(gen) if not n.startswith("_") and callable(getattr(gen, n, None)))


def _freeze(obj: Any) -> Any:
    try:
        hash(obj)
        return obj
    except TypeError:
        return repr(obj)


def dedupe(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    out: list[Any] = []
    for v in values:
        key = _freeze(v)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _pool_one(
    locale: str,
    provider: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    size: int,
    providers: tuple[type, ...] = (),
) -> list[Any]:
    key: tuple[Any, ...] = (
        locale,
        provider,
        _freeze(args),
        _freeze(tuple(sorted(kwargs.items()))),
        size,
    )
    if providers:
        key += (providers,)
    found = _POOLS.get(key)
    if found is not None:
        return found
    with _LOCK:
        found = _POOLS.get(key)
        if found is not None:
            return found
        fake = extended_faker(locale, providers)
        method = getattr(fake, provider)  # AttributeError handled by the caller
        # A fixed per-(locale, provider) seed: pools are identical in every process,
        # whatever order they are built in.
        fake.seed_instance(derive(0, "pool", locale, provider, repr(args), repr(kwargs)))
        values = dedupe([method(*args, **kwargs) for _ in range(size)])
        _POOLS[key] = values
        return values


def provider_pool(
    locales: Sequence[str],
    provider: str,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
    size: int = POOL_SIZE,
    providers: tuple[type, ...] = (),
) -> list[Any]:
    """Distinct values of a Faker provider for each locale, built once and cached.

    ``providers`` are provider classes added to Faker's own (``seed(providers=...)``).
    A locale that lacks the provider (``state`` in ``fr_FR``) borrows ``en_US``'s.
    Raises ``AttributeError`` when no locale has it.
    """
    kw = dict(kwargs or {})
    out: list[Any] = []
    for loc in locales:
        try:
            out.extend(_pool_one(loc, provider, args, kw, size, providers))
        except AttributeError:
            if loc == "en_US":
                raise
            out.extend(_pool_one("en_US", provider, args, kw, size, providers))
    return dedupe(out) if len(locales) > 1 else out


def ascii_fold(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in norm.lower() if ch.isalnum())


def ascii_pool(locales: Sequence[str], provider: str) -> list[str]:
    vals = dedupe([a for a in (ascii_fold(str(v)) for v in provider_pool(locales, provider)) if a])
    if len(vals) < 20:  # scripts without a Latin transliteration (ja_JP, zh_CN...)
        vals = dedupe([ascii_fold(str(v)) for v in provider_pool(("en_US",), provider)])
    return vals


COMBO_POOL = 4096

_COMBOS: dict[tuple[Any, ...], list[str]] = {}


def combo_pool(
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
        pool = dedupe(items)
    else:
        rng = random.Random(derive(0, "combo", *key))
        ch = rng.choices
        r = rng.random
        span = hi - lo + 1
        pool = dedupe([sep.join(ch(items, k=lo + int(r() * span))) for _ in range(COMBO_POOL)])
    with _LOCK:
        _COMBOS.setdefault(key, pool)
    return _COMBOS[key]
