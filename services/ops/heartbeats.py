"""Which worker processes are alive: the heartbeats they write (services/messaging/heartbeat.py).

A worker is `up` if its last beat is at most UP_WITHIN_S old (beats come every 3 s, so two may be
missed), else `down` — killed, hung in a handler, cut off from Mongo, or stopped (`stopped_at`
set by a clean stop). Down entries are listed for HIDE_AFTER_S, then hidden (and Mongo's TTL
index removes them).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel
from pymongo.collection import Collection
from pymongo.errors import PyMongoError

from services.clock import Clock, utc_now
from services.errors import ServiceUnavailable
from services.messaging.heartbeat import HIDE_AFTER_S

UP_WITHIN_S = 10.0


class HeartbeatsUnavailable(ServiceUnavailable):
    dependency = "mongo"


class LastMessage(BaseModel):
    topic: str
    partition: int
    offset: int


class WorkerHeartbeat(BaseModel):
    worker_id: str
    worker: str  # users-worker | projector-worker | payments-worker
    pid: int
    host: str
    version: str
    started_at: datetime
    beat_at: datetime
    state: Literal["up", "down"]
    stopped_at: datetime | None = None  # set by a clean stop
    silent_s: float  # seconds since the last beat
    last_message_at: datetime | None = None
    last_message: LastMessage | None = None
    partitions: list[str] = []


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Heartbeats:
    def __init__(
        self,
        collection: Collection,
        clock: Clock = utc_now,
        *,
        up_within_s: float = UP_WITHIN_S,
        hide_after_s: float = HIDE_AFTER_S,
    ):
        self.collection, self.clock = collection, clock
        self.up_within_s, self.hide_after_s = up_within_s, hide_after_s

    def workers(self) -> list[WorkerHeartbeat]:
        """Every worker process heard from in the last hour: up ones first, then by name and start."""
        now = self.clock()
        try:
            docs = list(self.collection.find({"beat_at": {"$gte": now - timedelta(seconds=self.hide_after_s)}}))
        except PyMongoError as exc:
            raise HeartbeatsUnavailable(f"worker heartbeats unreadable: {exc}") from exc
        workers = []
        for doc in docs:
            beat_at = _utc(doc["beat_at"])
            silent = max(0.0, (now - beat_at).total_seconds())
            stopped_at = _utc(doc.get("stopped_at"))
            workers.append(
                WorkerHeartbeat(
                    worker_id=doc["_id"],
                    worker=doc["worker"],
                    pid=doc["pid"],
                    host=doc["host"],
                    version=doc.get("version", ""),
                    started_at=_utc(doc["started_at"]),
                    beat_at=beat_at,
                    state="up" if silent <= self.up_within_s and stopped_at is None else "down",
                    stopped_at=stopped_at,
                    silent_s=round(silent, 1),
                    last_message_at=_utc(doc.get("last_message_at")),
                    last_message=doc.get("last_message"),
                    partitions=doc.get("partitions", []),
                )
            )
        workers.sort(key=lambda w: (w.state != "up", w.worker, -w.started_at.timestamp()))
        return workers
