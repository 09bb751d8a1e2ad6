"""The fault-injection suite's private stack: its own Kafka, Mongo and mail server (kernel-chosen
ports, a temporary state dir), so killing them never disturbs the rest of the suite; the real worker
processes on it; and the app's webhook code behind a real HTTP server, as in the app.

Faults are real: SIGKILL of the server's process group, a pause, a restart on the same data.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType

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

from devstack import kafka, mailserver, mongo, process
from devstack.mailserver.client import Mailbox
from services.bootstrap import WORKER_GROUPS
from services.config import Settings, get_settings
from services.messaging.admin import admin_client, ensure_topics
from services.messaging.kafka_config import producer_config, reply_consumer_config
from services.messaging.publisher import Publisher
from services.messaging.request_reply import RequestClient
from services.messaging.topics import TOPICS, USERS_DREAMS
from services.packages import SearchQuery, search_packages
from services.payments.documents import quote_document
from tests.integration.conftest import WorkerProcess
from tests.integration.devstack.conftest import free_ports

OUTAGE_S = 20.0  # how long each server stays dead
GROUPS_OF = {"users": ["users"], "projector": ["projector"], "payments": ["payments", "receipts"]}  # WORKER_GROUPS keys


@dataclass
class FaultStack:
    settings: Settings
    env: dict[str, str]
    logs: Path
    workers: dict[str, WorkerProcess] = field(default_factory=dict)

    # --- servers --------------------------------------------------------------------------------
    def kill(self, component: ModuleType) -> None:
        """SIGKILL the server's whole process group and wait until it is gone."""
        pid = process.read_pid(process.pidfile(self.settings, component.NAME))
        assert pid is not None, f"{component.NAME} is not running"
        os.killpg(pid, signal.SIGKILL)
        process.wait_until(lambda: not process.is_alive(pid), 15, f"{component.NAME} gone")

    def restart(self, component: ModuleType) -> None:
        assert component.ensure(self.settings, 120) == "started"

    # --- workers --------------------------------------------------------------------------------
    def start_worker(self, kind: str) -> WorkerProcess:
        log = self.logs / f"{kind}-{len([k for k in self.workers if k.startswith(kind)])}.log"
        worker = WorkerProcess(["-m", f"kafka_workers.{kind}"], self.env, log).start()
        self.workers[f"{kind}-{worker.proc.pid}"] = worker
        wait_for(lambda: self._joined([WORKER_GROUPS[g] for g in GROUPS_OF[kind]]), 90, f"{kind} worker joined", worker)
        return worker

    def start_workers(self, kind: str, n: int, env: dict[str, str] | None = None) -> list[WorkerProcess]:
        """`n` more processes of `kind` at once (one rebalance), back when each is a member of every
        group of its kind and the groups are stable (a worker group: the partitions are shared).
        `env`: variables added to the stack's for these processes."""
        started = [
            WorkerProcess(
                ["-m", f"kafka_workers.{kind}"],
                {**self.env, **(env or {})},
                self.logs / f"{kind}-{uuid.uuid4().hex[:6]}.log",
            )
            for _ in range(n)
        ]
        for worker in started:
            self.workers[f"{kind}-{worker.start().proc.pid}"] = worker
        pids = {w.proc.pid for w in started}
        wait_for(lambda: all(pids <= set(m) for m in self.members(kind).values()), 90, f"{n} {kind} workers joined")
        return started

    def members(self, kind: str) -> dict[str, dict[int, list[str]]]:
        """Each group of `kind` (once stable) → member pid → its assigned "topic[partition]"s."""
        groups = [WORKER_GROUPS[g] for g in GROUPS_OF[kind]]
        admin = admin_client(self.settings)
        infos = [f.result(10) for f in admin.describe_consumer_groups(groups, request_timeout=5).values()]
        if not all(info.state.name == "STABLE" for info in infos):
            return {}
        return {
            info.group_id: {
                int(m.client_id.rsplit("-pid", 1)[1]): sorted(
                    f"{tp.topic}[{tp.partition}]" for tp in m.assignment.topic_partitions
                )
                for m in info.members
            }
            for info in infos
        }

    def stop_workers(self, kind: str) -> None:
        """Stop (SIGTERM) every running process of `kind`: a scenario that counts them starts clean."""
        for key, worker in self.workers.items():
            if key.startswith(kind):
                worker.stop()

    def _joined(self, groups: list[str]) -> bool:
        admin = admin_client(self.settings)  # kept referenced: its futures die with it
        infos = [f.result(10) for f in admin.describe_consumer_groups(groups, request_timeout=5).values()]
        return all(info.state.name == "STABLE" and info.members for info in infos)

    def live(self, kind: str) -> WorkerProcess | None:
        """The running worker process of this kind (the newest), if any."""
        alive = [w for k, w in self.workers.items() if k.startswith(kind) and w.proc.poll() is None]
        return alive[-1] if alive else None

    def ensure_workers(self, *kinds: str) -> None:
        """A running process of each kind: the ones an earlier scenario started, or new ones."""
        for kind in kinds:
            if self.live(kind) is None:
                self.start_worker(kind)

    def kill_worker(self, worker: WorkerProcess) -> None:
        worker.signal(signal.SIGKILL)
        worker.wait(10)

    # --- what the topics hold -------------------------------------------------------------------
    def dead_letters(self) -> dict[str, int]:
        """Messages in every dead-letter topic (this Kafka is private: all of them are ours)."""
        consumer = Consumer(
            {"bootstrap.servers": self.settings.kafka_bootstrap_servers, "group.id": f"faults-{uuid.uuid4().hex}"}
        )
        try:
            counts = {}
            for topic in TOPICS:
                low, high = consumer.get_watermark_offsets(TopicPartition(topic.dlq, 0), timeout=10)
                counts[topic.dlq] = high - low
            return counts
        finally:
            consumer.close()

    def assert_no_dead_letters(self) -> None:
        counts = self.dead_letters()
        assert not any(counts.values()), counts


