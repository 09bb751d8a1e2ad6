"""What the /ops page calls: one object over the dead-letter reader, the replayer and the
heartbeat reader. The async methods run the blocking clients in a thread (each call is bounded by
its own timeout: Kafka 5 s, Mongo 3 s), so a page's event loop never waits on them."""

from __future__ import annotations

import asyncio

from pymongo.database import Database

from services.clock import Clock, utc_now
from services.config import Settings
from services.messaging.heartbeat import HEARTBEATS
from services.mongo_clients import bounded_journaled
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.ops.dead_letters import DeadLetter, DeadLetterReader, DeadLetterTopic
from services.ops.heartbeats import Heartbeats, WorkerHeartbeat
from services.ops.replay import REPLAYS, Replayer, ReplayResult


class OpsService:
    def __init__(
        self,
        db: Database,
        publisher: Publisher,
        bootstrap_servers: str,
        *,
        clock: Clock = utc_now,
        kafka_timeout_s: float = 5.0,
        owns: tuple = (),
    ):
        self.dead_letters = DeadLetterReader(bootstrap_servers, timeout_s=kafka_timeout_s)
        self.replayer = Replayer(self.dead_letters, publisher, db[REPLAYS], clock)
        self.heartbeats = Heartbeats(db[HEARTBEATS], clock)
        self._owns = owns  # clients built by from_settings, closed by close()

    @classmethod
    def from_settings(cls, settings: Settings) -> "OpsService":
        """For the CLI: its own clients (the web process passes its shared ones instead)."""
        client = bounded_journaled(settings)
        publisher = Publisher(producer_config(settings), ack_timeout_s=settings.kafka_request_timeout_s)
        return cls(client[settings.mongo_db], publisher, settings.kafka_bootstrap_servers, owns=(publisher, client))

    def with_replays(self, letters: list[DeadLetter]) -> list[DeadLetter]:
        """The same records with `replayed_at` filled in from the replay records."""
        replayed = self.replayer.replayed_at([d.coordinates for d in letters])
        return [d.model_copy(update={"replayed_at": replayed.get(d.coordinates)}) for d in letters]

    # --- for the page (async) -------------------------------------------------------------------

    async def dead_letter_topics(self) -> list[DeadLetterTopic]:
        return await asyncio.to_thread(self.dead_letters.topics)

    async def newest_dead_letters(self, dlq_topic: str, limit: int = 20) -> list[DeadLetter]:
        return await asyncio.to_thread(lambda: self.with_replays(self.dead_letters.newest(dlq_topic, limit)))

    async def replay_one(self, dlq_topic: str, offset: int, partition: int = 0, *, by: str) -> ReplayResult:
        return await asyncio.to_thread(self.replayer.replay_one, dlq_topic, offset, partition, by=by)

    async def replay_all(self, dlq_topic: str, *, by: str, include_failed_replays: bool = False) -> list[ReplayResult]:
        return await asyncio.to_thread(
            self.replayer.replay_all, dlq_topic, by=by, include_failed_replays=include_failed_replays
        )

    async def workers(self) -> list[WorkerHeartbeat]:
        return await asyncio.to_thread(self.heartbeats.workers)

    def close(self) -> None:
        for owned in self._owns:
            owned.close()
