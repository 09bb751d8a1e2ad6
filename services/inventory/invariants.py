"""The inventory invariant, checked over every unit document (tests call it after each scenario):
free + held + sold == capacity, none negative, held/sold equal the sums of the holds/sales the unit
carries, and each carried hold is in a state that should carry it (live holds in `holds`, sold
ones in `sales`)."""
from __future__ import annotations

from pymongo.database import Database

from services.inventory.store import HOLDS, UNITS

CARRIED_IN = {"holds": {"placing", "held"}, "sales": {"sold"}}


def violations(db: Database) -> list[str]:
    states = {h["_id"]: h["state"] for h in db[HOLDS].find({}, {"state": 1})}
    found = []
    for unit in db[UNITS].find():
        u, counts = unit["_id"], {k: unit[k] for k in ("capacity", "free", "held", "sold")}
        if counts["free"] + counts["held"] + counts["sold"] != counts["capacity"]:
            found.append(f"{u}: free+held+sold != capacity ({counts})")
        if any(v < 0 for v in counts.values()):
            found.append(f"{u}: negative counter ({counts})")
        for field, counter in (("holds", "held"), ("sales", "sold")):
            entries = unit.get(field, [])
            if sum(e["n"] for e in entries) != counts[counter]:
                found.append(f"{u}: {counter}={counts[counter]} but its {field} sum to "
                             f"{sum(e['n'] for e in entries)}")
            if len({e["id"] for e in entries}) != len(entries):
                found.append(f"{u}: a hold appears twice in {field}")
            for e in entries:
                if states.get(e["id"]) not in CARRIED_IN[field]:
                    found.append(f"{u}: {field} carries {e['id']} in state {states.get(e['id'])}")
    return found