def wait_for(check: Callable[[], object], timeout: float, what: str, worker: WorkerProcess | None = None):
    """Poll `check` until it returns something truthy; fail with `what` (and the worker's log)."""
    deadline, last_error = time.monotonic() + timeout, None
    while True:
        try:
            result = check()
        except Exception as exc:  # noqa: BLE001 - a server still coming back: ask again
            result, last_error = None, exc
        if result:
            return result
        if worker is not None and worker.proc.poll() is not None:
            pytest.fail(f"{what}: the worker exited\n{worker.output()[-4000:]}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"{what}: not after {timeout:.0f}s (last error: {last_error!r})"
                + (f"\n{worker.output()[-4000:]}" if worker else "")
            )
        time.sleep(0.25)


@pytest.fixture(scope="package")
def faults(tmp_path_factory) -> Iterator[FaultStack]:
    kafka.fetch_jars(get_settings())
    state = tmp_path_factory.mktemp("faults")
    kafka_port, controller_port, mongo_port, mail_port = free_ports(4)
    values = {
        "STATE_DIR": str(state),
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{kafka_port}",
        "KAFKA_CONTROLLER_PORT": str(controller_port),
        "MONGO_URL": f"mongodb://127.0.0.1:{mongo_port}/?directConnection=true",
        "MONGO_DB": "dreams_faults",
        "DATABASE_URL": "",  # SQLite under the state dir
        "SENDGRID_HOST": f"http://127.0.0.1:{mail_port}",
        "LOG_LEVEL": "INFO",
        "RECEIPT_LEASE_S": "15",  # the receipts a SIGKILLed worker had claimed are retaken sooner
    }
    env = {**os.environ, **values}
    settings = Settings(
        state_dir=state,
        kafka_bootstrap_servers=values["KAFKA_BOOTSTRAP_SERVERS"],
        kafka_controller_port=controller_port,
        mongo_url=values["MONGO_URL"],
        mongo_db=values["MONGO_DB"],
        sendgrid_host=values["SENDGRID_HOST"],
    )
    servers = (kafka, mongo, mailserver)
    stack = FaultStack(settings, env, tmp_path_factory.mktemp("fault-logs"))
    try:
        for server in servers:
            server.ensure(settings, 120)
        ensure_topics(settings)
        yield stack
    finally:
        for worker in stack.workers.values():
            worker.stop()
        for server in reversed(servers):
            server.stop(settings)


