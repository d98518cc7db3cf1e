"""Column-name semantics: names split right, table context, gating by type and length."""

from __future__ import annotations

import pytest

from pytest_dbseed.engine.semantics import SEMANTICS, detect, singular, split_name
from pytest_dbseed.engine.sources.polymorphic import class_name
from pytest_dbseed.engine.values.natural import natural


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("created_at", ["created", "at"]),
        ("createdAt", ["created", "at"]),
        ("CreatedAt", ["created", "at"]),
        ("userEmailAddress", ["user", "email", "address"]),
        ("IPAddress", ["ip", "address"]),
        ("address_line_1", ["address", "line", "1"]),
        ("e-mail", ["e", "mail"]),
    ],
)
def test_split_name_handles_snake_and_camel_case(name: str, words: list[str]) -> None:
    assert split_name(name) == words


@pytest.mark.parametrize(
    ("word", "single"),
    [("users", "user"), ("companies", "company"), ("people", "person"), ("addresses", "address"),
     ("status", "status"), ("boxes", "box")],
)  # fmt: skip
def test_singular(word: str, single: str) -> None:
    assert singular(word) == single


def test_at_least_sixty_semantics() -> None:
    assert len(SEMANTICS) >= 60


@pytest.mark.parametrize(
    ("table", "column", "kind", "max_len", "expected"),
    [
        ("users", "email", "str", 255, "email"),
        ("users", "contactEmail", "str", None, "email"),
        ("users", "e_mail", "str", None, "email"),
        ("users", "username", "str", 50, "username"),
        ("users", "first_name", "str", 50, "first_name"),
        ("users", "lastName", "str", 50, "last_name"),
        ("users", "name", "str", 100, "full_name"),
        ("customers", "full_name", "str", 100, "full_name"),
        ("products", "name", "str", 100, "product_name"),
        ("companies", "name", "str", 100, "company"),
        ("countries", "name", "str", 100, "country"),
        ("cities", "name", "str", 100, "city"),
        ("tags", "name", "str", 50, "word"),
        ("auth_group", "name", "str", 150, "group_name"),
        ("roles", "name", "str", 80, "group_name"),
        ("user_groups", "name", "str", 80, "group_name"),
        ("projects", "name", "str", 100, "name"),
        ("orders", "company_name", "str", 100, "company"),
        ("users", "phone_number", "str", 40, "phone"),
        ("users", "homePhone", "str", 40, "phone"),
        ("sites", "website", "str", 200, "url"),
        ("sites", "domain", "str", 100, "domain"),
        ("logins", "ip_address", "str", 45, "ip_address"),
        ("logins", "ip_address", "inet", None, "ip_address"),
        ("addresses", "billing_city", "str", 80, "city"),
        ("addresses", "country", "str", 80, "country"),
        ("addresses", "country_code", "str", 2, "country_code"),
        ("addresses", "country_code", "str", 3, "country_code3"),
        ("addresses", "zip_code", "str", 10, "postal_code"),
        ("addresses", "address_line_1", "str", 200, "street_address"),
        ("places", "latitude", "float", None, "latitude"),
        ("places", "lng", "decimal", None, "longitude"),
        ("companies", "companyName", "str", 100, "company"),
        ("employees", "job_title", "str", 100, "job_title"),
        ("posts", "title", "str", 200, "title"),
        ("posts", "body", "str", None, "body"),
        ("users", "bio", "str", None, "bio"),
        ("products", "description", "str", 500, "description"),
        ("posts", "slug", "str", 100, "slug"),
        ("users", "api_key", "str", 64, "api_key"),
        ("users", "password_hash", "str", 128, "password_hash"),
        ("prices", "currency", "str", 3, "currency_code"),
        ("payment_history", "currency_code", "str", 3, "currency_code"),
        ("addresses", "country", "str", 2, "country_code"),
        ("addresses", "country", "str", 3, "country_code3"),
        ("addresses", "state", "str", 2, "state_code"),
        ("users", "language", "str", 5, "language_code"),
        ("payment_history", "status", "str", 20, "payment_status"),
        ("order_events", "status", "str", 20, "order_status"),
        ("products", "unit_price", "decimal", None, "price"),
        ("accounts", "balance", "decimal", None, "balance"),
        ("products", "color", "str", 30, "color"),
        ("users", "timezone", "str", 50, "timezone"),
        ("users", "locale", "str", 10, "locale"),
        ("users", "created_at", "datetime", None, "created_at"),
        ("users", "updatedAt", "datetime", None, "updated_at"),
        ("users", "deleted_at", "datetime", None, "deleted_at"),
        ("users", "date_of_birth", "date", None, "birth_date"),
        ("users", "birthday", "date", None, "birth_date"),
        ("users", "is_active", "bool", None, "flag_mostly_true"),
        ("users", "is_admin", "bool", None, "flag_rarely_true"),
        ("users", "has_newsletter", "bool", None, "flag"),
        ("users", "age", "int", None, "age"),
        ("order_items", "quantity", "int", None, "quantity"),
        ("reviews", "rating", "int", None, "rating"),
        ("orders", "status", "str", 20, "order_status"),
        ("payments", "status", "str", 20, "payment_status"),
        ("products", "sku", "str", 20, "sku"),
        ("accounts", "iban", "str", 34, "iban"),
        ("books", "isbn", "str", 20, "isbn"),
        ("sessions", "user_agent", "str", None, "user_agent"),
        ("files", "mime_type", "str", 100, "mime_type"),
        ("files", "file_name", "str", 255, "file_name"),
        ("releases", "version", "str", 20, "version"),
        ("addresses", "state", "str", 40, "state"),
        ("tickets", "state", "str", 40, "status"),
        ("subscriptions", "expires_at", "datetime", None, "expires_at"),
        ("events", "starts_at", "datetime", None, "starts_at"),
    ],
)
def test_detect(table: str, column: str, kind: str, max_len: int | None, expected: str) -> None:
    siblings = ("city", "zip_code") if table == "addresses" else ()
    sem = detect(table, column, kind, max_len, siblings=siblings)
    assert sem is not None, f"{table}.{column} found no semantic"
    assert sem.name == expected


