"""Paying a Checkout Session with a card, and refunding a PaymentIntent."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel

from . import cards, forms, objects, sessions
from .context import Sandbox
from .errors import StripeError, invalid, missing, not_found
from .ids import new_id, now


class CardPayment(BaseModel):
    """What the pay page (or the test control endpoint) submits."""

    number: str
    exp_month: int
    exp_year: int
    cvc: str
    name: str = ""
    email: str = ""


def pay(sandbox: Sandbox, session_id: str, payment: CardPayment) -> dict[str, Any]:
    """Charge the card; on success the session is complete/paid and the event is queued.

    A declined or invalid card raises a 402 card_error and changes nothing (the session stays
    open, so the customer can retry).
    """
    session = sessions.get(sandbox, session_id)
    if session["status"] == "open" and session["expires_at"] <= now():
        sessions.expire(sandbox, session_id)
        session = sessions.get(sandbox, session_id)
    if session["status"] != "open":
        raise StripeError(
            f"This Checkout Session is no longer active (status: {session['status']}).",
            param="session",
            code="checkout_session_not_open",
        )
    email = session.get("customer_email") or payment.email.strip()
    if not email:
        raise missing("email")
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise invalid("Your email address is invalid.", param="email", code="email_invalid") from None
    card = cards.validate(payment.number, payment.exp_month, payment.exp_year, payment.cvc)
    cards.charge_outcome(card)
    name = payment.name.strip() or None
    with sandbox.store.transaction():
        session = sessions.get(sandbox, session_id)  # re-read inside the lock: no double payment
        if session["status"] != "open":
            raise StripeError(
                "This Checkout Session is no longer active.", param="session", code="checkout_session_not_open"
            )
        charge_id = new_id("ch")
        pi = objects.payment_intent(session, charge_id, new_id("pm"), email)
        charge = objects.charge(pi, charge_id, card.details(), name or "", email)
        session.update(
            status="complete",
            payment_status="paid",
            payment_intent=pi["id"],
            url=None,
            customer_details={
                "address": None,
                "email": email,
                "name": name,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
        )
        for obj in (pi, charge, session):
            sandbox.store.put(obj)
        sandbox.emit("checkout.session.completed", session)
    sandbox.wake_deliverer()
    return session


def get_payment_intent(sandbox: Sandbox, pi_id: str) -> dict[str, Any]:
    pi = sandbox.store.get(pi_id, "payment_intent")
    if pi is None:
        raise not_found("payment_intent", pi_id, param="intent")
    return pi


def refund(sandbox: Sandbox, params: dict[str, Any], request: dict[str, Any] | None = None) -> dict[str, Any]:
    with sandbox.store.transaction():
        if params.get("charge"):
            charge = sandbox.store.get(str(params["charge"]), "charge")
            if charge is None:
                raise not_found("charge", str(params["charge"]), param="charge")
        elif params.get("payment_intent"):
            pi = sandbox.store.get(str(params["payment_intent"]), "payment_intent")
            if pi is None:
                raise not_found("payment_intent", str(params["payment_intent"]), param="payment_intent")
            charge = sandbox.store.get(pi["latest_charge"], "charge")
            if charge is None:
                raise invalid(
                    f"PaymentIntent {pi['id']} does not have a successful charge to refund.", param="payment_intent"
                )
        else:
            raise invalid("One of `charge` or `payment_intent` is required.")
        remaining = charge["amount"] - charge["amount_refunded"]
        if remaining <= 0:
            raise invalid(f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded")
        amount = remaining
        if params.get("amount") not in (None, ""):
            amount = forms.to_int(params["amount"], "amount", minimum=1)
            if amount > remaining:
                raise invalid(
                    f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                    param="amount",
                )
        reason = params.get("reason") or None  # its enum: the spec's
        refund_obj = objects.refund(charge, amount, reason, forms.metadata(params.get("metadata")))
        previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        sandbox.store.put(refund_obj)
        sandbox.store.put(charge)
        sandbox.emit("charge.refunded", charge, previous=previous, request=request)
    sandbox.wake_deliverer()
    return refund_obj
