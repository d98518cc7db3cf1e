"""What every record field shares: the column it fills, cutting to length, unique suffixes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pytest_dbseed.engine.rng import mix64

SAFE_DOMAINS = ("example.com", "example.org", "example.net")
"""Personal email domains: reserved for examples, never anyone's real mailbox."""


@dataclass(frozen=True)
class Spec:
    """One member column: which variant of its field, and what bounds its values."""

    column: str
    field: str
    variant: int
    unique: bool
    max_len: int | None
    kind: str
    scale: int | None
    aware: bool = False
    """A timestamp column with a time zone."""


_MASK = (1 << 64) - 1


def row_bits(key: int, start: int, stop: int) -> list[int]:
    """``mix64(key ^ row)`` of every row of the range: the row's own random bits."""
    out: list[int] = []
    append = out.append
    for r in range(start, stop):
        x = (key ^ r) & _MASK
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB & _MASK
        append(x ^ (x >> 31))
    return out


def bits(h: int, variant: int) -> int:
    """The row's random bits for a variant of a field (the second email of a person
    differs from the first)."""
    return h if variant == 0 else mix64(h + variant * 0x9E3779B97F4A7C15)


def cut(text: str, max_len: int | None) -> str:
    """``text`` within ``max_len``, cut at a word boundary when one is near."""
    if max_len is None or len(text) <= max_len:
        return text
    head = text[:max_len]
    space = head.rfind(" ")
    return head[:space].rstrip(" ,.;-") if space > max_len // 2 else head.rstrip(" ")


def suffixed(value: str, row: int, max_len: int | None, sep: str = "-", keep: int = 0) -> str:
    """``value`` with the row in hexadecimal after ``sep`` (a character hex digits never
    use): the text after the last ``sep`` gives the row back, so rows never collide. To fit
    ``max_len`` the value is trimmed, never below its first ``keep`` characters."""
    tail = f"{sep}{row:x}"
    if max_len is not None and len(value) + len(tail) > max_len:
        value = value[: max(keep, max_len - len(tail))].rstrip(" ")
    return value + tail


def suffixed_email(local: str, domain: str, row: int, max_len: int | None) -> str:
    """A unique email for a row whose plain one could be another row's: ``local.<row>@``
    when it fits (the local part keeps its one separator, so two separators tell it from
    a plain one), else the local part trimmed and ``+<row>`` (plus addressing: ``+``
    never appears in a plain local part)."""
    value = f"{local}.{row:x}@{domain}"
    if max_len is None or len(value) <= max_len:
        return value
    tail = f"+{row:x}@{domain}"
    return local[: max(1, max_len - len(tail))] + tail


def unique_capacity(field: str, max_len: int | None, tld: int = 3) -> int | None:
    """How many rows a unique record field can number within ``max_len`` (``None``: more
    than any request)."""
    if max_len is None:
        return None
    if field in ("email", "work_email", "company_email"):
        room = max_len - 2 - 12  # a character, '+', '@' and an 11-character domain
    elif field == "domain":
        return None if max_len - 3 - tld >= 15 else 10 ** max(0, max_len - 3 - tld)
    else:
        room = max_len - 3
    return None if room >= 12 else 16 ** max(0, room)


def fit_email(email: str, max_len: int | None) -> str:
    if max_len is None or len(email) <= max_len:
        return email
    local, _, domain = email.rpartition("@")
    room = max_len - len(domain) - 1
    return (local[: max(1, room)].rstrip("._-") or "u") + "@" + domain


def number(value: float, spec: Spec) -> Any:
    """A coordinate as the column's type: ``float``, or ``Decimal`` at the column's scale."""
    if spec.kind == "decimal":
        scale = 6 if spec.scale is None else spec.scale
        return Decimal(f"{value:.{scale}f}")
    return round(value, 6)
