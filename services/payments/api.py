"""What the web app calls for quotes, checkout, purchases and cancellation (async, never blocking
the event loop: Mongo through the gateway's AsyncMongoClient, the Stripe SDK and SendGrid in
threads). One service object per event loop, built on first use.

    create_quote(package_id, user_id) -> Quote
    start_checkout(quote_id, user_id, email, locale) -> str            (Stripe Checkout URL)
    fulfil_from_success_page(session_id, user_id) -> CheckoutStatus
    get_purchase_by_session(session_id, user_id) -> Purchase | None
    list_purchases(user_id) -> list[PurchaseSummary]                   (newest first)
    get_purchase(purchase_id, user_id) -> Purchase                     (NotFound for others' ids)
    request_refund(purchase_id, user_id) -> Purchase                   (status refund_pending)
    resend_receipt(purchase_id, user_id) -> None
    itinerary_ics(purchase_id, user_id) -> bytes                       (text/calendar)
    availability(needs) -> list[Availability]    (seats/rooms left per package; needs = items_for(p))
    cancellation_terms(locale) -> list[str];  refund_preview(purchase, now) on Purchase

Errors: NotFound, QuoteExpired (code "quote_expired": offer "refresh price" = create_quote again
with the same package id), SoldOut (code "sold_out": no hold, no session), RefundNotAllowed, TooSoon, LoginRequired, ServiceUnavailable (any transient failure:
Mongo, Kafka, Stripe or mail down; `dependency` names which).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from services.bootstrap import gateway_async, gateway_mongo_sync, mongo_async, stripe_gateway
from services.config import Settings, get_settings
from services.dashboard import queries
from services.faults import unavailable_on_outage
from services.inventory import Availability, HoldItem, Inventory
from services.inventory.capacity import capacity_for
from services.inventory.store import ensure_indexes as ensure_inventory_indexes
from services.messaging.envelope import Envelope
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from services.payments.actions import PurchaseActions
from services.payments.checkout import Checkout
from services.payments.models import CheckoutStatus, Purchase, PurchaseSummary, Quote
from services.payments.store import PURCHASES, QUOTES, ensure_indexes_async
from services.payments.terms import terms_text


def utc_now() -> datetime:
    return datetime.now(UTC)


async def publish(topic: str, envelope: Envelope, *, key: str) -> None:
    await (await gateway_async()).publisher.publish_async(topic, envelope, key=key)


@dataclass
class PaymentsService:
    checkout: Checkout
    actions: PurchaseActions
    inventory: Inventory | None = None

    @classmethod
    def build(cls, db, stripe, mailer, settings: Settings, publish=publish, clock=utc_now,
              inventory: Inventory | None = None) -> "PaymentsService":
        return cls(Checkout(db[QUOTES], stripe, settings.public_url, clock, inventory=inventory),
                   PurchaseActions(db[PURCHASES], stripe, publish, mailer, settings.public_url, clock), inventory)


_services: dict[asyncio.AbstractEventLoop, PaymentsService] = {}


async def service() -> PaymentsService:
    loop = asyncio.get_running_loop()
    found = _services.get(loop)
    if found is None:
        settings = get_settings()
        db = mongo_async(settings)[settings.mongo_db]
        await ensure_indexes_async(db)
        sync_db = gateway_mongo_sync(settings)[settings.mongo_db]  # inventory runs in threads (sync pymongo)
        await asyncio.to_thread(ensure_inventory_indexes, sync_db)
        found = PaymentsService.build(db, stripe_gateway(settings), SendGridEmailSender.from_settings(settings),
                                      settings, inventory=Inventory(sync_db, utc_now, capacity_for(settings)))
        _services[loop] = found
    return found


@unavailable_on_outage
async def create_quote(package_id: str, user_id: str) -> Quote:
    return await (await service()).checkout.create_quote(package_id, user_id)


@unavailable_on_outage
async def start_checkout(quote_id: str, user_id: str, email: str, locale: str) -> str:
    return await (await service()).checkout.start_checkout(quote_id, user_id, email, locale)


@unavailable_on_outage
async def fulfil_from_success_page(session_id: str, user_id: str) -> CheckoutStatus:
    return await (await service()).actions.fulfil_from_success_page(session_id, user_id)


@unavailable_on_outage
async def get_purchase_by_session(session_id: str, user_id: str) -> Purchase | None:
    return await (await service()).actions.get_purchase_by_session(session_id, user_id)


@unavailable_on_outage
async def list_purchases(user_id: str) -> list[PurchaseSummary]:
    return await queries.list_purchases((await service()).actions.purchases, user_id)


@unavailable_on_outage
async def get_purchase(purchase_id: str, user_id: str) -> Purchase:
    return await queries.get_purchase((await service()).actions.purchases, purchase_id, user_id)


@unavailable_on_outage
async def request_refund(purchase_id: str, user_id: str) -> Purchase:
    return await (await service()).actions.request_refund(purchase_id, user_id)


@unavailable_on_outage
async def resend_receipt(purchase_id: str, user_id: str) -> None:
    await (await service()).actions.resend_receipt(purchase_id, user_id)


@unavailable_on_outage
async def itinerary_ics(purchase_id: str, user_id: str) -> bytes:
    return await (await service()).actions.itinerary_ics(purchase_id, user_id)


@unavailable_on_outage
async def availability(needs: list[list[HoldItem]]) -> list[Availability]:
    return await asyncio.to_thread((await service()).inventory.availability, needs)


def cancellation_terms(locale: str | None = None) -> list[str]:
    return terms_text(locale)
