"""Creating the topics at start-up, with explicit partition counts (the broker never auto-creates)
and the configs they declare (topics.py: retention of the read model's logs).

A topic that exists with other values for its declared configs (created before they were declared,
or changed by hand) is corrected in the same step with IncrementalAlterConfigs, which sets only the
named keys and leaves every other config of the topic as it was.

A topic that exists with fewer partitions than declared (created before worker groups raised the
counts, topics.py) is grown to the declared count with CreatePartitions; Kafka cannot shrink one,
so a topic with more is left as it is.
"""

from __future__ import annotations

import logging

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewPartitions,
    NewTopic,
    ResourceType,
)
from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_exponential

from services.config import Settings
from services.messaging.topics import all_topic_specs, topic_configs

log = logging.getLogger(__name__)


def admin_client(settings: Settings) -> AdminClient:
    return AdminClient({"bootstrap.servers": settings.kafka_bootstrap_servers})


def ensure_topics(
    settings: Settings,
    specs: dict[str, int] | None = None,
    timeout: float = 15.0,
    configs: dict[str, dict[str, str]] | None = None,
) -> list[str]:
    """Create whichever topics are missing (with their configs) and correct the declared configs of
    those that exist; returns the names created. Safe to call concurrently."""
    specs = specs or all_topic_specs()
    configs = {name: c for name, c in (topic_configs() if configs is None else configs).items() if name in specs}
    admin = admin_client(settings)
    metadata = admin.list_topics(timeout=timeout).topics
    existing = set(metadata)
    missing = [
        NewTopic(
            name,
            num_partitions=parts,
            replication_factor=settings.kafka_replication_factor,
            config=configs.get(name, {}),
        )
        for name, parts in specs.items()
        if name not in existing
    ]
    created = []
    for name, future in admin.create_topics(missing, operation_timeout=timeout).items() if missing else []:
        try:
            future.result(timeout)
            created.append(name)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise
    if created:
        log.info("created topics %s", created)
    grow_partitions(
        admin, {n: p for n, p in specs.items() if n in existing and 0 < len(metadata[n].partitions) < p}, timeout
    )
    ensure_topic_configs(admin, {n: c for n, c in configs.items() if n not in created}, timeout)
    return created


def ensure_topic_configs(admin: AdminClient, configs: dict[str, dict[str, str]], timeout: float = 15.0) -> list[str]:
    """Set the declared configs where a topic differs; returns the names altered."""
    if not configs:
        return []
    current = _describe_configs(admin, list(configs), timeout)
    wrong = {
        name: {k: v for k, v in wanted.items() if current[name].get(k) is None or current[name][k].value != v}
        for name, wanted in configs.items()
    }
    changes = [
        ConfigResource(
            ResourceType.TOPIC,
            name,
            incremental_configs=[
                ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in diff.items()
            ],
        )
        for name, diff in wrong.items()
        if diff
    ]
    for res, future in admin.incremental_alter_configs(changes, request_timeout=timeout).items() if changes else []:
        future.result(timeout)
        log.warning("topic %s had other values for %s: corrected", res.name, sorted(wrong[res.name]))
    return [res.name for res in changes]


def _unknown_topic(exc: BaseException) -> bool:
    return isinstance(exc, KafkaException) and exc.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART


def _describe_configs(admin: AdminClient, names: list[str], timeout: float) -> dict:
    """The topics' current configs. A topic another process created a moment ago ("already exists"
    to us) may not be known yet to the broker that answers: asked again until `timeout`."""
    resources = [ConfigResource(ResourceType.TOPIC, name) for name in names]
    retrying = Retrying(
        retry=retry_if_exception(_unknown_topic),
        wait=wait_exponential(multiplier=0.05, max=1),
        stop=stop_after_delay(timeout),
        reraise=True,
    )
    return retrying(
        lambda: {
            res.name: future.result(timeout)
            for res, future in admin.describe_configs(resources, request_timeout=timeout).items()
        }
    )


def grow_partitions(admin: AdminClient, wanted: dict[str, int], timeout: float = 15.0) -> list[str]:
    """Raise each named topic to its partition count; returns the names grown. Best effort: fewer
    partitions only cap a worker group, so a failure (another process growing or creating the same
    topic at the same moment) is logged, never fatal to a worker's start."""
    grown = []
    futures = (
        admin.create_partitions([NewPartitions(n, p) for n, p in wanted.items()], operation_timeout=timeout)
        if wanted
        else {}
    )
    for name, future in futures.items():
        try:
            future.result(timeout)
            grown.append(name)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.INVALID_PARTITIONS:  # that one: already grown by another
                log.warning("could not grow %s to %d partitions: %s", name, wanted[name], exc)
    if grown:
        log.warning("topics %s had fewer partitions than declared: grown to %s", grown, {n: wanted[n] for n in grown})
    return grown
