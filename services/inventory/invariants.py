"""The inventory invariant, checked over every unit document (tests call it after each scenario):
free + held + sold == capacity, none negative, and held / sold equal the sums of n over the holds in
state `held` / `sold` that name the unit (the hold documents are the ledger the counters follow)."""

from __future__ import annotations

from collections import Counter

from pymongo.database import Database

from services.inventory.store import HOLDS, all_counters

COUNTED_AS = {"held": "held", "sold": "sold"}  # hold state → the unit counter it occupies


def violations(db: Database) -> list[str]:
    expected = {counter: Counter() for counter in COUNTED_AS.values()}
    for hold in db[HOLDS].find({"state": {"$in": list(COUNTED_AS)}}, {"state": 1, "items": 1}):
        for item in hold["items"]:
            expected[COUNTED_AS[hold["state"]]][item["unit"]] += item["n"]
    found = []
    for u, unit in all_counters(db):
        counts = {k: unit[k] for k in ("capacity", "free", "held", "sold")}
        if counts["free"] + counts["held"] + counts["sold"] != counts["capacity"]:
            found.append(f"{u}: free+held+sold != capacity ({counts})")
        if any(v < 0 for v in counts.values()):
            found.append(f"{u}: negative counter ({counts})")
        for counter, by_unit in expected.items():
            if counts[counter] != by_unit[u]:
                found.append(f"{u}: {counter}={counts[counter]} but its {counter} holds sum to {by_unit[u]}")
    return found
