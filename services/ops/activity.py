"""Sign-ups and purchases per hour over the last day, from the web's Mongo read model: `users`
(the projection of confirmed accounts; `created_at` is the sign-up time) and `purchases`
(`purchased_at`). Hours are UTC, the current (partial) hour last.

Counting happens in Python over the day's timestamps (one indexed-free range read per collection,
only the one field): fine for a demo's day; a busy shop would keep hourly counters instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel
from pymongo.asynchronous.collection import AsyncCollection

from services.faults import unavailable_on_outage

HOURS = 24


class HourActivity(BaseModel):
    hour: datetime  # the start of the hour, UTC
    signups: int
    purchases: int


def first_hour(now: datetime, hours: int = HOURS) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours - 1)


def per_hour(
    signups: Iterable[datetime], purchases: Iterable[datetime], now: datetime, hours: int = HOURS
) -> list[HourActivity]:
    """Pure: count each timestamp in its hour; hours outside the window are dropped, empty hours kept."""
    start = first_hour(now, hours)
    slots = [start + timedelta(hours=i) for i in range(hours)]

    def counts(times: Iterable[datetime]) -> Counter:
        return Counter(t.replace(minute=0, second=0, microsecond=0) for t in times if start <= t <= now)

    s, p = counts(signups), counts(purchases)
    return [HourActivity(hour=h, signups=s[h], purchases=p[h]) for h in slots]


class Activity:
    def __init__(self, users: AsyncCollection, purchases: AsyncCollection):
        self._users = users
        self._purchases = purchases

    @unavailable_on_outage
    async def last_day(self, now: datetime) -> list[HourActivity]:
        since = first_hour(now)
        signups = [
            d["created_at"]
            async for d in self._users.find({"created_at": {"$gte": since}}, {"created_at": 1, "_id": 0})
        ]
        purchases = [
            d["purchased_at"]
            async for d in self._purchases.find({"purchased_at": {"$gte": since}}, {"purchased_at": 1, "_id": 0})
        ]
        return per_hour(signups, purchases, now)
