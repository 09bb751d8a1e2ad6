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
- Transient is not poison: a failure caused by a dependency being down (services/faults.py: Mongo,
  Kafka, the mail server, Stripe — timeouts, refused connections, server selection) is never counted
  and never dead-lettered. The runner pauses its partitions (keeping its place: nothing after the
  message is handled, no offset moves), keeps polling so the group keeps it, and tries the same
  message or batch again with capped exponential backoff until the dependency answers or the runner
  is stopped (then the message is redelivered to whoever runs next). `status` shows the wait.
- Only deterministic failures are retried `max_attempts` times, then dead-lettered.
- A DreamsError from a handler (other than ServiceUnavailable) is an answer (an ErrorReply to the
  requester), never retried.
- A handler raising PoisonMessage (it found the message can never be handled) is dead-lettered at
  once, without retries.
- Rebalances (worker groups: N processes of a kind share a topic's partitions): on_revoke stores
  and synchronously commits what was fully handled in the revoked partitions before they go, and
  abandons the rest of the in-flight message or batch (it is never handled or stored here: the new
  owner gets it from the committed offset); on_lost (the session expired: another member may own
  the partitions already) commits nothing and abandons the same way. rebalance.py holds the rule.
- Several consumers of one loop in one process (`start_together`, start_together.py) begin handling
  only once each has its partitions, so none has its first batch's partitions revoked.
- Observability: every log line emitted while a message is handled carries its topic, partition,
  offset, id, type and correlation id (log_context.py), each handled message gets a "handled" line,
  and the counters and histograms of metrics.py move here.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition
from confluent_kafka import Message as KafkaMessage
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from services.errors import DreamsError
from services.faults import is_transient, unavailable_dependency
from services.messaging import log_context, metrics
from services.messaging.dead_letter import dead_letter
from services.messaging.envelope import Envelope, PoisonMessage
from services.messaging.health import WorkerStatus
from services.messaging.heartbeat import Heartbeat
from services.messaging.publisher import Publisher
from services.messaging.rebalance import InHand, Revoked, partitions_of
from services.messaging.registry import Message, unwrap, wrap
from services.messaging.replies import ErrorReply
from services.messaging.start_together import StartTogether

log = logging.getLogger(__name__)

Handler = Callable[[Message, Envelope], Message | None]
BatchHandler = Callable[[list[tuple[Message, Envelope]]], None]
T = TypeVar("T")


class Stopping(BaseException):
    """The runner was asked to stop while waiting for a dependency: leave the message unstored."""


def _retryable(exc: BaseException) -> bool:
    """A handler's failure worth another try: not a PoisonMessage, nor Stopping/KeyboardInterrupt
    (BaseExceptions, which tenacity's attempt would otherwise swallow and retry)."""
    return isinstance(exc, Exception) and not isinstance(exc, PoisonMessage)


@dataclass
class ConsumerRunner:
    consumer_config: dict
    topics: Iterable[str]
    handlers: dict[type[Message], Handler]
    publisher: Publisher
    max_attempts: int = 3
    backoff_s: float = 0.2  # doubled after each failed try
    max_backoff_s: float = 5.0  # the longest pause between two tries while a dependency is down
    on_assign: Callable[[list], None] | None = None
    batch_handler: BatchHandler | None = None
    batch_size: int = 500
    before_batch: Callable[[], None] | None = None
    after_batch: Callable[[int], None] | None = None
    name: str = "consumer"  # labels this loop in the worker's status
    status: WorkerStatus | None = None
    heartbeat: Heartbeat | None = None  # ticked before every poll (heartbeat.py)
    start_together: StartTogether | None = None  # shared by the consumers of one loop (start_together.py)
    _stop: threading.Event = field(default_factory=threading.Event)
    _waiting: bool = False
    _owned: set[tuple[str, int]] = field(default_factory=set)  # (topic, partition) assigned now
    _hand: InHand = field(default_factory=InHand)  # received, not stored yet (rebalance.py)

    def stop(self, *_: object) -> None:
        self._stop.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> None:
        consumer = Consumer(self.consumer_config)
        consumer.subscribe(list(self.topics), on_assign=self._assigned, on_revoke=self._revoked, on_lost=self._lost)
        if self.status:
            self.status.running(self.name)
        if self.heartbeat:
            self.heartbeat.loop_started(self.name)
        try:
            if self.start_together is not None:
                self._await_peers(consumer, self.start_together)
            while not self._stop.is_set():
                if self.heartbeat:
                    self.heartbeat.tick(self.name)
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
                self._one(consumer, msg)
        except Stopping:
            log.info("stopped while waiting for a dependency; the message will be delivered again")
        finally:
            self._commit(consumer)
            consumer.close()
            self.publisher.flush()
            if self.status:
                self.status.stopped(self.name)
            if self.heartbeat:
                self.heartbeat.loop_stopped(self.name)
            log.info("consumer stopped")

    def _await_peers(self, consumer: Consumer, peers: StartTogether) -> None:
        """Poll with every partition paused (the group forms, nothing is handled) until each consumer
        of this loop has partitions, or `peers.max_wait_s` has passed."""
        self._waiting = True  # _assigned pauses what it gets
        deadline = time.monotonic() + peers.max_wait_s
        try:
            while time.monotonic() < deadline:
                if self._owned:
                    peers.ready(self.name)
                if peers.all_ready():
                    return
                self._idle(consumer, 0.05)
            log.warning("%s: started before every consumer of its loop had partitions", self.name)
        finally:
            self._waiting = False
            consumer.resume(consumer.assignment())

    def _assigned(self, consumer: Consumer, partitions: list) -> None:
        log.info("assigned %s", [f"{p.topic}[{p.partition}]" for p in partitions])
        try:
            if self._waiting:  # a partition gained during a wait waits too (see _until_available)
                consumer.pause(partitions)
            else:  # librdkafka keeps a partition's pause across losing and regaining it: clear it
                consumer.resume(partitions)
        except KafkaException as exc:
            log.warning("could not %s %s: %s", "pause" if self._waiting else "resume", partitions, exc)
        self._owned |= {(p.topic, p.partition) for p in partitions}  # cooperative: assignments add up
        if self.status:
            self.status.partitions(self.name, self._owned)
        if self.heartbeat:
            self.heartbeat.partitions(self.name, self._owned)
        if self.on_assign:
            self.on_assign(partitions)

    def _revoked(self, consumer: Consumer, partitions: list) -> None:
        # Still ours until this returns: commit what was handled, now and synchronously; the rest of
        # the in-flight work in these partitions is abandoned (InHand.current turns False).
        done = self._hand.revoked(partitions)
        log.info(
            "revoked %s; committing %d handled, abandoning the rest in flight",
            [f"{p.topic}[{p.partition}]" for p in partitions],
            len(done),
        )
        self._store_offsets(consumer, done)
        self._commit(consumer)
        self._gone(partitions)

    def _lost(self, consumer: Consumer, partitions: list) -> None:
        # The session expired: another member may own these already, so commit nothing here; what
        # was in flight is redelivered to the new owner (handlers are idempotent).
        self._hand.lost(partitions)
        log.warning(
            "lost %s; in-flight messages left for the new owner", [f"{p.topic}[{p.partition}]" for p in partitions]
        )
        self._gone(partitions)

    def _gone(self, partitions: list) -> None:
        self._owned -= partitions_of(partitions)
        if self.status:
            self.status.partitions(self.name, self._owned)
        if self.heartbeat:
            self.heartbeat.partitions(self.name, self._owned)

    @staticmethod
    def _commit(consumer: Consumer) -> None:
        try:
            consumer.commit(asynchronous=False)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError._NO_OFFSET:
                log.error("commit failed: %s", exc)

    def _store(self, consumer: Consumer, messages: list[KafkaMessage]) -> None:
        """Store the offsets of the messages still ours (InHand.current); forget all of them."""
        mine = [msg for msg in messages if self._hand.current(msg)]
        self._hand.release(messages)
        self._store_offsets(consumer, mine)

    def _store_offsets(self, consumer: Consumer, messages: list[KafkaMessage]) -> None:
        try:
            for msg in messages:
                consumer.store_offsets(message=msg)
        except KafkaException as exc:  # not ours any more: its new owner redelivers
            log.warning("offsets not stored (%s); the new owner of the partition handles it again", exc)
        if self.status and messages:
            self.status.handled(self.name, len(messages))
        if self.heartbeat and messages:
            last = messages[-1]
            self.heartbeat.handled(self.name, last.topic(), last.partition(), last.offset())

    # --- waiting for a dependency that is down ------------------------------------------------------

    def _ours(self, msg: KafkaMessage, work: Callable[[], T]) -> Callable[[], T]:
        """`work`, refused with Revoked once `msg`'s partition was revoked or lost (checked before
        each try: a rebalance can only happen in the polls between tries)."""

        def attempt() -> T:
            if not self._hand.current(msg):
                raise Revoked
            return work()

        return attempt

    def _until_available(self, consumer: Consumer, work: Callable[[], T]) -> T:
        """`work()`, tried again for as long as it fails because a dependency is unavailable.

        Between tries the assigned partitions are paused and the consumer keeps polling: the group
        keeps it (no max.poll.interval expiry), nothing new is fetched, and the stored offsets stay
        where they are. Any other failure is raised at once.
        """
        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            reraise=True,
            wait=wait_exponential(multiplier=self.backoff_s, max=self.max_backoff_s),
            sleep=lambda seconds: self._idle(consumer, seconds),
            before_sleep=lambda state: self._wait_starts(consumer, state.outcome.exception()),
        )
        try:
            return retrying(work)
        finally:
            if self._waiting:
                self._waiting = False
                consumer.resume(consumer.assignment())
                if self.status:
                    self.status.running(self.name)
                log.info("%s: dependency back, going on", self.name)

    def _wait_starts(self, consumer: Consumer, exc: BaseException | None) -> None:
        dependency = unavailable_dependency(exc) if exc else None
        if not self._waiting:
            self._waiting = True
            consumer.pause(consumer.assignment())
            log.warning(
                "%s: waiting for %s (%s: %s); partitions paused",
                self.name,
                dependency,
                type(exc).__name__,
                str(exc)[:300],
            )
        if self.status:
            self.status.waiting(self.name, dependency or "a dependency")

    def _idle(self, consumer: Consumer, seconds: float) -> None:
        """Sleep `seconds` while polling the paused consumer; Stopping if the runner is stopped."""
        deadline = time.monotonic() + seconds
        while True:
            if self._stop.is_set():
                raise Stopping
            if self.heartbeat:  # waiting for a dependency is alive, not hung
                self.heartbeat.tick(self.name)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            msg = consumer.poll(min(remaining, 0.2))
            if msg is not None and not msg.error():
                # Fetched before its partition was paused: rewind so it is delivered again later.
                consumer.seek(TopicPartition(msg.topic(), msg.partition(), msg.offset()))

    # --- one message at a time ------------------------------------------------------------------

    def _one(self, consumer: Consumer, msg: KafkaMessage) -> None:
        self._hand.take([msg])
        self._process(consumer, msg)
        self._store(consumer, [msg])

    def _process(self, consumer: Consumer, msg: KafkaMessage) -> None:
        decoded = self._decode(consumer, msg)
        if decoded is not None:
            envelope, command, handler = decoded
            self._handle_with_retries(consumer, msg, envelope, command, handler)

    def _decode(self, consumer: Consumer, msg: KafkaMessage) -> tuple[Envelope, Message, Handler] | None:
        """The envelope, message and its handler; None if the message was dead-lettered as poison."""
        with log_context.for_message(msg):
            return self._decode_in_context(consumer, msg)

    def _decode_in_context(self, consumer: Consumer, msg: KafkaMessage) -> tuple[Envelope, Message, Handler] | None:
        try:
            envelope = Envelope.decode(msg.value())
            command = unwrap(envelope)
            handler = self.handlers.get(type(command))
            if handler is None:
                raise PoisonMessage(f"no handler for {envelope.type} v{envelope.version} on {msg.topic()}")
        except PoisonMessage as exc:
            log.warning("poison message at %s[%d]@%d: %s", msg.topic(), msg.partition(), msg.offset(), exc)
            try:
                self._dead_letter(consumer, msg, exc, attempts=0)
            except Revoked:
                log.info("partition revoked before the dead letter went out: left for its new owner")
            return None
        return envelope, command, handler

    def _dead_letter(self, consumer: Consumer, msg: KafkaMessage, exc: BaseException, *, attempts: int) -> None:
        self._until_available(
            consumer, self._ours(msg, lambda: dead_letter(self.publisher, msg, exc, attempts=attempts))
        )
        self._hand.finished(msg)
        metrics.MESSAGES_DEAD_LETTERED.labels(msg.topic()).inc()

    def _handle_with_retries(
        self, consumer: Consumer, msg: KafkaMessage, envelope: Envelope, command: Message, handler: Handler
    ) -> None:
        with log_context.for_message(msg, envelope):
            try:
                self._handle_in_context(consumer, msg, envelope, command, handler)
            except Revoked:
                log.info(
                    "partition revoked while %s %s was in flight: left for its new owner", envelope.type, envelope.id
                )

    @staticmethod
    def _timed(topic: str, handler: Handler, command: Message, envelope: Envelope) -> Message | None:
        with metrics.HANDLER_SECONDS.labels(topic).time():
            return handler(command, envelope)

    def _handle_in_context(
        self, consumer: Consumer, msg: KafkaMessage, envelope: Envelope, command: Message, handler: Handler
    ) -> None:
        # A rule's refusal (DreamsError) is an answer and a PoisonMessage can never succeed: neither is
        # retried. Any other failure is deterministic (transient ones wait in _until_available): up to
        # max_attempts tries, backoff_s doubling in between (polling, so the group keeps us), then DLQ.
        retrying = Retrying(
            stop=stop_after_attempt(self.max_attempts),
            reraise=True,
            retry=retry_if_exception(_retryable),
            wait=wait_exponential(multiplier=self.backoff_s),
            sleep=lambda seconds: self._idle(consumer, seconds),
            after=lambda state: self._try_failed(state, msg, envelope),
        )
        tries = 0
        try:
            for attempt in retrying:
                tries = attempt.retry_state.attempt_number
                with attempt:
                    try:
                        reply = self._until_available(
                            consumer, self._ours(msg, lambda: self._timed(msg.topic(), handler, command, envelope))
                        )
                    except DreamsError as exc:  # a rule said no: tell the requester
                        reply = ErrorReply.from_error(exc)
        except PoisonMessage as exc:  # the handler found it can never be handled
            log.warning("handler refused %s %s: %s", envelope.type, envelope.id, exc)
            self._dead_letter(consumer, msg, exc, attempts=tries)
            return
        except Exception as exc:  # noqa: BLE001 - the last try failed too: dead-letter it, say so
            self._dead_letter(consumer, msg, exc, attempts=tries)
            self._reply(consumer, envelope, ErrorReply(code="internal", message="Something went wrong on our side."))
            return
        # Durable from here: a revoke while the reply waits commits it (and the reply still goes out).
        self._hand.finished(msg)
        self._handled(msg, envelope)
        self._reply(consumer, envelope, reply)

    def _try_failed(self, state: RetryCallState, msg: KafkaMessage, envelope: Envelope) -> None:
        metrics.MESSAGES_FAILED.labels(msg.topic()).inc()
        log.error(
            "handler failed (try %d/%d) for %s %s",
            state.attempt_number,
            self.max_attempts,
            envelope.type,
            envelope.id,
            exc_info=state.outcome.exception() if state.outcome else None,
        )

    @staticmethod
    def _handled(msg: KafkaMessage, envelope: Envelope) -> None:
        metrics.MESSAGES_HANDLED.labels(msg.topic()).inc()
        log.info("handled %s %s", envelope.type, envelope.id)

    def _reply(self, consumer: Consumer, envelope: Envelope, reply: Message | None) -> None:
        if reply is None or not envelope.reply_to:
            return
        out = wrap(reply, correlation_id=envelope.correlation_id or envelope.id)
        # Wait for the ack: the offset of the request is stored right after this returns.
        self._until_available(consumer, lambda: self.publisher.publish(envelope.reply_to, out, key=out.correlation_id))

    # --- batches --------------------------------------------------------------------------------

    def _timed_batch(self, topic: str, items: list[tuple[Message, Envelope]]) -> None:
        assert self.batch_handler is not None
        with metrics.BATCH_HANDLER_SECONDS.labels(topic).time():
            self.batch_handler(items)

    def _batch_of_ours(self, batch: list[tuple[KafkaMessage, tuple[Envelope, Message, Handler]]]) -> None:
        """One try of the batch handler over the messages still ours: a try after a revoke (in the
        polls between tries) leaves the revoked partitions' messages to their new owner."""
        items = [(command, envelope) for msg, (envelope, command, _) in batch if self._hand.current(msg)]
        if items:
            self._timed_batch(batch[0][0].topic(), items)

    def _consume_batch(self, consumer: Consumer) -> None:
        assert self.batch_handler is not None
        if self.before_batch:
            self.before_batch()
        first = consumer.poll(0.5)
        if first is None:
            if self.after_batch:
                self.after_batch(0)
            return
        self._hand.take([first])  # before consume(): a revoke inside it may take first's partition
        # consume() waits for a full batch or its timeout: wait for one message, then take what is
        # already fetched without waiting (a lone event is handled at once, a backlog in bulk).
        rest = consumer.consume(self.batch_size - 1, 0)
        self._hand.take(rest)
        received = []
        for msg in [first, *rest]:
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    log.warning("consume error: %s", msg.error())
                continue
            received.append(msg)
        self._hand.release([msg for msg in (first, *rest) if msg.error()])
        dropped = [msg for msg in received if not self._hand.current(msg)]  # revoked during consume()
        if dropped:
            self._hand.release(dropped)
            received = [msg for msg in received if self._hand.current(msg)]
        if not received:
            return
        batch = [
            (msg, decoded)
            for msg in received
            if self._hand.current(msg) and (decoded := self._decode(consumer, msg)) is not None
        ]
        if batch:
            envelopes = [envelope for _, (envelope, _, _) in batch]
            try:
                with log_context.for_batch([msg for msg, _ in batch], envelopes):
                    self._until_available(consumer, lambda: self._batch_of_ours(batch))
            except Exception:  # noqa: BLE001 - replayed one by one: retries and DLQ isolate the culprit
                log.exception("batch of %d failed; replaying it one message at a time", len(batch))
                for msg, (envelope, command, handler) in batch:
                    if self._hand.current(msg):
                        self._handle_with_retries(consumer, msg, envelope, command, handler)
            else:
                handled = [(msg, envelope) for msg, (envelope, _, _) in batch if self._hand.current(msg)]
                metrics.BATCH_SIZE.labels(batch[0][0].topic()).observe(len(handled))
                for msg, envelope in handled:
                    self._hand.finished(msg)
                    with log_context.for_message(msg, envelope):
                        self._handled(msg, envelope)
        self._store(consumer, received)
        if self.after_batch:
            self.after_batch(len(received))
