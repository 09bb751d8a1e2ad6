"""Paying (control endpoint), declines, signed webhooks with retries, refunds, events list."""

from __future__ import annotations

import httpx
import pytest
import stripe

from .helpers import WebhookReceiver, pay, session_params, verify, wait_for


def test_paying_with_4242_completes_the_session_and_sends_a_signed_event(
    client: stripe.StripeClient, http: httpx.Client, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    response = pay(http, session.id)
    assert response.status_code == 200, response.text

    paid = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert (paid.status, paid.payment_status, paid.url) == ("complete", "paid", None)
    assert paid.customer_details.email == "ana@example.com"
    intent = paid.payment_intent
    assert intent.id.startswith("pi_") and intent.status == "succeeded"
    assert intent.amount == intent.amount_received == session.amount_total
    assert intent.latest_charge.startswith("ch_")
    assert client.v1.payment_intents.retrieve(intent.id).id == intent.id

    [delivery] = receiver.wait(session.id, "checkout.session.completed")
    event = verify(delivery)
    assert event.id.startswith("evt_")
    assert event.livemode is False
    assert event.api_version == stripe.api_version
    completed = event.data.object
    assert (completed.id, completed.payment_status, completed.status) == (session.id, "paid", "complete")
    assert completed.metadata.to_dict() == {"quote_id": "quote-123", "user_id": "u-1"}
    assert completed.payment_intent == intent.id

    with pytest.raises(stripe.SignatureVerificationError):  # the check is real
        stripe.Webhook.construct_event(delivery.body, delivery.signature, "whsec_wrong")


def test_declined_card_leaves_the_session_open_and_sends_nothing(
    client: stripe.StripeClient, http: httpx.Client, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    response = pay(http, session.id, "4000000000000002")
    assert response.status_code == 402
    error = response.json()["error"]
    assert (error["type"], error["code"], error["decline_code"]) == ("card_error", "card_declined", "generic_decline")

    still = client.v1.checkout.sessions.retrieve(session.id)
    assert (still.status, still.payment_status, still.payment_intent) == ("open", "unpaid", None)
    events = client.v1.events.list(params={"limit": 100})
    assert all(e.data.object.id != session.id for e in events.data)
    assert receiver.for_object(session.id) == []

    assert pay(http, session.id).status_code == 200  # the customer can retry with a good card
    receiver.wait(session.id, "checkout.session.completed")


def test_invalid_card_input_is_a_card_error_naming_the_field(client: stripe.StripeClient, http: httpx.Client) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    response = pay(http, session.id, "4242424242424241")
    assert response.status_code == 402
    assert response.json()["error"]["param"] == "number"
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"


def test_a_failed_delivery_is_retried_until_the_endpoint_accepts_it(
    client: stripe.StripeClient, http: httpx.Client, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    receiver.fail[session.id] = 1  # first delivery answers 500
    assert pay(http, session.id).status_code == 200

    [ok] = receiver.wait(session.id, "checkout.session.completed")
    attempts = receiver.for_object(session.id, "checkout.session.completed")
    assert [d.status for d in attempts] == [500, 200]
    assert attempts[0].event["id"] == attempts[1].event["id"] == verify(ok).id
    verify(attempts[0])  # every attempt is signed

    def recorded() -> dict | None:  # the receiver answers before the sandbox records the attempt
        rows = http.get("/_sandbox/deliveries", params={"object_id": session.id}).json()["data"]
        return rows[0] if len(rows) == 1 and rows[0]["status"] != "pending" else None

    delivery = wait_for(recorded, timeout=5, what="the delivery to be recorded")
    assert delivery["status"] == "succeeded"
    assert [a["status_code"] for a in delivery["history"]] == [500, 200]
    waited = delivery["history"][1]["at"] - delivery["history"][0]["at"]
    assert waited >= 0.25  # backoff base 0.3 s in the test settings


def test_delivery_gives_up_after_max_attempts(
    client: stripe.StripeClient, http: httpx.Client, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    receiver.fail[session.id] = 100
    assert pay(http, session.id).status_code == 200

    def failed() -> dict | None:
        rows = http.get("/_sandbox/deliveries", params={"object_id": session.id}).json()["data"]
        return rows[0] if rows and rows[0]["status"] == "failed" else None

    delivery = wait_for(failed, timeout=10, what="delivery to give up")
    assert delivery["attempts"] == 4
    gaps = [b["at"] - a["at"] for a, b in zip(delivery["history"], delivery["history"][1:])]
    assert gaps[1] > gaps[0] * 1.5 and gaps[2] > gaps[1] * 1.5  # exponential


def test_refund_succeeds_now_and_charge_refunded_arrives_by_webhook(
    client: stripe.StripeClient, http: httpx.Client, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    pay(http, session.id)
    intent_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent

    partial = client.v1.refunds.create(params={"payment_intent": intent_id, "amount": 10000})
    assert (partial.object, partial.status, partial.amount) == ("refund", "succeeded", 10000)
    assert partial.id.startswith("re_")
    assert client.v1.refunds.retrieve(partial.id).payment_intent == intent_id

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": intent_id, "amount": session.amount_total})
    assert caught.value.param == "amount"

    rest = client.v1.refunds.create(params={"payment_intent": intent_id})
    assert rest.amount == session.amount_total - 10000

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": intent_id})
    assert caught.value.code == "charge_already_refunded"

    charge_id = partial.charge
    deliveries = receiver.wait(charge_id, "charge.refunded", count=2)
    charges = sorted((verify(d).data.object for d in deliveries), key=lambda c: c.amount_refunded)
    assert [(c.amount_refunded, c.refunded) for c in charges] == [(10000, False), (session.amount_total, True)]


def test_refund_of_unknown_payment_intent_is_404(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": "pi_unknown"})
    assert caught.value.http_status == 404


def test_natural_expiry_sends_checkout_session_expired(
    client: stripe.StripeClient, http: httpx.Client, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    assert http.post(f"/_sandbox/sessions/{session.id}/lapse").json()["status"] == "expired"
    verify(receiver.wait(session.id, "checkout.session.expired")[0])
    assert pay(http, session.id).status_code == 400  # an expired session cannot be paid


def test_events_list_filters_by_type(client: stripe.StripeClient, http: httpx.Client) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    pay(http, session.id)
    events = client.v1.events.list(params={"type": "checkout.session.completed", "limit": 5})
    assert events.data and all(e.type == "checkout.session.completed" for e in events.data)
    assert events.data[0].data.object.id == session.id  # newest first
    fetched = client.v1.events.retrieve(events.data[0].id)
    assert fetched.type == "checkout.session.completed"


def test_an_event_can_be_resent_after_delivery_gave_up(
    client: stripe.StripeClient, http: httpx.Client, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.expire(client.v1.checkout.sessions.create(params=session_params()).id)
    [first] = receiver.wait(session.id, "checkout.session.expired")
    event_id = first.event["id"]
    assert http.post(f"/_sandbox/events/{event_id}/resend").status_code == 200
    deliveries = receiver.wait(session.id, "checkout.session.expired", count=2)
    assert {d.event["id"] for d in deliveries} == {event_id}
    assert http.post("/_sandbox/events/evt_nope/resend").status_code == 404
