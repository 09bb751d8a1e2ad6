"""The web process's services: built once at its start-up (dreams_app/backend.py), closed at its end."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from pymongo import AsyncMongoClient, MongoClient

from services.clock import Clock, utc_now
from services.config import Settings, get_settings
from services.dashboard.api import Dashboard
from services.inventory import Inventory
from services.inventory.capacity import capacity_for
from services.messaging.kafka_config import reply_consumer_config, request_producer_config
from services.messaging.publisher import Publisher
from services.messaging.request_reply import RequestClient
from services.messaging.topics import USERS_DREAMS
from services.mongo_clients import bounded_journaled, bounded_journaled_options
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from services.ops.activity import Activity
from services.ops.api import OpsService
from services.ops.topics import TopicsReader
from services.payments.api import PaymentsService
from services.payments.bookings import Bookings
from services.payments.store import PURCHASES, QUOTES
from services.payments.stripe_adapter import StripeGateway
from services.payments.webhook import StripeWebhook
from services.projection import users as users_projection
from services.sessions.access import RoleReader
from services.sessions.api import SessionsService
from services.sessions.store import SESSIONS, TICKETS, SessionStore
from services.users.api import UsersClient

# /ops: each broker call of one refresh waits at most this long (the page says "Kafka unavailable").
OPS_KAFKA_TIMEOUT_S = 2.0


def ops_admin_config(settings: Settings) -> dict:
    return {
        "bootstrap.servers": settings.kafka_bootstrap_servers,
        "socket.connection.setup.timeout.ms": 2000,
        "reconnect.backoff.max.ms": 2000,
    }


def web_mongo_sync(settings: Settings) -> MongoClient:
    """The web process's sync client, for the inventory calls (run in threads): bounded and journaled
    like the async one. Creating it does no I/O."""
    return bounded_journaled(settings)


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
