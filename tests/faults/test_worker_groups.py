"""Worker groups on the fault stack: three processes of one kind share the partitions; one is
SIGKILLed mid-run and another joins; the group rebalances and the invariant holds (every paid
session recorded once, every receipt sent once, every sign-up answered and projected once).

The SIGKILL leaves the dead member's partitions with it until its session expires (10 s) and its
claimed receipts until their lease does (RECEIPT_LEASE_S, 15 s here); the live members keep
handling theirs meanwhile, and on_revoke / on_lost (services/messaging/rebalance.py) decide what
the rebalances' in-flight batches become.
"""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from services.bootstrap import WORKER_GROUPS
from services.messaging.heartbeat import HEARTBEATS
from services.messaging.topics import DREAMS_USERS, PAYMENTS
from services.payments.receipt_handlers import UNRECORDED_LIMIT
from tests.faults.conftest import deliver_all, paid_events, receipt_mails, report, wait_for
from tests.faults.test_faults import (
    assert_payments_exactly_once,
    assert_users_projected_once,
    confirm_all,
    sign_up,
)

# 72 s and 27 s on a lightly loaded box (load ≈ 4); the limits leave room for a loaded one (at load 24 the three
# workers handled ≈6 purchases/s between them).
pytestmark = pytest.mark.timeout(600)
# 200 sign-ups from the helper's ≈250 client addresses: lift the per-client sign-up throttle.
SIGNUP_ENV = {"THROTTLE_SIGNUP_CLIENT": '{"free": 100000, "window_s": 3600}'}


def assert_shared(faults, kind: str, topic: str, pids: set[int]) -> None:
    """The kind's main group has exactly these members, each assigned partitions of `topic`."""

    def shared() -> bool:
        # cooperative-sticky assigns in rounds: members join first, partitions move to them after
        group = (faults.members(kind) or {}).get(WORKER_GROUPS[kind], {})
        return set(group) == pids and all(any(p.startswith(f"{topic}[") for p in group[pid]) for pid in pids)

    wait_for(shared, 60, f"{kind} group of {sorted(pids)}, each with partitions of {topic}")


def assert_heartbeats(db, kind: str, pids: set[int]) -> None:
    """/ops sees one row per live process, each with its own partitions."""
    wait_for(
        lambda: (
            {
                doc["pid"]
                for doc in db[HEARTBEATS].find(
                    {"worker": f"{kind}-worker", "pid": {"$in": list(pids)}, "stopped_at": None}
                )
                if doc["partitions"]
            }
            == pids
        ),
        30,
        f"heartbeats of {sorted(pids)}",
    )


def test_three_payments_workers_1000_webhooks_one_sigkilled_another_joins(faults, db, mailbox, webhook, package):
    faults.stop_workers("payments")
    workers = faults.start_workers("payments", 3)
    pids = {w.proc.pid for w in workers}
    assert_shared(faults, "payments", PAYMENTS.name, pids)
    assert_heartbeats(db, "payments", pids)

    events = paid_events(db, package, 1000, f"group{uuid.uuid4().hex[:4]}")
    sessions = [e["data"]["object"]["id"] for e in events]
    began = time.monotonic()
    delivering = deliver_all(webhook, events, workers=16)
    recorded = lambda: db.purchases.count_documents({"payment.session_id": {"$in": sessions}})  # noqa: E731
    wait_for(lambda: 100 <= recorded() < 900, 180, "payments mid-run")
    victim = workers[1]
    faults.kill_worker(victim)
    at_kill = recorded()
    [newcomer] = faults.start_workers("payments", 1)
    delivering.join(300)
    assert not delivering.is_alive()
    delivered_s = time.monotonic() - began
    settled = assert_payments_exactly_once(faults, db, mailbox, events, timeout=400, in_flight=UNRECORDED_LIMIT)

    duplicated = list(
        db.purchases.aggregate(
            [
                {"$match": {"payment.session_id": {"$in": sessions}}},
                {"$group": {"_id": "$payment.session_id", "n": {"$sum": 1}}},
                {"$match": {"n": {"$gt": 1}}},
            ]
        )
    )
    assert duplicated == []
    now = (pids - {victim.proc.pid}) | {newcomer.proc.pid}
    assert_shared(faults, "payments", PAYMENTS.name, now)  # the dead member is gone, the new one has its share
    doubled = sum(c - 1 for c in receipt_mails(mailbox, events).values())
    report(
        "3 payments workers, 1 SIGKILLed mid-run, 1 joined",
        sent=len(events),
        recorded_at_kill=at_kill,
        recorded=len(events),
        duplicated_purchases=0,
        receipts_sent=len(events),
        duplicated_receipt_mails=doubled,
        dead_lettered=0,
        webhooks_delivered_s=round(delivered_s, 1),
        settled_after_webhooks_s=round(settled, 1),
        total_s=round(time.monotonic() - began, 1),
    )


def test_three_users_workers_200_sign_ups_one_sigkilled_another_joins(faults, db, mailbox, requests_client):
    faults.ensure_workers("projector")
    faults.stop_workers("users")
    workers = faults.start_workers("users", 3, SIGNUP_ENV)
    pids = {w.proc.pid for w in workers}
    assert_shared(faults, "users", DREAMS_USERS.name, pids)
    assert_heartbeats(db, "users", pids)

    tag = uuid.uuid4().hex[:4]
    emails = [f"group-{tag}-{i}@example.com" for i in range(200)]
    began = time.monotonic()
    with ThreadPoolExecutor(20) as pool:
        signing_up = [pool.submit(sign_up, requests_client, email) for email in emails]
        wait_for(lambda: sum(f.done() for f in signing_up) >= 40, 180, "first sign-ups answered")
        victim = workers[0]
        faults.kill_worker(victim)
        [newcomer] = faults.start_workers("users", 1, SIGNUP_ENV)
        attempts = [f.result(timeout=400) for f in signing_up]
    # A request caught on the dead member's partitions times out once (10 s, the session) and its
    # retry is answered by the partition's new owner: never lost twice.
    assert max(attempts) <= 2, sorted(attempts)[-5:]
    with ThreadPoolExecutor(10) as pool:
        list(pool.map(lambda chunk: confirm_all(requests_client, mailbox, chunk), [emails[i::10] for i in range(10)]))
    assert_users_projected_once(faults, db, mailbox, emails)
    assert db.users.count_documents({"email": {"$in": emails}}) == len(emails)
    now = (pids - {victim.proc.pid}) | {newcomer.proc.pid}
    assert_shared(faults, "users", DREAMS_USERS.name, now)
    report(
        "3 users workers, 200 sign-ups, 1 SIGKILLed, 1 joined",
        signups=len(emails),
        retried_once=sum(a == 2 for a in attempts),
        confirmed=len(emails),
        users_projected=len(emails),
        dead_lettered=0,
        total_s=round(time.monotonic() - began, 1),
    )
