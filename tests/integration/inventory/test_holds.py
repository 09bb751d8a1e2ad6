"""The hold lifecycle on the real Mongo server (SecantusDB): concurrent placement, the racing pair,
a placement failing half-way leaves nothing, a stay's nights in one hotel document, lapsed holds
released by the next refused booker, idempotent sale / release / give back, late re-take."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from pymongo.errors import PyMongoError

from services.inventory import HoldItem, Inventory, Outcome, SoldOut, store
from services.inventory.holds import EXPIRY_GRACE
from services.inventory.invariants import violations

A, B, ROOM = "flight:AA1:2027-03-01:ECONOMY", "flight:BB2:2027-03-01:ECONOMY", "room:H1:2027-03-01"
LATER = datetime.now(UTC) + timedelta(minutes=31)


def counts(db, unit):
    return store.counts(db, unit)


def test_concurrent_bookers_never_oversell_and_the_losers_hold_nothing(mongo_db):
    store.set_free(mongo_db, A, 3)
    inventory = Inventory(mongo_db)
    items = [HoldItem(unit=A, n=1), HoldItem(unit=ROOM, n=1)]

    def book(n):
        try:
            inventory.place(f"h{n}", items, LATER)
            return True
        except SoldOut:
            return False

    with ThreadPoolExecutor(20) as pool:
        won = list(pool.map(book, range(20)))
    assert sum(won) == 3
    assert counts(mongo_db, A) == (0, 3, 0)
    assert counts(mongo_db, ROOM)[1] == 3  # the losers gave their room back
    assert mongo_db[store.HOLDS].count_documents({"state": "held"}) == 3
    assert violations(mongo_db) == []


def test_two_bookers_racing_for_the_same_two_last_units_one_gets_both(mongo_db):
    store.set_free(mongo_db, A, 1)
    store.set_free(mongo_db, B, 1)
    inventory = Inventory(mongo_db)
    items = [HoldItem(unit=A, n=1), HoldItem(unit=B, n=1)]
    for round_ in range(10):

        def book(n, round_=round_):
            try:
                inventory.place(f"r{round_}-{n}", items, LATER)
                return f"r{round_}-{n}"
            except SoldOut:
                return None

        with ThreadPoolExecutor(2) as pool:
            winners = [w for w in pool.map(book, range(2)) if w]
        assert len(winners) == 1  # sorted order, stop at the first refusal: never both refused
        assert inventory.release(winners[0])
        assert violations(mongo_db) == []
    assert counts(mongo_db, A) == (1, 0, 0) and counts(mongo_db, B) == (1, 0, 0)


def test_a_placement_failing_half_way_leaves_nothing_held(mongo_db):
    store.set_free(mongo_db, A, 2)
    store.set_free(mongo_db, B, 2)
    # B's document is broken so the server fails the move on B, after A's was applied in the same
    # transaction: the whole placement must vanish (no counters moved on A, no hold document).
    mongo_db[store.UNITS].update_one({"_id": B}, {"$set": {"held": "broken"}})
    with pytest.raises(PyMongoError):
        Inventory(mongo_db).place("half", [HoldItem(unit=A, n=1), HoldItem(unit=B, n=1)], LATER)
    assert counts(mongo_db, A) == (2, 0, 0)
    assert mongo_db[store.HOLDS].find_one({"_id": "half"}) is None


def test_a_stay_takes_all_its_nights_in_one_hotel_document_or_none(mongo_db):
    nights = [f"room:H1:2027-03-0{d}" for d in range(1, 6)]
    store.set_free(mongo_db, nights[3], 1)  # one scarce night in the middle of the stay
    inventory = Inventory(mongo_db)
    stay = [HoldItem(unit=u, n=1) for u in nights]
    inventory.place("stay-1", stay, LATER)  # first touch of the other four nights on the way
    assert [counts(mongo_db, u)[1] for u in nights] == [1] * 5
    assert mongo_db[store.UNITS].count_documents({"_id": "rooms:H1"}) == 1
    with pytest.raises(SoldOut):
        inventory.place("stay-2", stay, LATER)
    assert [counts(mongo_db, u)[1] for u in nights] == [1] * 5  # nothing taken on the free nights
    longer = stay + [HoldItem(unit="room:H1:2027-03-06", n=1)]  # a night the document lacks yet
    inventory.release("stay-1")
    inventory.place("stay-3", longer, LATER)
    assert counts(mongo_db, "room:H1:2027-03-06")[1] == 1
    assert violations(mongo_db) == []


def test_a_lapsed_hold_is_released_by_the_next_refused_booker(mongo_db):
    store.set_free(mongo_db, A, 1)
    inventory = Inventory(mongo_db)
    items = [HoldItem(unit=A, n=1), HoldItem(unit=ROOM, n=1)]
    inventory.place("lapsed", items, datetime.now(UTC) - EXPIRY_GRACE - timedelta(seconds=1))
    inventory.place("fresh", items, LATER)  # refused on A → releases "lapsed" → takes the seat
    assert mongo_db[store.HOLDS].find_one({"_id": "lapsed"})["state"] == "released"
    assert counts(mongo_db, A) == (0, 1, 0)
    with pytest.raises(SoldOut):
        inventory.place("third", items, LATER)  # "fresh" is live: never reclaimed
    assert mongo_db[store.HOLDS].find_one({"_id": "third"})["state"] == "released"  # refusal recorded
    assert violations(mongo_db) == []


def test_sale_release_and_give_back_are_idempotent_and_a_late_payment_retakes_or_is_refused(mongo_db):
    store.set_free(mongo_db, A, 2)
    inventory = Inventory(mongo_db)
    items = [HoldItem(unit=A, n=1)]
    inventory.place("paid", items, LATER)
    assert inventory.confirm("paid") is Outcome.SOLD and inventory.confirm("paid") is Outcome.SOLD
    assert counts(mongo_db, A) == (1, 0, 1)
    assert inventory.give_back("paid") and inventory.give_back("paid")
    assert counts(mongo_db, A) == (2, 0, 0)
    assert inventory.confirm("paid") is Outcome.SOLD  # a redelivered payment never re-sells a returned one
    assert counts(mongo_db, A) == (2, 0, 0)

    inventory.place("late", items, LATER)
    assert inventory.release("late") and inventory.release("late")
    assert counts(mongo_db, A) == (2, 0, 0)
    assert inventory.confirm("late") is Outcome.SOLD  # stock left: the late payment takes it again
    assert counts(mongo_db, A) == (1, 0, 1)

    inventory.place("later", items, LATER)
    inventory.release("later")
    inventory.place("other", items, LATER)  # takes the last seat
    assert inventory.confirm("later") is Outcome.SOLD_OUT
    assert inventory.confirm("later") is Outcome.SOLD_OUT  # stays refused even if a seat comes back
    assert inventory.give_back("later") is False
    assert counts(mongo_db, A) == (0, 1, 1)
    assert inventory.confirm("unknown") is Outcome.NO_HOLD
    assert violations(mongo_db) == []


def test_the_invariant_checker_finds_a_broken_unit(mongo_db):
    store.ensure_units(mongo_db, [A])
    mongo_db[store.UNITS].update_one({"_id": A}, {"$inc": {"free": -1}})
    [problem] = violations(mongo_db)
    assert "capacity" in problem
    mongo_db[store.UNITS].update_one({"_id": A}, {"$inc": {"held": 1}})
    assert any("holds sum" in p for p in violations(mongo_db))


def test_set_free_refuses_a_negative_stock(mongo_db):
    with pytest.raises(ValueError):
        store.set_free(mongo_db, A, -1)