@pytest.fixture(scope="package")
def db(faults) -> Iterator[pymongo.database.Database]:
    # Journaled writes: the quotes the test prepares must survive the server's SIGKILL.
    client = pymongo.MongoClient(
        faults.settings.mongo_url, tz_aware=True, w=1, journal=True, serverSelectionTimeoutMS=3000
    )
    yield client[faults.settings.mongo_db]
    client.close()


@pytest.fixture(scope="package")
def mailbox(faults) -> Iterator[Mailbox]:
    with Mailbox(faults.settings.sendgrid_host) as box:
        yield box


# --- payments: quotes, signed Stripe events, the webhook ------------------------------------------


@pytest.fixture(scope="package")
def package():
    departure = date.today() + timedelta(days=60)
    query = SearchQuery(
        origin="GRU", destination="LIS", departure=departure, return_date=departure + timedelta(days=7), adults=2
    )
    return search_packages(query, limit=1)[0]


def paid_events(db, package, n: int, tag: str) -> list[dict]:
    """`n` quotes (each for its own buyer address) and the signed-to-be Stripe event that pays each."""
    now, events = datetime.now(UTC), []
    quotes = []
    for i in range(n):
        quote = quote_document(f"q_{tag}_{i}_{uuid.uuid4().hex[:6]}", package, f"user-{tag}-{i}", now)
        quote["checkout"] = {"email": f"buyer-{tag}-{i}@example.com", "locale": "pt_BR"}
        quotes.append(quote)
    db.quotes.insert_many(quotes)
    for i, quote in enumerate(quotes):
        session = {
            "id": f"cs_{tag}_{i}_{uuid.uuid4().hex[:8]}",
            "object": "checkout.session",
            "status": "complete",
            "payment_status": "paid",
            "amount_total": quote["total_cents"],
            "currency": "brl",
            "payment_intent": f"pi_{tag}_{i}_{uuid.uuid4().hex[:8]}",
            "customer_email": quote["checkout"]["email"],
            "client_reference_id": quote["_id"],
            "metadata": {"quote_id": quote["_id"], "user_id": quote["user_id"]},
        }
        events.append(
            {
                "id": f"evt_{uuid.uuid4().hex}",
                "object": "event",
                "type": "checkout.session.completed",
                "created": int(time.time()),
                "data": {"object": session},
                "livemode": False,
            }
        )
    return events


@dataclass
class Webhook:
    url: str
    secret: str
    statuses: list[int] = field(default_factory=list)

    def deliver(self, event: dict, *, give_up_after_s: float = 120) -> int:
        """Deliver like Stripe: a fresh signature per attempt, retried with backoff until a 2xx.
        Returns how many attempts it took."""
        body, delay, deadline = json.dumps(event).encode(), 0.5, time.monotonic() + give_up_after_s
        for attempt in itertools.count(1):
            header = stripe.WebhookSignature.generate_signature_header(body.decode(), self.secret)
            try:
                status = httpx.post(
                    self.url, content=body, headers={"Stripe-Signature": header}, timeout=15
                ).status_code
            except httpx.HTTPError:
                status = 0
            self.statuses.append(status)
            if 200 <= status < 300:
                return attempt
            assert time.monotonic() < deadline, f"webhook never accepted {event['id']}: {self.statuses[-5:]}"
            time.sleep(delay)
            delay = min(delay * 2, 4.0)


