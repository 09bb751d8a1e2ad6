"""The Mongo documents of quotes and purchases, built from a Package and a Checkout Session (pure).

A purchase document holds everything the dashboard, the receipt and the calendar file need, as it
was bought: the whole package snapshot (every flight segment with UTC times and the IANA zone of
each airport, the hotel with address and check-in/out, both transfers, the price breakdown), the
travellers, the payment ids and the status. Summary fields are copied to the top level for listing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.inventory import HoldItem, items_for
from services.packages.models import Package
from services.payments.store import QUOTE_VALIDITY, purchase_id_for


def quote_document(quote_id: str, package: Package, user_id: str, now: datetime) -> dict[str, Any]:
    query = package.query
    return {
        "_id": quote_id,
        "user_id": user_id,
        "package_id": package.id,
        "package": package.model_dump(mode="json"),
        "travellers": {"adults": query.adults, "children": query.children, "infants": query.infants},
        "total_cents": package.total_cents,
        "currency": package.price.currency,
        "created_at": now,
        "expires_at": now + QUOTE_VALIDITY,
        "summary": {
            "origin": query.origin,
            "destination": query.destination,
            "destination_city": package.hotel.hotel.address.city,
            "hotel_name": package.hotel.hotel.name,
            "departure_at": package.outbound.departure_utc,
            "return_at": package.inbound.arrival_utc,
            "travellers": query.adults + query.children + query.infants,
        },
        "checkout": None,
    }


class SessionView(BaseModel):
    """The parts of a Stripe Checkout Session the worker relies on."""

    model_config = ConfigDict(extra="ignore")

    id: str
    payment_status: str
    amount_total: int | None = None
    currency: str | None = None
    payment_intent: str | dict[str, Any] | None = None
    metadata: dict[str, str] = {}
    client_reference_id: str | None = None
    customer_email: str | None = None
    customer_details: dict[str, Any] | None = None

    @property
    def quote_id(self) -> str | None:
        return self.metadata.get("quote_id") or self.client_reference_id

    @property
    def payment_intent_id(self) -> str | None:
        pi = self.payment_intent
        return pi.get("id") if isinstance(pi, dict) else pi

    @property
    def email(self) -> str | None:
        return (self.customer_details or {}).get("email") or self.customer_email


def mismatch(quote: dict[str, Any], session: SessionView) -> str | None:
    """Why this session cannot pay for this quote, or None. (Amounts always come from the quote.)"""
    if session.amount_total != quote["total_cents"]:
        return f"amount {session.amount_total} != quote total {quote['total_cents']}"
    if (session.currency or "").upper() != quote["currency"].upper():
        return f"currency {session.currency} != quote currency {quote['currency']}"
    if session.metadata.get("user_id") not in (None, quote["user_id"]):
        return "the session names another user"
    return None


def _lead_name(passengers: list[dict[str, Any]]) -> str:
    return f"{passengers[0]['given_names']} {passengers[0]['surname']}" if passengers else ""


def purchase_document(
    quote: dict[str, Any], session: SessionView, event_id: str, event_created: int, now: datetime
) -> dict[str, Any]:
    checkout = quote.get("checkout") or {}
    summary = quote["summary"]
    return {
        "_id": purchase_id_for(session.id),
        "user_id": quote["user_id"],
        "email": checkout.get("email") or session.email,
        "locale": checkout.get("locale") or "pt_BR",
        "status": "paid",
        "quote_id": quote["_id"],
        "package_id": quote["package_id"],
        "package": quote["package"],
        "travellers": quote["travellers"],
        # Who flies, as the booking's travellers step validated them (services/payments/travellers.py).
        "passengers": quote.get("passengers") or [],
        "contact": quote.get("contact"),
        "lead_name": _lead_name(quote.get("passengers") or []),
        "total_cents": quote["total_cents"],
        "currency": quote["currency"],
        **{
            k: summary[k]
            for k in ("origin", "destination", "destination_city", "hotel_name", "departure_at", "return_at")
        },
        "travellers_count": summary["travellers"],
        "payment": {
            "provider": "stripe",
            "session_id": session.id,
            "payment_intent": session.payment_intent_id,
            "amount_total": session.amount_total,
            "currency": session.currency,
            "customer_email": session.email,
            "event_id": event_id,
        },
        "purchased_at": datetime.fromtimestamp(event_created, UTC),
        "recorded_at": now,
        "refund": {},  # filled by a refund request and by charge.refunded
    }


def stock_items(quote: dict[str, Any]) -> list[HoldItem]:
    """The units a checkout of this quote holds (and its payment sells): as the quote recorded them,
    or from its package for a quote made before inventory existed."""
    if quote.get("stock_items"):
        return [HoldItem.model_validate(i) for i in quote["stock_items"]]
    return items_for(Package.model_validate(quote["package"]))
