"""Dashboard reads for the web app over the web process's async `purchases` collection
(bootstrap.web_services builds it). Mongo down → ServiceUnavailable."""

from __future__ import annotations

from services.dashboard import queries
from services.faults import unavailable_on_outage
from services.payments.models import Purchase, PurchaseSummary
from services.payments.purchases import get_purchase


class Dashboard:
    def __init__(self, purchases):
        self._purchases = purchases

    @unavailable_on_outage
    async def list_purchases(self, user_id: str) -> list[PurchaseSummary]:
        return await queries.list_purchases(self._purchases, user_id)

    @unavailable_on_outage
    async def get_purchase(self, purchase_id: str, user_id: str) -> Purchase:
        return await get_purchase(self._purchases, purchase_id, user_id)
