"""The page Stripe sends the buyer back to (/checkout/success?session_id=…, logged-in only).

It does not wait for the webhook alone: `open` first hands the session to the payments service
(fulfil_from_success_page: a paid session not yet recorded goes to the same idempotent topic the
webhook uses), then polls for the purchase the payments worker writes, every POLL_INTERVAL for at
most POLL_LIMIT; the page turns into the purchase as soon as it exists, without a reload. The time
from landing (this on_load) to the purchase shown is logged and kept in `elapsed_ms` (the page
exposes it as data-elapsed-ms for tests and bench/bench_success_page.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.state.auth import AuthState
from dreams_app.state.package_view import summary_text
from dreams_app.state.purchase_view import payment_text, trip_days
from services.errors import NotFound, ServiceUnavailable
from services.payments.models import Purchase
from services.sessions.check import Access

logger = logging.getLogger(__name__)

POLL_INTERVAL = 0.3  # s between looks for the purchase
POLL_LIMIT = 60.0  # s after landing; then "still confirming — we'll e-mail you"
PAID = ("paid", "no_payment_required")
SuccessStatus = Literal["confirming", "done", "slow", "unpaid", "not_found", "unavailable", "error"]


class CheckoutSuccessState(AuthState):
    success_status: SuccessStatus = "confirming"
    success_session: str = ""
    elapsed_ms: int = -1
    _purchase: dict = {}
    _run: int = 0  # bumped by every open; an older polling loop sees it and stops

    def _model(self) -> Purchase | None:
        return Purchase.model_validate(self._purchase) if self._purchase else None

    @rx.var(cache=True)
    def bought(self) -> dict[str, str]:
        purchase = self._model()
        if purchase is None:
            return {}
        return {
            **summary_text(purchase.package, self.lang),
            **payment_text(purchase, self.lang),
            "days": trip_days(purchase, self.lang),
            "hotel": purchase.package.hotel.hotel.name,
            "url": routes.purchase_url(purchase.id),
        }

    @rx.event(background=True)
    async def open(self):
        landed = time.monotonic()
        async with self:
            session_id = self.router.url.query_parameters.get("session_id", "")[:300]
            if self.success_status == "done" and self.success_session == session_id and self._purchase:
                return None  # a reload of a page already showing its purchase
            self._run += 1
            run = self._run
            self.success_status, self.success_session, self.elapsed_ms, self._purchase = (
                "confirming",
                session_id,
                -1,
                {},
            )
        result = await self._checked()
        if result.access is Access.SIGNED_OUT:
            return rx.redirect(routes.login_url(routes.checkout_success_url(session_id)), replace=True)
        if result.access is Access.UNCHECKED:
            return await self._finish(run, "unavailable")
        if not session_id:
            return await self._finish(run, "not_found")
        user_id = result.user_id
        try:
            status = await backend.services().payments.fulfil_from_success_page(session_id, user_id)
        except NotFound:
            return await self._finish(run, "not_found")
        except ServiceUnavailable:  # Mongo, Stripe or Kafka down: "try again in a moment"
            logger.warning("success page: session %s could not be checked now", session_id)
            return await self._finish(run, "unavailable")
        except Exception:
            logger.exception("success page: session %s could not be checked", session_id)
            return await self._finish(run, "error")
        if status.payment_status not in PAID:
            return await self._finish(run, "unpaid")
        purchase = await self._wait_for_purchase(session_id, user_id, run, landed)
        if purchase is None:
            return await self._finish(run, "slow")
        elapsed_ms = round((time.monotonic() - landed) * 1000)
        logger.info("success page: purchase %s shown %d ms after landing", purchase.id, elapsed_ms)
        async with self:
            if self._run == run:
                self._purchase, self.elapsed_ms, self.success_status = (
                    purchase.model_dump(mode="json"),
                    elapsed_ms,
                    "done",
                )
        return None

    async def _wait_for_purchase(self, session_id: str, user_id: str, run: int, landed: float) -> Purchase | None:
        while True:
            try:
                purchase = await backend.services().payments.get_purchase_by_session(session_id, user_id)
            except Exception:  # Mongo hiccup: keep trying until the deadline
                logger.warning("success page: purchase look-up failed", exc_info=True)
                purchase = None
            if purchase is not None:
                return purchase
            if time.monotonic() - landed >= POLL_LIMIT:
                return None
            async with self:
                if self._run != run:
                    return None
            await asyncio.sleep(POLL_INTERVAL)

    async def _finish(self, run: int, status: SuccessStatus) -> None:
        async with self:
            if self._run == run:
                self.success_status = status