@pytest.mark.parametrize(
    ("table", "column", "kind", "max_len"),
    [
        ("users", "email", "int", None),  # gated by type
        ("products", "price", "str", 50),
        ("users", "created_at", "str", 50),
        ("users", "email", "str", 8),  # too short for a believable email
        ("users", "first_name", "str", 3),
        ("things", "frobnicator", "str", 50),
        ("users", "age", "bool", None),
    ],
)
def test_detect_refuses_what_does_not_fit(
    table: str, column: str, kind: str, max_len: int | None
) -> None:
    assert detect(table, column, kind, max_len) is None


@pytest.mark.parametrize(
    ("table", "column", "max_len", "siblings", "expected"),
    [
        # an identifier's length says which identifier it is
        ("runs", "run_uuid", 32, (), "uuid_hex"),
        ("requests", "request_id", 32, (), "uuid_hex"),
        ("requests", "request_id", 36, (), "uuid_string"),
        ("runs", "user_id", 256, (), "uuid_string"),
        ("documents", "external_ref_id", 24, (), "object_id"),
        ("events", "event_id", 26, (), "ulid"),
        ("files", "md5", 32, (), "md5"),
        ("files", "content_md5", 32, (), "md5"),
        ("files", "sha1sum", 40, (), "sha1"),
        ("files", "file_sha256", 64, (), "sha256"),
        ("blobs", "checksum", 64, (), "hash"),
        ("datasets", "digest", 36, (), "hash"),
        ("runs", "source_version", 50, (), "git_sha"),
        # the table word beats the bare column word
        ("email_addresses", "address", 255, (), "email"),
        ("ip_addresses", "address", 45, (), "ip_address"),
        ("wallets", "address", 42, (), "eth_address"),
        ("customers", "address", 70, ("city", "postal_code"), "street_address"),
        ("people", "address", 200, (), "address"),
        ("runs", "artifact_uri", 200, (), "storage_uri"),
        ("experiments", "artifact_location", 256, (), "storage_uri"),
        ("files", "location", None, (), "storage_uri"),
        ("events", "location", 100, (), "city"),
        ("projects", "path", 255, (), "repo_path"),
        ("pages", "path", 255, (), "url_path"),
        ("uploads", "path", 255, (), "file_path"),
        ("attachments", "file_ext", 10, (), "file_extension"),
        ("documents", "extension", 10, (), "file_extension"),
        ("employees", "extension", 10, (), "phone_extension"),
        ("contacts", "ext", 6, ("phone",), "phone_extension"),
        ("teams", "name", 128, (), "team_name"),
        ("departments", "name", 50, (), "department"),
        ("experiments", "name", 256, (), "experiment_name"),
        ("runs", "name", 250, (), "run_name"),
        ("metrics", "key", 250, (), "metric_name"),
        ("params", "key", 250, (), "param_name"),
        ("settings", "key", 100, (), "setting_key"),
        ("api_keys", "key", 64, (), "api_key"),
        ("tokens", "value", 128, (), "token"),
        ("employee", "title", 30, (), "job_title"),
        ("posts", "title", 200, (), "title"),
        ("users", "role", 20, (), "user_role"),
        ("staff", "role", 60, (), "job_title"),
        ("products", "category", 80, (), "product_category"),
        ("product_variants", "size", 5, (), "clothing_size"),
        ("messages", "subject", 200, (), "email_subject"),
        ("model_versions", "current_stage", 20, (), "model_stage"),
        ("request_logs", "method", 10, (), "http_method"),
        ("payments", "method", 20, (), "payment_method"),
        ("audit_logs", "action", 20, (), "audit_action"),
        ("servers", "region", 20, (), "cloud_region"),
        ("addresses", "region", 40, ("city",), "state"),
        ("countries", "dial_code", 6, (), "calling_code"),
        ("coupons", "code", 20, (), "coupon_code"),
        ("invoices", "number", 20, (), "invoice_number"),
        ("deployments", "image", 120, (), "docker_image"),
        ("images", "tag", 40, (), "docker_tag"),
        ("holdings", "symbol", 8, (), "ticker"),
        ("identities", "provider", 20, (), "auth_provider"),
    ],
)
def test_detect_in_context(
    table: str, column: str, max_len: int | None, siblings: tuple[str, ...], expected: str
) -> None:
    sem = detect(table, column, "str", max_len, siblings=siblings)
    assert sem is not None and sem.name == expected, (table, column, sem and sem.name)


