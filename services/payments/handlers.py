"""The payments worker: verified Stripe events (topic `payments`) → purchases, receipts, refunds.

Events arrive at least once and in any order. Per batch (the runner's batch mode; a single message
is a batch of one):
1. Dedupe: event ids already in `stripe_events` are skipped (and repeats inside the batch).
2. A paid `checkout.session.completed` or `checkout.session.async_payment_succeeded` loads its
   quote by _id and upserts the purchase with `$setOnInsert`, keyed by an id derived from the
   session id: redelivery never duplicates and never overwrites. (An unpaid completed session only
   marks the quote "processing" and waits for `async_payment_succeeded` / `…_failed`.)
3. `packages-purchased` is published for the new purchases (and for older ones not yet marked
   published, after a failure). Downstream dedupes by purchase id (also the envelope id).
4. Receipts, at most one e-mail per purchase: a new purchase is inserted with its receipt already
   claimed by this batch (`receipt.status` "sending" + a claim token), so no other delivery sends
   it; an existing purchase's receipt is claimed atomically (pending, or a claim older than
   RECEIPT_LEASE). After sending, one write per purchase records `receipt.sent_at` (and
   `published_at`). If anything fails before that, the batch hands its claims back (pending) and
   is retried. Only a crash of the process between claiming and recording leaves a "sending"
   claim: it is retaken by a delivery after the lease; until then the buyer's "resend receipt"
   action covers it. (Chosen over at-least-once: a duplicate receipt is worse than a late one.)
   Each purchase document is written twice on the hot path (insert, then the receipt record).
5. `charge.refunded` marks the purchase found by payment intent `refunded`. If that purchase does
   not exist yet (refund delivered before completion), the refund is parked in `early_refunds`
   and applied when the purchase is written (read after the upsert, so neither order loses it).
6. The event ids are recorded as processed. A crash before this replays the batch: every step
   above is idempotent.
Unknown event types are acknowledged and ignored. A malformed event, a paid session without a
quote, or one whose amount differs from its quote raises PoisonMessage → dead-letter topic.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from pymongo import UpdateOne
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from services.config import Settings
from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope, PoisonMessage
from services.messaging.publisher import Publisher, PublishFailed
from services.messaging.registry import wrap
from services.messaging.topics import PACKAGES_PURCHASED
from services.notifications import EmailSender, MailRejected
from services.payments.documents import SessionView, mismatch, purchase_document
from services.payments.messages import PackagePurchased, StripeEvent, StripeEventReceived
from services.payments.models import Purchase
from services.payments.receipts import receipt_email
from services.payments.store import EARLY_REFUNDS, PURCHASES, QUOTES, STRIPE_EVENTS

log = logging.getLogger(__name__)

FULFIL = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
ASYNC_FAILED = "checkout.session.async_payment_failed"
PAID = {"paid", "no_payment_required"}
RECEIPT_LEASE = timedelta(minutes=2)
MAIL_CONCURRENCY = 8
_mail_pool: ThreadPoolExecutor | None = None


def handle_stripe_events(batch: list[tuple[StripeEventReceived, Envelope]], *, db: Database,
                         publisher: Publisher, mailer: EmailSender, settings: Settings,
                         clock: Callable[[], datetime]) -> None:
    events: dict[str, StripeEvent] = {}
    for message, _ in batch:
        events.setdefault(message.event.id, message.event)
    done = {d["_id"] for d in db[STRIPE_EVENTS].find({"_id": {"$in": list(events)}}, {"_id": 1})}
    todo = [event for event_id, event in events.items() if event_id not in done]
    if not todo:
        return
    now = clock()
    paid, refunds = [], []
    for event in todo:
        if event.type in FULFIL or event.type == ASYNC_FAILED:
            session = _session(event)
            if event.type == ASYNC_FAILED:
                _mark_quote(db, session, "failed")
            elif session.payment_status in PAID:
                paid.append((event, session))
            else:  # e.g. a bank debit still clearing: wait for async_payment_succeeded/failed
                _mark_quote(db, session, "processing")
        elif event.type == "charge.refunded":
            refunds.append(event)
        else:
            log.debug("ignoring Stripe event %s (%s)", event.id, event.type)
    if paid:
        _record_purchases(db, publisher, mailer, settings, paid, now)
    for event in refunds:
        _record_refund(db, event)
    _mark_processed(db, todo, now)


def handle_stripe_event(message: StripeEventReceived, envelope: Envelope, *, db: Database, publisher: Publisher,
                        mailer: EmailSender, settings: Settings, clock: Callable[[], datetime]) -> None:
    """One message: a batch of one (the runner's per-message path and its replay of a failed batch)."""
    handle_stripe_events([(message, envelope)], db=db, publisher=publisher, mailer=mailer, settings=settings,
                         clock=clock)


def _session(event: StripeEvent) -> SessionView:
    try:
        return SessionView.model_validate(event.data.object)
    except ValidationError as exc:
        raise PoisonMessage(f"{event.type} {event.id}: not a checkout session: {exc.errors()[0]['msg']}") from exc


def _mark_quote(db: Database, session: SessionView, payment_status: str) -> None:
    if session.quote_id:
        db[QUOTES].update_one({"_id": session.quote_id}, {"$set": {"payment_status": payment_status}})


def _record_purchases(db: Database, publisher: Publisher, mailer: EmailSender, settings: Settings,
                      paid: list[tuple[StripeEvent, SessionView]], now: datetime) -> None:
    quote_ids = [session.quote_id for _, session in paid]
    quotes = {q["_id"]: q for q in db[QUOTES].find({"_id": {"$in": [q for q in quote_ids if q]}})}
    token, docs = uuid.uuid4().hex, {}
    for event, session in paid:
        quote = quotes.get(session.quote_id or "")
        if quote is None:
            raise PoisonMessage(f"paid session {session.id} names no known quote ({session.quote_id})")
        if why := mismatch(quote, session):
            raise PoisonMessage(f"paid session {session.id} does not match quote {quote['_id']}: {why}")
        doc = purchase_document(quote, session, event.id, event.created, now)
        # A new purchase is born with its receipt claimed by this batch: no extra round trip.
        doc["receipt"] = {"status": "sending", "claim": token, "claimed_at": now}
        docs.setdefault(doc["_id"], doc)
    ids = list(docs)
    result = db[PURCHASES].bulk_write(
        [UpdateOne({"_id": pid}, {"$setOnInsert": doc}, upsert=True) for pid, doc in docs.items()], ordered=False)
    inserted = {ids[i] for i in result.upserted_ids}
    try:
        _apply_early_refunds(db, docs)
        existing = [pid for pid in ids if pid not in inserted]  # redelivered, or a second event of a session
        unpublished = inserted | _unpublished(db, existing)
        if unpublished:
            _publish(publisher, [docs[pid] for pid in ids if pid in unpublished], settings)
        claimed = [pid for pid in ids if pid in inserted or pid in _claim_receipts(db, existing, token, now)]
        _send_receipts(db, mailer, settings, docs, claimed, unpublished, token)
    except BaseException:
        # Nothing was sent for what this batch still holds: hand the claims back for the retry.
        db[PURCHASES].update_many({"_id": {"$in": ids}, "receipt.claim": token},
                                  {"$set": {"receipt.status": "pending"}, "$unset": {"receipt.claim": ""}})
        raise


def _unpublished(db: Database, existing: list[str]) -> set[str]:
    if not existing:
        return set()
    return {d["_id"] for d in db[PURCHASES].find({"_id": {"$in": existing}, "published_at": None}, {"_id": 1})}


def _claim_receipts(db: Database, existing: list[str], token: str, now: datetime) -> set[str]:
    """Claim the receipts of already-written purchases that still need one (pending or a stale claim)."""
    if not existing:
        return set()
    claimable = {"_id": {"$in": existing}, "$or": [
        {"receipt.status": "pending"},
        {"receipt.status": "sending", "receipt.claimed_at": {"$lt": now - RECEIPT_LEASE}}]}
    claim = db[PURCHASES].update_many(claimable, {"$set": {"receipt.status": "sending", "receipt.claim": token,
                                                           "receipt.claimed_at": now}})
    if not claim.modified_count:
        return set()
    return {d["_id"] for d in db[PURCHASES].find({"_id": {"$in": existing}, "receipt.claim": token}, {"_id": 1})}


def _publish(publisher: Publisher, docs: list[dict[str, Any]], settings: Settings) -> None:
    futures = []
    for doc in docs:
        event = PackagePurchased(purchase_id=doc["_id"], user_id=doc["user_id"], package_id=doc["package_id"],
                                 session_id=doc["payment"]["session_id"], total_cents=doc["total_cents"],
                                 currency=doc["currency"], departure_at=doc["departure_at"],
                                 purchased_at=doc["purchased_at"])
        futures.append(publisher.send(PACKAGES_PURCHASED.name, wrap(event, id=f"purchased-{doc['_id']}"),
                                      key=doc["_id"]))
    for future in futures:  # all in flight at once; wait for every acknowledgement
        try:
            future.result(settings.kafka_request_timeout_s * 2)
        except TimeoutError as exc:
            raise PublishFailed("Kafka did not acknowledge packages-purchased in time") from exc


def _send_receipts(db: Database, mailer: EmailSender, settings: Settings, docs: dict[str, dict[str, Any]],
                   claimed: list[str], published: set[str], token: str) -> None:
    """Send the claimed receipts concurrently, then record, in one write per purchase, how each went
    and that its packages-purchased event was published."""
    outcomes = list(_pool().map(lambda pid: _send_one(mailer, settings, docs[pid]), claimed))
    stamp, updates, failed = datetime.now(UTC), [], 0
    for pid, (status, detail) in zip(claimed, outcomes):
        fields: dict[str, Any] = {"receipt.status": status}
        if status == "sent":
            fields.update({"receipt.sent_at": stamp, "receipt.message_id": detail})
        else:
            fields["receipt.last_error"] = detail
            failed += status == "pending"
        if pid in published:
            fields["published_at"] = stamp
        updates.append(UpdateOne({"_id": pid, "receipt.claim": token},
                                 {"$set": fields, "$unset": {"receipt.claim": ""}}))
    if updates:
        db[PURCHASES].bulk_write(updates, ordered=False)
    if rest := [pid for pid in published if pid not in set(claimed)]:
        db[PURCHASES].update_many({"_id": {"$in": rest}}, {"$set": {"published_at": stamp}})
    if failed:
        raise ServiceUnavailable(f"{failed} receipt e-mail(s) could not be sent; will retry")


def _send_one(mailer: EmailSender, settings: Settings, doc: dict[str, Any]) -> tuple[str, str]:
    try:
        return "sent", mailer.send(receipt_email(Purchase.from_doc(doc), settings.public_url))
    except MailRejected as exc:  # a bad address stays bad: record it, do not retry
        log.error("receipt for %s rejected: %s", doc["_id"], exc)
        return "rejected", str(exc)
    except ServiceUnavailable as exc:
        return "pending", str(exc)


def _pool() -> ThreadPoolExecutor:
    global _mail_pool
    if _mail_pool is None:
        _mail_pool = ThreadPoolExecutor(MAIL_CONCURRENCY, thread_name_prefix="receipts")
    return _mail_pool


def _refund_update(amount_refunded: int, refunded_at: datetime) -> dict[str, Any]:
    return {"$set": {"status": "refunded", "refund.refunded_at": refunded_at},
            "$max": {"refund.amount_refunded_cents": amount_refunded}}


def _record_refund(db: Database, event: StripeEvent) -> None:
    charge = event.data.object
    pi, amount = charge.get("payment_intent"), charge.get("amount_refunded")
    if not isinstance(pi, str) or not isinstance(amount, int):
        raise PoisonMessage(f"charge.refunded {event.id}: no payment_intent / amount_refunded")
    update = _refund_update(amount, datetime.fromtimestamp(event.created, UTC))
    if db[PURCHASES].update_one({"payment.payment_intent": pi}, update).matched_count:
        return
    # Before its purchase: park it, then look again (the purchase may have been written meanwhile).
    db[EARLY_REFUNDS].update_one({"_id": pi}, {"$max": {"amount_refunded_cents": amount},
                                               "$set": {"event_id": event.id, "refunded_at": update["$set"][
                                                   "refund.refunded_at"]}}, upsert=True)
    db[PURCHASES].update_one({"payment.payment_intent": pi}, update)
    log.warning("charge.refunded %s arrived before the purchase of %s; parked", event.id, pi)


def _apply_early_refunds(db: Database, docs: dict[str, dict[str, Any]]) -> None:
    pis = [d["payment"]["payment_intent"] for d in docs.values() if d["payment"]["payment_intent"]]
    for parked in db[EARLY_REFUNDS].find({"_id": {"$in": pis}}):
        db[PURCHASES].update_one({"payment.payment_intent": parked["_id"]},
                                 _refund_update(parked["amount_refunded_cents"], parked["refunded_at"]))


def _mark_processed(db: Database, events: list[StripeEvent], now: datetime) -> None:
    try:
        db[STRIPE_EVENTS].insert_many([{"_id": e.id, "type": e.type, "processed_at": now} for e in events],
                                      ordered=False)
    except BulkWriteError as exc:  # a concurrent worker recorded some first: fine
        if any(err.get("code") != 11000 for err in exc.details.get("writeErrors", [])):
            raise


HANDLERS = {StripeEventReceived: handle_stripe_event}
BATCH_HANDLER = handle_stripe_events
