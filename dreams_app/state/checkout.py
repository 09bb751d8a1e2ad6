"""Booking a package (the package page's panel): quote → Stripe Checkout → off to Stripe's page.

The browser only names the package id; the payments service rebuilds the package and locks its
price in a quote (nothing the browser sends sets an amount). The quote id is kept per package for
this tab, so coming back from Stripe ("back") and booking again reopens the same Checkout Session
until the price lock runs out; then QuoteExpired asks for "refresh price" (a new quote).
"""
from __future__ import annotations

import logging
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.formatting import format_datetime, format_money
from dreams_app.i18n import translate
from dreams_app.state.auth import AuthState
from dreams_app.state.outage import unavailable_key
from services.errors import NotFound, ServiceUnavailable
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
    booking_status: Literal["idle", "quoting", "redirecting", "expired", "refreshing", "error"] = "idle"
    booking_error: str = ""  # a booking.error.* key
    _quotes: dict[str, str] = {}  # package id -> quote id of this tab
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
            total=format_money(q["total_cents"], q["currency"], self.lang), until=until)

    @rx.var
    def terms(self) -> list[str]:
        return terms_text(self.lang)

    @rx.event
    def reset_booking(self):
        """on_load of the package page: a fresh panel (the quotes of this tab are kept)."""
        self.booking_status, self.booking_error, self._refreshed = "idle", "", {}

    async def _checked_user(self):
        """The session's user, checked now; None (and the log-in page) when logged out;
        ServiceUnavailable when the session store could not say (never the log-in page then)."""
        result = await self._checked()
        if result.access is Access.UNCHECKED:
            raise ServiceUnavailable("The session could not be checked.", dependency="mongo")
        return result.session.user if result.session else None

    @rx.event(background=True)
    async def book(self, package_id: str):
        async with self:
            if self.busy or not package_id:
                return
            self.booking_status, self.booking_error, locale = "quoting", "", self.lang
            quote_id = self._quotes.get(package_id)
        back = routes.login_url(routes.package_url(package_id))
        try:
            user = await self._checked_user()
            if user is None:
                raise LoginRequired("Log in to book this package.")
            if quote_id is None:
                quote_id = (await backend.services().payments.create_quote(package_id, user.user_id)).id
                async with self:
                    self._quotes = {**self._quotes, package_id: quote_id}
            url = await backend.services().payments.start_checkout(quote_id, user.user_id, user.email, locale)
        except QuoteExpired:
            async with self:
                self.booking_status = "expired"
            return None
        except LoginRequired:
            async with self:
                self.booking_status = "idle"
            return rx.redirect(back)
        except Exception as exc:
            async with self:
                self.booking_status, self.booking_error = "error", error_key(exc)
            return None
        async with self:
            self.booking_status = "redirecting"
        # Another host (Stripe): Reflex turns this into window.location.assign — a full navigation
        # in this tab. (`is_external=True` would open a new tab instead.)
        return rx.redirect(url)

    @rx.event(background=True)
    async def refresh_price(self, package_id: str):
        """After QuoteExpired: a new quote (price recomputed on the server) for the same package."""
        async with self:
            if self.busy:
                return
            self.booking_status, self.booking_error = "refreshing", ""
        try:
            user = await self._checked_user()
            if user is None:
                async with self:
                    self.booking_status = "idle"
                return rx.redirect(routes.login_url(routes.package_url(package_id)))
            quote = await backend.services().payments.create_quote(package_id, user.user_id)
        except Exception as exc:
            async with self:
                self.booking_status, self.booking_error = "error", error_key(exc)
            return None
        async with self:
            self._quotes = {**self._quotes, package_id: quote.id}
            self._refreshed = {"total_cents": quote.total_cents, "currency": quote.currency,
                               "expires_at": quote.expires_at}
            self.booking_status = "idle"
        return None
