"""Producing messages: an idempotent, acks=all producer with a background poll thread.

`send()` returns a future resolved by the delivery report, so callers choose: wait for the broker's
acknowledgement (`publish`, `publish_async`) or fire and forget. A send that Kafka cannot take in time
raises `PublishFailed`, which the web layer maps to a clear "try again" (or a 5xx for Stripe).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from concurrent.futures import Future, InvalidStateError

from confluent_kafka import KafkaError, KafkaException, Producer

from services.errors import ServiceUnavailable
from services.messaging.envelope import Envelope

log = logging.getLogger(__name__)

Headers = list[tuple[str, str | bytes]]


class PublishFailed(ServiceUnavailable):
    dependency = "kafka"


class Publisher:
    def __init__(self, config: dict, *, ack_timeout_s: float = 10.0):
        self._producer = Producer(config)
        self._ack_timeout_s = ack_timeout_s
        self._closed = threading.Event()
        self._poller = threading.Thread(target=self._poll_loop, name="kafka-producer-poll", daemon=True)
        self._poller.start()

    def _poll_loop(self) -> None:
        while not self._closed.is_set():
            self._producer.poll(0.05)

    def send(
        self, topic: str, envelope: Envelope | bytes, *, key: str | None = None, headers: Headers | None = None
    ) -> Future:
        done: Future = Future()

        def on_delivery(err: KafkaError | None, msg) -> None:
            with contextlib.suppress(InvalidStateError):  # the caller may have given up waiting
                if err is not None:
                    done.set_exception(PublishFailed(f"Kafka did not accept the message for {topic}: {err.str()}"))
                else:
                    done.set_result(msg)

        value = envelope.encode() if isinstance(envelope, Envelope) else envelope
        try:
            self._producer.produce(topic, value=value, key=key, headers=headers, on_delivery=on_delivery)
        except BufferError:
            self._producer.poll(0.5)  # queue full: let deliveries drain once, then try again
            self._producer.produce(topic, value=value, key=key, headers=headers, on_delivery=on_delivery)
        except KafkaException as exc:
            raise PublishFailed(f"could not send to {topic}: {exc}") from exc
        return done

    def publish(
        self,
        topic: str,
        envelope: Envelope | bytes,
        *,
        key: str | None = None,
        headers: Headers | None = None,
        timeout: float | None = None,
    ):
        """Send and block until the broker acknowledged (acks=all)."""
        future = self.send(topic, envelope, key=key, headers=headers)
        try:
            return future.result(timeout or self._ack_timeout_s)
        except TimeoutError as exc:
            raise PublishFailed(f"Kafka did not acknowledge the message for {topic} in time") from exc

    async def publish_async(
        self, topic: str, envelope: Envelope | bytes, *, key: str | None = None, timeout: float | None = None
    ):
        future = self.send(topic, envelope, key=key)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout or self._ack_timeout_s)
        except TimeoutError as exc:
            raise PublishFailed(f"Kafka did not acknowledge the message for {topic} in time") from exc

    def flush(self, timeout: float = 10.0) -> int:
        return self._producer.flush(timeout)

    def close(self, timeout: float = 10.0) -> None:
        remaining = self.flush(timeout)
        if remaining:
            log.error("closing producer with %d undelivered messages", remaining)
        self._closed.set()
        self._poller.join(2)
