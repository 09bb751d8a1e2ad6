"""The consumer runner every worker uses: poll → decode → handle → store offset.

- Offsets are stored only after the handler returned (or the message was dead-lettered), so a crash
  mid-message means it is delivered again: handlers must be idempotent (keyed by envelope id).
- A message that can never be handled (bad JSON, unknown type/version, invalid data) goes straight to
  `<topic>.dlq`; a handler that keeps failing is retried with backoff, then dead-lettered. Either way
  the consumer goes on with the next message.
- If a handler returns a Message and the envelope asks for a reply, the reply is published to
  `reply_to` with the same correlation id.
- `stop()` (wired to SIGTERM/SIGINT) lets the current message finish, then commits and closes.
- Batch mode (optional, for throughput): with a `batch_handler`, up to `batch_size` messages are
  consumed at once, poison ones dead-lettered, and the rest handed to the batch handler in one call
  (so it can use bulk writes). If the batch handler raises, the batch is replayed one message at a
  time through `handlers` (normal retries and dead-lettering): handlers must be idempotent anyway.
  Batch handlers never reply. `before_batch` runs before each poll and `after_batch(n)` after each
  batch of n messages: hooks for a BacklogGate between two runners of one process (runners.py).
- A DreamsError from a handler is an answer (an ErrorReply to the requester), never retried —
  except ServiceUnavailable, which is transient and retried like any other failure.
- A handler raising PoisonMessage (it found the message can never be handled) is dead-lettered at
  once, without retries.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from confluent_kafka import Consumer, KafkaError, KafkaException
from confluent_kafka import Message as KafkaMessage

from services.errors import DreamsError, ServiceUnavailable
from services.messaging.dead_letter import dead_letter
from services.messaging.envelope import Envelope, PoisonMessage
from services.messaging.publisher import Publisher
from services.messaging.registry import Message, unwrap, wrap
from services.messaging.replies import ErrorReply

log = logging.getLogger(__name__)

Handler = Callable[[Message, Envelope], Message | None]
BatchHandler = Callable[[list[tuple[Message, Envelope]]], None]


@dataclass
class ConsumerRunner:
    consumer_config: dict
    topics: Iterable[str]
    handlers: dict[type[Message], Handler]
    publisher: Publisher
    max_attempts: int = 3
    backoff_s: float = 0.2  # doubled after each failed try
    on_assign: Callable[[list], None] | None = None
    batch_handler: BatchHandler | None = None
    batch_size: int = 500
    before_batch: Callable[[], None] | None = None
    after_batch: Callable[[int], None] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def stop(self, *_: object) -> None:
        self._stop.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> None:
        consumer = Consumer(self.consumer_config)
        consumer.subscribe(list(self.topics), on_assign=self._assigned)
        try:
            while not self._stop.is_set():
                if self.batch_handler is not None:
                    self._consume_batch(consumer)
                    continue
                msg = consumer.poll(0.5)
                if msg is None:
                    continue
                if msg.error():
                    if msg.error().code() != KafkaError._PARTITION_EOF:
                        log.warning("consume error: %s", msg.error())
                    continue
                self._process(msg)
                consumer.store_offsets(message=msg)
        finally:
            self._commit(consumer)
            consumer.close()
            self.publisher.flush()
            log.info("consumer stopped")

    def _assigned(self, consumer: Consumer, partitions: list) -> None:
        log.info("assigned %s", [f"{p.topic}[{p.partition}]" for p in partitions])
        if self.on_assign:
            self.on_assign(partitions)

    @staticmethod
    def _commit(consumer: Consumer) -> None:
        try:
            consumer.commit(asynchronous=False)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError._NO_OFFSET:
                log.error("final commit failed: %s", exc)

    def _process(self, msg: KafkaMessage) -> None:
        decoded = self._decode(msg)
        if decoded is not None:
            envelope, command, handler = decoded
            self._handle_with_retries(msg, envelope, command, handler)

    def _decode(self, msg: KafkaMessage) -> tuple[Envelope, Message, Handler] | None:
        """The envelope, message and its handler; None if the message was dead-lettered as poison."""
        try:
            envelope = Envelope.decode(msg.value())
            command = unwrap(envelope)
            handler = self.handlers.get(type(command))
            if handler is None:
                raise PoisonMessage(f"no handler for {envelope.type} v{envelope.version} on {msg.topic()}")
        except PoisonMessage as exc:
            log.warning("poison message at %s[%d]@%d: %s", msg.topic(), msg.partition(), msg.offset(), exc)
            dead_letter(self.publisher, msg, exc, attempts=0)
            return None
        return envelope, command, handler

    def _consume_batch(self, consumer: Consumer) -> None:
        assert self.batch_handler is not None
        if self.before_batch:
            self.before_batch()
        first = consumer.poll(0.5)
        if first is None:
            if self.after_batch:
                self.after_batch(0)
            return
        # consume() waits for a full batch or its timeout: wait for one message, then take what is
        # already fetched without waiting (a lone event is handled at once, a backlog in bulk).
        received = []
        for msg in [first, *consumer.consume(self.batch_size - 1, 0)]:
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    log.warning("consume error: %s", msg.error())
                continue
            received.append(msg)
        if not received:
            return
        batch = [(msg, decoded) for msg in received if (decoded := self._decode(msg)) is not None]
        if batch:
            try:
                self.batch_handler([(command, envelope) for _, (envelope, command, _) in batch])
            except Exception:  # noqa: BLE001 - replayed one by one: retries and DLQ isolate the culprit
                log.exception("batch of %d failed; replaying it one message at a time", len(batch))
                for msg, (envelope, command, handler) in batch:
                    self._handle_with_retries(msg, envelope, command, handler)
        for msg in received:
            consumer.store_offsets(message=msg)
        if self.after_batch:
            self.after_batch(len(received))

    def _handle_with_retries(self, msg: KafkaMessage, envelope: Envelope, command: Message,
                             handler: Handler) -> None:
        for attempt in range(1, self.max_attempts + 1):
            try:
                try:
                    reply = handler(command, envelope)
                except ServiceUnavailable as exc:  # transient (mail, Kafka, …): retry like any failure
                    raise RuntimeError(str(exc)) from exc
            except DreamsError as exc:  # a rule said no: tell the requester, never retry
                reply = ErrorReply.from_error(exc)
            except PoisonMessage as exc:  # the handler found it can never be handled: no retry
                log.warning("handler refused %s %s: %s", envelope.type, envelope.id, exc)
                dead_letter(self.publisher, msg, exc, attempts=attempt)
                return
            except Exception as exc:  # noqa: BLE001 - any failure is retried, then dead-lettered
                log.exception("handler failed (try %d/%d) for %s %s", attempt, self.max_attempts,
                              envelope.type, envelope.id)
                if attempt == self.max_attempts:
                    dead_letter(self.publisher, msg, exc, attempts=attempt)
                    self._reply(envelope, ErrorReply(code="internal", message="Something went wrong on our side."))
                    return
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
                continue
            self._reply(envelope, reply)
            return

    def _reply(self, envelope: Envelope, reply: Message | None) -> None:
        if reply is None or not envelope.reply_to:
            return
        out = wrap(reply, correlation_id=envelope.correlation_id or envelope.id)
        # Wait for the ack: the offset of the request is stored right after this returns.
        self.publisher.publish(envelope.reply_to, out, key=out.correlation_id)
