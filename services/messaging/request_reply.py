"""Request/reply over Kafka for the gateway.

One long-lived reply consumer per process reads the reply topic on a background thread and resolves
a correlation-id → future map. It is *assigned* (no consumer group, no rebalance) to every partition of
the reply topic at the current end offsets before the first request goes out, so no reply can slip
past it. Several gateway processes may share the reply topic: each ignores replies it did not ask for.

The reader matches a reply by its Kafka key (repliers key every reply by its correlation id, see
consumer.py) and hands the raw bytes to the waiting request, which decodes them itself. So the one
reader thread never parses a reply (a 1,000-user page is ~200 kB of JSON), and replies meant for
another gateway process are skipped unread. A reply without a key is decoded to find its id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from concurrent.futures import Future, InvalidStateError

from confluent_kafka import Consumer, KafkaError, TopicPartition
from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_exponential

from services.errors import ServiceUnavailable
from services.faults import unavailable_dependency
from services.messaging import metrics
from services.messaging.envelope import Envelope, PoisonMessage, new_id
from services.messaging.publisher import Publisher
from services.messaging.registry import Message, unwrap, wrap
from services.messaging.replies import ErrorReply

log = logging.getLogger(__name__)
REPLIES_PER_POLL = 500


class RequestClient:
    """Building one does no I/O: the reply consumer connects and positions itself on the first
    request, and a request that finds Kafka down (ServiceUnavailable) leaves the next one to try
    again. So the web app starts with Kafka down and serves requests once it is back."""

    def __init__(
        self,
        publisher: Publisher,
        consumer_config: dict,
        reply_topic: str,
        *,
        timeout_s: float = 5.0,
        unavailable_message: str = "The service is unavailable right now.",
    ):
        self._publisher = publisher
        self._consumer_config = consumer_config
        self._reply_topic = reply_topic
        self._timeout_s = timeout_s
        self._unavailable = unavailable_message
        self._pending: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    def _ensure_reading(self) -> None:
        """Start the reply reader once; concurrent first requests wait for the one that starts it."""
        with self._start_lock:
            if self._thread is not None:
                return
            if self._closed.is_set():
                raise ServiceUnavailable(self._unavailable)
            consumer = Consumer(self._consumer_config)
            self._position_at_end(consumer, self._timeout_s)
            self._thread = threading.Thread(
                target=self._read_replies, args=(consumer,), name=f"replies-{self._reply_topic}", daemon=True
            )
            self._thread.start()

    def _position_at_end(self, consumer: Consumer, timeout: float) -> None:
        # A broker that just started answers "not leader" / "coordinator loading" for a moment:
        # try again until the timeout rather than fail the first request.
        retrying = Retrying(
            retry=retry_if_exception(lambda exc: unavailable_dependency(exc) == "kafka"),
            stop=stop_after_delay(timeout),
            wait=wait_exponential(multiplier=0.05, max=1.0),
            reraise=True,
        )
        try:
            deadline = time.monotonic() + timeout
            assignment = retrying(lambda: self._end_offsets(consumer, max(0.1, deadline - time.monotonic())))
        except ServiceUnavailable:
            consumer.close()
            raise
        except Exception as exc:  # KafkaException: broker unreachable
            consumer.close()
            raise ServiceUnavailable(self._unavailable) from exc
        consumer.assign(assignment)

    def _end_offsets(self, consumer: Consumer, timeout: float) -> list[TopicPartition]:
        meta = consumer.list_topics(self._reply_topic, timeout=timeout)
        parts = meta.topics[self._reply_topic].partitions
        if meta.topics[self._reply_topic].error or not parts:
            raise ServiceUnavailable(f"reply topic {self._reply_topic} is missing")
        return [
            TopicPartition(
                self._reply_topic,
                p,
                consumer.get_watermark_offsets(TopicPartition(self._reply_topic, p), timeout=timeout)[1],
            )
            for p in parts
        ]

    def _read_replies(self, consumer: Consumer) -> None:
        while not self._closed.is_set():
            # consume() waits for a full batch or its whole timeout (200 ms per reply, measured):
            # wait for one reply, then take whatever else is already fetched (replies come in bursts).
            first = consumer.poll(0.2)
            if first is None:
                continue
            for msg in [first, *consumer.consume(REPLIES_PER_POLL - 1, 0)]:
                if msg.error():
                    if msg.error().code() != KafkaError._PARTITION_EOF:
                        log.warning("reply consumer: %s", msg.error())
                    continue
                correlation_id = self._correlation_id(msg.key(), msg.value())
                with self._lock:
                    future = self._pending.pop(correlation_id, None) if correlation_id else None
                if future is not None:
                    with contextlib.suppress(InvalidStateError):  # the requester already timed out
                        future.set_result(msg.value())
        consumer.close()

    @staticmethod
    def _correlation_id(key: bytes | None, value: bytes | None) -> str | None:
        if key:
            return key.decode(errors="replace")
        try:
            return Envelope.decode(value).correlation_id
        except PoisonMessage as exc:
            log.warning("unreadable reply ignored: %s", exc)
            return None

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

    def _result(self, raw: bytes) -> Message:
        try:
            reply = unwrap(Envelope.decode(raw))
        except PoisonMessage as exc:  # a replier out of step with this gateway's message models
            log.error("unreadable reply: %s", exc)
            raise ServiceUnavailable(self._unavailable) from exc
        if isinstance(reply, ErrorReply):
            raise reply.to_error()
        return reply

    async def request(
        self, topic: str, request: Message, *, key: str | None = None, timeout: float | None = None
    ) -> Message:
        """Send `request` and await its reply; ServiceUnavailable when none comes within the timeout."""
        timeout = timeout or self._timeout_s
        correlation_id, future = self._register()
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                if self._thread is None:  # the first request, or Kafka was down until now
                    await asyncio.to_thread(self._ensure_reading)
                await self._publisher.publish_async(
                    topic, self._envelope(request, correlation_id), key=key or correlation_id, timeout=timeout
                )
                raw = await asyncio.wrap_future(future)
        except TimeoutError as exc:
            metrics.REQUEST_TIMEOUTS.labels(topic).inc()
            raise ServiceUnavailable(self._unavailable) from exc
        finally:
            self._forget(correlation_id)
        metrics.REQUEST_REPLY_SECONDS.labels(topic).observe(time.perf_counter() - started)
        return self._result(raw)

    def request_sync(
        self, topic: str, request: Message, *, key: str | None = None, timeout: float | None = None
    ) -> Message:
        """Blocking twin of `request` for scripts, benchmarks and tests."""
        timeout = timeout or self._timeout_s
        self._ensure_reading()
        correlation_id, future = self._register()
        started = time.perf_counter()
        try:
            self._publisher.send(topic, self._envelope(request, correlation_id), key=key or correlation_id)
            raw = future.result(timeout)
        except TimeoutError as exc:
            metrics.REQUEST_TIMEOUTS.labels(topic).inc()
            raise ServiceUnavailable(self._unavailable) from exc
        finally:
            self._forget(correlation_id)
        metrics.REQUEST_REPLY_SECONDS.labels(topic).observe(time.perf_counter() - started)
        return self._result(raw)

    def close(self) -> None:
        with self._start_lock:  # a start under way finishes first, so its reader is joined too
            self._closed.set()
        if self._thread is not None:
            self._thread.join(2)
