"""Mongo adapter of the inventory: unit documents and hold documents (sync pymongo).

`inventory_units`: _id = unit id; `capacity`, `free`, `held`, `sold`, and the holds and sales it
carries (`holds` / `sales`: [{id, n}]). Every change moves n units between two counters AND adds or
removes the hold's entry in ONE single-document update, so free + held + sold = capacity and
held = Σ holds.n hold by construction, and each move happens at most once per hold (the filter
requires the entry to be absent / present). Documents are created on first touch from the
deterministic capacity (`$setOnInsert`).

`inventory_holds`: _id = hold id; `items`, `state`, `created_at`, `expires_at`, `updated_at`.

Operators used (all checked on SecantusDB 0.7.0b3): $inc, $push, $pull with a condition, $ne/$gte
on array sub-fields, upsert with $setOnInsert, ordered bulk_write stopping at the first error.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from pymongo import ASCENDING, IndexModel, UpdateOne
from pymongo.database import Database
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.inventory.capacity import capacity
from services.inventory.models import HoldItem

UNITS, HOLDS = "inventory_units", "inventory_holds"
INDEXES = {
    UNITS: [IndexModel([("holds.id", ASCENDING)], name="units_by_hold")],
    HOLDS: [IndexModel([("state", ASCENDING), ("expires_at", ASCENDING)], name="holds_by_state")],
}


def ensure_indexes(db: Database) -> None:
    for name, indexes in INDEXES.items():
        db[name].create_indexes(indexes)


def new_unit(unit: str, capacity_of: Callable[[str], int] = capacity) -> dict:
    cap = capacity_of(unit)
    return {"capacity": cap, "free": cap, "held": 0, "sold": 0, "holds": [], "sales": []}


def ensure_units(db: Database, units: Iterable[str]) -> None:
    """Create the missing unit documents (one round trip; existing ones are untouched)."""
    db[UNITS].bulk_write([UpdateOne({"_id": u}, {"$setOnInsert": new_unit(u)}, upsert=True) for u in units],
                         ordered=False)


def take(db: Database, hold_id: str, items: list[HoldItem], into: str,
         capacity_of: Callable[[str], int] = capacity) -> int | None:
    """Move each item's units free → `into` ("held" or "sold"), in order, stopping at the first unit
    without enough free units. Returns that item's index, or None when all were taken.

    One round trip, one ordered bulk: first an upsert per unit creating the missing documents
    ($setOnInsert: a no-op for existing ones), then per item an upsert whose filter (enough free,
    this hold not there yet) fails to match → the upsert inserts a document with the same _id →
    duplicate key, which stops the ordered bulk right there (nothing after it is taken)."""
    entries = "holds" if into == "held" else "sales"
    ensure = [UpdateOne({"_id": i.unit}, {"$setOnInsert": new_unit(i.unit, capacity_of)}, upsert=True)
              for i in items]
    ops = [UpdateOne({"_id": i.unit, "free": {"$gte": i.n}, "holds.id": {"$ne": hold_id},
                      "sales.id": {"$ne": hold_id}},
                     {"$inc": {"free": -i.n, into: i.n}, "$push": {entries: {"id": hold_id, "n": i.n}}},
                     upsert=True) for i in items]
    try:
        db[UNITS].bulk_write(ensure + ops, ordered=True)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if not errors or errors[0].get("code") != 11000 or errors[0]["index"] < len(ensure):
            raise
        return errors[0]["index"] - len(ensure)
    return None


def _move(db: Database, hold_id: str, items: list[HoldItem], source: str, counters: tuple[str, str],
          target: str | None = None) -> None:
    """Idempotent: each unit still carrying this hold's entry in `source` moves it (once)."""
    ops = []
    for i in items:
        update: dict = {"$pull": {source: {"id": hold_id}}, "$inc": {counters[0]: -i.n, counters[1]: i.n}}
        if target:
            update["$push"] = {target: {"id": hold_id, "n": i.n}}
        ops.append(UpdateOne({"_id": i.unit, f"{source}.id": hold_id}, update))
    if ops:
        db[UNITS].bulk_write(ops, ordered=False)


def release(db: Database, hold_id: str, items: list[HoldItem]) -> None:
    """held → free."""
    _move(db, hold_id, items, "holds", ("held", "free"))


def sell(db: Database, hold_id: str, items: list[HoldItem]) -> None:
    """held → sold."""
    _move(db, hold_id, items, "holds", ("held", "sold"), target="sales")


def give_back(db: Database, hold_id: str, items: list[HoldItem]) -> None:
    """sold → free."""
    _move(db, hold_id, items, "sales", ("sold", "free"))


def free_counts(db: Database, units: list[str], capacity_of: Callable[[str], int] = capacity) -> dict[str, int]:
    """Free units per unit id in one query; a unit never touched has its whole capacity."""
    found = {d["_id"]: d["free"] for d in db[UNITS].find({"_id": {"$in": units}}, {"free": 1})}
    return {u: found[u] if u in found else capacity_of(u) for u in units}


def set_free(db: Database, unit: str, free: int) -> None:
    """Tests and demos only (never a web route): make `free` the unit's remaining stock, keeping the
    invariant by changing its capacity (compare-and-swap on the old free count)."""
    if free < 0:
        raise ValueError("free must be ≥ 0")
    ensure_units(db, [unit])
    while True:
        doc = db[UNITS].find_one({"_id": unit})
        if db[UNITS].update_one({"_id": unit, "free": doc["free"]},
                                {"$set": {"free": free}, "$inc": {"capacity": free - doc["free"]}}).matched_count:
            return


def save_hold(db: Database, hold_id: str, items: list[HoldItem], expires_at: datetime, now: datetime,
              **extra) -> bool:
    """Insert the hold in state `placing`; False if it exists already."""
    try:
        db[HOLDS].insert_one({"_id": hold_id, "items": [i.model_dump() for i in items], "state": "placing",
                              "created_at": now, "updated_at": now, "expires_at": expires_at, **extra})
    except DuplicateKeyError:
        return False
    return True


def claim(db: Database, hold_id: str, states: Iterable[str], to: str, now: datetime) -> dict | None:
    """Atomically move the hold from one of `states` to `to`; the document as it was, or None."""
    return db[HOLDS].find_one_and_update({"_id": hold_id, "state": {"$in": list(states)}},
                                         {"$set": {"state": to, "updated_at": now}})


def items_of(hold: dict) -> list[HoldItem]:
    return [HoldItem.model_validate(i) for i in hold["items"]]
