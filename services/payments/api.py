"""What the web app calls for quotes, checkout, purchases and cancellation: `PaymentsService`,
built once at the app's start-up by bootstrap.web_services (async, never blocking the event loop:
Mongo through the web process's AsyncMongoClient, the Stripe SDK and SendGrid in threads).

    create_quote(package_id, user_id) -> Quote
    start_checkout(quote_id, user_id, email, locale) -> str            (Stripe Checkout URL)
    fulfil_from_success_page(session_id, user_id) -> CheckoutStatus
    get_purchase_by_session(session_id, user_id) -> Purchase | None
    request_refund(purchase_id, user_id) -> Purchase                   (status refund_pending)
    resend_receipt(purchase_id, user_id) -> None
    itinerary_ics(purchase_id, user_id) -> bytes                       (text/calendar)
    availability(needs) -> list[Availability]    (seats/rooms left per package; needs = items_for(p))
    cancellation_terms(locale) -> list[str];  refund_preview(purchase, now) on Purchase

The dashboard's list and detail reads are services.dashboard.api.Dashboard.
Errors: NotFound, QuoteExpired (code "quote_expired": offer "refresh price" = create_quote again
with the same package id), SoldOut (code "sold_out": no hold, no session), RefundNotAllowed, TooSoon,
LoginRequired, ServiceUnavailable (any transient failure:
Mongo, Kafka, Stripe or mail down; `dependency` names which).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from services.clock import Clock
from services.faults import unavailable_on_outage
from services.indexes import IndexesOnce
from services.inventory import Availability, HoldItem, Inventory
from services.notifications import EmailSender
from services.payments.actions import PurchaseActions
from services.payments.checkout import Checkout
from services.payments.models import CheckoutStatus, Purchase, Quote
from services.payments.store import PURCHASES, QUOTES, ensure_indexes_async
from services.payments.stripe_adapter import StripeGateway
from services.payments.terms import terms_text

Publish = Callable[..., Awaitable[Any]]  # Publisher.publish_async(topic, envelope, key=...)


class PaymentsService:
    def __init__(
        self, checkout: Checkout, actions: PurchaseActions, indexes: IndexesOnce, inventory: Inventory | None = None
    ):
        self.checkout, self.actions, self._indexes, self.inventory = checkout, actions, indexes, inventory

    @classmethod
    def build(
        cls,
        db,
        stripe: StripeGateway,
        mailer: EmailSender,
        publish: Publish,
        public_url: str,
        clock: Clock,
        inventory: Inventory | None = None,
    ) -> "PaymentsService":
        """Over an AsyncDatabase (and the inventory over the same database, sync, run in threads). Its
        indexes (the quotes TTL is the web's own; the worker creates the same set) are created before the
        first quote is written, not at start-up: the app starts with Mongo down."""

        async def ensure_indexes() -> None:
            await ensure_indexes_async(db)
            if inventory is not None:
                await asyncio.to_thread(inventory.ensure_indexes)

        return cls(
            Checkout(db[QUOTES], stripe, public_url, clock, inventory=inventory),
            PurchaseActions(db[PURCHASES], stripe, publish, mailer, public_url, clock),
            IndexesOnce(ensure_indexes),
            inventory,
        )

    @unavailable_on_outage
    async def create_quote(self, package_id: str, user_id: str) -> Quote:
        await self._indexes.ensure()
        return await self.checkout.create_quote(package_id, user_id)

    @unavailable_on_outage
    async def start_checkout(self, quote_id: str, user_id: str, email: str, locale: str) -> str:
        await self._indexes.ensure()
        return await self.checkout.start_checkout(quote_id, user_id, email, locale)

    @unavailable_on_outage
    async def fulfil_from_success_page(self, session_id: str, user_id: str) -> CheckoutStatus:
        return await self.actions.fulfil_from_success_page(session_id, user_id)

    @unavailable_on_outage
    async def get_purchase_by_session(self, session_id: str, user_id: str) -> Purchase | None:
        return await self.actions.get_purchase_by_session(session_id, user_id)

    @unavailable_on_outage
    async def request_refund(self, purchase_id: str, user_id: str) -> Purchase:
        return await self.actions.request_refund(purchase_id, user_id)

    @unavailable_on_outage
    async def resend_receipt(self, purchase_id: str, user_id: str) -> None:
        await self.actions.resend_receipt(purchase_id, user_id)

    @unavailable_on_outage
    async def itinerary_ics(self, purchase_id: str, user_id: str) -> bytes:
        return await self.actions.itinerary_ics(purchase_id, user_id)

    @unavailable_on_outage
    async def availability(self, needs: list[list[HoldItem]]) -> list[Availability]:
        if self.inventory is None:
            return []
        await self._indexes.ensure()
        return await asyncio.to_thread(self.inventory.availability, needs)

    @staticmethod
    def cancellation_terms(locale: str | None = None) -> list[str]:
        return terms_text(locale)
