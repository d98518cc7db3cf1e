"""People: one person per row, and every field of the row derived from that person.

A person is ``(first, first_ascii, last, last_ascii, female, locale data, plain, row,
bits)``. Names come from the row's number (:class:`~.index.RowIndex`), so rows of one
cycle never share a name pair; emails and usernames are spelled from the ascii names
(``jane.doe@example.org``, ``jdoe@...``, ``jane_doe42@...``). ``plain`` says the name pair
is this row's alone: a unique column then needs no suffix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pytest_dbseed.engine.records.common import (
    SAFE_DOMAINS,
    Spec,
    bits,
    cut,
    fit_email,
    suffixed,
    suffixed_email,
)
from pytest_dbseed.engine.records.locales import LocaleData
from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.semantics import ANCHOR

Person = tuple[str, str, str, str, bool, LocaleData, bool, int, int]

_NONBINARY = 0.02


def decode(d: LocaleData, num: int) -> tuple[int, int, bool]:
    """Number below ``d.capacity`` -> (first index, last index, female)."""
    nf = d.n_female
    female_pairs = nf * len(d.lasts_f)
    if num < female_pairs:
        return num % nf, num // nf, True
    num -= female_pairs
    nm = len(d.firsts) - nf
    return nf + num % nm, num // nm, False


def people(
    data: Sequence[LocaleData],
    owned: Sequence[frozenset[str]],
    locs: Sequence[int],
    nums: Sequence[int],
    plain: Sequence[bool],
    rows: range,
    hashes: Sequence[int],
) -> list[Person]:
    out: list[Person] = []
    for loc, num, ok, r, h in zip(locs, nums, plain, rows, hashes):
        d = data[loc]
        fi, li, female = decode(d, num % d.capacity)
        if female:
            last, la = d.lasts_f[li], d.lasts_f_ascii[li]
        else:
            last, la = d.lasts_m[li], d.lasts_m_ascii[li]
        out.append((d.firsts[fi], d.firsts_ascii[fi], last, la, female, d,
                    ok and la in owned[loc], r, h))  # fmt: skip
    return out


# --------------------------------------------------------------------------- spellings

# (separator, with digits): every unique spelling holds one separator between the two
# names, so it gives the pair back; the loose ones are for columns that need not be unique.
_UNIQUE_STYLES = ((".", False), (".", False), ("_", False), (".", True), ("_", True), (".", False))
_LOOSE = ("fl", "il", "i.l", "l.f", "f#")


def _local(p: Person, h: int, unique: bool) -> str:
    """An email local part spelled from the person's names."""
    fa, la = p[1], p[3]
    n = h % (6 if unique else 11)
    if n < 6:
        sep, digits = _UNIQUE_STYLES[n]
        return fa + sep + la + (str(10 + (h >> 8) % 90) if digits else "")
    style = _LOOSE[n - 6]
    if style == "fl":
        return fa + la
    if style == "il":
        return fa[0] + la
    if style == "i.l":
        return fa[0] + "." + la
    if style == "l.f":
        return la + "." + fa
    return fa + str(10 + (h >> 8) % 90)


def email(p: Person, spec: Spec, domain: str | None = None) -> str:
    h = bits(p[8], spec.variant)
    local = _local(p, h, spec.unique)
    dom = domain or SAFE_DOMAINS[(h >> 16) % 3]
    value = local + "@" + dom
    if spec.unique and (not p[6] or (spec.max_len is not None and len(value) > spec.max_len)):
        return suffixed_email(local, dom, p[7], spec.max_len)
    return fit_email(value, spec.max_len)


def username(p: Person, spec: Spec) -> str:
    fa, la = p[1], p[3]
    h = bits(p[8], spec.variant) >> 20
    n = h % (4 if spec.unique else 7)
    digits = str(10 + (h >> 4) % 90)
    value = (fa + "_" + la, fa + "." + la, fa + "_" + la + digits, fa + "." + la + digits,
             fa[0] + la, fa + la, fa + digits)[n]  # fmt: skip
    if spec.unique and (not p[6] or (spec.max_len is not None and len(value) > spec.max_len)):
        # value_<row> keeps the one separator of the plain form (two tell it apart);
        # trimmed ones end in -<row> ('-' is in no plain username)
        longer = f"{value}_{p[7]:x}"
        if spec.max_len is None or len(longer) <= spec.max_len:
            return longer
        return suffixed(value, p[7], spec.max_len, "-", keep=1)
    return value if spec.max_len is None else value[: spec.max_len]


