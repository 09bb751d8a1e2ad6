"""The one place that builds adapters and wires handlers to them, a module per process:
`services.bootstrap.users|projector|payments` build each worker (`<name>_worker(settings)`, run by its
`kafka_workers/*` entrypoint) and `services.bootstrap.web` builds the web process's services
(`web_services()`, once at its start-up: dreams_app/backend.py). Tests pass their own settings (or
overrides) to the same functions.

A module per process, so that each process imports only the adapters it wires: the projector needs
neither Stripe's SDK nor SQLAlchemy (~35 MB of imports), the users worker no Stripe, the payments
worker no SQL (issue 15, bench/bench_memory.py). This package holds what they share.
"""

from __future__ import annotations

import inspect
from functools import partial

from pymongo import MongoClient

from services.config import Settings
from services.messaging.consumer import Handler
from services.messaging.health import WorkerStatus
from services.messaging.heartbeat import HEARTBEATS, Heartbeat, mongo_writer

# One consumer group per worker kind: scaled-out workers of a kind share the topic's partitions.
WORKER_GROUPS = {
    "users": "users-worker",
    "projector": "users-projector",
    "payments": "payments-worker",
    "receipts": "payments-receipts",
}


def inject(handlers: dict, dependencies: dict) -> dict[type, Handler]:
    """Bind each handler's keyword-only parameters to the dependency of the same name."""
    bound = {}
    for message_type, handler in handlers.items():
        params = inspect.signature(handler).parameters
        wanted = {n: dependencies[n] for n, p in params.items() if p.kind is p.KEYWORD_ONLY}
        bound[message_type] = partial(handler, **wanted)
    return bound


def worker_mongo(settings: Settings) -> MongoClient:
    """A worker's Mongo client. Writes are journaled (j=True): a worker commits its Kafka offset once
    the write is acknowledged, so an acknowledged write must survive the server being killed."""
    return MongoClient(
        settings.mongo_url, serverSelectionTimeoutMS=settings.mongo_timeout_ms, tz_aware=True, w=1, journal=True
    )


def worker_status(settings: Settings, worker: str) -> WorkerStatus:
    """The status file a worker process keeps for operators (see services/messaging/health.py)."""
    return WorkerStatus(settings.state_dir / "run", f"{worker}-worker")


def worker_heartbeat(settings: Settings, worker: str) -> Heartbeat:
    """The process's heartbeat in Mongo `worker_heartbeats` (services/messaging/heartbeat.py), on its
    own small client with short timeouts: a beat that cannot be written is skipped, never waited for.
    (The users worker's only Mongo access: it owns no data there.)"""
    timeout = 2000
    client = MongoClient(
        settings.mongo_url,
        serverSelectionTimeoutMS=timeout,
        connectTimeoutMS=timeout,
        timeoutMS=timeout,
        tz_aware=True,
        w=1,
    )
    return Heartbeat(f"{worker}-worker", mongo_writer(client[settings.mongo_db][HEARTBEATS]))
