"""Companies: a name, its domain, subdomain, website and emails, all of one company.

A company is ``(locale data, index, cycle, plain, row, bits)``: ``index`` picks a name
from the locale's pool (whose domain stems are distinct), ``cycle`` extends the pool
when more companies are asked for than it holds (``Schmidt GmbH Labs``, ``schmidt2.de``),
and ``plain`` says no other row can have this name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pytest_dbseed.engine.records.common import (
    Spec,
    bits,
    cut,
    fit_email,
    suffixed,
    suffixed_email,
)
from pytest_dbseed.engine.records.locales import LocaleData

Company = tuple[LocaleData, int, int, bool, int, int]

QUALIFIERS = (
    "Labs", "Digital", "Ventures", "Holdings", "Analytics", "Logistics", "Studio", "Works",
    "Systems", "Solutions", "Consulting", "Capital", "Media", "Networks", "Dynamics",
    "Industries", "Technologies", "Services", "Worldwide", "Global",
)  # fmt: skip
_ROLES = ("info", "contact", "hello", "sales", "support", "office", "team", "billing")


def qualifiers(data: Sequence[LocaleData]) -> tuple[str, ...]:
    """Words that end no company name of ``data``: a qualified name is never a plain one."""
    endings = {name.rsplit(" ", 1)[-1] for d in data for name, _ in d.companies}
    return tuple(q for q in QUALIFIERS if q not in endings)


def owners(data: Sequence[LocaleData]) -> list[frozenset[str]]:
    """For each locale, its company names no earlier locale of the set also has."""
    seen: set[str] = set()
    out: list[frozenset[str]] = []
    for d in data:
        mine = {name for name, _ in d.companies} - seen
        seen |= mine
        out.append(frozenset(mine))
    return out


def name(c: Company, quals: Sequence[str]) -> str:
    d, i, cycle = c[0], c[1], c[2]
    base = d.companies[i % len(d.companies)][0]
    if cycle == 0:
        return base
    return base + " " + (quals[cycle - 1] if cycle <= len(quals) else str(cycle + 1))


def domain(c: Company) -> str:
    d, i, cycle = c[0], c[1], c[2]
    stem = d.companies[i % len(d.companies)][1]
    return f"{stem}{cycle + 1 if cycle else ''}.{d.tld}"


def _company_name(quals: Sequence[str]) -> Callable[[Company, Spec], str]:
    def field(c: Company, spec: Spec) -> str:
        value = name(c, quals)
        if spec.unique and (not c[3] or (spec.max_len is not None and len(value) > spec.max_len)):
            return suffixed(value, c[4], spec.max_len, " #")
        return cut(value, spec.max_len)

    return field


def _domain(c: Company, spec: Spec) -> str:
    value = domain(c)
    if spec.unique and (not c[3] or (spec.max_len is not None and len(value) > spec.max_len)):
        # the row in decimal after the stem: stems hold no digits, so rows never collide
        d = c[0]
        stem = d.companies[c[1] % len(d.companies)][1]
        tail = f"-{c[4]}.{d.tld}"
        room = None if spec.max_len is None else max(1, spec.max_len - len(tail))
        return stem[:room].rstrip("-") + tail
    return value[: spec.max_len or None]


def _subdomain(c: Company, spec: Spec) -> str:
    """The company's DNS label (``schmidt``, ``acme-corp2``): lowercase letters, digits
    and hyphens, as in its domain."""
    d, i, cycle = c[0], c[1], c[2]
    stem = d.companies[i % len(d.companies)][1]
    value = f"{stem}{cycle + 1 if cycle else ''}"
    limit = min(spec.max_len or 63, 63)
    if spec.unique and (not c[3] or len(value) > limit):
        tail = f"-{c[4]}"  # stems hold no digits: the row after a hyphen never collides
        return stem[: max(1, limit - len(tail))].rstrip("-") + tail
    return value[:limit].rstrip("-")


def _website(c: Company, spec: Spec) -> str:
    value = "https://www." + domain(c)
    if spec.unique and not c[3]:
        return suffixed(value + "/", c[4], spec.max_len, "/")
    return value[: spec.max_len or None]


def _email(c: Company, spec: Spec) -> str:
    h = bits(c[5], spec.variant)
    local, dom = _ROLES[h % len(_ROLES)], domain(c)
    value = local + "@" + dom
    if spec.unique and (not c[3] or (spec.max_len is not None and len(value) > spec.max_len)):
        return suffixed_email(local, dom, c[4], spec.max_len)
    return fit_email(value, spec.max_len)


def fields(quals: Sequence[str]) -> dict[str, Callable[[Company, Spec], Any]]:
    return {
        "company": _company_name(quals),
        "domain": _domain,
        "subdomain": _subdomain,
        "website": _website,
        "company_email": _email,
    }
