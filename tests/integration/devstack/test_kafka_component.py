"""devstack's Kafka: a genuine broker, reused when ready, keeping its data across restarts."""

from __future__ import annotations

import uuid

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from devstack import kafka, process
from services.config import Settings

pytestmark = pytest.mark.timeout(300)


def _pid(settings: Settings) -> int | None:
    return process.read_pid(process.pidfile(settings, kafka.NAME))


def test_ensure_reuses_the_running_broker(settings: Settings, stack) -> None:
    stack.ensure("kafka")  # tracked: the session stops it at the end
    first = _pid(settings)
    assert first is not None, "the shared Kafka should be one devstack started"

    assert kafka.ensure(settings) == "reused"
    assert _pid(settings) == first


def test_topic_and_message_survive_a_restart(settings: Settings, stack) -> None:
    stack.ensure("kafka")  # tracked: the session stops it at the end
    bootstrap = f"127.0.0.1:{settings.kafka_port}"
    topic = f"devstack-restart-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])[topic].result(30)
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    producer.produce(topic, key=b"k", value=b"kept across restarts")
    assert producer.flush(30) == 0
    old_pid = _pid(settings)

    assert kafka.stop(settings) is True
    assert not process.is_alive(old_pid)
    assert not kafka.is_ready(settings)
    assert kafka.ensure(settings) == "started"
    stack.adopt("kafka")
    assert _pid(settings) not in (None, old_pid)

    assert topic in AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=10).topics
    consumer = Consumer(
        {"bootstrap.servers": bootstrap, "group.id": f"t-{uuid.uuid4().hex}", "enable.auto.commit": False}
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    try:
        msg = None
        for _ in range(100):  # 100 x 0.2 s at most
            msg = consumer.poll(0.2)
            if msg is not None and not msg.error():
                break
        assert msg is not None and not msg.error()
        assert (msg.key(), msg.value()) == (b"k", b"kept across restarts")
    finally:
        consumer.close()


def test_server_properties_follow_the_settings(tmp_path) -> None:
    custom = Settings(state_dir=tmp_path, kafka_bootstrap_servers="127.0.0.1:19192", kafka_controller_port=19193)
    props = dict(line.split("=", 1) for line in kafka.server_properties(custom).splitlines())
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19192,CONTROLLER://127.0.0.1:19193"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19193"
    assert props["log.dirs"] == str(tmp_path / "data" / "kafka")
    assert props["auto.create.topics.enable"] == "false"
    assert props["group.initial.rebalance.delay.ms"] == "0"


def test_a_cluster_id_never_starts_with_a_dash() -> None:
    # One draw in 64 would; 5,000 draws all pass only because new_cluster_id redraws.
    ids = {kafka.new_cluster_id() for _ in range(5000)}
    assert len(ids) == 5000
    assert not any(cluster_id.startswith("-") for cluster_id in ids)
    assert all(len(cluster_id) == 22 for cluster_id in ids)


def test_storage_formats_even_with_a_dash_leading_cluster_id(tmp_path, monkeypatch, settings: Settings) -> None:
    """The id is passed as --cluster-id=<id>, so the parser cannot mistake it for an option."""
    isolated = Settings(
        state_dir=tmp_path,
        kafka_bootstrap_servers="127.0.0.1:19999",
        kafka_controller_port=19998,
        tools_dir=settings.tools_dir,
    )
    kafka.fetch_jars(isolated)
    config = tmp_path / "server.properties"
    config.write_text(kafka.server_properties(isolated))
    kafka._home(isolated).mkdir(parents=True, exist_ok=True)
    (kafka._home(isolated) / "log4j2.properties").write_text(kafka.LOG4J2)
    isolated.log_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(kafka, "new_cluster_id", lambda: "-AbCdEfGhIjKlMnOpQrStU")
    kafka._format_storage(isolated, config)
    meta = (process.datadir(isolated, kafka.NAME) / "meta.properties").read_text()
    assert "cluster.id=-AbCdEfGhIjKlMnOpQrStU" in meta
