"""The projector: users-created → the gateway's Mongo `users` read copy (and sessions ended)."""

from __future__ import annotations

from services.bootstrap import WORKER_GROUPS, inject, worker_heartbeat, worker_mongo, worker_status
from services.config import Settings, get_settings
from services.messaging.admin import ensure_topics
from services.messaging.consumer import ConsumerRunner
from services.messaging.kafka_config import consumer_config, producer_config
from services.messaging.publisher import Publisher
from services.messaging.topics import USERS_CREATED
from services.projection import sessions as sessions_projection
from services.projection import users as users_projection
from services.sessions.store import SESSIONS


def projector_worker(settings: Settings | None = None, *, group_id: str = WORKER_GROUPS["projector"]) -> ConsumerRunner:
    """users-created → the gateway's Mongo `users` read copy."""
    settings = settings or get_settings()
    client = worker_mongo(settings)
    collection = client[settings.mongo_db][users_projection.COLLECTION]
    web_sessions = client[settings.mongo_db][SESSIONS]  # ended after a password reset
    users_projection.ensure_indexes(collection)
    ensure_topics(settings)
    return ConsumerRunner(
        consumer_config=consumer_config(settings, group_id),
        topics=[USERS_CREATED.name],
        handlers=inject(
            {**users_projection.HANDLERS, **sessions_projection.HANDLERS},
            {"users": collection, "sessions": web_sessions},
        ),
        publisher=Publisher(producer_config(settings)),  # for the dead-letter topic
        max_attempts=settings.consumer_max_attempts,
        name="projector",
        status=worker_status(settings, "projector"),
        heartbeat=worker_heartbeat(settings, "projector"),
    )
