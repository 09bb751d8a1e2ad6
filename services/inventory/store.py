"""Mongo adapter of the inventory: unit documents and hold documents (sync pymongo).

`inventory_stock`: counters `capacity`, `free`, `held`, `sold` and nothing else, so every update
rewrites a small document of constant size. A flight unit is one document (_id = unit id); a
hotel is ONE document for all its nights (_id = `rooms:<hotel id>`, the counters of each night under
`nights.<date>`), so a stay of any length is taken by one conditional update of one document. `inventory_stock_holds`: _id = hold id;
`items`, `state`, `created_at`, `expires_at`, `updated_at` (+ the caller's extras, e.g. quote_id).

Every move changes a hold's state AND the counters of all its units in ONE transaction
(holds.py): all or nothing, and at most once per hold (the state change is the guard), so the
units need no per-hold entries. These replaced `inventory_units` / `inventory_holds`, whose unit
documents carried one array entry per live hold and sale: on SecantusDB each update rewrote the
whole document and its multikey index, so a hold cost grew with every hold on its units (≈0.1 ms per
entry and unit). The old collections are simply no longer read (a dev database keeps them unused).

Documents (and a hotel's nights) are created on first touch from the deterministic capacity, outside
the hot path: a take never creates anything (see take).
Operators used (all checked on SecantusDB 0.7.0b3): multi-document transactions, $inc, upsert with
$setOnInsert, ordered bulk_write stopping at the first error inside a transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from pymongo import ASCENDING, IndexModel, UpdateOne
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from services.inventory.capacity import capacity
from services.inventory.models import HoldItem

UNITS, HOLDS = "inventory_stock", "inventory_stock_holds"
INDEXES = {
    UNITS: [],
    # A booker refused on a unit looks for lapsed holds (holds._reclaim); one key per hold, not one
    # per unit (a multikey index on items.unit costs every placement ~10 index writes).
    HOLDS: [IndexModel([("state", ASCENDING), ("expires_at", ASCENDING)], name="holds_by_state")],
}


class Refused(Exception):
    """A take found too few free units in the document of `units` (the first one is item `index`);
    raised inside a transaction, it aborts it."""

    def __init__(self, index: int, units: list[str]):
        super().__init__(index, units)
        self.index, self.units = index, units


class Missing(Exception):
    """A take met units that have no counters yet (raised inside a transaction: it aborts it)."""

    def __init__(self, units: list[str]):
        super().__init__(units)
        self.units = units


def ensure_indexes(db: Database) -> None:
    for name, indexes in INDEXES.items():
        if indexes:
            db[name].create_indexes(indexes)


def place_of(unit: str) -> tuple[str, str]:
    """Where a unit's counters live: (document _id, field prefix)."""
    if unit.startswith("room:"):
        hotel, night = unit.removeprefix("room:").rsplit(":", 1)
        return f"rooms:{hotel}", f"nights.{night}."
    return unit, ""


def _groups(items: list[HoldItem]) -> list[tuple[str, list[int]]]:
    """Item indexes grouped by document, in item order (a hotel's nights are adjacent: sorted ids)."""
    groups: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        groups.setdefault(place_of(item.unit)[0], []).append(k)
    return list(groups.items())


def new_unit(unit: str, capacity_of: Callable[[str], int] = capacity) -> dict:
    cap = capacity_of(unit)
    return {"capacity": cap, "free": cap, "held": 0, "sold": 0}


def ensure_units(db: Database, units: Iterable[str], capacity_of: Callable[[str], int] = capacity) -> None:
    """Create the missing counters (one round trip; existing ones are untouched, so racing callers
    are harmless: a duplicate key just means someone else created it)."""
    ops = []
    for u in units:
        doc_id, prefix = place_of(u)
        if prefix:  # a hotel night: insert the hotel document or add the night to it
            ops.append(
                UpdateOne(
                    {"_id": doc_id, prefix.rstrip("."): {"$exists": False}},
                    {"$set": {prefix.rstrip("."): new_unit(u, capacity_of)}},
                    upsert=True,
                )
            )
        else:
            ops.append(UpdateOne({"_id": doc_id}, {"$setOnInsert": new_unit(u, capacity_of)}, upsert=True))
    try:
        db[UNITS].bulk_write(ops, ordered=False)
    except BulkWriteError as exc:
        if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])) or not exc.details.get(
            "writeErrors"
        ):
            raise


