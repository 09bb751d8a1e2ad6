"""Small helpers for reading topics in tests with a plain consumer (independent of the code under test)."""

from __future__ import annotations

import time
import uuid

from confluent_kafka import Consumer, TopicPartition

from services.config import Settings


def read_all(settings: Settings, topic: str, expected: int, timeout: float = 15.0, partitions: int = 1) -> list:
    """Read a topic from the beginning until `expected` messages arrived (or the timeout)."""
    consumer = Consumer(
        {
            "bootstrap.servers": settings.kafka_bootstrap_servers,
            "group.id": f"reader-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    messages, deadline = [], time.monotonic() + timeout
    try:
        while len(messages) < expected and time.monotonic() < deadline:
            msg = consumer.poll(0.2)
            if msg is not None and not msg.error():
                messages.append(msg)
    finally:
        consumer.close()
    return messages


def committed_offset(settings: Settings, group: str, topic: str, partition: int = 0) -> int:
    consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap_servers, "group.id": group})
    try:
        return consumer.committed([TopicPartition(topic, partition)], timeout=10)[0].offset
    finally:
        consumer.close()
