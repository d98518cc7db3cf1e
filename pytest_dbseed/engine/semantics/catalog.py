"""The catalogue of column semantics: what to fill, by name (``SEMANTICS``).

Add a semantic here (a :class:`~pytest_dbseed.engine.semantics.model.Semantic` in
``_ALL``), then teach :mod:`~pytest_dbseed.engine.semantics.vocabulary` which column
names mean it. Detection never needs to change for that.
"""

from __future__ import annotations

from typing import Any

from pytest_dbseed.engine.semantics.fills import (
    _b_address,
    _b_code,
    _b_country3,
    _b_domain,
    _b_email,
    _b_full_name,
    _b_hex,
    _b_hex_color,
    _b_hostname,
    _b_image_url,
    _b_ipv6,
    _b_password_hash,
    _b_product,
    _b_sku,
    _b_slug,
    _b_text,
    _b_url,
    _b_username,
    _b_uuid_str,
    _b_version,
    _u_hex,
    _u_uuid_str,
    ipv4_fill,
    ipv4_rows,
    mac_fill,
    mac_rows,
    tsvector_fill,
    word_fill,
)
from pytest_dbseed.engine.semantics.model import Semantic

# --------------------------------------------------------------------------- catalogue

_STR = frozenset({"str"})
_NUM = frozenset({"int", "float", "decimal", "money"})
_REAL = frozenset({"float", "decimal", "money"})
_INT = frozenset({"int"})
_TIME = frozenset({"date", "datetime"})
_BOOL = frozenset({"bool"})

_Y = 365.25


def _s(name: str, kinds: frozenset[str] = _STR, **kw: Any) -> Semantic:
    return Semantic(name=name, kinds=kinds, **kw)


