"""The code under test: queries the shop runs."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from shop.models import Customer, Order, Product


def revenue_by_customer(session: Session, limit: int = 10) -> list[tuple[str, Decimal]]:
    """The customers who spent most, with what they spent, biggest first."""
    spent = sa.func.sum(Order.quantity * Product.price).label("spent")
    query = (
        sa.select(Customer.email, spent)
        .join(Order, Order.customer_id == Customer.id)
        .join(Product, Product.id == Order.product_id)
        .group_by(Customer.email)
        .order_by(spent.desc(), Customer.email)
        .limit(limit)
    )
    return [(email, total) for email, total in session.execute(query)]


def cancel_order(session: Session, order_id: int) -> None:
    """Mark an order cancelled and commit, as the application does."""
    order = session.get(Order, order_id)
    if order is None:
        raise LookupError(f"no order {order_id}")
    order.status = "cancelled"
    session.commit()
