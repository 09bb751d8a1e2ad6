"""The SOLD part of the inventory, derived from the log and checked against the live counters.

`inventory_stock` is the system of record for stock (services/inventory: atomic conditional
updates, not a view of events), but what is sold must follow from the purchases on
`purchase-changes`: each `purchases.recorded` of a booking with a hold carries its units
(`inventory.items`: unit id and n). The payments worker moves stock by these rules, so a purchase
holds its units as `sold` exactly while its status is paid or refund_pending:
- paid session, hold confirmed (held → sold, or a lapsed hold re-taken) → status `paid`;
- lapsed hold, stock gone → the hold ends `refused` (never sold) and the purchase is recorded
  `refunded` (reason sold_out);
- the buyer's cancel (`refund_pending`) and Stripe refusing it (back to `paid`) move no stock;
- `purchases.refunded` (charge.refunded) → `give_back`: sold → free, once;
- a purchase without a hold (from before inventory) holds nothing.
Holds (`inventory_stock_holds`, the `held` counters) are live reservations tied to open Stripe
sessions (at most the session lifetime), not a read model: they are not compared.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pymongo.database import Database

from services.inventory.models import HoldItem
from services.inventory.store import all_counters
from services.projection.purchases import COLLECTION as PURCHASES

SOLD_STATUSES = ("paid", "refund_pending")
EXPECTED = "inventory_sold"  # in the rebuilt database: {_id: unit id, sold: n}
HOLDS_NOTE = (
    "holds (inventory_stock_holds, the held counters) are live reservations tied to open Stripe sessions "
    "(at most the session lifetime), not a read model: not compared"
)


def expected_sold(purchases: Any) -> tuple[Counter[str], list[str]]:
    """Units sold per unit id by the given purchase documents, and the ids of purchases with a hold
    whose event carried no units (recorded before `inventory.items` existed: not derivable)."""
    sold: Counter[str] = Counter()
    without_items = []
    query = {"status": {"$in": list(SOLD_STATUSES)}, "inventory.hold_id": {"$exists": True}}
    for doc in purchases.find(query, {"inventory": 1}):
        items = doc["inventory"].get("items")
        if items is None:
            without_items.append(doc["_id"])
            continue
        for item in map(HoldItem.model_validate, items):
            sold[item.unit] += item.n
    return sold, sorted(without_items)


def derive(db: Database, purchases_collection: str) -> dict[str, Any]:
    """Write the expected sold counts of the rebuilt purchases into `db[EXPECTED]` (replaced)."""
    sold, without_items = expected_sold(db[purchases_collection])
    db[EXPECTED].drop()
    if sold:
        db[EXPECTED].insert_many([{"_id": unit, "sold": n} for unit, n in sorted(sold.items())])
    return {"units": len(sold), "sold": sum(sold.values()), "purchases_without_items": without_items}


def compare(live: Database, rebuilt: Database) -> dict[str, Any]:
    """Live `sold` per unit against the rebuilt expectation; a unit absent on a side counts 0."""
    live_sold = {unit: counters["sold"] for unit, counters in all_counters(live) if counters["sold"]}
    expected = {d["_id"]: d["sold"] for d in rebuilt[EXPECTED].find()}
    different = [
        {"unit": unit, "live_sold": live_sold.get(unit, 0), "expected_sold": expected.get(unit, 0)}
        for unit in sorted(live_sold.keys() | expected.keys())
        if live_sold.get(unit, 0) != expected.get(unit, 0)
    ]
    _, without_items = expected_sold(rebuilt[PURCHASES])
    return {
        "equal": not different,
        "live_units_sold": len(live_sold),
        "expected_units_sold": len(expected),
        "different": different,
        "purchases_without_items": without_items,
        "holds": HOLDS_NOTE,
    }
