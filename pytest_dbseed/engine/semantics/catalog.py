"""The catalogue of column semantics: what to fill, by name (``SEMANTICS``).

Add a semantic here (a :class:`~pytest_dbseed.engine.semantics.model.Semantic` in
``_ALL``), then teach :mod:`~pytest_dbseed.engine.semantics.vocabulary` which column
names mean it. Detection never needs to change for that.
"""

from __future__ import annotations

from typing import Any

import pytest_dbseed.engine.semantics.codes as K
import pytest_dbseed.engine.semantics.composed as X
import pytest_dbseed.engine.semantics.wordlists as W
from pytest_dbseed.engine.semantics.composed import builder, unique_with_row
from pytest_dbseed.engine.semantics.fills import (
    _b_address,
    _b_code,
    _b_country3,
    _b_domain,
    _b_email,
    _b_full_name,
    _b_handle,
    _b_hex,
    _b_hex_color,
    _b_hostname,
    _b_image_url,
    _b_ipv6,
    _b_product,
    _b_sku,
    _b_slug,
    _b_subdomain,
    _b_text,
    _b_url,
    _b_username,
    _b_uuid_str,
    _b_version,
    _u_code,
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
RARE_STATE_NULLS = 0.9
"""A nullable timestamp of a state few rows are in (deleted, banned, locked) is set in about
a tenth of the rows."""


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
    _s("gender", words=W.GENDERS, min_length=4),
    _s("gender_code", words=("F", "M", "X")),
    _s("ssn", provider="ssn", min_length=11, style="digits", sep=" #"),
    _s("phone", provider="phone_number", min_length=12, style="digits", sep=" x"),
    _s("job_title", provider="job", min_length=8),
    _s("company", provider="company", min_length=8),
    _s("catch_phrase", provider="catch_phrase", min_length=12),
    _s("department", min_length=4, words=W.DEPARTMENTS),
    _s("group_name", min_length=6, words=W.GROUP_NAMES),
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
    _s("subdomain", build=_b_subdomain, min_length=6, sep="-"),
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
    _s("password_hash", build=builder(X.password_hash), min_length=60),
    _s("hash", build=_b_hex(64), min_length=16, unique_rows=K.hex_rows(64)),
    _s("uuid_string", build=_b_uuid_str, min_length=36, unique_rows=_u_uuid_str),
    _s("mime_type", provider="mime_type", min_length=10),
    _s("file_name", build=builder(X.file_name), min_length=10),
    _s(
        "file_path",
        build=builder(X.file_path),
        min_length=16,
        unique_rows=unique_with_row(X.file_path_rows),
    ),
    _s("file_extension", words=W.FILE_EXTENSIONS, min_length=2),
    _s("color", provider="color_name", min_length=6),
    _s("hex_color", build=_b_hex_color, min_length=7, style="suffix"),
    # commerce
    _s("product_name", build=_b_product, min_length=12),
    _s("sku", build=_b_sku, min_length=9, unique_rows=K.SKU_ROWS),
    _s("code", build=_b_code, min_length=6, unique_rows=_u_code),
    _s("iban", build=X.iban, min_length=22, unique_rows=X.iban_rows),
    _s("swift", build=builder(X.swift), min_length=11),
    _s("isbn", build=K.ISBN_BUILD, min_length=17, unique_rows=K.ISBN_ROWS),
    _s("ean", build=K.EAN_BUILD, min_length=13, unique_rows=K.EAN_ROWS),
    _s("credit_card", provider="credit_card_number", min_length=16, style="digits", sep=" #"),
    _s("license_plate", build=K.PLATE_BUILD, min_length=8, unique_rows=K.PLATE_ROWS),
    _s("version", build=_b_version, min_length=5),
    _s("status", min_length=4, words=W.STATUSES),
    _s("order_status", min_length=5, words=W.ORDER_STATUSES),
    _s("payment_status", min_length=5, words=W.PAYMENT_STATUSES),
    _s("priority_label", min_length=3, words=W.PRIORITY_LABELS),
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
    _s("deleted_at", _TIME, days=(-_Y, 0), null_fraction=RARE_STATE_NULLS),
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


_MORE: list[Semantic] = [
    # identifiers and hashes
    _s("uuid_hex", build=K.hex_fill(32), min_length=32, unique_rows=K.hex_rows(32)),
    _s("object_id", build=K.OBJECT_ID_BUILD, min_length=24, unique_rows=K.OBJECT_ID_ROWS),
    _s("ulid", build=K.ULID_BUILD, min_length=26, unique_rows=K.ULID_ROWS),
    _s("md5", build=K.hex_fill(32), min_length=32, unique_rows=K.hex_rows(32)),
    _s("sha1", build=K.hex_fill(40), min_length=40, unique_rows=K.hex_rows(40)),
    _s("sha256", build=K.hex_fill(64), min_length=64, unique_rows=K.hex_rows(64)),
    _s("sha512", build=K.hex_fill(128), min_length=128, unique_rows=K.hex_rows(128)),
    _s("git_sha", build=K.hex_fill(40), min_length=7, unique_rows=K.hex_rows(40)),
    _s("span_id", build=K.hex_fill(16), min_length=16, unique_rows=K.hex_rows(16)),
    _s("message_id", build=K.message_id, min_length=48, unique_rows=K.message_id_rows),
    _s("eth_address", build=K.hex_fill(40, "0x"), min_length=42, unique_rows=K.hex_rows(40, "0x")),
    _s("tx_hash", build=K.hex_fill(64, "0x"), min_length=66, unique_rows=K.hex_rows(64, "0x")),
    # auth
    _s("api_key", build=K.api_key, min_length=24, unique_rows=K.api_key_rows),
    _s("jwt", build=K.jwt, min_length=150, unique_rows=K.jwt_rows),
    _s("session_data", build=K.session_data, min_length=200),
    _s("otp_secret", build=K.otp_secret, min_length=16, unique_rows=K.otp_secret_rows),
    _s("otp_code", build=K.OTP_BUILD, min_length=6, unique_rows=K.OTP_ROWS),
    _s("salt", build=K.hex_fill(32), min_length=16, unique_rows=K.hex_rows(32)),
    _s("oauth_scope", build=builder(X.oauth_scope), min_length=12),
    _s("auth_provider", words=W.AUTH_PROVIDERS, min_length=5),
    _s("user_role", words=W.USER_ROLES, min_length=5),
    _s("permission", build=builder(X.permission), min_length=12),
    _s("permission_codename", words=X.PERMISSION_CODENAMES, min_length=8),
    _s("permission_label", words=X.PERMISSION_LABELS, min_length=12),
    # billing
    _s("invoice_number", build=K.INVOICE_BUILD, min_length=15, unique_rows=K.INVOICE_ROWS),
    _s("tracking_number", build=K.TRACKING_BUILD, min_length=18, unique_rows=K.TRACKING_ROWS),
    _s(
        "confirmation_code",
        build=K.CONFIRMATION_BUILD,
        min_length=6,
        unique_rows=K.CONFIRMATION_ROWS,
    ),
    _s("vat_id", build=builder(X.vat_id), min_length=11),
    _s("tax_id", build=K.EIN_BUILD, min_length=10, unique_rows=K.EIN_ROWS),
    _s("card_last4", build=K.LAST4_BUILD, min_length=4, unique_rows=K.LAST4_ROWS),
    _s("card_brand", words=W.CARD_BRANDS, min_length=4),
    _s("card_expiry", build=builder(X.card_expiry), min_length=5),
    _s("cvv", build=K.CVV_BUILD, min_length=3, unique_rows=K.CVV_ROWS),
    _s("routing_number", build=K.ROUTING_BUILD, min_length=9, unique_rows=K.ROUTING_ROWS),
    _s("bank_account", build=K.ACCOUNT_BUILD, min_length=10, unique_rows=K.ACCOUNT_ROWS),
    _s("payment_method", words=W.PAYMENT_METHODS, min_length=4),
    # commerce
    _s("upc", build=K.UPC_BUILD, min_length=12, unique_rows=K.UPC_ROWS),
    _s("product_category", words=W.PRODUCT_CATEGORIES, min_length=4),
    _s("clothing_size", words=W.CLOTHING_SIZES, min_length=3),
    _s("material", words=W.MATERIALS, min_length=4),
    _s("unit_of_measure", words=W.UNITS, min_length=4),
    _s("coupon_code", build=builder(X.coupon_code), min_length=8),
    _s("carrier", words=W.CARRIERS, min_length=5),
    _s("isin", build=K.ISIN_BUILD, min_length=12, unique_rows=K.ISIN_ROWS),
    _s("ticker", words=W.TICKERS, min_length=5),
    _s("vin", build=K.VIN_BUILD, min_length=17, unique_rows=K.VIN_ROWS),
    _s("serial_number", build=K.SERIAL_BUILD, min_length=12, unique_rows=K.SERIAL_ROWS),
    _s("imei", build=K.IMEI_BUILD, min_length=15, unique_rows=K.IMEI_ROWS),
    # content
    _s("markdown", build=builder(X.markdown), min_length=80),
    _s("html", build=builder(X.html), min_length=80),
    _s("tag_list", build=builder(X.tag_list), min_length=12),
    _s(
        "url_path",
        build=builder(X.url_path),
        min_length=12,
        unique_rows=unique_with_row(X.url_path_rows),
    ),
    _s("email_subject", build=builder(X.email_subject), min_length=20),
    _s("genre", words=W.GENRES, min_length=5),
    _s("icon", words=W.ICONS, min_length=8),
    _s("emoji", words=W.EMOJIS, min_length=2),
    _s("language_tag", words=W.LANGUAGE_TAGS, min_length=5),
    # geo
    _s("altitude", _NUM, numeric=(-50, 3500, 1)),
    _s("geohash", build=K.GEOHASH_BUILD, min_length=9, unique_rows=K.GEOHASH_ROWS),
    _s("cloud_region", words=W.CLOUD_REGIONS, min_length=9),
    _s("continent", words=W.CONTINENTS, min_length=6),
    _s("utc_offset", words=W.UTC_OFFSETS, min_length=6),
    _s("coordinates", build=builder(X.coordinates), min_length=19),
    _s("airport_code", words=W.AIRPORTS, min_length=3),
    _s("address_line2", provider="secondary_address", min_length=8),
    # devices and networks
    _s("operating_system", words=W.OPERATING_SYSTEMS, min_length=10),
    _s("browser", words=W.BROWSERS, min_length=8),
    _s("device_model", words=W.DEVICE_MODELS, min_length=10),
    _s("device_type", words=W.DEVICE_TYPES, min_length=6),
    _s("platform", words=W.PLATFORMS, min_length=7),
    _s("cidr", build=builder(X.cidr), min_length=18, unique_rows=X.CIDR_ROWS),
    _s("http_method", words=W.HTTP_METHODS, min_length=7),
    # ML and operations
    _s("experiment_name", build=builder(X.experiment_name), min_length=24, sep="-"),
    _s("run_name", build=builder(X.run_name), min_length=16, sep="-"),
    _s("metric_name", words=W.METRIC_NAMES, min_length=10, sep="_"),
    _s("param_name", words=W.PARAM_NAMES, min_length=12, sep="_"),
    _s("setting_key", build=builder(X.setting_key), min_length=20, sep="_"),
    _s(
        "storage_uri",
        build=builder(X.storage_uri),
        min_length=64,
        unique_rows=unique_with_row(X.storage_uri_rows),
    ),
    _s("bucket_name", build=builder(X.bucket_name), min_length=20),
    _s("git_branch", build=builder(X.git_branch), min_length=20),
    _s("docker_image", build=builder(X.docker_image), min_length=48),
    _s("docker_tag", build=builder(X.docker_tag), min_length=12),
    _s(
        "repo_path",
        build=builder(X.repo_path),
        min_length=24,
        sep="-",
        unique_rows=unique_with_row(X.repo_path_rows),
    ),
    _s("repo_url", build=builder(X.repo_url), min_length=60),
    _s("dir_path", build=builder(X.dir_path), min_length=24),
    _s("deploy_environment", words=W.ENVIRONMENTS, min_length=10),
    _s("log_level", words=W.LOG_LEVELS, min_length=8),
    _s("model_stage", words=W.MODEL_STAGES, min_length=10),
    _s("cron", build=builder(X.cron), min_length=12),
    _s("event_type", build=builder(X.event_type), min_length=20),
    _s("audit_action", words=W.AUDIT_ACTIONS, min_length=6),
    _s("severity", words=W.SEVERITIES, min_length=8),
    _s("visibility", words=W.VISIBILITIES, min_length=8),
    _s("theme", words=W.THEMES, min_length=6),
    _s("frequency", words=W.FREQUENCIES, min_length=9),
    _s("weekday", words=W.WEEKDAYS, min_length=9),
    # work and people
    _s("team_name", build=builder(X.team_name), min_length=16),
    _s("employee_number", build=K.EMPLOYEE_BUILD, min_length=7, unique_rows=K.EMPLOYEE_ROWS),
    _s("employment_type", words=W.EMPLOYMENT_TYPES, min_length=10),
    _s("phone_extension", build=K.EXT_BUILD, min_length=4, unique_rows=K.EXT_ROWS),
    _s("marital_status", words=W.MARITAL_STATUSES, min_length=8),
    _s("blood_type", words=W.BLOOD_TYPES, min_length=3),
    _s("initials", build=builder(X.initials), min_length=2),
    _s("social_handle", build=_b_handle, min_length=8, sep="_"),
    _s("phone_e164", build=builder(X.phone_e164), min_length=13),
    _s("calling_code", build=builder(X.calling_code), min_length=4),
    # travel, health, food, skills, content
    _s("hotel", words=W.HOTELS, min_length=11),
    _s("airline", words=W.AIRLINES, min_length=7),
    _s("seat", words=W.SEATS, min_length=2),
    _s("gate", words=W.GATES, min_length=2),
    _s("hashtag", words=W.HASHTAGS, min_length=4),
    _s("species", words=W.SPECIES, min_length=3),
    _s("ingredient", words=W.INGREDIENTS, min_length=4),
    _s("symptom", words=W.SYMPTOMS, min_length=4),
    _s("diagnosis", words=W.DIAGNOSES, min_length=4),
    _s("skill", words=W.SKILLS, min_length=3),
    _s("tag", words=W.TAGS, min_length=3),
    _s("category", words=W.CATEGORIES, min_length=4),
    # numbers by name
    _s("room_number", _NUM, numeric=(101, 950, 0)),
    _s("room_name", words=W.ROOMS, min_length=5),
    _s("tax_rate", _REAL, numeric=(0, 0.25, 4)),
]

UNIT_RANGES: dict[str, tuple[float, float, int]] = {
    # mass
    "kg": (0.1, 150, 1), "g": (1, 5000, 0), "mg": (1, 1000, 0), "lb": (0.2, 330, 1),
    "oz": (0.1, 100, 1), "t": (0.1, 40, 2),
    # length
    "km": (0.5, 500, 1), "m": (0.1, 100, 2), "cm": (1, 300, 1), "mm": (1, 2000, 0),
    "mi": (0.3, 300, 1), "ft": (1, 300, 1), "in": (0.5, 100, 1),
    # volume
    "l": (0.1, 100, 1), "ml": (5, 2000, 0), "cl": (1, 100, 0), "gal": (0.1, 30, 1),
}  # fmt: skip
"""A measurement's realistic range by its unit (``weight_kg``, ``length_mm``, ``volume_ml``)."""

HEIGHT_RANGES: dict[str, tuple[float, float, int]] = {
    "m": (0.4, 2.1, 2), "cm": (40, 210, 1), "mm": (400, 2100, 0), "ft": (1.3, 6.9, 1),
    "in": (16, 83, 0),
}  # fmt: skip
"""A height (of a person, mostly) by its unit: ``height_cm`` is 40..210, not 1..300."""

_ALL += [_s(f"measure_{u}", _NUM, numeric=r) for u, r in UNIT_RANGES.items()]
_ALL += [_s(f"height_{u}", _NUM, numeric=r) for u, r in HEIGHT_RANGES.items()]

SEMANTICS: dict[str, Semantic] = {s.name: s for s in _ALL + _MORE}


_COUNTRY3 = Semantic(name="country_code3", kinds=_STR, build=_b_country3, min_length=3)
SEMANTICS["country_code3"] = _COUNTRY3