def take(
    db: Database, session: ClientSession, items: list[HoldItem], into: str, capacity_of: Callable[[str], int] = capacity
) -> None:
    """Inside the session's transaction: move each item's units free → `into` ("held"/"sold"), in
    order; Refused(index) at the first document lacking free units.

    One round trip, one ordered bulk of one upsert per document (a flight, or a hotel with all the
    nights asked for) whose filter (enough free on each) fails to match an existing document → the
    upsert inserts one with the same _id → duplicate key, which stops the ordered bulk right there
    and aborts the transaction (nothing at all is taken). Counters never created (a document
    upserted, or a hotel night absent) raise Missing instead: the caller creates them outside the
    transaction (ensure_units) and runs it again, so the hot path never creates anything."""
    groups = _groups(items)
    ops = []
    for doc_id, indexes in groups:
        where, inc = {"_id": doc_id}, {}
        for k in indexes:
            prefix = place_of(items[k].unit)[1]
            where[f"{prefix}free"] = {"$gte": items[k].n}
            inc.update({f"{prefix}free": -items[k].n, f"{prefix}{into}": items[k].n})
        ops.append(UpdateOne(where, {"$inc": inc}, upsert=True))
    try:
        done = db[UNITS].bulk_write(ops, ordered=True, session=session)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if not errors or errors[0].get("code") != 11000:
            raise
        indexes = groups[errors[0]["index"]][1]
        units = [items[k].unit for k in indexes]
        absent = [u for u, c in zip(units, _counters(db, units), strict=True) if c is None]
        if absent:  # read outside the aborted transaction: counters are never removed
            raise Missing(absent) from None
        raise Refused(indexes[0], units) from None
    if done.upserted_count:
        raise Missing([items[k].unit for g in done.upserted_ids for k in groups[g][1]])


def move(db: Database, session: ClientSession, items: list[HoldItem], source: str, target: str) -> None:
    """Inside the session's transaction: n units of each item from counter `source` to `target`."""
    ops = []
    for doc_id, indexes in _groups(items):
        inc = {}
        for k in indexes:
            prefix = place_of(items[k].unit)[1]
            inc.update({f"{prefix}{source}": -items[k].n, f"{prefix}{target}": items[k].n})
        ops.append(UpdateOne({"_id": doc_id}, {"$inc": inc}))
    if ops:
        db[UNITS].bulk_write(ops, ordered=False, session=session)


def _counters(db: Database, units: list[str]) -> list[dict | None]:
    """Each unit's counters (capacity/free/held/sold), None if never touched; one query."""
    docs = {d["_id"]: d for d in db[UNITS].find({"_id": {"$in": sorted({place_of(u)[0] for u in units})}})}
    found = []
    for u in units:
        doc_id, prefix = place_of(u)
        doc = docs.get(doc_id)
        if doc is not None and prefix:
            doc = doc.get("nights", {}).get(prefix.removeprefix("nights.").rstrip("."))
        found.append(doc)
    return found


def all_counters(db: Database) -> Iterator[tuple[str, dict]]:
    """(unit id, counters) of every unit ever touched (the invariant check)."""
    for doc in db[UNITS].find():
        if doc["_id"].startswith("rooms:"):
            hotel = doc["_id"].removeprefix("rooms:")
            for night, counters in doc.get("nights", {}).items():
                yield f"room:{hotel}:{night}", counters
        else:
            yield doc["_id"], doc


def free_counts(db: Database, units: list[str], capacity_of: Callable[[str], int] = capacity) -> dict[str, int]:
    """Free units per unit id in one query; a unit never touched has its whole capacity."""
    return {u: c["free"] if c else capacity_of(u) for u, c in zip(units, _counters(db, units), strict=True)}


def counts(db: Database, unit: str) -> tuple[int, int, int] | None:
    """(free, held, sold) of a unit, None if never touched (tests, demos)."""
    [c] = _counters(db, [unit])
    return (c["free"], c["held"], c["sold"]) if c else None


def set_free(db: Database, unit: str, free: int) -> None:
    """Tests and demos only (never a web route): make `free` the unit's remaining stock, keeping the
    invariant by changing its capacity (compare-and-swap on the old free count)."""
    if free < 0:
        raise ValueError("free must be ≥ 0")
    ensure_units(db, [unit])
    doc_id, prefix = place_of(unit)
    while True:
        [c] = _counters(db, [unit])
        if (
            db[UNITS]
            .update_one(
                {"_id": doc_id, f"{prefix}free": c["free"]},
                {"$set": {f"{prefix}free": free}, "$inc": {f"{prefix}capacity": free - c["free"]}},
            )
            .matched_count
        ):
            return


def forget(db: Database, units: Iterable[str]) -> None:
    """Tests only: drop these units' counters (they come back at full capacity on the next touch)."""
    for u in units:
        doc_id, prefix = place_of(u)
        if prefix:
            db[UNITS].update_one({"_id": doc_id}, {"$unset": {prefix.rstrip("."): ""}})
        else:
            db[UNITS].delete_one({"_id": doc_id})


def hold_document(
    hold_id: str, items: list[HoldItem], state: str, expires_at: datetime, now: datetime, **extra
) -> dict:
    return {
        "_id": hold_id,
        "items": [i.model_dump() for i in items],
        "state": state,
        "created_at": now,
        "updated_at": now,
        "expires_at": expires_at,
        **extra,
    }


def claim(
    db: Database, hold_id: str, states: Iterable[str], to: str, now: datetime, session: ClientSession | None = None
) -> dict | None:
    """Atomically move the hold from one of `states` to `to`; the document as it was, or None."""
    return db[HOLDS].find_one_and_update(
        {"_id": hold_id, "state": {"$in": list(states)}}, {"$set": {"state": to, "updated_at": now}}, session=session
    )


def items_of(hold: dict) -> list[HoldItem]:
    return [HoldItem.model_validate(i) for i in hold["items"]]
