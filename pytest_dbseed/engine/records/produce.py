"""Producing a table's records: rows ``start..stop`` -> the values of every member column.

One :class:`TableRecords` per table. Each row gets one locale for all its records (from
the row's number, see :class:`~.index.RowIndex`), its person from the same number, and
its places and companies from bits of its own: every value is a function of (seed,
table, record, row), never of a stream shared between rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.pools import locales_of
from pytest_dbseed.engine.records import company as C
from pytest_dbseed.engine.records import person as P
from pytest_dbseed.engine.records import place as L
from pytest_dbseed.engine.records.common import Spec, row_bits
from pytest_dbseed.engine.records.families import Member, column_max_len
from pytest_dbseed.engine.records.index import RowIndex
from pytest_dbseed.engine.records.locales import LocaleData, locale_set, owners
from pytest_dbseed.engine.rng import BLOCK, block_rng, derive
from pytest_dbseed.engine.schema import TableInfo

Batch = dict[str, list[Any]]

_PLACE_ONLY = 1 << 20


def _null_mask(key: int, share: float, start: int, stop: int) -> list[bool]:
    """About ``share`` of the rows NULL, drawn as the value generators draw theirs."""
    out: list[bool] = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1 if stop > start else 0):
        rnd = block_rng(key, block).random
        b0 = block * BLOCK
        draws = [rnd() < share for _ in range(min(stop, b0 + BLOCK) - b0)]
        out.extend(draws[max(start, b0) - b0 :])
    return out


def _kind(record: str) -> str:
    return record.partition(":")[0]


class TableRecords:
    """The record columns of one table, for any range of rows."""

    def __init__(
        self,
        table: TableInfo,
        members: Mapping[str, tuple[Member, bool, ColumnBounds | None, float]],
        seed: int,
        locale: str | Sequence[str] | None,
    ) -> None:
        self.table = table
        self.data: tuple[LocaleData, ...] = locale_set(locales_of(locale))
        self.key = derive(seed, table.fullname, "record")
        self.groups: dict[str, list[Spec]] = {}
        for column, (member, unique, bounds, _nulls) in members.items():
            col = table.column(column)
            aware = bool(getattr(col.concrete_type, "timezone", False))
            spec = Spec(column, member.field, member.variant, unique, column_max_len(col, bounds),
                        col.kind, col.scale, aware)  # fmt: skip
            self.groups.setdefault(member.record, []).append(spec)
        kinds = {_kind(r) for r in self.groups}
        self.primary = "person" if "person" in kinds else "company" if "company" in kinds else ""
        per_locale = _PLACE_ONLY
        if self.primary == "person":
            per_locale = min(d.capacity for d in self.data)
        elif self.primary == "company":
            per_locale = min(len(d.companies) for d in self.data)
        self.index = RowIndex(self.key, len(self.data), per_locale)
        self.salts = {
            r: derive(seed, table.fullname, "record", r) for r in [*self.groups, "company"]
        }
        self.person_owned = owners(self.data)
        self.company_owned = C.owners(self.data)
        self.company_fields = C.fields(C.qualifiers(self.data))
        self.nullable = {
            column: (derive(seed, table.fullname, column, "null"), share)
            for column, (_m, _u, bounds, share) in members.items()
            if share > 0
            and table.column(column).nullable
            and not (bounds is not None and bounds.not_null)
        }
        self._cache: tuple[int, int, Batch] | None = None

    def batch(self, start: int, stop: int) -> Batch:
        """Values of every member column for rows ``start`` to ``stop - 1``."""
        cached = self._cache
        if cached is not None and cached[0] == start and cached[1] == stop:
            return cached[2]
        out = self._produce(start, stop)
        for column, (key, share) in self.nullable.items():
            mask = _null_mask(key, share, start, stop)
            out[column] = [None if m else v for v, m in zip(out[column], mask)]
        self._cache = (start, stop, out)
        return out

    def column(self, name: str, start: int, stop: int) -> list[Any]:
        return self.batch(start, stop)[name]

    # ------------------------------------------------------------------ production

    def _produce(self, start: int, stop: int) -> Batch:
        rows = range(start, stop)
        cycles, locs, nums = self.index.at(start, stop)
        out: Batch = {}
        companies: list[C.Company] | None = None
        if any(_kind(r) == "company" for r in self.groups) or self._wants("work_email"):
            companies = self._companies(cycles, locs, nums, rows)
        person_bits: list[int] | None = None
        met: dict[str, list[P.Person]] = {}  # the people of the row so far, by record
        for record, specs in self.groups.items():
            kind = _kind(record)
            if kind == "person":
                who = self._people(record, specs, cycles, locs, nums, start, companies, out, met)
                if record == "person":
                    person_bits = [p[8] for p in who]
                continue
            if kind == "company":
                assert companies is not None
                for s in specs:
                    fn = self.company_fields[s.field]
                    out[s.column] = [fn(c, s) for c in companies]
            else:
                data = self.data
                salt = self.salts[record]
                if person_bits is not None:  # the row's person's bits, mixed once more
                    mul, mask = 0x9E3779B97F4A7C15, 0xFFFFFFFFFFFFFFFF
                    hashes = [(x := (h ^ salt) * mul & mask) ^ (x >> 29) for h in person_bits]
                else:
                    hashes = row_bits(salt, start, stop)
                places = [(data[loc], h, r) for loc, h, r in zip(locs, hashes, rows)]
                for s in specs:
                    out[s.column] = L.BATCH[s.field](places, s)
        return out

    def _wants(self, field: str) -> bool:
        return any(s.field == field for specs in self.groups.values() for s in specs)

    def _people(
        self,
        record: str,
        specs: list[Spec],
        cycles: list[int],
        locs: list[int],
        nums: list[int],
        start: int,
        companies: list[C.Company] | None,
        out: Batch,
        met: dict[str, list[P.Person]],
    ) -> list[P.Person]:
        key = self.salts[record]
        if record == "person":
            who = met.get(record) or self._own(cycles, locs, nums, start)
        else:  # a second person of the row: from its own bits, suffixed where unique
            if "person" in self.groups and "person" not in met:
                met["person"] = self._own(cycles, locs, nums, start)
            who = P.people(self.data, self.person_owned, locs, None, None, start, key)
            who = P.apart(self.data, self.person_owned, who, list(met.values()), locs, start, key)
        met[record] = who
        for s in specs:
            if s.field == "work_email":
                assert companies is not None
                out[s.column] = P.emails(who, s, [C.domain(c) for c in companies])
            else:
                out[s.column] = P.BATCH[s.field](who, s)
        return who

    def _own(
        self, cycles: list[int], locs: list[int], nums: list[int], start: int
    ) -> list[P.Person]:
        """The row's own person (numbered by the row, see :class:`~.index.RowIndex`)."""
        key = self.salts["person"]
        return P.people(self.data, self.person_owned, locs, nums, cycles, start, key)

    def _companies(
        self, cycles: list[int], locs: list[int], nums: list[int], rows: range
    ) -> list[C.Company]:
        data, owned = self.data, self.company_owned
        out: list[C.Company] = []
        own = self.primary == "company"
        hashes = row_bits(self.salts["company"], rows.start, rows.stop)
        for cycle, loc, num, r, bits in zip(cycles, locs, nums, rows, hashes):
            d = data[loc]
            if own:
                i = num % len(d.companies)
                plain = d.companies[i][0] in owned[loc]
                out.append((d, i, cycle, plain, r, bits))
            else:
                out.append((d, bits % len(d.companies), 0, False, r, bits))
        return out
