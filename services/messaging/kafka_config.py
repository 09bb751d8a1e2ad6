"""librdkafka settings, chosen once.

Fetching: the broker answers a consumer's held fetch as soon as data arrives for it (fetch.min.bytes
1), so `fetch.wait.max.ms` does not add latency; it sets how often an idle consumer asks again.
Measured (2026-12-07, `bench list_users`, sequential page of 50): p50 2.8 ms at 10/5 ms and at
100 ms, 3.6 ms at librdkafka's 500 ms default. At 10/5 ms the idle stack's empty fetches cost the
broker 11.5 % of a core; at 100 ms 4 %. So consumers wait up to `kafka_fetch_wait_ms` (100 ms).
Producers linger 1 ms: enough to batch a burst, invisible to one request; the two ends of
request/reply (the gateway and the users worker) do not linger at all (`request_producer_config`):
librdkafka still batches whatever queues up while a send is in flight, so a burst is batched anyway.
Nagle is off on every socket: a small request must not wait for the previous one's TCP ack.
Durability: idempotent producers with acks=all; consumers store offsets only after a message was
handled (enable.auto.offset.store=false) and auto-commit what was stored.
Identity: a group member's client id names its group and process id, so a group's member list says
which process holds its partitions (devstack's readiness checks that it is the live one).
"""

from __future__ import annotations

import os
from typing import Any

from services.config import Settings


def _common(settings: Settings) -> dict[str, Any]:
    return {
        "bootstrap.servers": settings.kafka_bootstrap_servers,
        "socket.connection.setup.timeout.ms": 5000,
        "reconnect.backoff.max.ms": 2000,
        "socket.nagle.disable": True,
    }


def producer_config(settings: Settings) -> dict[str, Any]:
    return {
        **_common(settings),
        "enable.idempotence": True,
        "acks": "all",
        "linger.ms": 1,
        # Fail a send that cannot reach the broker rather than buffer it forever.
        "message.timeout.ms": int(settings.kafka_request_timeout_s * 1000) + 5000,
        "compression.type": "lz4",
    }


def request_producer_config(settings: Settings) -> dict[str, Any]:
    """For requests and their replies: someone is waiting for each message."""
    return {**producer_config(settings), "linger.ms": 0}


def consumer_client_id(group_id: str, pid: int) -> str:
    return f"{group_id}-pid{pid}"


def consumer_config(settings: Settings, group_id: str) -> dict[str, Any]:
    return {
        **_common(settings),
        "group.id": group_id,
        "client.id": consumer_client_id(group_id, os.getpid()),
        "enable.auto.commit": True,
        "enable.auto.offset.store": False,
        "auto.offset.reset": "earliest",
        "fetch.wait.max.ms": settings.kafka_fetch_wait_ms,
        # What the client prefetches ahead of the handler: 64 MiB by default, per consumer (a
        # payments worker catching up on a 125,000-message backlog was at 459 MB RSS). 8 MiB is
        # still several of a worker's 500-message batches.
        "queued.max.messages.kbytes": 8192,
        "session.timeout.ms": 10000,
        "heartbeat.interval.ms": 1000,
        "partition.assignment.strategy": "cooperative-sticky",
    }


def reply_consumer_config(settings: Settings) -> dict[str, Any]:
    # Manually assigned (no group rebalance) and never committed: replies are only for live requests.
    return {
        **_common(settings),
        "group.id": "gateway-replies-unused",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "fetch.wait.max.ms": settings.kafka_reply_fetch_wait_ms,
        "fetch.min.bytes": 1,
    }
