"""Records: the columns of a row that describe one person, one company or one place.

A row that names a person is one person: first, last, full and display name, username,
email spelled from the name, initials, gendered salutation; a company has a name, its
domain, its website and emails on that domain; a place has street, city, state, postal
code, country, phone, time zone and coordinates of ONE locale. With several locales each
row picks one (from its own number) and all its records follow it.

Two halves, as for values:

* deciding (pure, once per table): :func:`plan_members` tells which columns are fields of
  which record (:class:`Member`); :func:`member_capacity` how many unique values a field
  can take within a column's length;
* producing: :class:`TableRecords` builds each row's records from the row's own number
  and bits (seed, table, record, row) and hands each member column its field, for any
  range of rows.

Speed comes from the locale data (:mod:`.locales`), built once per locale from Faker
pools: a row costs a permutation step and a few string joins, never a Faker call.
"""

from __future__ import annotations

from pytest_dbseed.engine.records.common import unique_capacity
from pytest_dbseed.engine.records.families import Member, column_max_len, plan_members
from pytest_dbseed.engine.records.place import place_object
from pytest_dbseed.engine.records.produce import TableRecords


def member_capacity(member: Member, max_len: int | None) -> int | None:
    """Distinct values a unique member column can take (``None``: more than any request)."""
    return unique_capacity(member.field, max_len)


__all__ = [
    "Member",
    "TableRecords",
    "column_max_len",
    "member_capacity",
    "place_object",
    "plan_members",
]
