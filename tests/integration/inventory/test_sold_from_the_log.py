"""The sold part of the inventory derived from purchases (services/projection/stock.py) on the real
Mongo server: which statuses hold their units, and the compare against live counters that the
real hold lifecycle moved (sold, given back, a lapsed hold refused)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.inventory import HoldItem, Inventory, Outcome, store
from services.projection import stock

A, ROOM, SMALL = "flight:AA1:2027-03-01:ECONOMY", "room:H1:2027-03-01", "flight:CC3:2027-03-01:ECONOMY"
LATER = datetime.now(UTC) + timedelta(minutes=31)


def purchase(pid: str, status: str, items: list[HoldItem] | None, hold: bool = True) -> dict:
    doc = {"_id": pid, "status": status}
    if hold:
        doc["inventory"] = {"hold_id": f"hold-{pid}"}
        if items is not None:
            doc["inventory"]["items"] = [i.model_dump() for i in items]
    return doc


def test_paid_and_refund_pending_hold_their_units_refunded_and_holdless_do_not(mongo_db):
    two = [HoldItem(unit=A, n=2), HoldItem(unit=ROOM, n=1)]
    mongo_db.purchases.insert_many(
        [
            purchase("p1", "paid", two),
            purchase("p2", "refund_pending", two),  # the buyer's cancel moves no stock
            purchase("p3", "refunded", two),  # given back
            purchase("p4", "paid", None, hold=False),  # from before inventory
            purchase("p5", "paid", None),  # recorded before the event carried its units
        ]
    )
    sold, without_items = stock.expected_sold(mongo_db.purchases)
    assert sold == {A: 4, ROOM: 2} and without_items == ["p5"]


def test_compare_follows_the_real_lifecycle_and_names_a_differing_unit(mongo_client, mongo_db):
    live, rebuilt = mongo_db, mongo_client[f"{mongo_db.name}_rebuild"]
    try:
        inventory = Inventory(live)
        items = [HoldItem(unit=A, n=2), HoldItem(unit=ROOM, n=1)]
        store.set_free(live, SMALL, 1)
        for pid in ("kept", "refunded"):
            inventory.place(f"hold-{pid}", items, LATER)
            assert inventory.confirm(f"hold-{pid}") is Outcome.SOLD
        inventory.give_back("hold-refunded")
        inventory.place("hold-open", items, LATER)  # a live reservation: held, not sold
        # A lapsed hold whose stock went meanwhile: refused, its purchase recorded refunded (sold out).
        inventory.place("hold-lapsed", [HoldItem(unit=SMALL, n=1)], LATER)
        inventory.release("hold-lapsed")
        inventory.place("hold-other", [HoldItem(unit=SMALL, n=1)], LATER)
        assert inventory.confirm("hold-other") is Outcome.SOLD
        assert inventory.confirm("hold-lapsed") is Outcome.SOLD_OUT
        rebuilt.purchases.insert_many(
            [
                purchase("kept", "paid", items),
                purchase("refunded", "refunded", items),
                purchase("lapsed", "refunded", [HoldItem(unit=SMALL, n=1)]),
                purchase("other", "paid", [HoldItem(unit=SMALL, n=1)]),
            ]
        )
        assert stock.derive(rebuilt, "purchases") == {"units": 3, "sold": 4, "purchases_without_items": []}
        report = stock.compare(live, rebuilt)
        assert report["equal"] and report["live_units_sold"] == 3, report
        assert store.counts(live, A)[1] == 2  # the open hold is held, and not compared

        doc_id, prefix = store.place_of(ROOM)
        live[store.UNITS].update_one({"_id": doc_id}, {"$inc": {f"{prefix}sold": -1, f"{prefix}free": 1}})
        report = stock.compare(live, rebuilt)
        assert not report["equal"]
        assert report["different"] == [{"unit": ROOM, "live_sold": 0, "expected_sold": 1}]
    finally:
        mongo_client.drop_database(rebuilt.name)
