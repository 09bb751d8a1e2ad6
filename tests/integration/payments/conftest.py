"""Checkout end to end on real servers: Kafka, Mongo, the mail server, a private Stripe sandbox
process (devstack component API) delivering signed webhooks to a real HTTP endpoint that runs the
app's webhook code, and the real payments worker process on a private Mongo database.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from types import SimpleNamespace

import httpx
import pymongo
import pytest
import stripe
import uvicorn
from confluent_kafka import Consumer, TopicPartition
from pymongo import AsyncMongoClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from devstack import stripe_sandbox
from devstack.mailserver.client import Mailbox
from services.config import Settings
from services.messaging.admin import admin_client, ensure_topics
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.topics import PACKAGES_PURCHASED, PAYMENTS
from services.packages import SearchQuery, search_packages
from services.bootstrap.web import web_services
from services.payments.api import PaymentsService
from services.payments.store import ensure_indexes
from services.payments.webhook import receive
from tests.integration.conftest import WorkerProcess


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def env(stack, tmp_path_factory) -> Iterator[SimpleNamespace]:
    """Settings for this module: the shared Kafka, Mongo and mail server; a private sandbox and DB."""
    base = stack.ensure("kafka", "mongo", "mail")
    ensure_topics(base)
    webhook_port = free_port()
    settings = Settings(
        **{
            **base.model_dump(),
            "state_dir": tmp_path_factory.mktemp("payments"),
            "mongo_db": f"payments_{uuid.uuid4().hex[:8]}",
            "stripe_api_base": f"http://127.0.0.1:{free_port()}",
            "stripe_webhook_url": f"http://127.0.0.1:{webhook_port}/api/stripe/webhook",
            "stripe_sandbox_retry_base_s": 0.3,
            "stripe_sandbox_max_attempts": 4,
        }
    )
    assert stripe_sandbox.ensure(settings, timeout=20) == "started"
    client = pymongo.MongoClient(settings.mongo_url, tz_aware=True)
    publisher = Publisher(producer_config(settings))
    try:  # the private sandbox is stopped even if set-up fails half-way
        ensure_indexes(client[settings.mongo_db])
        yield SimpleNamespace(
            settings=settings, webhook_port=webhook_port, db=client[settings.mongo_db], publisher=publisher
        )
    finally:
        publisher.close()
        stripe_sandbox.stop(settings)
        client.drop_database(settings.mongo_db)
        client.close()


def secret(settings: Settings) -> str:
    return settings.stripe_webhook_secret.get_secret_value()


@pytest.fixture(scope="module")
def webhook(env) -> Iterator[SimpleNamespace]:
    """The app's webhook code (services.payments.webhook.receive) behind a real HTTP server."""
    state = SimpleNamespace(url=env.settings.stripe_webhook_url, statuses=[], refuse=set())
    holder: dict = {}

    async def endpoint(request: Request) -> JSONResponse:
        body = await request.body()
        if json.loads(body)["data"]["object"].get("id") in state.refuse:  # a test simulates an outage
            return JSONResponse({"error": "down"}, status_code=500)
        if "purchases" not in holder:  # an AsyncMongoClient belongs to the loop it runs on
            holder["purchases"] = AsyncMongoClient(env.settings.mongo_url)[env.settings.mongo_db]["purchases"]
        status, answer = await receive(
            body,
            request.headers.get("stripe-signature"),
            secret=secret(env.settings),
            publish=env.publisher.publish_async,
            purchases=holder["purchases"],
        )
        state.statuses.append(status)
        return JSONResponse(answer, status_code=status)

    app = Starlette(routes=[Route("/api/stripe/webhook", endpoint, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=env.webhook_port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield state
    server.should_exit = True
    thread.join(10)


def commit_end_offsets(settings: Settings, group: str, topic: str) -> None:
    """Start a new consumer group at the end of the topic (older runs' events are not ours)."""
    consumer = Consumer(
        {"bootstrap.servers": settings.kafka_bootstrap_servers, "group.id": group, "enable.auto.commit": False}
    )
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        offsets = [
            TopicPartition(topic, p, consumer.get_watermark_offsets(TopicPartition(topic, p), 10)[1])
            for p in partitions
        ]
        consumer.commit(offsets=offsets, asynchronous=False)
    finally:
        consumer.close()


def group_lag(settings: Settings, group: str, topic: str) -> int:
    consumer = Consumer(
        {"bootstrap.servers": settings.kafka_bootstrap_servers, "group.id": group, "enable.auto.commit": False}
    )
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        committed = consumer.committed([TopicPartition(topic, p) for p in partitions], timeout=10)
        return sum(
            consumer.get_watermark_offsets(TopicPartition(topic, tp.partition), 10)[1] - max(tp.offset, 0)
            for tp in committed
        )
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def worker(env, exclusive_workers, tmp_path_factory) -> Iterator[SimpleNamespace]:
    """The real payments worker (python -m kafka_workers.payments) on this module's database, with
    private groups for both of its consumer loops (purchases on `payments`, receipts on
    `packages-purchased`), each starting at the end of its topic."""
    group, receipts_group = f"payments-test-{uuid.uuid4().hex[:8]}", f"receipts-test-{uuid.uuid4().hex[:8]}"
    commit_end_offsets(env.settings, group, PAYMENTS.name)
    commit_end_offsets(env.settings, receipts_group, PACKAGES_PURCHASED.name)
    log = tmp_path_factory.mktemp("worker") / "payments.log"
    metrics_port = free_port()
    proc = WorkerProcess(
        ["-m", "kafka_workers.payments", "--group", group, "--receipts-group", receipts_group],
        {
            **os.environ,
            "MONGO_DB": env.settings.mongo_db,
            "PAYMENTS_WORKER_METRICS_PORT": str(metrics_port),
            "SENDGRID_HOST": env.settings.sendgrid_host or "",
            "STRIPE_API_BASE": env.settings.stripe_api_base or "",  # sold-out refunds
            "KAFKA_BOOTSTRAP_SERVERS": env.settings.kafka_bootstrap_servers,
        },
        log,
    ).start()
    admin = admin_client(env.settings)
    deadline = time.monotonic() + 60
    while True:
        infos = [
            f.result(10) for f in admin.describe_consumer_groups([group, receipts_group], request_timeout=5).values()
        ]
        if all(info.members and info.state.name == "STABLE" for info in infos):
            break
        assert proc.proc.poll() is None, proc.output()
        assert time.monotonic() < deadline, f"worker never joined:\n{proc.output()}"
        time.sleep(0.25)

    def caught_up(timeout: float = 30) -> None:
        """Every event published so far has been handled (committed) by the worker: first the
        purchases loop, then the receipts loop (which consumes what the first one published)."""
        end = time.monotonic() + timeout
        for group_id, topic in ((group, PAYMENTS.name), (receipts_group, PACKAGES_PURCHASED.name)):
            while group_lag(env.settings, group_id, topic) > 0:
                assert time.monotonic() < end, f"worker lagging on {topic}:\n{proc.output()[-3000:]}"
                time.sleep(0.2)

    yield SimpleNamespace(
        group=group,
        receipts_group=receipts_group,
        process=proc,
        caught_up=caught_up,
        metrics_url=f"http://127.0.0.1:{metrics_port}/metrics",
    )
    proc.stop()


@pytest.fixture(scope="module")
def package_id() -> str:
    departure = date.today() + timedelta(days=60)  # far enough for a full refund
    query = SearchQuery(
        origin="GRU",
        destination="LIS",
        departure=departure,
        return_date=departure + timedelta(days=7),
        adults=2,
        children=1,
    )
    return search_packages(query, limit=1)[0].id


@pytest.fixture
async def web(env):
    """The web process's services, built from this module's settings as the app builds its own (on
    this test's event loop: the async Mongo client belongs to the loop it runs on)."""
    services = web_services(env.settings)
    yield services
    await services.close()


@pytest.fixture
def service(web) -> PaymentsService:
    """The payments service the app's pages call."""
    return web.payments


@pytest.fixture
def mailbox(env) -> Iterator[Mailbox]:
    with Mailbox(env.settings.sendgrid_host) as box:
        yield box


@pytest.fixture
def sandbox(env) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=env.settings.stripe_api_base, timeout=10) as http:
        yield http


@pytest.fixture
def buyer() -> SimpleNamespace:
    tag = uuid.uuid4().hex[:8]
    return SimpleNamespace(user_id=f"user-{tag}", email=f"buyer-{tag}@example.com")


def signed(settings: Settings, event: dict) -> tuple[bytes, str]:
    body = json.dumps(event).encode()
    return body, stripe.WebhookSignature.generate_signature_header(body.decode(), secret(settings))


def post_event(webhook, settings: Settings, event: dict) -> httpx.Response:
    body, header = signed(settings, event)
    return httpx.post(webhook.url, content=body, headers={"Stripe-Signature": header}, timeout=15)
