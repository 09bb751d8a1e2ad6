"""Dashboard reads for the web app (async; the gateway's AsyncMongoClient). Mongo down → ServiceUnavailable."""
from __future__ import annotations

from services.bootstrap import mongo_async
from services.config import get_settings
from services.dashboard import queries
from services.faults import unavailable_on_outage
from services.payments.models import Purchase, PurchaseSummary
from services.payments.store import PURCHASES


def _purchases():
    settings = get_settings()
    return mongo_async(settings)[settings.mongo_db][PURCHASES]


@unavailable_on_outage
async def list_purchases(user_id: str) -> list[PurchaseSummary]:
    return await queries.list_purchases(_purchases(), user_id)


@unavailable_on_outage
async def get_purchase(purchase_id: str, user_id: str) -> Purchase:
    return await queries.get_purchase(_purchases(), purchase_id, user_id)
