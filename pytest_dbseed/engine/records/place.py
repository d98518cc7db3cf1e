"""Places: street, city, state, postal code, country, phone, time zone and coordinates of
one locale, chosen from the row's own bits.

A place is ``(locale data, bits, row)``. The street address and the full address are
assembled in the locale's own format from the same street, number, city and postal code
the row's other columns hold; in en_US the postal code lies in the row's state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pytest_dbseed.engine.records.common import Spec, bits, cut, number, suffixed
from pytest_dbseed.engine.records.locales import LocaleData
from pytest_dbseed.engine.rng import mix64

Place = tuple[LocaleData, int, int]

_TOKEN = re.compile(r"\{\{(\w+)\}\}")
_STATE_TOKENS = frozenset({"state", "administrative_unit", "province", "region", "county"})


def _pick(pool: tuple[str, ...], h: int) -> str:
    return pool[h % len(pool)] if pool else ""


def _state_index(p: Place) -> int:
    return (p[1] >> 36) % max(1, len(p[0].states))


def _token(p: Place, token: str) -> str:
    d, h = p[0], p[1]
    if token == "street_name":
        return _pick(d.street_names, h >> 9)
    if token == "building_number":
        return _pick(d.building_numbers, h >> 18)
    if token == "secondary_address":
        return _pick(d.secondary, h >> 27)
    if token == "city":
        return _pick(d.cities, h)
    if token == "postcode":
        return postal_code(p)
    if token == "state_abbr":
        return state_code(p)
    if token in _STATE_TOKENS:
        return d.states[_state_index(p)] if d.states else ""
    return _pick(d.extra.get(token, ()), mix64(h ^ hash_of(token)))


def hash_of(text: str) -> int:
    """A stable small number for a token name (never Python's salted ``hash``)."""
    out = 0
    for ch in text:
        out = (out * 131 + ord(ch)) & 0xFFFFFFFF
    return out


_COMPILED: dict[str, list[tuple[bool, str]]] = {}


def _compiled(fmt: str) -> list[tuple[bool, str]]:
    """``fmt`` as (is a token, text) parts, split once per format."""
    parts = _COMPILED.get(fmt)
    if parts is None:
        parts = []
        for i, piece in enumerate(_TOKEN.split(fmt)):
            if piece:
                parts.append((i % 2 == 1, piece))
        _COMPILED[fmt] = parts
    return parts


def _format(p: Place, fmt: str) -> str:
    return "".join(_token(p, text) if token else text for token, text in _compiled(fmt))


def street_address(p: Place) -> str:
    d, h = p[0], p[1]
    if d.street_format == "{{building_number}} {{street_name}}":  # most locales' form
        return _pick(d.building_numbers, h >> 18) + " " + _pick(d.street_names, h >> 9)
    if d.street_format == "{{street_name}} {{building_number}}":
        return _pick(d.street_names, h >> 9) + " " + _pick(d.building_numbers, h >> 18)
    return " ".join(_format(p, d.street_format).split())


def full_address(p: Place) -> str:
    d = p[0]
    text = d.address_format.replace("{{street_address}}", street_address(p))
    lines = [" ".join(line.split()) for line in _format(p, text).split("\n")]
    return ", ".join(line for line in lines if line)


def postal_code(p: Place) -> str:
    d, h = p[0], mix64(p[1] ^ 0x5A1)
    if d.zip_ranges:
        lo, hi = d.zip_ranges[_state_index(p)]
        return f"{lo + h % (hi - lo + 1):05d}"
    return _pick(d.postcodes, h)


def state_code(p: Place) -> str:
    d = p[0]
    if d.state_codes:
        return d.state_codes[_state_index(p)]
    state = d.states[_state_index(p)] if d.states else d.country
    letters = [ch for ch in state.upper() if ch.isalpha()]
    return "".join(letters[:2]) or d.country_code


def _coord(p: Place) -> tuple[float, float, str] | None:
    coords = p[0].coords
    return coords[(p[1] >> 20) % len(coords)] if coords else None


def _jitter(p: Place, shift: int) -> float:
    return ((mix64(p[1] ^ shift) % 2001) - 1000) / 20000.0


def latitude(p: Place, spec: Spec) -> Any:
    c = _coord(p)
    lat = c[0] + _jitter(p, 0x1A7) if c else ((p[1] >> 8) % 1500000) / 10000.0 - 60.0
    return number(max(-90.0, min(90.0, lat)), spec)


def longitude(p: Place, spec: Spec) -> Any:
    c = _coord(p)
    lng = c[1] + _jitter(p, 0x10E) if c else ((p[1] >> 30) % 3600000) / 10000.0 - 180.0
    return number(max(-180.0, min(180.0, lng)), spec)


def timezone(p: Place) -> str:
    c = _coord(p)
    return c[2] if c else "UTC"


def phone(p: Place, spec: Spec) -> str:
    return _pick(p[0].phones, bits(p[1], spec.variant) >> 5)


def phone_e164(p: Place, spec: Spec) -> str:
    d, h = p[0], bits(p[1], spec.variant)
    width = 10 if d.calling_code == "1" else 9
    national = str(2 + h % 8) + f"{(h >> 4) % 10 ** (width - 1):0{width - 1}d}"
    return "+" + d.calling_code + national


def place_object(d: LocaleData, h: int) -> dict[str, str]:
    """One address as a JSON object, every part of it from locale ``d``."""
    p = (d, h, 0)
    out = {"street": street_address(p), "city": _token(p, "city"), "postal_code": postal_code(p)}
    if d.states:
        out["state"] = _token(p, "state")
    out["country"] = d.country
    out["country_code"] = d.country_code
    return out


def _unique_e164(p: Place, spec: Spec) -> str:
    """The row itself as the subscriber number: distinct rows, distinct numbers."""
    code = p[0].calling_code
    width = max(6, min(15, (spec.max_len or 16) - 1) - len(code) - 1)
    return f"+{code}9{p[2]:0{width}d}"


def _text(fn: Callable[[Place], str], sep: str = "-") -> Callable[[Place, Spec], str]:
    def field(p: Place, spec: Spec) -> str:
        value = fn(p)
        if spec.unique:
            return suffixed(value, p[2], spec.max_len, sep)
        return cut(value, spec.max_len)

    return field


FIELDS: dict[str, Callable[[Place, Spec], Any]] = {
    "street_address": _text(street_address, " #"),
    "street_name": _text(lambda p: _token(p, "street_name"), " #"),
    "building_number": _text(lambda p: _token(p, "building_number")),
    "address": _text(full_address, " #"),
    "address_line2": _text(lambda p: _token(p, "secondary_address"), " #"),
    "city": _text(lambda p: _token(p, "city")),
    "state": _text(lambda p: _token(p, "state")),
    "state_code": _text(state_code),
    "postal_code": _text(postal_code),
    "country": _text(lambda p: p[0].country),
    "country_code": _text(lambda p: p[0].country_code),
    "country_code3": _text(lambda p: p[0].country_code3),
    "latitude": latitude,
    "longitude": longitude,
    "timezone": _text(timezone),
    "phone": lambda p, s: (
        suffixed(phone(p, s), p[2], s.max_len, " x") if s.unique else cut(phone(p, s), s.max_len)
    ),
    "phone_e164": lambda p, s: phone_e164(p, s) if not s.unique else _unique_e164(p, s),
    "calling_code": _text(lambda p: "+" + p[0].calling_code),
    "locale": _text(lambda p: p[0].code),
    "language_code": _text(lambda p: p[0].language),
    "language_tag": _text(lambda p: f"{p[0].language}-{p[0].country_code}"),
    "currency_code": _text(lambda p: p[0].currency),
}


Batch = Callable[[Sequence[Place], Spec], list[Any]]


def _phones(places: Sequence[Place], spec: Spec) -> list[Any]:
    if spec.unique or spec.variant:
        fn = FIELDS["phone"]
        return [fn(p, spec) for p in places]
    return _fitted([p[0].phones[(p[1] >> 5) % len(p[0].phones)] for p in places], spec.max_len)


def _fitted(values: list[str], m: int | None) -> list[Any]:
    if m is None or max(map(len, values), default=0) <= m:
        return values
    return [v if len(v) <= m else cut(v, m) for v in values]


def _text_batch(fn: Callable[[Place], str], sep: str = "-") -> Batch:
    """A text field over many places: cut only when a value is too long, a row suffix where
    the column is unique."""

    def batch(places: Sequence[Place], spec: Spec) -> list[Any]:
        values = [fn(p) for p in places]
        if spec.unique:
            return [suffixed(v, p[2], spec.max_len, sep) for v, p in zip(values, places)]
        return _fitted(values, spec.max_len)

    return batch


def _each(fn: Callable[[Place, Spec], Any]) -> Batch:
    return lambda places, spec: [fn(p, spec) for p in places]


BATCH: dict[str, Batch] = {name: _each(fn) for name, fn in FIELDS.items()}
"""Every field over a list of places at once."""
BATCH.update({
    "phone": _phones,
    "street_address": _text_batch(street_address, " #"),
    "city": _text_batch(lambda p: _pick(p[0].cities, p[1])),
    "postal_code": _text_batch(postal_code),
    "state": _text_batch(lambda p: p[0].states[_state_index(p)] if p[0].states else ""),
    "state_code": _text_batch(state_code),
    "country": _text_batch(lambda p: p[0].country),
    "country_code": _text_batch(lambda p: p[0].country_code),
    "address": _text_batch(full_address, " #"),
})  # fmt: skip
