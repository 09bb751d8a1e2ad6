"""Creating the topics at start-up, with explicit partition counts (the broker never auto-creates)."""
from __future__ import annotations

import logging

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

from services.config import Settings
from services.messaging.topics import all_topic_specs

log = logging.getLogger(__name__)


def admin_client(settings: Settings) -> AdminClient:
    return AdminClient({"bootstrap.servers": settings.kafka_bootstrap_servers})


def ensure_topics(settings: Settings, specs: dict[str, int] | None = None, timeout: float = 15.0) -> list[str]:
    """Create whichever topics are missing; returns the names created. Safe to call concurrently."""
    specs = specs or all_topic_specs()
    admin = admin_client(settings)
    existing = set(admin.list_topics(timeout=timeout).topics)
    missing = [NewTopic(name, num_partitions=parts, replication_factor=settings.kafka_replication_factor)
               for name, parts in specs.items() if name not in existing]
    created = []
    for name, future in (admin.create_topics(missing, operation_timeout=timeout).items() if missing else []):
        try:
            future.result(timeout)
            created.append(name)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise
    if created:
        log.info("created topics %s", created)
    return created
