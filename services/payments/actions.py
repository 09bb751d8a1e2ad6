"""What a buyer does after paying: land on the success page, cancel, get the receipt again, export
the itinerary. Every lookup is filtered by the user id (another user's id is simply not found).
"""
from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.clock import Clock
from services.errors import NotFound
from services.messaging.topics import PAYMENTS
from services.payments.errors import RefundNotAllowed, TooSoon
from services.payments.handlers import PAID
from services.payments.ics import itinerary_ics
from services.payments.models import CheckoutStatus, Purchase
from services.payments.purchases import find_purchase, get_purchase
from services.payments.receipts import receipt_email
from services.payments.store import RECEIPTS, purchase_id_for
from services.payments.terms import refund_for
from services.payments.webhook import stripe_event_envelope

RESEND_INTERVAL = timedelta(minutes=1)


class PurchaseActions:
    def __init__(self, purchases, stripe, publish, mailer, public_url: str, clock: Clock):
        self.purchases, self.stripe, self.publish, self.mailer = purchases, stripe, publish, mailer
        self.public_url, self.clock = public_url, clock

    async def fulfil_from_success_page(self, session_id: str, user_id: str) -> CheckoutStatus:
        """The browser came back from Stripe: if the session is paid and the webhook has not been
        handled yet, hand the session to the same idempotent path (topic `payments`)."""
        session = await asyncio.to_thread(self.stripe.retrieve_checkout_session, session_id)
        if not user_id or (session.get("metadata") or {}).get("user_id") != user_id:
            raise NotFound("Payment not found.")
        purchase_id = purchase_id_for(session_id)
        recorded = await self.purchases.find_one({"_id": purchase_id}, {"_id": 1})
        if session["payment_status"] in PAID and recorded is None:
            await self.publish(PAYMENTS.name, stripe_event_envelope(self.synthetic_event(session)), key=session_id)
        return CheckoutStatus(session_id=session_id, payment_status=session["payment_status"],
                              status=session["status"], purchase_id=purchase_id if recorded else None)

    def synthetic_event(self, session: dict[str, Any]) -> dict[str, Any]:
        # A fixed id per session: reloading the success page never makes a second event.
        return {"id": f"evt_success_{session['id']}", "object": "event", "type": "checkout.session.completed",
                "created": int(self.clock().timestamp()), "data": {"object": session}, "livemode": False}

    async def get_purchase_by_session(self, session_id: str, user_id: str) -> Purchase | None:
        return await find_purchase(self.purchases, user_id, **{"payment.session_id": session_id})

    async def request_refund(self, purchase_id: str, user_id: str) -> Purchase:
        purchase = await get_purchase(self.purchases, purchase_id, user_id)
        now = self.clock()
        if purchase.status != "paid":
            raise RefundNotAllowed("This purchase has already been cancelled.")
        terms = refund_for(purchase.total_cents, purchase.departure_at, now)
        if not terms.allowed:
            raise RefundNotAllowed("The trip has already started: it can no longer be cancelled.")
        claimed = await self.purchases.find_one_and_update(
            {"_id": purchase_id, "user_id": user_id, "status": "paid"},
            {"$set": {"status": "refund_pending", "refund.amount_cents": terms.amount_cents,
                      "refund.percent": terms.percent, "refund.requested_at": now}},
            return_document=ReturnDocument.AFTER)
        if claimed is None:  # a concurrent request got there first
            raise RefundNotAllowed("This purchase has already been cancelled.")
        try:
            refund = await asyncio.to_thread(
                self.stripe.refund, purchase.payment_intent, terms.amount_cents, f"refund:{purchase_id}",
                {"purchase_id": purchase_id, "session_id": purchase.session_id})
        except Exception:
            await self.purchases.update_one({"_id": purchase_id, "status": "refund_pending"},
                                            {"$set": {"status": "paid", "refund": {}}})
            raise
        doc = await self.purchases.find_one_and_update(
            {"_id": purchase_id}, {"$set": {"refund.stripe_refund_id": refund["id"]}},
            return_document=ReturnDocument.AFTER)
        return Purchase.from_doc(doc)

    async def resend_receipt(self, purchase_id: str, user_id: str) -> None:
        purchase = await get_purchase(self.purchases, purchase_id, user_id)
        now = self.clock()
        receipts = self.purchases.database[RECEIPTS]
        try:  # at most one resend a minute: a receipt resent recently does not match, and the upsert
            # then collides with it on _id
            await receipts.update_one({"_id": purchase_id, "$or": [
                {"last_resent_at": {"$exists": False}}, {"last_resent_at": {"$lt": now - RESEND_INTERVAL}}]},
                {"$set": {"last_resent_at": now}}, upsert=True)
        except DuplicateKeyError:
            raise TooSoon("The receipt was sent a moment ago. Please check your inbox (and spam folder).") from None
        message_id = await asyncio.to_thread(self.mailer.send, receipt_email(purchase, self.public_url))
        await receipts.update_one({"_id": purchase_id}, {
            "$set": {"status": "sent", "sent_at": self.clock(), "message_id": message_id},
            "$inc": {"resent_count": 1}})

    async def itinerary_ics(self, purchase_id: str, user_id: str) -> bytes:
        return itinerary_ics(await get_purchase(self.purchases, purchase_id, user_id))

