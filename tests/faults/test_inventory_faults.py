"""The payments worker SIGKILLed mid-backlog of paid and expired sessions that carry holds: after
the restart every paid hold is sold exactly once, every expired one released once, and the
inventory invariant holds for every flight-date and hotel-night."""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.inventory import Inventory, items_for
from services.inventory import store as inventory_store
from services.inventory.invariants import violations
from tests.faults.conftest import deliver_all, paid_events, report, wait_for

pytestmark = pytest.mark.timeout(600)
PAID, EXPIRED = 150, 50


def _expired_event(hold_id: str) -> dict:
    session = {
        "id": f"cs_exp_{uuid.uuid4().hex[:10]}",
        "object": "checkout.session",
        "status": "expired",
        "payment_status": "unpaid",
        "metadata": {"hold_id": hold_id},
    }
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": "checkout.session.expired",
        "created": int(time.time()),
        "data": {"object": session},
        "livemode": False,
    }


def test_payments_worker_killed_mid_backlog_keeps_the_inventory_exact(faults, db, webhook, package):
    faults.ensure_workers("payments")
    inventory_store.ensure_indexes(db)
    inventory, items, tag = Inventory(db), items_for(package), uuid.uuid4().hex[:4]
    for item in items:  # room for every hold of this run, whatever earlier runs left
        inventory_store.set_free(db, item.unit, (PAID + EXPIRED) * item.n)
    until = datetime.now(UTC) + timedelta(minutes=31)
    paid = paid_events(db, package, PAID, f"inv{tag}")
    for event in paid:
        hold_id = f"hold_{event['data']['object']['id']}"
        inventory.place(hold_id, items, until)
        event["data"]["object"]["metadata"]["hold_id"] = hold_id
    expired = [_expired_event(f"hold_exp_{tag}_{i}") for i in range(EXPIRED)]
    for event in expired:
        inventory.place(event["data"]["object"]["metadata"]["hold_id"], items, until)
    before = {i.unit: inventory_store.counts(db, i.unit) for i in items}  # (free, held, sold)
    assert violations(db) == []

    events = paid + expired
    random.Random(7).shuffle(events)  # expiries mixed into the payments backlog
    delivering = deliver_all(webhook, events)
    sessions = [e["data"]["object"]["id"] for e in paid]
    wait_for(
        lambda: 0 < db.purchases.count_documents({"payment.session_id": {"$in": sessions}}) < PAID,
        60,
        "payments mid-backlog",
    )
    faults.kill_worker(faults.live("payments"))
    killed_at = db.purchases.count_documents({"payment.session_id": {"$in": sessions}})
    faults.start_worker("payments")
    delivering.join(120)
    holds = [e["data"]["object"]["metadata"]["hold_id"] for e in paid + expired]

    def settled() -> bool:
        states = {h["state"] for h in db[inventory_store.HOLDS].find({"_id": {"$in": holds}}, {"state": 1})}
        return db.purchases.count_documents({"payment.session_id": {"$in": sessions}}) == PAID and states == {
            "sold",
            "released",
        }

    wait_for(settled, 120, "every hold sold or released", faults.live("payments"))
    assert db[inventory_store.HOLDS].count_documents({"_id": {"$in": holds}, "state": "sold"}) == PAID
    for item in items:
        (free, held, sold), (old_free, old_held, old_sold) = inventory_store.counts(db, item.unit), before[item.unit]
        assert sold - old_sold == PAID * item.n
        assert old_held - held == (PAID + EXPIRED) * item.n
        assert free - old_free == EXPIRED * item.n
    assert violations(db) == []
    faults.assert_no_dead_letters()
    report(
        "payments worker SIGKILLed mid-backlog with holds",
        paid=PAID,
        expired=EXPIRED,
        recorded_before_kill=killed_at,
        sold=PAID,
        released=EXPIRED,
        invariant_violations=0,
    )
