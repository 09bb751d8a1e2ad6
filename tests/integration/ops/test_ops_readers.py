"""The /ops readers against the real broker and the real Mongo server: exact offsets and lag after
producing and committing, "Kafka unavailable" within seconds when no broker answers, and hourly
activity from the read model."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from confluent_kafka import Consumer, Producer
from pymongo import AsyncMongoClient

from services.bootstrap.web import ops_admin_config
from services.config import Settings
from services.messaging.admin import ensure_topics
from services.ops.activity import Activity
from services.ops.topics import KafkaUnavailable, TopicsReader


def test_offsets_and_lag_are_read_from_the_broker(kafka: Settings):
    topic, group = f"ops-test-{uuid.uuid4().hex[:8]}", f"ops-test-group-{uuid.uuid4().hex[:6]}"
    ensure_topics(kafka, {topic: 2})
    producer = Producer({"bootstrap.servers": kafka.kafka_bootstrap_servers})
    for i in range(7):
        producer.produce(topic, value=b"x", partition=i % 2)  # 4 on partition 0, 3 on partition 1
    assert producer.flush(10) == 0
    consumer = Consumer(
        {
            "bootstrap.servers": kafka.kafka_bootstrap_servers,
            "group.id": group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    from confluent_kafka import TopicPartition

    consumer.commit(offsets=[TopicPartition(topic, 0, 1)], asynchronous=False)  # read 1 of partition 0
    consumer.close()

    reader = TopicsReader(ops_admin_config(kafka), timeout_s=5)
    report = reader.read()
    [mine] = [t for t in report.topics if t.name == topic]
    assert [(p.partition, p.start, p.end) for p in mine.partitions] == [(0, 0, 4), (1, 0, 3)]
    [lag] = [g for g in mine.groups if g.group == group]
    assert lag.committed == {0: 1, 1: None} and lag.lag == 3 + 3
    assert not any(t.name.startswith("__") for t in report.topics)

    producer.produce(topic, value=b"y", partition=1)
    producer.flush(10)
    [after] = [t for t in reader.read().topics if t.name == topic]
    assert after.partitions[1].end == 4 and [g.lag for g in after.groups if g.group == group] == [7]


def test_no_broker_is_kafka_unavailable_within_seconds():
    reader = TopicsReader({"bootstrap.servers": "127.0.0.1:1"}, timeout_s=1.5)
    started = time.monotonic()
    with pytest.raises(KafkaUnavailable) as err:
        reader.read()
    assert err.value.dependency == "kafka"
    assert time.monotonic() - started < 5


def test_activity_counts_signups_and_purchases_per_hour(stack, mongo_client):
    settings = stack.ensure("mongo")
    name = f"test_ops_{uuid.uuid4().hex[:8]}"
    now = datetime.now(UTC)
    sync = mongo_client[name]
    sync["users"].insert_many(
        [{"_id": f"u{i}", "created_at": now - timedelta(hours=h)} for i, h in enumerate((0, 0, 3, 30))]
    )
    sync["purchases"].insert_many([{"_id": "p1", "purchased_at": now - timedelta(hours=3)}])

    async def read():
        client = AsyncMongoClient(settings.mongo_url, tz_aware=True)
        try:
            return await Activity(client[name]["users"], client[name]["purchases"]).last_day(now)
        finally:
            await client.close()

    try:
        hours = asyncio.run(read())
    finally:
        mongo_client.drop_database(name)
    assert len(hours) == 24
    assert (hours[-1].signups, hours[-1].purchases) == (2, 0)
    assert (hours[-4].signups, hours[-4].purchases) == (1, 1)
    assert sum(h.signups for h in hours) == 3  # 30 h ago is outside the day
