"""Pure parts of the sandbox: Stripe form decoding, signatures, card checks (no server)."""

from __future__ import annotations

import datetime as dt

import pytest
import stripe

from devstack.stripe_sandbox import cards, forms
from devstack.stripe_sandbox.errors import StripeError
from devstack.stripe_sandbox.signing import signature_header


def test_form_pairs_nest_like_stripe() -> None:
    pairs = [
        ("line_items[0][price_data][currency]", "brl"),
        ("line_items[0][quantity]", "2"),
        ("line_items[1][quantity]", "1"),
        ("metadata[quote_id]", "q1"),
        ("expand[]", "payment_intent"),
        ("expand[]", "line_items"),
        ("mode", "payment"),
    ]
    assert forms.parse(pairs) == {
        "line_items": [{"price_data": {"currency": "brl"}, "quantity": "2"}, {"quantity": "1"}],
        "metadata": {"quote_id": "q1"},
        "expand": ["payment_intent", "line_items"],
        "mode": "payment",
    }


def test_signature_verifies_with_the_sdk_and_only_with_the_right_secret() -> None:
    payload = b'{"id": "evt_1", "object": "event", "type": "x", "data": {"object": {}}}'
    header = signature_header(payload, "whsec_abc")
    assert stripe.Webhook.construct_event(payload, header, "whsec_abc").id == "evt_1"
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, "whsec_other")
    with pytest.raises(stripe.SignatureVerificationError):  # old timestamps are refused
        stripe.Webhook.construct_event(payload, signature_header(payload, "whsec_abc", 1000), "whsec_abc")


@pytest.mark.parametrize(
    "number, month, year, cvc, code",
    [
        ("", 12, 2040, "123", "incomplete_number"),
        ("4242 4242 4242 4241", 12, 2040, "123", "incorrect_number"),
        ("4242424242424242", 13, 2040, "123", "invalid_expiry_month"),
        ("4242424242424242", 1, 2020, "123", "invalid_expiry_year_past"),
        ("4242424242424242", 12, 2040, "12", "incomplete_cvc"),
    ],
)
def test_card_input_errors(number: str, month: int, year: int, cvc: str, code: str) -> None:
    with pytest.raises(StripeError) as caught:
        cards.validate(number, month, year, cvc, today=dt.date(2026, 11, 30))
    assert (caught.value.status, caught.value.code) == (402, code)


def test_test_cards_pay_or_decline() -> None:
    good = cards.validate("4242-4242-4242-4242", 12, 2040, "123")
    cards.charge_outcome(good)  # no exception: it pays
    assert good.details()["last4"] == "4242"
    for number, decline in [
        ("4000000000000002", "generic_decline"),
        ("4000000000009995", "insufficient_funds"),
        ("4111111111111111", "test_mode_live_card"),
    ]:
        with pytest.raises(StripeError) as caught:
            cards.charge_outcome(cards.validate(number, 12, 2040, "123"))
        assert caught.value.decline_code == decline


def test_expiry_text_parsing() -> None:
    assert cards.parse_expiry("04 / 31") == (4, 2031)
    assert cards.parse_expiry("04/2031") == (4, 2031)
    with pytest.raises(StripeError):
        cards.parse_expiry("0431")