_ALL: list[Semantic] = [
    # people
    _s("email", build=_b_email, min_length=16, style="email", sep="."),
    _s("username", build=_b_username, min_length=6, sep="_"),
    _s("first_name", provider="first_name", min_length=6, sep=" "),
    _s("last_name", provider="last_name", min_length=6, sep=" "),
    _s("middle_name", provider="first_name", min_length=6, sep=" "),
    _s("full_name", build=_b_full_name, min_length=10, sep=" "),
    _s("name_prefix", provider="prefix", min_length=4),
    _s("gender", words=("female", "male", "non-binary", "unspecified"), min_length=4),
    _s("gender_code", words=("F", "M", "X")),
    _s("ssn", provider="ssn", min_length=11, style="digits", sep=" #"),
    _s("phone", provider="phone_number", min_length=12, style="digits", sep=" x"),
    _s("job_title", provider="job", min_length=8),
    _s("company", provider="company", min_length=8),
    _s("catch_phrase", provider="catch_phrase", min_length=12),
    _s(
        "department",
        min_length=4,
        words=(
            "Engineering",
            "Sales",
            "Marketing",
            "Finance",
            "Human Resources",
            "Legal",
            "Operations",
            "Support",
            "Research",
            "Procurement",
            "Design",
            "Security",
        ),
    ),  # fmt: skip
    # places
    _s("street_address", provider="street_address", min_length=12),
    _s("street_name", provider="street_name", min_length=8),
    _s("building_number", provider="building_number", min_length=3),
    _s("address", build=_b_address, min_length=24),
    _s("city", provider="city", min_length=6),
    _s("state", provider="state", min_length=6),
    _s("state_code", provider="state_abbr", min_length=2),
    _s("country", provider="country", min_length=8),
    _s("country_code", provider="country_code", min_length=2),
    _s("postal_code", provider="postcode", min_length=5),
    _s("latitude", _REAL, numeric=(-90.0, 90.0, 6)),
    _s("longitude", _REAL, numeric=(-180.0, 180.0, 6)),
    _s("timezone", provider="timezone", min_length=8),
    _s("locale", provider="locale", min_length=5),
    _s("language", provider="language_name", min_length=6),
    _s("language_code", provider="language_code", min_length=2),
    _s("currency_code", provider="currency_code", min_length=3),
    # internet
    _s("url", build=_b_url, min_length=20, sep="/"),
    _s("image_url", build=_b_image_url, min_length=36, sep="/"),
    _s("domain", build=_b_domain, min_length=8, style="prefix", sep="."),
    _s("hostname", build=_b_hostname, min_length=16, style="prefix", sep="."),
    _s(
        "ip_address",
        frozenset({"str", "inet"}),
        build=ipv4_fill,
        min_length=15,
        unique_rows=ipv4_rows,
    ),  # fmt: skip
    _s("ipv6", build=_b_ipv6, min_length=39),
    _s(
        "mac_address",
        frozenset({"str", "macaddr"}),
        build=mac_fill,
        min_length=17,
        unique_rows=mac_rows,
    ),  # fmt: skip
    _s("user_agent", provider="user_agent", min_length=40),
    _s("slug", build=_b_slug, min_length=8),
    _s("token", build=_b_hex(32), min_length=16, unique_rows=_u_hex),
    _s("password_hash", build=_b_password_hash, min_length=32),
    _s("hash", build=_b_hex(64), min_length=16, unique_rows=_u_hex),
    _s("uuid_string", build=_b_uuid_str, min_length=36, unique_rows=_u_uuid_str),
    _s("mime_type", provider="mime_type", min_length=10),
    _s("file_name", provider="file_name", min_length=10),
    _s("file_path", provider="file_path", min_length=16, sep="/"),
    _s("file_extension", provider="file_extension", min_length=3),
    _s("color", provider="color_name", min_length=6),
    _s("hex_color", build=_b_hex_color, min_length=7, style="suffix"),
    # commerce
    _s("product_name", build=_b_product, min_length=12),
    _s("sku", build=_b_sku, min_length=9),
    _s("code", build=_b_code, min_length=6),
    _s("iban", provider="iban", min_length=22),
    _s("swift", provider="swift", min_length=11),
    _s("isbn", provider="isbn13", min_length=17),
    _s("ean", provider="ean13", min_length=13),
    _s("credit_card", provider="credit_card_number", min_length=16, style="digits", sep=" #"),
    _s("license_plate", provider="license_plate", min_length=8),
    _s("version", build=_b_version, min_length=5),
    _s(
        "status",
        min_length=4,
        words=("active", "pending", "inactive", "archived", "draft", "completed"),
    ),  # fmt: skip
    _s(
        "order_status",
        min_length=5,
        words=("pending", "paid", "shipped", "delivered", "cancelled", "refunded"),
    ),  # fmt: skip
    _s("payment_status", min_length=5, words=("pending", "succeeded", "failed", "refunded")),
    _s("priority_label", min_length=3, words=("low", "medium", "high", "urgent")),
    # text
    _s("title", build=_b_text("sentence", (1, 1), strip_dot=True), min_length=12),
    _s("description", build=_b_text("sentence", (1, 3)), min_length=16),
    _s("body", build=_b_text("paragraph", (1, 3)), min_length=32),
    _s("bio", build=_b_text("paragraph", (1, 1)), min_length=24),
    _s("comment", build=_b_text("sentence", (1, 2)), min_length=16),
    _s("word", build=word_fill((1, 1)), min_length=4),
    _s("name", build=word_fill((1, 2), title=True), min_length=6),
    _s("tsvector", frozenset({"tsvector"}), build=tsvector_fill),
    # numbers
    _s("age", _NUM, numeric=(18, 90, 0)),
    _s("quantity", _NUM, numeric=(1, 100, 0)),
    _s("stock", _NUM, numeric=(0, 500, 0)),
    _s("count", _NUM, numeric=(0, 1000, 0)),
    _s("rating", _NUM, numeric=(1, 5, 1)),
    _s("score", _NUM, numeric=(0, 100, 1)),
    _s("price", _NUM, numeric=(1, 1000, 2)),
    _s("amount", _NUM, numeric=(1, 5000, 2)),
    _s("balance", _NUM, numeric=(0, 10000, 2)),
    _s("salary", _NUM, numeric=(30000, 200000, 2)),
    _s("fee", _NUM, numeric=(0, 100, 2)),
    _s("discount", _NUM, numeric=(0, 50, 2)),
    _s("percent", _NUM, numeric=(0, 100, 2)),
    _s("rate", _REAL, numeric=(0, 1, 4)),
    _s("year", _INT, numeric=(1950, 2024, 0)),
    _s("month", _INT, numeric=(1, 12, 0)),
    _s("day", _INT, numeric=(1, 28, 0)),
    _s("hour", _INT, numeric=(0, 23, 0)),
    _s("weight", _NUM, numeric=(1, 100, 2)),
    _s("height", _NUM, numeric=(140, 210, 1)),
    _s("dimension", _NUM, numeric=(1, 200, 1)),
    _s("duration", _NUM, numeric=(1, 7200, 0)),
    _s("priority", _NUM, numeric=(1, 5, 0)),
    _s("level", _NUM, numeric=(1, 10, 0)),
    _s("position", _NUM, numeric=(0, 1000, 0)),
    _s("popularity", _NUM, numeric=(0, 100000, 0)),
    _s("port", _INT, numeric=(1024, 65535, 0)),
    _s("population", _NUM, numeric=(1000, 10000000, 0)),
    _s("temperature", _NUM, numeric=(-20, 40, 1)),
    _s("file_size", _NUM, numeric=(1000, 10000000, 0)),
    _s("version_number", _INT, numeric=(1, 20, 0)),
    # time
    _s("birth_date", _TIME, days=(-90 * _Y, -18 * _Y - 1)),
    _s("created_at", _TIME, days=(-3 * _Y, -30)),
    _s("updated_at", _TIME, days=(-3 * _Y, 0)),
    _s("deleted_at", _TIME, days=(-_Y, 0)),
    _s("event_at", _TIME, days=(-2 * _Y, 0)),
    _s("last_seen_at", _TIME, days=(-90, 0)),
    _s("expires_at", _TIME, days=(1, _Y)),
    _s("starts_at", _TIME, days=(-_Y, 180)),
    _s("ends_at", _TIME, days=(-_Y, 240)),
    _s("hired_at", _TIME, days=(-20 * _Y, 0)),
    # flags
    _s("flag", _BOOL, bool_p=0.5),
    _s("flag_mostly_true", _BOOL, bool_p=0.85),
    _s("flag_rarely_true", _BOOL, bool_p=0.1),
]

SEMANTICS: dict[str, Semantic] = {s.name: s for s in _ALL}


_COUNTRY3 = Semantic(name="country_code3", kinds=_STR, build=_b_country3, min_length=3)
SEMANTICS["country_code3"] = _COUNTRY3
