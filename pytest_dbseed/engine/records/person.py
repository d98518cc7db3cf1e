"""People: one person per row, and every field of the row derived from that person.

A person is ``(first, first_ascii, last, last_ascii, female, locale data, plain, row,
bits)``. Names come from the row's number (:class:`~.index.RowIndex`), so rows of one
cycle never share a name pair; emails and usernames are spelled from the ascii names
(``jane.doe@example.org``, ``jdoe@...``, ``jane_doe42@...``). ``plain`` says the name pair
is this row's alone: a unique column then needs no suffix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
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


_MASK = (1 << 64) - 1


def people(
    data: Sequence[LocaleData],
    owned: Sequence[frozenset[str]],
    locs: Sequence[int],
    nums: Sequence[int] | None,
    cycles: Sequence[int] | None,
    start: int,
    key: int,
) -> list[Person]:
    """The person of each row from ``start``: its number from ``nums`` (the row index; with
    ``None`` a number from the row's bits, for a second person of the row), its bits
    ``mix64(key ^ row)``, plain when in the first cycle and its family name is its locale's."""
    if len(data) == 1 and nums is not None and cycles is not None:
        return _people_of_one(data[0], nums, cycles, start, key)
    caps = [d.capacity for d in data]
    out: list[Person] = []
    append = out.append
    for i, loc in enumerate(locs):
        r = start + i
        x = (key ^ r) & _MASK  # mix64(key ^ r), inlined: this runs once per row
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB & _MASK
        h = x ^ (x >> 31)
        d = data[loc]
        num = (nums[i] if nums is not None else h >> 7) % caps[loc]
        nf = d.n_female
        female_pairs = nf * len(d.lasts_f)
        if num < female_pairs:  # decode(), inlined
            fi, li = num % nf, num // nf
            last, la = d.lasts_f[li], d.lasts_f_ascii[li]
            female = True
        else:
            num -= female_pairs
            nm = len(d.firsts) - nf
            fi, li = nf + num % nm, num // nm
            last, la = d.lasts_m[li], d.lasts_m_ascii[li]
            female = False
        plain = cycles is not None and cycles[i] == 0 and la in owned[loc]
        append((d.firsts[fi], d.firsts_ascii[fi], last, la, female, d, plain, r, h))
    return out


def _people_of_one(
    d: LocaleData, nums: Sequence[int], cycles: Sequence[int], start: int, key: int
) -> list[Person]:
    """:func:`people` for one locale: every family name is its own."""
    cap, nf = d.capacity, d.n_female
    nm = len(d.firsts) - nf
    female_pairs = nf * len(d.lasts_f)
    firsts, firsts_a = d.firsts, d.firsts_ascii
    lf, lfa, lm, lma = d.lasts_f, d.lasts_f_ascii, d.lasts_m, d.lasts_m_ascii
    out: list[Person] = []
    append = out.append
    r = start
    for num, cycle in zip(nums, cycles):
        x = (key ^ r) & _MASK
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB & _MASK
        num %= cap
        if num < female_pairs:
            fi, li = num % nf, num // nf
            append((firsts[fi], firsts_a[fi], lf[li], lfa[li], True, d, cycle == 0, r,
                    x ^ (x >> 31)))  # fmt: skip
        else:
            num -= female_pairs
            fi, li = nf + num % nm, num // nm
            append((firsts[fi], firsts_a[fi], lm[li], lma[li], False, d, cycle == 0, r,
                    x ^ (x >> 31)))  # fmt: skip
        r += 1
    return out


def apart(
    data: Sequence[LocaleData],
    owned: Sequence[frozenset[str]],
    who: list[Person],
    others: Sequence[Sequence[Person]],
    locs: Sequence[int],
    start: int,
    key: int,
) -> list[Person]:
    """``who`` (a second person of each row) drawn again where another person of its row
    already has that name: a ``sender`` is not the row's ``recipient``."""
    if not others:
        return who
    out = who
    for i, p in enumerate(who):
        tries = 0
        while tries < 8 and any(o[i][0] == p[0] and o[i][2] == p[2] for o in others):
            tries += 1
            p = people(data, owned, [locs[i]], None, None, start + i, mix64(key + tries))[0]
        if tries:
            out = out if out is not who else list(who)
            out[i] = p
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


_DIGITS = tuple(str(n) for n in range(10, 100))


def _longest(people: Sequence[Person], extra: int) -> int:
    """The longest ascii name pair any of these people's locales can spell, plus ``extra``."""
    datas = {id(p[5]): p[5] for p in people}.values()
    return max((max(map(len, d.firsts_ascii)) + max(map(len, d.lasts_f_ascii + d.lasts_m_ascii))
                for d in datas), default=0) + extra  # fmt: skip


def emails(people: Sequence[Person], spec: Spec, domains: Sequence[str] | None = None) -> list[str]:
    """The email of every person (at ``domains``, one per person, for work emails)."""
    out: list[str] = []
    append = out.append
    unique, m, variant = spec.unique, spec.max_len, spec.variant
    if m is not None and domains is None and _longest(people, 3 + 1 + 11) <= m:
        m = None  # no spelling can overflow: no per-row length checks
    styles = 6 if unique else 11
    safe = SAFE_DOMAINS
    digit_text = _DIGITS
    spellings = _UNIQUE_STYLES
    for i, p in enumerate(people):
        h = p[8] if variant == 0 else bits(p[8], variant)
        n = h % styles
        if n < 6:  # _local(), inlined for the common spellings
            sep, digits = spellings[n]
            local = p[1] + sep + p[3] + digit_text[(h >> 8) % 90] if digits else p[1] + sep + p[3]
        else:
            local = _local(p, h, unique)
        dom = domains[i] if domains is not None else safe[(h >> 16) % 3]
        value = local + "@" + dom
        if unique and not p[6]:
            value = suffixed_email(local, dom, p[7], m)
        elif m is not None and len(value) > m:
            value = suffixed_email(local, dom, p[7], m) if unique else fit_email(value, m)
        append(value)
    return out


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
    if spec.kind != "datetime":
        return day
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc if spec.aware else None)


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

Batch = Callable[[Sequence[Person], Spec], list[Any]]


def _each(fn: Callable[[Person, Spec], Any]) -> Batch:
    return lambda people, spec: [fn(p, spec) for p in people]


def _name_part(i: int) -> Batch:
    def batch(people: Sequence[Person], spec: Spec) -> list[Any]:
        values: list[str] = [p[i] for p in people]  # type: ignore[misc]
        if spec.unique:
            return [_unique_word(v, p, spec, " #") for v, p in zip(values, people)]
        m = spec.max_len
        if m is None or max(map(len, values), default=0) <= m:
            return values
        return [cut(v, m) for v in values]

    return batch


BATCH: dict[str, Batch] = {name: _each(fn) for name, fn in FIELDS.items()}
"""Every field over a list of people at once (the common ones without a call per row)."""
BATCH.update({"first_name": _name_part(0), "last_name": _name_part(2), "email": emails})
