"""The hold lifecycle: all-or-nothing placement, release, sale, late re-take, give back.

States of a hold document (store.HOLDS) and who moves it:
    held ─▶ sold ─▶ returned                    (checkout start; payment; refund)
     └──▶ released ─▶ sold | refused             (session expired / Stripe failure / lapse; late payment)
A refused placement is recorded `released` (never held), so a payment of its session, should one
ever come, is re-taken or refunded like any lapsed hold's.
Each move is ONE transaction that changes the hold's state (a conditional update: two actors never
both act on one hold) and the counters of all its units, so a crash anywhere leaves either the
whole move or nothing: no half-placed hold to roll back, no unit ever changed twice for one move.
A write conflict between concurrent transactions is retried (pymongo's with_transaction).

Lapsed holds: a hold lives as long as its Stripe session (`expires_at`), and the session's
`checkout.session.expired` releases it. If that event never comes, the hold is released by the
next booker refused on one of its units, EXPIRY_GRACE after expiry: stock is only stuck while
nobody wants it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from services.clock import Clock, utc_now
from services.inventory import store
from services.inventory.capacity import capacity
from services.inventory.errors import SoldOut
from services.inventory.models import Availability, HoldItem, Outcome

log = logging.getLogger(__name__)

EXPIRY_GRACE = timedelta(minutes=2)  # Stripe's expired event normally comes within seconds


class Inventory:
    """Over a pymongo Database (sync: the gateway calls it in a thread)."""

    def __init__(self, db: Database, clock: Clock = utc_now, capacity_of: Callable[[str], int] = capacity):
        self.db, self.clock, self.capacity_of = db, clock, capacity_of

    def ensure_indexes(self) -> None:
        store.ensure_indexes(self.db)

    def _atomically(self, work: Callable[[ClientSession], Any]) -> Any:
        """Run `work` in one transaction (retried on write conflicts); a take that met units never
        touched creates them outside it and runs the whole transaction again."""
        while True:
            try:
                with self.db.client.start_session() as session:
                    return session.with_transaction(work)
            except store.Missing as missing:
                store.ensure_units(self.db, missing.units, self.capacity_of)

    # --- gateway: checkout start --------------------------------------------------------------

    def place(self, hold_id: str, items: list[HoldItem], expires_at: datetime, **extra) -> None:
        """Take every item or none; SoldOut (nothing held) when a unit lacks stock. Placing the
        same hold id again is a no-op if it is held."""
        now = self.clock()
        hold = store.hold_document(hold_id, items, "held", expires_at, now, **extra)

        def place(session: ClientSession) -> None:
            self.db[store.HOLDS].insert_one(hold, session=session)
            store.take(self.db, session, items, "held", self.capacity_of)

        for attempt in (1, 2):
            try:
                self._atomically(place)
                return
            except DuplicateKeyError:
                existing = self.db[store.HOLDS].find_one({"_id": hold_id}, {"state": 1})
                if existing and existing["state"] == "held":
                    return
                raise SoldOut(items[0].unit if items else "") from None
            except store.Refused as refused:
                unit = items[refused.index].unit
                if attempt == 2 or not self._reclaim(refused.units, now):
                    self._record_refusal(hold)
                    raise SoldOut(unit) from None

    def _record_refusal(self, hold: dict) -> None:
        try:
            self.db[store.HOLDS].insert_one({**hold, "state": "released"})
        except DuplicateKeyError:
            pass  # placed or refused concurrently under the same id: that record stands

    def availability(self, needs: list[list[HoldItem]]) -> list[Availability]:
        """One query for many packages (a results page): what each can still get."""
        units = sorted({i.unit for items in needs for i in items})
        free = store.free_counts(self.db, units, self.capacity_of) if units else {}
        shown = []
        for items in needs:
            seats = [free[i.unit] for i in items if i.unit.startswith("flight:")]
            rooms = [free[i.unit] for i in items if i.unit.startswith("room:")]
            shown.append(
                Availability(
                    seats_left=min(seats, default=0),
                    rooms_left=min(rooms, default=0),
                    bookable=all(free[i.unit] >= i.n for i in items),
                )
            )
        return shown

    # --- both: give a hold back ---------------------------------------------------------------

    def release(self, hold_id: str) -> bool:
        """held → released (expired session, failed Stripe call). Idempotent; True if the hold is
        released (now or before), False if it was sold, refused, or does not exist."""

        def release(session: ClientSession) -> bool:
            hold = store.claim(self.db, hold_id, ["held", "released"], "released", self.clock(), session)
            if hold is None:
                return False
            if hold["state"] == "held":
                store.move(self.db, session, store.items_of(hold), "held", "free")
            return True

        return self._atomically(release)

    # --- payments worker ----------------------------------------------------------------------

    def confirm(self, hold_id: str) -> Outcome:
        """A paid session: its hold becomes a sale. If the hold lapsed meanwhile, take the units again
        straight into `sold`; if they are gone, the hold ends `refused` (→ refund). Idempotent."""
        now = self.clock()

        def confirm(session: ClientSession) -> Outcome | None:
            hold = self.db[store.HOLDS].find_one({"_id": hold_id}, session=session)
            if hold is None:
                return Outcome.NO_HOLD
            state = hold["state"]
            if state in ("sold", "returned"):
                return Outcome.SOLD
            if state == "refused":
                return Outcome.SOLD_OUT
            if store.claim(self.db, hold_id, [state], "sold", now, session) is None:
                return None  # changed under us: look again
            if state == "held":
                store.move(self.db, session, store.items_of(hold), "held", "sold")
            else:  # released: take the units again, straight into sold (Refused aborts it all)
                store.take(self.db, session, store.items_of(hold), "sold", self.capacity_of)
            return Outcome.SOLD

        for _ in range(5):
            try:
                outcome = self._atomically(confirm)
            except store.Refused as refused:
                if store.claim(self.db, hold_id, ["released"], "refused", now) is None:
                    continue
                hold = self.db[store.HOLDS].find_one({"_id": hold_id}, {"items": 1})
                log.warning(
                    "hold %s lapsed and %s is sold out: the payment is refunded",
                    hold_id,
                    hold["items"][refused.index]["unit"],
                )
                return Outcome.SOLD_OUT
            if outcome is not None:
                return outcome
        raise RuntimeError(f"hold {hold_id} kept changing state")

    def give_back(self, hold_id: str) -> bool:
        """A sold purchase was refunded (cancel & refund): its units are free again, once."""

        def give_back(session: ClientSession) -> bool:
            hold = store.claim(self.db, hold_id, ["sold", "returned"], "returned", self.clock(), session)
            if hold is None:
                return False
            if hold["state"] == "sold":
                store.move(self.db, session, store.items_of(hold), "sold", "free")
            return True

        return self._atomically(give_back)

    # --- stale holds --------------------------------------------------------------------------

    def _reclaim(self, units: list[str], now: datetime) -> bool:
        """Release the held holds on any of `units` past their expiry (+ grace); True if any did."""
        lapsed = self.db[store.HOLDS].find(
            {"state": "held", "expires_at": {"$lt": now - EXPIRY_GRACE}, "items.unit": {"$in": units}}, {"_id": 1}
        )
        reclaimed = False
        for hold in lapsed:
            if self.release(hold["_id"]):
                log.info("released lapsed hold %s", hold["_id"])
                reclaimed = True
        return reclaimed