@pytest.fixture(scope="package")
def webhook(faults) -> Iterator[Webhook]:
    """services.payments.webhook.receive behind uvicorn with the app's producer settings."""
    from services.payments.webhook import receive

    settings = faults.settings
    [port] = free_ports(1)
    publisher = Publisher(producer_config(settings), ack_timeout_s=settings.kafka_request_timeout_s)
    holder: dict = {}

    async def endpoint(request: Request) -> JSONResponse:
        if "purchases" not in holder:  # an AsyncMongoClient belongs to the loop it runs on
            holder["purchases"] = AsyncMongoClient(settings.mongo_url, serverSelectionTimeoutMS=3000)[
                settings.mongo_db
            ]["purchases"]
        status, answer = await receive(
            await request.body(),
            request.headers.get("stripe-signature"),
            secret=settings.stripe_webhook_secret.get_secret_value(),
            publish=publisher.publish_async,
            purchases=holder["purchases"],
        )
        return JSONResponse(answer, status_code=status)

    app = Starlette(routes=[Route("/api/stripe/webhook", endpoint, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10, "webhook server")
    yield Webhook(f"http://127.0.0.1:{port}/api/stripe/webhook", settings.stripe_webhook_secret.get_secret_value())
    server.should_exit = True
    thread.join(10)
    publisher.close(2)


def deliver_all(webhook: Webhook, events: list[dict], workers: int = 8) -> threading.Thread:
    """Deliver every event from a small pool of threads in the background, as Stripe would."""
    from concurrent.futures import ThreadPoolExecutor

    def run() -> None:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(webhook.deliver, events))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def payments_settled(db, events: list[dict]) -> dict[str, int]:
    """Counts for the invariant: purchases of these sessions, and their receipts marked sent."""
    sessions = [e["data"]["object"]["id"] for e in events]
    purchases = db.purchases.count_documents({"payment.session_id": {"$in": sessions}})
    ids = [p["_id"] for p in db.purchases.find({"payment.session_id": {"$in": sessions}}, {"_id": 1})]
    receipts = db.receipts.count_documents({"_id": {"$in": ids}, "status": "sent"})
    return {"purchases": purchases, "receipts_sent": receipts}


def receipt_mails(mailbox: Mailbox, events: list[dict]) -> dict[str, int]:
    """Receipt e-mails per buyer address (each buyer bought once, so each must be 1)."""
    from concurrent.futures import ThreadPoolExecutor

    def receipts_to(address: str) -> int:  # per address: the inbox lists only its newest 500 in all
        return sum("Compra confirmada" in m.subject for m in mailbox.messages(to=address))

    wanted = sorted({e["data"]["object"]["customer_email"] for e in events})
    with ThreadPoolExecutor(8) as pool:
        return dict(zip(wanted, pool.map(receipts_to, wanted), strict=True))


# --- users: sign-up over request/reply, confirmation links ----------------------------------------


@pytest.fixture(scope="package")
def requests_client(faults) -> Iterator[RequestClient]:
    publisher = Publisher(producer_config(faults.settings), ack_timeout_s=5)
    client = RequestClient(publisher, reply_consumer_config(faults.settings), USERS_DREAMS.name, timeout_s=5)
    yield client
    client.close()
    publisher.close(2)


CONFIRM_TOKEN = re.compile(r"/confirm/([A-Za-z0-9_\-]+)")


def confirmation_token(mailbox: Mailbox, address: str, timeout: float = 60) -> str:
    mail = mailbox.wait_for(address, subject_contains="Confirme", timeout=timeout)
    [token] = {m.group(1) for link in mail.links if (m := CONFIRM_TOKEN.search(link))}
    return token


# Each scenario's counts, printed at the end of the run (also without -s) for the closing notes.
FAULT_LINES: list[str] = []


def report(scenario: str, **counts) -> None:
    FAULT_LINES.append(f"FAULT {scenario}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    print(FAULT_LINES[-1])


def pytest_terminal_summary(terminalreporter) -> None:
    for line in FAULT_LINES:
        terminalreporter.write_line(line)
