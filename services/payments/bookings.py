"""A booking = a quote (Mongo `quotes`) with its travellers: the step between "Reservar" and Stripe.

    start(package_id, user_id, email) -> BookingStart   a new booking, or the open payment to resume
                                                       (SoldOut when its seats or rooms are gone)
    get(quote_id, user_id) -> BookingView              owner-only (another user's id: NotFound)
    save_draft(quote_id, user_id, fields) -> None      what the form holds, on every blur
    submit(quote_id, user_id, fields, email, locale) -> str   validated travellers → Stripe Checkout URL
    start_over(quote_id, user_id, email) -> Quote      expire the open session, a new booking

"Reservar" looks on the server, never in the tab: the user's latest booking of this package that
started a Checkout Session is resumed only while Stripe says that session is open (retrieved each
time); a completed, expired or refunded payment means a new booking (a second group, a rebooking).
A booking whose checkout has not started and whose price lock holds is reused, so an interrupted
form comes back as it was left. Nothing of the travellers goes to Stripe: the Checkout Session is
built from the quote's summary only (services/payments/checkout.py).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal

from pydantic import BaseModel
from pymongo import DESCENDING

from services.errors import NotFound, ValidationFailed
from services.faults import unavailable_on_outage
from services.inventory import SoldOut, items_for
from services.packages.models import Package
from services.payments.models import Quote
from services.payments.travellers import TripRules, clean_draft, trip_rules, validate

log = logging.getLogger(__name__)


class BookingStart(BaseModel):
    kind: Literal["new", "open_payment"]
    quote_id: str


class BookingView(BaseModel):
    quote_id: str
    package_id: str
    package: Package
    rules: TripRules
    draft: dict[str, str]
    total_cents: int
    currency: str
    expires_at: Any
    paid_session_id: str | None = None  # its payment already went through: show that, not the form


class Bookings:
    """Over the gateway's async `quotes` collection, the Stripe adapter and the payments service
    (quote creation and checkout start, where the price lock and any hold happen)."""

    def __init__(self, quotes, stripe, payments, clock):
        self.quotes, self.stripe, self.payments, self.clock = quotes, stripe, payments, clock

    async def _session_status(self, session_id: str) -> str:
        """Stripe's word on a session now: open | complete | expired (unknown to Stripe: expired)."""
        try:
            return (await asyncio.to_thread(self.stripe.retrieve_checkout_session, session_id))["status"]
        except NotFound:
            return "expired"

    @unavailable_on_outage
    async def start(self, package_id: str, user_id: str, email: str) -> BookingStart:
        latest = await self.quotes.find_one(
            {"user_id": user_id, "package_id": package_id}, sort=[("created_at", DESCENDING)]
        )
        if latest is not None:
            session_id = (latest.get("checkout") or {}).get("session_id")
            if session_id:
                if await self._session_status(session_id) == "open":
                    return BookingStart(kind="open_payment", quote_id=latest["_id"])
            elif latest["expires_at"] > self.clock():
                await self._in_stock(Package.model_validate(latest["package"]))
                return BookingStart(kind="new", quote_id=latest["_id"])  # the form left half-done
        quote = await self.payments.create_quote(package_id, user_id)
        await self._in_stock(quote.package)
        await self.quotes.update_one({"_id": quote.id}, {"$set": {"draft": {"contact_email": email}}})
        return BookingStart(kind="new", quote_id=quote.id)

    async def _in_stock(self, package: Package) -> None:
        """SoldOut before anyone types a passport number for a trip that is gone. A display-level
        read: the hold at checkout start decides (a unit can still go in between)."""
        items = items_for(package)
        [shown] = await self.payments.availability([items]) or [None]
        if shown is not None and not shown.bookable:
            raise SoldOut(items[0].unit if items else "")

    async def _owned(self, quote_id: str, user_id: str) -> dict[str, Any]:
        quote = await self.quotes.find_one({"_id": quote_id, "user_id": user_id}) if user_id else None
        if quote is None:
            raise NotFound("Booking not found.")
        return quote

    @unavailable_on_outage
    async def get(self, quote_id: str, user_id: str) -> BookingView:
        quote = await self._owned(quote_id, user_id)
        package = Package.model_validate(quote["package"])
        paid = None
        session_id = (quote.get("checkout") or {}).get("session_id")
        if session_id and await self._session_status(session_id) == "complete":
            paid = session_id
        return BookingView(
            quote_id=quote["_id"],
            package_id=quote["package_id"],
            package=package,
            rules=trip_rules(package),
            draft=quote.get("draft") or {},
            total_cents=quote["total_cents"],
            currency=quote["currency"],
            expires_at=quote["expires_at"],
            paid_session_id=paid,
        )

    @unavailable_on_outage
    async def save_draft(self, quote_id: str, user_id: str, fields: dict[str, object]) -> None:
        fields = clean_draft(fields)
        if not fields:
            return
        result = await self.quotes.update_one(
            {"_id": quote_id, "user_id": user_id}, {"$set": {f"draft.{k}": v for k, v in fields.items()}}
        )
        if result.matched_count == 0:
            raise NotFound("Booking not found.")

    @unavailable_on_outage
    async def submit(self, quote_id: str, user_id: str, fields: dict[str, object], email: str, locale: str) -> str:
        """Save what was typed, validate it all (ValidationFailed: field -> message key), keep the
        travellers with the quote, then open (or resume) its Checkout Session."""
        await self.save_draft(quote_id, user_id, fields)
        quote = await self._owned(quote_id, user_id)
        travellers, errors = validate(quote.get("draft") or {}, trip_rules(Package.model_validate(quote["package"])))
        if errors:
            raise ValidationFailed(errors)  # message keys only: the values typed never reach a log
        await self.quotes.update_one(
            {"_id": quote_id, "user_id": user_id},
            {
                "$set": {
                    "passengers": [p.model_dump(mode="json") for p in travellers.passengers],
                    "contact": travellers.contact.model_dump(mode="json"),
                }
            },
        )
        return await self.payments.start_checkout(quote_id, user_id, email, locale)

    @unavailable_on_outage
    async def resume(self, quote_id: str, user_id: str, email: str, locale: str) -> str:
        """ "Continuar pagamento": the same Checkout Session while it is open."""
        await self._owned(quote_id, user_id)
        return await self.payments.start_checkout(quote_id, user_id, email, locale)

    @unavailable_on_outage
    async def start_over(self, quote_id: str, user_id: str, email: str) -> Quote:
        """ "Começar de novo": expire the open session at Stripe (nobody can pay it any more), then a
        new booking of the same package, its form prefilled with what this one held."""
        quote = await self._owned(quote_id, user_id)
        session_id = (quote.get("checkout") or {}).get("session_id")
        if session_id and await self._session_status(session_id) == "open":
            await asyncio.to_thread(self.stripe.expire_checkout_session, session_id)
        await self.quotes.update_one({"_id": quote_id}, {"$set": {"abandoned_at": self.clock()}})
        new = await self.payments.create_quote(quote["package_id"], user_id)
        old = quote.get("draft") or {}
        draft = {**old, "contact_email": old.get("contact_email") or email}
        await self.quotes.update_one({"_id": new.id}, {"$set": {"draft": draft}})
        return new
