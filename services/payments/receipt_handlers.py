"""Receipts: `packages-purchased` → the receipt e-mail, at most one per purchase.

The second consumer loop of the payments worker process (its own group, WORKER_GROUPS["receipts"]),
so the mail server's pace never holds up recording purchases. Its state lives in its own small
collection, `receipts` (_id = purchase id), never in the purchase document: the purchases loop is
the only writer of `purchases`, and a claim is a write of a few bytes, not of a whole package.
Per batch (a single message is a batch of one):
1. Claim: a `receipts` document per purchase is inserted with a token of this batch (one bulk
   insert). Where one already exists, it is claimed only if it is "pending" (a failed earlier
   try) or a "sending" claim older than RECEIPT_LEASE: a redelivered event, a second event for the
   same purchase, or another worker finds the receipt sent or claimed and sends nothing. A retry of
   the same batch in the same process (after an outage) retakes its own claims by their token, and
   records the e-mails it had sent but could not record, instead of sending them again.
2. The claimed purchases are read (the e-mail shows them) in chunks, and each is sent as soon as it
   is read, concurrently (MAIL_CONCURRENCY): the senders do not wait for the whole batch's reads.
   An id that names no purchase is a PoisonMessage, raised once the batch's known receipts are
   sent and recorded; its claim is deleted (no document is left for it), and the batch's replay one
   message at a time dead-letters that message alone.
3. Right after its send, each receipt's outcome is recorded (`sent_at` and the message id, or the
   error) and its claim released. The outcomes of the threads are written together (group commit,
   GroupRecorder): one bulk write for those ready, not one round trip per receipt. A sender does not
   wait for its record before its next send, but no more than UNRECORDED_LIMIT e-mails are ever
   sent and not yet recorded: a send waits for a slot, and a slot is freed when its record is written.
If anything fails before step 3, the batch hands its claims back (pending) and is retried; a mail
server that does not answer leaves those receipts pending, and the runner waits for it (paused,
never dead-lettered) and retries the batch. Only a crash of the process between claiming and
recording leaves a "sending" claim: a delivery that meets it waits (transient ReceiptClaimHeld) and
retakes it once the lease has ended, so it is never acknowledged unsent. E-mail has no idempotency
key, so a receipt whose send had returned but whose record had not when the process died goes out
twice: at-least-once, with a window of milliseconds and at most UNRECORDED_LIMIT receipts (step 3).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from pymongo import UpdateOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError, PyMongoError

from services.clock import Clock
from services.config import Settings
from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope, PoisonMessage
from services.mongo_reads import find_in
from services.notifications import EmailSender, MailRejected
from services.payments.messages import PackagePurchased
from services.payments.models import Purchase
from services.payments.sold_out_email import email_for
from services.payments.store import PURCHASES, RECEIPTS

log = logging.getLogger(__name__)

RECEIPT_LEASE = timedelta(seconds=Settings.model_fields["receipt_lease_s"].default)
MAIL_CONCURRENCY = 12
# E-mails sent whose outcome is not written yet, at most: all a crash can send twice (tests/faults).
UNRECORDED_LIMIT = 2 * MAIL_CONCURRENCY
_mail_pool: ThreadPoolExecutor | None = None


class ReceiptsNotSent(ServiceUnavailable):
    """The mail server did not take some receipts (left pending): the runner waits for the mail
    server and retries the batch (those already sent are not sent again)."""

    dependency = "mail"


class ReceiptClaimHeld(ServiceUnavailable):
    """Another process claimed some of these receipts and has not recorded them yet (it may have
    died mid-send): the runner waits and retries, and they are retaken once the lease has ended."""

    dependency = "receipt lease"


def send_receipts(
    batch: list[tuple[PackagePurchased, Envelope]],
    *,
    db: Database,
    mailer: EmailSender,
    settings: Settings,
    clock: Clock,
) -> None:
    ids = list(dict.fromkeys(message.purchase_id for message, _ in batch))
    # The same batch in the same process gets the same token: its retry after an outage retakes its
    # own claims (another process's claims stay theirs until the lease ends).
    now = clock()
    token = hashlib.sha256(f"{os.getpid()}|{'|'.join(sorted(ids))}".encode()).hexdigest()[:32]
    lease = timedelta(seconds=settings.receipt_lease_s)
    claimed = _claim(db, ids, token, now, lease)
    try:
        if ours := [pid for pid in ids if pid in claimed]:
            # Streamed: the first purchases read are being sent while the next are read.
            found: set[str] = set()
            docs = (found.add(d["_id"]) or d for d in find_in(db[PURCHASES], ours))
            _send_and_record(db, mailer, settings, docs, token, clock)
            if missing := [pid for pid in ours if pid not in found]:
                # Known purchases of the batch were sent; an unknown one keeps no claim, no document.
                db[RECEIPTS].delete_many({"_id": {"$in": missing}, "claim": token})
                raise PoisonMessage(f"packages-purchased names no known purchase: {missing[:5]}")
    except BaseException:
        # Nothing unrecorded was sent for what this batch still holds: hand the claims back. With
        # Mongo down that fails too; the retry retakes the claims by their token.
        with contextlib.suppress(PyMongoError):
            db[RECEIPTS].update_many(
                {"_id": {"$in": list(claimed)}, "claim": token},
                {"$set": {"status": "pending"}, "$unset": {"claim": ""}},
            )
        raise
    others = [pid for pid in ids if pid not in claimed]
    # Asked only when some were not ours (the common batch claims them all: one query saved).
    held = db[RECEIPTS].count_documents({"_id": {"$in": others}, "status": "sending"}) if others else 0
    if held:  # never acknowledge a receipt nobody recorded: a dead claimant's are retaken later
        raise ReceiptClaimHeld(f"{held} receipt(s) claimed by another process; retried after the lease")


def _claim(db: Database, ids: list[str], token: str, now: datetime, lease: timedelta) -> set[str]:
    """Atomically mark the receipts of `ids` as being sent by this batch; returns those it got."""
    claim = {"status": "sending", "claim": token, "claimed_at": now}
    try:  # the common case: no receipt document yet
        db[RECEIPTS].insert_many([{"_id": pid, **claim} for pid in ids], ordered=False)
        return set(ids)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if any(err.get("code") != 11000 for err in errors):
            raise
        taken = {ids[err["index"]] for err in errors}
    # Sent, claimed elsewhere, or handed back: retaken only if pending (no status: only a "resend"
    # throttle so far) or if its lease has ended.
    db[RECEIPTS].update_many(
        {
            "_id": {"$in": list(taken)},
            "$or": [
                {"status": "pending"},
                {"status": {"$exists": False}},
                {"claim": token},
                {"status": "sending", "claimed_at": {"$lt": now - lease}},
            ],
        },
        {"$set": claim},
    )
    retaken = {d["_id"] for d in find_in(db[RECEIPTS], list(taken), {"_id": 1}, extra={"claim": token})}
    return (set(ids) - taken) | retaken


def send_receipt(
    message: PackagePurchased,
    envelope: Envelope,
    *,
    db: Database,
    mailer: EmailSender,
    settings: Settings,
    clock: Clock,
) -> None:
    """One message: a batch of one (the runner's per-message path and its replay of a failed batch)."""
    send_receipts([(message, envelope)], db=db, mailer=mailer, settings=settings, clock=clock)


# Outcomes of e-mails sent whose recording failed (Mongo went away): recorded by the retry instead
# of sending them again. Per process, like the claims' lease it outlives at most.
_unrecorded: dict[str, tuple[str, str]] = {}


def _send_and_record(
    db: Database, mailer: EmailSender, settings: Settings, docs: Iterable[dict[str, Any]], token: str, clock: Clock
) -> None:
    """Send each claimed receipt and record its outcome right after its send, without waiting for
    that record before the next send: at most UNRECORDED_LIMIT e-mails are ever sent but not yet
    recorded (a send waits for a slot), so a crash can duplicate no more than those. The records of
    the threads are written together (GroupRecorder): on the local Mongo server every write costs
    about the same whatever it holds. Waiting for its own record before the next send took a third
    of each sender's time (py-spy, issue 15)."""
    recorder = GroupRecorder(db[RECEIPTS], token)
    slots = threading.BoundedSemaphore(UNRECORDED_LIMIT)

    def send(doc: dict[str, Any]) -> tuple[str, tuple[str, str], Future]:
        slots.acquire()
        try:
            outcome = _unrecorded.get(doc["_id"]) or _send_one(mailer, settings, doc)
        except BaseException:
            slots.release()
            raise
        status, detail = outcome
        fields: dict[str, Any] = {"status": status}
        fields.update({"sent_at": clock(), "message_id": detail} if status == "sent" else {"last_error": detail})
        recorded = recorder.submit(doc["_id"], fields)
        recorded.add_done_callback(lambda _: slots.release())
        return doc["_id"], outcome, recorded

    sends, error = [], None
    try:  # sending starts with the first document read, while the next ones are still being read
        for doc in docs:
            sends.append(_pool().submit(send, doc))
    except BaseException as read_error:  # noqa: BLE001 - raised once the sends under way are settled
        error = read_error
    failed = 0
    for sending in sends:  # every record settles before the batch ends (or hands its claims back)
        try:
            pid, outcome, recorded = sending.result()
            exc = recorded.exception()
        except BaseException as send_error:  # noqa: BLE001 - raised once all records are settled
            error = error or send_error
            continue
        if exc is not None:
            if outcome[0] == "sent":  # the retry records it instead of sending it again
                _unrecorded[pid] = outcome
            error = error or exc
            continue
        _unrecorded.pop(pid, None)
        failed += outcome[0] == "pending"
    if error is not None:
        raise error
    if failed:
        raise ReceiptsNotSent(f"{failed} receipt e-mail(s) could not be sent; will retry")


class GroupRecorder:
    """Group commit of receipt outcomes: `submit` queues an outcome and returns a future done once it
    is written (`record` waits for it). The thread that finds no write under way writes every
    outcome queued so far in one unordered bulk write (and again while more arrive). Each write
    releases the batch's claim (`claim` = token), as one update per receipt did."""

    def __init__(self, receipts: Collection, token: str):
        self._receipts, self._token = receipts, token
        self._lock = threading.Lock()
        self._queued: list[tuple[str, dict[str, Any], Future]] = []
        self._writing = False

    def record(self, purchase_id: str, fields: dict[str, Any]) -> None:
        self.submit(purchase_id, fields).result()

    def submit(self, purchase_id: str, fields: dict[str, Any]) -> Future:
        done: Future = Future()
        with self._lock:
            self._queued.append((purchase_id, fields, done))
            lead = not self._writing
            self._writing = True
        if lead:
            self._write_queued()
        return done

    def _write_queued(self) -> None:
        while True:
            with self._lock:
                batch, self._queued = self._queued, []
                if not batch:
                    self._writing = False
                    return
            try:
                self._receipts.bulk_write(
                    [
                        UpdateOne({"_id": pid, "claim": self._token}, {"$set": fields, "$unset": {"claim": ""}})
                        for pid, fields, _ in batch
                    ],
                    ordered=False,
                )
            except BaseException as exc:  # noqa: BLE001 - each waiting sender gets it (and keeps its outcome)
                for _, _, done in batch:
                    done.set_exception(exc)
            else:
                for _, _, done in batch:
                    done.set_result(None)


def _send_one(mailer: EmailSender, settings: Settings, doc: dict[str, Any]) -> tuple[str, str]:
    try:
        return "sent", mailer.send(email_for(Purchase.from_doc(doc), settings.public_url))
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
