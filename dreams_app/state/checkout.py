"""Booking a package (the package page's panel): "Reservar" → the travellers step → Stripe.

The browser only names the package id; the payments service rebuilds the package and locks its
price in a quote (nothing the browser sends sets an amount). Which booking "Reservar" continues is
decided on the server, never by this tab (services/payments/bookings.py): an open Checkout Session
of this package shows "Você tem um pagamento em aberto" (continue it, or start over: the session is
expired at Stripe and a new booking starts); anything else — paid, expired, refunded — is a new
booking, so the same trip can be bought twice. Continuing a session whose price lock ran out
raises QuoteExpired, which asks for "refresh price" (a new quote).
"""

from __future__ import annotations

import logging
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.i18n import translate
from dreams_app.state.auth import AuthState
from dreams_app.state.outage import unavailable_key
from services.errors import NotFound, ServiceUnavailable
from services.i18n import format_datetime, format_money
from services.inventory import SoldOut
from services.payments.errors import LoginRequired, QuoteExpired
from services.payments.terms import terms_text
from services.sessions.check import Access

logger = logging.getLogger(__name__)


def error_key(exc: Exception) -> str:
    if isinstance(exc, ServiceUnavailable):
        return unavailable_key(exc)
    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, SoldOut):
        return "sold_out"
    logger.exception("checkout could not start", exc_info=exc)
    return "unexpected"


class BookingState(AuthState):
    booking_status: Literal["idle", "quoting", "redirecting", "open_payment", "expired", "refreshing", "error"] = "idle"
    booking_error: str = ""  # a booking.error.* key
    open_quote: str = ""  # the booking whose Checkout Session is open (the notice's two buttons)
    _refreshed: dict = {}  # the refreshed quote: total_cents, currency, expires_at (ISO)

    @rx.var
    def busy(self) -> bool:
        return self.booking_status in ("quoting", "redirecting", "refreshing")

    @rx.var
    def booking_error_text(self) -> str:
        return translate(f"booking.error.{self.booking_error}", self.lang) if self.booking_error else ""

    @rx.var
    def refreshed_text(self) -> str:
        q = self._refreshed
        if not q:
            return ""
        until = format_datetime(q["expires_at"], None, self.lang, "short")
        return translate("booking.refreshed", self.lang).format(
            total=format_money(q["total_cents"], q["currency"], self.lang), until=until
        )

    @rx.var
    def terms(self) -> list[str]:
        return terms_text(self.lang)

    @rx.event
    def reset_booking(self):
        """on_load of the package page: a fresh panel."""
        self.booking_status, self.booking_error, self._refreshed, self.open_quote = "idle", "", {}, ""

    async def _checked_user(self):
        """The session's user, checked now; None (and the log-in page) when logged out;
        ServiceUnavailable when the session store could not say (never the log-in page then)."""
        result = await self._checked()
        if result.access is Access.UNCHECKED:
            raise ServiceUnavailable("The session could not be checked.", dependency="mongo")
        return result.session.user if result.session else None

    async def _booking_user(self):
        """The checked user; LoginRequired when logged out (`_booking_failed` sends them to log in)."""
        user = await self._checked_user()
        if user is None:
            raise LoginRequired("Log in to book this package.")
        return user

    async def _booking_failed(self, exc: Exception, package_id: str):
        """What the panel does when a booking step fails: the log-in page, "refresh price", or the error."""
        async with self:
            if isinstance(exc, QuoteExpired):
                self.booking_status = "expired"
                return None
            if isinstance(exc, LoginRequired):
                self.booking_status = "idle"
                return rx.redirect(routes.login_url(routes.package_url(package_id)))
            self.booking_status, self.booking_error = "error", error_key(exc)
            return None

    @rx.event(background=True)
    async def book(self, package_id: str):
        """ "Reservar": a new booking's travellers step, or the open-payment notice."""
        async with self:
            if self.busy or not package_id:
                return
            self.booking_status, self.booking_error, self.open_quote = "quoting", "", ""
        try:
            user = await self._booking_user()
            booking = await backend.services().bookings.start(package_id, user.user_id, user.email)
        except Exception as exc:
            return await self._booking_failed(exc, package_id)
        async with self:
            if booking.kind == "open_payment":
                self.booking_status, self.open_quote = "open_payment", booking.quote_id
                return None
            self.booking_status = "redirecting"
        return rx.redirect(routes.booking_url(booking.quote_id))

    @rx.event(background=True)
    async def continue_payment(self, package_id: str):
        """The notice's "Continuar pagamento": the same Checkout Session, while it is open."""
        async with self:
            if self.busy or not self.open_quote:
                return
            self.booking_status, self.booking_error, quote_id, locale = "redirecting", "", self.open_quote, self.lang
        try:
            user = await self._booking_user()
            url = await backend.services().bookings.resume(quote_id, user.user_id, user.email, locale)
        except Exception as exc:
            return await self._booking_failed(exc, package_id)
        # Another host (Stripe): Reflex turns this into window.location.assign — a full navigation
        # in this tab. (`is_external=True` would open a new tab instead.)
        return rx.redirect(url)

    @rx.event(background=True)
    async def start_over(self, package_id: str):
        """The notice's "Começar de novo": the open session expired at Stripe, a new booking."""
        async with self:
            if self.busy or not self.open_quote:
                return
            self.booking_status, self.booking_error, quote_id = "quoting", "", self.open_quote
        try:
            user = await self._booking_user()
            new_quote = await backend.services().bookings.start_over(quote_id, user.user_id, user.email)
        except Exception as exc:
            return await self._booking_failed(exc, package_id)
        async with self:
            self.booking_status, self.open_quote = "redirecting", ""
        return rx.redirect(routes.booking_url(new_quote.id))

    @rx.event(background=True)
    async def refresh_price(self, package_id: str):
        """After QuoteExpired: a new booking (price recomputed on the server) for the same package;
        "Reservar" then opens its travellers step, filled with what the expired one held."""
        async with self:
            if self.busy:
                return
            self.booking_status, self.booking_error, open_quote = "refreshing", "", self.open_quote
        try:
            user = await self._booking_user()
            if open_quote:  # its session can no longer be paid at this price: expired, travellers kept
                quote = await backend.services().bookings.start_over(open_quote, user.user_id, user.email)
            else:
                quote = await backend.services().payments.create_quote(package_id, user.user_id)
        except Exception as exc:
            return await self._booking_failed(exc, package_id)
        async with self:
            self._refreshed = {
                "total_cents": quote.total_cents,
                "currency": quote.currency,
                "expires_at": quote.expires_at,
            }
            self.booking_status, self.open_quote = "idle", ""
        return None
