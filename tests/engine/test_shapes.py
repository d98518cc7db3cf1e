"""Every column-name semantic: a real column (with its table) detects it, and what the
engine produces for that column has the shape real data has (a regex or a parser)."""

from __future__ import annotations

import base64
import ipaddress
import json
import re
import zoneinfo
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa
from faker.providers.address import Provider as Address
from sqlalchemy.dialects import postgresql as pg

from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.engine.semantics import SEMANTICS, detect
from pytest_dbseed.engine.semantics import wordlists as W
from pytest_dbseed.engine.semantics.codes import gs1_digit, luhn_digit

Check = Callable[[Any], bool]
ROWS = 150
ZONES = zoneinfo.available_timezones()
ALPHA2 = set(Address.alpha_2_country_codes)
ALPHA3 = set(Address.alpha_3_country_codes)


def rx(pattern: str) -> Check:
    compiled = re.compile(pattern)
    return lambda v: isinstance(v, str) and compiled.fullmatch(v) is not None


def one_of(values: Sequence[Any]) -> Check:
    allowed = set(values)
    return lambda v: v in allowed


def between(lo: float, hi: float) -> Check:
    return lambda v: isinstance(v, (int, float, Decimal)) and lo <= float(v) <= hi


def semantic_range(name: str) -> Check:
    numeric = SEMANTICS[name].numeric
    assert numeric is not None
    return between(numeric[0], numeric[1])


def is_email(v: Any) -> bool:
    return rx(r"[a-z0-9][a-z0-9._+-]*@[a-z0-9-]+(\.[a-z0-9-]+)+")(v) and ".." not in v


def is_url(v: Any) -> bool:
    u = urlparse(v)
    return u.scheme in ("http", "https") and bool(u.netloc) and " " not in v


def is_ip(version: int) -> Check:
    return lambda v: ipaddress.ip_address(str(v)).version == version


def is_time_zone(v: Any) -> bool:
    return v in ZONES


def is_gs1(v: Any) -> bool:
    digits = str(v).replace("-", "")
    return digits.isdigit() and gs1_digit(digits[:-1]) == digits[-1]


def is_luhn(v: Any) -> bool:
    digits = re.sub(r"\D", "", str(v))
    return len(digits) >= 12 and luhn_digit(digits[:-1]) == digits[-1]


