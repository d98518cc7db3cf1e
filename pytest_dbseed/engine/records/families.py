"""Which columns of a table are fields of one record: a person, a company or a place.

Decided once per table from the column names (through
:func:`pytest_dbseed.engine.semantics.detect`), pure and cheap. Columns with the same
qualifier (``sender_name`` / ``sender_email``, ``billing_city`` / ``billing_zip``) form
records of their own; a lone qualifier is the row's own record (``author_name`` and
``author_email`` in ``posts`` are one person).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.semantics import PERSON_ROLES, detect, split_name, table_word

PERSON_FIELDS = frozenset(
    "first_name last_name middle_name full_name username email initials name_prefix gender "
    "gender_code social_handle".split()
)
PLACE_FIELDS = frozenset(
    "street_address street_name building_number address address_line2 city state state_code "
    "postal_code country country_code country_code3 latitude longitude".split()
)
CONTEXT_FIELDS = frozenset(
    "phone phone_e164 calling_code timezone locale language_code language_tag currency_code".split()
)
"""Fields that follow the row's locale when the row has a person or a place."""
FINITE_FIELDS = frozenset(
    "gender gender_code name_prefix country country_code country_code3 state state_code "
    "timezone locale language_code language_tag currency_code calling_code initials".split()
)
"""Fields with few values: a unique column of these is left to the pool-unique generator."""

_NUMERIC = {"latitude": ("float", "decimal"), "longitude": ("float", "decimal"),
            "age": ("int",), "birth_date": ("date", "datetime")}  # fmt: skip
_NAMES = frozenset("first_name last_name middle_name full_name username initials".split())
_PHRASES = frozenset(
    "name firstname lastname middlename fullname displayname givenname familyname surname "
    "forename username login handle nickname screenname email emailaddress mail phone "
    "phonenumber mobile mobilephone telephone tel fax cell city town zip zipcode postcode "
    "postalcode street streetaddress streetname address addressline address1 address2 line1 "
    "line2 state province region country countrycode countryname lat lng lon latitude "
    "longitude timezone tz locale language currency gender sex initials prefix title "
    "salutation website homepage url domain subdomain company companyname organization age dob "
    "birthdate dateofbirth birthday housenumber buildingnumber district".split()
)
_NEUTRAL = frozenset("contact primary main default current preferred legal personal my own".split())
_WEB = frozenset("website homepage blog site personal portfolio".split())
_WORK = frozenset("work business company corporate office professional".split())


@dataclass(frozen=True)
class Member:
    """One column's place in a record."""

    record: str
    """``person``, ``company`` or ``place``, with ``:qualifier`` for a second one in a row."""
    field: str
    variant: int
    """0 for the first column of this field in its record, 1 for the next..."""


_RECORD_SAMPLES = {
    "email": ("jane.doe@example.com", "john_smith42@example.net", "mary.o.lee7@example.org"),
    "slug": ("acme-widgets-3", "north-star-12", "blue-7"),
}
"""Values of the shapes records build, for the semantics whose values a pattern CHECK may
well accept (``email ~* '^[^@\\s]+@[^@\\s]+$'``): a record fills the column only when all
of them pass every pattern."""


def record_meets_patterns(semantic: str, bounds: ColumnBounds) -> bool:
    """Whether a record may fill a column with ``bounds.patterns`` (see :data:`_RECORD_SAMPLES`);
    the column's values are then generated (and made to meet the patterns) instead."""
    if not bounds.patterns:
        return True
    samples = _RECORD_SAMPLES.get(semantic, ())
    return bool(samples) and all(p.matches(v) for v in samples for p in bounds.patterns)


def column_max_len(col: ColumnInfo, bounds: ColumnBounds | None) -> int | None:
    """The longest string the column takes (its type's length, a domain's, a CHECK's)."""
    length = getattr(col.concrete_type, "length", None)
    if not (isinstance(length, int) and length > 0):
        length = col.length
    m = length if isinstance(length, int) and length > 0 else None
    if bounds is not None and bounds.max_length is not None:
        m = bounds.max_length if m is None else min(m, bounds.max_length)
    return m


def _qualifier(table: TableInfo, column: str) -> str:
    tokens = split_name(column)
    while len(tokens) > 1 and tokens[-1].isdigit():
        tokens.pop()
    # a role is a person of its own (``sender``, ``project_manager``): the whole name qualifies
    cut = len(tokens) if tokens and tokens[-1] in PERSON_ROLES else len(tokens) - 1
    for j in range(len(tokens)):
        if "".join(tokens[j:]) in _PHRASES:
            cut = j
            break
    own = table_word(table.name)
    kept = [t for t in tokens[:cut] if t not in _NEUTRAL and t != own]
    return "_".join(kept)


_WHOLE_DIGITS = {"latitude": 2, "longitude": 3}


def _fits_kind(field: str, col: ColumnInfo) -> bool:
    if col.kind not in _NUMERIC.get(field, ("str",)):
        return False
    if col.kind == "decimal" and col.precision is not None and field in _WHOLE_DIGITS:
        return col.precision - (col.scale or 0) >= _WHOLE_DIGITS[field]
    return True


