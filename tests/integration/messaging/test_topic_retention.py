"""Retention declared in topics.py is applied at creation and corrected on an existing topic."""

from __future__ import annotations

import uuid

from confluent_kafka.admin import ConfigResource, NewTopic, ResourceType

from services.messaging.admin import admin_client, ensure_topics
from services.messaging.topics import PURCHASE_CHANGES, USERS_CREATED, topic_configs


def configs_of(admin, name):
    [future] = admin.describe_configs([ConfigResource(ResourceType.TOPIC, name)]).values()
    return {k: v.value for k, v in future.result(10).items()}


def test_read_model_topics_keep_every_event(kafka):
    admin = admin_client(kafka)
    for topic in (USERS_CREATED, PURCHASE_CHANGES):
        assert configs_of(admin, topic.name)["retention.ms"] == "-1"


def test_a_new_topic_gets_its_config_and_a_wrong_one_is_corrected(kafka):
    admin = admin_client(kafka)
    fresh, wrong = f"retained-{uuid.uuid4().hex[:8]}", f"retained-{uuid.uuid4().hex[:8]}"
    wanted = {"retention.ms": "-1", "retention.bytes": "-1"}
    [
        f.result(15)
        for f in admin.create_topics(
            [NewTopic(wrong, 1, 1, config={"retention.ms": "60000", "cleanup.policy": "delete"})]
        ).values()
    ]
    created = ensure_topics(kafka, {fresh: 1, wrong: 1}, configs={fresh: wanted, wrong: wanted})
    assert created == [fresh]
    for name in (fresh, wrong):
        assert {k: configs_of(admin, name)[k] for k in wanted} == wanted
    assert configs_of(admin, wrong)["cleanup.policy"] == "delete"  # other configs untouched
    assert ensure_topics(kafka, {wrong: 1}, configs={wrong: wanted}) == []  # idempotent
    [f.result(15) for f in admin.delete_topics([fresh, wrong]).values()]


def test_every_declared_config_names_a_known_topic():
    assert set(topic_configs()) == {USERS_CREATED.name, PURCHASE_CHANGES.name}


def test_workers_starting_together_all_get_their_topics(kafka):
    """N worker processes of one kind start at once (a worker group) and each ensures the topics: the
    ones that lose the creation race describe topics the broker may not know yet, and must wait."""
    import threading

    wanted = {"retention.ms": "-1"}
    for _ in range(3):
        names = [f"together-{uuid.uuid4().hex[:8]}" for _ in range(12)]
        barrier, results, errors = threading.Barrier(6), [], []

        def start() -> None:
            barrier.wait()
            try:
                results.append(ensure_topics(kafka, dict.fromkeys(names, 6), configs=dict.fromkeys(names, wanted)))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=start) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == [] and len(results) == 6
        assert sorted(n for created in results for n in created) == sorted(names)  # each created once
        admin = admin_client(kafka)
        assert all(configs_of(admin, n)["retention.ms"] == "-1" for n in names)
        [f.result(15) for f in admin.delete_topics(names).values()]
