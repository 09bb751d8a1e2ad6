"""Reads of one purchase on an async `purchases` collection, always filtered by the owner's user id:
another user's purchase is "not found", so the answer never tells whether an id exists. Used by the
buyer's actions (actions.py) and the dashboard (services/dashboard)."""

from __future__ import annotations

from services.errors import NotFound
from services.payments.models import Purchase

NOT_FOUND = "Purchase not found."


async def find_purchase(purchases, user_id: str, **where) -> Purchase | None:
    if not user_id:
        return None
    doc = await purchases.find_one({**where, "user_id": user_id})
    return Purchase.from_doc(doc) if doc else None


async def get_purchase(purchases, purchase_id: str, user_id: str) -> Purchase:
    purchase = await find_purchase(purchases, user_id, _id=purchase_id)
    if purchase is None:
        raise NotFound(NOT_FOUND)
    return purchase
