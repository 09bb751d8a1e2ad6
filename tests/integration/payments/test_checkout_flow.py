"""A buyer pays through Stripe Checkout (the sandbox, driven by the official SDK and its pay
control), and the webhook → Kafka → payments worker path records exactly one purchase and sends
exactly one receipt, however often Stripe delivers the event."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, timedelta

import httpx
import pytest
from icalendar import Calendar

from services.errors import NotFound
from services.packages import InvalidPackageId
from services.packages.package_id import decode, encode
from services.packages.signing import package_id_key
from services.payments.errors import QuoteExpired, RefundNotAllowed, TooSoon
from services.payments.store import purchase_id_for
from tests.integration.conftest import eventually

pytestmark = pytest.mark.anyio


async def checkout(service, env, package_id, buyer):
    quote = await service.checkout.create_quote(package_id, buyer.user_id)
    url = await service.checkout.start_checkout(quote.id, buyer.user_id, buyer.email, "pt_BR")
    session_id = env.db.quotes.find_one({"_id": quote.id})["checkout"]["session_id"]
    return quote, url, session_id


def purchases_of(env, session_id):
    return list(env.db.purchases.find({"payment.session_id": session_id}))


def deliveries(sandbox, event_id):
    return sandbox.get("/_sandbox/deliveries", params={"event_id": event_id}).json()["data"]


async def test_a_paid_session_makes_one_purchase_and_one_receipt_even_when_delivered_5_more_times(
    env, webhook, worker, service, package_id, buyer, sandbox, mailbox
):
    quote, url, session_id = await checkout(service, env, package_id, buyer)
    assert url.startswith(env.settings.stripe_api_base) and session_id in url
    session = service.checkout.stripe.retrieve_checkout_session(session_id)
    assert session["amount_total"] == quote.total_cents == quote.package.total_cents  # from the server
    assert session["currency"] == "brl" and session["customer_email"] == buyer.email
    assert session["metadata"] == {
        "quote_id": quote.id,
        "user_id": buyer.user_id,
        "package_id": package_id,
        "hold_id": f"hold_{quote.id}_1",
    }  # the seats and rooms held for it
    assert session["success_url"].endswith("/checkout/success?session_id={CHECKOUT_SESSION_ID}")

    paid = sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={"card_number": "4242424242424242"})
    assert paid.status_code == 200, paid.text

    [doc] = eventually(lambda: _exactly_one(purchases_of(env, session_id)), timeout=30)
    assert doc["_id"] == purchase_id_for(session_id)
    assert doc["status"] == "paid" and doc["user_id"] == buyer.user_id and doc["total_cents"] == quote.total_cents
    assert doc["payment"]["payment_intent"].startswith("pi_")
    package = doc["package"]
    assert len(package["outbound"]["segments"]) >= 1 and len(package["inbound"]["segments"]) >= 1
    assert package["hotel"]["hotel"]["address"]["line"] and package["hotel"]["check_in_utc"]
    assert package["transfer_in"]["direction"] == "arrival" and package["transfer_out"]["direction"] == "departure"
    assert doc["travellers"] == {"adults": 2, "children": 1, "infants": 0}
    assert doc["package"]["price"]["total_cents"] == quote.total_cents
    eventually(lambda: _equal((env.db.receipts.find_one({"_id": doc["_id"]}) or {}).get("status"), "sent"))

    mail = mailbox.wait_for(buyer.email, subject_contains="Compra confirmada")
    assert doc["_id"] in mail.text and "Check-in" in mail.text

    # Stripe delivers the same event again, five times.
    [event_id] = [
        d["event_id"] for d in sandbox.get("/_sandbox/deliveries", params={"object_id": session_id}).json()["data"]
    ]
    for _ in range(5):
        assert sandbox.post(f"/_sandbox/events/{event_id}/resend").status_code == 200
    eventually(lambda: _equal(sum(d["status"] == "succeeded" for d in deliveries(sandbox, event_id)), 6), timeout=30)
    worker.caught_up()
    assert len(purchases_of(env, session_id)) == 1
    assert len(mailbox.messages(to=buyer.email)) == 1

    # The success page finds it, and the dashboard lists it.
    status = await service.actions.fulfil_from_success_page(session_id, buyer.user_id)
    assert status.payment_status == "paid" and status.purchase_id == doc["_id"]
    purchase = await service.actions.get_purchase_by_session(session_id, buyer.user_id)
    assert purchase.id == doc["_id"]
    [summary] = [s for s in await _list(service, buyer.user_id)]
    assert summary.id == doc["_id"] and summary.status == "paid" and summary.travellers == 3

    # The itinerary as a calendar: every segment, the stay and both transfers, in UTC.
    ics = await service.actions.itinerary_ics(doc["_id"], buyer.user_id)
    events = Calendar.from_ical(ics).walk("VEVENT")
    segments = len(package["outbound"]["segments"]) + len(package["inbound"]["segments"])
    assert len(events) == segments + 3
    assert all(e.decoded("dtstart").utcoffset().total_seconds() == 0 for e in events)

    # "Resend receipt": one more e-mail, then not another within a minute.
    await service.actions.resend_receipt(doc["_id"], buyer.user_id)
    eventually(lambda: _equal(len(mailbox.messages(to=buyer.email)), 2))
    with pytest.raises(TooSoon):
        await service.actions.resend_receipt(doc["_id"], buyer.user_id)
    assert len(mailbox.messages(to=buyer.email)) == 2
    assert env.db.receipts.find_one({"_id": doc["_id"]})["resent_count"] == 1


async def test_the_success_page_records_the_purchase_when_the_webhook_does_not_get_through(
    env, webhook, worker, service, package_id, buyer, sandbox, mailbox
):
    quote, _, session_id = await checkout(service, env, package_id, buyer)
    webhook.refuse.add(session_id)  # our endpoint answers 500 for this session: Stripe keeps retrying
    assert sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={}).status_code == 200
    status = await service.actions.fulfil_from_success_page(session_id, buyer.user_id)
    assert status.payment_status == "paid" and status.purchase_id is None
    [doc] = eventually(lambda: _exactly_one(purchases_of(env, session_id)), timeout=30)
    assert doc["payment"]["event_id"] == f"evt_success_{session_id}"
    eventually(lambda: _equal(len(mailbox.messages(to=buyer.email)), 1))

    webhook.refuse.discard(session_id)  # the webhook gets through at last: still one of each
    [event_id] = {
        d["event_id"] for d in sandbox.get("/_sandbox/deliveries", params={"object_id": session_id}).json()["data"]
    }
    sandbox.post(f"/_sandbox/events/{event_id}/resend")
    eventually(lambda: _equal("succeeded" in [d["status"] for d in deliveries(sandbox, event_id)], True), timeout=30)
    worker.caught_up()
    assert len(purchases_of(env, session_id)) == 1 and len(mailbox.messages(to=buyer.email)) == 1
    status = await service.actions.fulfil_from_success_page(session_id, buyer.user_id)
    assert status.purchase_id == doc["_id"]
    with pytest.raises(NotFound):  # another user's session is not found, not "forbidden"
        await service.actions.fulfil_from_success_page(session_id, "someone-else")


async def test_a_declined_card_makes_no_purchase(env, webhook, worker, service, package_id, buyer, sandbox):
    _, _, session_id = await checkout(service, env, package_id, buyer)
    declined = sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={"card_number": "4000000000000002"})
    assert declined.status_code == 402 and declined.json()["error"]["code"] == "card_declined"
    worker.caught_up()
    assert purchases_of(env, session_id) == []
    assert sandbox.get("/_sandbox/deliveries", params={"object_id": session_id}).json()["data"] == []
    status = await service.actions.fulfil_from_success_page(session_id, buyer.user_id)
    assert status.payment_status == "unpaid" and status.purchase_id is None


async def test_an_expired_quote_is_refused_and_refreshing_gives_a_new_one(env, service, package_id, buyer):
    quote = await service.checkout.create_quote(package_id, buyer.user_id)
    stored = env.db.quotes.find_one({"_id": quote.id})
    assert (stored["expires_at"] - stored["created_at"]).total_seconds() == 30 * 60
    env.db.quotes.update_one({"_id": quote.id}, {"$set": {"expires_at": stored["created_at"]}})
    with pytest.raises(QuoteExpired) as refused:
        await service.checkout.start_checkout(quote.id, buyer.user_id, buyer.email, "en")
    assert refused.value.code == "quote_expired" and refused.value.package_id == package_id
    fresh = await service.checkout.create_quote(refused.value.package_id, buyer.user_id)
    assert fresh.id != quote.id and fresh.total_cents == quote.total_cents
    with pytest.raises(NotFound):  # and a quote is only its owner's
        await service.checkout.start_checkout(fresh.id, "someone-else", buyer.email, "en")


async def test_forged_stale_and_malformed_ids_get_no_quote(env, service, package_id, buyer):
    body = package_id.rsplit("-", 1)[0].replace("GRULIS", "LISLIS", 1)
    forged = f"{body}-{hashlib.blake2b(body.encode(), digest_size=2).hexdigest()}"  # the old, unkeyed check
    ref = decode(package_id, package_id_key())
    past = date.today() - timedelta(days=3)
    stale = encode(
        dataclasses.replace(
            ref, query=ref.query.model_copy(update={"departure": past, "return_date": past + timedelta(days=7)})
        ),
        package_id_key(),
    )
    for bad in (forged, stale, "not-a-package"):
        with pytest.raises(InvalidPackageId):
            await service.checkout.create_quote(bad, buyer.user_id)
    assert env.db.quotes.count_documents({"user_id": buyer.user_id}) == 0
    assert (await service.checkout.create_quote(package_id, buyer.user_id)).package_id == package_id


async def test_refund_flow_goes_pending_then_refunded(env, webhook, worker, service, package_id, buyer, sandbox):
    quote, _, session_id = await checkout(service, env, package_id, buyer)
    assert sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={}).status_code == 200
    [doc] = eventually(lambda: _exactly_one(purchases_of(env, session_id)), timeout=30)

    purchase = await service.actions.request_refund(doc["_id"], buyer.user_id)
    assert purchase.status in ("refund_pending", "refunded")
    assert purchase.refund.amount_cents == quote.total_cents and purchase.refund.percent == 100  # 60 days ahead
    assert purchase.refund.stripe_refund_id.startswith("re_")
    done = eventually(lambda: _status(env, doc["_id"], "refunded"), timeout=30)
    assert done["refund"]["amount_refunded_cents"] == quote.total_cents
    with pytest.raises(RefundNotAllowed):
        await service.actions.request_refund(doc["_id"], buyer.user_id)
    refunds = service.checkout.stripe._client.v1.refunds.list({"payment_intent": doc["payment"]["payment_intent"]})
    assert len(refunds.data) == 1


async def test_another_users_purchase_is_not_found(env, webhook, worker, service, package_id, buyer, sandbox):
    _, _, session_id = await checkout(service, env, package_id, buyer)
    assert sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={}).status_code == 200
    [doc] = eventually(lambda: _exactly_one(purchases_of(env, session_id)), timeout=30)
    for action in (service.actions.request_refund, service.actions.itinerary_ics, service.actions.resend_receipt):
        with pytest.raises(NotFound) as missing:
            await action(doc["_id"], "intruder")
        assert str(missing.value) == "Purchase not found."
    with pytest.raises(NotFound) as unknown:
        await action("pur_doesnotexist", buyer.user_id)
    assert str(unknown.value) == str(missing.value)  # same answer: existence is not revealed
    assert await service.actions.get_purchase_by_session(session_id, "intruder") is None
    assert await _list(service, "intruder") == []
    assert env.db.purchases.find_one({"_id": doc["_id"]})["status"] == "paid"


async def test_forged_or_missing_signatures_are_refused_and_nothing_reaches_kafka(env, webhook):
    before = _payments_end_offsets(env)
    body = b'{"id": "evt_forged", "type": "checkout.session.completed", "created": 1, "data": {"object": {}}}'
    for headers in ({"Stripe-Signature": "t=1,v1=deadbeef"}, {}):
        answer = httpx.post(webhook.url, content=body, headers=headers, timeout=10)
        assert answer.status_code == 400
    assert _payments_end_offsets(env) == before


async def _list(service, user_id):
    from services.dashboard.queries import list_purchases

    return await list_purchases(service.actions.purchases, user_id)


def _payments_end_offsets(env):
    from confluent_kafka import Consumer, TopicPartition

    c = Consumer({"bootstrap.servers": env.settings.kafka_bootstrap_servers, "group.id": "offsets-probe"})
    try:
        return [c.get_watermark_offsets(TopicPartition("payments", p), 10)[1] for p in range(3)]
    finally:
        c.close()


def _status(env, purchase_id, status):
    doc = env.db.purchases.find_one({"_id": purchase_id})
    assert doc["status"] == status, doc["status"]
    return doc


def _exactly_one(items):
    assert len(items) == 1, items
    return items


def _equal(actual, expected):
    assert actual == expected, actual
    return actual
