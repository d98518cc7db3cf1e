"""The tutorial's tests: the default data set, a marked test, overrides, commit-safety."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from pytest_dbseed import rows
from shop.models import Customer, Order, Product
from shop.reports import cancel_order, revenue_by_customer


def test_every_table_has_rows(seeded_session: Session, dbseed) -> None:
    # No marker: every table holds --seed-count rows (10 unless told otherwise).
    customers = seeded_session.scalar(sa.select(sa.func.count()).select_from(Customer))
    assert customers == dbseed.count(Customer) > 0


@pytest.mark.seed(Customer=3, Product=rows(1, price=Decimal("2.50")), Order=rows(30, quantity=2))
def test_revenue_adds_up(seeded_session: Session) -> None:
    report = revenue_by_customer(seeded_session)
    assert len(report) <= 3
    # 30 orders of 2 items at 2.50 each, whoever placed them.
    assert sum(total for _email, total in report) == Decimal("150.00")
    assert [t for _e, t in report] == sorted((t for _e, t in report), reverse=True)


@pytest.mark.seed(Order=5, only=True)
def test_only_what_the_test_needs(seeded_session: Session) -> None:
    # only=True: 5 orders and the customers and products they point at, nothing more.
    assert seeded_session.scalar(sa.select(sa.func.count()).select_from(Order)) == 5
    assert seeded_session.scalar(sa.select(sa.func.count()).select_from(Product)) >= 1


_CHANGED: dict[int, str] = {}


def test_code_under_test_may_commit(seeded_session: Session) -> None:
    order = seeded_session.scalars(
        sa.select(Order).where(Order.status != "cancelled").order_by(Order.id)
    ).first()
    assert order is not None
    _CHANGED[order.id] = order.status
    cancel_order(seeded_session, order.id)  # commits: a savepoint, rolled back after the test
    assert seeded_session.get(Order, order.id).status == "cancelled"


def test_the_commit_above_is_gone(seeded_session: Session) -> None:
    if not _CHANGED:
        pytest.skip("runs after test_code_under_test_may_commit")
    for order_id, status in _CHANGED.items():
        assert seeded_session.get(Order, order_id).status == status
