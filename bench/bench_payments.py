"""Payments: webhook → purchase latency, and the payments worker's throughput on a backlog.

(a) 500 purchases, one at a time: a signed `checkout.session.completed` is POSTed to the webhook
    code (services.payments.webhook.receive behind uvicorn, as in the app); the clock stops when the
    purchase document appears (a Mongo change stream on `purchases`). Quotes are created directly.
(b) 5,000 confirmations are queued on `payments` while the worker is stopped; then the worker is
    started. Reported: events/s from the first purchase written until every purchase is fully
    handled (purchase upserted, packages-purchased published, receipt e-mail sent to the local mail
    server and marked), and, in the same run and server, the raw pymongo rate of upserting the same
    documents one by one (update_one + $setOnInsert) and in bulk. Ratio = worker / raw one-by-one.
The real worker process runs on a scratch database with its own consumer group. Prints JSON.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import httpx
import pymongo
import stripe
import uvicorn
from confluent_kafka import Consumer, TopicPartition
from pymongo import AsyncMongoClient, UpdateOne
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench.common import percentiles, stack_rss_mib
from devstack import kafka as kafka_component
from devstack import mailserver
from devstack import mongo as mongo_component
from services.config import ROOT, get_settings
from services.messaging.admin import admin_client, ensure_topics
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.topics import PAYMENTS
from services.packages import SearchQuery, search_packages
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from services.payments.documents import SessionView, purchase_document, quote_document
from services.payments.handlers import MAIL_CONCURRENCY
from services.payments.models import Purchase
from services.payments.receipts import receipt_email
from services.payments.store import ensure_indexes, purchase_id_for
from services.payments.webhook import receive, stripe_event_envelope

LATENCY_N, BACKLOG_N, WARMUP = 500, 5000, 20


def session_event(quote: dict, n: int) -> dict:
    session = {"id": f"cs_bench_{uuid.uuid4().hex}", "object": "checkout.session", "status": "complete",
               "payment_status": "paid", "amount_total": quote["total_cents"], "currency": "brl",
               "payment_intent": f"pi_bench_{n}_{uuid.uuid4().hex[:8]}", "customer_email": quote["_email"],
               "client_reference_id": quote["_id"], "metadata": {"quote_id": quote["_id"], "user_id": quote["user_id"]}}
    return {"id": f"evt_{uuid.uuid4().hex}", "object": "event", "type": "checkout.session.completed",
            "created": int(time.time()), "data": {"object": session}, "livemode": False}


def make_quotes(db, package, n: int, tag: str) -> list[dict]:
    now = datetime.now(UTC)
    quotes = []
    for i in range(n):
        doc = quote_document(f"q_{tag}_{i}_{uuid.uuid4().hex[:6]}", package, f"bench-user-{i % 50}", now)
        doc["checkout"] = {"email": f"bench-{i % 50}@example.com", "locale": "pt_BR"}
        quotes.append(doc)
    db.quotes.insert_many(quotes)
    for q in quotes:
        q["_email"] = q["checkout"]["email"]
    return quotes


def commit_end_offsets(settings, group: str) -> None:
    consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap_servers, "group.id": group,
                         "enable.auto.commit": False})
    try:
        parts = consumer.list_topics(PAYMENTS.name, timeout=10).topics[PAYMENTS.name].partitions
        consumer.commit(offsets=[TopicPartition(PAYMENTS.name, p, consumer.get_watermark_offsets(
            TopicPartition(PAYMENTS.name, p), 10)[1]) for p in parts], asynchronous=False)
    finally:
        consumer.close()


def start_worker(settings, db_name: str, group: str) -> subprocess.Popen:
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.log_dir / "bench-payments-worker.log", "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "kafka_workers.payments", "--group", group], cwd=ROOT,
                                env={**os.environ, "MONGO_DB": db_name, "LOG_LEVEL": "WARNING"},
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    admin, deadline = admin_client(settings), time.monotonic() + 60
    while True:
        info = admin.describe_consumer_groups([group], request_timeout=5)[group].result(10)
        if info.members and info.state.name == "STABLE":
            return proc
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("payments worker did not join its group")
        time.sleep(0.1)


def stop_worker(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(30)


def webhook_server(settings, publisher: Publisher, port: int) -> uvicorn.Server:
    holder: dict = {}
    secret = settings.stripe_webhook_secret.get_secret_value()

    async def endpoint(request: Request) -> JSONResponse:
        if "purchases" not in holder:
            holder["purchases"] = AsyncMongoClient(settings.mongo_url)[settings.mongo_db]["purchases"]
        status, body = await receive(await request.body(), request.headers.get("stripe-signature"), secret=secret,
                                     publish=publisher.publish_async, purchases=holder["purchases"])
        return JSONResponse(body, status_code=status)

    server = uvicorn.Server(uvicorn.Config(Starlette(routes=[Route("/webhook", endpoint, methods=["POST"])]),
                                           host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def latency(settings, db, package, publisher) -> dict:
    """(a): signed webhook accepted → purchase document exists (polled by _id every millisecond)."""
    port = 18000 + os.getpid() % 1000
    server = webhook_server(settings, publisher, port)
    secret = settings.stripe_webhook_secret.get_secret_value()
    quotes = make_quotes(db, package, LATENCY_N + WARMUP, "lat")
    samples, http = [], httpx.Client(timeout=30)
    for i, quote in enumerate(quotes):
        event = session_event(quote, i)
        body = json.dumps(event).encode()
        header = stripe.WebhookSignature.generate_signature_header(body.decode(), secret)
        pid = purchase_id_for(event["data"]["object"]["id"])
        began = time.perf_counter()
        answer = http.post(f"http://127.0.0.1:{port}/webhook", content=body, headers={"Stripe-Signature": header})
        assert answer.status_code == 200, answer.text
        while db.purchases.find_one({"_id": pid}, {"_id": 1}) is None:
            if time.perf_counter() - began > 30:
                raise RuntimeError(f"purchase {pid} never written")
            time.sleep(0.001)
        if i >= WARMUP:
            samples.append((time.perf_counter() - began) * 1000)
    server.should_exit = True
    return percentiles(samples)


def mail_rate(settings, package, n: int = 400) -> float:
    """The local mail server's own rate for these receipts at the worker's concurrency (its bound)."""
    quote = quote_document("q_mail", package, "u", datetime.now(UTC))
    session = SessionView(id="cs_mail", payment_status="paid", amount_total=quote["total_cents"], currency="brl",
                          customer_email="mail-bench@example.com")
    mail = receipt_email(Purchase.from_doc(purchase_document(quote, session, "evt", int(time.time()),
                                                             datetime.now(UTC))), settings.public_url)
    sender = SendGridEmailSender.from_settings(settings)
    began = time.perf_counter()
    with ThreadPoolExecutor(MAIL_CONCURRENCY) as pool:
        list(pool.map(lambda _: sender.send(mail), range(n)))
    return n / (time.perf_counter() - began)


def backlog(settings, db, package, publisher, db_name: str, group: str, proc: subprocess.Popen) -> dict:
    """(b): the worker stopped, 5,000 confirmations queued, the worker started."""
    stop_worker(proc)
    quotes = make_quotes(db, package, BACKLOG_N, "backlog")
    events = [session_event(q, i) for i, q in enumerate(quotes)]
    futures = [publisher.send(PAYMENTS.name, stripe_event_envelope(e), key=e["data"]["object"]["id"]) for e in events]
    for f in futures:
        f.result(30)
    started = time.perf_counter()
    proc = start_worker(settings, db_name, group)
    joined = time.perf_counter()
    first = None
    handled_before = db.stripe_events.estimated_document_count()
    while True:  # cheap polls: collection counts (stripe_events is written last in each batch)
        if first is None and db.purchases.estimated_document_count() > handled_before:
            first = (time.perf_counter(), db.purchases.estimated_document_count() - handled_before)
        if db.stripe_events.estimated_document_count() - handled_before >= BACKLOG_N:
            break
        if time.perf_counter() - started > 600:
            raise RuntimeError("backlog not drained in 10 minutes")
        time.sleep(0.02)
    done = time.perf_counter()
    worker_rate = (BACKLOG_N - first[1]) / (done - first[0])

    # Raw pymongo: the same documents, same server, a scratch collection; one by one, then in bulk.
    now = datetime.now(UTC)
    docs = [purchase_document(q, SessionView.model_validate(e["data"]["object"]), e["id"], e["created"], now)
            for q, e in zip(quotes, events)]
    raw = db["raw_purchases"]
    raw.create_index("payment.session_id", unique=True)
    t = time.perf_counter()
    for doc in docs:
        raw.update_one({"_id": doc["_id"]}, {"$setOnInsert": doc}, upsert=True)
    raw_rate = BACKLOG_N / (time.perf_counter() - t)
    raw.drop()
    raw.create_index("payment.session_id", unique=True)
    t = time.perf_counter()
    for i in range(0, BACKLOG_N, 500):
        raw.bulk_write([UpdateOne({"_id": d["_id"]}, {"$setOnInsert": d}, upsert=True) for d in docs[i:i + 500]],
                       ordered=False)
    bulk_rate = BACKLOG_N / (time.perf_counter() - t)
    sent = db.purchases.count_documents({"receipt.status": "sent"})
    return {"events": BACKLOG_N, "receipts_sent": sent - LATENCY_N - WARMUP, "worker_join_s": round(joined - started, 2),
            "worker_events_per_s": round(worker_rate, 1),
            "worker_events_per_s_incl_startup": round(BACKLOG_N / (done - started), 1),
            "raw_upsert_one_by_one_per_s": round(raw_rate, 1), "raw_bulk_upsert_per_s": round(bulk_rate, 1),
            "ratio_vs_one_by_one": round(worker_rate / raw_rate, 3),
            "ratio_vs_bulk": round(worker_rate / bulk_rate, 3), "goal_ratio": 0.5, "worker": proc}


def main() -> None:
    base = get_settings()
    kafka_component.ensure(base)
    mongo_component.ensure(base)
    mailserver.ensure(base)
    ensure_topics(base)
    db_name = f"bench_payments_{uuid.uuid4().hex[:8]}"
    settings = base.model_copy(update={"mongo_db": db_name})
    client = pymongo.MongoClient(settings.mongo_url, tz_aware=True)
    db = client[db_name]
    ensure_indexes(db)
    departure = date.today() + timedelta(days=60)
    package = search_packages(SearchQuery(origin="GRU", destination="LIS", departure=departure,
                                          return_date=departure + timedelta(days=7), adults=2), limit=1)[0]
    publisher = Publisher(producer_config(settings))
    group = f"payments-bench-{uuid.uuid4().hex[:8]}"
    commit_end_offsets(settings, group)
    proc = start_worker(settings, db_name, group)
    try:
        result = {"benchmark": "payments", "webhook_to_purchase": latency(settings, db, package, publisher)}
        result["backlog"] = backlog(settings, db, package, publisher, db_name, group, proc)
        result["backlog"]["mail_server_sends_per_s"] = round(mail_rate(settings, package), 1)
        proc = result["backlog"].pop("worker")
        result["rss_mib"] = stack_rss_mib(settings, {"payments_worker": proc.pid, "bench": os.getpid()})
        print(json.dumps(result, indent=2))
    finally:
        if proc.poll() is None:
            stop_worker(proc)
        publisher.close()
        client.drop_database(db_name)
        client.close()


if __name__ == "__main__":
    main()
