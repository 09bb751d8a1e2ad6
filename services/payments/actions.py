"""What a buyer does after paying: land on the success page, cancel, get the receipt again, export
the itinerary. Every lookup is filtered by the user id (another user's id is simply not found).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.clock import Clock
from services.errors import NotFound, ServiceUnavailable
from services.messaging.topics import PAYMENTS, PURCHASE_CHANGES
from services.payments.errors import RefundNotAllowed, TooSoon
from services.payments.handlers import PAID
from services.payments.ics import itinerary_ics
from services.payments.models import CheckoutStatus, Purchase
from services.payments.purchases import find_purchase, get_purchase
from services.payments.receipts import receipt_email
from services.payments.store import RECEIPTS, purchase_id_for
from services.payments.terms import refund_for
from services.payments.webhook import stripe_event_envelope
from services.projection import purchases as projection

log = logging.getLogger(__name__)

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
        return CheckoutStatus(
            session_id=session_id,
            payment_status=session["payment_status"],
            status=session["status"],
            purchase_id=purchase_id if recorded else None,
        )

    def synthetic_event(self, session: dict[str, Any]) -> dict[str, Any]:
        # A fixed id per session: reloading the success page never makes a second event.
        return {
            "id": f"evt_success_{session['id']}",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(self.clock().timestamp()),
            "data": {"object": session},
            "livemode": False,
        }

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
        # Each change goes to the read model's log (purchase-changes) with the same update the
        # projection applies. The claim comes first (it is what stops two concurrent requests), and
        # its event is acknowledged before Stripe is asked: if Kafka cannot take it, the claim is
        # undone and the buyer is told to try again, so no refund exists that the log lacks.
        requested = projection.RefundRequested(
            purchase_id=purchase_id, amount_cents=terms.amount_cents, percent=terms.percent, requested_at=now
        )
        where, update = projection.refund_requested(requested)
        claimed = await self.purchases.find_one_and_update(
            {**where, "user_id": user_id}, update, return_document=ReturnDocument.AFTER
        )
        if claimed is None:  # a concurrent request got there first
            raise RefundNotAllowed("This purchase has already been cancelled.")
        cancelled = projection.RefundCancelled(purchase_id=purchase_id)
        try:
            await self._log(requested)
        except Exception:
            await self.purchases.update_one(*projection.refund_cancelled(cancelled))
            raise
        try:
            refund = await asyncio.to_thread(
                self.stripe.refund,
                purchase.payment_intent,
                terms.amount_cents,
                f"refund:{purchase_id}",
                {"purchase_id": purchase_id, "session_id": purchase.session_id},
            )
        except Exception:
            await self.purchases.update_one(*projection.refund_cancelled(cancelled))
            await self._log(cancelled)
            raise
        created = projection.RefundCreated(purchase_id=purchase_id, stripe_refund_id=refund["id"])
        try:
            await self._log(created)
        except ServiceUnavailable:  # the refund is done at Stripe (charge.refunded will say so); only
            # its id, informational, stays unrecorded, in the log and so in the document
            log.error("refund %s of %s not logged; its id is not recorded", refund["id"], purchase_id)
            return Purchase.from_doc(claimed)
        where, update = projection.refund_created(created)
        doc = await self.purchases.find_one_and_update(where, update, return_document=ReturnDocument.AFTER)
        return Purchase.from_doc(doc)

    async def _log(self, change) -> None:
        await self.publish(PURCHASE_CHANGES.name, projection.envelope(change), key=projection.key(change))

    async def resend_receipt(self, purchase_id: str, user_id: str) -> None:
        purchase = await get_purchase(self.purchases, purchase_id, user_id)
        now = self.clock()
        receipts = self.purchases.database[RECEIPTS]
        try:  # at most one resend a minute: a receipt resent recently does not match, and the upsert
            # then collides with it on _id
            await receipts.update_one(
                {
                    "_id": purchase_id,
                    "$or": [{"last_resent_at": {"$exists": False}}, {"last_resent_at": {"$lt": now - RESEND_INTERVAL}}],
                },
                {"$set": {"last_resent_at": now}},
                upsert=True,
            )
        except DuplicateKeyError:
            raise TooSoon("The receipt was sent a moment ago. Please check your inbox (and spam folder).") from None
        message_id = await asyncio.to_thread(self.mailer.send, receipt_email(purchase, self.public_url))
        await receipts.update_one(
            {"_id": purchase_id},
            {
                "$set": {"status": "sent", "sent_at": self.clock(), "message_id": message_id},
                "$inc": {"resent_count": 1},
            },
        )

    async def itinerary_ics(self, purchase_id: str, user_id: str) -> bytes:
        return itinerary_ics(await get_purchase(self.purchases, purchase_id, user_id))