@pytest.mark.parametrize(
    ("table", "column", "kind", "max_len", "expected"),
    [
        # a person's role holds a full name, alone or qualified; an integer one is a key
        ("tasks", "assignee", "str", 80, "full_name"),
        ("bookings", "guest", "str", 80, "full_name"),
        ("projects", "project_manager", "str", 80, "full_name"),
        ("tickets", "reviewer", "int", None, None),
        ("tickets", "owner", "str", 8, None),  # no room for a name
        # travel, content and themed lists
        ("bookings", "hotel", "str", 80, "hotel"),
        ("flights", "airline", "str", 80, "airline"),
        ("tickets", "seat", "str", 2, "seat"),
        ("tickets", "seat_number", "str", 4, "seat"),
        ("flights", "gate", "str", 4, "gate"),
        ("visits", "referrer", "str", 200, "url"),
        ("requests", "http_referer", "str", 200, "url"),
        ("posts", "hashtag", "str", 40, "hashtag"),
        ("pets", "species", "str", 40, "species"),
        ("recipes", "ingredient", "str", 40, "ingredient"),
        ("visits", "symptom", "str", 40, "symptom"),
        ("visits", "diagnosis", "str", 60, "diagnosis"),
        ("profiles", "skill", "str", 40, "skill"),
        ("posts", "tag", "str", 40, "tag"),
        ("posts", "category", "str", 40, "category"),
        ("products", "category", "str", 40, "product_category"),
        # numbers by name and by unit
        ("rooms", "room_number", "decimal", None, "room_number"),
        ("rooms", "room_number", "int", None, "room_number"),
        ("invoices", "tax_rate", "decimal", None, "tax_rate"),
        ("tax_rates", "rate", "float", None, "tax_rate"),
        ("loans", "interest_rate", "decimal", None, "rate"),
        ("parcels", "weight_kg", "decimal", None, "measure_kg"),
        ("parcels", "weight_lbs", "float", None, "measure_lb"),
        ("patients", "height_cm", "decimal", None, "height_cm"),
        ("people", "height_m", "float", None, "height_m"),
        ("parts", "length_mm", "int", None, "measure_mm"),
        ("parts", "width_m", "float", None, "measure_m"),
        ("trips", "distance_km", "decimal", None, "measure_km"),
        ("bottles", "volume_ml", "int", None, "measure_ml"),
        ("items", "weight_g", "int", None, "measure_g"),
        ("items", "total_kg", "decimal", None, "measure_kg"),
        ("items", "timeout_m", "decimal", None, None),  # ``m`` alone is not a length
    ],
)
def test_detect_roles_lists_and_units(
    table: str, column: str, kind: str, max_len: int | None, expected: str | None
) -> None:
    sem = detect(table, column, kind, max_len)
    assert (sem and sem.name) == expected, (table, column, sem and sem.name)


