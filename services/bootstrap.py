"""The one place that builds adapters and wires handlers to them.

Workers call `<name>_worker(settings)` and run what they get; the web app calls `web_services()`
once at its start-up (dreams_app/backend.py) and hands the services to its state and routes.
Tests pass their own settings (or overrides) to the same functions.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from pymongo import AsyncMongoClient, MongoClient
from sqlmodel import Session

from services.clock import Clock, utc_now
from services.mongo_clients import bounded_journaled, bounded_journaled_options
from services.config import Settings, get_settings
from services.dashboard.api import Dashboard
from services.messaging.admin import ensure_topics
from services.messaging.consumer import ConsumerRunner, Handler
from services.messaging.health import WorkerStatus
from services.messaging.heartbeat import HEARTBEATS, Heartbeat, mongo_writer
from services.messaging.kafka_config import (
    consumer_config,
    producer_config,
    reply_consumer_config,
    request_producer_config,
)
from services.messaging.publisher import Publisher
from services.messaging.request_reply import RequestClient
from services.messaging.runners import BacklogGate, RunnerGroup
from services.messaging.topics import DREAMS_USERS, PACKAGES_PURCHASED, PAYMENTS, USERS_CREATED, USERS_DREAMS
from services.observability import logs
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from services.ops.api import OpsService
from services.ops.activity import Activity
from services.ops.topics import TopicsReader
from services.inventory import Inventory
from services.inventory import store as inventory_store
from services.inventory.capacity import capacity_for
from services.payments import handlers as payments_handlers
from services.payments import receipt_handlers
from services.payments import store as payments_store
from services.payments.api import PaymentsService
from services.payments.bookings import Bookings
from services.payments.store import PURCHASES, QUOTES
from services.payments.stripe_adapter import StripeGateway
from services.payments.webhook import StripeWebhook
from services.projection import sessions as sessions_projection
from services.projection import users as users_projection
from services.sessions.access import RoleReader
from services.sessions.api import SessionsService
from services.sessions.store import SESSIONS, TICKETS, SessionStore
from services.users import handlers as users_handlers
from services.users import outbox
from services.users.api import UsersClient
from services.users.db import make_engine, migrate
from services.users.passwords import Passwords
from services.users.throttles import UsersThrottles

log = logging.getLogger(__name__)

# One consumer group per worker kind: scaled-out workers of a kind share the topic's partitions.
WORKER_GROUPS = {
    "users": "users-worker",
    "projector": "users-projector",
    "payments": "payments-worker",
    "receipts": "payments-receipts",
}
# /ops: each broker call of one refresh waits at most this long (the page says "Kafka unavailable").
OPS_KAFKA_TIMEOUT_S = 2.0
# The longest the receipts loop waits per batch while the purchases loop has a backlog.
RECEIPTS_YIELD_S = 1.0


def inject(handlers: dict, dependencies: dict) -> dict[type, Handler]:
    """Bind each handler's keyword-only parameters to the dependency of the same name."""
    bound = {}
    for message_type, handler in handlers.items():
        params = inspect.signature(handler).parameters
        wanted = {n: dependencies[n] for n, p in params.items() if p.kind is p.KEYWORD_ONLY}
        bound[message_type] = partial(handler, **wanted)
    return bound


def configure_logging(settings: Settings, process: str = "worker") -> None:
    """JSON log lines labelled `process` (workers use services.observability.setup, which adds /metrics)."""
    logs.configure(process, settings.log_level)


def ops_admin_config(settings: Settings) -> dict:
    return {
        "bootstrap.servers": settings.kafka_bootstrap_servers,
        "socket.connection.setup.timeout.ms": 2000,
        "reconnect.backoff.max.ms": 2000,
    }


def worker_mongo(settings: Settings) -> MongoClient:
    """A worker's Mongo client. Writes are journaled (j=True): a worker commits its Kafka offset once
    the write is acknowledged, so an acknowledged write must survive the server being killed."""
    return MongoClient(
        settings.mongo_url, serverSelectionTimeoutMS=settings.mongo_timeout_ms, tz_aware=True, w=1, journal=True
    )


def web_mongo_sync(settings: Settings) -> MongoClient:
    """The web process's sync client, for the inventory calls (run in threads): bounded and journaled
    like the async one. Creating it does no I/O."""
    return bounded_journaled(settings)


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


