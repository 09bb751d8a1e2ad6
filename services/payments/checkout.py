"""Quotes and Stripe Checkout: lock a server-computed price, open a Checkout Session for it.

The amount always comes from the quote (the package rebuilt on the server from its id); the
browser only names a package id. Stripe insists a session stays open at least 30 minutes, so a
quote's price lock is extended to the session's expiry when checkout starts (they then match).
Each session creation has its own idempotency key (`checkout:{quote_id}:{attempt}`): a retried
request never opens a second session, and a new attempt is only made when the previous session
expired.
Inventory (services/inventory): while the session is created, every seat and room of the package is
held (all or nothing) until the session's `expires_at` (both computed first, so they match); the
two run concurrently, so the traveller waits for the slower, not for both. SoldOut: the session
just made is expired and the traveller is told, before any URL exists. A failed Stripe call
releases the hold; a resumed open session keeps its own.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote as url_quote

from pymongo import ReturnDocument

from services.catalog.place_names import place_name
from services.errors import NotFound
from services.i18n import format_numeric_day, html_lang, normalise_locale, translator
from services.inventory import items_for
from services.packages import rebuild
from services.payments.documents import quote_document, stock_items
from services.payments.errors import LoginRequired, QuoteExpired
from services.payments.models import Quote
from services.payments.store import new_quote_id

log = logging.getLogger(__name__)

STRIPE_MIN_SESSION = timedelta(minutes=31)  # Stripe's minimum is 30 minutes from creation


def success_url(public_url: str) -> str:
    return f"{public_url}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}"


def cancel_url(public_url: str, package_id: str) -> str:
    return f"{public_url}/package/{url_quote(package_id, safe='')}"


def session_params(quote: dict[str, Any], email: str, locale: str, public_url: str, expires_at: int) -> dict[str, Any]:
    summary, locale = quote["summary"], normalise_locale(locale)
    tr = translator(locale)
    # The summary's moments are UTC (Mongo gives them naive); their UTC days, as Stripe always showed.
    dates = (
        f"{format_numeric_day(summary['departure_at'], 'UTC', locale)} – "
        f"{format_numeric_day(summary['return_at'], 'UTC', locale)}"
    )
    people = tr.ngettext("{n} traveller", "{n} travellers", summary["travellers"]).format(n=summary["travellers"])
    name = tr.gettext("Package Dreams: {city} ({origin} → {destination})").format(
        city=place_name(summary["destination"], locale), origin=summary["origin"], destination=summary["destination"]
    )
    ids = {"quote_id": quote["_id"], "user_id": quote["user_id"]}
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": quote["currency"].lower(),
                    "unit_amount": quote["total_cents"],
                    "product_data": {
                        "name": name,
                        "description": f"{dates} · {summary['hotel_name']} · {people}",
                    },
                },
            }
        ],
        "customer_email": email,
        "client_reference_id": quote["_id"],
        "metadata": {**ids, "package_id": quote["package_id"]},
        "payment_intent_data": {"metadata": ids},
        "locale": html_lang(locale),
        "success_url": success_url(public_url),
        "cancel_url": cancel_url(public_url, quote["package_id"]),
        "expires_at": expires_at,
    }


class Checkout:
    """Quote creation and checkout start, over the gateway's async Mongo and the Stripe adapter."""

    def __init__(self, quotes, stripe, public_url: str, clock, rebuild_package=rebuild, inventory=None):
        self.quotes, self.stripe, self.public_url, self.clock = quotes, stripe, public_url, clock
        self.rebuild = rebuild_package
        self.inventory = inventory  # services.inventory.Inventory; None only for the bench's baseline
        self._undoing: set[asyncio.Task] = set()  # undos of cancelled checkout starts, still running

    async def create_quote(self, package_id: str, user_id: str) -> Quote:
        if not user_id:
            raise LoginRequired("Log in to book this package.")
        package = await asyncio.to_thread(self.rebuild, package_id)  # NotFound if it no longer exists
        doc = quote_document(new_quote_id(), package, user_id, self.clock())
        doc["stock_items"] = [i.model_dump() for i in items_for(package)]  # what checkout will hold
        await self.quotes.insert_one(doc)
        return Quote.from_doc(doc)

    async def start_checkout(self, quote_id: str, user_id: str, email: str, locale: str) -> str:
        quote = await self.quotes.find_one({"_id": quote_id, "user_id": user_id})
        if quote is None:
            raise NotFound("Quote not found.")
        now = self.clock()
        if quote["expires_at"] <= now:
            raise QuoteExpired(quote["package_id"])
        previous = (quote.get("checkout") or {}).get("session_id")
        if previous:
            session = await asyncio.to_thread(self.stripe.retrieve_checkout_session, previous)
            if session["status"] == "open" and session.get("url"):
                return session["url"]
            if session["status"] == "complete":
                return success_url(self.public_url).replace("{CHECKOUT_SESSION_ID}", previous)
        counted = await self.quotes.find_one_and_update(
            {"_id": quote_id},
            {"$inc": {"checkout_attempts": 1}},
            projection={"checkout_attempts": 1},
            return_document=ReturnDocument.AFTER,
        )
        expires_at = int(max(quote["expires_at"], now + STRIPE_MIN_SESSION).timestamp())
        params = session_params(quote, email, locale, self.public_url, expires_at)
        hold_id = f"hold_{quote_id}_{counted['checkout_attempts']}" if self.inventory is not None else None
        if hold_id:
            params["metadata"]["hold_id"] = hold_id  # the worker releases / sells it by this id
        # The hold and the session are made at the same time (the traveller waits for the slower one).
        # Shielded: if the request is cancelled, both still finish and are undone (_undo).
        both = asyncio.gather(
            self._hold(quote, hold_id, expires_at),
            asyncio.to_thread(
                self.stripe.create_checkout_session, params, f"checkout:{quote_id}:{counted['checkout_attempts']}"
            ),
            return_exceptions=True,
        )
        try:
            held, session = await asyncio.shield(both)
        except asyncio.CancelledError:
            both.add_done_callback(
                lambda done: self._undoing.add(  # keep a reference to the task
                    asyncio.create_task(self._undo(hold_id, *done.result()))
                )
            )
            raise
        if isinstance(held, BaseException) or isinstance(session, BaseException):
            await self._undo(hold_id, held, session)
            raise held if isinstance(held, BaseException) else session
        await self.quotes.update_one(
            {"_id": quote_id},
            {
                "$set": {
                    "expires_at": datetime.fromtimestamp(expires_at, UTC),
                    "checkout": {
                        "session_id": session["id"],
                        "url": session["url"],
                        "email": email,
                        "locale": normalise_locale(locale),
                        "started_at": now,
                        "hold_id": hold_id,
                    },
                }
            },
        )
        return session["url"]

    async def _hold(self, quote: dict[str, Any], hold_id: str | None, expires_at: int) -> None:
        """Hold the package's seats and rooms for this checkout attempt (SoldOut if any is gone)."""
        if hold_id is None:
            return
        items = stock_items(quote)
        await asyncio.to_thread(
            self.inventory.place, hold_id, items, datetime.fromtimestamp(expires_at, UTC), quote_id=quote["_id"]
        )

    async def _undo(self, hold_id: str | None, held: Any, session: Any) -> None:
        """One of the two failed (or the request was cancelled): give back what the other made. A held
        hold is released; an open session is expired (its hold, if any, is released by the
        worker on the expired event too). Failures here are logged: the original error is what the
        traveller sees, and an orphan hold lapses on its own (holds._reclaim)."""
        try:
            if hold_id and not isinstance(held, BaseException):
                await asyncio.to_thread(self.inventory.release, hold_id)
            if session is not None and not isinstance(session, BaseException):
                await asyncio.to_thread(self.stripe.expire_checkout_session, session["id"])
        except Exception:
            log.exception("could not undo checkout attempt (hold %s)", hold_id)
        finally:
            self._undoing.discard(asyncio.current_task())
