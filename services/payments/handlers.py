"""The payments worker's purchase recording: verified Stripe events (topic `payments`) → purchases,
`packages-purchased`, refunds. The receipt e-mail is not sent here: it is a consumer of
`packages-purchased` (receipt_handlers.py), so the mail server's pace never holds up recording.

Events arrive at least once and in any order. Per batch (the runner's batch mode; a single message
is a batch of one):
1. Dedupe (repeats inside the batch, then): a paid session is deduped by its purchase id (step 2),
   every other event by its id in `stripe_events` (skipped if there). Paid sessions are nearly all
   of the traffic, and every step of theirs is idempotent: on the local Mongo server the
   `stripe_events` insert took 61 ms of a 434 ms batch of 500, its read part of 119 ms (issue 15).
2. A paid `checkout.session.completed` or `checkout.session.async_payment_succeeded` loads its
   quote by _id and inserts the purchase, keyed by an id derived from the session id: a purchase
   that exists already (a redelivery) is a duplicate key, never a second purchase and never an
   overwrite. One insert per purchase, one bulk round trip per batch. A redelivery after the quote
   is gone (a day after its expiry) finds the purchase and is skipped. (An unpaid completed session
   only marks the quote "processing" and waits for `async_payment_succeeded` / `…_failed`.)
3. `packages-purchased` (key and envelope id from the purchase id) is published for every purchase
   of the batch and acknowledged by Kafka before step 5. So an event recorded as processed always
   had its purchase announced; an event replayed after a failure announces it again, and a second
   event of the same session (e.g. the success page's and the webhook's) does too: consumers dedupe
   by purchase id (the receipt's claim does).
4. `charge.refunded` marks the purchase found by payment intent `refunded`. If that purchase does
   not exist yet (refund delivered before completion), the refund is parked in `early_refunds`
   and applied when the purchase is written (read after the insert, so neither order loses it).
Read model log: every change to a purchase document is first published to `purchase-changes`
(services/projection/purchases.py) and acknowledged, then applied with the projection's own
function, so a rebuild from that topic writes what this worker wrote (a crash between the two is
a replay: the event goes out again, and applying it again changes nothing).
5. The ids of the events other than paid sessions are recorded as processed. A crash before this
   (or before the offsets are committed) replays the batch: every step above is idempotent.
Inventory (services/inventory; hold id in the session's metadata): `checkout.session.expired`
releases the session's hold; a paid session turns its hold into a sale before its purchase is
written; if the hold had lapsed and the stock is gone, the payment is refunded in full (Stripe
idempotency key from the session id) and the purchase is recorded `refunded` with reason
"sold_out" (never confirmed; its e-mail says so). A refund of a sold purchase gives the units back.
Unknown event types are acknowledged and ignored. A malformed event, a paid session without a
quote, or one whose amount differs from its quote raises PoisonMessage → dead-letter topic.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from services.clock import Clock
from services.config import Settings
from services.errors import ServiceUnavailable
from services.inventory import Inventory, Outcome
from services.messaging.envelope import Envelope, PoisonMessage
from services.messaging.publisher import Publisher, PublishFailed
from services.messaging.registry import wrap
from services.messaging.topics import PACKAGES_PURCHASED, PURCHASE_CHANGES
from services.mongo_reads import find_in
from services.payments.documents import SessionView, mismatch, purchase_document, stock_items
from services.payments.messages import PackagePurchased, StripeEvent, StripeEventReceived
from services.payments.store import EARLY_REFUNDS, PURCHASES, QUOTES, STRIPE_EVENTS, purchase_id_for
from services.payments.stripe_adapter import StripeGateway
from services.projection import purchases as projection

log = logging.getLogger(__name__)

FULFIL = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
ASYNC_FAILED = "checkout.session.async_payment_failed"
EXPIRED = "checkout.session.expired"
PAID = {"paid", "no_payment_required"}


class AnnounceFailed(ServiceUnavailable):
    """Kafka did not take packages-purchased: the runner waits for Kafka and retries the batch (it is
    not marked processed, so the retry announces it again)."""

    dependency = "kafka"


def handle_stripe_events(
    batch: list[tuple[StripeEventReceived, Envelope]],
    *,
    db: Database,
    publisher: Publisher,
    settings: Settings,
    clock: Clock,
    stripe: StripeGateway,
    inventory: Inventory,
) -> None:
    events: dict[str, StripeEvent] = {}
    for message, _ in batch:
        events.setdefault(message.event.id, message.event)
    paid, others = [], []
    for event in events.values():
        session = _session(event) if event.type in FULFIL else None
        if session is not None and session.payment_status in PAID:
            paid.append((event, session))  # deduped by its purchase id
        else:
            others.append((event, session))
    ids = [event.id for event, _ in others]
    done = {d["_id"] for d in find_in(db[STRIPE_EVENTS], ids, {"_id": 1})} if others else set()
    todo = [(event, session) for event, session in others if event.id not in done]
    if not paid and not todo:
        return
    now = clock()
    refunds = []
    for event, session in todo:
        if session is not None:  # completed, not paid yet, e.g. a bank debit still clearing: wait
            _mark_quote(db, session, "processing")  # for async_payment_succeeded/failed
        elif event.type == ASYNC_FAILED:
            _mark_quote(db, _session(event), "failed")
        elif event.type == EXPIRED:
            if hold_id := _session(event).metadata.get("hold_id"):
                inventory.release(hold_id)
        elif event.type == "charge.refunded":
            refunds.append(event)
        else:
            log.debug("ignoring Stripe event %s (%s)", event.id, event.type)
    if paid:
        _record_purchases(db, publisher, settings, paid, now, inventory, stripe)
    for event in refunds:
        _record_refund(db, event, inventory, publisher, settings)
    if todo:
        _mark_processed(db, [event for event, _ in todo], now)


def handle_stripe_event(
    message: StripeEventReceived,
    envelope: Envelope,
    *,
    db: Database,
    publisher: Publisher,
    settings: Settings,
    clock: Clock,
    stripe: StripeGateway,
    inventory: Inventory,
) -> None:
    """One message: a batch of one (the runner's per-message path and its replay of a failed batch)."""
    handle_stripe_events(
        [(message, envelope)],
        db=db,
        publisher=publisher,
        settings=settings,
        clock=clock,
        stripe=stripe,
        inventory=inventory,
    )


def _session(event: StripeEvent) -> SessionView:
    try:
        return SessionView.model_validate(event.data.object)
    except ValidationError as exc:
        raise PoisonMessage(f"{event.type} {event.id}: not a checkout session: {exc.errors()[0]['msg']}") from exc


def _mark_quote(db: Database, session: SessionView, payment_status: str) -> None:
    if session.quote_id:
        db[QUOTES].update_one({"_id": session.quote_id}, {"$set": {"payment_status": payment_status}})


def _record_purchases(
    db: Database,
    publisher: Publisher,
    settings: Settings,
    paid: list[tuple[StripeEvent, SessionView]],
    now: datetime,
    inventory: Inventory,
    stripe,
) -> None:
    quote_ids = list(dict.fromkeys(q for _, session in paid if (q := session.quote_id)))
    quotes = {q["_id"]: q for q in find_in(db[QUOTES], quote_ids)}
    if unquoted := [session for _, session in paid if session.quote_id not in quotes]:
        paid = _without_recorded(db, paid, unquoted)
        if not paid:
            return
    docs: dict[str, dict[str, Any]] = {}
    for event, session in paid:
        quote = quotes.get(session.quote_id or "")
        if quote is None:
            raise PoisonMessage(f"paid session {session.id} names no known quote ({session.quote_id})")
        if why := mismatch(quote, session):
            raise PoisonMessage(f"paid session {session.id} does not match quote {quote['_id']}: {why}")
        doc = purchase_document(quote, session, event.id, event.created, now)
        if doc["_id"] not in docs:
            docs[doc["_id"]] = _settle_stock(doc, quote, session, inventory, stripe, now)
    recorded = [
        projection.PurchaseRecorded(purchase=projection.PurchaseDocument.model_validate(doc)) for doc in docs.values()
    ]
    _announce_changes(publisher, settings, recorded)  # in the log before the document exists
    projection.insert_recorded(db[PURCHASES], recorded)
    _apply_early_refunds(db, docs, inventory, publisher, settings)
    _publish(publisher, list(docs.values()), settings)


def _without_recorded(
    db: Database, paid: list[tuple[StripeEvent, SessionView]], unquoted: list[SessionView]
) -> list[tuple[StripeEvent, SessionView]]:
    """Paid sessions whose quote is gone: a redelivery of one recorded long ago (its quote is deleted
    a day after it expired) is skipped; one never recorded stays (and is poison: no quote)."""
    ids = {session.id: purchase_id_for(session.id) for session in unquoted}
    recorded = {d["_id"] for d in find_in(db[PURCHASES], list(ids.values()), {"_id": 1})}
    return [(event, session) for event, session in paid if ids.get(session.id) not in recorded]


def _settle_stock(
    doc: dict[str, Any], quote: dict[str, Any], session: SessionView, inventory: Inventory, stripe, now: datetime
) -> dict[str, Any]:
    """The hold becomes a sale; a lapsed hold whose stock is gone → full refund, not confirmed.
    The units travel with the purchase (and its purchases.recorded event), so a rebuild from the
    log knows what each paid booking holds (services/projection/stock.py)."""
    hold_id = session.metadata.get("hold_id")
    if not hold_id:
        return doc
    doc["inventory"] = {"hold_id": hold_id, "items": [i.model_dump() for i in stock_items(quote)]}
    if inventory.confirm(hold_id) is not Outcome.SOLD_OUT:
        return doc
    if not doc["payment"]["payment_intent"]:
        raise RuntimeError(f"session {session.id} must be refunded (sold out) but cannot be")
    refund = stripe.refund(
        doc["payment"]["payment_intent"],
        doc["total_cents"],
        f"soldout:{session.id}",
        {"purchase_id": doc["_id"], "session_id": session.id, "reason": "sold_out"},
    )
    doc["status"] = "refunded"
    doc["refund"] = {
        "reason": "sold_out",
        "amount_cents": doc["total_cents"],
        "percent": 100,
        "requested_at": now,
        "stripe_refund_id": refund["id"],
    }
    return doc


def _publish(publisher: Publisher, docs: list[dict[str, Any]], settings: Settings) -> None:
    futures = []
    for doc in docs:
        event = PackagePurchased(
            purchase_id=doc["_id"],
            user_id=doc["user_id"],
            package_id=doc["package_id"],
            session_id=doc["payment"]["session_id"],
            total_cents=doc["total_cents"],
            currency=doc["currency"],
            departure_at=doc["departure_at"],
            purchased_at=doc["purchased_at"],
        )
        # The purchase's correlation id is its session id, as the webhook's (receipt lines carry it).
        envelope = wrap(event, id=f"purchased-{doc['_id']}", correlation_id=event.session_id)
        futures.append(publisher.send(PACKAGES_PURCHASED.name, envelope, key=doc["_id"]))
    for future in futures:  # all in flight at once; wait for every acknowledgement
        try:
            future.result(settings.kafka_request_timeout_s * 2)
        except (TimeoutError, PublishFailed) as exc:
            raise AnnounceFailed(f"packages-purchased not acknowledged: {exc or 'timeout'}") from exc


def _announce_changes(publisher: Publisher, settings: Settings, events: list) -> None:
    """Publish purchase changes to the read model's log and wait for every acknowledgement."""
    futures = [publisher.send(PURCHASE_CHANGES.name, projection.envelope(e), key=projection.key(e)) for e in events]
    for future in futures:
        try:
            future.result(settings.kafka_request_timeout_s * 2)
        except (TimeoutError, PublishFailed) as exc:
            raise AnnounceFailed(f"purchase-changes not acknowledged: {exc or 'timeout'}") from exc


def _refund_purchase(
    db: Database,
    pi: str,
    amount: int,
    refunded_at: datetime,
    inventory: Inventory,
    publisher: Publisher,
    settings: Settings,
) -> bool:
    """The purchase paid by `pi` is refunded (event first, then the update); False if none exists."""
    purchase = db[PURCHASES].find_one({"payment.payment_intent": pi}, {"inventory": 1})
    if purchase is None:
        return False
    change = projection.Refunded(purchase_id=purchase["_id"], amount_refunded_cents=amount, refunded_at=refunded_at)
    _announce_changes(publisher, settings, [change])
    projection.apply_update(change, purchases=db[PURCHASES])
    if hold_id := (purchase.get("inventory") or {}).get("hold_id"):
        inventory.give_back(hold_id)  # once: only a sold hold gives its units back
    return True


def _record_refund(
    db: Database, event: StripeEvent, inventory: Inventory, publisher: Publisher, settings: Settings
) -> None:
    charge = event.data.object
    pi, amount = charge.get("payment_intent"), charge.get("amount_refunded")
    if not isinstance(pi, str) or not isinstance(amount, int):
        raise PoisonMessage(f"charge.refunded {event.id}: no payment_intent / amount_refunded")
    refunded_at = datetime.fromtimestamp(event.created, UTC)
    if _refund_purchase(db, pi, amount, refunded_at, inventory, publisher, settings):
        return
    # Before its purchase: park it, then look again (the purchase may have been written meanwhile).
    db[EARLY_REFUNDS].update_one(
        {"_id": pi},
        {"$max": {"amount_refunded_cents": amount}, "$set": {"event_id": event.id, "refunded_at": refunded_at}},
        upsert=True,
    )
    _refund_purchase(db, pi, amount, refunded_at, inventory, publisher, settings)
    log.warning("charge.refunded %s arrived before the purchase of %s; parked", event.id, pi)


def _apply_early_refunds(
    db: Database, docs: dict[str, dict[str, Any]], inventory: Inventory, publisher: Publisher, settings: Settings
) -> None:
    pis = [d["payment"]["payment_intent"] for d in docs.values() if d["payment"]["payment_intent"]]
    # Parked refunds are rare: an empty collection (a count of nothing, cheap even where counting
    # scans) spares a read by every id of the batch. Asked after the insert, as the find would be.
    if not pis or db[EARLY_REFUNDS].estimated_document_count() == 0:
        return
    for parked in find_in(db[EARLY_REFUNDS], pis):
        _refund_purchase(
            db, parked["_id"], parked["amount_refunded_cents"], parked["refunded_at"], inventory, publisher, settings
        )


def _mark_processed(db: Database, events: list[StripeEvent], now: datetime) -> None:
    _insert_new(db[STRIPE_EVENTS], [{"_id": e.id, "type": e.type, "processed_at": now} for e in events])


def _insert_new(collection: Collection, docs: list[dict[str, Any]]) -> None:
    """Insert the documents whose _id is not there yet; those that exist stay as they are.
    (Cheaper than upserts with $setOnInsert: half the cost per purchase on the local server.)"""
    try:
        collection.insert_many(docs, ordered=False)
    except BulkWriteError as exc:  # a redelivery, or a concurrent worker was first: fine
        if any(err.get("code") != 11000 for err in exc.details.get("writeErrors", [])):
            raise


HANDLERS = {StripeEventReceived: handle_stripe_event}
BATCH_HANDLER = handle_stripe_events
