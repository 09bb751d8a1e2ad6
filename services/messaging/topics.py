"""Every Kafka topic the system uses, in one place: name, partition count and what the key is.

Each topic has a dead-letter twin `<name>.dlq` (same key) for messages its consumers could not handle.
"""
from __future__ import annotations

from dataclasses import dataclass

DLQ_SUFFIX = ".dlq"


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    key: str  # what the message key is (decides partitioning and ordering)
    purpose: str

    @property
    def dlq(self) -> str:
        return self.name + DLQ_SUFFIX


DREAMS_USERS = Topic("dreams-users", 3, "correlation id or e-mail", "gateway → users worker: commands and queries")
USERS_DREAMS = Topic("users-dreams", 3, "correlation id", "users worker → gateway: replies")
USERS_CREATED = Topic("users-created", 3, "user id", "a user confirmed the e-mail")
PAYMENTS = Topic("payments", 3, "checkout session id", "verified Stripe events")
PACKAGES_PURCHASED = Topic("packages-purchased", 3, "purchase id", "a purchase was recorded")

TOPICS: tuple[Topic, ...] = (DREAMS_USERS, USERS_DREAMS, USERS_CREATED, PAYMENTS, PACKAGES_PURCHASED)


def all_topic_specs() -> dict[str, int]:
    """Topic name → partitions, dead-letter topics included (one partition each: low volume, kept in order)."""
    specs = {t.name: t.partitions for t in TOPICS}
    specs.update({t.dlq: 1 for t in TOPICS})
    return specs