@pytest.mark.parametrize(
    ("table", "column", "kind", "expected"),
    [
        ("accounts", "subdomain", "str", "subdomain"),
        ("tenants", "custom_subdomain", "str", "subdomain"),
        ("accounts", "name", "str", "company"),
        ("workspaces", "name", "str", "company"),
        ("organizations", "name", "str", "company"),
        ("users", "name", "str", "full_name"),
        ("users", "discarded_at", "datetime", "deleted_at"),
        ("users", "locked_at", "datetime", "deleted_at"),
        ("users", "confirmed_at", "datetime", "event_at"),
        ("tickets", "closed_at", "datetime", "event_at"),
        ("users", "discarded", "bool", "flag_rarely_true"),
    ],
)
def test_detect_application_conventions(table: str, column: str, kind: str, expected: str) -> None:
    sem = detect(table, column, kind, None)
    assert sem is not None and sem.name == expected


def test_rare_states_ask_for_nulls_in_most_rows() -> None:
    rare = detect("users", "banned_at", "datetime", None)
    usual = detect("users", "confirmed_at", "datetime", None)
    assert rare is not None and rare.null_fraction is not None and rare.null_fraction >= 0.8
    assert usual is not None and usual.null_fraction is None


@pytest.mark.parametrize(
    ("table", "name"),
    [("projects", "Project"), ("order_items", "OrderItem"), ("people", "Person"),
     ("categories", "Category"), ("billing.invoices", "Invoice"), ("userProfiles", "UserProfile")],
)  # fmt: skip
def test_polymorphic_class_names(table: str, name: str) -> None:
    assert class_name(table) == name


@pytest.mark.parametrize(
    ("column", "codes"),
    [("role", 5), ("status", 5), ("account_type", 5), ("plan", 5), ("gender", 4),
     ("visibility", 4), ("tier", 5), ("num_types", None), ("role_id", None),
     ("status_code", None), ("level", None), ("priority", None)],
)  # fmt: skip
def test_integer_categories_by_name(column: str, codes: int | None) -> None:
    nat = natural("users", column, "int")
    if codes is None:
        assert nat is None or not nat.codes
    else:
        assert nat is not None and nat.codes and [v for v, _ in nat.choices] == list(range(codes))


@pytest.mark.parametrize(
    ("table", "column", "high"),
    [("rooms", "capacity", 500), ("venues", "seating_capacity", 500), ("events", "seats", 100),
     ("flights", "total_seats", 100), ("listings", "max_guests", 16),
     ("tournaments", "max_participants", 100), ("meetings", "num_attendees", 100)],
)  # fmt: skip
def test_capacities_have_natural_ranges(table: str, column: str, high: int) -> None:
    nat = natural(table, column, "int")
    assert nat is not None and (nat.low, nat.high) == (1, high)
