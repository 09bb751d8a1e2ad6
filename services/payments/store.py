"""Mongo collections of the payments area, their indexes, and ids.

- `quotes`: _id = quote id. The price lock ends at `expires_at` (checked explicitly); a TTL index
  deletes the document a day later, so a payment finishing right at the deadline still finds it.
- `purchases`: _id = purchase id, derived from the Checkout Session id (one purchase per session,
  and the unique `payment.session_id` index guards it); listed per user newest first; found by
  payment intent when a refund event arrives.
- `stripe_events`: ids of the Stripe events already handled other than paid sessions (dedupe of
  redeliveries; a paid session is deduped by its purchase id); kept 30 days.
- `early_refunds`: a `charge.refunded` that arrived before its purchase existed, keyed by payment
  intent; applied when the purchase is written.
- `receipts`: _id = purchase id; the receipt e-mail's claim and outcome (receipt_handlers.py) and
  the "resend" throttle. No document yet means not sent yet.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from pymongo import ASCENDING, DESCENDING, IndexModel

from services.projection import purchases as purchases_projection

QUOTES, PURCHASES, STRIPE_EVENTS, EARLY_REFUNDS, RECEIPTS = (
    "quotes",
    "purchases",
    "stripe_events",
    "early_refunds",
    "receipts",
)
QUOTE_VALIDITY = timedelta(minutes=30)
QUOTE_KEPT_AFTER_EXPIRY = timedelta(days=1)
EVENTS_KEPT = timedelta(days=30)

INDEXES: dict[str, list[IndexModel]] = {
    QUOTES: [
        IndexModel(
            [("expires_at", ASCENDING)],
            name="quotes_ttl",
            expireAfterSeconds=int(QUOTE_KEPT_AFTER_EXPIRY.total_seconds()),
        ),
        # "Reservar": the user's latest booking of a package (services/payments/bookings.py).
        IndexModel(
            [("user_id", ASCENDING), ("package_id", ASCENDING), ("created_at", DESCENDING)],
            name="quotes_by_user_package",
        ),
    ],
    PURCHASES: purchases_projection.INDEXES,  # the projection owns them (a rebuild creates them too)
    STRIPE_EVENTS: [
        IndexModel(
            [("processed_at", ASCENDING)], name="stripe_events_ttl", expireAfterSeconds=int(EVENTS_KEPT.total_seconds())
        ),
    ],
}


def ensure_indexes(db) -> None:
    """Create the indexes (idempotent) on a pymongo Database."""
    for name, indexes in INDEXES.items():
        db[name].create_indexes(indexes)


async def ensure_indexes_async(db) -> None:
    """The same on an AsyncDatabase."""
    for name, indexes in INDEXES.items():
        await db[name].create_indexes(indexes)


def new_quote_id() -> str:
    return "q_" + uuid.uuid4().hex


def purchase_id_for(session_id: str) -> str:
    """Deterministic, so every delivery of a session's events upserts the same document."""
    return "pur_" + hashlib.sha256(session_id.encode()).hexdigest()[:20]
