"""Request/reply over Kafka for the gateway.

One long-lived reply consumer per process reads the reply topic on a background thread and resolves
a correlation-id → future map. It is *assigned* (no consumer group, no rebalance) to every partition of
the reply topic at the current end offsets before the first request goes out, so no reply can slip
past it. Several gateway processes may share the reply topic: each ignores replies it did not ask for.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from concurrent.futures import Future, InvalidStateError

from confluent_kafka import Consumer, KafkaError, TopicPartition

from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope, PoisonMessage, new_id
from services.messaging.publisher import Publisher
from services.messaging.registry import Message, unwrap, wrap
from services.messaging.replies import ErrorReply

log = logging.getLogger(__name__)


class RequestClient:
    def __init__(self, publisher: Publisher, consumer_config: dict, reply_topic: str, *,
                 timeout_s: float = 5.0, unavailable_message: str = "The service is unavailable right now."):
        self._publisher = publisher
        self._reply_topic = reply_topic
        self._timeout_s = timeout_s
        self._unavailable = unavailable_message
        self._pending: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._consumer = Consumer(consumer_config)
        self._position_at_end(timeout_s)
        self._thread = threading.Thread(target=self._read_replies, name=f"replies-{reply_topic}", daemon=True)
        self._thread.start()

    def _position_at_end(self, timeout: float) -> None:
        try:
            meta = self._consumer.list_topics(self._reply_topic, timeout=timeout)
            parts = meta.topics[self._reply_topic].partitions
            if meta.topics[self._reply_topic].error or not parts:
                raise ServiceUnavailable(f"reply topic {self._reply_topic} is missing")
            assignment = []
            for p in parts:
                _, high = self._consumer.get_watermark_offsets(TopicPartition(self._reply_topic, p), timeout=timeout)
                assignment.append(TopicPartition(self._reply_topic, p, high))
        except ServiceUnavailable:
            self._consumer.close()
            raise
        except Exception as exc:  # KafkaException: broker unreachable
            self._consumer.close()
            raise ServiceUnavailable(self._unavailable) from exc
        self._consumer.assign(assignment)

    def _read_replies(self) -> None:
        while not self._closed.is_set():
            msg = self._consumer.poll(0.2)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    log.warning("reply consumer: %s", msg.error())
                continue
            try:
                envelope = Envelope.decode(msg.value())
            except PoisonMessage as exc:
                log.warning("unreadable reply ignored: %s", exc)
                continue
            with self._lock:
                future = self._pending.pop(envelope.correlation_id or "", None)
            if future is not None:
                with contextlib.suppress(InvalidStateError):  # the requester already timed out
                    future.set_result(envelope)
        self._consumer.close()

    def _register(self) -> tuple[str, Future]:
        correlation_id, future = new_id(), Future()
        with self._lock:
            self._pending[correlation_id] = future
        return correlation_id, future

    def _forget(self, correlation_id: str) -> None:
        with self._lock:
            self._pending.pop(correlation_id, None)

    def _envelope(self, request: Message, correlation_id: str) -> Envelope:
        return wrap(request, correlation_id=correlation_id, reply_to=self._reply_topic)

    @staticmethod
    def _result(envelope: Envelope) -> Message:
        reply = unwrap(envelope)
        if isinstance(reply, ErrorReply):
            raise reply.to_error()
        return reply

    async def request(self, topic: str, request: Message, *, key: str | None = None,
                      timeout: float | None = None) -> Message:
        """Send `request` and await its reply; ServiceUnavailable when none comes within the timeout."""
        timeout = timeout or self._timeout_s
        correlation_id, future = self._register()
        try:
            async with asyncio.timeout(timeout):
                await self._publisher.publish_async(topic, self._envelope(request, correlation_id),
                                                    key=key or correlation_id, timeout=timeout)
                envelope = await asyncio.wrap_future(future)
        except TimeoutError as exc:
            raise ServiceUnavailable(self._unavailable) from exc
        finally:
            self._forget(correlation_id)
        return self._result(envelope)

    def request_sync(self, topic: str, request: Message, *, key: str | None = None,
                     timeout: float | None = None) -> Message:
        """Blocking twin of `request` for scripts, benchmarks and tests."""
        timeout = timeout or self._timeout_s
        correlation_id, future = self._register()
        try:
            self._publisher.send(topic, self._envelope(request, correlation_id), key=key or correlation_id)
            envelope = future.result(timeout)
        except TimeoutError as exc:
            raise ServiceUnavailable(self._unavailable) from exc
        finally:
            self._forget(correlation_id)
        return self._result(envelope)

    def close(self) -> None:
        self._closed.set()
        self._thread.join(2)
