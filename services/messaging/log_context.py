"""The log context (services/observability/context.py) of a consumed message or batch."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from confluent_kafka import Message as KafkaMessage

from services.messaging.envelope import Envelope
from services.observability.context import bound


def for_message(msg: KafkaMessage, envelope: Envelope | None = None) -> contextlib.AbstractContextManager:
    """Where the message sits, and, once decoded, what it is and which flow it belongs to."""
    fields = {"topic": msg.topic(), "partition": msg.partition(), "offset": msg.offset()}
    if envelope is not None:
        fields |= {"message_id": envelope.id, "type": envelope.type, "correlation_id": envelope.correlation_id}
    return bound(**fields)


@contextlib.contextmanager
def for_batch(messages: Sequence[KafkaMessage], envelopes: Sequence[Envelope]) -> Iterator[None]:
    """A batch handler's lines: its first offset and size; the correlation id when the batch has one
    (a lone event, the usual case off-peak). Each message also gets a line of its own (consumer.py)."""
    correlations = {e.correlation_id for e in envelopes}
    first = messages[0]
    with bound(
        topic=first.topic(),
        partition=first.partition() if len({m.partition() for m in messages}) == 1 else None,
        offset=first.offset(),
        batch=len(messages),
        correlation_id=correlations.pop() if len(correlations) == 1 else None,
        message_id=envelopes[0].id if len(envelopes) == 1 else None,
    ):
        yield
