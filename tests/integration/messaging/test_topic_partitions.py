"""Partition counts declared in topics.py: a topic created with fewer is grown, never shrunk."""

from __future__ import annotations

import time
import uuid

from confluent_kafka.admin import NewTopic

from services.messaging.admin import admin_client, ensure_topics
from services.messaging.topics import GROUP_PARTITIONS, PAYMENTS, TOPICS


def partitions_of(admin, name: str, at_least: int = 0) -> int:
    """The topic's partition count, once the broker's metadata shows `at_least` (it lags a grow)."""
    deadline = time.monotonic() + 10
    while True:
        count = len(admin.list_topics(name, timeout=10).topics[name].partitions)
        if count >= at_least or time.monotonic() > deadline:
            return count
        time.sleep(0.2)


def test_the_topics_worker_groups_share_have_the_declared_partitions(kafka):
    admin = admin_client(kafka)
    assert PAYMENTS.partitions == GROUP_PARTITIONS
    for topic in TOPICS:
        assert partitions_of(admin, topic.name) == topic.partitions, topic.name


def test_an_existing_topic_with_fewer_partitions_is_grown_and_one_with_more_is_left(kafka):
    admin = admin_client(kafka)
    small, large = f"grow-{uuid.uuid4().hex[:8]}", f"grow-{uuid.uuid4().hex[:8]}"
    [f.result(15) for f in admin.create_topics([NewTopic(small, 2, 1), NewTopic(large, 4, 1)]).values()]
    try:
        assert ensure_topics(kafka, {small: 6, large: 3}, configs={}) == []  # none created
        assert (partitions_of(admin, small, 6), partitions_of(admin, large)) == (6, 4)
        ensure_topics(kafka, {small: 6}, configs={})  # idempotent
        assert partitions_of(admin, small) == 6
    finally:
        [f.result(15) for f in admin.delete_topics([small, large]).values()]
