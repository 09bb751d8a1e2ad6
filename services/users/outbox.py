"""The transactional outbox: events are written with the change, published after the commit.

    outbox.add(session, USERS_CREATED.name, user.id, UserCreated(...), now)   # inside the transaction
    session.commit()
    outbox.flush(sessions, publish, clock)                                     # after it

`flush` publishes every unpublished event in order, waiting for Kafka's acknowledgement (acks=all)
of each before marking it published. If Kafka fails, `PublishPending` (a ServiceUnavailable
naming "kafka": the consumer runner waits and retries the command) is raised and the events stay
pending: the retry, any later command or the next worker start publishes them. A crash between
the ack and the mark publishes an event twice; consumers are idempotent (the projector keeps the highest user version).

An event carries the correlation id of the command that wrote it (so a confirmation is followed from
the users worker into the projector's logs). It is kept in the event's row (`correlation_id`), so an
event published by a later run of the worker (Kafka was down, the worker restarted) still has it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from services.clock import Clock
from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope
from services.messaging.registry import Message
from services.observability.context import correlation_id
from services.users.models import CORRELATION_MAX, OutboxEvent
from services.users.repository import as_utc

Publish = Callable[..., object]  # Publisher.publish(topic, envelope, key=...): blocks until acked


class PublishPending(ServiceUnavailable):
    """Events are committed but Kafka did not take them yet: worth retrying the command."""

    dependency = "kafka"


def add(session: Session, topic: str, key: str, event: Message, now: datetime) -> OutboxEvent:
    current = correlation_id()
    row = OutboxEvent(
        topic=topic,
        key=key,
        type=event.TYPE,
        version=event.VERSION,
        data=event.model_dump_json(),
        occurred_at=now,
        correlation_id=current[:CORRELATION_MAX] if current is not None else None,
    )
    session.add(row)
    return row


def envelope(row: OutboxEvent) -> Envelope:
    """The event as published: its id and time are fixed when it was written, not when it is sent."""
    return Envelope(
        type=row.type,
        version=row.version,
        id=row.id,
        occurred_at=as_utc(row.occurred_at),
        correlation_id=row.correlation_id,
        data=json.loads(row.data),
    )


def flush(sessions: Callable[[], Session], publish: Publish, clock: Clock, *, limit: int = 500) -> int:
    """Publish pending events in order; returns how many were published."""
    with sessions() as session:
        rows = (
            session.exec(
                select(OutboxEvent).where(OutboxEvent.published_at.is_(None)).order_by(OutboxEvent.seq).limit(limit)
            )
            .scalars()
            .all()
        )
        for row in rows:
            try:
                publish(row.topic, envelope(row), key=row.key)
            except ServiceUnavailable as exc:  # PublishFailed: Kafka unreachable or slow
                session.commit()  # keep what was published so far marked
                raise PublishPending(f"event {row.type} {row.id} not published yet: {exc}") from exc
            row.published_at = clock()
            session.add(row)
        session.commit()
        return len(rows)
