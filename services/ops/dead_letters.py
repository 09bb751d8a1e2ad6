"""Reading dead-letter topics for operators: how many each holds, and the newest of one.

A `<topic>.dlq` record is the original bytes and key (secrets blanked) with the failure in headers
(services/messaging/dead_letter.py): `dlq.error`, `dlq.original.topic|partition|offset`,
`dlq.attempts`, plus the original's own headers, `replay.*` included when a replayed message failed
again. Its Kafka timestamp is when it was dead-lettered.

Every read is a manually assigned consumer (no group, nothing committed) with a deadline: Kafka
down answers `DeadLettersUnavailable` within `timeout_s`, never a hang.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka import Message as KafkaMessage
from pydantic import BaseModel

from services.errors import NotFound, ServiceUnavailable
from services.messaging.topics import DLQ_SUFFIX
from services.ops.masking import mask_emails_in, preview

REPLAY_COUNT, REPLAY_OF, REPLAY_AT = "replay.count", "replay.of", "replay.at"


class DeadLettersUnavailable(ServiceUnavailable):
    dependency = "kafka"


class UnknownDeadLetter(NotFound):
    code = "unknown_dead_letter"


class DeadLetterTopic(BaseModel):
    name: str  # e.g. "dreams-users.dlq"
    original_topic: str
    count: int  # records it holds now (high − low watermark over its partitions)


class DeadLetter(BaseModel):
    dlq_topic: str
    partition: int
    offset: int
    error: str  # e-mail addresses masked
    original_topic: str | None
    original_partition: int | None
    original_offset: int | None
    attempts: int | None
    failed_at: datetime | None
    replays: int  # `replay.count` of this record: 0 = a first failure, n = failed again after n replays
    key: str | None  # e-mail addresses masked
    preview: str  # masked JSON (services/ops/masking.py)
    message_type: str | None = None
    message_id: str | None = None
    replayed_at: datetime | None = None  # when an operator replayed this record (None: not yet)

    @property
    def coordinates(self) -> str:
        return coordinates(self.dlq_topic, self.partition, self.offset)


def coordinates(dlq_topic: str, partition: int, offset: int) -> str:
    return f"{dlq_topic}/{partition}/{offset}"


def headers_of(msg: KafkaMessage) -> dict[str, str]:
    return {k: (v.decode(errors="replace") if isinstance(v, bytes) else (v or "")) for k, v in msg.headers() or []}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def describe(msg: KafkaMessage) -> DeadLetter:
    """A raw DLQ record as operators see it (masked)."""
    headers = headers_of(msg)
    kind, ts = msg.timestamp()
    message_type = message_id = None
    try:
        body = json.loads(msg.value() or b"")
        if isinstance(body, dict):
            message_type, message_id = body.get("type"), body.get("id")
    except (ValueError, UnicodeDecodeError):
        pass
    return DeadLetter(
        dlq_topic=msg.topic(),
        partition=msg.partition(),
        offset=msg.offset(),
        error=mask_emails_in(headers.get("dlq.error", "")),
        original_topic=headers.get("dlq.original.topic"),
        original_partition=_int(headers.get("dlq.original.partition")),
        original_offset=_int(headers.get("dlq.original.offset")),
        attempts=_int(headers.get("dlq.attempts")),
        failed_at=datetime.fromtimestamp(ts / 1000, UTC) if kind and ts > 0 else None,
        replays=_int(headers.get(REPLAY_COUNT)) or 0,
        key=mask_emails_in(msg.key().decode(errors="replace")) if msg.key() else None,
        preview=preview(msg.value()),
        message_type=str(message_type)[:100] if message_type else None,
        message_id=str(message_id)[:100] if message_id else None,
    )


class DeadLetterReader:
    def __init__(self, bootstrap_servers: str, *, timeout_s: float = 5.0):
        self.bootstrap_servers, self.timeout_s = bootstrap_servers, timeout_s

    def _consumer(self) -> Consumer:
        return Consumer(
            {
                "bootstrap.servers": self.bootstrap_servers,
                "group.id": f"ops-reader-{uuid.uuid4().hex}",
                "enable.auto.commit": False,
                "enable.auto.offset.store": False,
                "socket.connection.setup.timeout.ms": int(self.timeout_s * 1000),
                "reconnect.backoff.max.ms": 1000,
            }
        )

    def _partitions(self, consumer: Consumer, topic: str | None, deadline: float) -> dict[str, list[int]]:
        try:
            metadata = consumer.list_topics(topic, timeout=max(0.1, deadline - time.monotonic()))
        except KafkaException as exc:
            raise DeadLettersUnavailable(f"Kafka did not answer: {exc}") from exc
        found = {}
        for name, meta in metadata.topics.items():
            if name.endswith(DLQ_SUFFIX) and meta.error is None and meta.partitions:
                found[name] = sorted(meta.partitions)
        return found

    def _watermarks(self, consumer: Consumer, topic: str, partition: int, deadline: float) -> tuple[int, int]:
        try:
            return consumer.get_watermark_offsets(
                TopicPartition(topic, partition), timeout=max(0.1, deadline - time.monotonic()), cached=False
            )
        except KafkaException as exc:
            raise DeadLettersUnavailable(f"Kafka did not answer for {topic}[{partition}]: {exc}") from exc

    def topics(self) -> list[DeadLetterTopic]:
        """Every dead-letter topic with how many records it holds now, by name."""
        deadline = time.monotonic() + self.timeout_s
        consumer = self._consumer()
        try:
            out = []
            for name, partitions in sorted(self._partitions(consumer, None, deadline).items()):
                count = 0
                for p in partitions:
                    low, high = self._watermarks(consumer, name, p, deadline)
                    count += max(0, high - low)
                out.append(DeadLetterTopic(name=name, original_topic=name.removesuffix(DLQ_SUFFIX), count=count))
            return out
        finally:
            consumer.close()

    def _check_topic(self, consumer: Consumer, dlq_topic: str, deadline: float) -> list[int]:
        if not dlq_topic.endswith(DLQ_SUFFIX):
            raise UnknownDeadLetter(f"{dlq_topic!r} is not a dead-letter topic (its name ends with {DLQ_SUFFIX})")
        partitions = self._partitions(consumer, dlq_topic, deadline).get(dlq_topic)
        if not partitions:
            raise UnknownDeadLetter(f"there is no dead-letter topic {dlq_topic!r}")
        return partitions

    def _read(
        self, consumer: Consumer, ranges: dict[tuple[str, int], tuple[int, int]], deadline: float, what: str
    ) -> Iterator[KafkaMessage]:
        """Records in [start, end) of each partition; DeadLettersUnavailable if not all came in time."""
        pending = {tp: start for tp, (start, end) in ranges.items() if start < end}
        if not pending:
            return
        consumer.assign([TopicPartition(t, p, start) for (t, p), start in pending.items()])
        while pending:
            if time.monotonic() >= deadline:
                raise DeadLettersUnavailable(f"Kafka did not deliver {what} in {self.timeout_s:.0f} s")
            msg = consumer.poll(min(0.2, max(0.01, deadline - time.monotonic())))
            if msg is None or msg.error():
                continue
            tp = (msg.topic(), msg.partition())
            if tp not in pending:
                continue
            end = ranges[tp][1]
            if msg.offset() < end:
                yield msg
            if msg.offset() >= end - 1:
                del pending[tp]
                consumer.incremental_unassign([TopicPartition(*tp)])

    def newest(self, dlq_topic: str, limit: int = 20) -> list[DeadLetter]:
        """The newest `limit` records of one dead-letter topic, newest first, masked."""
        if not 1 <= limit <= 500:
            raise ValueError("limit must be between 1 and 500")
        deadline = time.monotonic() + self.timeout_s
        consumer = self._consumer()
        try:
            ranges = {}
            for p in self._check_topic(consumer, dlq_topic, deadline):
                low, high = self._watermarks(consumer, dlq_topic, p, deadline)
                ranges[(dlq_topic, p)] = (max(low, high - limit), high)
            letters = [describe(m) for m in self._read(consumer, ranges, deadline, f"the newest of {dlq_topic}")]
        finally:
            consumer.close()
        letters.sort(key=lambda d: (d.failed_at or datetime.min.replace(tzinfo=UTC), d.offset), reverse=True)
        return letters[:limit]

    def record(self, dlq_topic: str, partition: int, offset: int) -> KafkaMessage:
        """One raw record (for a replay): its stored, unmasked bytes and headers."""
        deadline = time.monotonic() + self.timeout_s
        consumer = self._consumer()
        try:
            if partition not in self._check_topic(consumer, dlq_topic, deadline):
                raise UnknownDeadLetter(f"{dlq_topic} has no partition {partition}")
            low, high = self._watermarks(consumer, dlq_topic, partition, deadline)
            if not low <= offset < high:
                held = f"offsets {low}–{high - 1}" if high > low else "nothing"
                raise UnknownDeadLetter(
                    f"{coordinates(dlq_topic, partition, offset)} does not exist (that partition holds {held})"
                )
            [msg] = self._read(
                consumer,
                {(dlq_topic, partition): (offset, offset + 1)},
                deadline,
                coordinates(dlq_topic, partition, offset),
            )
            return msg
        finally:
            consumer.close()

    def all_records(self, dlq_topic: str, *, timeout_s: float = 60.0) -> list[KafkaMessage]:
        """Every record the topic holds now (up to its high watermark when called), oldest first."""
        deadline = time.monotonic() + self.timeout_s
        consumer = self._consumer()
        try:
            ranges = {
                (dlq_topic, p): self._watermarks(consumer, dlq_topic, p, deadline)
                for p in self._check_topic(consumer, dlq_topic, deadline)
            }
            return list(self._read(consumer, ranges, time.monotonic() + timeout_s, f"all of {dlq_topic}"))
        finally:
            consumer.close()
