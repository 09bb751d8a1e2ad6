"""Checkout Sessions through the official SDK: create, idempotency, retrieve, expire, errors."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
import stripe

from .helpers import WebhookReceiver, session_params, verify


def test_create_returns_a_stripe_shaped_open_session(client: stripe.StripeClient, base_url: str) -> None:
    before = int(time.time())
    session = client.v1.checkout.sessions.create(params=session_params())

    assert session.id.startswith("cs_test_")
    assert session.object == "checkout.session"
    assert session.livemode is False
    assert session.amount_total == 250000 + 2 * 12050
    assert session.amount_subtotal == session.amount_total
    assert session.currency == "brl"
    assert session.mode == "payment"
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert session.payment_intent is None  # created on payment, as with Stripe
    assert session.metadata.to_dict() == {"quote_id": "quote-123", "user_id": "u-1"}
    assert session.client_reference_id == "quote-123"
    assert session.customer_email == "ana@example.com"
    assert session.url == f"{base_url}/pay/{session.id}"
    assert "{CHECKOUT_SESSION_ID}" in session.success_url  # substituted only on redirect
    assert before + 24 * 3600 - 5 <= session.expires_at <= int(time.time()) + 24 * 3600


def test_line_items_can_be_listed(client: stripe.StripeClient) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    items = client.v1.checkout.sessions.line_items.list(session.id)
    assert [(i.description, i.quantity, i.amount_total) for i in items.data] == [
        ("Pacote Rio de Janeiro", 1, 250000),
        ("Transfer aeroporto", 2, 24100),
    ]
    assert items.data[0].price.unit_amount == 250000


def test_same_idempotency_key_and_params_replays_the_same_session(
    client: stripe.StripeClient, http: httpx.Client
) -> None:
    key = f"idem-{uuid.uuid4()}"
    first = client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": key})
    again = client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": key})
    assert again.id == first.id
    assert again.last_response.headers.get("idempotent-replayed") == "true"

    with pytest.raises(stripe.IdempotencyError) as caught:
        client.v1.checkout.sessions.create(
            params=session_params(client_reference_id="other"), options={"idempotency_key": key}
        )
    assert caught.value.http_status == 400
    assert "same parameters" in caught.value.user_message

    other = client.v1.checkout.sessions.create(params=session_params())  # fresh key: new session
    assert other.id != first.id


def test_expires_at_must_be_between_30_minutes_and_24_hours(client: stripe.StripeClient) -> None:
    now = int(time.time())
    for bad in (now + 10 * 60, now + 25 * 3600):
        with pytest.raises(stripe.InvalidRequestError) as caught:
            client.v1.checkout.sessions.create(params=session_params(expires_at=bad))
        assert caught.value.param == "expires_at"
        assert caught.value.http_status == 400
    ok = client.v1.checkout.sessions.create(params=session_params(expires_at=now + 3600))
    assert ok.expires_at == now + 3600


@pytest.mark.parametrize(
    "override, param",
    [
        ({"line_items": None}, "line_items"),
        ({"success_url": None}, "success_url"),
        ({"mode": "subscription"}, "mode"),
        ({"customer_email": "not-an-email"}, "customer_email"),
        ({"surprise": "x"}, "surprise"),
    ],
)
def test_invalid_create_params_are_rejected_with_the_param_named(
    client: stripe.StripeClient, override: dict, param: str
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=session_params(**override))
    assert caught.value.param == param
    assert caught.value.error.type == "invalid_request_error"


def test_line_item_fields_are_validated(client: stripe.StripeClient) -> None:
    bad = session_params(
        line_items=[
            {"quantity": 0, "price_data": {"currency": "brl", "unit_amount": 100, "product_data": {"name": "X"}}}
        ]
    )
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=bad)
    assert caught.value.param == "line_items[0][quantity]"


def test_retrieve_returns_the_stored_session(client: stripe.StripeClient) -> None:
    created = client.v1.checkout.sessions.create(params=session_params())
    fetched = client.v1.checkout.sessions.retrieve(created.id)
    assert fetched.to_dict() == created.to_dict()


def test_expire_closes_an_open_session_and_sends_a_signed_event(
    client: stripe.StripeClient, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    expired = client.v1.checkout.sessions.expire(session.id)
    assert (expired.status, expired.payment_status, expired.url) == ("expired", "unpaid", None)

    with pytest.raises(stripe.InvalidRequestError) as caught:  # only open sessions expire
        client.v1.checkout.sessions.expire(session.id)
    assert caught.value.http_status == 400

    [delivery] = receiver.wait(session.id, "checkout.session.expired")
    event = verify(delivery)
    assert event.type == "checkout.session.expired"
    assert event.data.object.status == "expired"


def test_unknown_session_is_a_404_invalid_request(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve("cs_test_doesnotexist")
    assert caught.value.http_status == 404
    assert caught.value.code == "resource_missing"


@pytest.mark.parametrize("key", ["sk_test_wrong", "sk_live_realkey123456"])
def test_bad_keys_are_refused(base_url: str, key: str) -> None:
    other = stripe.StripeClient(key, base_addresses={"api": base_url})
    with pytest.raises(stripe.AuthenticationError) as caught:
        other.v1.checkout.sessions.create(params=session_params())
    assert caught.value.http_status == 401
    if key.startswith("sk_live_"):
        assert "live" in caught.value.user_message


def test_missing_key_and_unknown_routes_get_stripe_shaped_errors(http: httpx.Client) -> None:
    response = http.get("/v1/checkout/sessions/cs_test_x")
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "API key" in response.json()["error"]["message"]

    response = http.delete("/v1/checkout/sessions/x", headers={"Authorization": "Bearer sk_test_sandbox_tests"})
    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith("Unrecognized request URL (DELETE")
