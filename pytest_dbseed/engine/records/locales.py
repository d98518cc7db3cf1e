"""What a record needs to know about one locale: names by gender, streets, cities, postal
codes, the country, phone formats, coordinates and time zones, companies and their domains.

Built once per locale from the Faker pools of :mod:`pytest_dbseed.engine.pools` (a few
hundred Faker calls, never one per row) and from Faker's own locale tables (states and
their postal code ranges, land coordinates with their time zones, country codes).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pytest_dbseed.engine.pools import ascii_fold, faker_for, provider_pool
from pytest_dbseed.engine.semantics.wordlists import CALLING_CODES, CURRENCIES

_LOCK = threading.Lock()
_CACHE: dict[str, LocaleData] = {}
_SETS: dict[tuple[str, ...], tuple[LocaleData, ...]] = {}

_SALUTATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # language -> (female, male): forms of address, not Faker's nobiliary particles
    "en": (("Ms.", "Mrs.", "Ms.", "Dr."), ("Mr.", "Mr.", "Mr.", "Dr.")),
    "de": (("Frau", "Frau", "Frau Dr."), ("Herr", "Herr", "Herr Dr.")),
    "fr": (("Mme", "Mme", "Mlle"), ("M.", "M.", "Dr")),
    "es": (("Sra.", "Sra.", "Srta."), ("Sr.", "Sr.", "Dr.")),
    "it": (("Sig.ra", "Sig.ra", "Dott.ssa"), ("Sig.", "Sig.", "Dott.")),
    "pt": (("Sra.", "Sra.", "Dra."), ("Sr.", "Sr.", "Dr.")),
    "nl": (("Mevr.", "Mevr."), ("Dhr.", "Dhr.")),
    "pl": (("Pani", "Pani"), ("Pan", "Pan")),
}

_TLDS = {"US": "com", "GB": "co.uk", "JP": "co.jp", "AU": "com.au", "BR": "com.br", "NZ": "co.nz",
         "ZA": "co.za", "IN": "co.in", "KR": "co.kr", "MX": "com.mx", "AR": "com.ar"}  # fmt: skip

_LEGAL = frozenset(
    "inc llc ltd plc co corp corporation gmbh ag kg ohg mbh ug sa sas sarl sl srl spa bv nv "
    "oy ab as aps kft sro spzoo and und et e y group stiftung cie sons son partner partners kgaa "
    "gbr ek eg se ev mbb kk ooo zao pao oao lda ltda eireli me sc scp snc sca fils "
    "associates company limited the".split()
)

_TOKEN = re.compile(r"\{\{(\w+)\}\}")
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                        "đ": "d", "Đ": "D", "þ": "th", "œ": "oe", "ı": "i"})  # fmt: skip
_MIN_COMPANIES = 50


def fold(text: str) -> str:
    """Lowercase ascii letters and digits of ``text`` (``Gieß`` -> ``giess``)."""
    return ascii_fold(text.translate(_LATIN))


@dataclass(frozen=True)
class LocaleData:
    """Everything one locale contributes to people, companies and places."""

    code: str
    language: str
    country: str
    country_code: str
    country_code3: str
    tld: str
    calling_code: str
    currency: str
    # people: first names, female first; (display, ascii) lists of equal length
    firsts: tuple[str, ...]
    firsts_ascii: tuple[str, ...]
    n_female: int
    lasts_f: tuple[str, ...]
    lasts_f_ascii: tuple[str, ...]
    lasts_m: tuple[str, ...]
    lasts_m_ascii: tuple[str, ...]
    last_first: bool
    """Names are written family name first (ja_JP, zh_CN, hu_HU...)."""
    name_sep: str
    salutations: tuple[tuple[str, ...], tuple[str, ...]]
    # places
    cities: tuple[str, ...]
    street_names: tuple[str, ...]
    building_numbers: tuple[str, ...]
    street_format: str
    address_format: str
    secondary: tuple[str, ...]
    postcodes: tuple[str, ...]
    states: tuple[str, ...]
    state_codes: tuple[str, ...] | None
    """Aligned with ``states`` when the locale has both (``California`` / ``CA``)."""
    zip_ranges: tuple[tuple[int, int], ...] | None
    """Postal code range of each state, aligned with ``states`` (en_US)."""
    phones: tuple[str, ...]
    coords: tuple[tuple[float, float, str], ...]
    """(latitude, longitude, time zone) of places in the country."""
    extra: dict[str, tuple[str, ...]]
    """Pools of the other tokens of the street and address formats."""
    # companies: (name, domain stem) with distinct stems
    companies: tuple[tuple[str, str], ...]

    @property
    def capacity(self) -> int:
        """Distinct (first, last) name pairs: people numbered below it never repeat."""
        nf, nm = self.n_female, len(self.firsts) - self.n_female
        return nf * len(self.lasts_f) + nm * len(self.lasts_m)


def _strs(values: Sequence[Any]) -> list[str]:
    return [str(v) for v in values if str(v).strip()]


def _pool(code: str, provider: str, fallback: str | None = None) -> list[str]:
    try:
        return _strs(provider_pool((code,), provider))
    except AttributeError:
        if fallback is None:
            return []
        return _pool(code, fallback)


def _provider(code: str, kind: str) -> Any:
    gen = faker_for(code).factories[0]
    for p in gen.providers:
        if f".{kind}." in type(p).__module__ or type(p).__module__.endswith(f".{kind}"):
            return p
    return None


def _romanized(code: str) -> dict[str, str]:
    """Display -> Latin spelling from the locale's name pairs (ja_JP)."""
    person = _provider(code, "person")
    out: dict[str, str] = {}
    for attr in ("first_name_pairs", "last_name_pairs", "first_name_female_pairs",
                 "first_name_male_pairs"):  # fmt: skip
        for pair in getattr(person, attr, ()) or ():
            if isinstance(pair, tuple) and len(pair) >= 3:
                out[str(pair[0])] = str(pair[-1])
    return out


