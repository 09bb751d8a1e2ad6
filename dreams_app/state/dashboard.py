"""The dashboard (/dashboard, logged-in only): the user's purchases, newest first, with status.

Rows are kept as JSON (PurchaseSummary) and formatted per locale in a computed var.
"""

from __future__ import annotations

import logging
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.state.auth import AuthState
from dreams_app.state.purchase_view import summary_row
from services.errors import ServiceUnavailable
from services.payments.models import PurchaseSummary
from services.sessions.check import Access

logger = logging.getLogger(__name__)


class DashboardState(AuthState):
    trips_status: Literal["loading", "ready", "unavailable", "error"] = "loading"
    _rows: list[dict] = []

    @rx.var(cache=True)
    def trips(self) -> list[dict[str, str]]:
        return [summary_row(PurchaseSummary.model_validate(row), self.lang) for row in self._rows]

    @rx.event(background=True)
    async def load(self):
        async with self:
            self.trips_status = "loading"
        result = await self._checked()
        if result.access is Access.SIGNED_OUT:
            return rx.redirect(routes.login_url(routes.DASHBOARD), replace=True)
        if result.access is Access.UNCHECKED:  # still logged in (header), but nothing to show
            async with self:
                self._rows, self.trips_status = [], "unavailable"
            return None
        try:
            trips = await backend.services().dashboard.list_purchases(result.user_id)
            rows = [row.model_dump(mode="json") for row in trips]
            status = "ready"
        except ServiceUnavailable:
            logger.warning("dashboard: purchases unavailable (Mongo down)")
            rows, status = [], "unavailable"
        except Exception:
            logger.exception("dashboard: purchases could not be listed")
            rows, status = [], "error"
        async with self:
            self._rows, self.trips_status = rows, status
        return None
