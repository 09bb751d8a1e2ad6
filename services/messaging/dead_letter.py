"""Dead-lettering: the original bytes and key go to `<topic>.dlq`, the error travels in headers."""

from __future__ import annotations

import json
import logging
import re

from confluent_kafka import Message as KafkaMessage

from services.messaging.publisher import Publisher
from services.messaging.topics import DLQ_SUFFIX

log = logging.getLogger(__name__)

# Secrets never rest in a dead-letter topic: their values are blanked, the rest is kept for diagnosis.
_SECRET_KEY = re.compile(r"password|secret|token", re.IGNORECASE)


def redact(value: bytes) -> bytes:
    try:
        document = json.loads(value)
    except (ValueError, UnicodeDecodeError):
        return value  # not JSON: nothing we can recognise as a secret

    def scrub(node):
        if isinstance(node, dict):
            return {
                k: "[redacted]" if _SECRET_KEY.search(k) and isinstance(v, str) else scrub(v) for k, v in node.items()
            }
        if isinstance(node, list):
            return [scrub(item) for item in node]
        return node

    cleaned = scrub(document)
    return value if cleaned == document else json.dumps(cleaned).encode()


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
    publisher.publish(msg.topic() + DLQ_SUFFIX, redact(msg.value() or b""), key=key, headers=headers)
    log.error("dead-lettered %s[%d]@%d: %s", msg.topic(), msg.partition(), msg.offset(), error)