def is_iban(v: Any) -> bool:
    if not rx(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")(v):
        return False
    text = v[4:] + v[:4]
    return int("".join(str(int(ch, 36)) for ch in text)) % 97 == 1


def is_aba(v: Any) -> bool:
    return rx(r"\d{9}")(v) and sum(int(c) * w for c, w in zip(v, (3, 7, 1) * 3)) % 10 == 0


def is_isin(v: Any) -> bool:
    if not rx(r"[A-Z]{2}[A-Z0-9]{9}\d")(v):
        return False
    expanded = "".join(str(int(ch, 36)) for ch in v[:-1])
    return luhn_digit(expanded) == v[-1]


_VIN_VALUES = {
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
    **{str(d): d for d in range(10)},
}


def is_vin(v: Any) -> bool:
    if not rx(r"[A-HJ-NPR-Z0-9]{17}")(v):
        return False
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    total = sum(_VIN_VALUES[c] * w for c, w in zip(v, weights))
    return v[8] == ("X" if total % 11 == 10 else str(total % 11))


def is_session_data(v: Any) -> bool:
    payload, stamp, sig = str(v).split(":")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return body["_auth_user_id"].isdigit() and stamp.isalnum() and len(sig) >= 40


def is_jwt(v: Any) -> bool:
    parts = str(v).split(".")
    if len(parts) != 3:
        return False
    head = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    body = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    return head.get("alg") == "HS256" and "sub" in body and body["exp"] > body["iat"]


def is_cidr(v: Any) -> bool:
    net = ipaddress.ip_network(str(v))
    return net.is_private and net.prefixlen in (16, 24)


def is_coordinates(v: Any) -> bool:
    lat, lng = (float(x) for x in str(v).split(","))
    return -90 <= lat <= 90 and -180 <= lng <= 180


def is_datetime(v: Any) -> bool:
    return isinstance(v, (date, datetime)) and 1930 <= v.year <= 2027


def is_text(min_words: int) -> Check:
    return lambda v: isinstance(v, str) and len(v.split()) >= min_words


def is_storage_uri(v: Any) -> bool:
    u = urlparse(v)
    return u.scheme in ("s3", "gs", "file", "https") and (bool(u.netloc) or u.scheme == "file")


S = sa.String
T = sa.Text
NUM = sa.Numeric(12, 2)
HEX = r"[0-9a-f]"
WORD = r"[A-Z][a-z]+"
HOTEL = rf"{WORD} {WORD} (Hotel|Inn|Resort|Suites|Lodge)"

# semantic -> (table, column, type, sibling columns, check)
SHAPES: dict[str, tuple[str, str, Any, tuple[str, ...], Check]] = {
    # people
    "email": ("users", "email", S(120), (), is_email),
    "username": ("users", "username", S(40), (), rx(r"[a-z][a-z0-9._]*[a-z0-9]")),
    "first_name": ("users", "first_name", S(40), (), rx(r"[^\W\d_][\w' .-]*")),
    "last_name": ("users", "last_name", S(40), (), rx(r"[^\W\d_][\w' .-]*")),
    "middle_name": ("users", "middle_name", S(40), (), rx(r"[^\W\d_][\w' .-]*")),
    "full_name": ("users", "full_name", S(80), (), rx(r"[^\W\d_][\w'.-]* [^\W\d_][\w' .-]*")),
    "name_prefix": ("users", "salutation", S(20), (), rx(r"(Ms|Mrs|Mr|Dr)\.")),
    "gender": ("users", "gender", S(12), (), one_of(W.GENDERS)),
    "gender_code": ("users", "gender", S(1), (), one_of("FMX")),
    "ssn": ("users", "ssn", S(11), (), rx(r"\d{3}-\d{2}-\d{4}")),
    "phone": ("contacts", "phone", S(40), (), rx(r"[+\d(][\d ().x+-]{6,}")),
    "job_title": ("employees", "job_title", S(100), (), is_text(1)),
    "company": ("vendors", "company_name", S(100), (), is_text(1)),
    "catch_phrase": ("companies", "slogan", S(200), (), is_text(2)),
    "department": ("employees", "department", S(40), (), one_of(W.DEPARTMENTS)),
    "group_name": ("auth_group", "name", S(150), (), one_of(W.GROUP_NAMES)),
    "initials": ("users", "initials", S(4), (), rx(r"[A-Z]{2}")),
    "social_handle": ("users", "twitter_handle", S(40), (), rx(r"@[a-z][a-z0-9_]+")),
    "team_name": ("teams", "name", S(60), (), rx(r"[A-Z][a-z]+ [A-Z][a-z]+")),
    "employee_number": ("staff", "employee_number", S(12), (), rx(r"E\d{6}")),
    "employment_type": ("staff", "employment_type", S(20), (), one_of(W.EMPLOYMENT_TYPES)),
    "phone_extension": ("employees", "extension", S(8), ("phone",), rx(r"\d{4}")),
    "marital_status": ("patients", "marital_status", S(30), (), one_of(W.MARITAL_STATUSES)),
    "blood_type": ("patients", "blood_type", S(3), (), one_of(W.BLOOD_TYPES)),
    # places
    "street_address": ("addresses", "street", S(120), ("city",), rx(r"\d+ \w.*")),
    "street_name": ("addresses", "street_name", S(80), (), is_text(1)),
    "building_number": ("addresses", "house_number", S(10), (), rx(r"\d+")),
    "address": ("people", "address", S(200), (), rx(r".+, .+ [A-Z]{2} \d{5}")),
    "address_line2": ("addresses", "address_line_2", S(40), ("city",), rx(r"(Apt\.|Suite) \d+")),
    "city": ("offices", "city", S(60), (), is_text(1)),
    "state": ("addresses", "state", S(40), ("city",), is_text(1)),
    "state_code": ("addresses", "state", S(2), ("city",), rx(r"[A-Z]{2}")),
    "country": ("addresses", "country", S(60), (), is_text(1)),
    "country_code": ("addresses", "country_code", S(2), (), one_of(ALPHA2)),
    "country_code3": ("addresses", "country", S(3), (), one_of(ALPHA3)),
    "postal_code": ("addresses", "zip_code", S(10), ("city",), rx(r"\d{5}")),
    "latitude": ("stores", "latitude", sa.Float, (), between(-90, 90)),
    "longitude": ("stores", "longitude", sa.Float, (), between(-180, 180)),
    "altitude": ("stations", "altitude", sa.Float, (), semantic_range("altitude")),
    "timezone": ("users", "timezone", S(50), (), is_time_zone),
    "locale": ("users", "locale", S(10), (), rx(r"[a-z]{2,3}_[A-Z]{2}")),
    "language": ("books", "language_name", S(40), (), is_text(1)),
    "language_code": ("users", "language", S(5), (), rx(r"[a-z]{2,3}")),
    "language_tag": ("sessions", "accept_language", S(10), (), rx(r"[a-z]{2}-[A-Z]{2}")),
    "currency_code": ("payments", "currency", S(3), (), rx(r"[A-Z]{3}")),
    "calling_code": ("countries", "dial_code", S(6), (), rx(r"\+\d{1,3}")),
    "phone_e164": ("contacts", "phone_e164", S(16), (), rx(r"\+[1-9]\d{7,14}")),
    "geohash": ("places", "geohash", S(12), (), rx(r"[0-9b-hjkmnp-z]{9}")),
    "cloud_region": ("servers", "region", S(20), (), one_of(W.CLOUD_REGIONS)),
    "continent": ("countries", "continent", S(20), (), one_of(W.CONTINENTS)),
    "utc_offset": ("cities", "utc_offset", S(6), (), rx(r"[+-]\d{2}:\d{2}")),
    "coordinates": ("sightings", "coordinates", S(40), (), is_coordinates),
    "airport_code": ("flights", "airport_code", S(3), (), one_of(W.AIRPORTS)),
    # internet and devices
    "url": ("sites", "homepage", S(200), (), is_url),
    "image_url": ("users", "avatar_url", S(200), (), rx(r"https://\S+\.(jpg|png|webp)")),
    "domain": ("sites", "domain", S(100), (), rx(r"[a-z0-9-]+\.[a-z]{2,}")),
    "hostname": ("servers", "hostname", S(80), (), rx(r"[a-z]+-\d{2}\.example\.(com|org|net)")),
    "subdomain": ("tenants", "subdomain", S(40), (), rx(r"[a-z0-9]+(-[a-z]+)?")),
    "ip_address": ("logins", "ip_address", S(45), (), is_ip(4)),
    "ipv6": ("logins", "ipv6", S(45), (), is_ip(6)),
    "mac_address": ("devices", "mac_address", S(17), (), rx(r"([0-9a-f]{2}:){5}[0-9a-f]{2}")),
    "user_agent": ("sessions", "user_agent", T, (), rx(r"(Mozilla|Opera)/\d.*")),
    "operating_system": ("devices", "os", S(30), (), one_of(W.OPERATING_SYSTEMS)),
    "browser": ("visits", "browser", S(30), (), one_of(W.BROWSERS)),
    "device_model": ("devices", "device_model", S(40), (), one_of(W.DEVICE_MODELS)),
    "device_type": ("visits", "device_type", S(20), (), one_of(W.DEVICE_TYPES)),
    "platform": ("installs", "platform", S(20), (), one_of(W.PLATFORMS)),
    "cidr": ("networks", "cidr", S(20), (), is_cidr),
    "http_method": ("request_logs", "method", S(10), (), one_of(W.HTTP_METHODS)),
    "port": ("services", "port", sa.Integer, (), between(1024, 65535)),
    "imei": ("devices", "imei", S(15), (), lambda v: rx(r"\d{15}")(v) and is_luhn(v)),
    "serial_number": ("devices", "serial_number", S(20), (), rx(r"SN[0-9A-Z]{10}")),
    "slug": ("posts", "slug", S(100), (), rx(r"[a-z0-9]+(-[a-z0-9]+)*")),
    "url_path": ("pages", "path", S(100), (), rx(r"/[a-z0-9/]+/[a-z0-9-]+")),
    # identifiers, hashes, auth
    "token": ("sessions", "session_token", S(64), (), rx(f"{HEX}{{32}}")),
    "api_key": (
        "users",
        "api_key",
        S(64),
        (),
        rx(r"(sk|pk)_(live|test)_[0-9A-Za-z]{32}|(key|ak)_[0-9A-Za-z]{32}"),
    ),
    "jwt": ("sessions", "refresh_token", T, (), is_jwt),
    "session_data": ("django_session", "session_data", T, (), is_session_data),
    "otp_secret": ("users", "otp_secret", S(32), (), rx(r"[A-Z2-7]{32}")),
    "otp_code": ("verifications", "otp_code", S(6), (), rx(r"\d{6}")),
    "salt": ("users", "salt", S(32), (), rx(f"{HEX}{{32}}")),
    "password_hash": (
        "users",
        "password_hash",
        S(128),
        (),
        rx(
            r"\$2b\$12\$[./A-Za-z0-9]{53}|\$argon2id\$v=19\$m=65536,t=3,p=4\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}"
        ),
    ),
    "hash": ("blobs", "checksum", S(64), (), rx(f"{HEX}{{64}}")),
    "md5": ("files", "md5", S(32), (), rx(f"{HEX}{{32}}")),
    "sha1": ("files", "sha1sum", S(40), (), rx(f"{HEX}{{40}}")),
    "sha256": ("files", "sha256", S(64), (), rx(f"{HEX}{{64}}")),
    "sha512": ("files", "sha512", S(128), (), rx(f"{HEX}{{128}}")),
    "git_sha": ("builds", "commit_sha", S(40), (), rx(f"{HEX}{{40}}")),
    "span_id": ("spans", "span_id", S(16), (), rx(f"{HEX}{{16}}")),
    "uuid_string": (
        "requests",
        "request_id",
        S(36),
        (),
        rx(rf"{HEX}{{8}}-{HEX}{{4}}-4{HEX}{{3}}-[89ab]{HEX}{{3}}-{HEX}{{12}}"),
    ),
    "uuid_hex": ("runs", "run_uuid", S(32), (), rx(f"{HEX}{{32}}")),
    "object_id": ("documents", "document_id", S(24), (), rx(f"{HEX}{{24}}")),
    "ulid": ("events", "event_id", S(26), (), rx(r"[0-9A-HJKMNP-TV-Z]{26}")),
    "message_id": ("emails", "message_id", S(120), (), rx(rf"<{HEX}{{16}}\.{HEX}{{1,8}}@[a-z.]+>")),
    "eth_address": ("wallets", "address", S(42), (), rx(f"0x{HEX}{{40}}")),
    "tx_hash": ("transfers", "tx_hash", S(66), (), rx(f"0x{HEX}{{64}}")),
    "oauth_scope": ("grants", "scope", S(100), (), lambda v: set(v.split()) <= set(W.SCOPES)),
    "auth_provider": ("identities", "provider", S(20), (), one_of(W.AUTH_PROVIDERS)),
    "user_role": ("memberships", "role", S(20), (), one_of(W.USER_ROLES)),
    "permission": ("permissions", "permission", S(40), (), rx(r"[a-z]+s:[a-z]+")),
    "permission_codename": ("auth_permission", "codename", S(100), (),
                            rx(r"(add|change|delete|view)_[a-z]+")),
    "permission_label": ("auth_permission", "name", S(255), ("codename",),
                         rx(r"Can (add|change|delete|view) [a-z]+")),
    "mime_type": ("files", "mime_type", S(100), (), rx(r"[a-z]+/[a-zA-Z0-9.+-]+")),
    "file_name": ("files", "file_name", S(100), (), rx(r"[\w-]+\.[a-z0-9]{2,4}")),
    "file_path": ("files", "file_path", S(200), (), rx(r"/?[\w/.-]+/[\w-]+\.[a-z0-9]{2,4}")),
    "file_extension": ("attachments", "file_ext", S(10), (), one_of(W.FILE_EXTENSIONS)),
    "dir_path": ("jobs", "working_directory", S(100), (), rx(r"/?[a-z0-9_]+(/[a-z0-9_]+)+")),
    # commerce and billing
    "product_name": ("products", "name", S(100), (), is_text(3)),
    "product_category": ("products", "category", S(40), (), one_of(W.PRODUCT_CATEGORIES)),
    "sku": ("products", "sku", S(20), (), rx(r"[A-Z]{3}-\d{5}")),
    "upc": ("products", "upc", S(12), (), lambda v: rx(r"\d{12}")(v) and is_gs1(v)),
    "ean": ("products", "barcode", S(13), (), lambda v: rx(r"\d{13}")(v) and is_gs1(v)),
    "isbn": ("books", "isbn", S(17), (), lambda v: rx(r"978-\d-\d{4}-\d{4}-\d")(v) and is_gs1(v)),
    "clothing_size": ("product_variants", "size", S(5), (), one_of(W.CLOTHING_SIZES)),
    "material": ("products", "material", S(20), (), one_of(W.MATERIALS)),
    "unit_of_measure": ("order_items", "unit_of_measure", S(10), (), one_of(W.UNITS)),
    "color": ("products", "color", S(30), (), is_text(1)),
    "hex_color": ("labels", "hex_color", S(7), (), rx(f"#{HEX}{{6}}")),
    "coupon_code": ("orders", "coupon_code", S(20), (), rx(r"[A-Z0-9]+\d{1,2}")),
    "carrier": ("shipments", "carrier", S(20), (), one_of(W.CARRIERS)),
    "tracking_number": ("shipments", "tracking_number", S(20), (), rx(r"1Z[0-9A-Z]{6}03\d{8}")),
    "code": ("orders", "order_number", S(20), (), rx(r"ORD-\d{6,8}")),
    "invoice_number": ("invoices", "invoice_number", S(20), (), rx(r"INV-20\d{2}-\d{6}")),
    "confirmation_code": ("bookings", "confirmation_code", S(8), (), rx(r"[A-HJ-NP-Z2-9]{6}")),
    "iban": ("bank_accounts", "iban", S(34), (), is_iban),
    "swift": ("bank_accounts", "bic", S(11), (), rx(r"[A-Z]{4}[A-Z]{2}[A-Z2-9]{2}(XXX)?")),
    "routing_number": ("bank_accounts", "routing_number", S(9), (), is_aba),
    "bank_account": ("bank_accounts", "account_number", S(12), (), rx(r"\d{10}")),
    "vat_id": ("companies", "vat_id", S(14), (), rx(r"DE\d{9}")),
    "tax_id": ("companies", "ein", S(10), (), rx(r"\d{2}-\d{7}")),
    "credit_card": ("cards", "card_number", S(19), (), is_luhn),
    "card_last4": ("cards", "last4", S(4), (), rx(r"\d{4}")),
    "card_brand": ("cards", "brand", S(20), (), one_of(W.CARD_BRANDS)),
    "card_expiry": ("cards", "expiry", S(5), (), rx(r"(0[1-9]|1[0-2])/(2[5-9]|3[01])")),
    "cvv": ("cards", "cvv", S(4), (), rx(r"\d{3}")),
    "payment_method": ("payments", "payment_method", S(20), (), one_of(W.PAYMENT_METHODS)),
    "isin": ("securities", "isin", S(12), (), is_isin),
    "ticker": ("holdings", "symbol", S(8), (), one_of(W.TICKERS)),
    "vin": ("vehicles", "vin", S(17), (), is_vin),
    "license_plate": (
        "vehicles",
        "license_plate",
        S(10),
        (),
        rx(r"[A-Z]{3}-\d{4}|\d[A-Z]{3}\d{3}"),
    ),
    "status": ("tickets", "status", S(20), (), one_of(W.STATUSES)),
    "order_status": ("orders", "status", S(20), (), one_of(W.ORDER_STATUSES)),
    "payment_status": ("payments", "status", S(20), (), one_of(W.PAYMENT_STATUSES)),
    "priority_label": ("tickets", "priority", S(10), (), one_of(W.PRIORITY_LABELS)),
    "version": ("releases", "version", S(20), (), rx(r"\d+\.\d+\.\d+")),
    # content
    "title": ("posts", "title", S(200), (), lambda v: is_text(1)(v) and not v.endswith(".")),
    "description": ("products", "description", T, (), is_text(3)),
    "body": ("posts", "body", T, (), is_text(3)),
    "bio": ("profiles", "bio", T, (), is_text(2)),
    "comment": ("reviews", "comment", T, (), is_text(3)),
    "word": ("tags", "name", S(40), (), rx(r"\w+")),
    "name": ("projects", "name", S(60), (), rx(r"[A-Z]\w*( [A-Z]\w*)?")),
    "markdown": ("posts", "body_markdown", T, (), rx(r"(?s)## .+\n\n.+\*\*\w+\*\*.+\n\n- .+")),
    "html": ("posts", "body_html", T, (), rx(r"(?s)<h2>.+</h2>\n<p>.+<strong>\w+</strong>.+</p>")),
    "tag_list": ("articles", "tags", S(100), (), rx(r"\w+(,\w+)*")),
    "email_subject": (
        "messages",
        "subject",
        S(120),
        (),
        rx(
            r"((Re|Fwd|Reminder): |\[Action required\] )?[A-Z][\w -]+?( for Q3| #\d{4}| - next steps)?"
        ),
    ),
    "genre": ("tracks", "genre", S(20), (), one_of(W.GENRES)),
    "icon": ("menu_items", "icon", S(20), (), one_of(W.ICONS)),
    "emoji": ("reactions", "emoji", S(8), (), one_of(W.EMOJIS)),
    "tsvector": ("docs", "search_vector", pg.TSVECTOR, (), rx(r"[a-z]+( [a-z]+)*")),
    # ML and operations
    "experiment_name": ("experiments", "name", S(100), (), rx(r"[a-z0-9-]+-[a-z0-9]+-[a-z0-9-]+")),
    "run_name": ("runs", "name", S(60), (), rx(r"[a-z]+-[a-z]+-\d{1,3}")),
    "metric_name": ("metrics", "key", S(100), (), one_of(W.METRIC_NAMES)),
    "param_name": ("params", "key", S(100), (), one_of(W.PARAM_NAMES)),
    "setting_key": ("settings", "key", S(60), (), rx(r"[a-z_]+\.[a-z_]+")),
    "storage_uri": ("runs", "artifact_uri", S(200), (), is_storage_uri),
    "bucket_name": ("backups", "bucket", S(40), (), rx(r"[a-z]+-[a-z]+-[a-z]+")),
    "git_branch": (
        "pull_requests",
        "branch",
        S(60),
        (),
        rx(r"main|develop|(feature|fix|release)/[\w./-]+"),
    ),
    "docker_image": (
        "deployments",
        "image",
        S(120),
        (),
        rx(r"([a-z.]+(/[a-z]+)?/[a-z]+/[a-z]+|[a-z]+):[\w.-]+"),
    ),
    "docker_tag": (
        "images",
        "tag",
        S(40),
        (),
        rx(r"\d+\.\d+\.\d+|sha-[0-9a-f]{7}|v\d+\.\d+\.0-rc\.\d|latest|stable"),
    ),
    "repo_path": ("projects", "path", S(100), (), rx(r"[a-z]+/[a-z]+(-[a-z0-9]+)?")),
    "repo_url": (
        "projects",
        "repo_url",
        S(200),
        (),
        rx(r"https://git\.example\.com/[a-z]+/[a-z-]+\.git"),
    ),
    "deploy_environment": ("deployments", "environment", S(20), (), one_of(W.ENVIRONMENTS)),
    "log_level": ("logs", "level", S(10), (), one_of(W.LOG_LEVELS)),
    "model_stage": ("model_versions", "current_stage", S(20), (), one_of(W.MODEL_STAGES)),
    "cron": ("jobs", "schedule", S(30), (), one_of(W.CRONS)),
    "event_type": ("webhook_events", "event_type", S(40), (), rx(r"[a-z]+\.[a-z]+")),
    "audit_action": ("audit_logs", "action", S(20), (), one_of(W.AUDIT_ACTIONS)),
    "severity": ("incidents", "severity", S(10), (), one_of(W.SEVERITIES)),
    "visibility": ("repositories", "visibility", S(10), (), one_of(W.VISIBILITIES)),
    "theme": ("preferences", "theme", S(10), (), one_of(W.THEMES)),
    "frequency": ("subscriptions", "billing_interval", S(12), (), one_of(W.FREQUENCIES)),
    "weekday": ("shifts", "weekday", S(10), (), one_of(W.WEEKDAYS)),
    # numbers
    "age": ("people", "age", sa.Integer, (), semantic_range("age")),
    "quantity": ("order_items", "quantity", sa.Integer, (), semantic_range("quantity")),
    "stock": ("products", "stock", sa.Integer, (), semantic_range("stock")),
    "count": ("posts", "comment_count", sa.Integer, (), semantic_range("count")),
    "rating": ("reviews", "rating", sa.Integer, (), semantic_range("rating")),
    "score": ("players", "score", sa.Integer, (), semantic_range("score")),
    "price": ("products", "price", NUM, (), semantic_range("price")),
    "amount": ("payments", "amount", NUM, (), semantic_range("amount")),
    "balance": ("accounts", "balance", NUM, (), semantic_range("balance")),
    "salary": ("employees", "salary", NUM, (), semantic_range("salary")),
    "fee": ("orders", "shipping_cost", NUM, (), semantic_range("fee")),
    "discount": ("orders", "discount", NUM, (), semantic_range("discount")),
    "percent": ("grades", "percentage", NUM, (), semantic_range("percent")),
    "rate": ("loans", "interest_rate", sa.Numeric(6, 4), (), semantic_range("rate")),
    "year": ("cars", "year", sa.Integer, (), between(1900, 2100)),
    "month": ("reports", "month", sa.Integer, (), semantic_range("month")),
    "day": ("reports", "day", sa.Integer, (), between(1, 31)),
    "hour": ("slots", "hour", sa.Integer, (), semantic_range("hour")),
    "weight": ("parcels", "weight", NUM, (), semantic_range("weight")),
    "height": ("athletes", "height", NUM, (), semantic_range("height")),
    "dimension": ("boxes", "width", NUM, (), semantic_range("dimension")),
    "duration": ("calls", "duration", sa.Integer, (), semantic_range("duration")),
    "priority": ("tasks", "priority", sa.Integer, (), semantic_range("priority")),
    "level": ("players", "level", sa.Integer, (), semantic_range("level")),
    "position": ("slides", "sort_order", sa.Integer, (), semantic_range("position")),
    "popularity": ("videos", "view_count", sa.Integer, (), semantic_range("popularity")),
    "population": ("cities", "population", sa.Integer, (), semantic_range("population")),
    "temperature": ("readings", "temperature", NUM, (), semantic_range("temperature")),
    "file_size": ("files", "size", sa.BigInteger, (), semantic_range("file_size")),
    "version_number": ("documents", "version", sa.Integer, (), semantic_range("version_number")),
    # times and flags
    "birth_date": ("people", "birth_date", sa.Date, (), is_datetime),
    "created_at": ("posts", "created_at", sa.DateTime, (), is_datetime),
    "updated_at": ("posts", "updated_at", sa.DateTime, (), is_datetime),
    "deleted_at": ("posts", "deleted_at", sa.DateTime, (), is_datetime),
    "event_at": ("orders", "shipped_at", sa.DateTime, (), is_datetime),
    "last_seen_at": ("users", "last_login", sa.DateTime, (), is_datetime),
    "expires_at": ("tokens", "expires_at", sa.DateTime, (), is_datetime),
    "starts_at": ("events", "starts_at", sa.DateTime, (), is_datetime),
    "ends_at": ("events", "ends_at", sa.DateTime, (), is_datetime),
    "hired_at": ("employees", "hired_at", sa.Date, (), is_datetime),
    "flag": ("users", "has_newsletter", sa.Boolean, (), one_of((True, False))),
    "flag_mostly_true": ("users", "is_active", sa.Boolean, (), one_of((True, False))),
    "flag_rarely_true": ("users", "is_admin", sa.Boolean, (), one_of((True, False))),
    # travel, health, food, skills, content
    "hotel": ("bookings", "hotel", S(60), (), rx(HOTEL)),
    "airline": ("flights", "airline", S(40), (), rx(rf"{WORD}( {WORD})? (Airways|Airlines|Air)")),
    "seat": ("tickets", "seat", S(4), (), rx(r"([1-9]|[1-3]\d|40)[A-F]")),
    "gate": ("flights", "gate", S(4), (), rx(r"[A-E]([1-9]|[1-3]\d|40)")),
    "hashtag": ("posts", "hashtag", S(30), (), rx(r"#[a-z]+")),
    "species": ("pets", "species", S(30), (), one_of(W.SPECIES)),
    "ingredient": ("recipe_items", "ingredient", S(40), (), one_of(W.INGREDIENTS)),
    "symptom": ("visits", "symptom", S(40), (), one_of(W.SYMPTOMS)),
    "diagnosis": ("visits", "diagnosis", S(40), (), one_of(W.DIAGNOSES)),
    "skill": ("profiles", "skill", S(40), (), one_of(W.SKILLS)),
    "tag": ("posts", "tag", S(30), (), one_of(W.TAGS)),
    "category": ("posts", "category", S(30), (), one_of(W.CATEGORIES)),
    "room_number": ("rooms", "room_number", sa.Integer, (), semantic_range("room_number")),
    "room_name": ("bookings", "room", S(40), (), rx(r"(Room \d{3}|[A-Z][a-z]+( [A-Z][a-z]+)*( [A-D])?)")),
    "tax_rate": ("invoices", "tax_rate", sa.Numeric(6, 4), (), semantic_range("tax_rate")),
}
_MEASURED = {"kg": "weight", "g": "weight", "mg": "weight", "lb": "weight", "oz": "weight",
             "t": "weight", "km": "distance", "mi": "distance", "m": "length", "cm": "length",
             "mm": "length", "ft": "length", "in": "length", "l": "volume", "ml": "volume",
             "cl": "volume", "gal": "volume"}  # fmt: skip
for _u, _what in _MEASURED.items():
    SHAPES[f"measure_{_u}"] = ("items", f"{_what}_{_u}", NUM, (), semantic_range(f"measure_{_u}"))
for _u in ("m", "cm", "mm", "ft", "in"):
    SHAPES[f"height_{_u}"] = ("people", f"height_{_u}", NUM, (), semantic_range(f"height_{_u}"))


def produce(
    table: str, column: str, coltype: Any, siblings: Sequence[str], seed: int = 5, **kw: Any
) -> list[Any]:
    md = sa.MetaData()
    sa.Table(
        table,
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(column, coltype, nullable=False, **kw),
        *[sa.Column(s, sa.String(60)) for s in siblings],
    )
    graph = build_schema(md)
    sources = decide_offline(SeedRequest(graph=graph, default=ROWS, seed=seed))[1]
    return SeedRows(graph, sources).batch(table, 0, ROWS)[column]


def test_at_least_180_semantics_each_with_a_shape_test() -> None:
    assert len(SEMANTICS) >= 180
    assert set(SHAPES) == set(SEMANTICS), sorted(set(SEMANTICS) ^ set(SHAPES))


@pytest.mark.parametrize("semantic", sorted(SHAPES))
def test_the_column_gets_values_of_its_shape(semantic: str) -> None:
    table, column, coltype, siblings, check = SHAPES[semantic]
    kind = build_schema(_one(table, column, coltype, siblings)).tables[table].column(column).kind
    length = getattr(coltype, "length", None)
    found = detect(table, column, kind, length, siblings=("id", column, *siblings))
    assert found is not None and found.name == semantic, (table, column, found)
    values = produce(table, column, coltype, siblings)
    bad = [v for v in values if not check(v)]
    assert not bad, f"{table}.{column}: {bad[:5]}"
    if length is not None and isinstance(values[0], str):
        assert max(map(len, values)) <= length


def _one(table: str, column: str, coltype: Any, siblings: Sequence[str]) -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(table, md, sa.Column("id", sa.Integer, primary_key=True), sa.Column(column, coltype),
             *[sa.Column(s, sa.String(60)) for s in siblings])  # fmt: skip
    return md


UNIQUE_SHAPED = sorted(
    s
    for s, (_t, _c, coltype, _sib, _ch) in SHAPES.items()
    if SEMANTICS[s].unique_rows is not None and isinstance(coltype, sa.String)
)


@pytest.mark.parametrize("semantic", UNIQUE_SHAPED)
def test_unique_values_keep_their_shape(semantic: str) -> None:
    """Identifiers and codes made unique are distinct by construction and keep their shape
    (check digits included): never a suffix glued on."""
    table, column, coltype, siblings, check = SHAPES[semantic]
    values = produce(table, column, coltype, siblings, unique=True)
    assert len(set(values)) == len(values)
    bad = [v for v in values if not check(v)]
    assert not bad, f"{table}.{column}: {bad[:5]}"
