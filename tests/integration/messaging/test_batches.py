"""The consumer runner's batch mode, in this process against the real broker: a backlog is handed
over in bulk (never more than batch_size at once) with the gate hooks called around each batch, and
a batch whose handler fails is replayed one message at a time through the per-message handler."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from services.messaging.admin import ensure_topics
from services.messaging.consumer import ConsumerRunner
from services.messaging.kafka_config import consumer_config, producer_config
from services.messaging.publisher import Publisher
from services.messaging.registry import wrap
from services.messaging.start_together import StartTogether
from tests.integration.conftest import eventually
from tests.integration.messaging.probe_worker import Work

BACKLOG = 40


@pytest.fixture
def backlog(kafka) -> Iterator[tuple[str, Publisher]]:
    """A fresh topic holding BACKLOG messages before any consumer starts."""
    topic = f"batches-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka, {topic: 1, topic + ".dlq": 1})
    publisher = Publisher(producer_config(kafka))
    for future in [publisher.send(topic, wrap(Work(label=f"w{i}")), key="k") for i in range(BACKLOG)]:
        future.result(10)
    yield topic, publisher
    publisher.close()


def run_in_thread(runner: ConsumerRunner) -> Callable[[], None]:
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()

    def stop() -> None:
        runner.stop()
        thread.join(30)
        assert not thread.is_alive()

    return stop


def test_a_backlog_is_handled_in_bulk_with_the_hooks_around_each_batch(kafka, backlog):
    topic, publisher = backlog
    batches: list[list[str]] = []
    events: list[tuple[str, int]] = []
    runner = ConsumerRunner(
        consumer_config=consumer_config(kafka, f"{topic}-g"),
        topics=[topic],
        publisher=publisher,
        handlers={Work: lambda work, _: pytest.fail("no batch fails here")},
        batch_handler=lambda batch: batches.append([work.label for work, _ in batch]),
        batch_size=15,
        before_batch=lambda: events.append(("before", 0)),
        after_batch=lambda n: events.append(("after", n)),
    )
    stop = run_in_thread(runner)
    try:
        eventually(lambda: _equal(sum(map(len, batches)), BACKLOG), timeout=30)
    finally:
        stop()
    assert [label for batch in batches for label in batch] == [f"w{i}" for i in range(BACKLOG)]
    assert max(map(len, batches)) == 15  # a backlog goes in full batches, never more
    assert [n for kind, n in events if kind == "after" and n] == [len(b) for b in batches]
    # every poll is preceded by before_batch and followed by after_batch (0 for an empty poll)
    assert [kind for kind, _ in events[: 2 * len(batches)]] == ["before", "after"] * len(batches)


def test_a_failing_batch_is_replayed_one_message_at_a_time(kafka, backlog):
    topic, publisher = backlog
    one_by_one: list[str] = []
    calls = []

    def fail_first(batch) -> None:
        calls.append(len(batch))
        if len(calls) == 1:
            raise RuntimeError("the first batch fails")

    runner = ConsumerRunner(
        consumer_config=consumer_config(kafka, f"{topic}-g"),
        topics=[topic],
        publisher=publisher,
        handlers={Work: lambda work, _: one_by_one.append(work.label)},
        batch_handler=fail_first,
        batch_size=10,
    )
    stop = run_in_thread(runner)
    try:
        eventually(lambda: _equal(sum(calls[1:]) + len(one_by_one), BACKLOG), timeout=30)
    finally:
        stop()
    assert one_by_one == [f"w{i}" for i in range(calls[0])]  # exactly the failed batch, in order


def _equal(actual, expected):
    assert actual == expected, actual
    return actual


def test_consumers_of_one_loop_start_together_so_none_loses_its_first_batch(kafka):
    """Two runners of one loop (one group, one process) on a topic with a backlog: with a shared
    StartTogether neither handles anything before both have partitions, so no partition changes
    hands under a batch, and every message is handled once, by the consumer of its partition."""
    topic = f"together-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka, {topic: 4, topic + ".dlq": 1})
    publisher = Publisher(producer_config(kafka))
    try:
        for future in [publisher.send(topic, wrap(Work(label=f"w{i}")), key=f"k{i}") for i in range(200)]:
            future.result(10)
        together = StartTogether(2, max_wait_s=30)
        lock = threading.Lock()
        assigned: dict[str, float] = {}
        handled: list[tuple[str, float, str]] = []

        def runner(name: str) -> ConsumerRunner:
            def batch(items) -> None:
                with lock:
                    handled.extend((name, time.monotonic(), work.label) for work, _ in items)
                time.sleep(0.05)  # a batch takes a while: a rebalance under it would show

            def on_assign(partitions) -> None:
                if partitions:
                    assigned.setdefault(name, time.monotonic())

            return ConsumerRunner(
                consumer_config=consumer_config(kafka, f"{topic}-g"),
                topics=[topic],
                publisher=publisher,
                handlers={Work: lambda work, _: pytest.fail("no batch fails here")},
                batch_handler=batch,
                batch_size=20,
                on_assign=on_assign,
                name=name,
                start_together=together,
            )

        first = run_in_thread(runner("one"))
        time.sleep(2)  # the first has joined alone and holds every partition, paused
        second = run_in_thread(runner("two"))
        try:
            eventually(lambda: _equal(len(handled), 200), timeout=60)
        finally:
            first()
            second()
    finally:
        publisher.close()
    assert set(assigned) == {"one", "two"}
    assert min(t for _, t, _ in handled) >= max(assigned.values())  # nothing before both had partitions
    assert sorted(label for _, _, label in handled) == sorted(f"w{i}" for i in range(200))  # each once
    assert {name for name, _, _ in handled} == {"one", "two"}
