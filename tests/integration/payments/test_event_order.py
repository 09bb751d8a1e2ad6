"""Events fed straight to the webhook (signed like Stripe signs them): asynchronous payments,
refunds that arrive before the purchase, unknown and malformed events."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from confluent_kafka import Consumer, TopicPartition

from services.messaging.topics import PAYMENTS
from tests.integration.conftest import eventually

from .conftest import post_event

pytestmark = pytest.mark.anyio


def session_object(quote, buyer, payment_status: str, payment_intent: str | None = None) -> dict:
    return {
        "id": f"cs_test_{uuid.uuid4().hex}",
        "object": "checkout.session",
        "status": "complete",
        "payment_status": payment_status,
        "amount_total": quote.total_cents,
        "currency": "brl",
        "payment_intent": payment_intent,
        "customer_email": buyer.email,
        "client_reference_id": quote.id,
        "metadata": {"quote_id": quote.id, "user_id": buyer.user_id},
    }


def event(type_: str, obj: dict) -> dict:
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": type_,
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
    }


async def test_an_unpaid_completed_session_waits_for_async_payment_succeeded(
    env, webhook, worker, service, package_id, buyer, mailbox
):
    quote = await service.checkout.create_quote(package_id, buyer.user_id)
    session = session_object(quote, buyer, "unpaid", "pi_async_" + uuid.uuid4().hex[:8])
    assert post_event(webhook, env.settings, event("checkout.session.completed", session)).status_code == 200
    worker.caught_up()
    assert env.db.purchases.count_documents({"payment.session_id": session["id"]}) == 0
    assert env.db.quotes.find_one({"_id": quote.id})["payment_status"] == "processing"

    succeeded = event("checkout.session.async_payment_succeeded", {**session, "payment_status": "paid"})
    assert post_event(webhook, env.settings, succeeded).status_code == 200
    eventually(lambda: _equal(env.db.purchases.count_documents({"payment.session_id": session["id"]}), 1))
    mailbox.wait_for(buyer.email, subject_contains="Compra confirmada")


async def test_an_async_payment_that_fails_makes_no_purchase(env, webhook, worker, service, package_id, buyer):
    quote = await service.checkout.create_quote(package_id, buyer.user_id)
    session = session_object(quote, buyer, "unpaid")
    for type_ in ("checkout.session.completed", "checkout.session.async_payment_failed"):
        assert post_event(webhook, env.settings, event(type_, session)).status_code == 200
    worker.caught_up()
    assert env.db.purchases.count_documents({"payment.session_id": session["id"]}) == 0
    assert env.db.quotes.find_one({"_id": quote.id})["payment_status"] == "failed"


async def test_a_refund_delivered_before_its_purchase_is_applied_when_the_purchase_arrives(
    env, webhook, worker, service, package_id, buyer
):
    quote = await service.checkout.create_quote(package_id, buyer.user_id)
    pi = "pi_early_" + uuid.uuid4().hex[:8]
    charge = {
        "id": "ch_" + uuid.uuid4().hex[:8],
        "object": "charge",
        "payment_intent": pi,
        "amount": quote.total_cents,
        "amount_refunded": quote.total_cents,
        "refunded": True,
    }
    assert post_event(webhook, env.settings, event("charge.refunded", charge)).status_code == 200
    worker.caught_up()
    assert env.db.early_refunds.find_one({"_id": pi})["amount_refunded_cents"] == quote.total_cents

    session = session_object(quote, buyer, "paid", pi)
    assert post_event(webhook, env.settings, event("checkout.session.completed", session)).status_code == 200
    doc = eventually(lambda: _found(env.db.purchases.find_one({"payment.session_id": session["id"]})))
    eventually(lambda: _equal(env.db.purchases.find_one({"_id": doc["_id"]})["status"], "refunded"))
    assert env.db.purchases.find_one({"_id": doc["_id"]})["refund"]["amount_refunded_cents"] == quote.total_cents


async def test_unknown_events_are_ignored_and_malformed_ones_dead_lettered(
    env, webhook, worker, service, package_id, buyer
):
    quote = await service.checkout.create_quote(package_id, buyer.user_id)
    dlq_before = _end_offsets(env, PAYMENTS.dlq, 1)
    unknown = event("customer.created", {"id": "cus_123", "object": "customer"})
    malformed = event("checkout.session.completed", {"id": "cs_test_broken", "object": "checkout.session"})
    tampered = event(
        "checkout.session.completed", {**session_object(quote, buyer, "paid", "pi_x"), "amount_total": 100}
    )  # not what the quote says
    for e in (unknown, malformed, tampered):
        assert post_event(webhook, env.settings, e).status_code == 200
    worker.caught_up()
    dead = _read_from(env, PAYMENTS.dlq, dlq_before[0], expected=2)
    assert sorted(json.loads(m.value())["id"] for m in dead) == sorted([malformed["id"], tampered["id"]])
    assert env.db.purchases.count_documents({"quote_id": quote.id}) == 0
    assert env.db.stripe_events.find_one({"_id": unknown["id"]}) is not None  # acknowledged


async def test_a_paid_session_delivered_again_after_its_quote_is_gone_is_skipped_not_dead_lettered(
    env, webhook, worker, service, package_id, buyer
):
    """Paid sessions are deduped by their purchase id, not in `stripe_events`: Stripe retries for
    days, and the quote is deleted a day after it expired."""
    quote = await service.checkout.create_quote(package_id, buyer.user_id)
    paid = event("checkout.session.completed", session_object(quote, buyer, "paid", f"pi_{uuid.uuid4().hex[:12]}"))
    session_id = paid["data"]["object"]["id"]
    assert post_event(webhook, env.settings, paid).status_code == 200
    worker.caught_up()
    assert env.db.purchases.count_documents({"payment.session_id": session_id}) == 1
    assert env.db.stripe_events.find_one({"_id": paid["id"]}) is None
    dlq_before = _end_offsets(env, PAYMENTS.dlq, 1)

    env.db.quotes.delete_one({"_id": quote.id})  # what the TTL index does a day after expiry
    assert post_event(webhook, env.settings, paid).status_code == 200  # Stripe's retry
    worker.caught_up()
    assert env.db.purchases.count_documents({"payment.session_id": session_id}) == 1
    assert _end_offsets(env, PAYMENTS.dlq, 1) == dlq_before  # no dead letter

    never_recorded = event("checkout.session.completed", session_object(quote, buyer, "paid", "pi_never"))
    assert post_event(webhook, env.settings, never_recorded).status_code == 200
    worker.caught_up()
    [dead] = _read_from(env, PAYMENTS.dlq, dlq_before[0], expected=1)  # no quote, no purchase: poison
    assert json.loads(dead.value())["id"] == never_recorded["id"]


def _end_offsets(env, topic, partitions):
    c = Consumer({"bootstrap.servers": env.settings.kafka_bootstrap_servers, "group.id": "offsets-probe"})
    try:
        return [c.get_watermark_offsets(TopicPartition(topic, p), 10)[1] for p in range(partitions)]
    finally:
        c.close()


def _read_from(env, topic, offset, expected, timeout=15.0):
    c = Consumer(
        {
            "bootstrap.servers": env.settings.kafka_bootstrap_servers,
            "group.id": f"r-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    c.assign([TopicPartition(topic, 0, offset)])
    out, deadline = [], time.monotonic() + timeout
    try:
        while len(out) < expected and time.monotonic() < deadline:
            m = c.poll(0.2)
            if m is not None and not m.error():
                out.append(m)
        return out
    finally:
        c.close()


def _found(doc):
    assert doc is not None
    return doc


def _equal(actual, expected):
    assert actual == expected, actual
    return actual
