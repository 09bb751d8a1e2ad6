"""Every Kafka topic the system uses, in one place: name, partition count and what the key is.

Each topic has a dead-letter twin `<name>.dlq` (same key) for messages its consumers could not handle.

Retention: the topics the Mongo read model is rebuilt from (services/projection/rebuild.py) keep
every event forever (`retention.ms=-1`, `retention.bytes=-1`). Not compaction: they carry deltas
as well as snapshots (`users.password_changed` shares users-created's key with the user's
snapshot; a purchase's refund events share its id), so keeping only the last event per key would
lose the purchase or the user. `config` is applied at creation and enforced on existing topics by
`services/messaging/admin.py`.
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
    config: tuple[tuple[str, str], ...] = ()  # broker topic configs (retention), applied by admin.py

    @property
    def dlq(self) -> str:
        return self.name + DLQ_SUFFIX


DREAMS_USERS = Topic("dreams-users", 3, "correlation id or e-mail", "gateway → users worker: commands and queries")
USERS_DREAMS = Topic("users-dreams", 3, "correlation id", "users worker → gateway: replies")
RETAINED_FOREVER = (("retention.ms", "-1"), ("retention.bytes", "-1"))

USERS_CREATED = Topic("users-created", 3, "user id", "a user confirmed the e-mail", RETAINED_FOREVER)
PAYMENTS = Topic("payments", 3, "checkout session id", "verified Stripe events")
PACKAGES_PURCHASED = Topic("packages-purchased", 3, "purchase id", "a purchase was recorded")

PURCHASE_CHANGES = Topic(
    "purchase-changes",
    3,
    "purchase id",
    "every change to a Mongo purchase document (the read model's log)",
    RETAINED_FOREVER,
)

TOPICS: tuple[Topic, ...] = (DREAMS_USERS, USERS_DREAMS, USERS_CREATED, PAYMENTS, PACKAGES_PURCHASED, PURCHASE_CHANGES)


def all_topic_specs() -> dict[str, int]:
    """Topic name → partitions, dead-letter topics included (one partition each: low volume, kept in order)."""
    specs = {t.name: t.partitions for t in TOPICS}
    specs.update({t.dlq: 1 for t in TOPICS})
    return specs


def topic_configs() -> dict[str, dict[str, str]]:
    """Topic name → the broker configs it must have (only topics that declare some)."""
    return {t.name: dict(t.config) for t in TOPICS if t.config}
