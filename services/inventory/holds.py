"""The hold lifecycle: all-or-nothing placement, release, sale, late re-take, give back.

States of a hold document (store.HOLDS) and who moves it:
    placing ─▶ held ─▶ sold ─▶ returned          (checkout start; payment; refund)
       │        └────▶ released ─▶ retaking ─▶ sold | refused
       └──────────────▶ released                 (refusal, Stripe failure, session expired, lapse)
Each move first claims the new state on the hold document (one atomic find-and-modify, so two
actors never both act on one hold), then moves the units (idempotent per unit: store._move). A crash
between the two leaves the units behind the state; whoever touches the hold next finishes the
move: the replayed Kafka event in the worker, or, for a hold that blocks a booker, `_reclaim`.

Lapsed holds: a hold lives as long as its Stripe session (`expires_at`), and the session's
`checkout.session.expired` releases it. If that event never comes, or a placement crashed half-way,
the hold is released by the next booker refused on one of its units (after EXPIRY_GRACE past
expiry, or PLACING_TIMEOUT after a placement started): stock is only stuck while nobody wants it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from pymongo.database import Database

from services.clock import Clock, utc_now
from services.inventory import store
from services.inventory.capacity import capacity
from services.inventory.errors import SoldOut
from services.inventory.models import Availability, HoldItem, Outcome

log = logging.getLogger(__name__)

EXPIRY_GRACE = timedelta(minutes=2)  # Stripe's expired event normally comes within seconds
PLACING_TIMEOUT = timedelta(seconds=60)  # a placement takes milliseconds; older ones crashed


class Inventory:
    """Over a pymongo Database (sync: the gateway calls it in a thread)."""

    def __init__(self, db: Database, clock: Clock = utc_now,
                 capacity_of: Callable[[str], int] = capacity):
        self.db, self.clock, self.capacity_of = db, clock, capacity_of

    def ensure_indexes(self) -> None:
        store.ensure_indexes(self.db)

    # --- gateway: checkout start --------------------------------------------------------------

    def place(self, hold_id: str, items: list[HoldItem], expires_at: datetime, **extra) -> None:
        """Take every item or none; SoldOut (nothing held) when a unit lacks stock. Placing the
        same hold id again is a no-op if it is held."""
        now = self.clock()
        if not store.save_hold(self.db, hold_id, items, expires_at, now, **extra):
            existing = self.db[store.HOLDS].find_one({"_id": hold_id}, {"state": 1})
            if existing and existing["state"] == "held":
                return
            raise SoldOut(items[0].unit if items else "")
        for attempt in (1, 2):
            refused = store.take(self.db, hold_id, items, "held", self.capacity_of)
            if refused is None:
                break
            store.release(self.db, hold_id, items[:refused])
            if attempt == 2 or not self._reclaim(items[refused].unit, now):
                store.claim(self.db, hold_id, ["placing"], "released", now)
                raise SoldOut(items[refused].unit)
        if store.claim(self.db, hold_id, ["placing"], "held", now) is None:
            store.release(self.db, hold_id, items)  # reclaimed meanwhile as a stale placement
            raise SoldOut(items[0].unit)

    def availability(self, needs: list[list[HoldItem]]) -> list[Availability]:
        """One query for many packages (a results page): what each can still get."""
        units = sorted({i.unit for items in needs for i in items})
        free = store.free_counts(self.db, units, self.capacity_of) if units else {}
        shown = []
        for items in needs:
            seats = [free[i.unit] for i in items if i.unit.startswith("flight:")]
            rooms = [free[i.unit] for i in items if i.unit.startswith("room:")]
            shown.append(Availability(seats_left=min(seats, default=0), rooms_left=min(rooms, default=0),
                                      bookable=all(free[i.unit] >= i.n for i in items)))
        return shown

    # --- both: give a hold back ---------------------------------------------------------------

    def release(self, hold_id: str) -> bool:
        """held/placing → released (expired session, failed Stripe call). Idempotent; True if the
        hold is released now (False: it was sold, refused, or does not exist)."""
        hold = store.claim(self.db, hold_id, ["placing", "held", "released"], "released", self.clock())
        if hold is None:
            return False
        store.release(self.db, hold_id, store.items_of(hold))
        return True

    # --- payments worker ----------------------------------------------------------------------

    def confirm(self, hold_id: str) -> Outcome:
        """A paid session: its hold becomes a sale. If the hold lapsed meanwhile, take the units again
        straight into `sold`; if they are gone, the hold ends `refused` (→ refund). Idempotent."""
        now = self.clock()
        for _ in range(5):  # a concurrent reclaim may change the state under us: look again
            hold = self.db[store.HOLDS].find_one({"_id": hold_id})
            if hold is None:
                return Outcome.NO_HOLD
            items, state = store.items_of(hold), hold["state"]
            if state in ("sold", "returned"):
                if state == "sold":
                    store.sell(self.db, hold_id, items)  # finish a move a crash interrupted
                return Outcome.SOLD
            if state == "refused":
                return Outcome.SOLD_OUT
            if state == "held":
                if store.claim(self.db, hold_id, ["held"], "sold", now):
                    store.sell(self.db, hold_id, items)
                    return Outcome.SOLD
                continue
            if store.claim(self.db, hold_id, ["placing", "released", "retaking"], "retaking", now):
                return self._retake(hold_id, items, now)
        raise RuntimeError(f"hold {hold_id} kept changing state")

    def _retake(self, hold_id: str, items: list[HoldItem], now: datetime) -> Outcome:
        store.release(self.db, hold_id, items)  # leftovers of a crashed placement or release
        store.give_back(self.db, hold_id, items)  # leftovers of a crashed earlier retake
        refused = store.take(self.db, hold_id, items, "sold", self.capacity_of)
        if refused is None:
            store.claim(self.db, hold_id, ["retaking"], "sold", now)
            return Outcome.SOLD
        store.give_back(self.db, hold_id, items[:refused])
        store.claim(self.db, hold_id, ["retaking"], "refused", now)
        log.warning("hold %s lapsed and %s is sold out: the payment is refunded", hold_id, items[refused].unit)
        return Outcome.SOLD_OUT

    def give_back(self, hold_id: str) -> bool:
        """A sold purchase was refunded (cancel & refund): its units are free again, once."""
        hold = store.claim(self.db, hold_id, ["sold", "returned"], "returned", self.clock())
        if hold is None:
            return False
        store.give_back(self.db, hold_id, store.items_of(hold))
        return True

    # --- stale holds --------------------------------------------------------------------------

    def _reclaim(self, unit: str, now: datetime) -> bool:
        """Release the holds on `unit` that can no longer be live; True if any units came back."""
        doc = self.db[store.UNITS].find_one({"_id": unit}, {"holds": 1})
        ids = [h["id"] for h in (doc or {}).get("holds", [])]
        if not ids:
            return False
        stale = self.db[store.HOLDS].find({"_id": {"$in": ids}, "$or": [
            {"state": "held", "expires_at": {"$lt": now - EXPIRY_GRACE}},
            {"state": "placing", "created_at": {"$lt": now - PLACING_TIMEOUT}},
            {"state": "released"}]})
        reclaimed = False
        for hold in stale:
            if store.claim(self.db, hold["_id"], [hold["state"]], "released", now):
                store.release(self.db, hold["_id"], store.items_of(hold))
                log.info("released lapsed hold %s (%s)", hold["_id"], hold["state"])
                reclaimed = True
        return reclaimed