def _candidates(
    table: TableInfo, columns: Mapping[str, ColumnBounds | None]
) -> list[tuple[str, str, str, set[str]]]:
    """(column, semantic, qualifier, words) of the columns a record could fill."""
    siblings = table.column_names
    out = []
    for name, bounds in columns.items():
        col = table.column(name)
        if bounds is not None and (bounds.allowed is not None or bounds.low is not None
                                   or bounds.high is not None or bounds.min_length):  # fmt: skip
            continue
        sem = detect(table.name, name, col.kind, column_max_len(col, bounds), siblings=siblings)
        if sem is None or not _fits_kind(sem.name, col):
            continue
        if bounds is not None and not record_meets_patterns(sem.name, bounds):
            continue
        out.append((name, sem.name, _qualifier(table, name), set(split_name(name))))
    return out


_OWN_NAMES = frozenset("first_name last_name middle_name full_name".split())


def _groups(found: list[tuple[str, str, str, set[str]]], family: frozenset[str]) -> dict[str, str]:
    """Column -> qualifier of its record within one family. A lone qualifier is the row's
    own record (``author_name`` with ``email``), unless the row names its own person too
    (``first_name`` beside ``manager``: two people)."""
    mine = [(c, q) for c, s, q, _ in found if s in family]
    quals = {q for _, q in mine if q}
    own_named = any(not q and s in _OWN_NAMES for _, s, q, _ in found if s in family)
    if not quals or (len(quals) == 1 and not own_named):
        return {c: "" for c, _ in mine}
    return {c: q for c, q in mine}


def plan_members(
    table: TableInfo, columns: Mapping[str, ColumnBounds | None], unique: Sequence[str] = ()
) -> dict[str, Member]:
    """The record fields among ``columns`` (written columns that would get generated
    values, with their CHECK bounds). ``unique`` columns of few values stay out."""
    found = [f for f in _candidates(table, columns)
             if not (f[0] in unique and (f[1] in FINITE_FIELDS or f[1] in _NUMERIC))]  # fmt: skip
    sems = {c: s for c, s, _, _ in found}
    words = {c: w for c, _, _, w in found}
    person = _groups(found, PERSON_FIELDS - {"email"})
    company = any(s == "company" for s in sems.values())
    named = bool(person)
    out: dict[str, tuple[str, str]] = {}
    for c, q in person.items():
        display = sems[c] == "full_name" and bool(words[c] & {"display", "screen"})
        out[c] = (_rec("person", q), "display_name" if display else sems[c])
    for c, s in sems.items():
        if s == "company":
            out[c] = ("company", "company")
        elif s == "email":
            out[c] = _email(table, c, words[c], person, named, company)
        elif s in ("domain", "url", "subdomain") and company:
            out[c] = ("company", "website" if s == "url" else s)
        elif s == "url" and named and words[c] & _WEB:
            out[c] = ("person", "website")
    ages = [c for c, s in sems.items() if s == "age"]
    births = [c for c, s in sems.items() if s == "birth_date"]
    if named and ages and births:
        out[ages[0]] = ("person", "age")
        out[births[0]] = ("person", "birth_date")
    _places(found, sems, out, anchored=named or company)
    return _numbered(columns, out)


def _email(
    table: TableInfo,
    column: str,
    words: set[str],
    person: Mapping[str, str],
    named: bool,
    company: bool,
) -> tuple[str, str]:
    """An email is its person's (``sender_email`` the sender's), a company's when the row
    names a company and no person, and a person's address at the company for a work email."""
    if named and company and words & _WORK:
        return "person", "work_email"
    if company and not named:
        return "company", "company_email"
    q = _qualifier(table, column)
    return _rec("person", q if q and q in set(person.values()) else ""), "email"


def _rec(kind: str, qualifier: str) -> str:
    return f"{kind}:{qualifier}" if qualifier else kind


def _places(
    found: list[tuple[str, str, str, set[str]]],
    sems: Mapping[str, str],
    out: dict[str, tuple[str, str]],
    anchored: bool,
) -> None:
    places = _groups(found, PLACE_FIELDS)
    context = [c for c, s in sems.items() if s in CONTEXT_FIELDS]
    if len(places) + len(context) < 2 and not (anchored and (places or context)):
        return
    for c, q in places.items():
        out[c] = (_rec("place", q), sems[c])
    for c in context:
        out[c] = ("place", sems[c])


def _numbered(
    columns: Mapping[str, ColumnBounds | None], out: Mapping[str, tuple[str, str]]
) -> dict[str, Member]:
    seen: dict[tuple[str, str], int] = {}
    members: dict[str, Member] = {}
    for name in columns:
        if name in out:
            record, field = out[name]
            variant = seen.get((record, field), 0)
            seen[(record, field)] = variant + 1
            members[name] = Member(record, field, variant)
    return members
