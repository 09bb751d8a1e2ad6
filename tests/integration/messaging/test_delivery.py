"""Delivery guarantees of the consumer runner, in real worker processes against the real broker."""
from __future__ import annotations

import json
import signal
import uuid
from types import SimpleNamespace

import pytest

from services.messaging.admin import ensure_topics
from services.messaging.envelope import Envelope
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.registry import wrap
from tests.integration.conftest import eventually
from tests.integration.kafka_helpers import committed_offset, read_all
from tests.integration.messaging.probe_worker import Work


@pytest.fixture
def probe(kafka, mongo_db, start_worker):
    topic = f"probe-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka, {topic: 1, topic + ".dlq": 1})
    group = f"{topic}-workers"
    publisher = Publisher(producer_config(kafka))

    def start():
        return start_worker("tests.integration.messaging.probe_worker",
                            "--topic", topic, "--group", group, "--db", mongo_db.name)

    def send(payload) -> Envelope | bytes:
        publisher.publish(topic, payload, key="k")
        return payload

    yield SimpleNamespace(topic=topic, group=group, db=mongo_db, start=start, send=send)
    publisher.close()


def labels(db) -> set[str]:
    return {d["label"] for d in db.effects.find()}


def test_poison_messages_are_dead_lettered_and_the_consumer_goes_on(kafka, probe):
    worker = probe.start()
    poison = [
        b"{this is not json",
        Envelope(type="probe.unknown", version=1, data={}).encode(),
        Envelope(type="probe.work", version=9, data={"label": "future"}).encode(),
        Envelope(type="probe.work", version=1, data={"sleep_s": "soon"}).encode(),
    ]
    for raw in poison:
        probe.send(raw)
    probe.send(wrap(Work(label="good")))

    eventually(lambda: assert_equal(labels(probe.db), {"good"}), timeout=30)
    dead = read_all(kafka, probe.topic + ".dlq", expected=4)
    assert [m.value() for m in dead] == poison  # original bytes kept, in order
    errors = [dict(m.headers())["dlq.error"].decode() for m in dead]
    assert "not a valid envelope" in errors[0]
    assert "unknown message type 'probe.unknown'" in errors[1]
    assert "unsupported version 9 of probe.work" in errors[2]
    assert "invalid probe.work v1" in errors[3] and "label" in errors[3]
    for m in dead:
        headers = dict(m.headers())
        assert headers["dlq.original.topic"].decode() == probe.topic
        assert m.key() == b"k"
    assert worker.proc.poll() is None, worker.output()


def test_a_failing_handler_is_retried_then_dead_lettered(kafka, probe):
    probe.start()
    flaky = probe.send(wrap(Work(label="flaky", fail_times=2)))
    unavailable = probe.send(wrap(Work(label="unavailable", fail_times=2, transient=True)))
    broken = probe.send(wrap(Work(label="broken", fail_times=99)))
    probe.send(wrap(Work(label="after")))

    eventually(lambda: assert_equal(labels(probe.db), {"flaky", "unavailable", "after"}), timeout=30)
    assert probe.db.attempts.count_documents({"message_id": flaky.id}) == 3
    assert probe.db.attempts.count_documents({"message_id": unavailable.id}) == 3  # retried too
    assert probe.db.attempts.count_documents({"message_id": broken.id}) == 3  # bounded
    [dead] = read_all(kafka, probe.topic + ".dlq", expected=1)
    assert json.loads(dead.value())["id"] == broken.id
    assert dict(dead.headers())["dlq.attempts"] == b"3"
    assert "probe failure for broken" in dict(dead.headers())["dlq.error"].decode()


def test_sigterm_finishes_the_current_message_and_commits(kafka, probe):
    worker = probe.start()
    slow = probe.send(wrap(Work(label="slow", sleep_s=2)))
    eventually(lambda: assert_equal(probe.db.attempts.count_documents({"message_id": slow.id}), 1), timeout=30)

    worker.signal(signal.SIGTERM)  # mid-message
    assert worker.wait(timeout=20) == 0, worker.output()
    assert labels(probe.db) == {"slow"}
    assert probe.db.events.count_documents({"event": "stopped"}) == 1
    assert committed_offset(kafka, probe.group, probe.topic) == 1

    # A restarted worker does not see it again: it handles only what came after.
    probe.start()
    probe.send(wrap(Work(label="next")))
    eventually(lambda: assert_equal(labels(probe.db), {"slow", "next"}), timeout=30)
    assert probe.db.attempts.count_documents({"message_id": slow.id}) == 1


def test_sigkill_mid_message_redelivers_without_a_duplicate_effect(kafka, probe):
    worker = probe.start()
    slow = probe.send(wrap(Work(label="killed", sleep_s=3)))
    eventually(lambda: assert_equal(probe.db.attempts.count_documents({"message_id": slow.id}), 1), timeout=30)

    worker.signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert probe.db.effects.count_documents({}) == 0  # it died before the effect

    probe.start()
    eventually(lambda: assert_equal(labels(probe.db), {"killed"}), timeout=45)
    assert probe.db.attempts.count_documents({"message_id": slow.id}) == 2  # delivered again
    assert probe.db.effects.count_documents({}) == 1  # but one effect


def assert_equal(actual, expected):
    assert actual == expected