def _ascii_names(
    names: list[str], roman: dict[str, str], fallback: list[str], taken: set[str]
) -> tuple[list[str], list[str]]:
    """(display, ascii) pairs with distinct ascii forms not in ``taken``; names with no Latin
    spelling borrow one from ``fallback`` (a list of ascii names) in order."""
    shown: list[str] = []
    folded: list[str] = []
    spare = iter(f for f in fallback if f not in taken)
    for name in names:
        a = fold(roman.get(name, name))
        if len(a) < 2:
            a = next(spare, "")
        if len(a) >= 2 and a.isalpha() and a not in taken:
            taken.add(a)
            shown.append(name)
            folded.append(a)
    return shown, folded


def _name_order(code: str) -> tuple[bool, str]:
    person = _provider(code, "person")
    formats = getattr(person, "formats", ()) or ()
    for fmt in list(formats):
        tokens = _TOKEN.findall(fmt)
        firsts = [i for i, t in enumerate(tokens) if t.startswith("first_name")]
        lasts = [i for i, t in enumerate(tokens) if t.startswith("last_name")]
        if len(tokens) == 2 and firsts and lasts:
            between = re.sub(r"\{\{\w+\}\}", "\x00", fmt).split("\x00")[1]
            return lasts[0] < firsts[0], between
    return False, " "


def _people(code: str, en: LocaleData | None) -> dict[str, Any]:
    roman = _romanized(code)
    taken: set[str] = set()
    fb_first = list(en.firsts_ascii) if en is not None else []
    fb_last_f = list(en.lasts_f_ascii) if en is not None else []
    fb_last_m = list(en.lasts_m_ascii) if en is not None else []
    female, female_a = _ascii_names(_pool(code, "first_name_female", "first_name"), roman,
                                    fb_first, taken)  # fmt: skip
    male, male_a = _ascii_names(_pool(code, "first_name_male", "first_name"), roman,
                                fb_first, taken)  # fmt: skip
    last_f, last_f_a = _ascii_names(_pool(code, "last_name_female", "last_name"), roman,
                                    fb_last_f, set())  # fmt: skip
    last_m, last_m_a = _ascii_names(_pool(code, "last_name_male", "last_name"), roman,
                                    fb_last_m, set())  # fmt: skip
    last_first, sep = _name_order(code)
    lang = code.split("_")[0]
    return {
        "firsts": tuple(female + male), "firsts_ascii": tuple(female_a + male_a),
        "n_female": len(female), "lasts_f": tuple(last_f), "lasts_f_ascii": tuple(last_f_a),
        "lasts_m": tuple(last_m), "lasts_m_ascii": tuple(last_m_a), "last_first": last_first,
        "name_sep": sep, "salutations": _SALUTATIONS.get(lang, _SALUTATIONS["en"]),
    }  # fmt: skip


def _states(code: str) -> tuple[list[str], list[str] | None, list[tuple[int, int]] | None]:
    address = _provider(code, "address")
    states = list(getattr(address, "states", ()) or ())
    abbrs = list(getattr(address, "states_abbr", ()) or ())
    ranges = dict(getattr(address, "states_postcode", {}) or {})
    if states and abbrs and len(abbrs) != len(states) and "DC" in abbrs:
        abbrs.remove("DC")
    if states and len(abbrs) == len(states):
        zips = [ranges.get(a) for a in abbrs]
        usable = all(isinstance(z, tuple) and len(z) == 2 for z in zips)
        return states, abbrs, [(int(z[0]), int(z[1])) for z in zips] if usable else None  # type: ignore[index]
    units = _pool(code, "administrative_unit", "state") or _pool("en_US", "state")
    return units, None, None


