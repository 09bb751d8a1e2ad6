"""Rebalance callbacks of the consumer runner, with a fake consumer that revokes (or loses)
partitions from inside poll()/consume(), where librdkafka calls them. Real processes and a real
broker: tests/faults/test_worker_groups.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from confluent_kafka import TopicPartition

from services.messaging.consumer import ConsumerRunner
from services.messaging.envelope import Envelope
from services.messaging.publisher import PublishFailed
from services.messaging.rebalance import InHand
from services.messaging.registry import Message, message, wrap


@message("test.rebalance", 1)
class Job(Message):
    n: int


@dataclass
class Record:  # a confluent_kafka.Message as the runner reads it
    _topic: str
    _partition: int
    _offset: int
    _value: bytes = b""

    def topic(self) -> str:
        return self._topic

    def partition(self) -> int:
        return self._partition

    def offset(self) -> int:
        return self._offset

    def value(self) -> bytes:
        return self._value

    def key(self) -> bytes | None:
        return None

    def headers(self) -> list:
        return []

    def error(self) -> None:
        return None


def job(partition: int, offset: int, n: int | None = None, reply_to: str | None = None) -> Record:
    env = wrap(Job(n=offset if n is None else n), reply_to=reply_to)
    return Record("jobs", partition, offset, env.encode())


@dataclass
class FakeConsumer:
    """poll()/consume() return queued answers; `in_poll[n]` runs inside the n-th poll (1-based) and
    `in_consume` inside the next consume(), where librdkafka runs rebalance callbacks."""

    polls: list = field(default_factory=list)
    consumed: list = field(default_factory=list)
    in_poll: dict[int, Callable[[], None]] = field(default_factory=dict)
    in_consume: Callable[[], None] | None = None
    stored: list[tuple[str, int, int]] = field(default_factory=list)
    commits: list[list[tuple[str, int, int]]] = field(default_factory=list)  # stored offsets at each commit
    _polled: int = 0

    def poll(self, timeout: float):
        self._polled += 1
        if callback := self.in_poll.pop(self._polled, None):
            callback()
        return self.polls.pop(0) if self.polls else None

    def consume(self, n: int, timeout: float):
        if self.in_consume:
            callback, self.in_consume = self.in_consume, None
            callback()
        out, self.consumed = self.consumed, []
        return out

    def store_offsets(self, message) -> None:
        self.stored.append((message.topic(), message.partition(), message.offset() + 1))

    def commit(self, asynchronous: bool = True) -> None:
        assert asynchronous is False  # rebalance commits must be synchronous
        self.commits.append(list(self.stored))

    def assignment(self) -> list:
        return []

    def pause(self, partitions) -> None: ...
    def resume(self, partitions) -> None: ...
    def seek(self, partition) -> None: ...


@dataclass
class FakePublisher:
    fail_first: int = 0
    published: list = field(default_factory=list)

    def publish(self, topic, envelope, *, key=None, headers=None, timeout=None):
        if self.fail_first:
            self.fail_first -= 1
            raise PublishFailed("kafka is down (test)")
        self.published.append((topic, envelope))

    def flush(self, timeout: float = 10.0) -> int:
        return 0


def tp(partition: int) -> TopicPartition:
    return TopicPartition("jobs", partition)


def runner(publisher=None, **kw) -> ConsumerRunner:
    handlers = kw.pop("handlers", {Job: lambda cmd, env: None})  # a batch runner decodes with them too
    return ConsumerRunner({}, ["jobs"], handlers, publisher or FakePublisher(), backoff_s=0.001, **kw)


# --- InHand: the rule ----------------------------------------------------------------------------


def test_revoke_returns_only_finished_messages_of_the_revoked_partitions_and_abandons_the_rest():
    hand = InHand()
    a, b, c = Record("jobs", 0, 5), Record("jobs", 0, 6), Record("jobs", 1, 9)
    hand.take([a, b, c])
    hand.finished(a)
    assert hand.revoked([tp(0)]) == [a]
    assert not hand.current(a) and not hand.current(b)  # neither is ours to store or handle now
    assert hand.current(c)  # partition 1 is untouched


def test_lost_partitions_commit_nothing_and_a_partition_regained_is_taken_afresh():
    hand = InHand()
    a = Record("jobs", 0, 5)
    hand.take([a])
    hand.finished(a)
    hand.lost([tp(0)])
    assert not hand.current(a) and len(hand) == 0
    hand.take([a])  # the partition came back and redelivered the same offset
    assert hand.current(a)


# --- the runner's callbacks ------------------------------------------------------------------------


def test_a_revoke_inside_consume_drops_the_first_message_of_the_revoked_partition():
    seen: list[int] = []
    r = runner(batch_handler=lambda items: seen.extend(cmd.n for cmd, _ in items))
    r._owned = {("jobs", 0), ("jobs", 1)}
    consumer = FakeConsumer(polls=[job(0, 5)], consumed=[job(1, 7)])
    consumer.in_consume = lambda: r._revoked(consumer, [tp(0)])  # after the poll returned offset 5
    r._consume_batch(consumer)
    assert seen == [7]  # offset 5 of partition 0 belongs to its new owner now
    assert consumer.stored == [("jobs", 1, 8)]
    assert consumer.commits == [[]]  # the revoke committed synchronously, with nothing of p0 handled
    assert r._owned == {("jobs", 1)} and len(r._hand) == 0


def test_a_revoke_while_a_batch_waits_for_a_dependency_retries_without_the_revoked_partition():
    tries: list[list[int]] = []

    def handler(items):
        tries.append(sorted(cmd.n for cmd, _ in items))
        if len(tries) == 1:
            raise PublishFailed("kafka is down (test)")  # transient: the runner waits, polling

    r = runner(batch_handler=handler)
    consumer = FakeConsumer(polls=[job(0, 5)], consumed=[job(0, 6), job(1, 7)])
    consumer.in_poll[2] = lambda: r._revoked(consumer, [tp(0)])  # the wait's first poll
    r._consume_batch(consumer)
    assert tries == [[5, 6, 7], [7]]  # the second try only handles what is still ours
    assert consumer.stored == [("jobs", 1, 8)]  # nothing of partition 0 stored: its new owner redelivers


def test_a_message_revoked_between_tries_is_neither_handled_again_nor_dead_lettered():
    calls: list[int] = []

    def handle(cmd: Job, env: Envelope):
        calls.append(cmd.n)
        raise ValueError("a bug (test)")  # deterministic: retried after a backoff, polling

    publisher = FakePublisher()
    r = runner(publisher, handlers={Job: handle}, max_attempts=3)
    consumer = FakeConsumer()
    consumer.in_poll[1] = lambda: r._revoked(consumer, [tp(0)])  # in the backoff's first poll
    r._one(consumer, job(0, 5))
    assert calls == [5]  # the second try saw the partition gone
    assert publisher.published == []  # no dead letter: the new owner will handle it
    assert consumer.stored == [] and consumer.commits == [[]]


@pytest.mark.parametrize("event", ["revoked", "lost"])
def test_a_handled_message_whose_reply_waits_is_committed_on_revoke_but_not_on_loss(event):
    publisher = FakePublisher(fail_first=1)  # the reply waits for Kafka once
    r = runner(publisher, handlers={Job: lambda cmd, env: Job(n=cmd.n * 10)})
    consumer = FakeConsumer()
    consumer.in_poll[1] = lambda: getattr(r, f"_{event}")(consumer, [tp(0)])
    r._one(consumer, job(0, 5, reply_to="replies"))
    assert len(publisher.published) == 1  # the reply still went out, once
    if event == "revoked":  # handled before the partition went: committed during the callback
        assert consumer.stored == [("jobs", 0, 6)] and consumer.commits == [[("jobs", 0, 6)]]
    else:  # lost: another member may own it already; it redelivers (the handler is idempotent)
        assert consumer.stored == [] and consumer.commits == []