def full_name(p: Person, spec: Spec) -> str:
    d = p[5]
    value = p[2] + d.name_sep + p[0] if d.last_first else p[0] + d.name_sep + p[2]
    if spec.unique and (not p[6] or (spec.max_len is not None and len(value) > spec.max_len)):
        return suffixed(value, p[7], spec.max_len, " #")
    return cut(value, spec.max_len)


def display_name(p: Person, spec: Spec) -> str:
    n = (p[8] >> 28) % 8
    if n >= 6 and not spec.unique:
        return username(p, spec)
    if n >= 4 and not spec.unique and not p[5].last_first:
        return cut(p[0] + " " + p[2][:1] + ".", spec.max_len)
    return full_name(p, spec)


def _unique_word(value: str, p: Person, spec: Spec, sep: str = "-") -> str:
    if spec.unique:
        return suffixed(value, p[7], spec.max_len, sep)
    return cut(value, spec.max_len)


def gender(p: Person, spec: Spec) -> str:
    nonbinary = (p[8] >> 40) % 1000 < _NONBINARY * 1000
    if spec.field == "gender_code":
        return "X" if nonbinary else ("F" if p[4] else "M")
    if nonbinary and (spec.max_len is None or spec.max_len >= 10):
        return "non-binary"
    return "female" if p[4] else "male"


def salutation(p: Person, spec: Spec) -> str:
    female, male = p[5].salutations
    pool = female if p[4] else male
    return cut(pool[(p[8] >> 44) % len(pool)], spec.max_len)


def middle_name(p: Person, spec: Spec) -> str:
    d = p[5]
    lo, hi = (0, d.n_female) if p[4] else (d.n_female, len(d.firsts))
    pick = d.firsts[lo + (p[8] >> 48) % max(1, hi - lo)] if hi > lo else d.firsts[0]
    return _unique_word(pick, p, spec)


def initials(p: Person, spec: Spec) -> str:
    return (p[1][:1] + p[3][:1]).upper()[: spec.max_len or None]


def social_handle(p: Person, spec: Spec) -> str:
    room = None if spec.max_len is None else spec.max_len - 1
    name = username(p, Spec(spec.column, "username", spec.variant, spec.unique, room, "str", None))
    return "@" + name.replace(".", "_")


def website(p: Person, spec: Spec) -> str:
    tld = ("dev", "me", "io", "net", "com")[(p[8] >> 52) % 5]
    value = f"https://{p[1]}{p[3]}.{tld}"
    return _unique_word(value, p, spec, "/") if spec.unique else value[: spec.max_len or None]


def age(p: Person, spec: Spec) -> int:
    return 18 + mix64(p[8] ^ 0xA6E) % 63


def birth_date(p: Person, spec: Spec) -> date | datetime:
    years = age(p, spec)
    day = ANCHOR.date().replace(year=ANCHOR.year - years - 1) + timedelta(
        days=1 + mix64(p[8] ^ 0xB1D) % 364
    )
    return datetime(day.year, day.month, day.day) if spec.kind == "datetime" else day


FIELDS: dict[str, Callable[[Person, Spec], Any]] = {
    "first_name": lambda p, s: _unique_word(p[0], p, s, " #") if s.unique else cut(p[0], s.max_len),
    "last_name": lambda p, s: _unique_word(p[2], p, s, " #") if s.unique else cut(p[2], s.max_len),
    "middle_name": middle_name,
    "full_name": full_name,
    "display_name": display_name,
    "username": username,
    "email": email,
    "initials": initials,
    "name_prefix": salutation,
    "gender": gender,
    "gender_code": gender,
    "social_handle": social_handle,
    "website": website,
    "age": age,
    "birth_date": birth_date,
}
