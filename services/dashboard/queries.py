"""Read queries on an async `purchases` collection. Another user's purchase is "not found": the
answer never tells whether an id exists."""
from __future__ import annotations

from pymongo import DESCENDING

from services.errors import NotFound
from services.payments.models import Purchase, PurchaseSummary, shown_status

NOT_FOUND = "Purchase not found."
LIST_LIMIT = 200

_SUMMARY_FIELDS = {"status": 1, "origin": 1, "destination": 1, "destination_city": 1, "hotel_name": 1,
                   "departure_at": 1, "return_at": 1, "travellers_count": 1, "total_cents": 1, "currency": 1,
                   "purchased_at": 1}


async def list_purchases(purchases, user_id: str) -> list[PurchaseSummary]:
    if not user_id:
        return []
    cursor = purchases.find({"user_id": user_id}, {**_SUMMARY_FIELDS, "refund.reason": 1}).sort(
        [("purchased_at", DESCENDING), ("_id", DESCENDING)]).limit(LIST_LIMIT)
    return [PurchaseSummary(id=d["_id"], travellers=d["travellers_count"],
                            **{k: d[k] for k in _SUMMARY_FIELDS if k not in ("travellers_count", "status")},
                            status=shown_status(d))
            async for d in cursor]


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
