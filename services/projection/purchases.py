"""Mongo `purchases` as a projection of the topic `purchase-changes` (key: purchase id).

Every change to a purchase document is one of these events. The writer (the payments worker for
recording and Stripe's refunds, the web process for a buyer's cancellation) publishes the event,
waits for Kafka's acknowledgement and then applies it with the functions below, so the live
collection and a rebuild from the topic (services/projection/rebuild.py) run the same updates:

- `purchases.recorded` carries the whole document (the quote it came from is operational state,
  not on Kafka); inserted only if absent, so a redelivery or a second event of the same session
  changes nothing (the first one in the log wins, as the first insert wins live).
- `purchases.refund_requested` / `purchases.refund_cancelled` / `purchases.refund_created`: the
  buyer's cancellation claims the purchase (`paid` → `refund_pending`), Stripe refused (back to
  `paid`), Stripe accepted (its refund id).
- `purchases.refunded`: Stripe's `charge.refunded` (status `refunded`, the amount only grows).
Each update is conditional or monotonic, so applying an event twice is applying it once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pymongo import ASCENDING, DESCENDING, IndexModel, InsertOne, UpdateOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError

from services.messaging.envelope import Envelope
from services.messaging.registry import Message, message, wrap
from services.projection.writes import DUPLICATE_KEY, WriteOp, apply_in_order

COLLECTION = "purchases"

INDEXES = [
    IndexModel([("payment.session_id", ASCENDING)], name="purchases_session_unique", unique=True),
    IndexModel([("user_id", ASCENDING), ("purchased_at", DESCENDING)], name="purchases_by_user"),
    IndexModel([("payment.payment_intent", ASCENDING)], name="purchases_by_payment_intent"),
]

Update = tuple[dict[str, Any], dict[str, Any]]  # (filter, update)


class RefundFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_cents: int | None = None
    percent: int | None = None
    requested_at: datetime | None = None
    stripe_refund_id: str | None = None
    amount_refunded_cents: int | None = None
    reason: str | None = None
    refunded_at: datetime | None = None


class PurchaseDocument(BaseModel):
    """The purchase document as services/payments/documents.py builds it, typed so that its
    datetimes come back as datetimes (not strings) from the event's JSON."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(alias="_id")
    user_id: str
    email: str | None
    locale: str
    status: str
    quote_id: str
    package_id: str
    package: dict[str, Any]
    travellers: dict[str, Any]
    passengers: list[dict[str, Any]] = []
    contact: dict[str, Any] | None = None
    lead_name: str = ""
    total_cents: int
    currency: str
    origin: str
    destination: str
    destination_city: str
    hotel_name: str
    departure_at: datetime
    return_at: datetime
    travellers_count: int
    payment: dict[str, Any]
    purchased_at: datetime
    recorded_at: datetime
    refund: RefundFields = RefundFields()
    inventory: dict[str, Any] | None = None

    def to_document(self) -> dict[str, Any]:
        doc = self.model_dump(by_alias=True, exclude={"refund", "inventory"})
        doc["refund"] = self.refund.model_dump(exclude_none=True)
        if self.inventory is not None:
            doc["inventory"] = self.inventory
        return doc


@message("purchases.recorded", 1)
class PurchaseRecorded(Message):
    purchase: PurchaseDocument


@message("purchases.refund_requested", 1)
class RefundRequested(Message):
    purchase_id: str
    amount_cents: int
    percent: int
    requested_at: datetime


@message("purchases.refund_cancelled", 1)
class RefundCancelled(Message):
    purchase_id: str


@message("purchases.refund_created", 1)
class RefundCreated(Message):
    purchase_id: str
    stripe_refund_id: str


@message("purchases.refunded", 1)
class Refunded(Message):
    purchase_id: str
    amount_refunded_cents: int
    refunded_at: datetime


def envelope(event: Message) -> Envelope:
    return wrap(event)


def key(event: Message) -> str:
    return event.purchase.id if isinstance(event, PurchaseRecorded) else event.purchase_id


# The updates, shared by the live writers (sync or async collections) and the handlers below.


def refund_requested(e: RefundRequested) -> Update:
    return (
        {"_id": e.purchase_id, "status": "paid"},
        {
            "$set": {
                "status": "refund_pending",
                "refund.amount_cents": e.amount_cents,
                "refund.percent": e.percent,
                "refund.requested_at": e.requested_at,
            }
        },
    )


def refund_cancelled(e: RefundCancelled) -> Update:
    return {"_id": e.purchase_id, "status": "refund_pending"}, {"$set": {"status": "paid", "refund": {}}}


def refund_created(e: RefundCreated) -> Update:
    return {"_id": e.purchase_id}, {"$set": {"refund.stripe_refund_id": e.stripe_refund_id}}


def refunded(e: Refunded) -> Update:
    return (
        {"_id": e.purchase_id},
        {
            "$set": {"status": "refunded", "refund.refunded_at": e.refunded_at},
            "$max": {"refund.amount_refunded_cents": e.amount_refunded_cents},
        },
    )


UPDATES = {
    RefundRequested: refund_requested,
    RefundCancelled: refund_cancelled,
    RefundCreated: refund_created,
    Refunded: refunded,
}


def write(event: Message, _envelope: Envelope | None = None) -> WriteOp:
    """The one write of an event, for the live writers and the rebuild alike."""
    if isinstance(event, PurchaseRecorded):
        return InsertOne(event.purchase.to_document())
    return UpdateOne(*UPDATES[type(event)](event))


def already_there(_index: int, _error: dict[str, Any]) -> None:
    """A `purchases.recorded` whose purchase exists: the first one wins (a redelivery, a replayed
    batch's second event, or a concurrent worker that was first)."""


def insert_recorded(purchases: Collection, events: list[PurchaseRecorded]) -> None:
    """Insert the purchases that are not there yet; those that exist stay as they are. Unordered
    (distinct purchases): a replayed batch of duplicates costs one round trip, not one per purchase."""
    if not events:
        return
    try:
        purchases.bulk_write([write(e) for e in events], ordered=False)
    except BulkWriteError as exc:
        if any(err.get("code") != DUPLICATE_KEY for err in exc.details.get("writeErrors", [])):
            raise


def apply_update(event: Message, _envelope: Envelope | None = None, *, purchases: Collection) -> None:
    apply_in_order(purchases, [write(event)], already_there)


def apply_recorded(event: PurchaseRecorded, _envelope: Envelope | None = None, *, purchases: Collection) -> None:
    insert_recorded(purchases, [event])


HANDLERS = {PurchaseRecorded: apply_recorded, **{cls: apply_update for cls in UPDATES}}


def ensure_indexes(purchases: Collection) -> None:
    purchases.create_indexes(INDEXES)
