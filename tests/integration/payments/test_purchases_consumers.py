"""The payments worker runs `purchases_consumers` consumers of `payments` in one process, all in its
group: they share the partitions like processes would, and a burst of paid sessions (each delivered
twice, as the webhook and the success page do) reaches both at the same time and still gives one
purchase, one announcement and one receipt per session."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from confluent_kafka import Consumer, TopicPartition

from services.messaging.admin import admin_client
from services.messaging.topics import PAYMENTS
from services.payments.store import purchase_id_for
from tests.integration.conftest import eventually

from .conftest import post_event
from .test_event_order import _end_offsets, _equal, event, session_object

pytestmark = pytest.mark.anyio

SESSIONS = 30


def assignments(settings, group: str) -> list[set[int]]:
    admin = admin_client(settings)  # held: its futures never complete once it is collected
    [info] = [f.result(15) for f in admin.describe_consumer_groups([group], request_timeout=10).values()]
    return [{tp.partition for tp in m.assignment.topic_partitions if tp.topic == PAYMENTS.name} for m in info.members]


def settled_assignments(settings, group: str) -> list[set[int]]:
    """The group's assignment once every member holds partitions: a cooperative rebalance first
    revokes from the member that joined first, then assigns to the other in a second round."""

    def settled():
        shares = assignments(settings, group)
        assert shares and all(shares), shares
        return shares

    return eventually(settled, timeout=30, interval=0.5)


async def test_the_consumers_of_one_process_share_the_partitions(env, worker):
    shares = settled_assignments(env.settings, worker.group)
    assert len(shares) == env.settings.purchases_consumers == 2
    assert set.union(*shares) == set(range(PAYMENTS.partitions))
    assert sum(len(s) for s in shares) == PAYMENTS.partitions  # no partition twice


async def test_a_burst_across_both_consumers_gives_one_purchase_and_receipt_per_session(
    env, webhook, worker, service, package_id, buyer
):
    quotes = [await service.checkout.create_quote(package_id, buyer.user_id) for _ in range(SESSIONS)]
    before = _end_offsets(env, PAYMENTS.name, PAYMENTS.partitions)
    sessions = [session_object(q, buyer, "paid", f"pi_burst_{uuid.uuid4().hex[:8]}") for q in quotes]
    deliveries = [event("checkout.session.completed", s) for s in sessions for _ in range(2)]
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda e: post_event(webhook, env.settings, e).status_code, deliveries))
    assert statuses == [200] * len(deliveries)
    ids = [purchase_id_for(s["id"]) for s in sessions]
    worker.caught_up(timeout=60)
    assert env.db.purchases.count_documents({"_id": {"$in": ids}}) == SESSIONS
    eventually(lambda: _equal(env.db.receipts.count_documents({"_id": {"$in": ids}, "status": "sent"}), SESSIONS))
    # Both consumers took part: the burst's deliveries sit in partitions of each.
    used = delivered_partitions(env, before, {s["id"] for s in sessions})
    assert all(used & share for share in settled_assignments(env.settings, worker.group))


def delivered_partitions(env, since: list[int], keys: set[str]) -> set[int]:
    """The partitions of `payments` holding messages keyed by `keys`, published after `since`."""
    consumer = Consumer({"bootstrap.servers": env.settings.kafka_bootstrap_servers, "group.id": "test-probe"})
    try:
        until = _end_offsets(env, PAYMENTS.name, PAYMENTS.partitions)
        consumer.assign([TopicPartition(PAYMENTS.name, p, o) for p, o in enumerate(since) if until[p] > o])
        used, left = set(), sum(end - start for start, end in zip(since, until))
        while left > 0:
            msg = consumer.poll(10)
            assert msg is not None and not msg.error(), "payments topic not readable"
            left -= 1
            if msg.key() and msg.key().decode() in keys:
                used.add(msg.partition())
        return used
    finally:
        consumer.close()
