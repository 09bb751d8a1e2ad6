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
def probe(kafka, mongo_db, start_worker, tmp_path):
    topic = f"probe-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka, {topic: 1, topic + ".dlq": 1})
    group = f"{topic}-workers"
    publisher = Publisher(producer_config(kafka))

    def start():
        return start_worker(
            "tests.integration.messaging.probe_worker",
            "--topic",
            topic,
            "--group",
            group,
            "--db",
            mongo_db.name,
            "--status-dir",
            str(tmp_path),
        )

    def send(payload) -> Envelope | bytes:
        publisher.publish(topic, payload, key="k")
        return payload

    yield SimpleNamespace(topic=topic, group=group, db=mongo_db, start=start, send=send, status_dir=tmp_path)
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


def test_a_dependency_that_is_down_is_waited_for_never_dead_lettered(kafka, probe):
    """Transient is not poison: 'Mongo down' for 4 s means far more tries than max_attempts (3), yet
    nothing is dead-lettered, the message is handled once, and the one behind it on the same
    partition waits its turn (the runner keeps its place)."""
    worker = probe.start()
    outage = probe.send(wrap(Work(label="outage", down_for_s=4)))
    behind = probe.send(wrap(Work(label="behind")))

    def waiting_for_mongo():
        files = list(probe.status_dir.glob("probe.*.status.json"))
        assert len(files) == 1, files  # written once the worker runs
        status = json.loads(files[0].read_text())
        loop = status["loops"]["probe"]
        assert (loop["state"], loop["waiting_for"]) == ("waiting", "mongo")
        assert loop["partitions"] == [f"{probe.topic}[0]"]

    eventually(waiting_for_mongo, timeout=30)
    assert labels(probe.db) == set()  # "behind" is not handled past the stuck message
    eventually(lambda: assert_equal(labels(probe.db), {"outage", "behind"}), timeout=30)
    assert probe.db.attempts.count_documents({"message_id": outage.id}) > 3  # beyond max_attempts
    assert probe.db.attempts.count_documents({"message_id": behind.id}) == 1
    first_effect = {d["label"]: d["_id"] for d in probe.db.effects.find()}
    assert set(first_effect.values()) == {outage.id, behind.id}
    assert read_all(kafka, probe.topic + ".dlq", expected=1, timeout=3) == []
    eventually(lambda: assert_equal(committed_offset(kafka, probe.group, probe.topic), 2), timeout=15)
    [status] = [json.loads(p.read_text()) for p in probe.status_dir.glob("probe.*.status.json")]
    assert status["loops"]["probe"]["state"] == "running" and status["pid"] == worker.proc.pid


def test_sigterm_while_waiting_for_a_dependency_leaves_the_message_for_the_next_run(kafka, probe):
    worker = probe.start()
    stuck = probe.send(wrap(Work(label="stuck", down_for_s=8)))
    eventually(lambda: assert_equal(probe.db.attempts.count_documents({"message_id": stuck.id}) >= 2, True), timeout=30)
    worker.signal(signal.SIGTERM)
    assert worker.wait(timeout=20) == 0, worker.output()
    assert committed_offset(kafka, probe.group, probe.topic) < 1  # its place is kept (none committed)

    probe.start()  # the next run picks it up (once the outage is over) and handles it once
    eventually(lambda: assert_equal(labels(probe.db), {"stuck"}), timeout=45)
    assert read_all(kafka, probe.topic + ".dlq", expected=1, timeout=3) == []


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