def users_worker(settings: Settings | None = None, *, group_id: str = WORKER_GROUPS["users"]) -> ConsumerRunner:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    ensure_topics(settings)
    publisher = Publisher(request_producer_config(settings))  # mostly replies: nobody waits on a linger
    sessions = partial(Session, engine)
    dependencies = {
        "sessions": sessions,
        "hasher": Passwords(),
        "mailer": SendGridEmailSender.from_settings(settings),
        "publish": publisher.publish,
        "clock": utc_now,
        "throttles": UsersThrottles.from_settings(settings, sessions),
        "settings": settings,
        # Work a handler hands off after its reply (password-reset e-mails); two threads keep a burst short.
        "background": ThreadPoolExecutor(max_workers=2, thread_name_prefix="users-background"),
    }
    try:  # events a previous run committed but could not publish
        outbox.flush(sessions, publisher.publish, utc_now)
    except outbox.PublishPending as exc:
        log.warning("outbox not flushed at start (the next command retries): %s", exc)
    return ConsumerRunner(
        consumer_config=consumer_config(settings, group_id),
        topics=[DREAMS_USERS.name],
        handlers=inject(users_handlers.HANDLERS, dependencies),
        publisher=publisher,
        max_attempts=settings.consumer_max_attempts,
        name="users",
        status=worker_status(settings, "users"),
        heartbeat=worker_heartbeat(settings, "users"),
    )


def projector_worker(settings: Settings | None = None, *, group_id: str = WORKER_GROUPS["projector"]) -> ConsumerRunner:
    """users-created → the gateway's Mongo `users` read copy."""
    settings = settings or get_settings()
    client = worker_mongo(settings)
    collection = client[settings.mongo_db][users_projection.COLLECTION]
    web_sessions = client[settings.mongo_db][SESSIONS]  # ended after a password reset
    users_projection.ensure_indexes(collection)
    ensure_topics(settings)
    return ConsumerRunner(
        consumer_config=consumer_config(settings, group_id),
        topics=[USERS_CREATED.name],
        handlers=inject(
            {**users_projection.HANDLERS, **sessions_projection.HANDLERS},
            {"users": collection, "sessions": web_sessions},
        ),
        publisher=Publisher(producer_config(settings)),  # for the dead-letter topic
        max_attempts=settings.consumer_max_attempts,
        name="projector",
        status=worker_status(settings, "projector"),
        heartbeat=worker_heartbeat(settings, "projector"),
    )


