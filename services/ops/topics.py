"""Per topic: partitions, start and end offsets, and every consumer group's lag — read from the
broker (AdminClient: metadata, ListOffsets, ListConsumerGroups, OffsetFetch), never estimated.

`TopicsReader.read()` blocks (librdkafka); the web runs it in a thread. Every broker call has the
reader's timeout, so a dead broker answers `KafkaUnavailable` within about 2 × timeout, never hangs.
Lag of a group on a partition = end offset − committed offset; a partition the group has not
committed yet counts from the start offset (the consumers here start at "earliest").
"""

from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime
from typing import Any

from confluent_kafka import ConsumerGroupTopicPartitions, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, OffsetSpec
from pydantic import BaseModel

from services.clock import Clock, utc_now
from services.errors import ServiceUnavailable


class KafkaUnavailable(ServiceUnavailable):
    dependency = "kafka"


class PartitionOffsets(BaseModel):
    partition: int
    start: int  # the earliest offset still kept
    end: int  # the next offset to be written (the high watermark)


class GroupLag(BaseModel):
    group: str
    lag: int  # summed over the topic's partitions
    committed: dict[int, int | None]  # partition → committed offset (None: nothing committed yet)


class TopicReport(BaseModel):
    name: str
    partitions: list[PartitionOffsets]
    groups: list[GroupLag]

    @property
    def messages(self) -> int:
        return sum(p.end - p.start for p in self.partitions)


class TopicsReport(BaseModel):
    topics: list[TopicReport]
    read_at: datetime


def partition_lag(offsets: PartitionOffsets, committed: int | None) -> int:
    """Messages the group has still to read on this partition (never negative)."""
    position = offsets.start if committed is None or committed < 0 else max(committed, offsets.start)
    return max(0, offsets.end - position)


def build_report(
    offsets: dict[str, list[PartitionOffsets]], committed: dict[str, dict[tuple[str, int], int]], read_at: datetime
) -> TopicsReport:
    """Pure: per topic (sorted), the groups that committed anything on it, with their lag."""
    topics = []
    for name in sorted(offsets):
        parts = sorted(offsets[name], key=lambda p: p.partition)
        groups = []
        for group in sorted(committed):
            mine = {p: off for (topic, p), off in committed[group].items() if topic == name}
            if not mine:
                continue
            per_partition = {
                p.partition: (mine[p.partition] if mine.get(p.partition, -1) >= 0 else None) for p in parts
            }
            lag = sum(partition_lag(p, per_partition[p.partition]) for p in parts)
            groups.append(GroupLag(group=group, lag=lag, committed=per_partition))
        topics.append(TopicReport(name=name, partitions=parts, groups=groups))
    return TopicsReport(topics=topics, read_at=read_at)


class TopicsReader:
    """One AdminClient for the process (it connects in the background; building it does no I/O)."""

    def __init__(self, config: dict[str, Any], timeout_s: float = 2.0, clock: Clock = utc_now):
        self._admin = AdminClient({**config, "socket.timeout.ms": int(timeout_s * 1000)})
        self._timeout = timeout_s
        self._clock = clock

    def read(self) -> TopicsReport:
        try:
            return self._read()
        except (KafkaException, FutureTimeout) as exc:
            raise KafkaUnavailable(f"Kafka did not answer: {exc}") from exc

    def _read(self) -> TopicsReport:
        t = self._timeout
        metadata = self._admin.list_topics(timeout=t)
        names = sorted(n for n, topic in metadata.topics.items() if not n.startswith("__") and topic.error is None)
        partitions = [TopicPartition(n, p) for n in names for p in metadata.topics[n].partitions]
        group_listing = self._admin.list_consumer_groups(request_timeout=t)
        ends = self._offsets(partitions, OffsetSpec.latest())
        starts = self._offsets(partitions, OffsetSpec.earliest())
        groups = [g.group_id for g in group_listing.result(t).valid]
        # OffsetFetch takes one group per request: send them all, then wait for each.
        fetches = {
            g: self._admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)], request_timeout=t)[g]
            for g in groups
        }
        committed = {
            g: {(tp.topic, tp.partition): tp.offset for tp in f.result(t).topic_partitions} for g, f in fetches.items()
        }
        offsets: dict[str, list[PartitionOffsets]] = {n: [] for n in names}
        for tp in partitions:
            offsets[tp.topic].append(PartitionOffsets(partition=tp.partition, start=starts[tp], end=ends[tp]))
        return build_report(offsets, committed, self._clock())

    def _offsets(self, partitions: list[TopicPartition], spec: OffsetSpec) -> dict[TopicPartition, int]:
        if not partitions:
            return {}
        futures = self._admin.list_offsets({tp: spec for tp in partitions}, request_timeout=self._timeout)
        return {TopicPartition(tp.topic, tp.partition): f.result(self._timeout).offset for tp, f in futures.items()}