def _formats(code: str) -> tuple[str, str]:
    address = _provider(code, "address")
    streets = [f for f in getattr(address, "street_address_formats", ()) or () if "\n" not in f]
    street = next((f for f in streets if "street_name" in f and "building_number" in f), None)
    street = street or (streets[0] if streets else "{{building_number}} {{street_name}}")
    fmts = getattr(address, "address_formats", ()) or ()
    usable = [f for f in list(fmts) if "street_address" in f and "city" in f]
    address_format = usable[0] if usable else "{{street_address}}\n{{postcode}} {{city}}"
    return street, address_format


def _company_stems(code: str, tld: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in _pool(code, "company"):
        words = [fold(w) for w in re.split(r"[\s,&\-/()]+", name)]
        core = [w for w in words if w and w not in _LEGAL]
        stem = "-".join(core[:3])
        if len(stem) >= 2 and stem not in seen:
            seen.add(stem)
            out.append((name, stem))
    return out


def _coords(cc: str) -> list[tuple[float, float, str]]:
    from faker.providers.geo import Provider as Geo

    return [(float(a), float(b), str(tz)) for a, b, _p, c, tz in Geo.land_coords if c == cc]


def _build(code: str, en: LocaleData | None) -> LocaleData:
    from faker.providers.address import Provider as Address

    fake = faker_for(code)
    cc = str(fake.current_country_code()) if hasattr(fake, "current_country_code") else "US"
    try:
        country = str(fake.current_country())
    except (AttributeError, ValueError):
        country = cc
    cc3 = dict(zip(Address.alpha_2_country_codes, Address.alpha_3_country_codes)).get(cc, cc)
    tld = _TLDS.get(cc, cc.lower())
    street, address_format = _formats(code)
    states, state_codes, zips = _states(code)
    tokens = set(_TOKEN.findall(street + address_format)) - {
        "street_address", "street_name", "building_number", "city", "postcode", "state",
        "state_abbr", "administrative_unit", "secondary_address",
    }  # fmt: skip
    extra = {t: tuple(_pool(code, t)) for t in sorted(tokens)}
    return LocaleData(
        code=code, language=code.split("_")[0], country=country, country_code=cc,
        country_code3=cc3, tld=tld, calling_code=CALLING_CODES.get(cc, "1"),
        currency=CURRENCIES.get(cc, "EUR"), **_people(code, en),
        cities=tuple(_pool(code, "city")), street_names=tuple(_pool(code, "street_name")),
        building_numbers=tuple(_pool(code, "building_number")), street_format=street,
        address_format=address_format,
        secondary=tuple(_pool(code, "secondary_address") or _pool("en_US", "secondary_address")),
        postcodes=tuple(_pool(code, "postcode")), states=tuple(states),
        state_codes=tuple(state_codes) if state_codes else None,
        zip_ranges=tuple(zips) if zips else None, phones=tuple(_pool(code, "phone_number")),
        coords=tuple(_coords(cc)), extra=extra, companies=tuple(_company_stems(code, tld)),
    )  # fmt: skip


_BORROWED = ("cities", "street_names", "building_numbers", "postcodes", "states", "phones",
             "companies", "secondary")  # fmt: skip


def _borrow(data: LocaleData, en: LocaleData | None) -> LocaleData:
    """A locale missing a pool (company names with no Latin stem, no states...) borrows
    en_US's, so that every field has values."""
    if en is None:
        return data
    missing = {name: getattr(en, name) for name in _BORROWED if not getattr(data, name)}
    if len(data.companies) < _MIN_COMPANIES:
        missing["companies"] = en.companies
    if not data.firsts or not data.lasts_f or not data.lasts_m:
        for name in ("firsts", "firsts_ascii", "n_female", "lasts_f", "lasts_f_ascii",
                     "lasts_m", "lasts_m_ascii"):  # fmt: skip
            missing[name] = getattr(en, name)
    return replace(data, **missing) if missing else data


def locale_data(code: str) -> LocaleData:
    """The data of one locale, built once per process (identical in every process)."""
    found = _CACHE.get(code)
    if found is not None:
        return found
    en = None if code == "en_US" else locale_data("en_US")
    with _LOCK:
        found = _CACHE.get(code)
        if found is None:
            found = _CACHE[code] = _borrow(_build(code, en), en)
    return found


def locale_set(locales: Sequence[str]) -> tuple[LocaleData, ...]:
    """The data of each distinct locale of ``locales``, in order."""
    key = tuple(dict.fromkeys(locales)) or ("en_US",)
    found = _SETS.get(key)
    if found is None:
        found = _SETS[key] = tuple(locale_data(c) for c in key)
    return found


def owners(data: Sequence[LocaleData]) -> list[frozenset[str]]:
    """For each locale, the ascii family names no earlier locale of the set also has: a
    plain ``first.last`` of that locale can never be another locale's."""
    seen: set[str] = set()
    out: list[frozenset[str]] = []
    for d in data:
        mine = (set(d.lasts_f_ascii) | set(d.lasts_m_ascii)) - seen
        seen |= mine
        out.append(frozenset(mine))
    return out
