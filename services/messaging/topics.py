"""Every Kafka topic the system uses, in one place: name, partition count and what the key is.

Each topic has a dead-letter twin `<name>.dlq` (same key) for messages its consumers could not handle.

Retention: the topics the Mongo read model is rebuilt from (services/projection/rebuild.py) keep
every event forever (`retention.ms=-1`, `retention.bytes=-1`). Not compaction: they carry deltas
as well as snapshots (`users.password_changed` shares users-created's key with the user's
snapshot; a purchase's refund events share its id), so keeping only the last event per key would
lose the purchase or the user. `config` is applied at creation and enforced on existing topics by
`services/messaging/admin.py`.

Partitions cap a worker group: a topic's partitions are shared among its consumer group's members,
so a kind runs usefully at most as many processes as its topic has partitions (the rest stand by).
The four topics worker groups consume have 6 (2 each for 3 processes, room for 6); the gateway's
replies and the rebuild's log are read without a group (assigned), so they keep 3. admin.py grows
an existing topic to the declared count (never shrinks: Kafka cannot): a key's new messages may then
land on another partition than its old ones, which these consumers tolerate (versions, dedupe by id).
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


GROUP_PARTITIONS = 6  # topics consumed by worker groups (see above)

DREAMS_USERS = Topic(
    "dreams-users", GROUP_PARTITIONS, "correlation id or e-mail", "gateway → users worker: commands and queries"
)
USERS_DREAMS = Topic("users-dreams", 3, "correlation id", "users worker → gateway: replies")
RETAINED_FOREVER = (("retention.ms", "-1"), ("retention.bytes", "-1"))

USERS_CREATED = Topic("users-created", GROUP_PARTITIONS, "user id", "a user confirmed the e-mail", RETAINED_FOREVER)
PAYMENTS = Topic("payments", GROUP_PARTITIONS, "checkout session id", "verified Stripe events")
PACKAGES_PURCHASED = Topic("packages-purchased", GROUP_PARTITIONS, "purchase id", "a purchase was recorded")

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
