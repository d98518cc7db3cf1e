"""A small shop: customers place orders for products (the tutorial's application)."""
