"""One purchase (/purchases/<id>, logged-in only): the whole package as bought, the payment, the
itinerary download, "resend receipt" and "cancel and refund".

Every event checks the session again and every read is filtered by its user id: another user's
purchase is "not found", exactly like an unknown id. While a refund is pending the page polls the
purchase (bounded) and turns into "refunded" once the payments worker handled charge.refunded.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal
from urllib.parse import unquote

import reflex as rx

from dreams_app import backend, routes
from dreams_app.i18n import translate
from dreams_app.state.auth import AuthState
from dreams_app.state.itinerary import ItineraryMixin
from dreams_app.state.outage import unavailable_key
from dreams_app.state.package_view import summary_text
from dreams_app.state.purchase_view import now_utc, payment_text, refund_text, travellers_text, trip_days
from services.errors import NotFound, ServiceUnavailable
from services.packages import Package
from services.payments.errors import RefundNotAllowed, TooSoon
from services.payments.models import Purchase
from services.payments.terms import RefundQuote
from services.sessions.check import Access

logger = logging.getLogger(__name__)

REFUND_POLL_INTERVAL = 0.5  # s
REFUND_POLL_LIMIT = 60.0  # s; after that a reload shows the latest status


def action_error(exc: Exception) -> str:
    if isinstance(exc, RefundNotAllowed):
        return "refund_not_allowed"
    if isinstance(exc, ServiceUnavailable):
        return unavailable_key(exc)
    logger.exception("purchase action failed", exc_info=exc)
    return "unexpected"


class PurchaseState(ItineraryMixin, AuthState):
    purchase_status: Literal["loading", "ready", "not_found", "unavailable", "error"] = "loading"
    shown_purchase: str = ""
    action: Literal["idle", "cancelling", "resending"] = "idle"
    notice: str = ""  # resent | too_soon
    action_error: str = ""  # a purchase.error.* key
    confirm_open: bool = False
    _purchase: dict = {}
    _preview: dict = {}  # RefundQuote, computed when the purchase was read
    _watch: int = 0  # bumped per load; an older refund watcher stops

    def _model(self) -> Purchase | None:
        return Purchase.model_validate(self._purchase) if self._purchase else None

    def _itinerary_package(self) -> Package | None:
        p = self._model()
        return p.package if p else None

    @rx.var(cache=True)
    def summary(self) -> dict[str, str]:  # the itinerary's, plus the trip's days
        p = self._model()
        return {**summary_text(p.package, self.lang), "days": trip_days(p, self.lang)} if p else {}

    @rx.var(cache=True)
    def travellers(self) -> list[str]:
        p = self._model()
        return travellers_text(p, self.lang) if p else []

    @rx.var(cache=True)
    def payment(self) -> dict[str, str]:
        p = self._model()
        return payment_text(p, self.lang) if p else {}

    @rx.var(cache=True)
    def refund(self) -> dict[str, str]:
        p = self._model()
        if p is None or not self._preview:
            return {}
        return refund_text(p, RefundQuote.model_validate(self._preview), self.lang)

    @rx.var(cache=True)
    def notice_text(self) -> str:
        if self.notice == "resent":
            return translate("purchase.resent", self.lang).format(email=self._purchase.get("email", ""))
        return translate("purchase.too_soon", self.lang) if self.notice == "too_soon" else ""

    @rx.var
    def action_error_text(self) -> str:
        return translate(f"purchase.error.{self.action_error}", self.lang) if self.action_error else ""

    @rx.var
    def ics_url(self) -> str:
        return routes.itinerary_ics_url(self.shown_purchase) if self.shown_purchase else ""

    def _show(self, purchase: Purchase) -> None:
        self._purchase = purchase.model_dump(mode="json")
        self._preview = purchase.refund_preview(now_utc()).model_dump(mode="json")
        self.purchase_status = "ready"

    async def _user_id(self) -> str | None:
        """The checked session's user id; None when logged out. The session store down raises
        ServiceUnavailable (shown as "temporarily unavailable", never the log-in page)."""
        result = await self._checked()
        if result.access is Access.UNCHECKED:
            raise ServiceUnavailable("The session could not be checked.", dependency="mongo")
        return result.user_id

    def _login(self):
        return rx.redirect(routes.login_url(routes.purchase_url(self.shown_purchase or "")), replace=True)

    @rx.event(background=True)
    async def load(self):
        async with self:
            purchase_id = unquote(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])[:100]
            if self.shown_purchase != purchase_id:
                self._purchase, self._preview = {}, {}
            self.shown_purchase, self.purchase_status = purchase_id, "loading"
            self.action, self.notice, self.action_error, self.confirm_open = "idle", "", "", False
            self._watch += 1
        try:
            user_id = await self._user_id()
            if user_id is None:
                async with self:
                    return self._login()
            purchase = await backend.services().dashboard.get_purchase(purchase_id, user_id)
        except NotFound:
            async with self:
                self._purchase, self.purchase_status = {}, "not_found"
            return None
        except ServiceUnavailable:
            logger.warning("purchase %s unavailable (Mongo down)", purchase_id)
            async with self:
                self.purchase_status = "unavailable"
            return None
        except Exception:
            logger.exception("purchase %s could not be read", purchase_id)
            async with self:
                self.purchase_status = "error"
            return None
        async with self:
            if self.shown_purchase != purchase_id:
                return None
            self._show(purchase)
        return PurchaseState.watch_refund if purchase.status == "refund_pending" else None

    @rx.event
    def ask_cancel(self):
        self.action_error, self.notice = "", ""
        self.confirm_open = True

    @rx.event
    def set_confirm_open(self, value: bool):
        if self.action != "cancelling":
            self.confirm_open = value

    @rx.event(background=True)
    async def cancel(self):
        async with self:
            if self.action != "idle" or not self._purchase:
                return None
            self.action, self.action_error = "cancelling", ""
            purchase_id = self.shown_purchase
        try:
            user_id = await self._user_id()
            if user_id is None:
                async with self:
                    self.action, self.confirm_open = "idle", False
                    return self._login()
            purchase = await backend.services().payments.request_refund(purchase_id, user_id)
        except Exception as exc:
            async with self:
                self.action, self.action_error, self.confirm_open = "idle", action_error(exc), False
            return None
        async with self:
            self._show(purchase)
            self.action, self.confirm_open = "idle", False
        return PurchaseState.watch_refund

    @rx.event(background=True)
    async def watch_refund(self):
        """Poll while the refund is pending, until charge.refunded was handled (bounded)."""
        async with self:
            self._watch += 1
            watch, purchase_id = self._watch, self.shown_purchase
            user_id = (self._user or {}).get("user_id")
        if not user_id:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REFUND_POLL_LIMIT
        while loop.time() < deadline:
            await asyncio.sleep(REFUND_POLL_INTERVAL)
            try:
                purchase = await backend.services().dashboard.get_purchase(purchase_id, user_id)
            except Exception:
                logger.warning("refund watch: purchase look-up failed", exc_info=True)
                continue
            async with self:
                if self._watch != watch or self.shown_purchase != purchase_id:
                    return
                if purchase.status != "refund_pending":
                    self._show(purchase)
                    return

    @rx.event(background=True)
    async def resend(self):
        async with self:
            if self.action != "idle" or not self._purchase:
                return None
            self.action, self.notice, self.action_error = "resending", "", ""
            purchase_id = self.shown_purchase
        notice, error = "resent", ""
        try:
            user_id = await self._user_id()
            if user_id is None:
                async with self:
                    self.action = "idle"
                    return self._login()
            await backend.services().payments.resend_receipt(purchase_id, user_id)
        except TooSoon:
            notice = "too_soon"
        except Exception as exc:
            notice, error = "", action_error(exc)
        async with self:
            self.action, self.notice, self.action_error = "idle", notice, error
        return None
