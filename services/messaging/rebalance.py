"""What a consumer runner holds when its group rebalances: commit what was handled, give up the rest.

Rebalance callbacks run inside `poll()`/`consume()` on the runner's own thread, so they can fire
while messages are in hand but not stored: after the first `poll()` of a batch and before the
`consume()` that fills it, or during the polls a runner makes while it waits between tries of a
handler (a dependency is down, a retry backs off). `InHand` tracks those messages per partition:

- `take(messages)` records them as they arrive, with the partition's current epoch;
- `finished(message)` marks one whose effect is durable (handler returned, or dead-lettered);
- `revoked(partitions)` (on_revoke: we still own them until the callback returns) bumps their epoch
  and returns the finished, unstored messages of those partitions, which the runner stores and
  commits synchronously before the partitions go; the unfinished ones are abandoned;
- `lost(partitions)` (on_lost: the session expired, another member may own them already) bumps
  their epoch and returns nothing: committing could move a partition someone else now reads;
- `current(message)`: still ours to handle or store (its partition's epoch is the one it was taken
  in). The runner drops, never handles, never stores a message that is not current.

So every message is either committed by us once handled, or left for the partition's next owner
(which finds the offset we last committed): never both, never neither. An abandoned message may
have been half-handled by a failed try; the handlers' idempotency (envelope ids, Stripe event ids,
purchases keyed by session, receipt claims) makes the new owner's redelivery harmless.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

Partition = tuple[str, int]


class KafkaRecord(Protocol):
    def topic(self) -> str: ...
    def partition(self) -> int: ...
    def offset(self) -> int: ...


def key(message: KafkaRecord) -> tuple[str, int, int]:
    return message.topic(), message.partition(), message.offset()


def partitions_of(partitions: Iterable[Any]) -> set[Partition]:
    """confluent_kafka TopicPartitions (from a callback) as (topic, partition) pairs."""
    return {(p.topic, p.partition) for p in partitions}


class Revoked(BaseException):
    """The message being handled belongs to a partition this runner no longer owns: stop trying.

    A BaseException, like Stopping, so the retry loops (which retry Exceptions) let it through."""


class InHand:
    def __init__(self) -> None:
        self._epoch: dict[Partition, int] = defaultdict(int)
        self._held: dict[tuple[str, int, int], tuple[KafkaRecord, int, bool]] = {}  # key → (msg, epoch, finished)

    def take(self, messages: Iterable[KafkaRecord]) -> None:
        for msg in messages:
            self._held[key(msg)] = (msg, self._epoch[(msg.topic(), msg.partition())], False)

    def current(self, message: KafkaRecord) -> bool:
        held = self._held.get(key(message))
        return held is not None and held[1] == self._epoch[(message.topic(), message.partition())]

    def finished(self, message: KafkaRecord) -> None:
        held = self._held.get(key(message))
        if held is not None:
            self._held[key(message)] = (held[0], held[1], True)

    def release(self, messages: Iterable[KafkaRecord]) -> None:
        """Forget messages that were stored (or dropped)."""
        for msg in messages:
            self._held.pop(key(msg), None)

    def revoked(self, partitions: Iterable[Any]) -> list[KafkaRecord]:
        """The finished, unstored messages of the revoked partitions (to store and commit now)."""
        gone = partitions_of(partitions)
        done = [
            msg
            for msg, epoch, finished in self._held.values()
            if finished
            and (msg.topic(), msg.partition()) in gone
            and epoch == self._epoch[(msg.topic(), msg.partition())]
        ]
        self._forget(gone)
        return sorted(done, key=key)

    def lost(self, partitions: Iterable[Any]) -> None:
        self._forget(partitions_of(partitions))

    def _forget(self, gone: set[Partition]) -> None:
        for partition in gone:
            self._epoch[partition] += 1
        for k in [k for k, (msg, _, _) in self._held.items() if (msg.topic(), msg.partition()) in gone]:
            del self._held[k]

    def __len__(self) -> int:
        return len(self._held)
