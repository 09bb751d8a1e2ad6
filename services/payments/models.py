"""What the payments API returns to the UI (pydantic, built from the Mongo documents).

Money is integer cents (BRL). Instants are aware UTC datetimes; the package snapshot carries the
IANA zone of every place, so pages show local times with `Package`'s `*_local` properties.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from services.packages.models import Package
from services.payments.terms import RefundQuote, refund_for
from services.payments.travellers import LeadContact, Passenger

# "sold_out_refunded" is shown, never stored: a purchase stored `refunded` with refund.reason
# "sold_out" (paid after its hold lapsed, stock gone, refunded in full: the trip is not confirmed).
PurchaseStatus = Literal["paid", "refund_pending", "refunded", "sold_out_refunded"]


def shown_status(doc: dict[str, Any]) -> str:
    if doc["status"] == "refunded" and (doc.get("refund") or {}).get("reason") == "sold_out":
        return "sold_out_refunded"
    return doc["status"]


class Quote(BaseModel):
    """A price-locked package snapshot for one user (Mongo `quotes`)."""

    model_config = ConfigDict(frozen=True)

    id: str
    user_id: str
    package_id: str
    package: Package
    total_cents: int
    currency: str
    created_at: datetime
    expires_at: datetime

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Quote":
        return cls(
            id=doc["_id"],
            user_id=doc["user_id"],
            package_id=doc["package_id"],
            package=Package.model_validate(doc["package"]),
            total_cents=doc["total_cents"],
            currency=doc["currency"],
            created_at=doc["created_at"],
            expires_at=doc["expires_at"],
        )


class RefundInfo(BaseModel):
    amount_cents: int = 0  # what we asked Stripe to refund (by the terms)
    percent: int = 0
    requested_at: datetime | None = None
    stripe_refund_id: str | None = None
    amount_refunded_cents: int = 0  # what Stripe reports refunded (charge.refunded)
    reason: str = ""  # "sold_out": refunded by us because the stock was gone
    refunded_at: datetime | None = None


class PurchaseSummary(BaseModel):
    """One row of the dashboard list."""

    id: str
    status: PurchaseStatus
    origin: str
    destination: str
    destination_city: str
    hotel_name: str
    departure_at: datetime
    return_at: datetime
    travellers: int
    total_cents: int
    currency: str
    purchased_at: datetime
    lead_name: str = ""  # the first passenger ("" for purchases made before the travellers step)


class Purchase(BaseModel):
    """A recorded purchase with the whole package as it was bought (Mongo `purchases`)."""

    id: str
    user_id: str
    email: str
    locale: str
    status: PurchaseStatus
    package_id: str
    package: Package
    quote_id: str
    total_cents: int
    currency: str
    session_id: str
    payment_intent: str | None
    purchased_at: datetime
    refund: RefundInfo | None = None
    passengers: list[Passenger] = []  # empty for purchases made before the travellers step
    contact: LeadContact | None = None

    @property
    def departure_at(self) -> datetime:
        return self.package.outbound.departure_utc

    def refund_preview(self, now: datetime) -> RefundQuote:
        """What cancelling now would refund (the terms in services/payments/terms.py)."""
        if self.status != "paid":
            return RefundQuote(
                allowed=False, percent=0, amount_cents=0, free_until=refund_for(0, self.departure_at, now).free_until
            )
        return refund_for(self.total_cents, self.departure_at, now)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Purchase":
        payment = doc["payment"]
        return cls(
            id=doc["_id"],
            user_id=doc["user_id"],
            email=doc["email"],
            locale=doc["locale"],
            status=shown_status(doc),
            package_id=doc["package_id"],
            package=Package.model_validate(doc["package"]),
            quote_id=doc["quote_id"],
            total_cents=doc["total_cents"],
            currency=doc["currency"],
            session_id=payment["session_id"],
            payment_intent=payment.get("payment_intent"),
            purchased_at=doc["purchased_at"],
            refund=RefundInfo.model_validate(doc["refund"]) if doc.get("refund") else None,
            passengers=doc.get("passengers") or [],
            contact=LeadContact.model_validate(doc["contact"]) if doc.get("contact") else None,
        )


class CheckoutStatus(BaseModel):
    """What the success page learns about a Checkout Session it was sent back with."""

    session_id: str
    payment_status: Literal["paid", "unpaid", "no_payment_required"]  # Stripe's values
    status: Literal["open", "complete", "expired"]
    purchase_id: str | None = None  # set once the payments worker recorded the purchase