def payments_worker(
    settings: Settings | None = None,
    *,
    group_id: str = WORKER_GROUPS["payments"],
    receipts_group_id: str = WORKER_GROUPS["receipts"],
) -> RunnerGroup:
    """One process, two consumer loops sharing the Mongo client and the producer:
    - payments (verified Stripe events) → Mongo `purchases`, packages-purchased (group `group_id`);
    - packages-purchased → receipt e-mails (group `receipts_group_id`), so mail never slows recording.

    Both run in batch mode: one bulk round trip per step for a whole batch of messages. Recording
    comes first: while the purchases loop works through a backlog (full batches), the receipts loop
    waits up to RECEIPTS_YIELD_S before each of its batches, so e-mails are late rather than
    payments (both share one Mongo server and, here, two CPU cores)."""
    settings = settings or get_settings()
    client = worker_mongo(settings)
    db = client[settings.mongo_db]
    payments_store.ensure_indexes(db)
    ensure_topics(settings)
    publisher = Publisher(producer_config(settings), ack_timeout_s=settings.kafka_request_timeout_s)
    inventory_store.ensure_indexes(db)
    dependencies = {
        "db": db,
        "publisher": publisher,
        "mailer": SendGridEmailSender.from_settings(settings),
        "settings": settings,
        "clock": utc_now,
        "stripe": StripeGateway.from_settings(settings),
        "inventory": Inventory(db, utc_now, capacity_for(settings)),
    }

    status = worker_status(settings, "payments")
    heartbeat = worker_heartbeat(settings, "payments")  # one per process: both loops tick it

    def runner(name: str, module, group: str, topic: str, batch_size: int, **hooks) -> ConsumerRunner:
        [batch_handler] = inject({"batch": module.BATCH_HANDLER}, dependencies).values()
        return ConsumerRunner(
            consumer_config=consumer_config(settings, group),
            topics=[topic],
            handlers=inject(module.HANDLERS, dependencies),
            publisher=publisher,
            max_attempts=settings.consumer_max_attempts,
            batch_handler=batch_handler,
            batch_size=batch_size,
            name=name,
            status=status,
            heartbeat=heartbeat,
            **hooks,
        )

    purchases_batch = 500
    gate = BacklogGate(backlog_at=purchases_batch // 2, max_wait_s=RECEIPTS_YIELD_S)
    # Receipts in smaller batches: a stop waits for the batch's e-mails, so it stays a few seconds.
    return RunnerGroup(
        [
            (
                "purchases",
                runner(
                    "purchases", payments_handlers, group_id, PAYMENTS.name, purchases_batch, after_batch=gate.report
                ),
            ),
            (
                "receipts",
                runner(
                    "receipts",
                    receipt_handlers,
                    receipts_group_id,
                    PACKAGES_PURCHASED.name,
                    100,
                    before_batch=gate.wait,
                ),
            ),
        ]
    )


def web_mongo(settings: Settings) -> AsyncMongoClient:
    """The web process's async Mongo client. Creating it does no I/O: it connects on first use and
    reconnects by itself after the server comes back (verified against SecantusDB killed with
    SIGKILL and restarted). An AsyncMongoClient is bound to the event loop it first runs on: build
    it on the loop that will use it (the app's start-up runs on the loop serving its events)."""
    # timeoutMS bounds a whole operation (selection, connecting, the reply, the one retry), so a
    # dead or hung server fails a page within it; serverSelection/connect alone let a hung
    # server hold a read for ~9 s.
    # Journaled writes (j=True), as the workers': a quote or session acknowledged to a traveller
    # must survive the server being killed (SecantusDB can lose the last unjournaled write).
    return AsyncMongoClient(settings.mongo_url, **bounded_journaled_options(settings))


@dataclass
class WebServices:
    """What the web process uses, built once at its start-up (dreams_app/backend.py) and closed at
    its shutdown. Plain service objects over the clients below; none of them enters Reflex state."""

    users: UsersClient
    sessions: SessionsService
    payments: PaymentsService
    bookings: Bookings
    dashboard: Dashboard
    webhook: StripeWebhook
    clock: Clock
    # /ops (staff): one section's reader per field; a new section adds its reader here.
    ops_topics: TopicsReader
    ops_activity: Activity
    publisher: Publisher
    requests: RequestClient
    mongo: AsyncMongoClient
    mongo_sync: MongoClient
    ops: OpsService  # /ops: dead letters, replay, worker heartbeats (over mongo_sync and publisher)

    async def close(self) -> None:
        self.requests.close()
        await asyncio.to_thread(self.publisher.close)  # flushes what is still in flight
        await self.mongo.close()
        self.mongo_sync.close()


def web_services(settings: Settings | None = None, *, clock: Clock = utc_now) -> WebServices:
    """Build the web process's services. No I/O happens here (Kafka and Mongo connect on first use
    and after a failure the next use tries again), so the app starts with either of them down.
    Call it on the event loop that serves the app (the AsyncMongoClient binds to it)."""
    settings = settings or get_settings()
    publisher = Publisher(request_producer_config(settings), ack_timeout_s=settings.kafka_request_timeout_s)
    requests = RequestClient(
        publisher,
        reply_consumer_config(settings),
        USERS_DREAMS.name,
        timeout_s=settings.kafka_request_timeout_s,
        unavailable_message="The users service is not answering right now. Please try again shortly.",
    )
    mongo, mongo_sync = web_mongo(settings), web_mongo_sync(settings)
    db = mongo[settings.mongo_db]
    inventory = Inventory(mongo_sync[settings.mongo_db], clock, capacity_for(settings))
    stripe = StripeGateway.from_settings(settings)
    mailer = SendGridEmailSender.from_settings(settings)
    payments = PaymentsService.build(db, stripe, mailer, publisher.publish_async, settings.public_url, clock, inventory)
    return WebServices(
        users=UsersClient(requests, timeout_s=settings.kafka_request_timeout_s),
        sessions=SessionsService(
            SessionStore(db[SESSIONS], db[TICKETS], clock=clock), RoleReader(db[users_projection.COLLECTION])
        ),
        payments=payments,
        bookings=Bookings(db[QUOTES], stripe, payments, clock),
        dashboard=Dashboard(db[PURCHASES]),
        webhook=StripeWebhook(
            settings.stripe_webhook_secret.get_secret_value(), publisher.publish_async, db[PURCHASES]
        ),
        clock=clock,
        ops_topics=TopicsReader(ops_admin_config(settings), timeout_s=OPS_KAFKA_TIMEOUT_S, clock=clock),
        ops_activity=Activity(db[users_projection.COLLECTION], db[PURCHASES]),
        publisher=publisher,
        requests=requests,
        mongo=mongo,
        mongo_sync=mongo_sync,
        ops=OpsService(mongo_sync[settings.mongo_db], publisher, settings.kafka_bootstrap_servers, clock=clock),
    )
