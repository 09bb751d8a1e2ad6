"""Dead-lettering: the original bytes and key go to `<topic>.dlq`, the error travels in headers."""
from __future__ import annotations

import logging

from confluent_kafka import Message as KafkaMessage

from services.messaging.publisher import Publisher
from services.messaging.topics import DLQ_SUFFIX

log = logging.getLogger(__name__)


def dead_letter(publisher: Publisher, msg: KafkaMessage, error: BaseException, *, attempts: int) -> None:
    headers = [
        ("dlq.error", f"{type(error).__name__}: {error}"[:2000]),
        ("dlq.original.topic", msg.topic()),
        ("dlq.original.partition", str(msg.partition())),
        ("dlq.original.offset", str(msg.offset())),
        ("dlq.attempts", str(attempts)),
    ]
    headers += [(k, v) for k, v in (msg.headers() or []) if not k.startswith("dlq.")]
    key = msg.key().decode(errors="replace") if msg.key() else None
    # Blocks until acknowledged: the original offset is only stored after the DLQ holds the message.
    publisher.publish(msg.topic() + DLQ_SUFFIX, msg.value() or b"", key=key, headers=headers)
    log.error("dead-lettered %s[%d]@%d: %s", msg.topic(), msg.partition(), msg.offset(), error)
