"""A real worker process for a benchmark: on a scratch Mongo database, with private consumer groups
that start at the topics' current end (the bench's own messages only), started and stopped by pid.

    commit_end_offsets(settings, group, topic)          # the group skips what is already there
    proc = start_worker(settings, "kafka_workers.projector", ["--group", g], db_name, [g])
    stop_worker(proc)

The stack's own worker of the same kind (`make run`'s, left up by an earlier benchmark) reads the same
topics: `with stack_worker_paused(settings, "payments"):` keeps it out of the way meanwhile.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, KafkaError, KafkaException, TopicPartition

from devstack import components
from services.bootstrap import WORKER_GROUPS
from services.config import ROOT
from services.messaging.admin import admin_client
from services.messaging.topics import PACKAGES_PURCHASED, PAYMENTS, USERS_CREATED

JOIN_TIMEOUT_S = 60
# What the stack's own workers read (group → topic) that a benchmark publishes on.
STACK_TOPICS = {
    "payments": {WORKER_GROUPS["payments"]: PAYMENTS.name, WORKER_GROUPS["receipts"]: PACKAGES_PURCHASED.name},
    "projector": {WORKER_GROUPS["projector"]: USERS_CREATED.name},
}


def end_offsets(settings, topics: list[str]) -> dict[tuple[str, int], int]:
    """(topic, partition) → the end offset now."""
    return {key: high for key, (_, high) in watermarks(settings, topics).items()}


def watermarks(settings, topics: list[str]) -> dict[tuple[str, int], tuple[int, int]]:
    """(topic, partition) → its (first, end) offsets now."""
    consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap_servers, "group.id": "bench-probe"})
    try:
        return {
            (t, p): consumer.get_watermark_offsets(TopicPartition(t, p), 10)
            for t in topics
            for p in consumer.list_topics(t, timeout=10).topics[t].partitions
        }
    finally:
        consumer.close()


def commit_end_offsets(settings, group: str, topic: str) -> None:
    """Commit `group` at the end of every partition of `topic` (it will read only what comes next)."""
    commit_offsets(settings, group, end_offsets(settings, [topic]))


def commit_offsets(settings, group: str, offsets_at: dict[tuple[str, int], int]) -> None:
    """Commit `group` at the given (topic, partition) → offset."""
    consumer = Consumer(
        {"bootstrap.servers": settings.kafka_bootstrap_servers, "group.id": group, "enable.auto.commit": False}
    )
    offsets = [TopicPartition(t, p, o) for (t, p), o in offsets_at.items()]
    try:
        for attempt in range(30):  # a just-started broker answers "not coordinator" for a while
            try:
                consumer.commit(offsets=offsets, asynchronous=False)
                return
            except KafkaException as exc:
                error = exc.args[0]
                if attempt == 29 or not (error.retriable() or error.code() == KafkaError.NOT_COORDINATOR):
                    raise
                time.sleep(1)
    finally:
        consumer.close()


def committed(settings, group: str) -> dict[tuple[str, int], int]:
    """(topic, partition) → the offset `group` has committed there (its topics only)."""
    admin = admin_client(settings)
    [future] = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)]).values()
    return {(tp.topic, tp.partition): tp.offset for tp in future.result(10).topic_partitions}


def lag(settings, group: str) -> int:
    """Messages on the group's partitions not yet committed by it (0 for a group with none)."""
    done = committed(settings, group)
    ends = end_offsets(settings, sorted({topic for topic, _ in done}))
    return sum(max(end - max(done.get(key, 0), 0), 0) for key, end in ends.items())


@contextmanager
def stack_worker_paused(settings, kind: str, topics: dict[str, str] | None = None) -> Iterator[None]:
    """Keeps the stack's own `kind` worker out of a benchmark's way. Its groups (`topics`: group →
    the topic it reads; STACK_TOPICS[kind] by default) would take each of the bench's messages
    (another database's: a dead letter there, or data in the development database), on the same
    two cores while the bench measures, or later. If it runs it is let catch up and stopped, and
    started again afterwards; either way, each of its partitions that was read to the end when the
    bench began is moved past what the bench published (a backlog it had, it keeps)."""
    topics = topics or STACK_TOPICS[kind]
    worker = components.load(f"{kind}-worker")
    running = worker is not None and worker.pid(settings) is not None
    if running:
        left = wait_caught_up(settings, list(topics), timeout_s=600)
        if any(left.values()):
            raise RuntimeError(f"the stack's {kind} worker did not catch up: {left}")
        worker.stop(settings)
    read = sorted(set(topics.values()))
    began = watermarks(settings, read)
    try:
        yield
    finally:
        ends = end_offsets(settings, read)
        for group, topic in topics.items():
            done = committed(settings, group)
            # A partition never committed (or below its first offset) is read from its start
            # (auto.offset.reset: earliest).
            read_to_end = {
                key for key, (low, high) in began.items() if key[0] == topic and max(done.get(key, low), low) >= high
            }
            if read_to_end:
                commit_offsets(settings, group, {key: ends[key] for key in read_to_end})
        if running:
            worker.ensure(settings)


def wait_caught_up(settings, groups: list[str], timeout_s: float) -> dict[str, int]:
    """Wait until every group has committed up to the end of its topics; returns what is left."""
    deadline = time.monotonic() + timeout_s
    while True:
        left = {group: lag(settings, group) for group in groups}
        if not any(left.values()) or time.monotonic() > deadline:
            return left
        time.sleep(1)


def start_worker(settings, module: str, args: list[str], db_name: str, groups: list[str]) -> subprocess.Popen:
    """`python -m module *args` on database `db_name` (log in the stack's log dir); returns once each
    of `groups` has members and is STABLE, so nothing the bench produces next is missed."""
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.log_dir / f"bench-{module.rsplit('.', 1)[-1]}-worker.log", "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env={**os.environ, "MONGO_DB": db_name, "LOG_LEVEL": "WARNING"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    admin, deadline = admin_client(settings), time.monotonic() + JOIN_TIMEOUT_S
    while True:
        infos = [f.result(10) for f in admin.describe_consumer_groups(groups, request_timeout=5).values()]
        if all(info.members and info.state.name == "STABLE" for info in infos):
            return proc
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_worker(proc)
            raise RuntimeError(f"{module} did not join its groups {groups}")
        time.sleep(0.1)


def start_payments_worker(settings, db_name: str, groups: tuple[str, str]) -> subprocess.Popen:
    """The payments worker with private groups for its purchases and receipts loops."""
    args = ["--group", groups[0], "--receipts-group", groups[1]]
    return start_worker(settings, "kafka_workers.payments", args, db_name, list(groups))


def stop_worker(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(30)
