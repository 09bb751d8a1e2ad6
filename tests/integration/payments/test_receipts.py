"""The receipts loop's at-most-once claim on real Mongo (handler called directly, a recording mailer):
redeliveries send nothing more, a live claim is left alone until its lease ends, a mail outage
leaves the receipt pending for the retry, and an unknown purchase is poison without holding claims
(the batch's known purchases still get their receipts)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from pymongo.errors import PyMongoError

from services.catalog.builtin import BuiltinProvider
from services.errors import ServiceUnavailable
from services.messaging.envelope import PoisonMessage
from services.messaging.registry import wrap
from services.mongo_reads import IN_CHUNK
from services.notifications import EmailMessage, EmailSender
from services.packages import SearchQuery, search_packages
from services.payments.documents import SessionView, purchase_document, quote_document
from services.payments.messages import PackagePurchased
from services.payments.receipt_handlers import (
    RECEIPT_LEASE,
    UNRECORDED_LIMIT,
    GroupRecorder,
    ReceiptClaimHeld,
    ReceiptsNotSent,
    send_receipts,
)

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


class RecordingMailer(EmailSender):
    def __init__(self, down: bool = False):
        self.sent: list[EmailMessage] = []
        self.down = down
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> str:
        if self.down:
            raise ServiceUnavailable("mail server down")
        with self._lock:
            self.sent.append(message)
            return f"msg-{len(self.sent)}"


@pytest.fixture(scope="module")
def package():
    query = SearchQuery(
        origin="GRU", destination="LIS", departure=date(2027, 5, 10), return_date=date(2027, 5, 17), adults=2
    )
    return search_packages(query, limit=1, provider=BuiltinProvider())[0]


def record_purchases(db, package, count: int, tag: str = "") -> list[dict]:
    """`count` purchases as the purchases loop writes them; buyer i is buyer<tag><i>@example.com."""
    docs = []
    for n in range(count):
        quote = quote_document(f"q_{tag}{n}", package, "u1", NOW)
        session = SessionView(
            id=f"cs_{tag}{n}",
            payment_status="paid",
            amount_total=quote["total_cents"],
            currency="brl",
            customer_email=f"buyer{tag}{n}@example.com",
        )
        docs.append(purchase_document(quote, session, f"evt_{tag}{n}", int(NOW.timestamp()), NOW))
    db.purchases.insert_many(docs)
    return docs


@pytest.fixture
def purchases(mongo_db, package):
    """Two recorded purchases and their packages-purchased events."""
    docs = record_purchases(mongo_db, package, 2)
    return SimpleNamespace(ids=[d["_id"] for d in docs], events=[purchased(d) for d in docs])


def purchased(doc):
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
    return event, wrap(event, id=f"purchased-{doc['_id']}")


def deliver(db, events, mailer, now=NOW):
    send_receipts(
        events,
        db=db,
        mailer=mailer,
        settings=SimpleNamespace(public_url="https://dreams.example", receipt_lease_s=RECEIPT_LEASE.total_seconds()),
        clock=lambda: now,
    )


def test_each_receipt_is_sent_once_however_often_its_event_is_delivered(mongo_db, purchases):
    mailer = RecordingMailer()
    deliver(mongo_db, purchases.events + purchases.events[:1], mailer)  # a repeat inside the batch
    deliver(mongo_db, purchases.events, mailer)  # and a redelivery
    assert sorted(m.to[0] for m in mailer.sent) == ["buyer0@example.com", "buyer1@example.com"]
    receipts = list(mongo_db.receipts.find())
    assert sorted(r["_id"] for r in receipts) == sorted(purchases.ids)
    for receipt in receipts:
        assert receipt["status"] == "sent" and receipt["sent_at"] is not None and receipt["message_id"]
        assert "claim" not in receipt


def test_a_live_claim_is_left_alone_and_taken_over_after_its_lease(mongo_db, purchases):
    crashed = {"_id": purchases.ids[0], "status": "sending", "claim": "dead-process", "claimed_at": NOW}
    mongo_db.receipts.insert_one(crashed)
    mailer = RecordingMailer()
    with pytest.raises(ReceiptClaimHeld):  # not acknowledged: the runner waits for the lease
        deliver(mongo_db, purchases.events, mailer, now=NOW + RECEIPT_LEASE / 2)
    assert [m.to[0] for m in mailer.sent] == ["buyer1@example.com"]  # the claimed one may have been sent
    assert mongo_db.receipts.find_one({"_id": purchases.ids[0]})["claim"] == "dead-process"

    deliver(mongo_db, purchases.events, mailer, now=NOW + RECEIPT_LEASE + timedelta(seconds=1))
    assert [m.to[0] for m in mailer.sent] == ["buyer1@example.com", "buyer0@example.com"]
    assert mongo_db.receipts.find_one({"_id": purchases.ids[0]})["status"] == "sent"


def test_a_mail_outage_leaves_the_receipts_pending_for_the_retry(mongo_db, purchases):
    with pytest.raises(ReceiptsNotSent):  # transient: the runner waits for the mail server, retries
        deliver(mongo_db, purchases.events, RecordingMailer(down=True))
    receipts = list(mongo_db.receipts.find())
    assert len(receipts) == 2
    assert all(r["status"] == "pending" and "claim" not in r and r["last_error"] for r in receipts)
    mailer = RecordingMailer()
    deliver(mongo_db, purchases.events, mailer)
    assert len(mailer.sent) == 2


def test_an_unknown_purchase_is_poison_and_holds_no_claim(mongo_db, purchases):
    mongo_db.purchases.delete_one({"_id": purchases.ids[1]})
    mailer = RecordingMailer()
    with pytest.raises(PoisonMessage):
        deliver(mongo_db, purchases.events, mailer)
    # The batch's known purchase got its receipt; the unknown one left no document behind.
    assert [m.to[0] for m in mailer.sent] == ["buyer0@example.com"]
    assert [r["_id"] for r in mongo_db.receipts.find()] == purchases.ids[:1]
    # The runner replays the batch one message at a time: the known one sends nothing more, the
    # unknown one is poison again (and is dead-lettered alone).
    deliver(mongo_db, purchases.events[:1], mailer)
    with pytest.raises(PoisonMessage):
        deliver(mongo_db, purchases.events[1:], mailer)
    assert len(mailer.sent) == 1 and mongo_db.receipts.count_documents({}) == 1


def test_a_receipt_whose_resend_failed_is_still_sent_by_the_loop(mongo_db, purchases):
    # "Resend receipt" throttled it (last_resent_at) but the mail server failed: no status yet.
    mongo_db.receipts.insert_one({"_id": purchases.ids[0], "last_resent_at": NOW})
    mailer = RecordingMailer()
    deliver(mongo_db, purchases.events, mailer)
    assert sorted(m.to[0] for m in mailer.sent) == ["buyer0@example.com", "buyer1@example.com"]
    assert mongo_db.receipts.find_one({"_id": purchases.ids[0]})["status"] == "sent"


def test_records_of_concurrent_senders_are_written_together_each_before_its_sender_goes_on(mongo_db):
    """GroupRecorder: 8 threads record 40 outcomes at the same time; each `record` returns only once
    its own outcome is in Mongo (claim released), and they take fewer writes than outcomes."""
    ids = [f"pur_{n}" for n in range(40)]
    mongo_db.receipts.insert_many([{"_id": pid, "status": "sending", "claim": "tok"} for pid in ids])
    collection = mongo_db.receipts
    writes, start = [], threading.Barrier(8)
    original = collection.bulk_write

    class Counting:  # the real collection, counting its bulk writes
        def bulk_write(self, ops, **kw):
            writes.append(len(ops))
            return original(ops, **kw)

    recorder = GroupRecorder(Counting(), "tok")

    def record(pid: str) -> bool:
        if pid in ids[:8]:
            start.wait()  # the first 8 at the same moment
        recorder.record(pid, {"status": "sent", "message_id": pid})
        return mongo_db.receipts.find_one({"_id": pid})["status"] == "sent"  # written before return

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(record, ids))
    assert sum(writes) == 40 and len(writes) < 40
    assert mongo_db.receipts.count_documents({"claim": {"$exists": True}}) == 0


def test_a_failed_group_write_fails_every_waiting_sender(mongo_db):
    class Down:
        def bulk_write(self, ops, **kw):
            raise PyMongoError("mongo down")

    with pytest.raises(PyMongoError):
        GroupRecorder(Down(), "tok").record("pur_x", {"status": "sent"})


def test_senders_do_not_wait_for_their_records_yet_never_exceed_the_unrecorded_limit(mongo_db, package):
    """Records slowed to 50 ms a write: the senders go on sending (the window fills), but sends begun
    minus outcomes written never exceeds UNRECORDED_LIMIT, all a crash could send twice."""
    docs = record_purchases(mongo_db, package, 4 * UNRECORDED_LIMIT, tag="w")
    lock, counts, widest = threading.Lock(), {"begun": 0, "written": 0}, []

    class SlowReceipts:  # the real collection; its group writes take 50 ms more
        def __init__(self, real):
            self._real = real

        def __getattr__(self, name):
            return getattr(self._real, name)

        def bulk_write(self, ops, **kw):
            time.sleep(0.05)
            result = self._real.bulk_write(ops, **kw)
            with lock:
                counts["written"] += len(ops)
            return result

    class SlowRecordsDb:
        def __getitem__(self, name):
            return SlowReceipts(mongo_db[name]) if name == "receipts" else mongo_db[name]

    class CountingMailer(RecordingMailer):
        def send(self, message: EmailMessage) -> str:
            with lock:
                counts["begun"] += 1
                widest.append(counts["begun"] - counts["written"])
            return super().send(message)

    mailer = CountingMailer()
    deliver(SlowRecordsDb(), [purchased(d) for d in docs], mailer)
    assert len(mailer.sent) == len(docs) and mongo_db.receipts.count_documents({"status": "sent"}) == len(docs)
    assert max(widest) <= UNRECORDED_LIMIT, max(widest)
    assert max(widest) > UNRECORDED_LIMIT // 2  # they did not wait for each record


def test_a_read_failing_mid_batch_lets_the_sends_under_way_settle_before_handing_back(mongo_db, package):
    """Sending starts with the first chunk of purchases read. When a later read fails (Mongo went
    away), the sends under way finish and are recorded before the batch hands its other claims back:
    nothing sent is left unrecorded, and the retry sends only the rest."""
    docs = record_purchases(mongo_db, package, IN_CHUNK + 10, tag="r")
    reads = []

    class SecondReadFails:  # the real purchases collection; its second chunked read fails
        def find(self, *args, **kw):
            reads.append(1)
            if len(reads) == 2:
                raise PyMongoError("mongo went away")
            return mongo_db.purchases.find(*args, **kw)

    class Db:
        def __getitem__(self, name):
            return SecondReadFails() if name == "purchases" else mongo_db[name]

    class SlowMailer(RecordingMailer):  # sends still under way when the read fails
        def send(self, message: EmailMessage) -> str:
            time.sleep(0.02)
            return super().send(message)

    mailer = SlowMailer()
    with pytest.raises(PyMongoError):
        deliver(Db(), [purchased(d) for d in docs], mailer)
    sent = len(mailer.sent)
    assert sent == IN_CHUNK == mongo_db.receipts.count_documents({"status": "sent"})
    assert mongo_db.receipts.count_documents({"status": "pending"}) == 10
    assert mongo_db.receipts.count_documents({"claim": {"$exists": True}}) == 0
    time.sleep(0.1)
    assert len(mailer.sent) == sent  # nothing was still sending after the batch gave up

    deliver(mongo_db, [purchased(d) for d in docs], mailer)
    assert len(mailer.sent) == len(docs) and len({m.to[0] for m in mailer.sent}) == len(docs)
