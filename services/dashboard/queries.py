"""The dashboard's list of a traveller's purchases (async `purchases` collection), newest first."""

from __future__ import annotations

from pymongo import DESCENDING

from services.payments.models import PurchaseSummary, shown_status

LIST_LIMIT = 200

_SUMMARY_FIELDS = {
    "status": 1,
    "origin": 1,
    "destination": 1,
    "destination_city": 1,
    "hotel_name": 1,
    "departure_at": 1,
    "return_at": 1,
    "travellers_count": 1,
    "total_cents": 1,
    "currency": 1,
    "purchased_at": 1,
    "lead_name": 1,
}


async def list_purchases(purchases, user_id: str) -> list[PurchaseSummary]:
    if not user_id:
        return []
    cursor = (
        purchases.find({"user_id": user_id}, {**_SUMMARY_FIELDS, "refund.reason": 1})
        .sort([("purchased_at", DESCENDING), ("_id", DESCENDING)])
        .limit(LIST_LIMIT)
    )
    return [
        PurchaseSummary(
            id=d["_id"],
            travellers=d["travellers_count"],
            lead_name=d.get("lead_name", ""),
            status=shown_status(d),
            **{k: d[k] for k in _SUMMARY_FIELDS if k not in ("travellers_count", "lead_name", "status")},
        )
        async for d in cursor
    ]
