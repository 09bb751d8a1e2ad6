"""Dead letters on the real broker: listed masked, replayed once, no double effect, no loop."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.messaging.admin import ensure_topics
from services.messaging.envelope import Envelope
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.registry import wrap
from services.messaging.topics import USERS_CREATED
from services.ops.dead_letters import DeadLetterReader, DeadLettersUnavailable
from services.ops.replay import AlreadyReplayed, main as replay_cli
from services.projection.users import COLLECTION as USERS
from services.users.events import UserCreated, UserProfileChanged
from tests.integration.conftest import eventually
from tests.integration.messaging.probe_worker import Work
from tests.integration.ops.conftest import header, records_from
from tests.user_events import user_snapshot

DLQ = USERS_CREATED.dlq


@pytest.fixture
def publisher(ops_stack):
    publisher = Publisher(producer_config(ops_stack))
    yield publisher
    publisher.close()


@pytest.fixture(scope="module")
def projector(stack, ops_stack):
    """The real projector process, as devstack runs it (on the test stack's `users-created`)."""
    stack.ensure("projector-worker")


def dead_letter_of(ops, message_id: str, replays: int = 0):
    letters = [
        d
        for d in ops.with_replays(ops.dead_letters.newest(DLQ, 50))
        if d.message_id == message_id and d.replays == replays
    ]
    assert letters, f"{message_id} (replays={replays}) not in {DLQ} yet"
    return letters


def test_a_poison_message_on_a_real_topic_is_listed_masked_replayed_and_handled_once(
    projector, ops, ops_stack, publisher, mongo_client
):
    users = mongo_client[ops_stack.mongo_db][USERS]
    tag = uuid.uuid4().hex[:8]
    taken = f"joana.souza.{tag}@example.com"
    holder, newcomer = f"holder-{tag}", f"newcomer-{tag}"
    publisher.publish(
        USERS_CREATED.name, wrap(UserCreated(**user_snapshot(holder, 1, f"old.{tag}@mail.test"))), key=holder
    )
    publisher.publish(
        USERS_CREATED.name, wrap(UserCreated(**user_snapshot(holder, 2, taken, "Bia", "Lima"))), key=holder
    )
    eventually(lambda: _assert(users.find_one({"_id": holder, "version": 2})), timeout=30)
    # Another user with the same e-mail: the projection's unique index refuses it on every try → DLQ.
    before = {t.name: t.count for t in asyncio.run(ops.dead_letter_topics())}.get(DLQ, 0)
    poison = wrap(UserCreated(**user_snapshot(newcomer, 1, taken)))
    publisher.publish(USERS_CREATED.name, poison, key=newcomer)

    [letter] = eventually(lambda: dead_letter_of(ops, poison.id), timeout=30)
    assert {t.name: t.count for t in asyncio.run(ops.dead_letter_topics())}[DLQ] >= before + 1
    assert (letter.original_topic, letter.attempts, letter.replays, letter.replayed_at) == (
        USERS_CREATED.name,
        3,
        0,
        None,
    )
    assert letter.original_offset is not None and letter.failed_at is not None
    assert letter.message_type == "users.created" and "DuplicateKeyError" in letter.error
    for raw in (taken, "joana.souza", "Joana", "Souza"):
        assert raw not in letter.preview and raw not in letter.error, raw
    assert '"first_name":"J***"' in letter.preview and '"email":"j***@e***.com"' in letter.preview

    # The operator fixes the cause (the holder changes e-mail), then replays from /ops.
    publisher.publish(
        USERS_CREATED.name, wrap(UserProfileChanged(**user_snapshot(holder, 3, f"new.{tag}@mail.test"))), key=holder
    )
    eventually(lambda: _assert(users.find_one({"_id": holder, "version": 3})), timeout=30)
    result = asyncio.run(ops.replay_one(DLQ, letter.offset, letter.partition, by="ops-test"))
    assert result.outcome == "replayed" and result.replay_count == 1 and result.original_topic == USERS_CREATED.name

    doc = eventually(lambda: _assert(users.find_one({"_id": newcomer})), timeout=30)
    assert doc["projected_event_id"] == poison.id and doc["email"] == taken  # the unmasked original
    with pytest.raises(AlreadyReplayed, match="already replayed"):
        asyncio.run(ops.replay_one(DLQ, letter.offset, letter.partition, by="ops-test"))
    [listed] = dead_letter_of(ops, poison.id)
    assert listed.replayed_at is not None

    # Exactly one copy went back, with the replay headers and the original bytes; none failed again.
    copies = [
        m
        for m in records_from(
            ops_stack, USERS_CREATED.name, result.produced_partition, result.produced_offset, settle_s=2
        )
        if header(m, "replay.of") == letter.coordinates
    ]
    assert len(copies) == 1
    assert header(copies[0], "replay.count") == "1" and header(copies[0], "replay.at")
    assert Envelope.decode(copies[0].value()).id == poison.id
    assert users.count_documents({"_id": newcomer}) == 1
    assert len(dead_letter_of(ops, poison.id)) == 1  # still only the first failure


def test_a_replay_that_fails_again_returns_to_the_dead_letter_topic_once(projector, ops, ops_stack, publisher):
    tag = uuid.uuid4().hex[:8]
    poison = Envelope(
        type="users.created",
        version=1,
        data={"id": f"u-{tag}", "first_name": "Carla", "email": f"carla.{tag}@example.com"},
    )
    publisher.publish(USERS_CREATED.name, poison.encode(), key=f"u-{tag}")
    [letter] = eventually(lambda: dead_letter_of(ops, poison.id), timeout=30)
    assert letter.attempts == 0 and "invalid users.created" in letter.error

    assert ops.replayer.replay_one(DLQ, letter.offset).outcome == "replayed"
    [again] = eventually(lambda: dead_letter_of(ops, poison.id, replays=1), timeout=30)
    assert again.offset > letter.offset and again.error == letter.error
    time.sleep(3)  # nothing replays it by itself
    assert len(dead_letter_of(ops, poison.id, replays=1)) == 1
    assert not [d for d in ops.dead_letters.newest(DLQ, 50) if d.message_id == poison.id and d.replays > 1]
    raw = ops.dead_letters.record(DLQ, again.partition, again.offset)
    assert header(raw, "replay.of") == letter.coordinates and header(raw, "replay.count") == "1"


@pytest.fixture
def probe(ops_stack, mongo_db, start_worker, tmp_path, publisher):
    topic = f"probe-{uuid.uuid4().hex[:8]}"
    ensure_topics(ops_stack, {topic: 1, topic + ".dlq": 1})
    worker = start_worker(
        "tests.integration.messaging.probe_worker",
        "--topic",
        topic,
        "--group",
        f"{topic}-g",
        "--db",
        mongo_db.name,
        "--status-dir",
        str(tmp_path),
    )
    return topic, mongo_db, worker


def test_replay_all_at_the_same_time_twice_replays_each_record_once_and_never_loops(probe, ops, ops_stack, publisher):
    topic, db, worker = probe
    fixable, broken = wrap(Work(label="fixable", fail_times=3)), wrap(Work(label="broken", fail_times=99))
    for envelope in (fixable, broken, wrap(Work(label="ok"))):
        publisher.publish(topic, envelope, key="k")
    eventually(lambda: _assert_equal(len(records_from(ops_stack, topic + ".dlq", 0, 0)), 2), timeout=40)
    # "ok" follows "broken" on the partition: its effect may land just after broken's dead letter.
    eventually(lambda: _assert_equal({d["label"] for d in db.effects.find()}, {"ok"}))

    results: list = []
    barrier = threading.Barrier(2)

    def replay_all():
        barrier.wait()
        results.extend(ops.replayer.replay_all(topic + ".dlq", by="tab"))

    threads = [threading.Thread(target=replay_all) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(r.outcome for r in results) == ["already_replayed", "already_replayed", "replayed", "replayed"]

    # The fixable one is handled once more and succeeds; the broken one fails again, back in the DLQ once.
    eventually(lambda: _assert_equal({d["label"] for d in db.effects.find()}, {"ok", "fixable"}), timeout=30)
    assert db.attempts.count_documents({"message_id": fixable.id}) == 4  # 3 failures, then once, on replay
    dlq = eventually(lambda: _assert_len(records_from(ops_stack, topic + ".dlq", 0, 0), 3), timeout=40)
    assert Envelope.decode(dlq[2].value()).id == broken.id and header(dlq[2], "replay.count") == "1"

    # A second "replay all": everything already replayed, and the re-failure is skipped, not looped.
    again = {(r.offset, r.outcome) for r in ops.replayer.replay_all(topic + ".dlq")}
    assert again == {(0, "already_replayed"), (1, "already_replayed"), (2, "skipped")}
    assert len(records_from(ops_stack, topic, 0, 0, settle_s=2)) == 5  # 3 sent + 2 replays, no more
    assert len(records_from(ops_stack, topic + ".dlq", 0, 0)) == 3
    assert db.attempts.count_documents({"message_id": fixable.id}) == 4
    assert worker.proc.poll() is None, worker.output()


def test_the_cli_lists_and_replays(probe, ops_stack, publisher, capsys):
    topic, db, _ = probe
    publisher.publish(topic, wrap(Work(label="cli", fail_times=3)), key="k")
    eventually(lambda: _assert_len(records_from(ops_stack, topic + ".dlq", 0, 0), 1), timeout=40)
    assert replay_cli(["list"]) == 0
    assert f"{topic}.dlq\t1" in capsys.readouterr().out
    assert replay_cli(["list", topic + ".dlq"]) == 0
    assert f"{topic}.dlq/0/0" in capsys.readouterr().out
    assert replay_cli(["one", topic + ".dlq", "0"]) == 0
    assert f"replayed {topic}.dlq/0/0 → {topic}[0]@" in capsys.readouterr().out
    assert replay_cli(["one", topic + ".dlq", "0"]) == 2
    assert "already replayed" in capsys.readouterr().err
    assert replay_cli(["one", topic + ".dlq", "5"]) == 2
    assert "does not exist (that partition holds offsets 0–0)" in capsys.readouterr().err
    eventually(lambda: _assert_equal({d["label"] for d in db.effects.find()}, {"cli"}), timeout=30)


def test_kafka_down_is_a_clear_unavailable_within_the_timeout():
    reader = DeadLetterReader("127.0.0.1:1", timeout_s=2)
    for call in (reader.topics, lambda: reader.newest(DLQ), lambda: reader.record(DLQ, 0, 0)):
        started = time.monotonic()
        with pytest.raises(DeadLettersUnavailable):
            call()
        assert time.monotonic() - started < 4


def _assert(value):
    assert value
    return value


def _assert_equal(value, expected):
    assert value == expected
    return value


def _assert_len(value, n):
    assert len(value) == n
    return value


@pytest.fixture
def dead_lettered(ops_stack, publisher):
    """A fresh topic whose dead-letter topic holds one record (as a consumer dead-letters it)."""
    topic = f"lease-{uuid.uuid4().hex[:8]}"
    ensure_topics(ops_stack, {topic: 1, topic + ".dlq": 1})
    envelope = wrap(Work(label="leased"))
    publisher.publish(topic + ".dlq", envelope.encode(), key="k", headers=[("dlq.original.topic", topic)])
    return topic, envelope


def _claim(ops, where: str, lease_until, by: str) -> None:
    now = datetime.now(UTC)
    ops.replayer.replays.insert_one(
        {
            "_id": where,
            "at": now - timedelta(minutes=5),
            "by": by,
            "state": "replaying",
            "claim": by,
            "lease_until": lease_until,
        }
    )


def test_a_claim_left_by_a_crashed_replay_is_taken_over_after_its_lease(ops, ops_stack, dead_lettered):
    topic, envelope = dead_lettered
    where = f"{topic}.dlq/0/0"
    _claim(ops, where, datetime.now(UTC) - timedelta(seconds=1), by="crashed")  # its lease ran out

    # Two operators at the same moment: one takes the stale claim over, the other meets its live claim.
    results, barrier = [], threading.Barrier(2)

    def replay():
        barrier.wait()
        try:
            results.append(ops.replayer.replay_one(topic + ".dlq", 0).outcome)
        except AlreadyReplayed as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=replay) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count("replayed") == 1, results
    [refused] = [r for r in results if r != "replayed"]
    assert "is being replayed" in refused or "already replayed" in refused, refused
    copies = records_from(ops_stack, topic, 0, 0, settle_s=1)
    assert [Envelope.decode(c.value()).id for c in copies] == [envelope.id]
    record = ops.replayer.replays.find_one({"_id": where})
    assert record["state"] == "replayed" and record["claim"] != "crashed" and record["offset"] == copies[0].offset()


def test_a_live_claim_is_never_taken_over(ops, ops_stack, dead_lettered):
    topic, _ = dead_lettered
    where = f"{topic}.dlq/0/0"
    _claim(ops, where, datetime.now(UTC) + timedelta(seconds=50), by="other-tab")  # replaying right now
    with pytest.raises(AlreadyReplayed, match="is being replayed by other-tab"):
        ops.replayer.replay_one(topic + ".dlq", 0)
    assert records_from(ops_stack, topic, 0, 0, settle_s=1) == []
    record = ops.replayer.replays.find_one({"_id": where})
    assert (record["state"], record["claim"], record["by"]) == ("replaying", "other-tab", "other-tab")
