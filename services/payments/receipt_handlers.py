"""Receipts: `packages-purchased` → the receipt e-mail, at most one per purchase.

The second consumer loop of the payments worker process (its own group, WORKER_GROUPS["receipts"]),
so the mail server's pace never holds up recording purchases. Per batch (a single message is a
batch of one):
1. Claim: the purchases of the batch whose receipt is "pending" are claimed atomically with a token
   of this batch (one update for the batch; then, only if some were not pending, those whose
   "sending" claim is older than RECEIPT_LEASE): a redelivered event, a second event for the same
   purchase, or another worker finds the receipt sent or claimed and sends nothing.
2. The claimed receipts are sent concurrently (MAIL_CONCURRENCY).
3. One write per purchase records how it went (`receipt.sent_at` and the message id, or the error)
   and releases the claim; it also stamps `published_at` (the event's time: it was published).
If anything fails before step 3, the batch hands its claims back (pending) and is retried; a mail
server that does not answer leaves those receipts pending and the batch is retried (then
dead-lettered, and the buyer's "resend receipt" action covers it). A purchase id that names no
purchase here is a PoisonMessage. Only a crash of the process between claiming and recording leaves
a "sending" claim: it is retaken by a delivery after the lease; until then "resend receipt" covers
it. (Chosen over at-least-once: a duplicate receipt is worse than a late one.)
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import UpdateOne
from pymongo.database import Database

from services.config import Settings
from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope, PoisonMessage
from services.notifications import EmailSender, MailRejected
from services.payments.messages import PackagePurchased
from services.payments.models import Purchase
from services.payments.receipts import receipt_email
from services.payments.store import PURCHASES

log = logging.getLogger(__name__)

RECEIPT_LEASE = timedelta(minutes=2)
MAIL_CONCURRENCY = 8
_mail_pool: ThreadPoolExecutor | None = None


class ReceiptsNotSent(RuntimeError):
    """The mail server did not take some receipts (left pending). Not a ServiceUnavailable on purpose:
    the runner answers a DreamsError instead of retrying it."""


def send_receipts(batch: list[tuple[PackagePurchased, Envelope]], *, db: Database, mailer: EmailSender,
                  settings: Settings, clock: Callable[[], datetime]) -> None:
    published: dict[str, datetime] = {}
    for message, envelope in batch:
        published.setdefault(message.purchase_id, envelope.occurred_at)
    ids, now, token = list(published), clock(), uuid.uuid4().hex
    claimed = _claim(db, ids, {"receipt.status": "pending"}, token, now)
    try:
        if claimed < len(ids):  # sent, claimed elsewhere (maybe stale), or not a purchase of ours
            receipts = {d["_id"]: d.get("receipt") or {} for d in db[PURCHASES].find({"_id": {"$in": ids}},
                                                                                        {"receipt": 1})}
            if missing := [pid for pid in ids if pid not in receipts]:
                raise PoisonMessage(f"packages-purchased names no known purchase: {missing[:5]}")
            # Claimed by another delivery: taken over only after the lease (that process died).
            if held := [pid for pid, r in receipts.items() if r.get("status") == "sending"]:
                claimed += _claim(db, held, {"receipt.status": "sending",
                                             "receipt.claimed_at": {"$lt": now - RECEIPT_LEASE}}, token, now)
        if not claimed:
            return
        docs = list(db[PURCHASES].find({"_id": {"$in": ids}, "receipt.claim": token}))
        _send_and_record(db, mailer, settings, docs, published, token)
    except BaseException:
        # Nothing was sent for what this batch still holds: hand the claims back for the retry.
        db[PURCHASES].update_many({"_id": {"$in": ids}, "receipt.claim": token},
                                  {"$set": {"receipt.status": "pending"}, "$unset": {"receipt.claim": ""}})
        raise


def _claim(db: Database, ids: list[str], condition: dict[str, Any], token: str, now: datetime) -> int:
    """Atomically mark the receipts of `ids` that meet `condition` as being sent by this batch."""
    # Two simple filters rather than one `$or`: the common case (pending) stays one cheap update.
    return db[PURCHASES].update_many({"_id": {"$in": ids}, **condition}, {"$set": {
        "receipt.status": "sending", "receipt.claim": token, "receipt.claimed_at": now}}).modified_count


def send_receipt(message: PackagePurchased, envelope: Envelope, *, db: Database, mailer: EmailSender,
                 settings: Settings, clock: Callable[[], datetime]) -> None:
    """One message: a batch of one (the runner's per-message path and its replay of a failed batch)."""
    send_receipts([(message, envelope)], db=db, mailer=mailer, settings=settings, clock=clock)


def _send_and_record(db: Database, mailer: EmailSender, settings: Settings, docs: list[dict[str, Any]],
                     published: dict[str, datetime], token: str) -> None:
    outcomes = list(_pool().map(lambda doc: _send_one(mailer, settings, doc), docs))
    stamp, updates, failed = datetime.now(UTC), [], 0
    for doc, (status, detail) in zip(docs, outcomes):
        fields: dict[str, Any] = {"receipt.status": status, "published_at": published[doc["_id"]]}
        if status == "sent":
            fields.update({"receipt.sent_at": stamp, "receipt.message_id": detail})
        else:
            fields["receipt.last_error"] = detail
            failed += status == "pending"
        updates.append(UpdateOne({"_id": doc["_id"], "receipt.claim": token},
                                 {"$set": fields, "$unset": {"receipt.claim": ""}}))
    if updates:
        db[PURCHASES].bulk_write(updates, ordered=False)
    if failed:
        raise ReceiptsNotSent(f"{failed} receipt e-mail(s) could not be sent; will retry")


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


HANDLERS = {PackagePurchased: send_receipt}
BATCH_HANDLER = send_receipts
