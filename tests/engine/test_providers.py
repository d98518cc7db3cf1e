"""Faker providers of a project's own: ``seed(providers=[...])`` and ``fake("acme_sku")``."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from faker.providers import BaseProvider

import pytest_dbseed
from pytest_dbseed import fake, rows
from pytest_dbseed.errors import ConfigError

metadata = sa.MetaData()
product = sa.Table(
    "product",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sku", sa.String(20), nullable=False, unique=True),
    sa.Column("colour", sa.String(20), nullable=False),
)


class AcmeProvider(BaseProvider):
    def acme_sku(self) -> str:
        return f"ACME-{self.random_int(0, 99999):05d}"

    def acme_colour(self) -> str:
        return str(self.random_element(("acme red", "acme blue", "acme green")))


class OtherAcmeProvider(BaseProvider):
    """The same method name, other values: two seeds with different providers never mix."""

    def acme_colour(self) -> str:
        return "beige"


OVERRIDES = {"product": {"sku": fake("acme_sku"), "colour": fake("acme_colour")}}


@pytest.fixture
def schema(conn: sa.Connection) -> sa.Connection:
    metadata.create_all(conn)
    return conn


def products(conn: sa.Connection) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in conn.execute(sa.select(product).order_by(product.c.id))]


def test_a_provider_method_fills_a_column(schema: sa.Connection) -> None:
    pytest_dbseed.seed(
        schema, metadata, counts={"product": 50}, overrides=OVERRIDES, providers=[AcmeProvider]
    )
    got = products(schema)
    assert len(got) == 50
    assert all(sku.startswith("ACME-") for _, sku, _ in got)
    assert len({sku for _, sku, _ in got}) == 50  # the unique column stays unique
    assert {c for _, _, c in got} <= {"acme red", "acme blue", "acme green"}
    assert len({c for _, _, c in got}) == 3


def test_provider_values_are_the_same_for_the_same_seed(schema: sa.Connection) -> None:
    def run(seed: int) -> list[tuple[int, str, str]]:
        schema.execute(product.delete())
        pytest_dbseed.seed(
            schema,
            metadata,
            counts={"product": rows(30, **OVERRIDES["product"])},
            seed=seed,
            providers=[AcmeProvider],
        )
        return [(0, sku, colour) for _, sku, colour in products(schema)]

    first = run(7)
    assert run(7) == first
    assert run(8) != first


def test_each_seed_uses_its_own_providers(schema: sa.Connection) -> None:
    over = {"product": {"colour": fake("acme_colour")}}
    pytest_dbseed.seed(
        schema, metadata, counts={"product": 5}, overrides=over, providers=[AcmeProvider]
    )
    pytest_dbseed.seed(
        schema,
        metadata,
        counts={"product": 5},
        overrides=over,
        providers=[OtherAcmeProvider],
        append=True,
    )
    colours = [c for _, _, c in products(schema)]
    assert all(c.startswith("acme ") for c in colours[:5])
    assert colours[5:] == ["beige"] * 5


def test_without_the_provider_its_name_is_unknown_and_the_fix_is_named(
    schema: sa.Connection,
) -> None:
    with pytest.raises(ConfigError) as exc:
        pytest_dbseed.seed(schema, metadata, counts={"product": 5}, overrides=OVERRIDES)
    text = str(exc.value)
    assert "no provider 'acme_sku'" in text
    assert "providers=" in text and "dbseed_providers" in text


def test_a_typo_suggests_the_providers_own_method(schema: sa.Connection) -> None:
    with pytest.raises(ConfigError, match="Did you mean 'acme_sku'"):
        pytest_dbseed.seed(
            schema,
            metadata,
            counts={"product": 5},
            overrides={"product": {"sku": fake("acme_skus")}},
            providers=[AcmeProvider],
        )


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("tests.engine.test_providers:AcmeProvider", "pass the provider class itself"),
        (AcmeProvider(None), "not a Faker provider class"),
        (int, "not a Faker provider class"),
    ],
)
def test_what_is_not_a_provider_class_is_refused(given: object, says: str) -> None:
    with pytest.raises(ConfigError, match=says) as exc:
        pytest_dbseed.plan(metadata, counts={"product": 1}, providers=[given])  # type: ignore[list-item]
    assert str(exc.value).startswith("providers=")


def test_plan_knows_the_providers_too() -> None:
    p = pytest_dbseed.plan(
        metadata,
        counts={"product": rows(3, sku=fake("acme_sku"))},
        providers=[AcmeProvider],
    )
    assert p.counts["product"] == 3
