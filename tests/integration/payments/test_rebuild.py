"""The read model rebuilt from Kafka on the real broker and database: 100 users (projector process)
and 50 purchases (payments worker process; 20 of them holding stock; some cancelled by the buyer
through the web's service, some refunded by Stripe) → rebuild → `--compare` equal, the live sold
counters included; a live document deleted and one unit's sold count changed → `--compare` names
them; `--swap` brings the document back.

The test broker's topics are shared with every other test of the session, so the equality check
rebuilds from the offsets this test started at (the same place its private worker groups start);
a second rebuild through the command from offset 0 must contain every live document unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pymongo
import pytest
from confluent_kafka import Consumer, TopicPartition

from services.config import ROOT
from services.inventory.store import UNITS, counts, place_of
from services.messaging.admin import admin_client
from services.messaging.registry import wrap
from services.messaging.topics import PURCHASE_CHANGES, USERS_CREATED
from services.payments.documents import stock_items
from services.projection.rebuild import compare, rebuild
from services.users.events import UserCreated, UserProfileChanged
from tests.integration.conftest import WorkerProcess, eventually

from .conftest import commit_end_offsets, group_lag, post_event
from .test_checkout_flow import checkout
from .test_event_order import event, session_object

pytestmark = pytest.mark.anyio

USERS, PURCHASES, SANDBOX_PAID, CANCELLED, STRIPE_REFUNDED = 100, 50, 4, 3, 5


def end_offsets(settings, topics):
    consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap_servers, "group.id": "rebuild-probe"})
    try:
        out = {}
        for topic in topics:
            for p in consumer.list_topics(topic, timeout=10).topics[topic].partitions:
                out[(topic, p)] = consumer.get_watermark_offsets(TopicPartition(topic, p), 10)[1]
        return out
    finally:
        consumer.close()


@pytest.fixture
def projector(env, exclusive_workers, tmp_path):
    group = f"projector-test-{uuid.uuid4().hex[:8]}"
    commit_end_offsets(env.settings, group, USERS_CREATED.name)
    proc = WorkerProcess(
        ["-m", "kafka_workers.projector", "--group", group],
        {**os.environ, "MONGO_DB": env.settings.mongo_db},
        tmp_path / "projector.log",
    ).start()
    admin, deadline = admin_client(env.settings), time.monotonic() + 60
    while not all(
        i.members and i.state.name == "STABLE"
        for i in [f.result(10) for f in admin.describe_consumer_groups([group], request_timeout=5).values()]
    ):
        assert proc.proc.poll() is None and time.monotonic() < deadline, proc.output()
        time.sleep(0.25)
    yield group
    proc.stop()


def cli(env, *args):
    done = subprocess.run(
        [sys.executable, "-m", "services.projection.rebuild", *args],
        cwd=ROOT,
        env={**os.environ, "MONGO_DB": env.settings.mongo_db},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


async def test_rebuild_compare_and_swap(env, webhook, worker, projector, service, package_id, sandbox):
    start = end_offsets(env.settings, [USERS_CREATED.name, PURCHASE_CHANGES.name])
    now = datetime.now(UTC)
    user_ids = [f"u-{uuid.uuid4().hex[:12]}" for _ in range(USERS)]
    for i, user_id in enumerate(user_ids):  # as the users worker's outbox publishes them
        snap = dict(
            id=user_id,
            first_name=f"Ana{i}",
            last_name="Lima",
            email=f"{user_id}@example.com",
            locale="pt_BR",
            created_at=now,
            confirmed_at=now,
            updated_at=now,
            version=1,
        )
        env.publisher.send(USERS_CREATED.name, wrap(UserCreated(**snap)), key=user_id)
        if i % 10 == 0:  # a later profile change, and a stale duplicate of the first event after it
            env.publisher.send(
                USERS_CREATED.name, wrap(UserProfileChanged(**{**snap, "first_name": "Bia", "version": 2})), key=user_id
            )
            env.publisher.send(USERS_CREATED.name, wrap(UserCreated(**snap)), key=user_id)
    env.publisher.flush()

    # Purchases: a few paid on the sandbox (real payment intents, so the buyer can cancel), the rest
    # delivered to the webhook as Stripe would; every fifth of those refunded from Stripe's side.
    paid_on_sandbox = []
    for i in range(SANDBOX_PAID):
        buyer = type("Buyer", (), {"user_id": user_ids[i], "email": f"{user_ids[i]}@example.com"})
        _, _, session_id = await checkout(service, env, package_id, buyer)
        assert sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={}).status_code == 200
        paid_on_sandbox.append(session_id)
    refunded_pis = []
    db = env.db
    for i in range(PURCHASES - SANDBOX_PAID):
        buyer = type("Buyer", (), {"user_id": user_ids[i], "email": f"{user_ids[i]}@example.com"})
        quote = await service.checkout.create_quote(package_id, buyer.user_id)
        pi = f"pi_rebuild_{uuid.uuid4().hex[:10]}"
        session = session_object(quote, buyer, "paid", pi)
        if i % 3 == 0:  # with a hold, as checkout places one (the refunded ones among them)
            hold_id = f"hold_{quote.id}_1"
            items = stock_items(db.quotes.find_one({"_id": quote.id}))
            service.inventory.place(hold_id, items, datetime.now(UTC) + timedelta(minutes=30), quote_id=quote.id)
            session["metadata"]["hold_id"] = hold_id
        assert post_event(webhook, env.settings, event("checkout.session.completed", session)).status_code == 200
        if i % 9 == 0 and len(refunded_pis) < STRIPE_REFUNDED:
            amount = quote.total_cents if len(refunded_pis) % 2 else quote.total_cents // 2
            refunded_pis.append(pi)
            charge = {
                "id": f"ch_{uuid.uuid4().hex[:10]}",
                "object": "charge",
                "payment_intent": pi,
                "amount_refunded": amount,
            }
            assert post_event(webhook, env.settings, event("charge.refunded", charge)).status_code == 200
    eventually(lambda: _equal(db.purchases.count_documents({}), PURCHASES), timeout=60)
    worker.caught_up(60)
    for session_id in paid_on_sandbox[:CANCELLED]:  # the buyer cancels (the web's own service)
        doc = db.purchases.find_one({"payment.session_id": session_id})
        await service.actions.request_refund(doc["_id"], doc["user_id"])
    eventually(
        lambda: _equal(db.purchases.count_documents({"status": "refunded"}), CANCELLED + STRIPE_REFUNDED), timeout=60
    )
    eventually(lambda: _equal(group_lag(env.settings, projector, USERS_CREATED.name), 0), timeout=60)
    assert db.users.count_documents({}) == USERS and db.users.count_documents({"first_name": "Bia"}) == 10
    assert db.purchases.count_documents({"refund.stripe_refund_id": {"$exists": True}}) == CANCELLED

    client = pymongo.MongoClient(env.settings.mongo_url, tz_aware=True)
    target = f"{env.settings.mongo_db}_rebuild"
    try:
        report = rebuild(env.settings, client, target, start=start)
        assert report["applied"] >= USERS + PURCHASES and report["events_per_s"] > 0
        code, result = cli(env, "--compare")
        assert (code, result["equal"]) == (0, True), result
        assert result["collections"]["users"]["rebuilt_count"] == USERS
        assert result["collections"]["purchases"]["rebuilt_count"] == PURCHASES
        # Inventory: what the paid bookings hold is what the live counters say is sold.
        holding = list(db.purchases.find({"status": "paid", "inventory.hold_id": {"$exists": True}}))
        assert len(holding) == SANDBOX_PAID - CANCELLED + len(range(0, PURCHASES - SANDBOX_PAID, 3)) - STRIPE_REFUNDED
        sold = Counter()
        for doc in holding:
            for item in doc["inventory"]["items"]:
                sold[item["unit"]] += item["n"]
        inventory = result["inventory"]
        assert inventory["equal"] and inventory["different"] == [], inventory
        assert inventory["expected_units_sold"] == len(sold) > 0 and "not a read model" in inventory["holds"]
        assert {u: counts(db, u)[2] for u in sold} == dict(sold)

        tampered = sorted(sold)[-1]  # a hotel night: counters inside the hotel's document
        doc_id, prefix = place_of(tampered)
        db[UNITS].update_one({"_id": doc_id}, {"$inc": {f"{prefix}sold": 1, f"{prefix}free": -1}})

        gone = db.purchases.find_one({"status": "refunded"})["_id"]
        db.purchases.delete_one({"_id": gone})
        db.users.update_one({"_id": user_ids[7]}, {"$set": {"first_name": "Tampered"}})
        code, result = cli(env, "--compare")
        assert code == 1 and not result["equal"]
        assert result["collections"]["purchases"]["missing_in_live"] == [gone]
        assert result["collections"]["users"]["different"] == [user_ids[7]]
        assert result["inventory"]["different"] == [
            {"unit": tampered, "live_sold": sold[tampered] + 1, "expected_sold": sold[tampered]}
        ]
        db[UNITS].update_one({"_id": doc_id}, {"$inc": {f"{prefix}sold": -1, f"{prefix}free": 1}})

        code, swapped = cli(env, "--swap")
        assert code == 0 and swapped["swapped"] == ["users", "purchases"]
        assert db.purchases.find_one({"_id": gone})["status"] == "refunded"
        assert db.users.find_one({"_id": user_ids[7]})["first_name"] == "Ana7"
        assert "purchases_session_unique" in db.purchases.index_information()  # indexes moved with it

        # The command's own rebuild, from offset 0: every live document is in it, unchanged (it also
        # holds other tests' events from this shared broker).
        full = f"{env.settings.mongo_db}_full"
        code, built = cli(env, "--db", full)
        assert code == 0 and built["events"] >= report["events"]
        whole = compare(client, env.settings.mongo_db, full)
        for name in ("users", "purchases"):
            assert whole["collections"][name]["missing_in_rebuilt"] == []
            assert whole["collections"][name]["different"] == []
    finally:
        for name in (target, f"{env.settings.mongo_db}_full"):
            client.drop_database(name)
        client.close()


def _equal(actual, expected):
    assert actual == expected, actual
    return actual
