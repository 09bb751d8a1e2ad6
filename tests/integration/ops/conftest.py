"""Ops integration fixtures: the real broker and Mongo server (devstack) and the OpsService the /ops
page uses, built from the test stack's settings."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from confluent_kafka import Consumer, TopicPartition

from services.config import Settings
from services.ops.api import OpsService


@pytest.fixture(scope="module")
def ops_stack(stack, kafka) -> Settings:
    return stack.ensure("mongo")


@pytest.fixture
def ops(ops_stack) -> Iterator[OpsService]:
    service = OpsService.from_settings(ops_stack)
    yield service
    service.close()


def records_from(settings: Settings, topic: str, partition: int, start: int, settle_s: float = 0.0) -> list:
    """Every record of topic[partition] from `start` to the current end (after waiting `settle_s`)."""
    time.sleep(settle_s)
    consumer = Consumer(
        {
            "bootstrap.servers": settings.kafka_bootstrap_servers,
            "group.id": f"reader-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    try:
        _, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
        out: list = []
        if high <= start:
            return out
        consumer.assign([TopicPartition(topic, partition, start)])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and (not out or out[-1].offset() < high - 1):
            msg = consumer.poll(0.2)
            if msg is not None and not msg.error():
                out.append(msg)
        return out
    finally:
        consumer.close()


def header(msg, name: str) -> str | None:
    value = dict(msg.headers() or []).get(name)
    return value.decode() if isinstance(value, bytes) else value
