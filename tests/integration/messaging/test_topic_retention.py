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
