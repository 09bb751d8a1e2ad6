"""`bench.worker_process.stack_worker_paused` on the real broker: after a benchmark published on the
stack's topics, the stack's worker groups skip what it published but keep a backlog they had.
(Stopping and starting again a running worker is exercised by `bench payments` and `bench rebuild`
on a development stack, not here: the test stack's real worker groups belong to the browser tests.)"""

from __future__ import annotations

import uuid

from confluent_kafka import Producer
from confluent_kafka.admin import NewTopic

from bench.worker_process import commit_offsets, stack_worker_paused
from devstack import components
from services.config import Settings
from services.messaging.admin import admin_client
from tests.integration.kafka_helpers import committed_offset


def _produce(settings: Settings, topic: str, counts: dict[int, int]) -> None:
    producer = Producer({"bootstrap.servers": settings.kafka_bootstrap_servers})
    for partition, n in counts.items():
        for _ in range(n):
            producer.produce(topic, b"not an envelope", partition=partition)
    assert producer.flush(15) == 0


def test_groups_skip_what_the_bench_published_and_keep_their_backlog(stack, kafka):
    stack.stop("payments-worker")
    first, second = f"bench-pause-{uuid.uuid4().hex[:8]}", f"bench-pause-{uuid.uuid4().hex[:8]}"
    admin = admin_client(kafka)  # kept: the futures fail if the client is collected first
    [f.result(15) for f in admin.create_topics([NewTopic(first, 2, 1), NewTopic(second, 2, 1)]).values()]
    _produce(kafka, first, {0: 3, 1: 3})
    _produce(kafka, second, {1: 2})
    reader, never = f"g-{uuid.uuid4().hex[:8]}", f"g-{uuid.uuid4().hex[:8]}"
    commit_offsets(kafka, reader, {(first, 0): 3, (first, 1): 1})  # partition 1: two left to read

    with stack_worker_paused(kafka, "payments", {reader: first, never: second}):
        _produce(kafka, first, {0: 2, 1: 2})  # the benchmark's messages
        _produce(kafka, second, {0: 1, 1: 1})

    assert committed_offset(kafka, reader, first, 0) == 5  # read to the end before: past the bench's
    assert committed_offset(kafka, reader, first, 1) == 1  # its backlog kept (the bench's after it too)
    assert committed_offset(kafka, never, second, 0) == 1  # empty before, never read: past the bench's
    assert committed_offset(kafka, never, second, 1) < 0  # it would read its two from the start: left
    # The stack's payments worker was not running, so it was not started either.
    assert components.load("payments-worker").pid(kafka) is None
